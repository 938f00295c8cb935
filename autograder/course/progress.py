"""What autograde has recorded of a lesson so far, kept on disk after every submission, so
that a run stopped at any point (Ctrl-C, SIGKILL, a power cut) is finished by running it
again: it grades only the submissions that changed or were never fully recorded."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
from pathlib import Path

from autograder.course.report import verdicts_file
from autograder.grader.verdicts import Verdict

PlainVerdicts = dict[str, dict[str, str]]  # item -> {"status": …, "reason": …}


def graded_file(course: Path, lesson: str) -> Path:
    """``{submission: fingerprint}`` of every submission nbgrader has fully recorded."""
    return course / "reports" / f"{lesson}-graded.json"


def fingerprint(*paths: Path) -> str:
    """A digest of the files' contents: a changed submission (or release) is graded again."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def plain(verdicts: dict[str, Verdict]) -> PlainVerdicts:
    return {item: {"status": v.status, "reason": v.reason} for item, v in verdicts.items()}


class Progress:
    """The verdicts file the class report reads (``{submission: {item: verdict}}``) and the
    fingerprints of the submissions recorded in the gradebook, both rewritten atomically
    after each submission. Verdicts are written before the fingerprint, so a run killed in
    between grades that submission again rather than trusting half a record."""

    def __init__(self, course: Path, lesson: str) -> None:
        self.verdicts_path = verdicts_file(course, lesson)
        self.graded_path = graded_file(course, lesson)
        self.verdicts: dict[str, PlainVerdicts] = _load(self.verdicts_path)
        self.graded: dict[str, str] = _load(self.graded_path)

    def is_done(self, key: str, digest: str | None) -> bool:
        """Whether ``key`` was fully recorded with these very contents."""
        return digest is not None and self.graded.get(key) == digest and key in self.verdicts

    def record(self, key: str, verdicts: dict[str, Verdict], digest: str | None) -> None:
        """Keep ``key``'s verdicts; ``digest`` marks it fully recorded (``None``: not)."""
        self.verdicts[key] = plain(verdicts)
        _write(self.verdicts_path, self.verdicts)
        if digest is None:
            self.forget(key)
        else:
            self.graded[key] = digest
            _write(self.graded_path, self.graded)

    def forget(self, key: str) -> None:
        """Grade ``key`` again next time."""
        if self.graded.pop(key, None) is not None:
            _write(self.graded_path, self.graded)

    def keep_only(self, keys: set[str]) -> None:
        """Drop the records of submissions that are no longer there."""
        self.verdicts = {k: v for k, v in self.verdicts.items() if k in keys}
        self.graded = {k: v for k, v in self.graded.items() if k in keys}
        _write(self.verdicts_path, self.verdicts)
        _write(self.graded_path, self.graded)


def record_one(
    course: Path, lesson: str, key: str, verdicts: dict[str, Verdict], digest: str
) -> None:
    """Add one submission recorded in the gradebook (``key`` is ``student/assignment``,
    ``digest`` its :func:`fingerprint`) to the lesson's progress, as :class:`Progress` would:
    the hub's grading workers, which write at the same time as each other (never beside a
    ``backprop autograde``, which holds the course's lock alone), so that the command does
    not grade again what the service has recorded."""
    folder = verdicts_file(course, lesson).parent
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f".{lesson}.progress.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other workers read and write them too
        Progress(course, lesson).record(key, verdicts, digest)


def _load(path: Path) -> dict:
    """The JSON object in ``path``; a missing or damaged file counts as empty (its
    submissions are graded again)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(path: Path, data: dict) -> None:
    """Replace ``path`` in one step: a reader (or a rerun after a kill) sees the old file or
    the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        # As open() would make it (mkstemp's is 0600): the hub's service writes it as root
        # for the graders' group to read.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
