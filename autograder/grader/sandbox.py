"""The sandbox a submission's code runs in: Debian's bubblewrap around a warm Python process.

What it does: new user, PID, network, IPC and UTS namespaces (so no network at all, and no
process outside can be seen or signalled); a read-only view of the system libraries, the
Python installation and ``autograder.student`` + ``autograder.sandbox`` only (the course
directory, the reference, the mistakes, the hidden tests and the rest of the disk are not
there); a private 64 MiB ``/tmp`` and ``/dev/shm`` as the only writable places; all
capabilities dropped. Per request (one forked child): a wall-clock limit, CPU-time,
data-size, file-size and open-file limits, and every process left behind is killed. Per sandbox,
where the machine lets root create cgroups (v1 ``pids`` and ``memory``): at most
``processes`` processes and ``memory`` bytes in all, so a fork bomb or a leak stays inside.
Per submission: a process forked from a template that never held a student's data, emptied
writable places and a time budget (see :mod:`autograder.sandbox.zygote`). Each reply must
echo its request's random nonce and be alone on the pipe, or the sandbox is discarded.

What it does not cover: CPU time stolen from other graders while a request runs (limited by
the wall-clock limit), side channels, and kernel exploits; with no cgroups the process count
is not capped (requests are still killed at their time limit).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.sandbox.zygote import MAX_HEADER, MAX_REPLY, WRITABLE, frame, write_frame

PACKAGE = Path(__file__).resolve().parents[1]
INSIDE = "/opt/backprop"  # where the student-side modules appear inside the sandbox
VISIBLE_PARTS = ("__init__.py", "student", "sandbox")
SYSTEM_PATHS = ("/usr", "/bin", "/lib", "/lib64", "/etc/ld.so.cache", "/etc/alternatives")
PASSED_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "LANG")
CGROUPS = Path("/sys/fs/cgroup")
START_SECONDS = 120.0  # for a new sandbox to import numpy, torch and matplotlib
BEGIN_SECONDS = 30.0  # for the template to clean up after a submission
REPLY_GRACE = 5.0  # beyond a request's limit, for its child's leftovers to be killed
MIN_REQUEST_SECONDS = 0.05  # less budget than this left: the request is not run
BOOT = (
    "import sys; sys.path[:0] = [{inside!r}, {site!r}]; "
    "from autograder.sandbox.zygote import serve; serve()"
)


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create namespaces here."""


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandbox and of each request in it."""

    seconds: float = 30.0  # wall clock per request
    submission_seconds: float = 60.0  # wall clock for all requests of one submission
    memory: int = 2 * 2**30  # data bytes per request
    sandbox_memory: int = 4 * 2**30  # all processes of one sandbox, where cgroups allow
    processes: int = 64  # all processes of one sandbox, where cgroups allow


@dataclass(frozen=True)
class Reply:
    """What came back for one request: how it ended, and the child's bytes (unparsed)."""

    outcome: str  # ok | timeout | killed | too_big | crashed | budget (not run)
    data: bytes
    seconds: float


def bubblewrap() -> str:
    """The path of ``bwrap``, or :class:`SandboxUnavailable` saying how to install it."""
    path = shutil.which("bwrap")
    if path is None:
        raise SandboxUnavailable(
            "bubblewrap (bwrap) is not installed; grading runs students' code only inside it. "
            "Install it with: sudo apt-get install bubblewrap"
        )
    return path


def _site_packages() -> str:
    return next(p for p in sys.path if p.endswith("site-packages") and p.startswith(sys.prefix))


