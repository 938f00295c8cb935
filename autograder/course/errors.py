"""Bad input an instructor must fix, told in one line in the command line's language."""

from __future__ import annotations

from typing import Any

from autograder.student.i18n import t


class CourseError(Exception):
    """A problem the instructor can fix; ``str()`` is the catalogue text ``key`` with
    ``fields``, in the language chosen when it is shown (the command line prints it as
    one line, never a traceback, and exits with ``exit_code``)."""

    exit_code = 1

    def __init__(self, key: str, **fields: Any) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields

    def __str__(self) -> str:
        return t(self.key, **self.fields)
