"""One submission from the exchange, graded as ``backprop autograde`` grades it, recorded in
nbgrader's gradebook, and its feedback released as ``backprop feedback`` releases it. Runs
in a worker process of the grading service."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import pwd
import shutil
import signal
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from nbgrader.api import MissingEntry
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import notebook_hash
from traitlets.config import Config

from autograder import lessons
from autograder.build.release import COURSE_ID
from autograder.course import autograde
from autograder.course import settings as course_settings
from autograder.course.gradebook import open_gradebook, quiet_add_submission, share_engines
from autograder.course.lock import CourseBusy, course_lock
from autograder.course.progress import fingerprint, record_one
from autograder.student.i18n import LANGUAGES

ATTEMPTS = "attempts"  # course/attempts/<student>/<assignment>/<timestamp>/: every submission
# A worker holds the course's lock only while it writes (submitted/, the gradebook, the
# feedback: a second or so), so the service never keeps `backprop autograde`, `collect` or
# `feedback` out for long; `export` and `report` only read and need no lock. While one of
# those commands runs, the worker waits for it this long, then leaves the submission for
# the service to grade again (CourseBusy).
LOCK_WAIT_SECONDS = 300.0


@dataclass(frozen=True)
class Inbound:
    """A submission folder in the exchange's inbound: ``student+assignment+time+random``."""

    path: Path
    student: str
    assignment: str
    timestamp: str

    @property
    def key(self) -> str:
        return f"{self.student}+{self.assignment}+{self.timestamp}"

    @property
    def lesson(self) -> str:
        return self.assignment.rsplit("-", 1)[0]

    @property
    def lang(self) -> str:
        return self.assignment.rsplit("-", 1)[1]


def parse_inbound(path: Path) -> Inbound | None:
    """The submission ``path`` names, or None if it is not a submission of a lesson."""
    parts = path.name.split("+")
    if len(parts) != 4 or not path.is_dir():
        return None
    student, assignment, timestamp, _ = parts
    lesson, _, lang = assignment.rpartition("-")
    if lesson not in lessons.MODULES or lang not in LANGUAGES:
        return None
    return Inbound(path, student, assignment, timestamp)