def command() -> list[str]:
    """The bubblewrap command line that starts a sandboxed warm Python process."""
    # --as-pid-1: no bubblewrap init holding the grader's pipes as its stdio; the template
    # (non-dumpable) is PID 1 and keeps them on private descriptors.
    args = [bubblewrap(), "--unshare-all", "--as-pid-1", "--die-with-parent", "--new-session"]
    args += ["--cap-drop", "ALL", "--clearenv", "--setenv", "PATH", "/usr/bin:/bin"]
    for name, value in {
        "HOME": "/tmp",
        "MPLCONFIGDIR": "/tmp",
        "MPLBACKEND": "Agg",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        **{k: os.environ[k] for k in PASSED_ENV if k in os.environ},
    }.items():
        args += ["--setenv", name, value]
    args += ["--proc", "/proc", "--dev", "/dev"]
    for path in WRITABLE:  # emptied by the template before each submission
        args += ["--size", str(64 * 2**20), "--tmpfs", path]
    for path in SYSTEM_PATHS:
        args += ["--ro-bind-try", path, path]
    for path in dict.fromkeys((sys.base_prefix, sys.prefix)):
        args += ["--ro-bind", path, path]
    for part in VISIBLE_PARTS:
        args += ["--ro-bind", str(PACKAGE / part), f"{INSIDE}/autograder/{part}"]
    # Nothing else is writable: not the root bubblewrap builds, not /dev.
    args += ["--remount-ro", "/dev", "--remount-ro", "/"]
    args += ["--chdir", "/tmp", sys.executable, "-I", "-S", "-c"]
    return [*args, BOOT.format(inside=INSIDE, site=_site_packages())]


