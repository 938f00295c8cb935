"""Building blocks of the public checks."""

from __future__ import annotations

import contextlib
import copy
import functools
import inspect
import traceback
import types
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
from numpy.typing import ArrayLike

from autograder.student.i18n import t

# Relative error below which an analytic gradient agrees with central differences in float64
# (lesson 3's rule: below 1e-7 the gradient is right).
GRADIENT_TOLERANCE = 1e-7


class CheckFailed(AssertionError):
    """A public check failed; the message says what to fix, in the lesson's language.

    In a notebook, IPython shows :meth:`_render_traceback_` instead of a traceback: the
    check's own frames say nothing to the student, the message says everything."""

    def __init__(self, message: str, name: str | None = None) -> None:
        super().__init__(message)
        self.name = name

    def _render_traceback_(self) -> list[str]:
        """The lines IPython prints for this failure: a headline, the message, what to try."""
        advice = t("check.try_again", name=self.name) if self.name else t("check.try_again_any")
        lines = [f"{RED}{t('check.failed')}{RESET}", str(self)]
        if self.__cause__ is not None:
            # The student's code raised and the message names the error: show where.
            trimmed = without_check_frames(self.__cause__.__traceback__)
            lines += traceback.format_list(traceback.extract_tb(trimmed)[-1:])
        return [*lines, advice]


# ANSI colours, as in IPython's own tracebacks.
RED, RESET = "\x1b[1;31m", "\x1b[0m"


def fail(key: str, **fields: Any) -> NoReturn:
    """Fail with catalogue message ``key``."""
    raise CheckFailed(t(key, **fields), fields.get("name")) from None


def require(condition: bool, key: str, **fields: Any) -> None:
    """Fail with catalogue message ``key`` unless ``condition`` holds."""
    if not condition:
        fail(key, **fields)


def public_check(check: Callable[..., None]) -> Callable[..., None]:
    """Mark a ``check_<name>`` function that students call: an error raised inside their own
    code keeps its traceback down to their line, without the frames of the check around it."""

    @functools.wraps(check)
    def run(*args: Any, **kwargs: Any) -> None:
        __tracebackhide__ = True
        try:
            check(*args, **kwargs)
        except CheckFailed:
            raise
        except Exception as error:
            # The student's own exception, re-raised: its cause and context stay as they were.
            raise error.with_traceback(without_check_frames(error.__traceback__))  # noqa: B904

    return run


def without_check_frames(tb: types.TracebackType | None) -> types.TracebackType | None:
    """``tb`` without the frames of code in this package (the public checks)."""
    kept = []
    while tb is not None:
        if not Path(tb.tb_frame.f_code.co_filename).resolve().is_relative_to(CHECKS):
            kept.append(tb)
        tb = tb.tb_next
    trimmed = None
    for frame in reversed(kept):
        trimmed = types.TracebackType(trimmed, frame.tb_frame, frame.tb_lasti, frame.tb_lineno)
    return trimmed


CHECKS = Path(__file__).resolve().parent


