"""Hidden tests of lesson 07. The initialisers get generators seeded alike for the submission
and the reference, and fan_in ≠ fan_out with variances ≠ 1, so that a swapped fan, a variance
used as a standard deviation or a swapped shape all change the draw. Gradient clipping has cases
below, at and far above the threshold, with tensors of very different norms. Batch
normalization runs in training and evaluation mode, with default and explicit momentum and eps,
and m ≠ d; the running statistics are part of the graded output. The residual block has m, d and
h pairwise different. The NumPy reference agrees with torch in float64
(tests/reference/test_gradient_flow.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.reference import gradient_flow as ref
from autograder.spec import Spec

_FANS = [(3, 7), (40, 12), (1, 5), (9, 2), (25, 30)]


def _init_cases() -> list[tuple[Any, ...]]:
    return [
        (fan_in, fan_out, np.random.default_rng(7000 + seed))
        for seed, (fan_in, fan_out) in enumerate(_FANS)
    ]


def _clip_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(7100)

    def grads(*shapes_and_scales: tuple[tuple[int, ...], float]) -> list[np.ndarray]:
        return [scale * rng.normal(size=shape) for shape, scale in shapes_and_scales]

    return [
        # clipped, small norms, so that the 1e-6 in the denominator shows
        (grads(((3, 2), 0.02), ((4,), 0.03)), 0.01),
        # below the threshold: unchanged
        (grads(((2, 3), 0.5), ((3,), 0.2)), 5.0),
        # exploding, one tensor far larger than the others
        (grads(((4, 3), 300.0), ((3,), 0.1), ((2, 2), 1.0)), 1.0),
        # just above the threshold, three tensors of similar size
        (grads(((5,), 1.0), ((2, 2), 1.0), ((3, 1), 1.0)), 2.5),
        # one tensor alone
        (grads(((6,), 4.0)), 3.0),
    ]


def _batchnorm_forward_cases() -> list[tuple[Any, ...]]:
    cases = []
    setups = [
        (6, 4, True, ()),
        (3, 5, True, (0.3, 0.1)),
        (5, 3, False, ()),
        (4, 2, False, (0.2, 0.5)),
        (2, 3, True, ()),
        (7, 3, True, (0.05, 1e-3)),
    ]
    for seed, (m, d, training, extra) in enumerate(setups):
        rng = np.random.default_rng(7200 + seed)
        x = rng.normal(size=(m, d)) * rng.uniform(0.5, 3.0, size=d) + rng.normal(size=d) * 2
        gamma, beta = rng.uniform(0.5, 2.0, size=d), rng.normal(size=d)
        running_mean, running_var = rng.normal(size=d), rng.uniform(0.5, 2.0, size=d)
        cases.append((x, gamma, beta, running_mean, running_var, training, *extra))
    return cases


def _batchnorm_backward_cases() -> list[tuple[Any, ...]]:
    cases = []
    for seed, (m, d, extra) in enumerate([(6, 4, ()), (3, 5, (0.1,)), (8, 2, ()), (4, 3, (1e-3,))]):
        rng = np.random.default_rng(7300 + seed)
        x = rng.normal(size=(m, d)) * rng.uniform(0.5, 3.0, size=d) + rng.normal(size=d)
        gamma = rng.uniform(0.5, 2.0, size=d) * rng.choice([-1.0, 1.0], size=d)
        cases.append((rng.normal(size=(m, d)), x, gamma, *extra))
    return cases


def _residual_cases() -> list[tuple[Any, ...]]:
    cases = []
    for seed, (m, d, h) in enumerate([(5, 3, 4), (2, 4, 6), (7, 2, 3), (1, 3, 5)]):
        rng = np.random.default_rng(7400 + seed)
        x = rng.normal(size=(m, d))
        W1, b1 = rng.normal(size=(d, h)), 0.5 * rng.normal(size=h)
        W2, b2 = rng.normal(size=(h, d)), rng.normal(size=d)
        cases.append((rng.normal(size=(m, d)), x, W1, b1, W2, b2))
    return cases


class GradientsChangedInPlace(Exception):
    """clip_grad_norm changed the arrays of its argument grads; the grader reports this name."""


class WrongNumberOfGradients(Exception):
    """clip_grad_norm returned a different number of arrays than it was given."""


class GradientOfOtherShape(Exception):
    """clip_grad_norm returned an array whose shape differs from the gradient it clips."""


def _clipped_as_arrays(graded: Callable[..., Any]) -> Callable[..., Any]:
    """Read ``(clipped, total_norm)`` as one vector of all clipped entries and the norm; a
    result of the wrong form, or a change to ``grads``, is an error whose type name says so."""

    def run(grads: list[np.ndarray], max_norm: float) -> tuple[np.ndarray, Any]:
        before = [g.copy() for g in grads]
        clipped, total_norm = graded(grads, max_norm)
        if any(not np.array_equal(a, b) for a, b in zip(before, grads, strict=True)):
            raise GradientsChangedInPlace()
        clipped = [np.asarray(c, dtype=np.float64) for c in clipped]
        if len(clipped) != len(before):
            raise WrongNumberOfGradients(len(clipped))
        if any(c.shape != g.shape for c, g in zip(clipped, before, strict=True)):
            raise GradientOfOtherShape()
        return np.concatenate([c.ravel() for c in clipped]), total_norm

    return run


XAVIER_UNIFORM = Spec("xavier_uniform", ref.xavier_uniform, _init_cases, ("W",))
HE_NORMAL = Spec("he_normal", ref.he_normal, _init_cases, ("W",))
CLIP_GRAD_NORM = Spec(
    "clip_grad_norm",
    ref.clip_grad_norm,
    _clip_cases,
    ("clipped", "total_norm"),
    adapt=_clipped_as_arrays,
)
BATCHNORM_FORWARD = Spec(
    "batchnorm_forward",
    ref.batchnorm_forward,
    _batchnorm_forward_cases,
    ("out", "running_mean", "running_var"),
)
BATCHNORM_BACKWARD = Spec(
    "batchnorm_backward",
    ref.batchnorm_backward,
    _batchnorm_backward_cases,
    ("dx", "dgamma", "dbeta"),
)
RESIDUAL_BACKWARD = Spec(
    "residual_backward",
    ref.residual_backward,
    _residual_cases,
    ("dx", "dW1", "db1", "dW2", "db2"),
)
SPECS = {
    spec.name: spec
    for spec in (
        XAVIER_UNIFORM,
        HE_NORMAL,
        CLIP_GRAD_NORM,
        BATCHNORM_FORWARD,
        BATCHNORM_BACKWARD,
        RESIDUAL_BACKWARD,
    )
}
NOTEBOOK_NAMESPACE: dict[str, Any] = {"np": np}
