"""Grade one submission's answer cells: run them in the sandbox, judge what comes back here.

Each graded item is run in its own sandboxed child, after the answer cells that finished
in a first pass (a cell that hangs or kills its process is left out, and costs only the
item it answers). The children's bytes are read as JSON and raw float64 values whose shapes
the JSON gives, checked against the spec before any array is made; the verdict is
:func:`autograder.grading.judge` on those numbers. A reply that is not what an
honest child writes is that item's failure, never an exception for the class.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.grader import jobs
from autograder.grader.bubblewrap import Reply, Sandbox
from autograder.grading import GradingFailure, judge
from autograder.hidden import specs
from autograder.inside.calls import Run
from autograder.inside.wire import MAX_HEADER, MAX_REPLY, split_frames
from autograder.spec import Spec
from autograder.student.i18n import get_language, set_language, t

Answers = list[tuple[str, str]]  # (grade id, source) of each answer cell, in notebook order
MAX_VALUES = MAX_REPLY // 8  # float64 values a reply can hold


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
    previous = get_language()
    set_language(lang)
    try:
        with sandbox.submission():
            skipped = _cells_that_fail_the_process(sandbox, answers, setup)
            verdicts = {}
            for name, spec in specs(lesson).items():
                if any(answers[i][0] == spec.answer_id for i in skipped):
                    verdicts[name] = _broken_cell(spec, skipped, answers)
                    continue
                request = {"kind": "item", "cells": answers, "skip": sorted(skipped)}
                job = jobs.job(lesson, name)
                reply = sandbox.request({**request, "setup": setup, "job": job})
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
        if reply.outcome == "budget":  # none of the cells left may run any more
            skipped.update({i: "budget" for i in range(len(answers)) if i not in skipped})
            return skipped
        finished = finished_cells(reply.data)
        # Out of memory is a limit, however it shows (MemoryError here, or the process killed).
        skipped.update({i: "crashed" for i, error in finished.items() if error == "MemoryError"})
        pending = [i for i in range(len(answers)) if i not in skipped and i not in finished]
        if not pending:
            return skipped
        skipped[pending[0]] = "timeout" if reply.outcome == "timeout" else "crashed"


def finished_cells(data: bytes) -> dict[int, str | None]:
    """Cell index -> what it raised (None: nothing), for each cell the child reported."""
    finished: dict[int, str | None] = {}
    for payload in split_frames(data, MAX_HEADER)[0]:
        try:
            record = json.loads(payload)
            error = record["error"]
            finished[int(record["cell"])] = error if isinstance(error, str) else None
        except (ValueError, TypeError, KeyError):
            break
    return finished


def _broken_cell(spec: Spec, skipped: dict[int, str], answers: Answers) -> Verdict:
    how = next(skipped[i] for i in skipped if answers[i][0] == spec.answer_id)
    return _limit_verdict(spec, how)


def _limit_verdict(spec: Spec, how: str) -> Verdict:
    if how == "budget":
        return Verdict(False, "timeout", t("grade.budget", name=spec.shown_name), "grade.budget")
    if how == "timeout":
        return Verdict(False, "timeout", t("grade.timeout", name=spec.shown_name), "grade.timeout")
    return Verdict(False, "crashed", t("grade.crashed", name=spec.shown_name), "grade.crashed")


def _verdict(spec: Spec, reply: Reply) -> Verdict:
    if reply.outcome != "ok":
        how = reply.outcome if reply.outcome in {"timeout", "budget"} else "crashed"
        return _limit_verdict(spec, how)
    try:
        found, runs = _parse(reply.data, len(spec.cases()), len(spec.outputs))
    except (ValueError, KeyError, TypeError, OSError, UnicodeDecodeError):
        return _limit_verdict(spec, "crashed")
    if not found:
        return Verdict(False, "failed", t("grade.missing", name=spec.python_name), "grade.missing")
    try:
        return Verdict(True, "passed", judge(spec, runs), "grade.passed")
    except GradingFailure as failure:
        return Verdict(False, "failed", str(failure), failure.reason)
    except Exception:  # numbers no honest child sends: this item's failure, not the class's
        return _limit_verdict(spec, "crashed")


def _parse(data: bytes, n_cases: int, n_outputs: int = 1) -> tuple[bool, list[Run]]:
    """Read a child's reply as plain data: a JSON header frame, then a frame of float64
    values. Raises ValueError (or KeyError, TypeError) on anything an honest child does not
    write: another number of runs or outputs, a shape the values do not fill exactly."""
    frames, whole = split_frames(data, MAX_REPLY)
    if not whole or len(frames) != 2:
        raise ValueError("a reply is two whole frames, nothing more")
    header, values = json.loads(frames[0]), frames[1]
    if not header["found"]:
        return False, []
    records = header["runs"]
    if not isinstance(records, list) or len(records) != n_cases:
        raise ValueError("wrong number of runs")
    shapes = [_shapes(record, n_outputs) for record in records]
    sizes = [math.prod(shape) for run in shapes if run is not None for shape in run]
    if 8 * sum(sizes) != len(values):
        raise ValueError("the values do not fill the shapes")
    flat = np.frombuffer(values, dtype="<f8").astype(np.float64)
    runs, start = [], 0
    for record, run_shapes in zip(records, shapes, strict=True):
        outputs = None
        if run_shapes is not None:
            parts = []
            for shape in run_shapes:
                size = math.prod(shape)
                parts.append(flat[start : start + size].reshape(shape))
                start += size
            outputs = tuple(parts)
        runs.append(_run(record, outputs))
    return True, runs


def _shapes(record: Any, n_outputs: int) -> list[tuple[int, ...]] | None:
    """The shapes of one run's outputs: exactly ``n_outputs`` of them, or None (no output)."""
    shapes = record["shapes"]
    if shapes is None:
        return None
    if not isinstance(shapes, list) or len(shapes) != n_outputs:
        raise ValueError("wrong number of outputs")
    checked = []
    for shape in shapes:
        if not isinstance(shape, list) or len(shape) > 32:
            raise ValueError("malformed shape")
        if not all(type(n) is int and 0 <= n <= MAX_VALUES for n in shape):
            raise ValueError("malformed shape")
        checked.append(tuple(shape))
    return checked


def _run(record: dict[str, Any], outputs: tuple[np.ndarray, ...] | None) -> Run:
    error, unreadable = record["error"], record["unreadable"]
    for text in (error, unreadable):
        if text is not None and (not isinstance(text, str) or len(text) > 80):
            raise ValueError("malformed run")
    if (outputs is None) == (error is None and unreadable is None):
        raise ValueError("a run has outputs, or says why not")
    return Run(outputs, error, unreadable, bool(record["modified"]))