def call(name: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Call the student's function on copies of ``args``; fail if it changes an input."""
    private = copy.deepcopy(args)
    try:
        result = fn(*private)
    except NotImplementedError:
        raise CheckFailed(t("check.not_implemented", name=name), name) from None
    names = _parameter_names(fn, len(args))
    for part, before, after in zip(names, args, private, strict=True):
        if isinstance(before, np.ndarray):
            require(np.array_equal(before, after), "check.input_changed", name=name, part=part)
    return result


def _parameter_names(fn: Callable[..., Any], count: int) -> list[str]:
    """The names of ``fn``'s first ``count`` parameters, or positions if they are unknown."""
    try:
        names = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        names = []
    return [names[i] if i < len(names) else f"#{i + 1}" for i in range(count)]


def unpack(name: str, result: Any, parts: tuple[str, ...]) -> tuple[Any, ...]:
    """Check that ``result`` is a tuple with one value per name in ``parts``."""
    require(
        isinstance(result, tuple) and len(result) == len(parts),
        "check.not_tuple",
        name=name,
        n=len(parts),
        parts=", ".join(parts),
        kind=type(result).__name__,
    )
    return result


def array_of_shape(name: str, part: str, value: Any, shape: tuple[int, ...]) -> np.ndarray:
    """``value`` as a float array, after checking its shape and that it is finite."""
    array = np.asarray(value, dtype=np.float64)
    require(
        array.shape == shape,
        "check.shape",
        name=name,
        part=part,
        expected=shape,
        actual=array.shape,
    )
    require(bool(np.all(np.isfinite(array))), "check.not_finite", name=name, part=part)
    return array


def scalar(name: str, part: str, value: Any) -> float:
    """``value`` as a float, after checking it is one finite number."""
    kind = type(value).__name__
    require(np.ndim(value) == 0, "check.not_number", name=name, part=part, kind=kind)
    return float(array_of_shape(name, part, value, ()))


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    """Central-difference estimate of ∇f at ``x``: (f(x + εeᵢ) − f(x − εeᵢ)) / 2ε."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = eps
        grad[i] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad


def relative_error(a: ArrayLike, b: ArrayLike) -> float:
    """‖a − b‖ / (‖a‖ + ‖b‖), and 0 when both are zero: the course's one relative error
    (lesson 3, section 6). Scale-free, so a threshold means the same for any gradient."""
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    total = float(np.linalg.norm(x) + np.linalg.norm(y))
    return float(np.linalg.norm(x - y)) / total if total > 0.0 else 0.0


def gradient_agrees(name: str, part: str, got: ArrayLike, want: ArrayLike) -> float:
    """The relative error of ``got`` against a numerical gradient; fail above the tolerance."""
    error = relative_error(got, want)
    require(
        error < GRADIENT_TOLERANCE,
        "check.gradient_mismatch",
        name=name,
        part=part,
        error=error,
        tolerance=GRADIENT_TOLERANCE,
    )
    return error


def passed(name: str, what: str) -> None:
    print(t("check.passed", name=name, what=what))


@contextlib.contextmanager
def helpers_swapped(
    fn: Callable[..., Any], helpers: Mapping[str, Callable[..., Any]]
) -> Iterator[None]:
    """Temporarily replace names in ``fn``'s module globals (the notebook's namespace), so that
    a function is checked on its own and not through the student's other answers.

    A name ``Owner.method`` stands in for one static method of the class ``Owner`` (a layer
    whose ``forward`` and ``backward`` are called as ``Linear.forward(...)``): ``Owner`` is
    replaced by a subclass of the notebook's class holding the stand-ins, so that the class
    itself is never changed, or by a new class when the notebook defines none."""
    namespace = getattr(fn, "__globals__", None)
    if namespace is None or not helpers:
        yield
        return
    replacements = {name: helper for name, helper in helpers.items() if "." not in name}
    methods: dict[str, dict[str, Any]] = {}
    for name, helper in helpers.items():
        if "." in name:
            owner, method = name.split(".", 1)
            methods.setdefault(owner, {})[method] = staticmethod(helper)
    for owner, stand_ins in methods.items():
        replacements[owner] = _class_with(namespace.get(owner), owner, stand_ins)
    saved = {name: namespace[name] for name in replacements if name in namespace}
    namespace.update(replacements)
    try:
        yield
    finally:
        for name in replacements:
            namespace.pop(name, None)
        namespace.update(saved)


def _class_with(original: Any, name: str, stand_ins: dict[str, Any]) -> type:
    """A subclass of ``original`` (when it is a class) with the static methods ``stand_ins``."""
    if isinstance(original, type):
        try:
            return type(name, (original,), stand_ins)
        except Exception:  # a class that refuses subclasses: the stand-ins alone
            pass
    return type(name, (), stand_ins)
