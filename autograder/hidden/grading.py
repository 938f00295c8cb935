"""Compare a submitted function with the reference on hidden cases and name the mistake.

A submission passes when, on every case, its output matches the reference and it leaves
its inputs untouched. Otherwise the failure names the first catalogued mistake whose
mutant behaves exactly like the submission on every case, or else says what differs,
always in the lesson's language.
"""

from __future__ import annotations

import contextlib
import copy
import io
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograder.mistakes import Mistake, mistakes_for
from autograder.student.checks.common import helpers_swapped
from autograder.student.i18n import t

MODIFIES_INPUT = "mistake.common.modifies_input"
RTOL = 1e-7
ATOL = 1e-10


@dataclass(frozen=True)
class Spec:
    """How to grade one function: its reference, its hidden cases, the names of its outputs."""

    name: str
    reference: Callable[..., Any]
    cases: Callable[[], Sequence[tuple[Any, ...]]]
    outputs: tuple[str, ...]
    # Names in the submission's globals swapped for the reference during grading, so that
    # a mistake in one graded function does not cost the points of another that calls it.
    helpers: dict[str, Callable[..., Any]] = field(default_factory=dict)
    # Turns what is graded (a function, or a class such as an autodiff node) into the
    # function that the cases call; the reference and every mutant go through it too.
    adapt: Callable[[Any], Callable[..., Any]] = field(default=lambda graded: graded)
    # The name the answer cell defines, when it is not the grade id (a class ``Value``
    # graded as ``value``).
    defines: str = ""
    # Agreement required with the reference (and with a mutant, to name it).
    rtol: float = RTOL
    atol: float = ATOL

    @property
    def python_name(self) -> str:
        return self.defines or self.name


@dataclass(frozen=True)
class Run:
    """What one call did: its outputs as float64 arrays, or the exception type it raised."""

    outputs: tuple[np.ndarray, ...] | None
    error: str | None
    unreadable: str | None = None
    modified_input: bool = False


class GradingFailure(AssertionError):
    """A hidden test failed; the message is for the student, in the lesson's language."""


def passes(spec: Spec, submitted: Callable[..., Any]) -> bool:
    """Whether ``submitted`` earns the points, without looking for the mistake's name."""
    cases = spec.cases()
    runs, expected = _runs(spec, submitted, cases), _expected(spec)
    return _correct(runs, expected, spec) and not any(r.modified_input for r in runs)


def grade(spec: Spec, submitted: Callable[..., Any]) -> None:
    """Raise :class:`GradingFailure` naming the mistake unless ``submitted`` is correct."""
    cases = spec.cases()
    runs, expected = _runs(spec, submitted, cases), _expected(spec)

    if any(r.error == "NotImplementedError" for r in runs):
        _fail("grade.not_implemented", name=spec.python_name)

    if _correct(runs, expected, spec):
        if any(r.modified_input for r in runs):
            _fail_with_mistake(spec.python_name, MODIFIES_INPUT)
        print(t("grade.passed", name=spec.python_name, n=len(cases)))
        return

    named = _matching_mistake(spec, cases, runs)
    if named is not None:
        _fail_with_mistake(spec.python_name, named.catalogue_key)
    _fail_generic(spec, runs, expected)


_EXPECTED: dict[str, list[Run]] = {}


def _expected(spec: Spec) -> list[Run]:
    """The reference's runs on the spec's cases, computed once (cases are deterministic)."""
    if spec.name not in _EXPECTED:
        _EXPECTED[spec.name] = _runs(spec, spec.reference, spec.cases())
    return _EXPECTED[spec.name]


def _runs(spec: Spec, graded: Any, cases: Sequence[tuple]) -> list[Run]:
    fn = spec.adapt(graded)
    with helpers_swapped(graded, spec.helpers):
        return [_call(fn, args, len(spec.outputs)) for args in cases]


def _correct(runs: list[Run], expected: list[Run], spec: Spec) -> bool:
    return all(_same(r, e, spec) for r, e in zip(runs, expected, strict=True))


