"""The process inside the sandbox that runs students' code, one forked child per request.

It imports the heavy libraries once, then serves requests from the trusted grader on stdin:
each request is run in a fresh child (copy-on-write, so nothing a submission patches survives
it) with resource limits, a wall-clock limit and no inherited descriptors but its result
pipe. The child's bytes go back to the grader unread; the grader parses them as plain data.

Frames on both pipes: an 8-byte big-endian length, then the payload. A request is a pickle
written by the trusted grader; a reply is a JSON header frame and a data frame.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import pickle
import resource
import select
import signal
import struct
import sys
import time
from typing import Any, BinaryIO

MAX_REPLY = 64 * 2**20  # bytes a child may send back
_LENGTH = struct.Struct(">Q")


def frame(payload: bytes) -> bytes:
    """``payload`` with its length in front, as both pipes carry it."""
    return _LENGTH.pack(len(payload)) + payload


def write_frame(stream: BinaryIO, payload: bytes) -> None:
    stream.write(frame(payload))
    stream.flush()


def read_frame(stream: BinaryIO, limit: int = MAX_REPLY) -> bytes | None:
    """One frame, or None at end of stream. Raises ValueError on a frame over ``limit``."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack(head)
    if size > limit:
        raise ValueError(f"frame of {size} bytes is over the limit of {limit}")
    payload = stream.read(size)
    return payload if len(payload) == size else None


def serve() -> None:
    """Answer requests until stdin closes."""
    _preload()
    _not_dumpable()
    requests = sys.stdin.buffer
    # Replies go out on a private descriptor (children close it); stray prints go nowhere.
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    while (frame := read_frame(requests, limit=2**31)) is not None:
        request = pickle.loads(frame)  # written by the trusted grader
        status, data = _run_child(request)
        write_frame(replies, json.dumps(status).encode())
        write_frame(replies, data)


def _preload() -> None:
    """Import what lessons use, once, so that each child starts warm."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot
    import numpy  # noqa: F401
    import torch

    torch.set_num_threads(1)
    import autograder.sandbox.child  # noqa: F401


def _not_dumpable() -> None:
    """Forbid children (same user) from reading or tracing this process's memory."""
    pr_set_dumpable = 4
    try:
        ctypes.CDLL(None).prctl(pr_set_dumpable, 0, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _run_child(request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    read_end, write_end = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(request, write_end)
    os.close(write_end)
    data, status = _collect(pid, read_end, float(request["timeout"]))
    os.close(read_end)
    _kill_strays()
    status["seconds"] = round(time.monotonic() - started, 4)
    return status, data


def _collect(pid: int, fd: int, timeout: float) -> tuple[bytes, dict[str, Any]]:
    chunks: list[bytes] = []
    size, deadline, outcome = 0, time.monotonic() + timeout, "ok"
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            outcome = "timeout"
            break
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        size += len(chunk)
        if size > MAX_REPLY:
            outcome = "too_big"
            break
        chunks.append(chunk)
    if outcome != "ok":
        _kill(pid)
    _, wait_status = os.waitpid(pid, 0)
    if outcome == "ok" and os.WIFSIGNALED(wait_status):
        outcome = "killed"
    code = os.waitstatus_to_exitcode(wait_status)
    return b"".join(chunks), {"outcome": outcome, "exit": code}


def _kill(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _kill_strays() -> None:
    """Kill every process of this sandbox but its init and this one (a child's children,
    however they detached, a fork bomb included), and wait until they are gone."""
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline:
        # In a PID namespace, kill(-1) signals every process in it but init and the caller.
        with contextlib.suppress(ProcessLookupError):
            os.kill(-1, signal.SIGKILL)
        while True:
            try:
                if os.waitpid(-1, os.WNOHANG) == (0, 0):
                    break
            except ChildProcessError:
                break
        if not _others_alive():
            return
        time.sleep(0.005)


def _others_alive() -> bool:
    me = os.getpid()
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) not in (1, me):
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if stat.read().rsplit(")", 1)[1].split()[0] != "Z":
                        return True
            except OSError:
                continue
    return False


def _child(request: dict[str, Any], fd: int) -> None:
    code = 0
    try:
        os.setsid()
        _limit(request)
        null = os.open(os.devnull, os.O_RDWR)
        for target in (0, 1, 2):
            os.dup2(null, target)
        os.closerange(3, fd)
        os.closerange(fd + 1, 65536)
        from autograder.sandbox import child

        child.handle(request, fd)
    except BaseException:  # whatever the submission did, the child ends here
        code = 1
    finally:
        os._exit(code)


def _limit(request: dict[str, Any]) -> None:
    memory = int(request["memory"])
    cpu = int(request["timeout"]) + 2
    for name, value in (
        (resource.RLIMIT_DATA, memory),
        (resource.RLIMIT_CPU, cpu),
        (resource.RLIMIT_FSIZE, 16 * 2**20),
        (resource.RLIMIT_NOFILE, 256),
        (resource.RLIMIT_CORE, 0),
    ):
        resource.setrlimit(name, (value, value))


if __name__ == "__main__":
    serve()
