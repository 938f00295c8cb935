"""The hidden tests' data (instructors only): per lesson, the hidden cases of each graded item.

Each lesson's module (e.g. ``autograder.hidden.gradient_descent``) defines ``SPECS``, one
:class:`~autograder.spec.Spec` per graded function, and ``NOTEBOOK_NAMESPACE``, the names a
solution cell expects the notebook to define. Judging a submission with them is
:mod:`autograder.grading`'s (whose ``check`` the hidden test cells call).
"""

from __future__ import annotations

from typing import Any

from autograder import lessons
from autograder.spec import Spec


def specs(lesson: str) -> dict[str, Spec]:
    """The graded functions of one lesson, by name."""
    return lessons.module("hidden", lesson).SPECS


def notebook_namespace(lesson: str) -> dict[str, Any]:
    """What a solution cell of ``lesson`` uses from the notebook: given code, earlier answers."""
    return dict(lessons.module("hidden", lesson).NOTEBOOK_NAMESPACE)


def items_of_answer(answer: str) -> list[Spec]:
    """The graded items of the answer cell with grade id ``answer`` (its mistakes are
    registered under that id): one item, or several for a cell graded part by part."""
    return [spec for spec in all_specs().values() if spec.answer_id == answer]


def all_specs() -> dict[str, Spec]:
    """Every graded function of the course, by name."""
    return {name: spec for lesson in lessons.MODULES for name, spec in specs(lesson).items()}
