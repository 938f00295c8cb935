"""`backprop new-lesson NN-topic`: every file a lesson needs, which the generic tests pick up
and which fail until each TODO is written; bad input is one line, and writes nothing."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.build import paths, scaffold
from autograder.build.paths import ROOT
from autograder.student.i18n import entries
from tests.test_cli import CHINESE, invoke, refused

LESSON, MODULE, ITEM = "09-attention", "attention", "attention_example"
# What the generic tests and the build read of a repository tree.
TREE = ("autograder", "content", "tests", "pyproject.toml")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "screenshots")


def copy_of_the_tree(target: Path, parts: tuple[str, ...] = TREE) -> Path:
    for part in parts:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=IGNORED)
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / part)
    return target


@pytest.fixture
def small_tree(tmp_path, monkeypatch):
    """A tree holding only what `new-lesson` reads and changes; the command writes there."""
    tree = copy_of_the_tree(tmp_path / "repo", ("autograder/lessons.py",))
    monkeypatch.setattr(paths, "ROOT", tree)
    return tree


def registered(tree: Path) -> dict[str, str]:
    text = (tree / "autograder" / "lessons.py").read_text(encoding="utf-8")
    (assignment,) = [
        node
        for node in ast.parse(text).body
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "MODULES"
    ]
    return ast.literal_eval(assignment.value)


def test_every_file_is_written_and_the_lesson_registered(small_tree):
    before = registered(small_tree)
    result = invoke("new-lesson", LESSON)
    assert result.exit_code == 0, result.output
    assert registered(small_tree) == {**before, LESSON: MODULE}
    assert list(registered(small_tree)) == sorted(registered(small_tree))  # course order
    for relative in {**scaffold.lesson_files(LESSON), **scaffold.catalogue_files(LESSON)}:
        path = small_tree / relative
        assert path.is_file() and relative in result.output
        assert "TODO" in path.read_text(encoding="utf-8"), relative
        if path.suffix == ".py":
            compile(path.read_text(encoding="utf-8"), str(path), "exec")
    student = entries((small_tree / f"autograder/student/catalogue/{MODULE}.toml").read_text())
    grader = entries((small_tree / f"autograder/catalogue/{MODULE}.toml").read_text())
    assert set(student) == {f"check.{MODULE}.example_ok"}
    assert set(grader) == {f"mistake.{ITEM}.todo.name", f"mistake.{ITEM}.todo.hint"}


@pytest.mark.parametrize(
    ("lesson", "words"),
    [
        ("9-attention", "is not a lesson name"),
        ("09_attention", "is not a lesson name"),
        ("09-Attention", "is not a lesson name"),
        ("09-class", "is not a lesson name"),  # `class` is no module name
        ("01-gradient-descent", "exists already"),
        ("09-gradient-descent", "is lesson 01-gradient-descent's"),  # its module name
        ("01-attention", "taken by lesson 01-gradient-descent"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(small_tree, lesson, words):
    before = {path: path.read_bytes() for path in small_tree.rglob("*") if path.is_file()}
    assert words in refused("new-lesson", lesson)
    after = {path: path.read_bytes() for path in small_tree.rglob("*") if path.is_file()}
    assert after == before


def test_a_bad_name_in_chinese(small_tree):
    assert "不是合法的课程名称" in refused("new-lesson", "9-x", env=CHINESE)
    assert "已被课程01-gradient-descent占用" in refused("new-lesson", "01-x", env=CHINESE)


def test_a_file_in_the_way_stops_before_anything_is_written(small_tree):
    (small_tree / "content").mkdir()
    (small_tree / "content" / f"{LESSON}.md").write_text("mine\n", encoding="utf-8")
    assert "exists already" in refused("new-lesson", LESSON)
    assert LESSON not in registered(small_tree)
    assert not (small_tree / "autograder" / "reference" / f"{MODULE}.py").exists()


def run(tree: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(tree), "BACKPROP_LANG": "en"}
    return subprocess.run(
        [sys.executable, *args], cwd=tree, env=env, capture_output=True, text=True, timeout=300
    )


BUILD_ONE = f"""
import shutil
from pathlib import Path
from autograder import lessons
from autograder.build.notebooks import build_solutions, release_notebooks

