"""Public checks of lesson 04 (an MLP from scratch). They judge each answer on its own: the
notebook's helpers are replaced by stand-ins built from central differences, and the answers
are compared with properties of the result, never with a stored answer."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from autograder.student.checks.common import (
    CheckFailed,
    helpers_swapped,
    numerical_gradient,
    passed,
    public_check,
    relative_error,
    require,
    scalar,
)
from autograder.student.i18n import t

PARAMETER_NAMES = ("W1", "b1", "W2", "b2")
Params = dict[str, np.ndarray]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _logits(X: np.ndarray, params: Mapping[str, np.ndarray]) -> np.ndarray:
    A1 = _sigmoid(X @ params["W1"] + params["b1"])
    return A1 @ params["W2"] + params["b2"]


def _loss(X: np.ndarray, Y: np.ndarray, params: Mapping[str, np.ndarray]) -> float:
    logits = _logits(X, params)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.sum(Y * log_probs) / X.shape[0])


def _numerical_backward(X: np.ndarray, Y: np.ndarray, params: Params) -> Params:
    """The gradients of the mean cross-entropy by central differences: a stand-in for
    two_layer_backward that holds no answer."""

    def loss_of(key: str) -> Callable[[np.ndarray], float]:
        return lambda v: _loss(X, Y, {**params, key: v})

    return {key: numerical_gradient(loss_of(key), params[key]) for key in PARAMETER_NAMES}


def _numerical_step(
    X: np.ndarray, Y: np.ndarray, params: Params, lr: float
) -> tuple[Params, float]:
    """A stand-in for train_step: a gradient step with central-difference gradients."""
    grads = _numerical_backward(X, Y, params)
    return {key: params[key] - lr * grads[key] for key in PARAMETER_NAMES}, _loss(X, Y, params)


def _fraction_correct(logits: np.ndarray, labels: np.ndarray) -> float:
    """Share of rows whose true class scores as high as the best one (a stand-in for accuracy)."""
    logits = np.asarray(logits, dtype=np.float64)
    true_scores = logits[np.arange(len(labels)), labels]
    return float(np.mean(true_scores >= logits.max(axis=1)))


def _one_hot(labels: np.ndarray, k: int) -> np.ndarray:
    Y = np.zeros((len(labels), k))
    Y[np.arange(len(labels)), labels] = 1.0
    return Y


def _network(rng: np.random.Generator, n_in: int, n_hidden: int, k: int) -> Params:
    return {
        "W1": rng.normal(size=(n_in, n_hidden)) / np.sqrt(n_in),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(size=(n_hidden, k)) / np.sqrt(n_hidden),
        "b2": np.zeros(k),
    }


def _clusters(
    rng: np.random.Generator, m: int, centres: np.ndarray, noise: float
) -> tuple[np.ndarray, np.ndarray]:
    labels = rng.integers(0, len(centres), size=m)
    return centres[labels] + noise * rng.normal(size=(m, centres.shape[1])), labels


def _run(
    name: str, fn: Callable[..., Any], helpers: Mapping[str, Callable[..., Any]], *args: Any
) -> Any:
    """Call an answer with trusted helpers; fail if it raises NotImplementedError or changes
    an input array (also inside the params dict)."""
    before = copy.deepcopy(args)
    with helpers_swapped(fn, helpers):
        try:
            result = fn(*args)
        except NotImplementedError:
            raise CheckFailed(t("check.not_implemented", name=name), name) from None
    for old, new in zip(before, args, strict=True):
        if isinstance(old, np.ndarray):
            require(np.array_equal(old, new), "check.input_changed", name=name, part="X/Y")
        if isinstance(old, dict):
            for key, value in old.items():
                unchanged = np.array_equal(value, new[key])
                require(unchanged, "check.input_changed", name=name, part=f"params['{key}']")
    return result


def _pair(name: str, result: Any, second: str) -> tuple[Params, Any]:
    """Check that ``result`` is ``(params, second)`` with params a dict of the four arrays."""
    parts = f"params, {second}"
    kind = type(result).__name__
    require(
        isinstance(result, tuple) and len(result) == 2,
        "check.mlp.not_pair",
        name=name,
        parts=parts,
        kind=kind,
    )
    params, value = result
    keys = ", ".join(PARAMETER_NAMES)
    require(
        isinstance(params, Mapping),
        "check.mlp.not_dict",
        name=name,
        keys=keys,
        kind=type(params).__name__,
    )
    for key in PARAMETER_NAMES:
        require(key in params, "check.mlp.missing_key", name=name, entry=key)
    return {key: np.asarray(params[key], dtype=np.float64) for key in PARAMETER_NAMES}, value


def _same_shapes(name: str, got: Params, want: Params) -> None:
    for key in PARAMETER_NAMES:
        require(
            got[key].shape == want[key].shape,
            "check.shape",
            name=name,
            part=f"params['{key}']",
            expected=want[key].shape,
            actual=got[key].shape,
        )
        require(bool(np.all(np.isfinite(got[key]))), "check.not_finite", name=name, part=key)


@public_check
def check_accuracy(accuracy: Callable) -> None:
    """Three batches whose number of right predictions is known by construction."""
    name = "accuracy"
    rng = np.random.default_rng(41)
    for m, k, right in [(8, 3, 6), (5, 5, 5), (6, 4, 0)]:
        logits = rng.normal(size=(m, k))
        labels = np.array([int(np.flatnonzero(row == row.max())[0]) for row in logits])
        wrong = rng.permutation(m)[: m - right]
        labels[wrong] = (labels[wrong] + 1) % k
        with helpers_swapped(accuracy, {}):
            try:
                value = accuracy(logits.copy(), labels.copy())
            except NotImplementedError:
                raise CheckFailed(t("check.not_implemented", name=name), name) from None
        value = scalar(name, "accuracy", value)
        expected = right / m
        require(
            abs(value - expected) < 1e-12,
            "check.mlp.accuracy_value",
            name=name,
            right=right,
            m=m,
            actual=value,
            expected=expected,
        )
    passed(name, t("check.mlp.accuracy_ok"))


@public_check
def check_train_step(train_step: Callable) -> None:
    """The loss is the batch loss at the given parameters, each parameter moves by −lr times its
    central-difference gradient, and params is left as it was."""
    name = "train_step"
    rng = np.random.default_rng(42)
    m, n_in, n_hidden, k, lr = 6, 3, 5, 4, 0.7
    params = _network(rng, n_in, n_hidden, k)
    params["b1"], params["b2"] = rng.normal(size=n_hidden), rng.normal(size=k)
    X, Y = rng.normal(size=(m, n_in)), _one_hot(rng.integers(0, k, size=m), k)
    trusted = {"two_layer_backward": _numerical_backward, "two_layer_loss": _loss}
    result = _run(name, train_step, trusted, X, Y, params, lr)
    new, loss = _pair(name, result, "loss")
    _same_shapes(name, new, params)
    loss = scalar(name, "loss", loss)
    expected = _loss(X, Y, params)
    require(
        abs(loss - expected) <= 1e-9 * abs(expected),
        "check.mlp.loss_not_before",
        name=name,
        actual=loss,
        expected=expected,
    )
    grads = _numerical_backward(X, Y, params)
    for key in PARAMETER_NAMES:
        error = relative_error(new[key] - params[key], -lr * grads[key])
        require(
            error < 1e-6, "check.mlp.step_wrong", name=name, part=f"params['{key}']", error=error
        )
    passed(name, t("check.mlp.step_ok"))


@public_check
def check_train(train: Callable) -> None:
    """One loss per step; the first batch comes from the first permutation the generator
    draws; the loss goes down on an easy problem; equal seeds give equal results.

    The notebook's train_step is replaced by a central-difference stand-in, so a mistake there
    is reported by its own check and not here."""
    name = "train"
    rng = np.random.default_rng(43)
    m, n_in, n_hidden, k, lr, batch_size, n_epochs = 30, 2, 4, 3, 1.0, 7, 8
    params = _network(rng, n_in, n_hidden, k)
    X, labels = _clusters(rng, m, 2.5 * np.eye(k, n_in) - 1.0, 0.3)
    Y = _one_hot(labels, k)
    trusted = {"train_step": _numerical_step}

    runs = []
    for _ in range(2):
        shuffler = np.random.default_rng(44)
        result = _run(name, train, trusted, X, Y, params, lr, batch_size, n_epochs, shuffler)
        runs.append(_pair(name, result, "losses"))
    (new, losses), (again, losses_again) = runs
    _same_shapes(name, new, params)
    per_epoch = -(-m // batch_size)
    losses = np.asarray(losses, dtype=np.float64).ravel()
    require(
        losses.size == n_epochs * per_epoch,
        "check.mlp.loss_count",
        name=name,
        expected=n_epochs * per_epoch,
        n_epochs=n_epochs,
        per_epoch=per_epoch,
        batch_size=batch_size,
        actual=losses.size,
    )
    order = np.random.default_rng(44).permutation(m)[:batch_size]
    first = _loss(X[order], Y[order], params)
    require(
        abs(losses[0] - first) <= 1e-9 * first,
        "check.mlp.first_batch",
        name=name,
        actual=losses[0],
        expected=first,
    )
    by_epoch = losses.reshape(n_epochs, per_epoch).mean(axis=1)
    require(
        by_epoch[-1] < 0.5 * by_epoch[0],
        "check.mlp.not_learning",
        name=name,
        first=by_epoch[0],
        last=by_epoch[-1],
    )
    same = np.array_equal(losses, np.asarray(losses_again, dtype=np.float64).ravel()) and all(
        np.array_equal(new[key], again[key]) for key in PARAMETER_NAMES
    )
    require(same, "check.mlp.not_reproducible", name=name)
    passed(name, t("check.mlp.train_ok"))


def _xor(rng: np.random.Generator, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Noisy points around the four corners (±1.5, ±1.5), labelled by the XOR of the signs:
    no straight line separates the classes, so the hidden layer has to learn."""
    corner = rng.integers(0, 4, size=m)
    signs = np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]])[corner]
    return 1.5 * signs + 0.7 * rng.normal(size=(m, 2)), np.array([0, 1, 1, 0])[corner]


