"""Synthetic student submissions of a lesson, built from its released notebook, and a
course of one lesson to hand them in to: what the tests and the benchmarks grade."""

from __future__ import annotations

import shutil
from itertools import cycle
from pathlib import Path

import nbformat

from autograder.build.paths import LESSONS, SOLUTIONS
from autograder.course.directory import init_course
from autograder.grading import passes
from autograder.hidden import specs
from autograder.mistakes import Mistake, mistakes_for


def notebook(folder: Path, lesson: str, lang: str) -> nbformat.NotebookNode:
    """The notebook of ``lesson`` in ``lang`` under ``folder`` (``SOLUTIONS`` or ``LESSONS``)."""
    return nbformat.read(folder / lang / f"{lesson}.ipynb", as_version=4)


def points_of(lesson: str) -> dict[str, int]:
    """Points of each graded function (test cell ``test_<name>``), from the solution notebook."""
    cells = notebook(SOLUTIONS, lesson, "en").cells
    meta = [c.metadata["nbgrader"] for c in cells if c.metadata.get("nbgrader", {}).get("grade")]
    return {m["grade_id"].removeprefix("test_"): m["points"] for m in meta}


def points_lost(lesson: str, mistake: Mistake) -> int:
    """The points a mistake costs: those of every item of its answer cell that it fails."""
    points = points_of(lesson)
    return sum(
        points[name]
        for name, spec in specs(lesson).items()
        if spec.answer_id == mistake.function and not passes(spec, mistake.mutant)
    )


def answered(lesson: str, lang: str, mistakes: tuple[Mistake, ...] = ()) -> nbformat.NotebookNode:
    """The released student notebook with every answer cell filled in: correctly, except
    for the functions given a catalogued mistake."""
    student = notebook(LESSONS, lesson, lang)
    answers = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in notebook(SOLUTIONS, lesson, lang).cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    python_names = {spec.answer_id: spec.python_name for spec in specs(lesson).values()}
    answers.update({m.function: m.source_as(python_names[m.function]) for m in mistakes})
    for cell in student.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers and cell.metadata["nbgrader"]["solution"]:
            cell.source = answers[grade_id]
    return student


def mistaken_students(lesson: str) -> list[tuple[str, str, tuple[Mistake, ...]]]:
    """``(student id, language, mistakes)`` covering every catalogued mistake of the lesson,
    one per graded function and notebook while at least one graded function stays right
    (partial marks), alternating languages."""
    # Mistakes are registered per answer cell (one cell may be graded as several items).
    queues = {spec.answer_id: list(mistakes_for(spec.answer_id)) for spec in specs(lesson).values()}
    per_notebook = max(1, len(queues) - 1)
    students: list[tuple[str, str, tuple[Mistake, ...]]] = []
    langs = cycle(["en", "zh"])
    while any(queues.values()):
        chosen_names = sorted(queues, key=lambda name: -len(queues[name]))[:per_notebook]
        chosen = tuple(queues[name].pop(0) for name in chosen_names if queues[name])
        students.append((f"mistaken{len(students) + 1:02d}", next(langs), chosen))
    return students


def one_lesson_course(root: Path, lesson: str, db_url: str | None = None) -> Path:
    """An nbgrader course directory under ``root`` holding ``lesson`` alone, both languages
    (its gradebook at ``db_url``, by default SQLite in the course directory)."""
    solutions = root / "solutions"
    for lang in ("en", "zh"):
        (solutions / lang).mkdir(parents=True)
        shutil.copy(SOLUTIONS / lang / f"{lesson}.ipynb", solutions / lang)
    course = root / "course"
    init_course(course, solutions=solutions, db_url=db_url)
    return course


def place(
    course: Path, student: str, lesson: str, lang: str, content: nbformat.NotebookNode | bytes
) -> None:
    """Put a submission (a notebook, or raw bytes) where `nbgrader collect` would."""
    folder = course / "submitted" / student / f"{lesson}-{lang}"
    folder.mkdir(parents=True)
    target = folder / f"{lesson}.ipynb"
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        nbformat.write(content, target)
