"""Public checks of lesson 06 (optimizers and schedules): the interface, descent on an easy
loss, and one textbook property of each method, checked numerically."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.student.checks.common import CheckFailed, passed, public_check, require
from autograder.student.i18n import t

STEPS = 300


def _easy_gradients(params: list[np.ndarray]) -> list[np.ndarray]:
    """∇ of ½‖W‖² + ½‖b − 1‖²: minimum at W = 0, b = 1."""
    W, b = params
    return [W, b - 1.0]


def _easy_loss(params: list[np.ndarray]) -> float:
    W, b = params
    return 0.5 * float(np.sum(W**2) + np.sum((b - 1.0) ** 2))


def _step(name: str, optimizer: Any, params: list[np.ndarray], grads: list[np.ndarray]) -> list:
    """One step on copies; checks the result's form and that the inputs were left alone."""
    before = copy.deepcopy((params, grads))
    try:
        new = optimizer.step(params, grads)
    except NotImplementedError:
        raise CheckFailed(t("check.not_implemented", name=name), name) from None
    same_inputs = all(
        np.array_equal(a, b) for a, b in zip(before[0] + before[1], params + grads, strict=True)
    )
    require(same_inputs, "check.input_changed", name=name, part="params/grads")
    require(
        isinstance(new, list | tuple) and len(new) == len(params),
        "check.optimizers.not_list",
        name=name,
        n=len(params),
    )
    for index, (p, q) in enumerate(zip(params, new, strict=True)):
        q = np.asarray(q, dtype=np.float64)
        part = f"params[{index}]"
        require(
            q.shape == p.shape,
            "check.shape",
            name=name,
            part=part,
            expected=p.shape,
            actual=q.shape,
        )
        require(bool(np.all(np.isfinite(q))), "check.not_finite", name=name, part=part)
    return [np.asarray(q, dtype=np.float64) for q in new]


def _make(name: str, optimizer_class: Callable[..., Any], **hyper: Any) -> Any:
    try:
        return optimizer_class(**hyper)
    except NotImplementedError:
        raise CheckFailed(t("check.not_implemented", name=name), name) from None


def _descends(name: str, optimizer_class: Callable[..., Any], **hyper: Any) -> None:
    optimizer = _make(name, optimizer_class, **hyper)
    params = [np.full((2, 3), 2.0), np.array([-1.0, 0.0, 3.0, 2.0])]
    start = _easy_loss(params)
    for _ in range(STEPS):
        params = _step(name, optimizer, params, _easy_gradients(params))
    end = _easy_loss(params)
    require(
        end < 0.01 * start,
        "check.optimizers.no_descent",
        name=name,
        steps=STEPS,
        start=start,
        end=end,
    )


def _steps_under_constant_gradient(
    name: str, optimizer_class: Callable[..., Any], n: int, gradient: float = 0.5, **hyper: Any
) -> np.ndarray:
    """Sizes of the first n steps of one coordinate when the gradient never changes."""
    optimizer = _make(name, optimizer_class, **hyper)
    params, sizes = [np.zeros(1)], []
    for _ in range(n):
        new = _step(name, optimizer, params, [np.full(1, gradient)])
        sizes.append(float(params[0][0] - new[0][0]))
        params = new
    return np.array(sizes)


def _property(ok: bool, name: str, key: str, **fields: Any) -> None:
    require(ok, "check.optimizers.property", name=name, expected=t(key, **fields))


def _reads_lr(name: str, optimizer_class: Callable[..., Any], **hyper: Any) -> None:
    """After ``optimizer.lr = 0`` (what a schedule may do between steps) a step moves nothing."""
    optimizer = _make(name, optimizer_class, **hyper)
    params = [np.array([1.0, -2.0]), np.array([0.5])]
    params = _step(name, optimizer, params, _easy_gradients(params))
    optimizer.lr = 0.0
    new = _step(name, optimizer, params, _easy_gradients(params))
    moved = max(float(np.max(np.abs(q - p))) for p, q in zip(params, new, strict=True))
    require(moved == 0.0, "check.optimizers.lr_ignored", name=name, moved=moved)


# A small gradient and a large ε: with ε inside the square root the first step is 3× smaller.
EPS_CASE = {"gradient": 0.01, "eps": 0.1}


def _eps_outside_root(
    name: str, optimizer_class: Callable[..., Any], first_root: float, **hyper: Any
) -> None:
    """The first step under the gradient g of EPS_CASE is η·g / (first_root + ε); when it is
    η·g / √(first_root² + ε) instead, say that ε went inside the root."""
    gradient, eps = EPS_CASE["gradient"], EPS_CASE["eps"]
    (actual,) = _steps_under_constant_gradient(
        name, optimizer_class, 1, gradient=gradient, eps=eps, **hyper
    )
    expected = hyper["lr"] * gradient / (first_root + eps)
    if abs(actual - expected) <= 1e-9 * expected:
        return
    inside = hyper["lr"] * gradient / math.sqrt(first_root**2 + eps)
    key = (
        "check.optimizers.eps_outside"
        if abs(actual - inside) <= 1e-9 * inside
        else ("check.optimizers.first_step")
    )
    fields = {"eps": eps, "gradient": gradient, "expected": expected, "actual": actual}
    _property(False, name, key, **fields)


@public_check
def check_sgd_momentum(SGDMomentum: Callable[..., Any]) -> None:
    name = "SGDMomentum"
    _descends(name, SGDMomentum, lr=0.1, momentum=0.9)
    sizes = _steps_under_constant_gradient(name, SGDMomentum, 200, lr=0.1, momentum=0.9)
    _property(abs(sizes[-1] - 0.1 * 0.5 / 0.1) < 1e-3, name, "check.optimizers.momentum_limit")
    _reads_lr(name, SGDMomentum, lr=0.1, momentum=0.9)
    passed(name, t("check.optimizers.ok"))


