"""Helpers of a graded function, answered from calls the grader recorded, not from code.

When a graded function calls another of the lesson's functions (``minibatch_sgd`` calls
``mse_gradient``), a mistake in the helper must not cost the caller's points, so the grader
stands in for the helper. It does so with data: it runs the reference on the hidden cases
once and records every helper call (arguments and result). No reference code is ever sent
into the sandbox.

The recording is sent *sealed*: each result is encrypted under its own call's arguments, and
found by a digest of them. The submission runs beside the recording, so it could read an
open one and return the answers without computing them (the gradients ``model_backward``
must find are the recorded answers of ``Linear.backward``). Sealed, a result opens only for
a call with exactly the recorded arguments, that is for code that has computed them; any
other call is one the reference never made, so the submission's own function (or the
notebook's given one) answers it.
"""

from __future__ import annotations

import hashlib
import pickle
import secrets
import struct
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

Recorded = list[tuple[tuple[tuple[Any, ...], dict[str, Any]], Any]]  # ((args, kwargs), result)


class Sealed:
    """A recording of helper calls that answers a call only when given its arguments."""

    def __init__(self, recorded: Recorded) -> None:
        self.salt = secrets.token_bytes(16)
        self.entries: dict[bytes, bytes] = {}
        for given, result in recorded:
            arguments = canonical(given)
            if arguments is not None:  # an argument no call in the sandbox can equal
                self.entries.setdefault(self._key(arguments), self._cipher(arguments, result))

    def open(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[bool, Any]:
        """``(True, result)`` for a recorded call, ``(False, None)`` for any other."""
        arguments = canonical((args, kwargs))
        if arguments is None:
            return False, None
        sealed = self.entries.get(self._key(arguments))
        if sealed is None:
            return False, None
        return True, pickle.loads(_xor(sealed, self._stream(arguments, len(sealed))))

    def _key(self, arguments: bytes) -> bytes:
        return hashlib.sha256(b"key" + self.salt + arguments).digest()

    def _stream(self, arguments: bytes, size: int) -> bytes:
        return hashlib.shake_256(b"stream" + self.salt + arguments).digest(size)

    def _cipher(self, arguments: bytes, result: Any) -> bytes:
        plain = pickle.dumps(result)
        return _xor(plain, self._stream(arguments, len(plain)))


def answered(sealed: Sealed, fallback: Callable[..., Any] | None) -> Callable[..., Any]:
    """A function that answers the calls ``sealed`` holds, and passes others to ``fallback``."""

    def helper(*args: Any, **kwargs: Any) -> Any:
        found, result = sealed.open(args, kwargs)
        if found:
            return result
        if fallback is None:
            raise NameError("a helper this function needs is not defined")
        return fallback(*args, **kwargs)

    return helper


def canonical(value: Any) -> bytes | None:
    """The bytes that identify an argument by value: arrays and numbers as float64 (an int and
    the equal float alike, -0.0 as 0.0), tuples and lists alike, mappings by sorted key; None
    for anything else (an object is only ever the same as itself, never a copy)."""
    if isinstance(value, np.ndarray | np.generic):
        try:
            array = np.ascontiguousarray(value, dtype=np.float64) + 0.0
        except (TypeError, ValueError):
            return None
        return b"A" + repr(array.shape).encode() + b":" + array.tobytes()
    if isinstance(value, bool):
        return b"T" if value else b"F"
    if isinstance(value, int | float):
        try:
            return b"N" + struct.pack("<d", float(value) + 0.0)
        except OverflowError:
            return None
    if isinstance(value, str):
        return b"S" + _sized(value.encode("utf-8"))
    if value is None:
        return b"0"
    if isinstance(value, tuple | list):
        return _joined(b"L", [canonical(item) for item in value])
    if isinstance(value, Mapping) and all(isinstance(key, str) for key in value):
        keys = sorted(value)
        return _joined(
            b"M", [part for key in keys for part in (canonical(key), canonical(value[key]))]
        )
    return None


def _joined(kind: bytes, parts: list[bytes | None]) -> bytes | None:
    """``kind``, the number of ``parts`` and each part with its length; None if any is."""
    if any(part is None for part in parts):
        return None
    return (
        kind + struct.pack("<Q", len(parts)) + b"".join(_sized(p) for p in parts if p is not None)
    )


def _sized(data: bytes) -> bytes:
    return struct.pack("<Q", len(data)) + data


def _xor(data: bytes, stream: bytes) -> bytes:
    return (int.from_bytes(data, "little") ^ int.from_bytes(stream, "little")).to_bytes(
        len(data), "little"
    )
