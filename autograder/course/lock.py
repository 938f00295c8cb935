"""One instructor command at a time on a course: an advisory lock on a file in the course
directory, held by every command that writes submissions or the gradebook."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from autograder.errors import CourseError

LOCK_FILE = ".backprop.lock"
WAIT_SECONDS = 10.0  # long enough for a command that is just finishing, short enough to ask


class CourseBusy(CourseError):
    """Another command holds the course's lock (the message names it)."""

    def __init__(self, course: Path, holder: str) -> None:
        super().__init__("cli.error.course_busy", course=course, holder=holder or "?")


@contextmanager
def course_lock(
    course: Path, command: str, wait: float | None = None, shared: bool = False
) -> Iterator[None]:
    """Hold ``course``'s lock while ``command`` runs, waiting up to ``wait`` seconds
    (default :data:`WAIT_SECONDS`) for another command to finish; else :class:`CourseBusy`.
    With ``shared``, others that hold it shared too may hold it at once (the hub's grading
    workers, each on its own student's folders), any other command none. The kernel drops
    the lock when its process ends, however it ends (SIGKILL included), so no lock is ever
    left stale."""
    path = course / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        deadline = time.monotonic() + (WAIT_SECONDS if wait is None else wait)
        while True:
            try:
                fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
                    raise CourseBusy(course, holder) from None
                time.sleep(0.2)
        # Who holds it, for the message a second command prints.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"backprop {command} (pid {os.getpid()})".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock
