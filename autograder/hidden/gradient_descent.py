"""Hidden tests of lesson 01. Cases use non-square shapes, a non-zero bias, several sizes
and a last mini-batch that is shorter than the others, so that each catalogued mistake
changes at least one output."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.reference import gradient_descent as ref
from autograder.spec import Spec


def _regression(seed: int, m: int, d: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, d))
    y = X @ rng.normal(size=d) + 0.5 + 0.1 * rng.normal(size=m)
    return X, y, rng.normal(size=d), float(rng.normal())


def _mse_gradient_cases() -> list[tuple[Any, ...]]:
    return [
        _regression(seed, m, d) for seed, (m, d) in enumerate([(7, 3), (12, 5), (5, 2), (9, 1)])
    ]


class _Quadratic:
    """∇f for f(w) = ½ wᵀAw − cᵀw with a coupled (non-diagonal) A."""

    def __init__(self, seed: int, d: int) -> None:
        rng = np.random.default_rng(100 + seed)
        Q = rng.normal(size=(d, d))
        self.A = Q @ Q.T / d + np.eye(d)
        self.c = rng.normal(size=d)

    def __call__(self, w: np.ndarray) -> np.ndarray:
        return self.A @ w - self.c


def _gradient_descent_cases() -> list[tuple[Any, ...]]:
    cases = []
    for seed, (d, lr, n_steps) in enumerate([(3, 0.1, 6), (2, 0.3, 1), (4, 0.05, 13), (2, 0.2, 0)]):
        w0 = np.random.default_rng(200 + seed).normal(size=d)
        cases.append((_Quadratic(seed, d), w0, lr, n_steps))
    return cases


def _minibatch_sgd_cases() -> list[tuple[Any, ...]]:
    cases = []
    for seed, (m, d, batch_size, n_epochs) in enumerate(
        [(10, 3, 4, 3), (13, 2, 5, 2), (8, 4, 3, 1)]
    ):
        X, y, w0, b0 = _regression(300 + seed, m, d)
        cases.append((X, y, w0, b0, 0.05, batch_size, n_epochs, np.random.default_rng(seed)))
    return cases


MSE_GRADIENT = Spec("mse_gradient", ref.mse_gradient, _mse_gradient_cases, ("grad_w", "grad_b"))
GRADIENT_DESCENT = Spec(
    "gradient_descent", ref.gradient_descent, _gradient_descent_cases, ("path",)
)
MINIBATCH_SGD = Spec(
    "minibatch_sgd",
    ref.minibatch_sgd,
    _minibatch_sgd_cases,
    ("w", "b", "losses"),
    helpers={"mse_gradient": ref.mse_gradient, "mse_loss": ref.mse_loss, "predict": ref.predict},
)
SPECS = {spec.name: spec for spec in (MSE_GRADIENT, GRADIENT_DESCENT, MINIBATCH_SGD)}
NOTEBOOK_NAMESPACE = {
    "np": np,
    "predict": ref.predict,
    "mse_loss": ref.mse_loss,
    "mse_gradient": ref.mse_gradient,
}