def _matching_mistake(spec: Spec, cases: Sequence[tuple], runs: list[Run]) -> Mistake | None:
    for candidate in mistakes_for(spec.name):
        mutant_runs = _runs(spec, candidate.mutant, cases)
        if all(_same(r, m, spec) for r, m in zip(runs, mutant_runs, strict=True)):
            return candidate
    return None


def _fail_with_mistake(name: str, key: str) -> None:
    _fail("grade.mistake", name=name, mistake=t(f"{key}.name"), hint=t(f"{key}.hint"))


def _fail_generic(spec: Spec, runs: list[Run], expected: list[Run]) -> None:
    for number, (run, want) in enumerate(zip(runs, expected, strict=True), start=1):
        if run.error is not None:
            _fail("grade.raised", name=spec.python_name, case=number, error=run.error)
        if run.unreadable is not None:
            _fail("grade.unreadable", name=spec.python_name, case=number, detail=run.unreadable)
        assert run.outputs is not None and want.outputs is not None
        for part, got, ref in zip(spec.outputs, run.outputs, want.outputs, strict=True):
            if got.shape != ref.shape:
                _fail(
                    "grade.wrong_shape",
                    name=spec.python_name,
                    part=part,
                    case=number,
                    actual=got.shape,
                    expected=ref.shape,
                )
            if not _close(got, ref, spec):
                error = float(np.max(np.abs(got - ref))) if np.all(np.isfinite(got)) else np.nan
                _fail(
                    "grade.wrong_value", name=spec.python_name, part=part, case=number, error=error
                )
    _fail("grade.wrong_somewhere", name=spec.python_name)


def _fail(key: str, **fields: Any) -> None:
    raise GradingFailure(t(key, **fields)) from None


def _call(fn: Callable[..., Any], args: tuple[Any, ...], n_outputs: int) -> Run:
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
        return Run(outputs=None, error=type(exc).__name__)
    modified = not _inputs_equal(args, private)
    try:
        outputs = _as_arrays(result, n_outputs)
    except (TypeError, ValueError) as exc:
        return Run(outputs=None, error=None, unreadable=str(exc), modified_input=modified)
    return Run(outputs=outputs, error=None, modified_input=modified)


def _as_arrays(result: Any, n_outputs: int) -> tuple[np.ndarray, ...]:
    """Copy a result into plain float64 arrays; anything else is unreadable."""
    parts = (result,) if n_outputs == 1 else result
    if n_outputs > 1 and (not isinstance(parts, tuple | list) or len(parts) != n_outputs):
        raise TypeError(t("grade.expected_tuple", n=n_outputs))
    arrays = []
    for part in parts:
        if not isinstance(part, np.ndarray | np.generic | float | int | list | tuple):
            raise TypeError(t("grade.not_numbers", kind=type(part).__name__))
        arrays.append(np.array(part, dtype=np.float64, copy=True))
    return tuple(arrays)


def _inputs_equal(before: tuple[Any, ...], after: tuple[Any, ...]) -> bool:
    for a, b in zip(before, after, strict=True):
        if isinstance(a, np.ndarray) and not (a.shape == b.shape and np.array_equal(a, b)):
            return False
    return True


def _close(got: np.ndarray, ref: np.ndarray, spec: Spec) -> bool:
    if got.shape != ref.shape:
        return False
    with np.errstate(all="ignore"):
        ok = np.abs(got - ref) <= spec.atol + spec.rtol * np.abs(ref)
        # Equal non-finite values (a mutant that divides by zero, as the student did) agree.
        ok |= (got == ref) | (np.isnan(got) & np.isnan(ref))
    return bool(np.all(ok))


def _same(a: Run, b: Run, spec: Spec) -> bool:
    if a.error is not None or b.error is not None:
        return a.error == b.error
    if a.outputs is None or b.outputs is None:
        return False
    return all(_close(x, y, spec) for x, y in zip(a.outputs, b.outputs, strict=True))