class Sandbox:
    """One sandboxed template process; :meth:`request` runs one request in a fresh child.

    Requests between :meth:`begin` and :meth:`end` (or inside :meth:`submission`) are one
    submission's: they share a process forked from the pristine template, and the whole
    submission has a time budget (``Limits.submission_seconds``), after which its requests
    are answered ``budget`` without running. If the sandbox dies, stops answering or
    answers anything but the reply to the request just sent, it is killed and started again,
    so one submission cannot spoil the grading of the next."""

    def __init__(self, limits: Limits = Limits()) -> None:
        self.limits = limits
        self._process: subprocess.Popen[bytes] | None = None
        self._cgroups: list[Path] = []
        self._begun = False  # is a submission process of the current sandbox serving?
        self._deadline: float | None = None  # when the current submission's budget ends

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def submission(self) -> Iterator[None]:
        """Grade one submission: its requests run in a fresh state and share one budget."""
        self.end()
        self._deadline = time.monotonic() + self.limits.submission_seconds
        try:
            yield
        finally:
            self.end()
            self._deadline = None

    def end(self) -> None:
        """Let the current submission process go: the next request gets a fresh one."""
        if self._begun and self._process is not None and self._process.poll() is None:
            assert self._process.stdin is not None
            try:
                write_frame(self._process.stdin, json.dumps({"kind": "end"}).encode())
            except OSError:
                self.close()
        self._begun = False

    def request(self, request: dict[str, Any]) -> Reply:
        """Send one request (see :mod:`autograder.sandbox.child`); wait for its reply."""
        started = time.monotonic()
        seconds = self.limits.seconds
        if self._deadline is not None:
            seconds = min(seconds, self._deadline - started)
            if seconds < MIN_REQUEST_SECONDS:
                return Reply("budget", b"", 0.0)
        nonce = secrets.token_hex(16)
        blobs = [request[key] for key in ("setup", "job") if key in request]
        header = {
            "kind": request["kind"],
            "cells": [list(cell) for cell in request["cells"]],
            "skip": list(request["skip"]),
            "nonce": nonce,
            "timeout": seconds,
            "memory": self.limits.memory,
            "blobs": len(blobs),
        }
        try:
            process = self._begin()
            assert process.stdin is not None and process.stdout is not None
            process.stdin.write(b"".join(frame(p) for p in (json.dumps(header).encode(), *blobs)))
            process.stdin.flush()
            # The child's own limit fires first; killing what it left may take a moment.
            deadline = time.monotonic() + seconds + REPLY_GRACE
            fd = process.stdout.fileno()
            status = json.loads(_read_frame(fd, deadline, MAX_HEADER))
            data = _read_frame(fd, deadline, MAX_REPLY)
            if not isinstance(status, dict) or status.get("nonce") != nonce or _pending(fd):
                raise ValueError("a reply that does not answer this request")
        except (OSError, ValueError, TimeoutError, UnicodeDecodeError):
            self.close()
            return Reply("crashed", b"", time.monotonic() - started)
        outcome = status.get("outcome")
        if outcome not in {"ok", "timeout", "killed", "too_big"}:
            outcome = "crashed"
        if outcome == "ok" and status.get("exit") != 0:
            outcome = "crashed"
        return Reply(outcome, data, time.monotonic() - started)

    def _begin(self) -> subprocess.Popen[bytes]:
        """The running sandbox with a submission process serving; a fresh sandbox if the
        template cannot vouch for a clean state."""
        for attempt in range(2):
            process = self._running()
            if self._begun:
                return process
            assert process.stdin is not None and process.stdout is not None
            nonce = secrets.token_hex(16)
            try:
                write_frame(process.stdin, json.dumps({"kind": "begin", "nonce": nonce}).encode())
                deadline = time.monotonic() + BEGIN_SECONDS
                answer = json.loads(_read_frame(process.stdout.fileno(), deadline, MAX_HEADER))
                if not isinstance(answer, dict) or answer.get("begun") != nonce:
                    raise ValueError("the sandbox did not begin a submission")
            except (OSError, ValueError, TimeoutError, UnicodeDecodeError):
                self.close()
                if attempt:
                    raise
                continue
            self._begun = True
            return process
        raise AssertionError("unreachable")

    def _running(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._process.poll() is None:
            assert self._process.stdout is not None
            if not _pending(self._process.stdout.fileno()):
                return self._process
            # Bytes nobody asked for (a late extra frame): this sandbox is not trusted.
        self.close()
        self._cgroups = _make_cgroups(self.limits)
        self._process = subprocess.Popen(
            command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            preexec_fn=lambda: _join(self._cgroups),
        )
        assert self._process.stdout is not None
        try:
            ready = _read_frame(self._process.stdout.fileno(), time.monotonic() + START_SECONDS, 64)
            if json.loads(ready) != {"ready": True}:
                raise ValueError("the sandbox did not start")
        except (OSError, ValueError, TimeoutError, UnicodeDecodeError) as exc:
            self.close()
            raise OSError("the sandbox did not start") from exc
        return self._process

    def close(self) -> None:
        """Kill the sandbox and everything in it."""
        self._begun = False
        if self._process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._process.pid, signal.SIGKILL)
            with contextlib.suppress(ProcessLookupError):
                self._process.kill()
            self._process.wait()
            for stream in (self._process.stdin, self._process.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
            self._process = None
        for group in self._cgroups:
            with contextlib.suppress(OSError):
                group.rmdir()
        self._cgroups = []


def _pending(fd: int) -> bool:
    """Whether more bytes wait after a reply (a forged or extra frame)."""
    return bool(select.select([fd], [], [], 0)[0])


def _read_frame(fd: int, deadline: float, limit: int) -> bytes:
    size = int.from_bytes(_read_exactly(fd, 8, deadline), "big")
    if size > limit:
        raise ValueError(f"a reply of {size} bytes is over the limit of {limit}")
    return _read_exactly(fd, size, deadline)


def _read_exactly(fd: int, count: int, deadline: float) -> bytes:
    chunks, left = [], count
    while left:
        wait = deadline - time.monotonic()
        if wait <= 0 or not select.select([fd], [], [], wait)[0]:
            raise TimeoutError("the sandbox did not answer in time")
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise OSError("the sandbox closed its output")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _make_cgroups(limits: Limits) -> list[Path]:
    """A pids and a memory cgroup (v1) for one sandbox, where root may create them."""
    made = []
    name = f"backprop-grader-{os.getpid()}-{time.monotonic_ns()}"
    for controller, settings in (
        ("pids", {"pids.max": limits.processes}),
        ("memory", {"memory.limit_in_bytes": limits.sandbox_memory}),
    ):
        group = CGROUPS / controller / name
        try:
            group.mkdir()
            for key, value in settings.items():
                (group / key).write_text(str(value))
        except OSError:
            with contextlib.suppress(OSError):
                group.rmdir()
            continue
        made.append(group)
    return made


def _join(groups: list[Path]) -> None:
    """In the new process before it becomes bubblewrap: enter the sandbox's cgroups, and
    lead a process group of its own so that the whole sandbox can be killed at once."""
    os.setpgrp()
    for group in groups:
        (group / "cgroup.procs").write_text(str(os.getpid()))
