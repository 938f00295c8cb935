"""Grade one submission's answer cells: run them in the sandbox, judge what comes back here.

Each graded item is run in its own sandboxed child, after the answer cells that finished
in a first pass (a cell that hangs or kills its process is left out, and costs only the
item it answers). The children's bytes are read as JSON and ``.npz`` data without pickles;
the verdict is :func:`autograder.hidden.grading.judge` on those numbers.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.grader import jobs
from autograder.grader.sandbox import Reply, Sandbox
from autograder.hidden import specs
from autograder.hidden.grading import GradingFailure, Spec, judge
from autograder.sandbox.calls import Run
from autograder.sandbox.zygote import read_frame
from autograder.student.i18n import get_language, set_language, t

Answers = list[tuple[str, str]]  # (grade id, source) of each answer cell, in notebook order


@dataclass(frozen=True)
class Verdict:
    """The outcome for one graded item: whether it earns its points, and why, for the student."""

    passed: bool
    status: str  # passed | failed | timeout | crashed
    message: str
    reason: str  # catalogue key: grade.passed, mistake.<function>.<id>, grade.timeout, …


def grade_answers(sandbox: Sandbox, lesson: str, lang: str, answers: Answers) -> dict[str, Verdict]:
    """A verdict for every graded item of ``lesson``, with messages in ``lang``."""
    setup = jobs.setup(lesson)
    skipped = _cells_that_fail_the_process(sandbox, answers, setup)
    previous = get_language()
    set_language(lang)
    try:
        verdicts = {}
        for name, spec in specs(lesson).items():
            if any(answers[i][0] == spec.answer_id for i in skipped):
                verdicts[name] = _broken_cell(spec, skipped, answers)
                continue
            request = {"kind": "item", "cells": answers, "skip": sorted(skipped)}
            reply = sandbox.request({**request, "setup": setup, "job": jobs.job(lesson, name)})
            verdicts[name] = _verdict(spec, reply)
        return verdicts
    finally:
        set_language(previous)


def _cells_that_fail_the_process(
    sandbox: Sandbox, answers: Answers, setup: bytes
) -> dict[int, str]:
    """Answer cells that hang, exhaust a limit or end the process, with how they ended."""
    skipped: dict[int, str] = {}
    while True:
        request = {"kind": "prerun", "cells": answers, "skip": sorted(skipped), "setup": setup}
        reply = sandbox.request(request)
        finished = _finished_cells(reply.data)
        # Out of memory is a limit, however it shows (MemoryError here, or the process killed).
        skipped.update({i: "crashed" for i, error in finished.items() if error == "MemoryError"})
        pending = [i for i in range(len(answers)) if i not in skipped and i not in finished]
        if not pending:
            return skipped
        skipped[pending[0]] = "timeout" if reply.outcome == "timeout" else "crashed"


def _finished_cells(data: bytes) -> dict[int, str | None]:
    """Cell index -> what it raised (None: nothing), for each cell the child reported."""
    finished: dict[int, str | None] = {}
    for line in data.splitlines():
        try:
            record = json.loads(line)
            error = record["error"]
            finished[int(record["cell"])] = error if isinstance(error, str) else None
        except (ValueError, TypeError, KeyError):
            break
    return finished


def _broken_cell(spec: Spec, skipped: dict[int, str], answers: Answers) -> Verdict:
    how = next(skipped[i] for i in skipped if answers[i][0] == spec.answer_id)
    return _limit_verdict(spec, how)


def _limit_verdict(spec: Spec, how: str) -> Verdict:
    if how == "timeout":
        return Verdict(False, "timeout", t("grade.timeout", name=spec.shown_name), "grade.timeout")
    return Verdict(False, "crashed", t("grade.crashed", name=spec.shown_name), "grade.crashed")


def _verdict(spec: Spec, reply: Reply) -> Verdict:
    if reply.outcome != "ok":
        return _limit_verdict(spec, "timeout" if reply.outcome == "timeout" else "crashed")
    try:
        found, runs = _parse(reply.data, len(spec.cases()))
    except (ValueError, KeyError, TypeError, OSError, UnicodeDecodeError):
        return _limit_verdict(spec, "crashed")
    if not found:
        return Verdict(False, "failed", t("grade.missing", name=spec.python_name), "grade.missing")
    try:
        return Verdict(True, "passed", judge(spec, runs), "grade.passed")
    except GradingFailure as failure:
        return Verdict(False, "failed", str(failure), failure.reason)


def _parse(data: bytes, n_cases: int) -> tuple[bool, list[Run]]:
    """Read a child's reply as plain data: a JSON header frame and an ``.npz`` frame."""
    stream = io.BytesIO(data)
    header = json.loads(_frame(stream))
    arrays = np.load(io.BytesIO(_frame(stream)), allow_pickle=False)
    if not header["found"]:
        return False, []
    records = header["runs"]
    if not isinstance(records, list) or len(records) != n_cases:
        raise ValueError("wrong number of runs")
    return True, [_run(i, record, arrays) for i, record in enumerate(records)]


def _run(index: int, record: dict[str, Any], arrays: Any) -> Run:
    error, unreadable = record["error"], record["unreadable"]
    for text in (error, unreadable):
        if text is not None and (not isinstance(text, str) or len(text) > 80):
            raise ValueError("malformed run")
    count = record["outputs"]
    outputs = None
    if count is not None:
        outputs = tuple(
            np.array(arrays[f"r{index}_{j}"], dtype=np.float64, copy=True)
            for j in range(int(count))
        )
    return Run(outputs, error, unreadable, bool(record["modified"]))


def _frame(stream: io.BytesIO) -> bytes:
    payload = read_frame(stream)
    if payload is None:
        raise ValueError("truncated reply")
    return payload
