"""Autograde every submission of a lesson in parallel worker processes: each grades a
submission in its own sandbox, then records it with nbgrader's own autograde (fast: nothing
is left to execute)."""

from __future__ import annotations

import concurrent.futures
import ctypes
import itertools
import multiprocessing
import os
import signal
import stat
import tempfile
import unicodedata
from collections.abc import Callable, Generator, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import MissingEntry
from nbgrader.apps import NbGraderAPI
from tqdm import tqdm

from autograder.build.paths import assignment_id
from autograder.course.api import course_api
from autograder.course.gradebook import open_gradebook, quiet_add_submission, share_engines
from autograder.course.lock import course_lock
from autograder.course.preprocessors import rebuilt
from autograder.course.progress import Progress, fingerprint
from autograder.errors import CourseError
from autograder.grader import preprocessor
from autograder.grader.verdicts import Verdict, grade_answers
from autograder.student.i18n import LANGUAGES, get_language, set_language, t


@dataclass
class Outcome:
    """One submission's result, for the summary table."""

    student: str
    assignment: str
    status: str = "graded"  # graded | unreadable | failed
    score: float = 0.0
    max_score: float = 0.0
    flags: list[str] = field(default_factory=list)  # items that timed out or crashed
    detail: str = ""


@dataclass(frozen=True)
class Submission:
    student: str
    assignment: str
    lesson: str
    lang: str
    path: Path
    released: Path


def submissions(course: Path, lesson: str) -> list[Submission]:
    """Every submitted notebook of ``lesson``, in either language."""
    found = []
    for lang in LANGUAGES:
        assignment = assignment_id(lesson, lang)
        for folder in sorted((course / "submitted").glob(f"*/{assignment}")):
            found.append(submission_of(course, folder.parent.name, assignment))
    return found


def submission_of(course: Path, student: str, assignment: str) -> Submission:
    """``student``'s submission of ``assignment`` (``<lesson>-<lang>``) where nbgrader keeps
    it: ``course/submitted/<student>/<assignment>/<lesson>.ipynb``."""
    lesson, _, lang = assignment.rpartition("-")
    path = course / "submitted" / student / assignment / f"{lesson}.ipynb"
    released = course / "release" / assignment / f"{lesson}.ipynb"
    return Submission(student, assignment, lesson, lang, path, released)


@dataclass(frozen=True)
class Graded:
    """One submission's grading: the sandbox's verdicts, and whether nbgrader recorded them."""

    submission: Submission
    unreadable: str = ""
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    nbgrader_error: str = ""
    failed: str = ""  # an exception while grading: this submission's, never the class's


def grade_submission(
    course: Path, submission: Submission, api: NbGraderAPI | None = None
) -> Graded:
    """Grade one submission in the sandbox and record it in the gradebook with nbgrader's
    autograde (``api``, default: the course's own). Any exception is this submission's
    failure, with a one-line reason. The caller holds whatever lock the course needs."""
    graded = sandbox_verdicts(submission)
    if graded.unreadable or graded.failed:
        return graded
    return record(course, graded, api)


def sandbox_verdicts(submission: Submission) -> Graded:
    """The sandbox's verdicts on ``submission`` (nothing written to the course): the slow
    part of grading, safe to run beside any command."""
    try:
        try:
            if not stat.S_ISREG(submission.path.lstat().st_mode):  # a folder, link, FIFO, …
                return Graded(submission, unreadable=t("cli.reason.not_a_file"))
            nb = nbformat.read(submission.path, as_version=4)
        except Exception as error:  # any unreadable file (RecursionError included)
            return Graded(submission, unreadable=one_line(error))
        # The same notebook as nbgrader's autograde sees, so that it reuses these verdicts.
        nb = rebuilt(nb, nbformat.read(submission.released, as_version=4))
        answers = preprocessor.answers_of(nb)
        verdicts = grade_answers(
            preprocessor.shared_sandbox(), submission.lesson, submission.lang, answers
        )
        key = preprocessor.answers_key(submission.assignment, answers)
        preprocessor.PRECOMPUTED[key] = verdicts
        return Graded(submission, verdicts=verdicts)
    except Exception as error:
        return Graded(submission, failed=one_line(error))


def record(course: Path, graded: Graded, api: NbGraderAPI | None = None) -> Graded:
    """Record ``graded`` (from :func:`sandbox_verdicts`, in this process) in the gradebook
    with nbgrader's autograde, which reuses its verdicts: nothing is executed again."""
    submission = graded.submission
    try:
        if api is None:
            if course not in _WORKER_API:
                _WORKER_API[course] = course_api(course)
            api = _WORKER_API[course]
        for _ in range(3):  # another worker may hold the gradebook's write lock for a moment
            result = api.autograde(submission.assignment, submission.student, force=True)
            if result["success"]:
                return graded
        lines = (result.get("error") or "nbgrader failed").strip().splitlines()
        return Graded(submission, verdicts=graded.verdicts, nbgrader_error=lines[-1])
    except Exception as error:
        return Graded(submission, verdicts=graded.verdicts, failed=one_line(error))