@dataclass
class Result:
    """What the service writes into its ledger for one submission."""

    key: str
    student: str
    assignment: str
    timestamp: str
    status: str  # graded | unreadable | failed | over_limit | busy (never in the ledger)
    score: float = 0.0
    max_score: float = 0.0
    flags: list[str] = field(default_factory=list)
    mistakes: list[str] = field(default_factory=list)
    feedback: str = "none"  # released | pending | none
    detail: str = ""
    graded_at: str = ""
    seconds: float = 0.0  # spent by the worker: grading, recording, feedback
    cpu: float = 0.0  # the worker's own CPU seconds for it (the sandbox's apart)

    def line(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def of(cls, sub: Inbound, status: str, **fields: Any) -> Result:
        """The result with ``status`` of the submission ``sub``."""
        return cls(sub.key, sub.student, sub.assignment, sub.timestamp, status, **fields)


def worker_init() -> None:
    """In each worker: die with the service, so that a restarted service never grades beside
    a worker of the one before it."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass
    share_engines()
    quiet_add_submission()
    # Start the sandbox now, not when the first student is waiting for feedback.
    from autograder.grader import preprocessor

    preprocessor.shared_sandbox()


def warm() -> int:
    """A task that makes the pool start a worker (the pool starts them on demand)."""
    return os.getpid()


def grading_api(course: Path, exchange: Path) -> NbGraderAPI:
    """nbgrader's API on the hub's course, sharing the exchange with the graders' group."""
    config = course_settings.apply(Config())
    config.CourseDirectory.root = str(course)
    config.CourseDirectory.groupshared = True
    config.Exchange.root = str(exchange)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def grade_submission(
    course: Path,
    exchange: Path,
    sub: Inbound,
    *,
    release: bool,
    best: tuple[str, float] | None = None,
) -> Result:
    """Grade ``sub``: copy it into ``submitted/`` (as ``nbgrader collect`` does), grade it
    with the course's autograde, and, when ``release``, write and release its feedback.
    ``best`` (the "best" policy) is the timestamp and score of the student's best earlier
    attempt: if this one scores less, that attempt is recorded again in its place. Status
    ``busy``: an instructor's command kept the course's lock; the service grades it again."""
    started, cpu = time.perf_counter(), time.process_time()
    try:
        result = _grade_and_release(course, exchange, sub, release=release, best=best)
    except CourseBusy as error:  # told here: a CourseError does not cross processes
        result = Result.of(sub, "busy")
        result.detail = str(error)
    result.seconds = round(time.perf_counter() - started, 3)
    result.cpu = round(time.process_time() - cpu, 3)
    return result


def _grade_and_release(
    course: Path, exchange: Path, sub: Inbound, *, release: bool, best: tuple[str, float] | None
) -> Result:
    os.umask(0o007)  # what the service writes stays readable by the graders' group only
    attempt = course / ATTEMPTS / sub.student / sub.assignment / sub.timestamp
    if attempt.exists():
        shutil.rmtree(attempt)
    shutil.copytree(sub.path, attempt)
    result = _grade(course, sub.student, sub.assignment, attempt)
    result.key, result.timestamp = sub.key, sub.timestamp
    if result.status == "graded" and release:
        result.feedback = release_feedback(course, exchange, sub.student, sub.assignment)
    elif result.status == "graded":
        result.feedback = "pending"
    if best is not None and result.status == "graded" and result.score < best[1]:
        _grade(
            course,
            sub.student,
            sub.assignment,
            course / ATTEMPTS / sub.student / sub.assignment / best[0],
        )
    return result


def _grade(course: Path, student: str, assignment: str, attempt: Path) -> Result:
    """``attempt`` graded as ``backprop autograde`` grades a submission: the sandbox first,
    beside any command; then, holding the course's lock (see :data:`LOCK_WAIT_SECONDS`),
    the copy into ``submitted/``, the gradebook and the verdicts ``backprop report`` reads."""
    submission = autograde.submission_of(course, student, assignment)
    result = Result("", student, assignment, "", "graded")
    # The sandbox reads the attempt itself: submitted/ may hold another attempt meanwhile.
    graded = autograde.sandbox_verdicts(
        dataclasses.replace(submission, path=attempt / submission.path.name)
    )
    if graded.unreadable or graded.failed:
        result.status, result.detail = (
            "unreadable" if graded.unreadable else "failed",
            (graded.unreadable or graded.failed),
        )
        return result
    # Shared with the other workers (each writes its own student's folders; the gradebook
    # has its own locking), never with an instructor's command.
    with course_lock(course, "hub grading", wait=LOCK_WAIT_SECONDS, shared=True):
        submitted = submission.path.parent
        if submitted.exists():
            shutil.rmtree(submitted)
        shutil.copytree(attempt, submitted)
        graded = autograde.record(
            course,
            dataclasses.replace(graded, submission=submission),
            grading_api(course, _exchange_of(course)),
        )
        if graded.nbgrader_error or graded.failed:
            result.status, result.detail = "failed", graded.nbgrader_error or graded.failed
        else:  # `backprop autograde` finds it graded: not graded again unless --force
            key = f"{student}/{assignment}"
            digest = fingerprint(submission.path, submission.released)
            record_one(course, submission.lesson, key, graded.verdicts, digest)
        with open_gradebook(course) as gradebook:
            try:
                recorded = gradebook.find_submission(assignment, student)
                result.score, result.max_score = recorded.score, recorded.max_score
            except MissingEntry:
                result.status = "failed"
    result.flags = [n for n, v in graded.verdicts.items() if v.status in {"timeout", "crashed"}]
    result.mistakes = [
        v.reason for v in graded.verdicts.values() if v.reason.startswith("mistake.")
    ]
    result.graded_at = dt.datetime.now(dt.UTC).isoformat()
    return result


def _exchange_of(course: Path) -> Path:
    return course.parent / "exchange"


def release_feedback(
    course: Path, exchange: Path, student: str, assignment: str, wait: float | None = None
) -> str:
    """nbgrader's feedback for the submission in ``submitted/``, released through the
    exchange and readable there by that student alone. Holds the course's lock, as
    ``backprop feedback`` writes the same folders, waiting up to ``wait`` seconds for it
    (default :data:`LOCK_WAIT_SECONDS`)."""
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    with course_lock(course, "hub feedback", wait=wait, shared=True):
        return _release_feedback(course, exchange, student, assignment)


def _release_feedback(course: Path, exchange: Path, student: str, assignment: str) -> str:
    api = grading_api(course, exchange)
    for step in (api.generate_feedback, api.release_feedback):
        outcome = step(assignment, student)
        if not outcome["success"]:
            return "failed: " + (outcome.get("error") or outcome.get("log") or "").strip()[-300:]
    secret = (course / "submitted" / student / assignment / "submission_secret.txt").read_text()
    lesson = assignment.rpartition("-")[0]
    released = (
        exchange
        / COURSE_ID
        / "feedback"
        / f"{notebook_hash(secret=secret, notebook_id=lesson)}.html"
    )
    try:
        uid = pwd.getpwnam(student).pw_uid
    except KeyError:  # a student without a Unix account (graded from an LMS folder)
        return "released"
    if os.geteuid() != 0:
        return "released"
    # The file's name is a secret only its student can compute; its owner reads it, the
    # graders' group too, no one else.
    os.chown(released, uid, -1)
    os.chmod(released, 0o640)
    return "released"