@public_check
def check_fit(fit: Callable) -> None:
    """Learns a noisy XOR to a validation accuracy of at least 85%, gives the same result for
    equal seeds, and its last accuracy is that of the returned parameters on the validation set
    (61 training and 29 validation examples, so the two rarely agree)."""
    name = "fit"
    rng = np.random.default_rng(45)
    lr, batch_size, n_epochs, target = 3.0, 8, 15, 0.85
    X, labels = _xor(rng, 61)
    X_val, labels_val = _xor(rng, 29)
    params = _network(rng, 2, 6, 2)
    trusted: dict[str, Callable[..., Any]] = {
        "two_layer_backward": _numerical_backward,
        "logits_of": _logits,
        "accuracy": _fraction_correct,
        "one_hot": _one_hot,
    }
    runs = []
    for _ in range(2):
        shuffler = np.random.default_rng(46)
        args = (X, labels, X_val, labels_val, params, lr, batch_size, n_epochs, shuffler)
        runs.append(_pair(name, _run(name, fit, trusted, *args), "val_accuracy"))
    (new, history), (again, history_again) = runs
    _same_shapes(name, new, params)
    history = np.asarray(history, dtype=np.float64).ravel()
    require(
        history.size == n_epochs,
        "check.mlp.history_length",
        name=name,
        expected=n_epochs,
        actual=history.size,
    )
    on_val = _fraction_correct(_logits(X_val, new), labels_val)
    require(
        abs(history[-1] - on_val) < 1e-12,
        "check.mlp.not_validation",
        name=name,
        actual=history[-1],
        expected=on_val,
    )
    require(
        history[-1] >= target,
        "check.mlp.too_inaccurate",
        name=name,
        target=target,
        actual=history[-1],
    )
    same = np.array_equal(history, np.asarray(history_again, dtype=np.float64).ravel()) and all(
        np.array_equal(new[key], again[key]) for key in PARAMETER_NAMES
    )
    require(same, "check.mlp.not_reproducible", name=name)
    passed(name, t("check.mlp.fit_ok"))