_WORKER_API: dict[Path, NbGraderAPI] = {}  # per worker process: one API per course


def one_line(error: BaseException) -> str:
    """``Type: first line of the message``, short enough for the summary table."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0][:200]}" if text else type(error).__name__


def _worker_start(parent: int, lang: str) -> None:
    """In each worker, first: Ctrl-C is the parent's to handle (it stops the workers), and
    the worker dies with the parent, so that a killed ``autograde`` leaves no worker writing
    to the gradebook beside the next run (its sandbox dies with it: --die-with-parent). Its
    reasons for the summary are in the command line's language ``lang``."""
    set_language(lang)
    share_engines()
    quiet_add_submission()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


GradeFunction = Callable[[Path, Submission], Graded]


def _task(grade: GradeFunction, course: Path, submission: Submission, marker: Path) -> Graded:
    """In a worker: leave ``marker`` (this submission was running), then grade it."""
    marker.touch()
    return grade(course, submission)


def run_workers(
    course: Path, todo: list[Submission], workers: int, grade: GradeFunction = grade_submission
) -> Generator[Graded, None, None]:
    """``grade`` each submission in worker processes, yielding a result for each as it
    comes. A worker that raises costs its submission only. A worker that dies breaks its
    pool: the submissions that were running then are suspects (each leaves a marker when
    it starts), the others are simply queued again in a new pool; each suspect is graded
    again alone (a worker's death is rare: at most one suspect per worker), and fails if it
    breaks a pool of its own."""
    suspects: set[Submission] = set()
    queue = list(todo)
    with tempfile.TemporaryDirectory(prefix="backprop-autograde-") as scratch:
        for round_ in itertools.count():
            if not queue:
                return
            batches = [[s for s in queue if s not in suspects]]
            batches += [[s] for s in queue if s in suspects]
            queue = []
            for number, batch in enumerate(b for b in batches if b):
                started = Path(scratch) / f"{round_}-{number}"
                started.mkdir()
                broken: list[tuple[Submission, str]] = []
                for submission, result, error in _pool(course, batch, workers, grade, started):
                    if result is not None:
                        yield result
                    else:
                        broken.append((submission, error))
                ran = [s for s, _ in broken if (started / _marker(batch, s)).exists()]
                # A pool that broke before giving any result or starting any submission
                # would break again: nothing to retry.
                hopeless = not ran and len(broken) == len(batch)
                for submission, error in broken:
                    if submission in ran:
                        suspects.add(submission)
                    if hopeless or (len(batch) == 1 and submission in ran):
                        yield Graded(submission, failed=error)
                    else:
                        queue.append(submission)


def _marker(batch: list[Submission], submission: Submission) -> str:
    return str(batch.index(submission))


def _pool(
    course: Path, batch: list[Submission], workers: int, grade: GradeFunction, started: Path
) -> Iterator[tuple[Submission, Graded | None, str]]:
    """One pool grading ``batch``: ``(submission, result, "")`` for each, or ``(submission,
    None, reason)`` when the pool broke before its result came."""
    pool = concurrent.futures.ProcessPoolExecutor(
        min(workers, len(batch)),
        mp_context=multiprocessing.get_context("spawn"),  # no fork of a process running torch
        initializer=_worker_start,
        initargs=(os.getpid(), get_language()),
    )
    try:
        futures = {
            pool.submit(_task, grade, course, s, started / _marker(batch, s)): s for s in batch
        }
        for future in concurrent.futures.as_completed(futures):
            submission = futures[future]
            try:
                yield submission, future.result(), ""
            except BrokenProcessPool as error:
                yield submission, None, one_line(error)
            except Exception as error:  # e.g. a result that cannot be sent back
                yield submission, Graded(submission, failed=one_line(error)), ""
    except BaseException:  # Ctrl-C, or the caller stopped: end the workers now
        _kill(pool)
        raise
    pool.shutdown()


