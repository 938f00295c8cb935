"""The framing of every pipe between the trusted grader and the sandbox, for both sides.

A frame is an 8-byte big-endian length, then that many bytes. Pipes are read and written
through their descriptors, never through buffered streams, so that two processes sharing a
pipe in turn (the template and a submission process) never read a byte meant for the other.
This module runs inside the sandbox too: it imports only the standard library.
"""

from __future__ import annotations

import os
import select
import struct
import time

MAX_REPLY = 64 * 2**20  # bytes a child may send back
MAX_HEADER = 1 << 16  # bytes of a JSON header frame (a reply's, or the template's)
MAX_REQUEST = 2**31  # bytes of a request frame (answer cells and the job)
LENGTH = struct.Struct(">Q")


class Closed(OSError):
    """The other end closed the pipe before a whole frame came."""


def frame(payload: bytes) -> bytes:
    """``payload`` with its length in front."""
    return LENGTH.pack(len(payload)) + payload


def write_frames(fd: int, *payloads: bytes) -> None:
    """Write each payload as one frame, all of it (a pipe may take it in parts)."""
    view = memoryview(b"".join(frame(payload) for payload in payloads))
    while view:
        view = view[os.write(fd, view) :]


def read_frame(fd: int, limit: int, deadline: float | None = None) -> bytes:
    """The next frame's payload. Raises :class:`Closed` at the end of the pipe,
    ``TimeoutError`` once ``time.monotonic()`` passes ``deadline`` (None: wait for ever) and
    ``ValueError`` on a length over ``limit``, before reading the payload."""
    (size,) = LENGTH.unpack(_read_exactly(fd, LENGTH.size, deadline))
    if size > limit:
        raise ValueError(f"a frame of {size} bytes is over the limit of {limit}")
    return _read_exactly(fd, size, deadline)


def split_frames(data: bytes, limit: int) -> tuple[list[bytes], bool]:
    """The whole frames at the start of ``data``, and whether they are all of it (False:
    bytes follow that are not a whole frame within ``limit``, e.g. a child killed while
    writing)."""
    frames, start = [], 0
    while start + LENGTH.size <= len(data):
        (size,) = LENGTH.unpack_from(data, start)
        end = start + LENGTH.size + size
        if size > limit or end > len(data):
            break
        frames.append(data[start + LENGTH.size : end])
        start = end
    return frames, start == len(data)


def _read_exactly(fd: int, count: int, deadline: float | None) -> bytes:
    chunks, left = [], count
    while left:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise TimeoutError("no frame in time")
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise Closed("the pipe closed")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