print(lessons.MODULES[{LESSON!r}])
only = Path("only-new")
only.mkdir()
shutil.copyfile("content/{LESSON}.md", only / "{LESSON}.md")
build_solutions(only, Path("built/solutions"))
release_notebooks(Path("built/solutions"), Path("built/lessons"))
"""

GENERIC = (
    "tests/test_lessons.py",
    "tests/hidden/test_mistakes_named.py",
    "tests/student/test_public_checks.py",
    "tests/student/test_i18n.py",
    "tests/mistakes/test_catalogue.py",
    f"tests/reference/test_{MODULE}.py",
    f"tests/hidden/test_{MODULE}.py",
    f"tests/student/test_checks_{MODULE}.py",
)


@pytest.mark.slow  # a copy of the tree, one lesson built with nbgrader, pytest run in it
def test_the_generic_tests_pick_the_new_lesson_up_and_fail_on_its_todos(tmp_path):
    tree = copy_of_the_tree(tmp_path / "repo")
    made = run(tree, "-m", "autograder", "new-lesson", LESSON)
    assert made.returncode == 0, made.stderr

    built = run(tree, "-c", BUILD_ONE)
    assert built.returncode == 0, built.stderr
    assert built.stdout.split() == [MODULE]  # lessons.MODULES sees it
    for folder in ("solutions", "lessons"):
        for lang in ("en", "zh"):
            notebook = (tree / "built" / folder / lang / f"{LESSON}.ipynb").read_text("utf-8")
            assert f'"grade_id": "test_{ITEM}"' in notebook

    tested = run(
        tree,
        *("-m", "pytest", *GENERIC, "--lesson", "09", "-n", "0", "-p", "no:cacheprovider"),
        *("-q", "-rA", "-m", "not slow"),
    )
    outcome = dict(
        reversed(line.split(" ", 2)[:2])
        for line in tested.stdout.splitlines()
        if re.match(r"(PASSED|FAILED|ERROR) ", line)
    )
    assert tested.returncode == 1, tested.stdout[-3000:]
    failed = {test for test, result in outcome.items() if result != "PASSED"}
    # Each generic collection includes the lesson, and fails until its TODOs are written.
    assert {
        f"tests/test_lessons.py::test_nothing_is_left_to_do[{LESSON}]",
        f"tests/student/test_i18n.py::test_no_text_of_a_lesson_is_left_to_do[{LESSON}]",
        f"tests/hidden/test_mistakes_named.py::test_reference_passes[{ITEM}]",
        f"tests/hidden/test_mistakes_named.py::test_every_mutant_is_caught_and_named[{ITEM}-todo-en]",
        f"tests/student/test_public_checks.py::test_reference_passes_with_one_line[{ITEM}]",
        f"tests/reference/test_{MODULE}.py::test_{ITEM}_is_written",
        f"tests/hidden/test_{MODULE}.py::test_the_reference_passes",
        f"tests/student/test_checks_{MODULE}.py::test_the_reference_passes",
    } <= failed, tested.stdout[-3000:]
    # What holds already: the modules are there, an untouched answer gets its message, the
    # mistake's texts sit with the lesson on the grader side.
    assert (
        outcome[
            "tests/mistakes/test_catalogue.py::"
            f"test_a_lessons_mistakes_sit_with_the_lesson_on_the_grader_side[{LESSON}]"
        ]
        == "PASSED"
    )
    assert (
        outcome[f"tests/test_lessons.py::test_every_lesson_has_its_modules[{LESSON}-reference]"]
        == "PASSED"
    )
    assert (
        outcome[
            "tests/student/test_public_checks.py::"
            f"test_untouched_exercise_gets_a_message_in_the_lesson_language[{ITEM}-zh]"
        ]
        == "PASSED"
    )
    # No other lesson's test runs, and none of this lesson's is lost to an import error.
    assert not [test for test in outcome if "gradient_descent" in test]
    assert "ERROR" not in outcome.values()
