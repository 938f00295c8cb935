"""The one list of lessons (``autograder/lessons.py``) is the lessons of ``content/``, and each
has every module a lesson needs."""

from __future__ import annotations

import collections
import importlib.util
from pathlib import Path

import pytest

from autograder import lessons
from autograder.build.paths import CONTENT, ROOT, lesson_sources
from autograder.hidden import specs

PARTS = ("reference", "mistakes", "hidden", "student.checks")
TESTS = ("tests/reference/test_{}.py", "tests/hidden/test_{}.py", "tests/student/test_checks_{}.py")


def test_the_list_is_the_lessons_of_content_in_course_order():
    on_disk = sorted(path.stem for path in CONTENT.glob("*.md"))
    assert list(lessons.MODULES) == on_disk, (
        "autograder/lessons.py and content/*.md disagree: register each lesson source in "
        "MODULES (in course order) and remove what has no source"
    )
    assert [path.stem for path in lesson_sources()] == on_disk


@pytest.mark.parametrize("lesson", list(lessons.MODULES))
def test_a_lesson_is_named_nn_topic(lesson):
    number, _, topic = lesson.partition("-")
    assert len(number) == 2 and number.isdigit() and topic, lesson
    assert lessons.MODULES[lesson].isidentifier(), lessons.MODULES[lesson]


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("lesson", list(lessons.MODULES))
def test_every_lesson_has_its_modules(lesson, part):
    name = f"autograder.{part}.{lessons.MODULES[lesson]}"
    assert importlib.util.find_spec(name) is not None, f"{lesson} has no module {name}"


def test_graded_names_are_unique_across_lessons():
    """``grading.check(name, …)`` finds an item by its name alone."""
    counts = collections.Counter(name for lesson in lessons.MODULES for name in specs(lesson))
    assert [name for name, count in counts.items() if count > 1] == []


def files_of(lesson: str) -> list[Path]:
    """A lesson's own files: its source, its modules and the tests particular to it."""
    module = lessons.MODULES[lesson]
    modules = [ROOT / "autograder" / part.replace(".", "/") / f"{module}.py" for part in PARTS]
    tests = [ROOT / test.format(module) for test in TESTS]
    return [CONTENT / f"{lesson}.md", *modules, *(path for path in tests if path.is_file())]


@pytest.mark.parametrize("lesson", list(lessons.MODULES))
def test_nothing_is_left_to_do(lesson):
    """A lesson that `backprop new-lesson` wrote fails here until every TODO is written."""
    left = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in files_of(lesson)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "TODO" in line
    ]
    assert not left, f"{lesson} still has a TODO: {', '.join(left)}"
