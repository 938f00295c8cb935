"""Call a graded function on one hidden case and keep only plain data about what it did."""

from __future__ import annotations

import contextlib
import copy
import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

# What a result can be that is not readable as numbers; the trusted side words the message.
EXPECTED_TUPLE = "expected_tuple"
NOT_NUMBERS = "not_numbers"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")


@dataclass(frozen=True)
class Run:
    """What one call did: its outputs as float64 arrays, or the exception type it raised.

    ``unreadable`` is ``EXPECTED_TUPLE`` or ``NOT_NUMBERS:<type name>``."""

    outputs: tuple[np.ndarray, ...] | None
    error: str | None
    unreadable: str | None = None
    modified_input: bool = False


def safe_name(name: object) -> str:
    """A type name fit to show in feedback: an identifier of at most 40 characters."""
    match = _NAME.fullmatch(str(name))
    return match.group(0) if match else "object"


def call(fn: Callable[..., Any], args: tuple[Any, ...], n_outputs: int) -> Run:
    """Call ``fn`` on a private copy of ``args``, silencing its prints and warnings."""
    private = copy.deepcopy(args)
    sink = io.StringIO()
    try:
        with (
            warnings.catch_warnings(),
            np.errstate(all="ignore"),
            contextlib.redirect_stdout(sink),
            contextlib.redirect_stderr(sink),
        ):
            warnings.simplefilter("ignore")
            result = fn(*private)
    except Exception as exc:  # a submission may raise anything; report its type
        return Run(outputs=None, error=safe_name(type(exc).__name__))
    modified = not inputs_equal(args, private)
    try:
        outputs = as_arrays(result, n_outputs)
    except _Unreadable as exc:
        return Run(outputs=None, error=None, unreadable=str(exc), modified_input=modified)
    return Run(outputs=outputs, error=None, modified_input=modified)


class _Unreadable(Exception):
    pass


def as_arrays(result: Any, n_outputs: int) -> tuple[np.ndarray, ...]:
    """Copy a result into plain float64 arrays; anything else is unreadable."""
    parts = (result,) if n_outputs == 1 else result
    if n_outputs > 1 and (not isinstance(parts, tuple | list) or len(parts) != n_outputs):
        raise _Unreadable(EXPECTED_TUPLE)
    arrays = []
    for part in parts:
        if not isinstance(part, np.ndarray | np.generic | float | int | list | tuple):
            raise _Unreadable(f"{NOT_NUMBERS}:{safe_name(type(part).__name__)}")
        try:
            arrays.append(np.array(part, dtype=np.float64, copy=True))
        except (TypeError, ValueError):
            raise _Unreadable(f"{NOT_NUMBERS}:{safe_name(type(part).__name__)}") from None
    return tuple(arrays)


def inputs_equal(before: tuple[Any, ...], after: tuple[Any, ...]) -> bool:
    """Whether every array argument is unchanged (same shape and values)."""
    for a, b in zip(before, after, strict=True):
        if isinstance(a, np.ndarray) and not (a.shape == b.shape and np.array_equal(a, b)):
            return False
    return True
