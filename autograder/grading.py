"""Compare a submitted function with the reference on hidden cases and name the mistake.

A submission passes when, on every case, its output matches the reference and it leaves
its inputs untouched. Otherwise the failure names the first catalogued mistake whose
mutant behaves exactly like the submission on every case, or else says what differs,
always in the lesson's language.

The layers meet here: the hidden cases (:mod:`autograder.hidden`) and the catalogued mistakes
(:mod:`autograder.mistakes`, slips of the reference named against those cases) are data;
this module is what judges a submission with them. :func:`check` is the hidden test cells'
import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import numpy as np

from autograder import hidden
from autograder.inside.calls import EXPECTED_TUPLE, NOT_NUMBERS, Run, call
from autograder.mistakes import Mistake, mistakes_for
from autograder.spec import Spec
from autograder.student.checks.common import helpers_swapped
from autograder.student.i18n import t

MODIFIES_INPUT = "mistake.common.modifies_input"


class GradingFailure(AssertionError):
    """A hidden test failed; the message is for the student, in the lesson's language.

    ``reason`` is the catalogue key of what went wrong: ``mistake.<function>.<id>`` for a
    named mistake, a ``grade.*`` key otherwise (class statistics count these)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def passes(spec: Spec, submitted: Callable[..., Any]) -> bool:
    """Whether ``submitted`` earns the points, without looking for the mistake's name."""
    runs, expected = runs_of(spec, submitted, spec.cases()), _expected(spec)
    return _correct(runs, expected, spec) and not any(r.modified_input for r in runs)


def grade(spec: Spec, submitted: Callable[..., Any]) -> None:
    """Raise :class:`GradingFailure` naming the mistake unless ``submitted`` is correct."""
    print(judge(spec, runs_of(spec, submitted, spec.cases())))


def judge(spec: Spec, runs: list[Run]) -> str:
    """The verdict on a submission's runs over ``spec.cases()``, wherever they were made:
    the message of a pass, or :class:`GradingFailure` naming the mistake."""
    expected = _expected(spec)
    if len(runs) != len(expected):
        _fail("grade.wrong_somewhere", name=spec.shown_name)
    if any(r.error == "NotImplementedError" for r in runs):
        _fail("grade.not_implemented", name=spec.shown_name)

    if _correct(runs, expected, spec):
        if any(r.modified_input for r in runs):
            _fail_with_mistake(spec.shown_name, MODIFIES_INPUT)
        return t("grade.passed", name=spec.shown_name, n=len(runs))

    named = _matching_mistake(spec, spec.cases(), runs)
    if named is not None:
        _fail_with_mistake(spec.shown_name, named.catalogue_key)
    _fail_generic(spec, runs, expected)


_EXPECTED: dict[str, list[Run]] = {}


def _expected(spec: Spec) -> list[Run]:
    """The reference's runs on the spec's cases, computed once (cases are deterministic)."""
    if spec.name not in _EXPECTED:
        _EXPECTED[spec.name] = runs_of(spec, spec.reference, spec.cases())
    return _EXPECTED[spec.name]


def runs_of(spec: Spec, graded: Any, cases: Sequence[tuple]) -> list[Run]:
    """What ``graded`` (adapted, its helpers swapped for the reference) does on each case."""
    fn = spec.adapt(graded)
    with helpers_swapped(graded, spec.helpers):
        return [call(fn, args, len(spec.outputs)) for args in cases]


def _correct(runs: list[Run], expected: list[Run], spec: Spec) -> bool:
    return all(_same(r, e, spec) for r, e in zip(runs, expected, strict=True))


def _matching_mistake(spec: Spec, cases: Sequence[tuple], runs: list[Run]) -> Mistake | None:
    for candidate in mistakes_for(spec.answer_id):
        mutant_runs = runs_of(spec, candidate.mutant, cases)
        if all(_same(r, m, spec) for r, m in zip(runs, mutant_runs, strict=True)):
            return candidate
    return None


def _fail_with_mistake(name: str, key: str) -> NoReturn:
    message = t("grade.mistake", name=name, mistake=t(f"{key}.name"), hint=t(f"{key}.hint"))
    raise GradingFailure(message, key) from None


def _fail_generic(spec: Spec, runs: list[Run], expected: list[Run]) -> NoReturn:
    for number, (run, want) in enumerate(zip(runs, expected, strict=True), start=1):
        if run.error is not None:
            _fail("grade.raised", name=spec.shown_name, case=number, error=run.error)
        if run.unreadable is not None:
            detail = _unreadable_detail(run.unreadable, len(spec.outputs))
            _fail("grade.unreadable", name=spec.shown_name, case=number, detail=detail)
        assert run.outputs is not None and want.outputs is not None
        for part, got, ref in zip(spec.outputs, run.outputs, want.outputs, strict=True):
            if got.shape != ref.shape:
                _fail(
                    "grade.wrong_shape",
                    name=spec.shown_name,
                    part=part,
                    case=number,
                    actual=got.shape,
                    expected=ref.shape,
                )
            if not _close(got, ref, spec):
                error = float(np.max(np.abs(got - ref))) if np.all(np.isfinite(got)) else np.nan
                _fail(
                    "grade.wrong_value", name=spec.shown_name, part=part, case=number, error=error
                )
    _fail("grade.wrong_somewhere", name=spec.shown_name)


def _fail(key: str, **fields: Any) -> NoReturn:
    raise GradingFailure(t(key, **fields), key) from None


def _unreadable_detail(code: str, n_outputs: int) -> str:
    if code == EXPECTED_TUPLE:
        return t("grade.expected_tuple", n=n_outputs)
    return t("grade.not_numbers", kind=code.removeprefix(f"{NOT_NUMBERS}:"))


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


def check(name: str, submitted: Any) -> None:
    """The hidden test of graded item ``name``, of any lesson; raises :class:`GradingFailure`
    naming the mistake on failure."""
    grade(hidden.all_specs()[name], submitted)
