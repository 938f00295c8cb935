"""The hub's class list: the course roster plus a ``role`` column (student or instructor);
every id must also be a valid Unix user name, since each person gets their own account."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from autograder.course.roster import RosterError, Student, read_roster

ROLES = ("student", "instructor")
# useradd's portable user names: lower case, digits, '_' and '-', not starting with '-'.
UNIX_NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")


@dataclass(frozen=True)
class Member:
    """One person on the hub: their roster entry and their role."""

    student: Student
    role: str = "student"

    @property
    def name(self) -> str:
        return self.student.id

    @property
    def lang(self) -> str:
        return self.student.lang


def read_members(path: Path) -> list[Member]:
    """Everyone in the roster CSV ``path`` with their role (``student`` when the column is
    missing or empty). Raises :class:`RosterError` naming the line to fix."""
    students = read_roster(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        column = next((c for c in reader.fieldnames or [] if c.strip().lower() == "role"), None)
        roles = [(row.get(column) or "").strip().lower() if column else "" for row in reader]
    members = []
    for line, (student, role) in enumerate(zip(students, roles, strict=True), start=2):
        role = role or "student"
        if role not in ROLES:
            raise RosterError("cli.roster.bad_role", path=path, line=line, role=role)
        if not UNIX_NAME.match(student.id):
            raise RosterError("cli.roster.bad_unix_name", path=path, line=line, id=student.id)
        members.append(Member(student, role))
    if not any(m.role == "instructor" for m in members):
        raise RosterError("cli.roster.no_instructor", path=path)
    return members
