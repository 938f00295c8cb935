"""Hidden tests of lesson 03. Every case has non-square shapes (m, n_in, n_hidden and k all
differ), so that a transpose, a 1/m or a missing sum changes the result; the softmax cases
include logits near ±1000, and the gradient-check cases a matrix-shaped point, an integer point,
an integer analytic gradient and a constant function."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from autograder.reference import backprop as ref
from autograder.spec import Spec

# Bound by name: a grading job pickles what its adapter uses, never the reference module.
PARAMETER_NAMES = ref.PARAMETER_NAMES


def _neuron_gradients_cases() -> list[tuple[Any, ...]]:
    cases = []
    for seed, (n, y, scale) in enumerate(
        [(3, 1.0, 1.0), (5, 0.0, 0.7), (1, 0.3, 2.0), (4, 1.0, 3.0)]
    ):
        rng = np.random.default_rng(400 + seed)
        x = rng.normal(size=n)
        cases.append((x, y, scale * rng.normal(size=n), float(rng.normal())))
    return cases


def _one_hot(rng: np.random.Generator, m: int, k: int) -> np.ndarray:
    return np.eye(k)[rng.integers(0, k, size=m)]


def _softmax_cases() -> list[tuple[Any, ...]]:
    cases = []
    for seed, (m, k, scale) in enumerate([(4, 3, 1.0), (2, 5, 3.0), (1, 3, 1.0), (6, 2, 1.0)]):
        rng = np.random.default_rng(500 + seed)
        cases.append((scale * rng.normal(size=(m, k)), _one_hot(rng, m, k)))
    huge = np.array([[1000.0, -1000.0, 999.0], [-998.0, -1000.0, -999.5]])
    cases.append((huge, np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])))
    return cases


def _two_layer_cases() -> list[tuple[Any, ...]]:
    cases = []
    shapes = [(7, 3, 5, 4, 1.0), (4, 5, 2, 3, 1.0), (1, 2, 3, 4, 1.0), (9, 4, 6, 3, 3.0)]
    for seed, (m, n_in, n_hidden, k, scale) in enumerate(shapes):
        rng = np.random.default_rng(600 + seed)
        params = ref.init_params(n_in, n_hidden, k, rng, scale)
        params["b1"] = rng.normal(size=n_hidden)
        params["b2"] = rng.normal(size=k)
        cases.append((rng.normal(size=(m, n_in)), _one_hot(rng, m, k), params))
    return cases


class _Smooth:
    """f(x) = c·Σ sin(x ⊙ u + roll(x)) + Σ x³: coupled coordinates, a gradient of size ~c."""

    def __init__(self, seed: int, shape: tuple[int, ...], c: float) -> None:
        self.u = np.random.default_rng(700 + seed).normal(size=shape)
        self.c = c

    def __call__(self, x: np.ndarray) -> float:
        return float(self.c * np.sum(np.sin(x * self.u + np.roll(x, 1))) + np.sum(x**3))

    def gradient(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        inner = np.cos(x * self.u + np.roll(x, 1))
        return self.c * (inner * self.u + np.roll(inner, -1)) + 3 * x**2


def _square_norm(x: np.ndarray) -> float:
    return float(np.sum(x**2))


def _constant(x: np.ndarray) -> float:
    return 3.0


def _gradient_check_cases() -> list[tuple[Any, ...]]:
    f1 = _Smooth(0, (3,), 20.0)
    x1 = np.array([0.3, -1.2, 0.8])
    off = np.array([0.05, -0.1, 0.02])
    f2 = _Smooth(1, (2, 3), 5.0)
    x2 = np.random.default_rng(800).normal(size=(2, 3))
    f3 = _Smooth(2, (4,), 0.5)
    x3 = np.array([1, -2, 0, 1])
    return [
        (f1, x1, f1.gradient(x1) + off, 1e-3),
        (f2, x2, f2.gradient(x2), 1e-2),
        (f3, x3, f3.gradient(x3) * 1.01, 1e-4),
        (_square_norm, np.array([1.0, 0.0, -2.0]), np.array([2, 0, -4]), 1e-2),
        (_constant, np.array([0.5, -0.5]), np.zeros(2), 1e-3),
    ]


class ExpectedDictOfGradients(TypeError):
    """two_layer_backward returned something other than a dict; the grader reports this name."""


class MissingGradientKey(KeyError):
    """two_layer_backward returned a dict without one of W1, b1, W2, b2."""


def _gradients_as_tuple(graded: Callable[..., Any]) -> Callable[..., Any]:
    """Read the returned dict in the order W1, b1, W2, b2; any other result is an error whose
    type name says what is wrong (the public check explains it at length)."""

    def run(X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray]) -> Any:
        grads = graded(X, Y, params)
        if not isinstance(grads, Mapping):
            raise ExpectedDictOfGradients(type(grads).__name__)
        if any(key not in grads for key in PARAMETER_NAMES):
            raise MissingGradientKey(sorted(grads))
        return tuple(grads[key] for key in PARAMETER_NAMES)

    return run


NEURON_GRADIENTS = Spec(
    "neuron_gradients",
    ref.neuron_gradients,
    _neuron_gradients_cases,
    ("grad_w", "grad_b"),
    helpers={"sigmoid": ref.sigmoid},
)
SOFTMAX_CROSS_ENTROPY_GRAD = Spec(
    "softmax_cross_entropy_grad",
    ref.softmax_cross_entropy_grad,
    _softmax_cases,
    ("grad",),
)
TWO_LAYER_BACKWARD = Spec(
    "two_layer_backward",
    ref.two_layer_backward,
    _two_layer_cases,
    tuple(f"grads['{key}']" for key in PARAMETER_NAMES),
    helpers={"sigmoid": ref.sigmoid, "softmax_cross_entropy_grad": ref.softmax_cross_entropy_grad},
    adapt=_gradients_as_tuple,
)
GRADIENT_CHECK = Spec(
    "gradient_check", ref.gradient_check, _gradient_check_cases, ("numeric", "error")
)
SPECS = {
    spec.name: spec
    for spec in (NEURON_GRADIENTS, SOFTMAX_CROSS_ENTROPY_GRAD, TWO_LAYER_BACKWARD, GRADIENT_CHECK)
}
NOTEBOOK_NAMESPACE = {
    "np": np,
    "sigmoid": ref.sigmoid,
    "neuron_loss": ref.neuron_loss,
    "cross_entropy": ref.cross_entropy,
    "softmax_cross_entropy_grad": ref.softmax_cross_entropy_grad,
    "two_layer_loss": ref.two_layer_loss,
}
