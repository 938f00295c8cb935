"""The class list: read from the CSV an instructor has, kept in nbgrader's gradebook, and
(for what the gradebook has no column for, the preferred language) in ``roster.csv``."""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from autograder.course.errors import CourseError
from autograder.course.gradebook import open_gradebook
from autograder.student.i18n import LANGUAGES

ROSTER = "roster.csv"
_ALIASES = {
    "id": ("id", "student_id", "username"),
    "first_name": ("first_name", "given_name"),
    "last_name": ("last_name", "family_name", "surname"),
    "name": ("name", "full_name"),
    "email": ("email", "e-mail", "mail"),
    "lang": ("lang", "language", "preferred_language"),
    "lms_id": ("lms_id", "lms_user_id", "canvas_id", "moodle_id"),
}


class RosterError(CourseError, ValueError):
    """The roster file cannot be used; the message names the line and what to fix."""


@dataclass(frozen=True)
class Student:
    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lang: str = "en"
    lms_id: str = ""


def read_roster(path: Path) -> list[Student]:
    """Students from a CSV with a header row: ``id`` and optionally ``first_name``,
    ``last_name`` (or one ``name``), ``email``, ``lang`` (en or zh) and ``lms_id``."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = _columns(list(reader.fieldnames or []), path)
            students: list[Student] = []
            seen: set[str] = set()
            for line, row in enumerate(reader, start=2):
                value = {key: (row.get(column) or "").strip() for key, column in columns.items()}
                students.append(_student(value, path, line, seen))
    except (UnicodeDecodeError, csv.Error) as error:
        raise RosterError("cli.roster.unreadable", path=path, reason=str(error)) from None
    return students


def _columns(header: list[str], path: Path) -> dict[str, str]:
    lowered = {name.strip().lower(): name for name in header}
    found = {}
    for key, aliases in _ALIASES.items():
        for alias in aliases:
            if alias in lowered:
                found[key] = lowered[alias]
                break
    if "id" not in found:
        raise RosterError("cli.roster.no_id_column", path=path, found=", ".join(header))
    return found


def _student(value: dict[str, str], path: Path, line: int, seen: set[str]) -> Student:
    sid = value["id"]
    if not sid or "/" in sid or sid.startswith("."):
        raise RosterError("cli.roster.bad_id", path=path, line=line, id=sid)
    if sid in seen:
        raise RosterError("cli.roster.duplicate", path=path, line=line, id=sid)
    seen.add(sid)
    lang = (value.get("lang") or "en").lower()
    lang = {"english": "en", "chinese": "zh", "中文": "zh", "zh-cn": "zh"}.get(lang, lang)
    if lang not in LANGUAGES:
        raise RosterError("cli.roster.bad_language", path=path, line=line, language=lang)
    first, last = value.get("first_name", ""), value.get("last_name", "")
    if not (first or last) and value.get("name"):
        first, _, last = value["name"].rpartition(" ") if " " in value["name"] else ("", "", "")
        first, last = (first, last) if first else (value["name"], "")
    return Student(sid, first, last, value.get("email", ""), lang, value.get("lms_id", ""))


def import_roster(course: Path, students: list[Student]) -> None:
    """Add or update every student in the gradebook, and keep the whole roster."""
    with open_gradebook(course) as gradebook:
        for s in students:
            gradebook.update_or_create_student(
                s.id,
                first_name=s.first_name,
                last_name=s.last_name,
                email=s.email or None,
                lms_user_id=s.lms_id or None,
            )
    known = load_roster(course)
    known.update({s.id: s for s in students})
    with (course / ROSTER).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, [f.name for f in fields(Student)])
        writer.writeheader()
        writer.writerows(asdict(s) for s in known.values())


def load_roster(course: Path) -> dict[str, Student]:
    """The roster kept in ``course`` (empty if none was imported)."""
    path = course / ROSTER
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: Student(**row) for row in csv.DictReader(handle)}
