"""Broken, slow and hostile submissions graded with real nbgrader beside honest students:
each earns only what it earned, and nobody else's grade changes."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import nbformat
import pytest

from autograder.build.paths import LESSONS, SOLUTIONS
from autograder.course.autograde import autograde_lesson, summary
from autograder.course.export import lesson_scores
from autograder.course.synthetic import answered, notebook, one_lesson_course, place
from tests.markers import needs_bubblewrap

LESSON = "01-gradient-descent"
POINTS = {"gradient_descent": 3, "mse_gradient": 3, "minibatch_sgd": 4}
FULL = sum(POINTS.values())

pytestmark = [
    pytest.mark.slow,
    needs_bubblewrap,
]


def with_answer(lang: str, item: str, source: str) -> nbformat.NotebookNode:
    """A correct notebook, except that the answer cell of ``item`` holds ``source``."""
    nb = answered(LESSON, lang)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == item:
            cell.source = source
    return nb


def solution_of(item: str) -> str:
    """The solution's answer cell of ``item``."""
    cells = notebook(SOLUTIONS, LESSON, "en").cells
    return next(c.source for c in cells if c.metadata.get("nbgrader", {}).get("grade_id") == item)


WRONG_GD = (
    "def gradient_descent(grad, w0, lr, n_steps):\n    return np.zeros((n_steps + 1, len(w0)))\n"
)


def hostile_students(course: Path) -> dict[str, tuple[nbformat.NotebookNode | bytes, float]]:
    """student id -> (what they submit, the score they must get)."""
    db = course / "gradebook.db"
    honest_file = course / "submitted" / "honest_en" / f"{LESSON}-en" / f"{LESSON}.ipynb"
    return {
        "honest_en": (answered(LESSON, "en"), FULL),
        "honest_zh": (answered(LESSON, "zh"), FULL),
        "patches_allclose": (
            with_answer(
                "en",
                "gradient_descent",
                "import numpy as np\nnp.allclose = lambda *a, **k: True\n"
                "np.array_equal = lambda *a, **k: True\n" + WRONG_GD,
            ),
            FULL - POINTS["gradient_descent"],
        ),
        "equal_to_everything": (
            with_answer(
                "en",
                "mse_gradient",
                "class Anything(float):\n    def __eq__(self, other):\n        return True\n"
                "    __ne__ = lambda self, other: False\n"
                "def mse_gradient(X, y, w, b):\n    return Anything(0), Anything(0)\n",
            ),
            FULL - POINTS["mse_gradient"],
        ),
        "imports_the_reference": (
            with_answer(
                "zh",
                "mse_gradient",
                "from autograder.reference.gradient_descent import mse_gradient\n",
            ),
            FULL - POINTS["mse_gradient"],
        ),
        "reads_the_solution": (
            with_answer(
                "en",
                "mse_gradient",
                f"exec(open({str(course / 'source')!r} + '/{LESSON}-en/{LESSON}.ipynb').read())\n",
            ),
            FULL - POINTS["mse_gradient"],
        ),
        "writes_the_gradebook": (
            with_answer(
                "en",
                "gradient_descent",
                "import sqlite3\n"
                f"con = sqlite3.connect({str(db)!r})\n"
                "con.execute('update grade set auto_score = 100')\ncon.commit()\n" + WRONG_GD,
            ),
            FULL - POINTS["gradient_descent"],
        ),
        "imports_the_hidden_tests": (
            with_answer("en", "mse_gradient", "from autograder.hidden.gradient_descent import *\n"),
            FULL - POINTS["mse_gradient"],
        ),
        "writes_another_students_folder": (
            with_answer(
                "en",
                "gradient_descent",
                f"open({str(honest_file)!r}, 'w').write('{{}}')\n" + WRONG_GD,
            ),
            FULL - POINTS["gradient_descent"],
        ),
        "kills_its_process": (
            with_answer(
                "en", "minibatch_sgd", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"
            ),
            FULL - POINTS["minibatch_sgd"],
        ),
        "exits": (
            with_answer("en", "minibatch_sgd", "import os\nos._exit(0)\n"),
            FULL - POINTS["minibatch_sgd"],
        ),
        "sys_exit_then_answer": (
            with_answer("zh", "gradient_descent", "import sys\nsys.exit(0)\n"),
            FULL - POINTS["gradient_descent"],
        ),
        "loops_forever": (
            with_answer(
                "en",
                "mse_gradient",
                "while True:\n    try:\n        pass\n    except BaseException:\n        pass\n",
            ),
            FULL - POINTS["mse_gradient"],
        ),
        "eats_memory": (
            with_answer(
                "en",
                "gradient_descent",
                "hog = []\nwhile True:\n    hog.append(bytearray(2**26))\n",
            ),
            FULL - POINTS["gradient_descent"],
        ),
        "leaves_a_child": (
            with_answer(
                "en",
                "minibatch_sgd",
                "import subprocess\nsubprocess.Popen(['sleep', '600'])\n"
                + solution_of("minibatch_sgd"),
            ),
            FULL,
        ),
        "warns_on_stderr": (
            with_answer(
                "en",
                "gradient_descent",
                "import sys, warnings\nprint('careful', file=sys.stderr)\nwarnings.warn('hm')\n"
                + solution_of("gradient_descent"),
            ),
            FULL,
        ),
        "prints_a_pass": (
            with_answer(
                "en", "gradient_descent", "print('✓ gradient_descent passed')\n" + WRONG_GD
            ),
            FULL - POINTS["gradient_descent"],
        ),
        "blank": (notebook(LESSONS, LESSON, "en"), 0),
        "invalid_json": (b"{ this is not a notebook", 0),
        "empty_file": (b"", 0),
        "not_utf8": (b'{"cells": [], "metadata": {"x": "\xff\xfe"}}', 0),
        "nbformat_v3": (
            nbformat.writes(nbformat.convert(answered(LESSON, "en"), 3)).encode(),
            FULL,
        ),
        "学生 with spaces": (answered(LESSON, "zh"), FULL),
        **{name: (edit(answered(LESSON, "en")), score) for name, (edit, score) in EDITS.items()},
    }


