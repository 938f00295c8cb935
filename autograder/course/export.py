"""Grades out of nbgrader's gradebook: one score per student per lesson, either language."""

from __future__ import annotations

import csv
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from autograder.build.paths import split_assignment_id


def lesson_scores(course: Path) -> tuple[list[str], dict[str, dict[str, float]]]:
    """``(lessons, {student_id: {lesson: score}})``. A student who submitted a lesson in
    both languages keeps the better score; one who submitted nothing has no entry."""
    database = course / "gradebook.db"
    if not database.is_file():
        raise FileNotFoundError(
            f"{database} does not exist: is {course} an nbgrader course directory?"
        )
    with Gradebook(f"sqlite:///{database}") as gradebook:
        lessons = sorted({split_assignment_id(a.name)[0] for a in gradebook.assignments})
        scores: dict[str, dict[str, float]] = {s.id: {} for s in gradebook.students}
        for assignment in gradebook.assignments:
            lesson, _ = split_assignment_id(assignment.name)
            for student_id, per_lesson in scores.items():
                try:
                    submission = gradebook.find_submission(assignment.name, student_id)
                except MissingEntry:
                    continue
                per_lesson[lesson] = max(per_lesson.get(lesson, 0.0), float(submission.score))
    return lessons, scores


def write_csv(course: Path, output: Path) -> int:
    """Write the gradebook as CSV (one row per student, one column per lesson, the shape
    LMS grade imports take); returns the number of students."""
    lessons, scores = lesson_scores(course)
    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student_id", *lessons])
        for student_id in sorted(scores):
            row = [scores[student_id].get(lesson, 0.0) for lesson in lessons]
            writer.writerow([student_id, *(f"{value:g}" for value in row)])
    return len(scores)
