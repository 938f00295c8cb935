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


# ---------------------------------------------------------------- modular layers


def _layer_pair(name: str, layer: Any, *inputs: np.ndarray) -> tuple[Any, Any]:
    """``layer.forward(*inputs)`` on copies, read as ``(out, cache)``."""
    result = call(f"{name}.forward", layer.forward, *inputs)
    return unpack(f"{name}.forward", result, ("out", "cache"))


def _through_own_forward(layer: Any, *inputs: np.ndarray) -> np.ndarray:
    out, _ = layer.forward(*(np.array(x, copy=True) for x in inputs))
    return np.asarray(out, dtype=np.float64)


def _backward_after_another_forward(
    name: str, layer: Any, cache: Any, upstream: np.ndarray, *inputs: np.ndarray
) -> Any:
    """``backward`` with a cache, and again with the same cache after a forward pass on other
    inputs, as in a network, where every layer runs forward before any runs backward: the two
    must agree, since backward may read nothing but its cache."""
    first = call(f"{name}.backward", layer.backward, upstream, cache)
    _layer_pair(name, layer, *(x + 0.5 for x in inputs))
    again = call(f"{name}.backward", layer.backward, upstream, cache)
    first_parts = first if isinstance(first, tuple) else (first,)
    again_parts = again if isinstance(again, tuple) else (again,)
    same = len(first_parts) == len(again_parts) and all(
        np.array_equal(np.asarray(a, dtype=float), np.asarray(b, dtype=float), equal_nan=True)
        for a, b in zip(first_parts, again_parts, strict=True)
    )
    require(same, "check.mlp.cache_only", name=name)
    return first


@public_check
def check_linear_layer(Linear: Any) -> None:
    """forward is X @ W + b (tested by its properties) and returns a cache; backward agrees
    with central differences, from the cache alone."""
    name = "Linear"
    rng = np.random.default_rng(47)
    m, n_in, n_out = 4, 3, 5
    X, W, b = rng.normal(size=(m, n_in)), rng.normal(size=(n_in, n_out)), rng.normal(size=n_out)
    dout = rng.normal(size=(m, n_out))
    out, cache = _layer_pair(name, Linear, X, W, b)
    out = array_of_shape(f"{name}.forward", "out", out, (m, n_out))
    square = rng.normal(size=(n_in, n_in))
    identity = _through_own_forward(Linear, square, np.eye(n_in), np.zeros(n_in))
    require(np.allclose(identity, square), "check.mlp.linear_identity", name=name)
    bias_only = _through_own_forward(Linear, np.zeros((m, n_in)), W, b)
    require(np.allclose(bias_only, np.tile(b, (m, 1))), "check.mlp.linear_bias", name=name)
    doubled = _through_own_forward(Linear, 2 * X, W, b)
    require(np.allclose(doubled - out, out - bias_only), "check.mlp.linear_not_linear", name=name)

    grads = _backward_after_another_forward(name, Linear, cache, dout, X, W, b)
    dX, dW, db = unpack(f"{name}.backward", grads, ("dX", "dW", "db"))
    dX = array_of_shape(f"{name}.backward", "dX", dX, X.shape)
    dW = array_of_shape(f"{name}.backward", "dW", dW, W.shape)
    db = array_of_shape(f"{name}.backward", "db", db, b.shape)
    inputs = {"X": X, "W": W, "b": b}
    for part, got in (("X", dX), ("W", dW), ("b", db)):

        def loss(value: np.ndarray, part: str = part) -> float:
            args = {**inputs, part: value}
            return float(np.sum(dout * _through_own_forward(Linear, *args.values())))

        gradient_agrees(f"{name}.backward", f"d{part}", got, numerical_gradient(loss, inputs[part]))
    passed(name, t("check.mlp.linear_ok"))


def _elementwise_check(
    name: str, layer: Any, definition: Callable[[np.ndarray], np.ndarray], Z: np.ndarray
) -> tuple[Any, np.ndarray]:
    """forward matches ``definition``; backward matches central differences away from kinks."""
    rng = np.random.default_rng(48)
    dA = rng.normal(size=Z.shape)
    A, cache = _layer_pair(name, layer, Z)
    A = array_of_shape(f"{name}.forward", "A", A, Z.shape)
    error = relative_error(A, definition(Z))
    require(error < 1e-12, "check.mlp.forward_wrong", name=name, error=error)
    dZ = _backward_after_another_forward(name, layer, cache, dA, Z)
    dZ = array_of_shape(f"{name}.backward", "dZ", dZ, Z.shape)

    def loss(value: np.ndarray) -> float:
        return float(np.sum(dA * _through_own_forward(layer, value)))

    gradient_agrees(f"{name}.backward", "dZ", dZ, numerical_gradient(loss, Z))
    return cache, dA


