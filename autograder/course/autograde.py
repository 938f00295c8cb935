"""Autograde every submission of a lesson in parallel worker processes: each grades a
submission in its own sandbox, then records it with nbgrader's own autograde (fast: nothing
is left to execute)."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import MissingEntry
from tqdm import tqdm

from autograder.build.notebooks import course_api
from autograder.build.paths import assignment_id
from autograder.course.gradebook import open_gradebook
from autograder.course.preprocessors import rebuilt
from autograder.course.report import save_verdicts
from autograder.grader import preprocessor
from autograder.grader.verdicts import Verdict, grade_answers
from autograder.student.i18n import LANGUAGES, t


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
            path = folder / f"{lesson}.ipynb"
            released = course / "release" / assignment / f"{lesson}.ipynb"
            found.append(Submission(folder.parent.name, assignment, lesson, lang, path, released))
    return found


@dataclass(frozen=True)
class _Graded:
    """What a worker sends back for one submission."""

    submission: Submission
    unreadable: str = ""
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    nbgrader_error: str = ""


def _grade(course: Path, submission: Submission) -> _Graded:
    """In a worker: the sandbox's verdicts on one submission, recorded by nbgrader."""
    try:
        nb = nbformat.read(submission.path, as_version=4)
    except Exception as error:  # any unreadable file: report it, grade the others
        return _Graded(submission, unreadable=f"{type(error).__name__}: {str(error)[:200]}")
    # The same notebook as nbgrader's autograde sees, so that it reuses these verdicts.
    nb = rebuilt(nb, nbformat.read(submission.released, as_version=4))
    answers = preprocessor.answers_of(nb)
    verdicts = grade_answers(
        preprocessor.shared_sandbox(), submission.lesson, submission.lang, answers
    )
    preprocessor.PRECOMPUTED[preprocessor.answers_key(submission.assignment, answers)] = verdicts
    if course not in _WORKER_API:
        _WORKER_API[course] = course_api(course)
    api = _WORKER_API[course]
    for _ in range(3):  # another worker may hold the gradebook's write lock for a moment
        result = api.autograde(submission.assignment, submission.student, force=True)
        if result["success"]:
            return _Graded(submission, verdicts=verdicts)
    lines = (result.get("error") or "nbgrader failed").strip().splitlines()
    return _Graded(submission, verdicts=verdicts, nbgrader_error=lines[-1])


_WORKER_API: dict[Path, object] = {}


def autograde_lesson(course: Path, lesson: str, workers: int | None = None) -> list[Outcome]:
    """Grade every submission of ``lesson`` in ``course`` and record it in the gradebook:
    each worker process runs submissions in its own sandbox, then nbgrader's autograde."""
    course = course.resolve()
    todo = submissions(course, lesson)
    outcomes = {(s.student, s.assignment): Outcome(s.student, s.assignment) for s in todo}
    recorded: dict[str, dict[str, Verdict]] = {}
    context = multiprocessing.get_context("spawn")  # no fork of a process that runs torch
    with concurrent.futures.ProcessPoolExecutor(
        workers or os.cpu_count() or 1, mp_context=context
    ) as pool:
        futures = [pool.submit(_grade, course, s) for s in todo]
        done = concurrent.futures.as_completed(futures)
        for future in tqdm(done, total=len(todo), desc="autograde", unit="notebook"):
            graded = future.result()
            sub = graded.submission
            outcome = outcomes[(sub.student, sub.assignment)]
            if graded.unreadable:
                outcome.status, outcome.detail = "unreadable", graded.unreadable
                continue
            if graded.nbgrader_error:
                outcome.status, outcome.detail = "failed", graded.nbgrader_error
            recorded[f"{sub.student}/{sub.assignment}"] = graded.verdicts
            outcome.flags = [
                n for n, v in graded.verdicts.items() if v.status in {"timeout", "crashed"}
            ]
    save_verdicts(course, lesson, recorded)
    _read_scores(course, outcomes)
    return list(outcomes.values())


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
