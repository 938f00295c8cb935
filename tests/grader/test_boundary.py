"""The sandbox boundary under attack: submissions that reach for the grader's pipes through
/proc, for an earlier student's data in their own memory, for files and IPC objects left by
an earlier submission, and for reference code in what they are sent. Each attack is graded
through the real sandbox on one worker, with honest students before and after it: the
attacker gains nothing and every honest student gets exactly their grade."""

from __future__ import annotations

import json
import textwrap
import time

import nbformat
import pytest

from autograder.build.paths import LESSONS, SOLUTIONS
from autograder.grader.preprocessor import answers_of
from autograder.grader.sandbox import Limits, Sandbox
from autograder.grader.verdicts import Answers, grade_answers
from autograder.hidden import specs
from tests.markers import needs_bubblewrap

pytestmark = [pytest.mark.slow, needs_bubblewrap]

LESSON = "01-gradient-descent"
ITEMS = list(specs(LESSON))
# In an honest student's answer only; an attacker's code builds it at run time.
MARKER = "HONEST-MARKER-7f3a"


def answers(folder, lang: str = "en") -> Answers:
    return answers_of(nbformat.read(folder / lang / f"{LESSON}.ipynb", as_version=4))


SOLVED = answers(SOLUTIONS)
BLANK = answers(LESSONS)


def with_cell(base: Answers, item: str, source: str) -> Answers:
    """``base`` with the answer cell of ``item`` replaced by ``source``."""
    return [(gid, source if gid == item else code) for gid, code in base]


def marked(base: Answers) -> Answers:
    """An honest student whose answers carry :data:`MARKER` right before a definition."""
    return [(gid, f"# {MARKER}\n{code}") for gid, code in base]


def statuses(sandbox: Sandbox, cells: Answers) -> dict[str, str]:
    return {name: v.status for name, v in grade_answers(sandbox, LESSON, "en", cells).items()}


ALL_PASS = dict.fromkeys(ITEMS, "passed")


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(Limits(seconds=20)) as box:
        yield box


def cell(source: str) -> str:
    return textwrap.dedent(source).strip() + "\n"


# Writes forged frames into every descriptor of every other process it can open: a pickle
# that would mark `builtins` of whoever unpickles it, a "begin", and a whole extra reply.
FORGE_EVERYWHERE = cell(
    """
    import builtins, json, os, pickle, struct

    class Mark:
        def __reduce__(self):
            return (exec, ("import builtins; builtins.PWNED = True",))

    def frame(payload):
        return struct.pack(">Q", len(payload)) + payload

    status = {"nonce": "0" * 32, "outcome": "ok", "exit": 0, "seconds": 0.0}
    forged = (
        frame(pickle.dumps(Mark()))
        + frame(json.dumps({"kind": "begin", "nonce": "x"}).encode())
        + frame(json.dumps(status).encode()) + frame(b"")
    )
    reached = []
    for pid in [p for p in os.listdir("/proc") if p.isdigit()] + ["1"]:
        if int(pid) == os.getpid():
            continue
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            fds = [str(n) for n in range(16)]  # try blind, too
        for fd in fds:
            for flags in (os.O_WRONLY, os.O_RDONLY):
                try:
                    handle = os.open(f"/proc/{pid}/fd/{fd}", flags | os.O_NONBLOCK)
                except OSError:
                    continue
                try:
                    if os.readlink(f"/proc/self/fd/{handle}") != "/dev/null":
                        os.write(handle, forged) if flags == os.O_WRONLY else os.read(handle, 1)
                        reached.append(f"{pid}/{fd}")
                except OSError:
                    pass
                os.close(handle)
    if reached:
        raise type("ReachedAnotherProcess", (Exception,), {})(reached)
    """
)
# Its own reply pipe, too: forged replies and extra frames, before its real reply.
FORGE_OWN_REPLY = cell(
    """
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}").startswith("pipe:"):
                os.write(int(fd), forged * 3)
        except OSError:
            pass
    """
)

PROBE_PWNED = "import builtins\nif hasattr(builtins, 'PWNED'):\n    raise SystemError('pwned')\n"


def prerun_errors(sandbox: Sandbox, *sources: str) -> list[str | None]:
    """What each cell raised (None: nothing), run in order in one child of one submission."""
    from autograder.grader import jobs

    with sandbox.submission():
        reply = sandbox.request(
            {
                "kind": "prerun",
                "cells": [(f"c{i}", s) for i, s in enumerate(sources)],
                "skip": [],
                "setup": jobs.setup(LESSON),
            }
        )
    return [json.loads(line)["error"] for line in reply.data.splitlines()]


