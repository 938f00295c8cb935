"""The processes inside the sandbox that run students' code.

Three levels, so that no child ever sees what another student's code or data left behind:

* the **template** (PID 1 of the sandbox, bubblewrap's ``--as-pid-1``) imports the heavy
  libraries once and never reads anything from the grader: it never holds a student's data.
  Before each submission it kills whatever is left, empties every writable place (``/tmp``,
  ``/dev/shm``, System V IPC objects) and forks
* a **submission** process, which answers the grader's ``begin`` (so the grader knows the
  state is fresh), reads that submission's requests and, for each one, forks
* a **child** (copy-on-write, so nothing a submission patches survives it) with resource
  limits, a wall-clock limit and no descriptor but its result pipe.

The channel to the trusted grader is a pair of private descriptors of the template and of
the submission process; their standard streams are ``/dev/null`` and both are non-dumpable,
so a child (same user) can open neither through ``/proc``. Nothing on either side is ever
unpickled here: a request is a JSON header frame, then opaque frames that only the child
opens; the reply is a JSON header (echoing the request's nonce, written here, never by the
child) and one frame of the child's bytes, which the grader parses as plain data.

Frames on both pipes are those of :mod:`autograder.inside.wire`.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import resource
import select
import shutil
import signal
import time
from typing import Any

from autograder.inside.wire import (
    MAX_HEADER,
    MAX_REPLY,
    MAX_REQUEST,
    Closed,
    read_frame,
    write_frames,
)

WRITABLE = ("/tmp", "/dev/shm")  # emptied before every submission
_IPC_RMID = 0
_ENDED = 3  # a submission process's exit code after ``end``, and only then


class _Channel:
    """The grader's pipes, read and written without buffering, so that the template and a
    submission process, which share them in turn, never read a byte meant for the other."""

    def __init__(self, requests: int, replies: int) -> None:
        self.requests, self.replies = requests, replies

    def read(self, limit: int) -> bytes | None:
        """The next frame, or None at the end of input."""
        try:
            return read_frame(self.requests, limit)
        except Closed:
            return None

    def read_header(self) -> dict[str, Any] | None:
        payload = self.read(MAX_HEADER)
        if payload is None:
            return None
        header = json.loads(payload)
        if not isinstance(header, dict):
            raise ValueError("a request header is a JSON object")
        return header

    def write(self, *payloads: bytes) -> None:
        write_frames(self.replies, *payloads)


def serve() -> None:
    """The template: keep one fresh submission process ready, forked only once the sandbox
    holds nothing of an earlier submission, until stdin closes. Anything unexpected (a state
    it cannot clean, a submission process that did not end cleanly) ends the whole sandbox;
    the grader starts a new one."""
    _preload()
    _not_dumpable()
    # The channel moves to private descriptors; stdio is /dev/null, so stray prints go nowhere.
    channel = _Channel(os.dup(0), os.dup(1))
    null = os.open(os.devnull, os.O_RDWR)
    for target in (0, 1, 2):
        os.dup2(null, target)
    os.close(null)
    channel.write(json.dumps({"ready": True}).encode())
    while True:
        # Made ready while the grader judges the last submission, off its critical path.
        _fresh_state()
        pid = os.fork()
        if pid == 0:
            _submission(channel)  # never returns
        if _reap_until(pid) != _ENDED:
            return  # end of input, killed, or did not end cleanly: nothing it left is trusted


def _preload() -> None:
    """Import what lessons use, once, so that each child starts warm."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot
    import numpy  # noqa: F401
    import torch

    torch.set_num_threads(1)
    import autograder.inside.child  # noqa: F401


