"""The sandbox itself: what a submission's code can see and do in it, and what it cannot."""

from __future__ import annotations

import os
import subprocess

import pytest

from autograder.grader import jobs
from autograder.grader.bubblewrap import Limits, Sandbox
from autograder.grader.verdicts import _parse, finished_cells
from tests.markers import needs_bubblewrap

pytestmark = [
    needs_bubblewrap,
]
SETUP = jobs.setup("01-gradient-descent")


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(Limits(seconds=3)) as box:
        yield box


def errors(sandbox: Sandbox, *cells: str) -> list[str | None]:
    """What each cell raised (None: nothing), run in order in one child."""
    request = {"kind": "prerun", "cells": [(f"c{i}", c) for i, c in enumerate(cells)]}
    reply = sandbox.request({**request, "skip": [], "setup": SETUP})
    return list(finished_cells(reply.data).values())


def test_code_runs_with_numpy_and_torch(sandbox):
    assert errors(sandbox, "import numpy, torch\nx = torch.ones(2).numpy().sum()") == [None]


def test_no_network(sandbox):
    """Is every connection refused, loopback included?"""
    code = "import socket\nsocket.create_connection(('{}', 80), timeout=1)"
    assert None not in errors(sandbox, code.format("127.0.0.1"), code.format("8.8.8.8"))


@pytest.mark.parametrize(
    "path",
    [
        "autograder/reference/gradient_descent.py",
        "autograder/grading.py",
        "autograder/catalogue/common.toml",
        "solutions/en/01-gradient-descent.ipynb",
        "README.md",
    ],
)
def test_course_files_are_not_there(sandbox, path):
    from autograder.build.paths import ROOT

    assert errors(sandbox, f"open({str(ROOT / path)!r}).read()") == ["FileNotFoundError"]


def test_instructor_modules_cannot_be_imported(sandbox):
    parts = ("reference", "mistakes", "hidden", "grading", "grader")
    cells = [f"import autograder.{part}" for part in parts]
    assert errors(sandbox, *cells) == ["ModuleNotFoundError"] * len(parts)


def test_only_tmp_is_writable(sandbox):
    found = errors(sandbox, "open('/tmp/x', 'w').write('ok')", "open('/usr/x', 'w').write('no')")
    assert found[0] is None and found[1] in {"OSError", "PermissionError"}


def descendants(pid: int) -> list[int]:
    """The processes started, directly or not, by process ``pid``."""
    parents = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
    found, frontier = [], [pid]
    while frontier:
        frontier = [p for p, parent in parents.items() if parent in frontier]
        found += frontier
    return found


@pytest.mark.slow
def test_a_fork_bomb_is_contained_and_the_next_request_runs(sandbox):
    bomb = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass"
    errors(sandbox, bomb)
    assert errors(sandbox, "x = 1") == [None]
    # Left in the sandbox: its init and the warm process, nothing the bomb made.
    assert len(descendants(sandbox._process.pid)) == 2


def test_a_child_left_running_is_killed(sandbox):
    errors(sandbox, "import subprocess\nsubprocess.Popen(['sleep', '1000'])")
    running = subprocess.run(["pgrep", "-f", "sleep 1000"], capture_output=True, text=True)
    assert running.stdout.strip() == ""


def test_killing_the_warm_process_costs_one_request(sandbox):
    """Can a submission that kills the sandbox's own process spoil the next one?"""
    errors(sandbox, "import os, signal\nos.kill(1, signal.SIGKILL)\nos.kill(os.getppid(), 9)")
    assert errors(sandbox, "x = 1") == [None]


@pytest.mark.slow
def test_stopping_the_warm_process_times_out_and_recovers():
    with Sandbox(Limits(seconds=1)) as box:
        errors(box, "x = 1")  # started: from now on a silent process is given up on quickly
        reply = box.request(
            {
                "kind": "prerun",
                "cells": [("a", "import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)")],
                "skip": [],
                "setup": SETUP,
            }
        )
        assert reply.outcome in {"crashed", "ok"}
        assert errors(box, "x = 1") == [None]


@pytest.mark.parametrize(
    "data",
    [b"", b"\x00" * 8, b"garbage", (5).to_bytes(8, "big") + b"{not json"],
)
def test_a_forged_reply_is_rejected(data):
    """Does the trusted side refuse bytes that are not the plain-data reply format?"""
    with pytest.raises((ValueError, KeyError, TypeError, OSError)):
        _parse(data, 3)
