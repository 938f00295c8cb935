"""Public checks of lesson 03 (backpropagation). They compare the student's gradients with central
differences of the lesson's own losses, never with a stored answer."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.student.checks.common import (
    GRADIENT_TOLERANCE,
    CheckFailed,
    array_of_shape,
    call,
    gradient_agrees,
    helpers_swapped,
    numerical_gradient,
    passed,
    public_check,
    relative_error,
    require,
    scalar,
    unpack,
)
from autograder.student.i18n import t

PARAMETER_NAMES = ("W1", "b1", "W2", "b2")


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _cross_entropy(logits: np.ndarray, Y: np.ndarray) -> float:
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.sum(Y * log_probs) / logits.shape[0])


def _numerical_cross_entropy_grad(logits: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """∂(cross-entropy)/∂logits by central differences: a stand-in that holds no answer."""
    return numerical_gradient(lambda Z: _cross_entropy(Z, Y), logits)


def _two_layer_loss(X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray]) -> float:
    A1 = _sigmoid(X @ params["W1"] + params["b1"])
    return _cross_entropy(A1 @ params["W2"] + params["b2"], Y)


def _one_hot(labels: np.ndarray, k: int) -> np.ndarray:
    return np.eye(k)[labels]


@public_check
def check_neuron_gradients(neuron_gradients: Callable) -> None:
    """Shapes, and agreement with central differences of (σ(w·x + b) − y)² on two examples."""
    name = "neuron_gradients"
    rng = np.random.default_rng(31)
    errors = []
    for y in (1.0, 0.0):
        x, w, b = rng.normal(size=4), rng.normal(size=4), float(rng.normal())
        with helpers_swapped(neuron_gradients, {"sigmoid": _sigmoid}):
            result = call(name, neuron_gradients, x, y, w, b)
        grad_w, grad_b = unpack(name, result, ("grad_w", "grad_b"))
        grad_w = array_of_shape(name, "grad_w", grad_w, w.shape)
        grad_b = scalar(name, "grad_b", grad_b)

        def loss(w_: np.ndarray, b_: np.ndarray | float, x=x, y=y) -> float:
            return float((_sigmoid(w_ @ x + float(b_)) - y) ** 2)

        numeric_w = numerical_gradient(functools.partial(loss, b_=b), w)
        numeric_b = numerical_gradient(functools.partial(loss, w), np.array(b))
        errors.append(gradient_agrees(name, "grad_w", grad_w, numeric_w))
        gradient_agrees(name, "grad_b", grad_b, numeric_b)
    passed(name, t("check.gradient_ok", error=max(errors)))


@public_check
def check_softmax_cross_entropy_grad(softmax_cross_entropy_grad: Callable) -> None:
    """Shape, rows summing to 0, agreement with central differences, no overflow near ±1000."""
    name = "softmax_cross_entropy_grad"
    rng = np.random.default_rng(32)
    m, k = 5, 3
    logits = 2.0 * rng.normal(size=(m, k))
    Y = _one_hot(rng.integers(0, k, size=m), k)
    grad = call(name, softmax_cross_entropy_grad, logits, Y)
    grad = array_of_shape(name, "grad", grad, (m, k))
    worst = float(np.max(np.abs(grad.sum(axis=1))))
    require(worst < 1e-9, "check.backprop.rows_sum", name=name, worst=worst)
    numeric = numerical_gradient(lambda Z: _cross_entropy(Z, Y), logits)
    error = gradient_agrees(name, "grad", grad, numeric)

    huge = np.array([[1000.0, 0.0, 999.0], [-1000.0, -998.0, -999.0]])
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        grad = np.asarray(call(name, softmax_cross_entropy_grad, huge, np.eye(3)[[2, 0]]), float)
    require(bool(np.all(np.isfinite(grad))), "check.backprop.overflow", name=name)
    passed(name, t("check.gradient_ok", error=error))


def _gradients_dict(name: str, grads: Any) -> dict[str, Any]:
    keys = ", ".join(PARAMETER_NAMES)
    kind = type(grads).__name__
    require(isinstance(grads, dict), "check.backprop.not_dict", name=name, keys=keys, kind=kind)
    for key in PARAMETER_NAMES:
        require(key in grads, "check.backprop.missing_key", name=name, entry=key)
    return grads


@public_check
def check_two_layer_backward(two_layer_backward: Callable) -> None:
    """A dict of four gradients shaped like the parameters, agreeing with central differences.

    The notebook's softmax_cross_entropy_grad is replaced by a finite-difference stand-in, so a
    mistake there is reported by its own check and not here."""
    name = "two_layer_backward"
    rng = np.random.default_rng(33)
    m, n_in, n_hidden, k = 6, 3, 5, 4
    X = rng.normal(size=(m, n_in))
    Y = _one_hot(rng.integers(0, k, size=m), k)
    params = {
        "W1": rng.normal(size=(n_in, n_hidden)),
        "b1": rng.normal(size=n_hidden),
        "W2": rng.normal(size=(n_hidden, k)),
        "b2": rng.normal(size=k),
    }
    inputs = {"X": X, "Y": Y, **{f"params['{key}']": value for key, value in params.items()}}
    before = {part: value.copy() for part, value in inputs.items()}
    trusted: dict[str, Callable[..., Any]] = {
        "sigmoid": _sigmoid,
        "softmax_cross_entropy_grad": _numerical_cross_entropy_grad,
    }
    with helpers_swapped(two_layer_backward, trusted):
        try:
            grads = _gradients_dict(name, two_layer_backward(X, Y, params))
        except NotImplementedError:
            raise CheckFailed(t("check.not_implemented", name=name), name) from None
    for part, value in inputs.items():
        unchanged = np.array_equal(value, before[part])
        require(unchanged, "check.input_changed", name=name, part=part)
    params = {key: before[f"params['{key}']"] for key in PARAMETER_NAMES}

    errors = []
    for key in PARAMETER_NAMES:
        got = array_of_shape(name, f"grads['{key}']", grads[key], params[key].shape)

        def loss(value, key=key):
            return _two_layer_loss(X, Y, {**params, key: value})

        numeric = numerical_gradient(loss, params[key])
        errors.append(gradient_agrees(name, f"grads['{key}']", got, numeric))
    passed(name, t("check.backprop.two_layer_ok", error=max(errors)))


class _Coupled:
    """f(x) = c·(Σ sin(xᵢ·x₍ᵢ₊₁₎) + Σ xᵢ³) over the flattened x; its gradient is known."""

    def __init__(self, c: float = 1.0) -> None:
        self.c = c

    def __call__(self, x: np.ndarray) -> float:
        return float(self.c * (np.sum(np.sin(x * np.roll(x, -1))) + np.sum(x**3)))

    def gradient(self, x: np.ndarray) -> np.ndarray:
        cos = np.cos(x * np.roll(x, -1))
        return self.c * (cos * np.roll(x, -1) + np.roll(cos * x, 1) + 3 * x**2)


@public_check
def check_gradient_check(gradient_check: Callable) -> None:
    """numeric right on a function with a known gradient, for a matrix x; the error relative."""
    name = "gradient_check"
    x = np.random.default_rng(34).normal(size=(2, 3))
    f, eps = _Coupled(), 1e-4
    exact = f.gradient(x)
    numeric, error = unpack(
        name, call(name, gradient_check, f, x, exact, eps), ("numeric", "error")
    )
    numeric = array_of_shape(name, "numeric", numeric, x.shape)
    off = relative_error(numeric, exact)
    require(
        off < GRADIENT_TOLERANCE,
        "check.backprop.numeric_off",
        name=name,
        error=off,
        tolerance=GRADIENT_TOLERANCE,
    )
    error = scalar(name, "error", error)
    require(
        abs(error) < GRADIENT_TOLERANCE,
        "check.backprop.error_not_zero",
        name=name,
        error=error,
        tolerance=GRADIENT_TOLERANCE,
    )

    factor, wrong = 1000.0, exact * (1.0 + 1e-3 * np.arange(1, exact.size + 1).reshape(x.shape))
    errors = []
    for scale in (1.0, factor):
        result = call(name, gradient_check, _Coupled(scale), x, scale * wrong, eps)
        value = scalar(name, "error", unpack(name, result, ("numeric", "error"))[1])
        require(0.0 <= value <= 1.0, "check.backprop.error_range", name=name, error=value)
        errors.append(value)
    before, after = errors
    require(
        abs(after - before) <= 1e-6 * max(abs(before), 1e-12),
        "check.backprop.error_scale",
        name=name,
        factor=factor,
        before=before,
        after=after,
    )
    passed(name, t("check.backprop.gradient_check_ok"))
