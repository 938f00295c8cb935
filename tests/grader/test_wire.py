"""The one framing of the sandbox's pipes, as both sides read and write it."""

from __future__ import annotations

import os
import time

import pytest

from autograder.inside.wire import Closed, frame, read_frame, split_frames, write_frames


@pytest.fixture
def pipe():
    read_end, write_end = os.pipe()
    yield read_end, write_end
    for fd in (read_end, write_end):
        try:
            os.close(fd)
        except OSError:
            pass


def test_frames_written_are_read_back_in_order(pipe):
    read_end, write_end = pipe
    write_frames(write_end, b"header", b"", b"x" * 50_000)
    assert [read_frame(read_end, 1 << 20) for _ in range(3)] == [b"header", b"", b"x" * 50_000]


def test_a_frame_over_the_limit_is_refused_before_its_payload(pipe):
    read_end, write_end = pipe
    os.write(write_end, frame(b"x" * 100)[:8])  # the length alone: the payload never comes
    with pytest.raises(ValueError, match="over the limit of 99"):
        read_frame(read_end, 99, time.monotonic() + 1)


def test_a_silent_pipe_times_out_at_the_deadline(pipe):
    read_end, write_end = pipe
    os.write(write_end, frame(b"abc")[:5])
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        read_frame(read_end, 100, started + 0.2)
    assert 0.2 <= time.monotonic() - started < 2


def test_a_closed_pipe_is_closed_not_a_short_frame(pipe):
    read_end, write_end = pipe
    os.write(write_end, frame(b"abc")[:6])
    os.close(write_end)
    with pytest.raises(Closed):
        read_frame(read_end, 100)


@pytest.mark.parametrize(
    ("data", "frames", "whole"),
    [
        (frame(b"a") + frame(b"bc"), [b"a", b"bc"], True),
        (frame(b"a") + frame(b"bc")[:-1], [b"a"], False),
        (frame(b"a") + b"\x00\x00", [b"a"], False),
        (frame(b"a") + frame(b"x" * 11), [b"a"], False),  # over the limit of 10
        (b"", [], True),
    ],
)
def test_split_frames_keeps_whole_frames_only(data, frames, whole):
    assert split_frames(data, 10) == (frames, whole)