def _kill(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    # ProcessPoolExecutor has no public way to end running workers before Python 3.14.
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


class GradingInterrupted(CourseError):
    """Ctrl-C: what was graded is recorded; the message tells the instructor how to go on.
    Exits 130, the shell's code for a command ended by Ctrl-C."""

    exit_code = 130

    def __init__(self, done: int, total: int) -> None:
        super().__init__("cli.error.interrupted", done=done, total=total)


def autograde_lesson(
    course: Path, lesson: str, workers: int | None = None, force: bool = False
) -> list[Outcome]:
    """Grade every submission of ``lesson`` in ``course`` and record it in the gradebook:
    each worker process runs submissions in its own sandbox, then nbgrader's autograde.

    Holds the course's lock (:class:`~autograder.course.lock.CourseBusy` if another command
    keeps it). Submissions recorded by an earlier run or by the hub's grading service,
    unchanged since, are not graded again unless ``force``, so a run that was stopped is
    finished by running it again; Ctrl-C raises
    :class:`GradingInterrupted` once the workers are stopped."""
    course = course.resolve()
    with course_lock(course, "autograde"):
        every = submissions(course, lesson)
        progress = Progress(course, lesson)
        try:
            workers = workers or os.cpu_count() or 1
            return _autograde_locked(course, every, progress, workers, force)
        except KeyboardInterrupt:
            done = sum(_key(s) in progress.graded for s in every)
            raise GradingInterrupted(done, len(every)) from None


def _autograde_locked(
    course: Path, every: list[Submission], progress: Progress, workers: int, force: bool
) -> list[Outcome]:
    outcomes = {(s.student, s.assignment): Outcome(s.student, s.assignment) for s in every}
    progress.keep_only({_key(s) for s in every})
    in_gradebook = _recorded(course)
    digests, todo = {}, []
    for s in every:
        digests[s] = _digest(s)
        done = (
            not force
            and (s.student, s.assignment) in in_gradebook
            and progress.is_done(_key(s), digests[s])
        )
        if done:
            outcomes[(s.student, s.assignment)].flags = _flags(progress.verdicts[_key(s)])
        else:
            todo.append(s)
    results = run_workers(course, todo, workers)
    try:
        for result in tqdm(results, total=len(todo), desc="autograde", unit="notebook"):
            _apply(result, outcomes, progress, digests)
    finally:
        results.close()  # on Ctrl-C: ends the workers at once
    _read_scores(course, outcomes)
    return list(outcomes.values())


def _apply(
    result: Graded,
    outcomes: dict[tuple[str, str], Outcome],
    progress: Progress,
    digests: dict[Submission, str | None],
) -> None:
    """Put one worker's result in its summary line and in the lesson's progress."""
    sub = result.submission
    outcome = outcomes[(sub.student, sub.assignment)]
    if result.unreadable or result.failed:
        outcome.status = "unreadable" if result.unreadable else "failed"
        outcome.detail = result.unreadable or result.failed
        progress.forget(_key(sub))
        return
    if result.nbgrader_error:
        outcome.status, outcome.detail = "failed", result.nbgrader_error
    recorded = not result.nbgrader_error and digests.get(sub) is not None
    progress.record(_key(sub), result.verdicts, digests[sub] if recorded else None)
    outcome.flags = _flags(progress.verdicts[_key(sub)])


def _key(s: Submission) -> str:
    return f"{s.student}/{s.assignment}"


def _digest(s: Submission) -> str | None:
    try:
        return fingerprint(s.path, s.released)
    except OSError:  # not a readable file: the worker says why
        return None


def _flags(verdicts: dict[str, dict[str, str]]) -> list[str]:
    """Items that timed out or crashed."""
    return [n for n, v in verdicts.items() if v.get("status") in {"timeout", "crashed"}]


def _recorded(course: Path) -> set[tuple[str, str]]:
    """``(student, assignment)`` of every submission in the gradebook."""
    with open_gradebook(course) as gradebook:
        return {
            (s.student_id, s.assignment.name) for a in gradebook.assignments for s in a.submissions
        }


def _read_scores(course: Path, outcomes: dict[tuple[str, str], Outcome]) -> None:
    with open_gradebook(course) as gradebook:
        for (student, assignment), outcome in outcomes.items():
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                continue
            outcome.score, outcome.max_score = submission.score, submission.max_score


def summary(outcomes: list[Outcome], lang: str | None = None) -> str:
    """A plain-text table in ``lang`` (default: the current language): one line per
    submission, then the counts."""
    head = [t(f"cli.summary.{column}", lang=lang) for column in ("student", "assignment")]
    score_head = t("cli.summary.score", lang=lang)
    lines = [f"{pad(head[0], 20)} {pad(head[1], 28)} {pad(score_head, 9, right=True)}  "
             + t("cli.summary.status", lang=lang)]  # fmt: skip
    for o in sorted(outcomes, key=lambda o: (o.assignment, o.student)):
        status = t(f"cli.summary.{o.status}", lang=lang)
        if o.flags:
            status += t("cli.summary.flagged", lang=lang, items=", ".join(o.flags))
        status += f" — {o.detail}" if o.detail else ""
        score = f"{o.score:g}/{o.max_score:g}"
        lines.append(f"{pad(o.student, 20)} {o.assignment:<28} {score:>9}  {status}")
    counts = {s: sum(o.status == s for o in outcomes) for s in ("graded", "unreadable", "failed")}
    flagged = sum(bool(o.flags) for o in outcomes)
    lines.append(t("cli.summary.counts", lang=lang, flagged=flagged, **counts))
    return "\n".join(lines)


def pad(text: str, columns: int, right: bool = False) -> str:
    """``text`` padded to ``columns`` terminal columns (a Chinese character takes two)."""
    width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    fill = " " * max(columns - width, 0)
    return fill + text if right else text + fill