@public_check
def check_relu_layer(ReLU: Any) -> None:
    """max(Z, 0) forward; backward agrees with central differences away from 0, and lets no
    gradient through at exactly 0."""
    name = "ReLU"
    rng = np.random.default_rng(49)
    Z = rng.normal(size=(3, 4))
    Z = np.where(np.abs(Z) < 0.05, 0.3, Z)  # central differences need distance from the kink
    _elementwise_check(name, ReLU, lambda z: np.maximum(z, 0.0), Z)
    at_kink = np.zeros((2, 3))
    _, cache = _layer_pair(name, ReLU, at_kink)
    dZ = call(f"{name}.backward", ReLU.backward, np.ones((2, 3)), cache)
    dZ = array_of_shape(f"{name}.backward", "dZ", dZ, (2, 3))
    require(not np.any(dZ), "check.mlp.relu_kink", name=name)
    passed(name, t("check.mlp.relu_ok"))


@public_check
def check_sigmoid_layer(Sigmoid: Any) -> None:
    """1 / (1 + exp(-Z)) forward; backward agrees with central differences."""
    name = "Sigmoid"
    Z = 2.0 * np.random.default_rng(50).normal(size=(3, 4))
    _elementwise_check(name, Sigmoid, _sigmoid, Z)
    passed(name, t("check.mlp.sigmoid_ok"))


def _mean_cross_entropy(scores: np.ndarray, Y: np.ndarray) -> float:
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.sum(Y * log_probs) / scores.shape[0])


@public_check
def check_softmax_cross_entropy(softmax_cross_entropy: Callable) -> None:
    """The mean cross-entropy, its gradient by central differences, and finite results for
    scores in the hundreds."""
    name = "softmax_cross_entropy"
    rng = np.random.default_rng(51)
    m, k = 5, 4
    scores, Y = rng.normal(size=(m, k)), _one_hot(rng.integers(0, k, size=m), k)
    loss, dscores = unpack(name, call(name, softmax_cross_entropy, scores, Y), ("loss", "dscores"))
    loss = scalar(name, "loss", loss)
    expected = _mean_cross_entropy(scores, Y)
    require(
        abs(loss - expected) <= 1e-10 * expected,
        "check.mlp.ce_value",
        name=name,
        actual=loss,
        expected=expected,
    )
    dscores = array_of_shape(name, "dscores", dscores, scores.shape)
    numeric = numerical_gradient(lambda s: _mean_cross_entropy(s, Y), scores)
    gradient_agrees(name, "dscores", dscores, numeric)
    large = 1000.0 + scores
    loss, dscores = unpack(name, call(name, softmax_cross_entropy, large, Y), ("loss", "dscores"))
    finite = bool(np.isfinite(np.asarray(loss, dtype=np.float64)).all()) and bool(
        np.isfinite(np.asarray(dscores, dtype=np.float64)).all()
    )
    require(finite, "check.mlp.ce_overflow", name=name)
    passed(name, t("check.mlp.ce_ok"))


class _Token:
    """A cache made by a stand-in layer: which layer call made it, and the inputs it saw."""

    def __init__(self, kind: str, index: int, inputs: tuple[np.ndarray, ...]) -> None:
        self.kind, self.index, self.inputs = kind, index, inputs

    def __repr__(self) -> str:
        return f"{self.kind}-cache#{self.index}"


def _stand_in_layers() -> tuple[Any, Any, list[_Token]]:
    """Linear and ReLU that compute their outputs by definition, hand out tokens as caches,
    and answer backward with central differences of their own forward pass."""
    made: list[_Token] = []

    def token(kind: str, *inputs: np.ndarray) -> _Token:
        made.append(_Token(kind, len(made), tuple(np.array(x, copy=True) for x in inputs)))
        return made[-1]

    def linear_forward(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, Any]:
        return X @ W + b, token("Linear", X, W, b)

    def inputs_of(cache: Any, layer: str) -> tuple[np.ndarray, ...]:
        """What ``layer``'s forward was given, from its cache; one message if it is not."""
        require(
            isinstance(cache, _Token) and cache.kind == layer,
            "check.mlp.wrong_cache",
            name="model_backward",
            layer=layer,
            cache=repr(cache),
        )
        return cache.inputs

    def linear_backward(dout: np.ndarray, cache: Any) -> tuple[np.ndarray, ...]:
        X, W, b = inputs_of(cache, "Linear")
        parts = []
        for i in range(3):

            def f(value: np.ndarray, i: int = i) -> float:
                args = [X, W, b]
                args[i] = value
                return float(np.sum(dout * (args[0] @ args[1] + args[2])))

            parts.append(numerical_gradient(f, (X, W, b)[i]))
        return tuple(parts)

    def relu_forward(Z: np.ndarray) -> tuple[np.ndarray, Any]:
        return np.maximum(Z, 0.0), token("ReLU", Z)

    def relu_backward(dA: np.ndarray, cache: Any) -> np.ndarray:
        (Z,) = inputs_of(cache, "ReLU")
        return numerical_gradient(lambda z: float(np.sum(dA * np.maximum(z, 0.0))), Z)

    def layer(name: str, forward: Callable, backward: Callable) -> Any:
        """A class like the exercise's, with the two static methods."""
        return type(
            name, (), {"forward": staticmethod(forward), "backward": staticmethod(backward)}
        )

    linear = layer("Linear", linear_forward, linear_backward)
    relu = layer("ReLU", relu_forward, relu_backward)
    return linear, relu, made


