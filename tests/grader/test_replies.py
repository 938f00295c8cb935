"""What the trusted side does with replies an honest sandbox never sends: a reply to another
request, extra frames, outputs that do not match the spec, shapes that claim more values than
were sent. Each costs the item it answers (and the sandbox it came from), never an exception,
and nobody after it is shifted."""

from __future__ import annotations

import json
import struct
import sys
import textwrap

import numpy as np
import pytest

import autograder.grader.sandbox as sandbox_module
from autograder.grader.sandbox import Limits, Reply, Sandbox
from autograder.grader.verdicts import _parse, _verdict
from autograder.hidden import specs
from autograder.sandbox.zygote import frame

SPEC = specs("01-gradient-descent")["mse_gradient"]  # two outputs, four cases
N_CASES = len(SPEC.cases())


def reply(header: dict, values: bytes = b"") -> bytes:
    return frame(json.dumps(header).encode()) + frame(values)


def runs(shapes: list) -> dict:
    return {"found": True, "runs": [dict(NO_ERROR, shapes=s) for s in shapes]}


NO_ERROR = {"error": None, "unreadable": None, "modified": False}


def honest(cases: int = N_CASES) -> bytes:
    """Four runs of two outputs, shapes (3,) and (): what an honest child writes."""
    values = np.arange(4.0).astype("<f8").tobytes()
    return reply(runs([[[3], []]] * cases), values * cases)


def test_an_honest_reply_is_read():
    found, read = _parse(honest(), N_CASES, 2)
    assert found and [r.outputs[0].shape for r in read] == [(3,)] * N_CASES
    assert read[0].outputs[1] == 3.0


FORGED = {
    "one output too few": reply(runs([[[3]]] * N_CASES), b"\0" * 24 * N_CASES),
    "one output too many": reply(runs([[[3], [], []]] * N_CASES), b"\0" * 40 * N_CASES),
    "an enormous shape": reply(runs([[[2**22, 2**22, 2**22], []]] * N_CASES), b"\0" * 8),
    "a dimension larger than any reply": reply(runs([[[2**40], []]] * N_CASES), b"\0" * 8),
    "a shape with more values than sent": reply(runs([[[3], [1000]]] * N_CASES), b"\0" * 32),
    "a negative dimension": reply(runs([[[-3], []]] * N_CASES), b""),
    "a dimension that is not a number": reply(runs([[["3"], []]] * N_CASES), b""),
    "a dimension that is a float": reply(runs([[[3.0], []]] * N_CASES), b"\0" * 32 * N_CASES),
    "values left over": reply(runs([[[3], []]] * N_CASES), b"\0" * (32 * N_CASES + 8)),
    "one run too few": honest(N_CASES - 1),
    "outputs and an error at once": reply(
        {"found": True, "runs": [dict(NO_ERROR, error="X", shapes=[[3], []])] * N_CASES},
        b"\0" * 32 * N_CASES,
    ),
    "an extra frame": honest() + frame(b"{}"),
    "a header that is a list": reply([]),  # type: ignore[arg-type]
    "a truncated frame": honest()[:-5],
}


@pytest.mark.parametrize("data", FORGED.values(), ids=FORGED.keys())
def test_a_forged_reply_costs_its_item_and_raises_nothing(data):
    verdict = _verdict(SPEC, Reply("ok", data, 0.1))
    assert (verdict.passed, verdict.status) == (False, "crashed")


def test_an_enormous_shape_is_refused_before_any_array_is_made():
    with pytest.raises(ValueError, match="fill"):
        _parse(FORGED["an enormous shape"], N_CASES, 2)


# A stand-in for the sandbox's template that speaks the protocol but, the first time it is
# started, answers its first request with a reply that does not belong to it.
FAKE = textwrap.dedent(
    """
    import json, os, struct, sys
    starts, how = sys.argv[1], sys.argv[2]
    with open(starts, "a") as f:
        f.write("x")
    first = os.path.getsize(starts) == 1
    def read():
        size = struct.unpack(">Q", sys.stdin.buffer.read(8))[0]
        return sys.stdin.buffer.read(size)
    def write(*payloads):
        sys.stdout.buffer.write(b"".join(struct.pack(">Q", len(p)) + p for p in payloads))
        sys.stdout.buffer.flush()
    write(json.dumps({"ready": True}).encode())
    while True:
        header = json.loads(read())
        if header["kind"] == "begin":
            write(json.dumps({"begun": header["nonce"]}).encode())
            continue
        if header["kind"] == "end":
            continue
        for _ in range(header["blobs"]):
            read()
        status = {"nonce": header["nonce"], "outcome": "ok", "exit": 0}
        if first and how == "wrong nonce":
            status["nonce"] = "0" * 32
        answer = [json.dumps(status).encode(), b"fresh" if not first else b"stale"]
        if first and how == "extra frame":
            answer += [json.dumps(status).encode(), b"shifted"]
        write(*answer)
    """
)


@pytest.mark.parametrize("how", ["wrong nonce", "extra frame"])
def test_a_reply_that_is_not_the_answer_discards_the_sandbox(tmp_path, monkeypatch, how):
    """The item fails, the sandbox is started again, and the next request gets its own reply."""
    starts = tmp_path / "starts"
    command = [sys.executable, "-c", FAKE, str(starts), how]
    monkeypatch.setattr(sandbox_module, "command", lambda: command)
    request = {"kind": "prerun", "cells": [("a", "x = 1")], "skip": [], "setup": b""}
    with Sandbox(Limits(seconds=5)) as box:
        assert box.request(request).outcome == "crashed"
        answer = box.request(request)
        assert (answer.outcome, answer.data) == ("ok", b"fresh")
        assert box.request(request).data == b"fresh"
    assert starts.read_text() == "xx"


def test_frames_are_length_prefixed():
    assert frame(b"abc") == struct.pack(">Q", 3) + b"abc"