def _cells(nb, predicate):
    return [c for c in nb.cells if predicate(c.metadata.get("nbgrader", {}))]


def _duplicate_answers(nb):
    for cell in _cells(nb, lambda m: m.get("solution")):
        nb.cells.append(nbformat.from_dict(dict(cell)))
    return nb


def _extra_cells(nb):
    nb.cells.insert(0, nbformat.v4.new_code_cell("x = 1"))
    nb.cells.append(nbformat.v4.new_markdown_cell("my notes"))
    return nb


def _delete_tests(nb):
    nb.cells = [c for c in nb.cells if not c.metadata.get("nbgrader", {}).get("grade")]
    return nb


def _edit_tests(nb):
    for cell in _cells(nb, lambda m: m.get("grade")):
        cell.source = "print('all tests passed')"
        cell.metadata["nbgrader"]["points"] = 100
    return nb


def _rename_answer(nb):
    for cell in _cells(nb, lambda m: m.get("grade_id") == "mse_gradient"):
        cell.metadata["nbgrader"]["grade_id"] = "my_mse_gradient"
    return nb


def _wrong_kernel(nb):
    nb.metadata["kernelspec"] = {"name": "ir", "display_name": "R", "language": "R"}
    return nb


def _huge_output(nb):
    text = "x" * (20 * 2**20)
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    return nb


def _delete_answer(nb):
    nb.cells = [
        c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "mse_gradient"
    ]
    return nb


EDITS = {
    "duplicated_cells": (_duplicate_answers, FULL),
    "extra_cells": (_extra_cells, FULL),
    "deleted_test_cells": (_delete_tests, FULL),
    "edited_test_cells": (_edit_tests, FULL),
    "renamed_answer_cell": (_rename_answer, FULL - POINTS["mse_gradient"]),
    "deleted_answer_cell": (_delete_answer, FULL - POINTS["mse_gradient"]),
    "wrong_kernelspec": (_wrong_kernel, FULL),
    "huge_output": (_huge_output, FULL),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = one_lesson_course(tmp_path_factory.mktemp("hostile"), LESSON)
    students = hostile_students(course)
    for student, (content, _) in students.items():
        lang = getattr(content, "metadata", {}).get("backprop", {}).get("lang", "en")
        place(course, student, LESSON, lang, content)
    os.environ["BACKPROP_GRADE_SECONDS"] = "4"
    try:
        outcomes = autograde_lesson(course, LESSON, workers=2)
    finally:
        del os.environ["BACKPROP_GRADE_SECONDS"]
    _, scores = lesson_scores(course)
    return course, students, outcomes, scores


def test_every_student_gets_exactly_what_they_earned(graded):
    """Does each hostile, broken or honest submission get the score it earned?"""
    _, students, outcomes, scores = graded
    print(summary(outcomes))
    got = {student: scores.get(student, {}).get(LESSON, 0.0) for student in students}
    assert got == {student: expected for student, (_, expected) in students.items()}


def test_the_gradebook_holds_only_real_grades(graded):
    """Is no grade in the gradebook above its cell's points (nobody wrote to it)?"""
    course, *_ = graded
    with sqlite3.connect(course / "gradebook.db") as con:
        over = con.execute(
            "select count(*) from grade join grade_cells on grade.cell_id = grade_cells.id "
            "where grade.auto_score > grade_cells.max_score"
        ).fetchone()[0]
    assert over == 0


def test_summary_names_each_case(graded):
    """Does the summary give unreadable files and flagged submissions a line of their own?"""
    _, _, outcomes, _ = graded
    by_student = {o.student: o for o in outcomes}
    assert by_student["invalid_json"].status == "unreadable"
    assert by_student["empty_file"].status == "unreadable"
    assert by_student["not_utf8"].status == "unreadable"
    assert by_student["loops_forever"].flags == ["mse_gradient"]
    assert by_student["exits"].flags == ["minibatch_sgd"]
    assert by_student["kills_its_process"].flags == ["minibatch_sgd"]
    assert by_student["eats_memory"].flags == ["gradient_descent"]
    assert not by_student["honest_en"].flags
    text = summary(outcomes)
    assert "invalid_json" in text and "flagged: mse_gradient" in text


def test_feedback_explains_a_timeout_in_the_students_language(graded):
    """Does the autograded notebook tell a looping student what happened?"""
    course, *_ = graded
    nb = nbformat.read(
        course / "autograded" / "loops_forever" / f"{LESSON}-en" / f"{LESSON}.ipynb", as_version=4
    )
    errors = [o.evalue for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert any("time limit" in e for e in errors)