def _not_dumpable() -> None:
    """Forbid children (same user) from reading or tracing this process's memory or opening
    its descriptors through /proc; the processes it forks inherit this."""
    pr_set_dumpable = 4
    try:
        ctypes.CDLL(None).prctl(pr_set_dumpable, 0, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _reap_until(pid: int) -> int:
    """Wait for ``pid``, reaping the orphans handed to this init on the way; its exit code."""
    while True:
        done, status = os.waitpid(-1, 0)
        if done == pid:
            return os.waitstatus_to_exitcode(status)


def _fresh_state() -> None:
    """Leave nothing of an earlier submission: no process, no file, no IPC object."""
    _kill_strays()
    mounts = _mount_points()
    for folder in WRITABLE:
        if os.path.isdir(folder):
            _empty(folder, mounts)
            if _left_in(folder, mounts):
                raise RuntimeError(f"{folder} could not be emptied")
    _remove_ipc_objects()


def _mount_points() -> set[str]:
    """Where bubblewrap mounted something (the Python environment, when it lives under /tmp,
    is a read-only mount inside the writable /tmp)."""
    with open("/proc/self/mountinfo") as table:
        return {line.split()[4] for line in table if line.strip()}


def _holds_mount(path: str, mounts: set[str]) -> bool:
    return any(mount.startswith(path + "/") for mount in mounts)


def _empty(folder: str, mounts: set[str]) -> None:
    """Remove everything in ``folder`` but mount points and the folders that lead to them
    (emptied of everything else), never walking into a mount."""
    for entry in os.scandir(folder):
        path = entry.path
        if path in mounts:
            continue
        if not entry.is_dir(follow_symlinks=False):
            os.unlink(path)
            continue
        # A submission may have left folders without permissions; they belong to this user.
        os.chmod(path, 0o700)
        if _holds_mount(path, mounts):
            _empty(path, mounts)
            continue
        for root, folders, _ in os.walk(path):
            for name in folders:
                inner = os.path.join(root, name)
                if not os.path.islink(inner):
                    os.chmod(inner, 0o700)  # before the walk goes in
        shutil.rmtree(path)


def _left_in(folder: str, mounts: set[str]) -> list[str]:
    """What is in ``folder`` that is neither a mount point nor a folder leading to one."""
    left = []
    for entry in os.scandir(folder):
        if entry.path in mounts:
            continue
        if entry.is_dir(follow_symlinks=False) and _holds_mount(entry.path, mounts):
            left += _left_in(entry.path, mounts)
        else:
            left.append(entry.path)
    return left


def _remove_ipc_objects() -> None:
    """Remove System V shared memory, queues and semaphores (the IPC namespace is the
    sandbox's, shared by its submissions); a child cannot create POSIX queues at all."""
    libc = ctypes.CDLL(None, use_errno=True)
    for kind, remove in (
        ("shm", lambda i: libc.shmctl(i, _IPC_RMID, None)),
        ("msg", lambda i: libc.msgctl(i, _IPC_RMID, None)),
        ("sem", lambda i: libc.semctl(i, 0, _IPC_RMID)),
    ):
        for ident in _ipc_ids(kind):
            remove(ident)
        if _ipc_ids(kind):
            raise RuntimeError(f"System V {kind} objects could not be removed")


def _ipc_ids(kind: str) -> list[int]:
    try:
        with open(f"/proc/sysvipc/{kind}") as table:
            rows = table.read().splitlines()[1:]
    except OSError:
        return []
    return [int(row.split()[1]) for row in rows if row.strip()]


def _submission(channel: _Channel) -> None:
    """Wait for ``begin``, then serve one submission's requests until ``end``; exit with
    :data:`_ENDED` only then."""
    code = 1
    try:
        begin = channel.read_header()
        if begin is None:
            raise EOFError
        nonce = begin.get("nonce")
        if begin.get("kind") != "begin" or not isinstance(nonce, str) or len(nonce) > 64:
            raise ValueError("a submission starts with begin")
        channel.write(json.dumps({"begun": nonce}).encode())
        while (header := channel.read_header()) is not None:
            if header.get("kind") == "end":
                code = _ENDED
                break
            request = _checked(header)
            blobs = []
            for _ in range(request["blobs"]):
                blob = channel.read(MAX_REQUEST)
                if blob is None:
                    raise EOFError
                blobs.append(blob)
            status, data = _run_child(request, blobs)
            # The nonce comes from this process, never from the child's bytes.
            status["nonce"] = request["nonce"]
            channel.write(json.dumps(status).encode(), data)
    except BaseException:  # end of input, a malformed request or a signal: the template ends
        code = 1
    finally:
        os._exit(code)


def _checked(header: dict[str, Any]) -> dict[str, Any]:
    """The request, if its header has what this process relies on."""
    nonce, blobs = header.get("nonce"), header.get("blobs")
    timeout, memory = header.get("timeout"), header.get("memory")
    if header.get("kind") not in {"prerun", "item"}:
        raise ValueError("unknown request")
    if not isinstance(nonce, str) or not 0 < len(nonce) <= 64:
        raise ValueError("bad nonce")
    if not isinstance(blobs, int) or not 0 <= blobs <= 4:
        raise ValueError("bad blob count")
    if not isinstance(timeout, int | float) or not isinstance(memory, int) or timeout <= 0:
        raise ValueError("bad limits")
    return header


def _run_child(request: dict[str, Any], blobs: list[bytes]) -> tuple[dict[str, Any], bytes]:
    read_end, write_end = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(request, blobs, write_end)
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
    raise RuntimeError("processes of a submission outlived it")


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


def _child(request: dict[str, Any], blobs: list[bytes], fd: int) -> None:
    code = 0
    try:
        os.setsid()
        _limit(request)
        null = os.open(os.devnull, os.O_RDWR)
        for target in (0, 1, 2):
            os.dup2(null, target)
        os.closerange(3, fd)
        os.closerange(fd + 1, 65536)
        from autograder.inside import child

        child.handle(request, blobs, fd)
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
        # POSIX message queues outlive their creator and cannot be listed to be removed.
        (resource.RLIMIT_MSGQUEUE, 0),
    ):
        resource.setrlimit(name, (value, value))


if __name__ == "__main__":
    serve()
