"""Synthetic student submissions of lesson 01, built from the released notebook."""

from __future__ import annotations

from itertools import cycle

import nbformat

from autograder.build.paths import LESSONS, SOLUTIONS
from autograder.hidden.gradient_descent import SPECS
from autograder.mistakes import Mistake, mistakes_for

LESSON = "01-gradient-descent"
NOTEBOOK = f"{LESSON}.ipynb"


def points_of(lang: str) -> dict[str, int]:
    """Points of each graded function, read from the solution notebook's test cells."""
    nb = nbformat.read(SOLUTIONS / lang / NOTEBOOK, as_version=4)
    meta = [c.metadata["nbgrader"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    return {m["grade_id"].removeprefix("test_"): m["points"] for m in meta}


def answered(lang: str, mistakes: tuple[Mistake, ...] = ()) -> nbformat.NotebookNode:
    """The released student notebook with every answer cell filled in: correctly, except
    for the functions given a catalogued mistake."""
    student = nbformat.read(LESSONS / lang / NOTEBOOK, as_version=4)
    solution = nbformat.read(SOLUTIONS / lang / NOTEBOOK, as_version=4)
    answers = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in solution.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    answers.update({m.function: m.source_as(m.function) for m in mistakes})
    for cell in student.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers and cell.metadata["nbgrader"]["solution"]:
            cell.source = answers[grade_id]
    return student


def mistaken_students() -> list[tuple[str, str, tuple[Mistake, ...]]]:
    """Every catalogued mistake, two per notebook (one graded function always stays right,
    so the score is partial), alternating languages."""
    queues = {name: list(mistakes_for(name)) for name in SPECS}
    students, langs = [], cycle(["en", "zh"])
    while any(queues.values()):
        pair = sorted(queues, key=lambda name: -len(queues[name]))[:2]
        chosen = tuple(queues[name].pop(0) for name in pair if queues[name])
        students.append((f"mistaken{len(students) + 1:02d}", next(langs), chosen))
    return students