def test_no_other_process_can_be_reached_through_proc(sandbox):
    """Can a child open any descriptor of another process of the sandbox (the template and
    the submission process hold the grader's pipes)?"""
    assert prerun_errors(sandbox, FORGE_EVERYWHERE) == [None]
    assert prerun_errors(sandbox, PROBE_PWNED) == [None]


def test_forged_frames_gain_nothing_and_shift_nobody(sandbox):
    """A student who forges frames everywhere in every cell, between two honest students."""
    assert statuses(sandbox, SOLVED) == ALL_PASS
    hostile = [(gid, FORGE_EVERYWHERE + FORGE_OWN_REPLY + code) for gid, code in BLANK]
    assert set(statuses(sandbox, hostile).values()) <= {"failed", "crashed"}
    assert statuses(sandbox, SOLVED) == ALL_PASS
    assert prerun_errors(sandbox, PROBE_PWNED) == [None]


# Looks for the honest student's marked source in every object the garbage collector knows
# and in every writable mapping of its own memory (copy-on-write pages of its parents), and
# runs what it finds.
REPLAY = cell(
    """
    import gc, re
    # Never built whole here (it would be found in this process's own memory): the marker,
    # then a check of what follows it.
    needle = ("HONEST-MARKER-" + "7f3a").encode()
    found = []
    for obj in gc.get_objects():
        for text in (obj if isinstance(obj, (list, tuple)) else [obj]):
            if isinstance(text, str) and needle.decode() in text:
                at = text.index(needle.decode()) + len(needle)
                if text[at : at + 5] == "\\ndef ":
                    found.append(text.encode())
    with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", 0) as mem:
        for line in maps:
            span, perms = line.split()[:2]
            if not perms.startswith("rw"):
                continue
            start, end = (int(x, 16) for x in span.split("-"))
            try:
                mem.seek(start)
                chunk = mem.read(end - start)
            except (OSError, ValueError, OverflowError):
                continue
            for hit in re.finditer(re.escape(needle), chunk):
                if chunk[hit.end() : hit.end() + 5] == b"\\ndef ":
                    found.append(chunk[hit.start() : hit.start() + 4000].split(b"\\0")[0])
    for text in found:
        try:
            exec(text.decode("utf-8", "replace"), globals())
        except BaseException:
            pass
    if found:
        raise type("FoundAnotherStudent", (Exception,), {})(len(found))
    """
)


def test_the_replay_probe_finds_data_that_is_there(sandbox):
    """The probe works: it finds the marked source when it is in its own submission."""
    cells = [("marked", f"# {MARKER}\ndef unused():\n    pass\n"), ("replay", REPLAY)]
    assert prerun_errors(sandbox, *(source for _, source in cells)) == [
        None,
        "FoundAnotherStudent",
    ]


def test_a_blank_student_after_a_correct_one_finds_nothing_to_replay(sandbox):
    """Does a child see anything of the student graded before it on the same worker?"""
    assert statuses(sandbox, marked(SOLVED)) == ALL_PASS
    # Last, so that whatever it finds and runs replaces the blank definitions.
    replaying = [*BLANK[:-1], (BLANK[-1][0], BLANK[-1][1] + "\n" + REPLAY)]
    verdicts = grade_answers(sandbox, LESSON, "en", replaying)
    assert {v.status for v in verdicts.values()} == {"failed"}
    assert {v.reason for v in verdicts.values()} == {"grade.not_implemented"}
    assert prerun_errors(sandbox, REPLAY) == [None]


LEAVE_BEHIND = cell(
    """
    import ctypes, os
    for folder in ("/tmp", "/dev/shm"):
        with open(f"{folder}/left-mse_gradient.py", "w") as f:
            f.write("def mse_gradient(X, y, w, b):\\n    return 'stolen'\\n")
        os.makedirs(f"{folder}/locked/deeper", exist_ok=True)
        open(f"{folder}/locked/deeper/x", "w").write("x")
        os.chmod(f"{folder}/locked/deeper", 0)
        os.chmod(f"{folder}/locked", 0)
        os.symlink("/proc/self/fd", f"{folder}/link")
    libc = ctypes.CDLL(None, use_errno=True)
    shm = libc.shmget(0x7F3A, 4096, 0o1600)  # IPC_CREAT | rw
    libc.msgget(0x7F3B, 0o1600)
    libc.semget(0x7F3C, 1, 0o1600)
    if shm < 0:
        raise OSError(ctypes.get_errno(), "shmget")
    """
)
FIND_LEFTOVERS = cell(
    """
    import ctypes, os
    left = [f"{d}/{n}" for d in ("/tmp", "/dev/shm") for n in os.listdir(d)]
    left = [p for p in left if "left" in p or "locked" in p or "link" in p]
    libc = ctypes.CDLL(None)
    ipc = [libc.shmget(0x7F3A, 0, 0), libc.msgget(0x7F3B, 0), libc.semget(0x7F3C, 0, 0)]
    if left or any(i >= 0 for i in ipc):
        raise type("FoundLeftovers", (Exception,), {})(left, ipc)
    """
)


