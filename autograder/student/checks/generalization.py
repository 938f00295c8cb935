"""Public checks of lesson 08 (local minima, saddle points, overfitting). They use landscapes
whose Hessians are known exactly, central differences of the student's own penalty, and a
scripted training run whose validation losses are given in advance."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from autograder.student.checks.common import (
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

KINDS = ("minimum", "maximum", "saddle", "degenerate")


class _Polynomial:
    """∇ of f(w) = ½wᵀAw + Σ qᵢwᵢ⁴: a critical point at 0 whose Hessian is A."""

    def __init__(self, A: Any, q: Any = 0.0) -> None:
        self.A = np.asarray(A, dtype=np.float64)
        self.q = np.asarray(q, dtype=np.float64)

    def __call__(self, w: np.ndarray) -> np.ndarray:
        w = np.asarray(w, dtype=np.float64)
        return self.A @ w + 4 * self.q * w**3


def _rotation(angle: float) -> np.ndarray:
    return np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])


@public_check
def check_classify_critical_point(classify_critical_point: Callable) -> None:
    """Eigenvalues ascending and right on four landscapes; the kind right on each of them."""
    name = "classify_critical_point"
    R = _rotation(0.6)
    landscapes = [
        ("½wᵀAw, A = R diag(1, 4) Rᵀ", R @ np.diag([1.0, 4.0]) @ R.T, 0.0, "minimum"),
        ("½wᵀAw, A = [[1, 3], [3, 1]]", [[1.0, 3.0], [3.0, 1.0]], 0.0, "saddle"),
        ("−(x² + y² + 2z²)", np.diag([-2.0, -2.0, -4.0]), 0.0, "maximum"),
        ("x⁴ + y²", np.diag([0.0, 2.0]), [1.0, 0.0], "degenerate"),
    ]
    for landscape, A, q, expected_kind in landscapes:
        grad = _Polynomial(A, q)
        n = grad.A.shape[0]
        exact = np.linalg.eigvalsh(grad.A)
        result = call(name, classify_critical_point, grad, np.zeros(n), 1e-4, 1e-6)
        eigenvalues, kind = unpack(name, result, ("eigenvalues", "kind"))
        eigenvalues = array_of_shape(name, "eigenvalues", eigenvalues, (n,))
        require(
            bool(np.all(np.diff(eigenvalues) >= 0)),
            "check.generalization.not_ascending",
            name=name,
            eigenvalues=eigenvalues,
        )
        require(
            bool(np.all(np.abs(eigenvalues - exact) <= 1e-6 * (1 + np.abs(exact)))),
            "check.generalization.eigenvalues_off",
            name=name,
            landscape=landscape,
            expected=exact,
            actual=eigenvalues,
        )
        require(kind in KINDS, "check.generalization.unknown_kind", name=name, kind=kind)
        require(
            kind == expected_kind,
            "check.generalization.wrong_kind",
            name=name,
            landscape=landscape,
            eigenvalues=exact,
            expected=expected_kind,
            actual=kind,
        )
    passed(name, t("check.generalization.classify_ok"))


def _penalty_parts(name: str, result: Any, params: dict[str, np.ndarray]) -> tuple:
    value, grads = unpack(name, result, ("penalty", "grads"))
    value = scalar(name, "penalty", value)
    keys = ", ".join(params)
    require(
        isinstance(grads, Mapping) and set(grads) == set(params),
        "check.generalization.not_dict",
        name=name,
        part="grads",
        keys=keys,
        kind=type(grads).__name__,
    )
    return value, {
        key: array_of_shape(name, f"grads['{key}']", grads[key], params[key].shape)
        for key in params
    }


@public_check
def check_weight_penalty(weight_penalty: Callable) -> None:
    """The value on small hand-made cases, zero bias gradients, sign(0) = 0, and gradients
    that agree with central differences of the value itself."""
    name = "weight_penalty"
    by_hand = {"W1": np.array([[3.0, -4.0]]), "b1": np.array([5.0])}
    for l1, l2, expected in [(0.0, 2.0, 25.0), (0.5, 0.0, 3.5), (0.5, 2.0, 28.5)]:
        value, _ = _penalty_parts(name, call(name, weight_penalty, by_hand, l1, l2), by_hand)
        require(
            abs(value - expected) <= 1e-9 * expected,
            "check.generalization.penalty_value",
            name=name,
            l1=l1,
            l2=l2,
            actual=value,
        )

    rng = np.random.default_rng(81)
    params = {
        "W1": rng.normal(size=(3, 4)),
        "b1": rng.normal(size=4),
        "W2": rng.normal(size=(4, 2)),
        "b2": rng.normal(size=2),
    }
    l1, l2 = 0.3, 0.7
    before = {key: value.copy() for key, value in params.items()}
    _, grads = _penalty_parts(name, weight_penalty(params, l1, l2), before)
    for key, value in before.items():
        unchanged = np.array_equal(params[key], value)
        require(unchanged, "check.input_changed", name=name, part=f"params['{key}']")
    errors = []
    for key in params:

        def value_of(v: np.ndarray, key: str = key) -> float:
            result = weight_penalty({**params, key: v}, l1, l2)
            return _penalty_parts(name, result, params)[0]

        numeric = numerical_gradient(value_of, params[key])
        errors.append(gradient_agrees(name, f"grads['{key}']", grads[key], numeric))

    sparse = {key: value.copy() for key, value in params.items()}
    sparse["W1"][0, 1] = sparse["W2"][2, 0] = 0.0
    _, grads = _penalty_parts(name, call(name, weight_penalty, sparse, l1, 0.0), sparse)
    for key, index in (("W1", (0, 1)), ("W2", (2, 0))):
        require(
            grads[key][index] == 0.0,
            "check.generalization.penalty_zero_weight",
            name=name,
            part=f"grads['{key}']",
            actual=grads[key][index],
        )
    passed(name, t("check.generalization.penalty_ok", error=max(errors)))


class _Script:
    """A training run told in advance: W counts the epochs, training loss always falls."""

    def __init__(self, val_losses: list[float]) -> None:
        self.val_losses = val_losses

    def step(self, params: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], float]:
        epoch = round(float(params["W"][0]))
        return {"W": params["W"] + 1.0}, 1.0 / (epoch + 1)

    def val_loss(self, params: dict[str, np.ndarray]) -> float:
        return self.val_losses[round(float(params["W"][0]))]


@public_check
def check_early_stopping(early_stopping: Callable) -> None:
    """A scripted run: when it stops, which epoch it calls best, the parameters it returns."""
    name = "early_stopping"
    val = [1.0, 0.8, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0]
    script, patience = _Script(val), 2
    start = {"W": np.zeros(1)}
    result = call(name, early_stopping, start, script.step, script.val_loss, patience, 10)
    best, best_epoch, history = unpack(name, result, ("best_params", "best_epoch", "history"))
    history = np.asarray(history, dtype=np.float64)
    stopped = len(history)
    require(
        history.ndim == 2 and history.shape[1:] == (2,),
        "check.generalization.history_form",
        name=name,
        expected=(4, 2),
        actual=history.shape,
    )
    losses = ", ".join(f"{v:g}" for v in val[:6])
    require(
        stopped == 4,
        "check.generalization.wrong_stop",
        name=name,
        losses=losses,
        patience=patience,
        expected=4,
        actual=stopped,
    )
    require(
        best_epoch == 2, "check.generalization.wrong_best", name=name, expected=2, actual=best_epoch
    )
    require(
        isinstance(best, Mapping) and set(best) == {"W"},
        "check.generalization.not_dict",
        name=name,
        part="best_params",
        keys="W",
        kind=type(best).__name__,
    )
    require(
        float(np.asarray(best["W"])[0]) == 2.0,
        "check.generalization.not_restored",
        name=name,
        epoch=2,
    )
    passed(name, t("check.generalization.early_stopping_ok"))


def _dropout_parts(name: str, result: Any, shape: tuple[int, ...]) -> tuple:
    """(out, mask, scale) from ``(out, (mask, scale))``, shapes and types checked."""
    out, cache = unpack(name, result, ("out", "cache"))
    mask, scale = unpack(
        name, tuple(cache) if isinstance(cache, list) else cache, ("mask", "scale")
    )
    out = array_of_shape(name, "out", out, shape)
    mask = array_of_shape(name, "mask", mask, shape)
    require(
        bool(np.all((mask == 0) | (mask == 1))),
        "check.generalization.mask_not_boolean",
        name=name,
    )
    return out, mask.astype(bool), scalar(name, "scale", scale)


@public_check
def check_dropout_forward(dropout_forward: Callable) -> None:
    """Training: the share kept, the mask drawn as the exercise says, kept entries scaled so
    that the mean is unchanged, dropped ones 0. Evaluation: the identity, nothing drawn."""
    name = "dropout_forward"
    p, shape = 0.3, (200, 50)
    x = np.random.default_rng(82).uniform(0.5, 1.5, size=shape)
    rng = np.random.default_rng(83)
    result = call(name, dropout_forward, x, p, True, rng)
    out, mask, scale = _dropout_parts(name, result, shape)
    kept = 100 * mask.mean()
    require(
        abs(kept - 100 * (1 - p)) < 2,
        "check.generalization.kept_share",
        name=name,
        p=p,
        expected=100 * (1 - p),
        actual=kept,
    )
    documented = np.random.default_rng(83).random(shape) >= p
    require(np.array_equal(mask, documented), "check.generalization.mask_not_replayed", name=name)
    require(bool(np.all(out[~mask] == 0)), "check.generalization.dropped_not_zero", name=name)
    require(
        np.allclose(out[mask], scale * x[mask], rtol=1e-12, atol=0),
        "check.generalization.kept_not_scaled",
        name=name,
    )
    require(
        abs(out.mean() / x.mean() - 1) < 0.03,
        "check.generalization.mean_changed",
        name=name,
        p=p,
        before=x.mean(),
        after=out.mean(),
    )

    # Called directly, not through call(), which would hand over a copy of the generator.
    rng, private = np.random.default_rng(84), x.copy()
    out, mask, scale = _dropout_parts(name, dropout_forward(private, p, False, rng), shape)
    require(np.array_equal(private, x), "check.input_changed", name=name, part="x")
    identity = np.array_equal(out, x) and bool(mask.all()) and scale == 1.0
    require(identity, "check.generalization.evaluation_not_identity", name=name)
    untouched = rng.random() == np.random.default_rng(84).random()
    require(untouched, "check.generalization.evaluation_draws", name=name)
    passed(name, t("check.generalization.dropout_forward_ok", kept=kept))


@public_check
def check_dropout_backward(dropout_backward: Callable) -> None:
    """dx agrees with central differences of Σ dout ⊙ dropout(x) for a fixed mask, in
    training (mask and scale) and in evaluation (all kept, scale 1)."""
    name = "dropout_backward"
    rng = np.random.default_rng(85)
    x, dout = rng.normal(size=(4, 6)), rng.normal(size=(4, 6))
    p = 0.4
    caches = [(rng.random(x.shape) >= p, 1 / (1 - p)), (np.ones(x.shape, dtype=bool), 1.0)]
    errors = []
    for mask, scale in caches:
        dx = array_of_shape(name, "dx", call(name, dropout_backward, dout, (mask, scale)), x.shape)

        def loss(v: np.ndarray, mask: np.ndarray = mask, scale: float = scale) -> float:
            return float(np.sum(dout * v * mask * scale))

        errors.append(gradient_agrees(name, "dx", dx, numerical_gradient(loss, x)))
    passed(name, t("check.gradient_ok", error=max(errors)))
