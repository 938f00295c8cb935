"""Grades out of nbgrader's gradebook: one score per student per lesson, either language."""

from __future__ import annotations

import csv
from pathlib import Path

from nbgrader.api import MissingEntry

from autograder.build.paths import split_assignment_id
from autograder.course.gradebook import open_gradebook


def lesson_scores(course: Path) -> tuple[list[str], dict[str, dict[str, float]]]:
    """``(lessons, {student_id: {lesson: score}})``. A student who submitted a lesson in
    both languages keeps the better score; one who submitted nothing has no entry."""
    with open_gradebook(course) as gradebook:
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


FORMATS = ("plain", "canvas", "moodle")


def write_csv(course: Path, output: Path, fmt: str = "plain") -> int:
    """Write the gradebook as CSV, one row per student and one column per lesson, in the
    shape an LMS grade import takes; returns the number of students.

    ``plain``: ``student_id`` and the lessons. ``canvas``: Canvas's gradebook columns
    (Student, ID, SIS User ID, SIS Login ID, Section), matched by SIS User ID = student id.
    ``moodle``: ID number, Email address, First name, Last name; map "ID number" (or the
    e-mail) as the identifier in Moodle's CSV grade import."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    lessons, scores = lesson_scores(course)
    people = _people(course)
    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*_HEADERS[fmt], *lessons])
        for student_id in sorted(scores):
            row = [scores[student_id].get(lesson, 0.0) for lesson in lessons]
            person = people[student_id]
            writer.writerow([*_identity(fmt, student_id, person), *(f"{v:g}" for v in row)])
    return len(scores)


_HEADERS = {
    "plain": ["student_id"],
    "canvas": ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"],
    "moodle": ["ID number", "Email address", "First name", "Last name"],
}


def _people(course: Path) -> dict[str, dict[str, str]]:
    with open_gradebook(course) as gradebook:
        return {
            s.id: {
                "first": s.first_name or "",
                "last": s.last_name or "",
                "email": s.email or "",
                "lms": s.lms_user_id or "",
            }
            for s in gradebook.students
        }


def _identity(fmt: str, student_id: str, person: dict[str, str]) -> list[str]:
    if fmt == "canvas":
        name = ", ".join(part for part in (person["last"], person["first"]) if part)
        return [name or student_id, person["lms"], student_id, person["email"], ""]
    if fmt == "moodle":
        return [student_id, person["email"], person["first"], person["last"]]
    return [student_id]
