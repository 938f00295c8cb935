"""Public checks of lesson 07 (vanishing and exploding gradients). Initialisers are judged by
the statistics of a large draw, clipping by the norm and direction of what it returns, batch
normalization by its invariants, and every backward pass by central differences; none knows a
stored answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.student.checks.common import (
    CheckFailed,
    array_of_shape,
    call,
    gradient_agrees,
    numerical_gradient,
    passed,
    public_check,
    require,
    scalar,
    unpack,
)
from autograder.student.i18n import t

# A 300 × 500 draw estimates a variance to about 0.4 %; 3 % leaves room for any seed.
_FAN_IN, _FAN_OUT = 300, 500
_VARIANCE_TOLERANCE = 0.03


def _draw(name: str, init: Callable, seed: int) -> np.ndarray:
    W = call(name, init, _FAN_IN, _FAN_OUT, np.random.default_rng(seed))
    return array_of_shape(name, "W", W, (_FAN_IN, _FAN_OUT))


def _check_draw(name: str, init: Callable, variance: float, rule: str) -> np.ndarray:
    """Shape, reproducibility and the variance of a large draw; returns the draw."""
    W = _draw(name, init, 71)
    require(np.array_equal(W, _draw(name, init, 71)), "check.not_reproducible", name=name)
    require(
        not np.array_equal(W, _draw(name, init, 72)), "check.gradient_flow.ignores_rng", name=name
    )
    got = float(W.var())
    require(
        abs(got / variance - 1) < _VARIANCE_TOLERANCE and abs(W.mean()) < 0.02 * np.sqrt(variance),
        "check.gradient_flow.init_variance",
        name=name,
        fan_in=_FAN_IN,
        fan_out=_FAN_OUT,
        got=got,
        want=variance,
        rule=rule,
    )
    return W


@public_check
def check_xavier_uniform(xavier_uniform: Callable) -> None:
    """A (fan_in, fan_out) uniform draw with variance 2 / (fan_in + fan_out), from ``rng``."""
    name = "xavier_uniform"
    variance = 2 / (_FAN_IN + _FAN_OUT)
    W = _check_draw(name, xavier_uniform, variance, "2 / (fan_in + fan_out)")
    # A uniform U(−a, a) reaches ±a = ±√3·std and never beyond.
    ratio = float(np.abs(W).max() / np.sqrt(variance))
    require(
        abs(ratio - np.sqrt(3)) < 0.01, "check.gradient_flow.not_uniform", name=name, ratio=ratio
    )
    passed(name, t("check.gradient_flow.init_ok", variance=variance))


@public_check
def check_he_normal(he_normal: Callable) -> None:
    """A (fan_in, fan_out) normal draw with variance 2 / fan_in, from ``rng``."""
    name = "he_normal"
    variance = 2 / _FAN_IN
    W = _check_draw(name, he_normal, variance, "2 / fan_in")
    # Among 150 000 normal draws some lie beyond 4 standard deviations; a uniform never does.
    ratio = float(np.abs(W).max() / np.sqrt(variance))
    require(ratio > 3.5, "check.gradient_flow.not_normal", name=name, ratio=ratio)
    passed(name, t("check.gradient_flow.init_ok", variance=variance))


def _clip(name: str, clip_grad_norm: Callable, grads: list[np.ndarray], max_norm: float) -> Any:
    before = [g.copy() for g in grads]
    # Not through call(): its private copy of the list would hide a change to the arrays.
    try:
        result = clip_grad_norm(grads, max_norm)
    except NotImplementedError:
        raise CheckFailed(t("check.not_implemented", name=name), name) from None
    for g, old in zip(grads, before, strict=True):
        require(np.array_equal(g, old), "check.input_changed", name=name, part="grads")
    clipped, total = unpack(name, result, ("clipped", "total_norm"))
    require(
        isinstance(clipped, list | tuple) and len(clipped) == len(grads),
        "check.gradient_flow.clipped_list",
        name=name,
        n=len(grads),
    )
    clipped = [
        array_of_shape(name, f"clipped[{i}]", c, g.shape)
        for i, (c, g) in enumerate(zip(clipped, grads, strict=True))
    ]
    return clipped, scalar(name, "total_norm", total)


@public_check
def check_clip_grad_norm(clip_grad_norm: Callable) -> None:
    """The global norm, one common factor for all tensors, at most max_norm, no scaling up."""
    name = "clip_grad_norm"
    rng = np.random.default_rng(73)
    grads = [5.0 * rng.normal(size=(3, 2)), 0.5 * rng.normal(size=4), rng.normal(size=(2, 2))]
    norm = float(np.sqrt(sum(np.sum(g**2) for g in grads)))
    max_norm = 2.0
    clipped, total = _clip(name, clip_grad_norm, grads, max_norm)
    require(
        abs(total - norm) <= 1e-9 * norm, "check.gradient_flow.total_norm", name=name, got=total
    )
    factors = [float(np.sum(c * g) / np.sum(g * g)) for c, g in zip(clipped, grads, strict=True)]
    same_factor = all(
        np.allclose(c, f * g, rtol=1e-9, atol=1e-12)
        for c, g, f in zip(clipped, grads, factors, strict=True)
    ) and max(factors) - min(factors) <= 1e-9 * max(abs(f) for f in factors)
    require(same_factor, "check.gradient_flow.one_factor", name=name)
    after = float(np.sqrt(sum(np.sum(c**2) for c in clipped)))
    require(
        abs(after - max_norm) <= 1e-5 * max_norm,
        "check.gradient_flow.clipped_norm",
        name=name,
        before=norm,
        max_norm=max_norm,
        after=after,
    )
    small = [0.1 * g for g in grads]
    unchanged, _ = _clip(name, clip_grad_norm, small, max_norm)
    require(
        all(np.allclose(c, g, rtol=1e-12, atol=0) for c, g in zip(unchanged, small, strict=True)),
        "check.gradient_flow.scaled_small",
        name=name,
        norm=0.1 * norm,
        max_norm=max_norm,
    )
    passed(name, t("check.gradient_flow.clip_ok"))


def _bn_inputs(rng: np.random.Generator, m: int, d: int) -> tuple[np.ndarray, ...]:
    x = rng.normal(size=(m, d)) * rng.uniform(0.5, 3.0, size=d) + 2 * rng.normal(size=d)
    gamma, beta = rng.uniform(0.5, 2.0, size=d), rng.normal(size=d)
    return x, gamma, beta, rng.normal(size=d), rng.uniform(0.5, 2.0, size=d)


def _bn_call(name: str, fn: Callable, *args: Any) -> tuple[np.ndarray, ...]:
    x, d = args[0], args[0].shape[1]
    out, mean, var = unpack(name, call(name, fn, *args), ("out", "running_mean", "running_var"))
    return (
        array_of_shape(name, "out", out, x.shape),
        array_of_shape(name, "running_mean", mean, (d,)),
        array_of_shape(name, "running_var", var, (d,)),
    )


@public_check
def check_batchnorm_forward(batchnorm_forward: Callable) -> None:
    """Training: each column of out has mean β and (biased) variance γ², the running statistics
    move by momentum. Evaluation: the running statistics are used, and left as they were."""
    name = "batchnorm_forward"
    rng = np.random.default_rng(74)
    m, d, momentum = 8, 3, 0.2
    x, gamma, beta, running_mean, running_var = _bn_inputs(rng, m, d)

    # eps = 0 makes the batch statistics of out exact: mean β, biased variance γ².
    out, new_mean, new_var = _bn_call(
        name, batchnorm_forward, x, gamma, beta, running_mean, running_var, True, momentum, 0.0
    )
    ok = np.allclose(out.mean(axis=0), beta, atol=1e-9) and np.allclose(
        out.var(axis=0), gamma**2, rtol=1e-9
    )
    require(ok, "check.gradient_flow.bn_statistics", name=name)
    want_mean = (1 - momentum) * running_mean + momentum * x.mean(axis=0)
    require(
        np.allclose(new_mean, want_mean, rtol=1e-9, atol=1e-12),
        "check.gradient_flow.running_mean",
        name=name,
    )
    want_var = (1 - momentum) * running_var + momentum * x.var(axis=0, ddof=1)
    require(
        np.allclose(new_var, want_var, rtol=1e-9, atol=1e-12),
        "check.gradient_flow.running_var",
        name=name,
    )

    eps = 1e-5
    out, same_mean, same_var = _bn_call(
        name, batchnorm_forward, x, gamma, beta, running_mean, running_var, False, momentum, eps
    )
    kept = np.array_equal(same_mean, running_mean) and np.array_equal(same_var, running_var)
    require(kept, "check.gradient_flow.eval_changes_stats", name=name)
    first, _, _ = _bn_call(
        name, batchnorm_forward, x[:2], gamma, beta, running_mean, running_var, False
    )
    require(
        np.allclose(first, out[:2], rtol=1e-12, atol=1e-12),
        "check.gradient_flow.eval_uses_batch",
        name=name,
    )
    want = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    require(
        np.allclose(out, want, rtol=1e-9, atol=1e-12), "check.gradient_flow.eval_formula", name=name
    )
    passed(name, t("check.gradient_flow.bn_forward_ok"))


def _bn_training_output(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float):
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta


def _gradients_agree(name: str, parts: tuple[str, ...], got: tuple, numeric: list) -> float:
    errors = []
    for part, value, want in zip(parts, got, numeric, strict=True):
        value = array_of_shape(name, part, value, want.shape)
        errors.append(gradient_agrees(name, part, value, want))
    return max(errors)


@public_check
def check_batchnorm_backward(batchnorm_backward: Callable) -> None:
    """dx, dgamma, dbeta agree with central differences of Σ dout ⊙ batchnorm(x) (training)."""
    name = "batchnorm_backward"
    rng = np.random.default_rng(75)
    m, d, eps = 6, 4, 1e-5
    x, gamma, beta, _, _ = _bn_inputs(rng, m, d)
    dout = rng.normal(size=(m, d))
    parts = ("dx", "dgamma", "dbeta")
    got = unpack(name, call(name, batchnorm_backward, dout, x, gamma, eps), parts)

    def loss(x_, gamma_, beta_):
        return float(np.sum(dout * _bn_training_output(x_, gamma_, beta_, eps)))

    numeric = [
        numerical_gradient(lambda v: loss(v, gamma, beta), x),
        numerical_gradient(lambda v: loss(x, v, beta), gamma),
        numerical_gradient(lambda v: loss(x, gamma, v), beta),
    ]
    error = _gradients_agree(name, parts, got, numeric)
    passed(name, t("check.gradient_ok", error=error))


@public_check
def check_residual_backward(residual_backward: Callable) -> None:
    """All five gradients agree with central differences of Σ dout ⊙ (x + F(x))."""
    name = "residual_backward"
    rng = np.random.default_rng(76)
    m, d, h = 4, 3, 5
    args = [
        rng.normal(size=(m, d)),
        rng.normal(size=(d, h)),
        rng.normal(size=h),
        rng.normal(size=(h, d)),
        rng.normal(size=d),
    ]
    dout = rng.normal(size=(m, d))
    parts = ("dx", "dW1", "db1", "dW2", "db2")
    got = unpack(name, call(name, residual_backward, dout, *args), parts)

    def loss(x, W1, b1, W2, b2):
        return float(np.sum(dout * (x + np.maximum(x @ W1 + b1, 0) @ W2 + b2)))

    numeric = []
    for i in range(len(args)):

        def loss_of(value, i=i):
            return loss(*args[:i], value, *args[i + 1 :])

        numeric.append(numerical_gradient(loss_of, args[i]))
    error = _gradients_agree(name, parts, got, numeric)
    passed(name, t("check.gradient_ok", error=error))
