"""Where the course's files live, and how lessons and assignments are named."""

from __future__ import annotations

from pathlib import Path

from autograder import lessons
from autograder.student.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
SOLUTIONS = ROOT / "solutions"
LESSONS = ROOT / "lessons"


def lesson_sources(content: Path = CONTENT) -> list[Path]:
    """The source of every lesson of :data:`autograder.lessons.MODULES` that ``content`` holds,
    in course order (``content/`` holds them all: tests/test_lessons.py)."""
    paths = (content / f"{lesson}.md" for lesson in lessons.MODULES)
    return [path for path in paths if path.is_file()]


def lesson_name(source: Path) -> str:
    """``01-gradient-descent`` for ``content/01-gradient-descent.md``."""
    return source.stem


def assignment_id(lesson: str, lang: str) -> str:
    """One nbgrader assignment per lesson and language, e.g. ``01-gradient-descent-zh``."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    return f"{lesson}-{lang}"


def split_assignment_id(assignment: str) -> tuple[str, str]:
    """Inverse of :func:`assignment_id`: ``(lesson, lang)``."""
    lesson, _, lang = assignment.rpartition("-")
    if lang not in LANGUAGES or not lesson:
        raise ValueError(f"{assignment!r} is not of the form <lesson>-<language>")
    return lesson, lang
