"""nbgrader's autograde step with the sandbox in place of the notebook's own kernel.

nbgrader still reads the submission, restores every locked and test cell from the source,
and records the scores; only the execution changes: the answer cells are graded by
:func:`autograder.grader.verdicts.grade_answers`, and each test cell receives the verdict
as its output (an error output scores 0, as in nbgrader). Verdicts found in
:data:`PRECOMPUTED` (filled by the parallel ``backprop autograde``) are not computed again.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import math
import os

from nbconvert.exporters.exporter import ResourcesDict
from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor

from autograder.build.paths import split_assignment_id
from autograder.course.errors import CourseError
from autograder.grader.sandbox import Limits, Sandbox
from autograder.grader.verdicts import Answers, Verdict, grade_answers

PRECOMPUTED: dict[str, dict[str, Verdict]] = {}
_SANDBOX: list[Sandbox] = []


def answers_of(nb: NotebookNode) -> Answers:
    """The answer cells of a notebook, as ``(grade id, source)`` in notebook order."""
    return [
        (cell.metadata["nbgrader"].get("grade_id", ""), cell.source)
        for cell in nb.cells
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution")
    ]


def answers_key(assignment: str, answers: Answers) -> str:
    """The same assignment and answer cells give the same verdicts."""
    text = json.dumps([assignment, answers], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def limits_from_environment() -> Limits:
    """The sandbox's limits: wall clock per graded item ``$BACKPROP_GRADE_SECONDS`` (default
    30), per submission ``$BACKPROP_SUBMISSION_SECONDS`` (default 60). A value that is not a
    positive number is a :class:`CourseError` naming the variable."""
    return Limits(
        seconds=_seconds("BACKPROP_GRADE_SECONDS", Limits.seconds),
        submission_seconds=_seconds("BACKPROP_SUBMISSION_SECONDS", Limits.submission_seconds),
    )


def _seconds(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds < math.inf:
        raise CourseError("cli.error.bad_seconds", name=name, value=value)
    return seconds


def shared_sandbox() -> Sandbox:
    """One sandbox per grading process, started on first use, closed at exit, with
    :func:`limits_from_environment`."""
    if not _SANDBOX:
        _SANDBOX.append(Sandbox(limits_from_environment()))
        atexit.register(_SANDBOX[0].close)
    return _SANDBOX[0]


class SandboxGrade(NbGraderPreprocessor):
    """Fill each test cell's output with its graded item's verdict."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict):
        assignment = resources["nbgrader"]["assignment"]
        lesson, lang = split_assignment_id(assignment)
        answers = answers_of(nb)
        key = answers_key(assignment, answers)
        verdicts = PRECOMPUTED.pop(key, None)
        if verdicts is None:
            verdicts = grade_answers(shared_sandbox(), lesson, lang, answers)
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if cell.cell_type != "code" or not grade_id.startswith("test_"):
                continue
            verdict = verdicts.get(grade_id.removeprefix("test_"))
            if verdict is not None:
                cell.outputs = [_output(verdict)]
        return nb, resources


def _output(verdict: Verdict) -> NotebookNode:
    if verdict.passed:
        return new_output("stream", name="stdout", text=verdict.message + "\n")
    return new_output(
        "error", ename="GradingFailure", evalue=verdict.message, traceback=[verdict.message]
    )
