"""Public checks of lesson 01 (gradient descent)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.student.checks.common import (
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


def _predict(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    return X @ w + b


def _mse(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    return float(np.mean((X @ w + b - y) ** 2))


def _numerical_mse_gradient(X, y, w, b) -> tuple[np.ndarray, float]:
    """The MSE gradient by central differences: exact enough to train with, and no answer."""
    grad_w = numerical_gradient(lambda v: _mse(X, y, v, b), w)
    grad_b = numerical_gradient(lambda v: _mse(X, y, w, float(v)), np.array(b))
    return grad_w, float(grad_b)


def _problem(seed: int, m: int, d: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, d))
    return X, rng.normal(size=m), rng.normal(size=d), float(rng.normal())


@public_check
def check_mse_gradient(mse_gradient: Callable) -> None:
    """Shapes, and agreement with a central-difference gradient of the MSE."""
    name = "mse_gradient"
    X, y, w, b = _problem(seed=1, m=6, d=3)
    grad_w, grad_b = unpack(name, call(name, mse_gradient, X, y, w, b), ("grad_w", "grad_b"))
    grad_w = array_of_shape(name, "grad_w", grad_w, w.shape)
    grad_b = scalar(name, "grad_b", grad_b)

    numeric_w = numerical_gradient(lambda v: _mse(X, y, v, b), w)
    numeric_b = numerical_gradient(lambda v: _mse(X, y, w, float(v)), np.array(b))
    for part, got, want in (("grad_w", grad_w, numeric_w), ("grad_b", grad_b, numeric_b)):
        gradient_agrees(name, part, got, want)
    passed(name, t("check.gradient_ok", error=relative_error(grad_w, numeric_w)))


@public_check
def check_gradient_descent(gradient_descent: Callable) -> None:
    """Path shape, starting row, untouched input, convergence on f(w) = ½‖w − c‖²."""
    name = "gradient_descent"
    c = np.array([1.0, -2.0])
    w0 = np.array([3.0, 0.5])
    lr, n_steps = 0.3, 40
    path = call(name, gradient_descent, lambda w: w - c, w0, lr, n_steps)
    path = array_of_shape(name, "path", path, (n_steps + 1, 2))
    require(np.allclose(path[0], w0), "check.first_row", name=name)
    distance = float(np.linalg.norm(path[-1] - c))
    require(
        distance < 1e-3, "check.not_converged", name=name, lr=lr, n_steps=n_steps, distance=distance
    )
    passed(name, t("check.path_ok"))


@public_check
def check_minibatch_sgd(minibatch_sgd: Callable) -> None:
    """Output shapes, one loss per mini-batch, a falling loss, reproducibility."""
    name = "minibatch_sgd"
    rng = np.random.default_rng(7)
    m, d, batch_size, n_epochs = 50, 2, 16, 5
    X = rng.normal(size=(m, d))
    y = X @ np.array([2.0, -1.0]) + 0.3
    args = (X, y, np.zeros(d), 0.0, 0.1, batch_size, n_epochs)

    # Trusted stand-ins for the notebook's helpers: a mistake in mse_gradient is reported by
    # its own check and must not fail this one.
    trusted: dict[str, Callable[..., Any]] = {
        "mse_gradient": _numerical_mse_gradient,
        "mse_loss": _mse,
        "predict": _predict,
    }
    with helpers_swapped(minibatch_sgd, trusted):
        first = call(name, minibatch_sgd, *args, np.random.default_rng(0))
        second = call(name, minibatch_sgd, *args, np.random.default_rng(0))
    w, b, losses = unpack(name, first, ("w", "b", "losses"))
    array_of_shape(name, "w", w, (d,))
    scalar(name, "b", b)
    per_epoch = -(-m // batch_size)
    losses = np.asarray(losses, dtype=np.float64)
    require(
        losses.shape == (n_epochs * per_epoch,),
        "check.loss_count",
        name=name,
        expected=n_epochs * per_epoch,
        n_epochs=n_epochs,
        per_epoch=per_epoch,
        batch_size=batch_size,
        actual=losses.size,
    )
    first_epoch, last_epoch = losses[:per_epoch].mean(), losses[-per_epoch:].mean()
    require(
        last_epoch < first_epoch,
        "check.not_decreasing",
        name=name,
        first=first_epoch,
        last=last_epoch,
    )

    same = all(
        np.array_equal(np.asarray(a, dtype=float), np.asarray(b_, dtype=float))
        for a, b_ in zip(first, second, strict=True)
    )
    require(same, "check.not_reproducible", name=name)
    passed(name, t("check.sgd_ok"))