def _deep_problem(seed: int) -> tuple[np.ndarray, Params]:
    """Three layers 3-5-4-2 with biases of both signs; inputs away from ReLU's kink."""
    rng = np.random.default_rng(seed)
    sizes = [3, 5, 4, 2]
    params: Params = {}
    for layer in range(1, len(sizes)):
        params[f"W{layer}"] = rng.normal(size=(sizes[layer - 1], sizes[layer]))
        params[f"b{layer}"] = 0.5 * rng.normal(size=sizes[layer])
    return rng.normal(size=(4, sizes[0])), params


def _deep_scores(X: np.ndarray, params: Params) -> np.ndarray:
    """The scores of the 3-layer problem, by definition."""
    A1 = np.maximum(X @ params["W1"] + params["b1"], 0.0)
    A2 = np.maximum(A1 @ params["W2"] + params["b2"], 0.0)
    return A2 @ params["W3"] + params["b3"]


@public_check
def check_model_forward(model_forward: Callable) -> None:
    """The scores of a three-layer network, and its caches: one entry per layer, in the order
    of the layers, pairs (Linear, ReLU) for the hidden layers, the Linear cache alone last.
    The notebook's Linear and ReLU are replaced by stand-ins, so only model_forward is judged."""
    name = "model_forward"
    X, params = _deep_problem(52)
    linear, relu, made = _stand_in_layers()
    with helpers_swapped(model_forward, {"Linear": linear, "ReLU": relu}):
        result = call(name, model_forward, X, params)
    scores, caches = unpack(name, result, ("scores", "caches"))
    scores = array_of_shape(name, "scores", scores, (X.shape[0], 2))
    error = relative_error(scores, _deep_scores(X, params))
    require(error < 1e-12, "check.mlp.scores_wrong", name=name, error=error)
    require(
        isinstance(caches, list | tuple) and len(caches) == 3,
        "check.mlp.caches_length",
        name=name,
        expected=3,
        actual=len(caches) if isinstance(caches, list | tuple) else type(caches).__name__,
    )
    linears = [token for token in made if token.kind == "Linear"]
    relus = [token for token in made if token.kind == "ReLU"]
    expected = [(linears[0], relus[0]), (linears[1], relus[1]), linears[2]]
    for position, (got, want) in enumerate(zip(caches, expected, strict=True)):
        same = (
            isinstance(want, tuple)
            and isinstance(got, tuple | list)
            and len(got) == 2
            and all(g is w for g, w in zip(got, want, strict=True))
        ) or (got is want)
        require(
            same,
            "check.mlp.cache_entry",
            name=name,
            position=position,
            expected=repr(want),
            actual=repr(got),
        )
    passed(name, t("check.mlp.model_forward_ok"))


@public_check
def check_model_backward(model_backward: Callable) -> None:
    """The gradients of Σ dscores ⊙ scores for a three-layer network, against central
    differences of the whole network. The notebook's Linear and ReLU are replaced by stand-ins
    that answer from central differences, so only model_backward is judged."""
    name = "model_backward"
    X, params = _deep_problem(53)
    dscores = np.random.default_rng(54).normal(size=(X.shape[0], 2))
    linear, relu, _ = _stand_in_layers()
    # The caches the forward pass of the exercise keeps, made by the stand-ins.
    Z1, lc1 = linear.forward(X, params["W1"], params["b1"])
    A1, rc1 = relu.forward(Z1)
    Z2, lc2 = linear.forward(A1, params["W2"], params["b2"])
    A2, rc2 = relu.forward(Z2)
    _, lc3 = linear.forward(A2, params["W3"], params["b3"])
    caches = [(lc1, rc1), (lc2, rc2), lc3]
    with helpers_swapped(model_backward, {"Linear": linear, "ReLU": relu}):
        grads = call(name, model_backward, dscores, caches)
    keys = ", ".join(params)
    kind = type(grads).__name__
    require(isinstance(grads, Mapping), "check.mlp.grads_not_dict", name=name, keys=keys, kind=kind)
    for key, value in params.items():
        require(key in grads, "check.mlp.missing_gradient", name=name, entry=key)
        got = array_of_shape(name, f"grads['{key}']", grads[key], value.shape)

        def f(v: np.ndarray, key: str = key) -> float:
            return float(np.sum(dscores * _deep_scores(X, {**params, key: v})))

        gradient_agrees(name, f"grads['{key}']", got, numerical_gradient(f, value))
    passed(name, t("check.mlp.model_backward_ok"))