def test_nothing_is_left_for_the_next_submission(sandbox):
    """Files (in locked folders, too) and System V IPC objects made by one submission: are
    they gone when the next one starts, and the next one graded exactly?"""
    assert prerun_errors(sandbox, LEAVE_BEHIND, FIND_LEFTOVERS) == [None, "FoundLeftovers"]
    assert prerun_errors(sandbox, FIND_LEFTOVERS) == [None]
    colluder = with_cell(
        SOLVED,
        "mse_gradient",
        "import sys\nsys.path.insert(0, '/tmp')\nfrom left_mse_gradient import mse_gradient\n",
    )
    assert prerun_errors(sandbox, LEAVE_BEHIND) == [None]
    assert statuses(sandbox, colluder)["mse_gradient"] == "failed"
    assert statuses(sandbox, SOLVED) == ALL_PASS


# Called as minibatch_sgd (whose helpers stand in for the student's own), it looks through
# its globals, the garbage collector and every function's closure for graded code that is
# not its own, and uses it if found.
FIND_REFERENCE = cell(
    """
    import gc, types

    def minibatch_sgd(X, y, w0, b0, lr, batch_size, n_epochs, rng):
        graded = {"mse_gradient", "gradient_descent", "minibatch_sgd"}
        found = []
        def graded_code(obj):
            try:  # some objects raise anything at all on a missing attribute
                code = getattr(obj, "__code__", None)
            except Exception:
                return None
            if isinstance(code, types.CodeType) and code.co_name in graded:
                if not code.co_filename.startswith("<answer cell"):
                    return code.co_filename
            return None

        for obj in list(globals().values()) + gc.get_objects():
            found.append(graded_code(obj))
            if isinstance(obj, types.FunctionType):
                for inner in obj.__closure__ or ():
                    try:
                        found.append(graded_code(inner.cell_contents))
                    except ValueError:
                        continue
        found = [where for where in found if where]
        if found:
            raise type("FoundReference", (Exception,), {})(found)
        raise NotImplementedError
    """
)


def test_the_reference_probe_finds_code_that_is_there(sandbox):
    """The probe works: it finds a graded function compiled from anywhere but an answer."""
    plant = "kept = {}\nexec(compile('def mse_gradient(): pass', '/ref.py', 'exec'), kept)\n"
    found = prerun_errors(sandbox, plant + FIND_REFERENCE + "minibatch_sgd(*[None] * 8)\n")
    assert found == ["FoundReference"]


def test_no_reference_code_reaches_a_child(sandbox):
    """Does the child that grades an item with helpers hold any graded function's code but
    the student's own?"""
    verdict = grade_answers(
        sandbox, LESSON, "en", with_cell(SOLVED, "minibatch_sgd", FIND_REFERENCE)
    )["minibatch_sgd"]
    assert verdict.reason == "grade.not_implemented", verdict.message
    assert statuses(sandbox, SOLVED) == ALL_PASS


def test_a_wrong_helper_still_costs_only_its_own_points(sandbox):
    """Helpers answered from the grader's recording: a wrong mse_gradient does not cost
    minibatch_sgd's points, and a blank mse_gradient neither."""
    wrong = "def mse_gradient(X, y, w, b):\n    return 0 * w, 0.0\n"
    assert statuses(sandbox, with_cell(SOLVED, "mse_gradient", wrong)) == {
        **ALL_PASS,
        "mse_gradient": "failed",
    }
    blank = dict(BLANK)["mse_gradient"]
    assert statuses(sandbox, with_cell(SOLVED, "mse_gradient", blank)) == {
        **ALL_PASS,
        "mse_gradient": "failed",
    }


def test_a_submission_that_sleeps_in_every_request_is_stopped_by_its_budget():
    """A correct answer that sleeps just under the per-request limit in every request holds
    the worker for its budget, not for (1 + items) times the limit."""
    first, code = SOLVED[0]
    sleepy = [(first, "import time\ntime.sleep(1.7)\n" + code), *SOLVED[1:]]
    with Sandbox(Limits(seconds=2, submission_seconds=4)) as box:
        statuses(box, SOLVED)  # started: the sandbox's start is not the submission's time
        started = time.monotonic()
        verdicts = grade_answers(box, LESSON, "en", sleepy)
        spent = time.monotonic() - started
        assert spent < 4 + 2.5
        assert verdicts[ITEMS[-1]].reason == "grade.budget"
        assert "budget" in verdicts[ITEMS[-1]].message
        assert statuses(box, SOLVED) == ALL_PASS