@public_check
def check_nesterov(Nesterov: Callable[..., Any]) -> None:
    name = "Nesterov"
    _descends(name, Nesterov, lr=0.1, momentum=0.9)
    sizes = _steps_under_constant_gradient(name, Nesterov, 1, lr=0.1, momentum=0.9)
    _property(abs(sizes[0] - 0.1 * 1.9 * 0.5) < 1e-9, name, "check.optimizers.nesterov_first")
    _reads_lr(name, Nesterov, lr=0.1, momentum=0.9)
    passed(name, t("check.optimizers.ok"))


@public_check
def check_adagrad(Adagrad: Callable[..., Any]) -> None:
    name = "Adagrad"
    _descends(name, Adagrad, lr=0.5)
    sizes = _steps_under_constant_gradient(name, Adagrad, 16, lr=0.1, eps=1e-12)
    _property(abs(sizes[15] - 0.1 / 4) < 1e-6, name, "check.optimizers.adagrad_decay")
    # s₁ = g², so √s₁ = |g|.
    _eps_outside_root(name, Adagrad, EPS_CASE["gradient"], lr=0.1)
    _reads_lr(name, Adagrad, lr=0.1)
    passed(name, t("check.optimizers.ok"))


@public_check
def check_rmsprop(RMSprop: Callable[..., Any]) -> None:
    name = "RMSprop"
    _descends(name, RMSprop, lr=0.01, alpha=0.9)
    sizes = _steps_under_constant_gradient(name, RMSprop, 300, lr=0.01, alpha=0.9, eps=1e-12)
    _property(abs(sizes[-1] - 0.01) < 1e-6, name, "check.optimizers.rmsprop_limit")
    # s₁ = (1 − α) g², so √s₁ = √(1 − α) |g|.
    _eps_outside_root(name, RMSprop, math.sqrt(1 - 0.9) * EPS_CASE["gradient"], lr=0.01, alpha=0.9)
    _reads_lr(name, RMSprop, lr=0.01, alpha=0.9)
    passed(name, t("check.optimizers.ok"))


@public_check
def check_adam(Adam: Callable[..., Any]) -> None:
    name = "Adam"
    _descends(name, Adam, lr=0.05)
    sizes = _steps_under_constant_gradient(name, Adam, 1, gradient=0.003, lr=0.01, eps=1e-12)
    _property(abs(sizes[0] - 0.01) < 1e-6, name, "check.optimizers.adam_first")
    # After bias correction m̂₁ = g and v̂₁ = g², so √v̂₁ = |g|.
    _eps_outside_root(name, Adam, EPS_CASE["gradient"], lr=0.01)
    _reads_lr(name, Adam, lr=0.05)
    passed(name, t("check.optimizers.ok"))


@public_check
def check_adamw(AdamW: Callable[..., Any]) -> None:
    name = "AdamW"
    _descends(name, AdamW, lr=0.05, weight_decay=0.01)
    optimizer = _make(name, AdamW, lr=0.1, weight_decay=0.5)
    new = _step(name, optimizer, [np.array([2.0, -4.0])], [np.zeros(2)])
    _property(np.allclose(new[0], [1.9, -3.8], rtol=1e-9), name, "check.optimizers.adamw_decay")
    # At p = 0 the decay changes nothing: the first step is Adam's.
    _eps_outside_root(name, AdamW, EPS_CASE["gradient"], lr=0.01, weight_decay=0.5)
    _reads_lr(name, AdamW, lr=0.05, weight_decay=0.1)
    passed(name, t("check.optimizers.ok"))


def _schedule(name: str, schedule: Callable[..., float], *hyper: Any, n: int = 60) -> np.ndarray:
    try:
        values = [schedule(*hyper, step) for step in range(n)]
    except NotImplementedError:
        raise CheckFailed(t("check.not_implemented", name=name), name) from None
    require(
        all(np.ndim(v) == 0 for v in values), "check.not_number", name=name, part="lr", kind="array"
    )
    return np.array(values, dtype=np.float64)


@public_check
def check_step_decay(step_decay: Callable[..., float]) -> None:
    name = "step_decay"
    lrs = _schedule(name, step_decay, 0.1, 0.5, 10)
    _property(
        lrs[0] == 0.1 and bool(np.all(np.diff(lrs) <= 0)), name, "check.optimizers.starts_and_falls"
    )
    _property(
        np.isclose(lrs[10], 0.05) and np.isclose(lrs[9], 0.1), name, "check.optimizers.step_drop"
    )
    passed(name, t("check.optimizers.schedule_ok"))


@public_check
def check_cosine_annealing(cosine_annealing: Callable[..., float]) -> None:
    name = "cosine_annealing"
    lrs = _schedule(name, cosine_annealing, 0.1, 0.01, 40, n=41)
    _property(
        lrs[0] == 0.1 and bool(np.all(np.diff(lrs) <= 0)), name, "check.optimizers.starts_and_falls"
    )
    _property(
        np.isclose(lrs[40], 0.01) and np.isclose(lrs[20], 0.055),
        name,
        "check.optimizers.cosine_ends",
    )
    passed(name, t("check.optimizers.schedule_ok"))


@public_check
def check_linear_warmup(linear_warmup: Callable[..., float]) -> None:
    name = "linear_warmup"
    lrs = _schedule(name, linear_warmup, 0.1, 0.1, 10)
    rising = bool(np.all(np.diff(lrs) >= 0)) and np.isclose(lrs[0], 0.01)
    _property(rising and bool(np.allclose(lrs[10:], 0.1)), name, "check.optimizers.warmup_shape")
    passed(name, t("check.optimizers.schedule_ok"))
