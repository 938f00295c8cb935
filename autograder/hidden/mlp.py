"""Hidden tests of lesson 04. Every case draws its shuffles from a seeded ``numpy.random.Generator``
(the grader hands each run its own copy), so a correct loop reproduces the reference to
rounding in float64. The loop cases have a last mini-batch shorter than the others and two or
more epochs; the accuracy cases include a square batch (m = k) and a single example.

A layer (``Linear``, ``ReLU``, ``Sigmoid``) is graded as a pair: its ``forward`` on a case, a
second ``forward`` on other inputs, then ``backward`` with the first cache, so that a backward
pass reading anything but its own cache gets the other inputs' values. The networks have one to
four layers, and pre-activations of both signs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from autograder.reference import mlp as ref
from autograder.spec import Spec

# Bound by name: a grading job pickles what its adapter uses, never the reference module.
PARAMETER_NAMES = ref.PARAMETER_NAMES


def _accuracy_cases() -> list[tuple[Any, ...]]:
    cases = []
    for seed, (m, k, right) in enumerate([(7, 4, 5), (4, 4, 3), (1, 3, 1), (9, 5, 2)]):
        rng = np.random.default_rng(900 + seed)
        logits = rng.normal(size=(m, k))
        # Exactly `right` rows predict their label; the others a different class.
        labels = np.argmax(logits, axis=1)
        wrong = rng.permutation(m)[: m - right]
        labels[wrong] = (labels[wrong] + rng.integers(1, k, size=len(wrong))) % k
        cases.append((logits, labels))
    return cases


def _network(rng: np.random.Generator, n_in: int, n_hidden: int, k: int) -> dict[str, np.ndarray]:
    params = ref.init_params(n_in, n_hidden, k, rng)
    params["b1"] = 0.1 * rng.normal(size=n_hidden)
    params["b2"] = 0.1 * rng.normal(size=k)
    return params


def _clusters(
    rng: np.random.Generator, m: int, n_in: int, k: int, centres: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Noisy points around one centre per class: learnable, but not perfectly."""
    labels = rng.integers(0, k, size=m)
    return centres[labels] + 0.9 * rng.normal(size=(m, n_in)), labels


def _train_step_cases() -> list[tuple[Any, ...]]:
    cases = []
    for seed, (m, n_in, n_hidden, k, lr) in enumerate(
        [(6, 3, 5, 4, 0.5), (4, 5, 2, 3, 2.0), (1, 2, 3, 4, 0.1)]
    ):
        rng = np.random.default_rng(910 + seed)
        params = _network(rng, n_in, n_hidden, k)
        X = rng.normal(size=(m, n_in))
        cases.append((X, ref.one_hot(rng.integers(0, k, size=m), k), params, lr))
    return cases


def _train_cases() -> list[tuple[Any, ...]]:
    cases = []
    for seed, (m, n_in, n_hidden, k, lr, batch_size, n_epochs) in enumerate(
        [(13, 3, 5, 4, 0.5, 4, 3), (10, 4, 3, 2, 1.0, 3, 2), (8, 2, 4, 3, 0.3, 5, 4)]
    ):
        rng = np.random.default_rng(920 + seed)
        params = _network(rng, n_in, n_hidden, k)
        X, labels = _clusters(rng, m, n_in, k, 2.0 * rng.normal(size=(k, n_in)))
        shuffler = np.random.default_rng(930 + seed)
        cases.append((X, ref.one_hot(labels, k), params, lr, batch_size, n_epochs, shuffler))
    return cases


def _fit_cases() -> list[tuple[Any, ...]]:
    cases = []
    for seed, (m, m_val, n_in, n_hidden, k, lr, batch_size, n_epochs) in enumerate(
        [(25, 11, 4, 6, 3, 1.0, 4, 4), (18, 9, 3, 5, 4, 2.0, 5, 3)]
    ):
        rng = np.random.default_rng(940 + seed)
        params = _network(rng, n_in, n_hidden, k)
        centres = 1.5 * rng.normal(size=(k, n_in))
        X, labels = _clusters(rng, m, n_in, k, centres)
        X_val, labels_val = _clusters(rng, m_val, n_in, k, centres)
        shuffler = np.random.default_rng(950 + seed)
        cases.append((X, labels, X_val, labels_val, params, lr, batch_size, n_epochs, shuffler))
    return cases


class ExpectedDictOfParameters(TypeError):
    """The answer returned something other than a dict of parameters as its first value."""


class MissingParameterKey(KeyError):
    """The returned parameters lack one of W1, b1, W2, b2."""


class ExpectedPair(TypeError):
    """The answer did not return a pair (parameters, second value)."""


def _params_and_second(
    graded: Callable[..., Any], params_at: int
) -> Callable[..., tuple[Any, ...]]:
    """Call the answer; read ``(params, x)`` as (W1, b1, W2, b2, x). If the answer changed the
    caller's params in place, report it as the in-place mistake's mutant does."""

    def run(*args: Any) -> tuple[Any, ...]:
        given = args[params_at]
        before = {key: np.array(value, copy=True) for key, value in given.items()}
        result = graded(*args)
        for key, value in before.items():
            if not np.array_equal(np.asarray(given[key]), value):
                raise ChangedParamsInPlace(key)
        if not isinstance(result, tuple | list) or len(result) != 2:
            raise ExpectedPair(type(result).__name__)
        params, second = result
        if not isinstance(params, Mapping):
            raise ExpectedDictOfParameters(type(params).__name__)
        if any(key not in params for key in PARAMETER_NAMES):
            raise MissingParameterKey(sorted(params))
        return (*(params[key] for key in PARAMETER_NAMES), second)

    return run


class ChangedParamsInPlace(RuntimeError):
    """The answer changed an array of the caller's params dict."""


def _outputs(second: str) -> tuple[str, ...]:
    return (*(f"params['{key}']" for key in PARAMETER_NAMES), second)


ACCURACY = Spec("accuracy", ref.accuracy, _accuracy_cases, ("accuracy",))
TRAIN_STEP = Spec(
    "train_step",
    ref.train_step,
    _train_step_cases,
    _outputs("loss"),
    helpers={
        "two_layer_backward": ref.two_layer_backward,
        "two_layer_loss": ref.two_layer_loss,
    },
    adapt=lambda graded: _params_and_second(graded, 2),
)
TRAIN = Spec(
    "train",
    ref.train,
    _train_cases,
    _outputs("losses"),
    helpers={"train_step": ref.train_step},
    adapt=lambda graded: _params_and_second(graded, 2),
)
FIT = Spec(
    "fit",
    ref.fit,
    _fit_cases,
    _outputs("val_accuracy"),
    helpers={
        "two_layer_backward": ref.two_layer_backward,
        "logits_of": ref.logits_of,
        "one_hot": ref.one_hot,
        "accuracy": ref.accuracy,
    },
    adapt=lambda graded: _params_and_second(graded, 4),
)


def _linear_cases() -> list[tuple[Any, ...]]:
    cases = []
    # (m, n_in, n_out): a square W (a missing transpose still runs), a single example, and
    # m = n_out (a bias gradient summed over the wrong axis has the right shape).
    for seed, (m, n_in, n_out) in enumerate([(5, 3, 4), (4, 3, 3), (1, 2, 3), (2, 4, 2)]):
        rng = np.random.default_rng(960 + seed)
        X, W = rng.normal(size=(m, n_in)), rng.normal(size=(n_in, n_out))
        cases.append((X, W, rng.normal(size=n_out), rng.normal(size=(m, n_out))))
    return cases


def _elementwise_cases(scale: float) -> list[tuple[Any, ...]]:
    cases = []
    for seed, shape in enumerate([(4, 5), (3, 3), (1, 6)]):
        rng = np.random.default_rng(970 + seed)
        Z = scale * rng.normal(size=shape)
        # Exact zeros: the kink of ReLU, where its derivative is taken as 0.
        Z.flat[:: shape[1] + 1] = 0.0
        cases.append((Z, rng.normal(size=shape)))
    return cases


def _relu_cases() -> list[tuple[Any, ...]]:
    return _elementwise_cases(1.0)


def _sigmoid_cases() -> list[tuple[Any, ...]]:
    return _elementwise_cases(2.5)


def _softmax_cross_entropy_cases() -> list[tuple[Any, ...]]:
    cases = []
    # (m, k, offset): scores of about 800 overflow exp unless the row maximum is subtracted.
    for seed, (m, k, offset) in enumerate([(5, 4, 0.0), (3, 3, 0.0), (1, 5, 0.0), (4, 3, 800.0)]):
        rng = np.random.default_rng(980 + seed)
        scores = offset + 2.0 * rng.normal(size=(m, k))
        cases.append((scores, ref.one_hot(rng.integers(0, k, size=m), k)))
    return cases


# (seed, m, layer widths): one to four layers, a batch of one, and networks as wide as their
# batch, where a cache or gradient handed to the wrong layer still fits and gives numbers.
_NETWORKS = [
    (990, 5, [4, 6, 3]),
    (991, 3, [3, 5, 4, 2]),
    (992, 1, [2, 4, 3, 5, 3]),
    (993, 4, [3, 2]),
    (994, 3, [3, 3, 3, 3]),
    (995, 4, [4, 4, 4, 4, 4]),
]


def _deep_network(seed: int, m: int, sizes: list[int]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    params = ref.init_deep_params(sizes, rng)
    for layer in range(1, len(sizes)):
        # Biases of both signs, so that some units are off and some on.
        params[f"b{layer}"] = 0.5 * rng.normal(size=sizes[layer])
    return rng.normal(size=(m, sizes[0])), params


def _model_forward_cases() -> list[tuple[Any, ...]]:
    return [_deep_network(*network) for network in _NETWORKS]


def _model_backward_cases() -> list[tuple[Any, ...]]:
    cases = []
    for seed, m, sizes in _NETWORKS:
        X, params = _deep_network(seed, m, sizes)
        scores, caches = ref.model_forward(X, params)
        dscores = np.random.default_rng(seed + 100).normal(size=scores.shape)
        cases.append((dscores, caches))
    return cases


class ExpectedOutputAndCache(TypeError):
    """A layer's forward, or model_forward, did not return a pair (output, cache)."""


class ExpectedThreeGradients(TypeError):
    """Linear.backward did not return the three gradients (dX, dW, db)."""


class CacheNotArrays(TypeError):
    """The caches of model_forward hold something other than arrays, tuples and lists."""


class MissingGradient(KeyError):
    """model_backward's dict lacks the gradient of one of the parameters."""


def _forward_then_backward(n_inputs: int) -> Callable[[Any], Callable[..., tuple[Any, ...]]]:
    """Grade a layer: its output on the case's inputs, and the gradients that ``backward``
    computes from the cache of that forward pass after another forward pass has run."""

    def adapt(graded: Any) -> Callable[..., tuple[Any, ...]]:
        def run(*args: Any) -> tuple[Any, ...]:
            inputs, upstream = args[:n_inputs], args[n_inputs]
            result = graded.forward(*inputs)
            if not isinstance(result, tuple | list) or len(result) != 2:
                raise ExpectedOutputAndCache(type(result).__name__)
            out, cache = result
            # In a network the next layer's forward pass runs before this layer's backward.
            graded.forward(*(np.asarray(x) + 0.5 for x in inputs))
            grads = graded.backward(upstream, cache)
            if n_inputs == 1:
                return out, grads
            if not isinstance(grads, tuple | list) or len(grads) != 3:
                raise ExpectedThreeGradients(type(grads).__name__)
            return (out, *grads)

        return run

    return adapt


def _flat(cache: Any) -> list[np.ndarray]:
    """Every array of a nest of tuples and lists, in order."""
    if isinstance(cache, tuple | list):
        return [array for part in cache for array in _flat(part)]
    if isinstance(cache, np.ndarray):
        return [cache.ravel()]
    raise CacheNotArrays(type(cache).__name__)


def _scores_and_caches(graded: Callable[..., Any]) -> Callable[..., tuple[Any, ...]]:
    """Read model_forward's caches as their number and all their values in order (the caches
    of Linear and ReLU are the reference's, which stand in for the notebook's layers)."""

    def run(X: np.ndarray, params: dict[str, np.ndarray]) -> tuple[Any, ...]:
        result = graded(X, params)
        if not isinstance(result, tuple | list) or len(result) != 2:
            raise ExpectedOutputAndCache(type(result).__name__)
        scores, caches = result
        if not isinstance(caches, tuple | list):
            raise CacheNotArrays(type(caches).__name__)
        arrays = _flat(caches)
        values = np.concatenate(arrays) if arrays else np.zeros(0)
        return scores, len(caches), values

    return run


def _gradients_by_layer(graded: Callable[..., Any]) -> Callable[..., tuple[Any, ...]]:
    """Read model_backward's dict as the weight gradients and the bias gradients, each layer's
    flattened and laid end to end from layer 1 to layer L (the networks differ in depth)."""

    def run(dscores: np.ndarray, caches: list) -> tuple[Any, ...]:
        L = len(caches)
        grads = graded(dscores, caches)
        if not isinstance(grads, Mapping):
            raise ExpectedDictOfParameters(type(grads).__name__)
        parts = []
        for letter in ("W", "b"):
            keys = [f"{letter}{layer}" for layer in range(1, L + 1)]
            missing = [key for key in keys if key not in grads]
            if missing:
                raise MissingGradient(missing[0])
            parts.append(np.concatenate([np.ravel(grads[key]) for key in keys]))
        return tuple(parts)

    return run


_LAYER_HELPERS: dict[str, Callable[..., Any]] = {
    "Linear.forward": ref.Linear.forward,
    "Linear.backward": ref.Linear.backward,
    "ReLU.forward": ref.ReLU.forward,
    "ReLU.backward": ref.ReLU.backward,
}
LINEAR = Spec(
    "linear_layer",
    ref.Linear,
    _linear_cases,
    ("out", "dX", "dW", "db"),
    adapt=_forward_then_backward(3),
    defines="Linear",
)
RELU = Spec(
    "relu_layer",
    ref.ReLU,
    _relu_cases,
    ("out", "dZ"),
    adapt=_forward_then_backward(1),
    defines="ReLU",
)
SIGMOID = Spec(
    "sigmoid_layer",
    ref.Sigmoid,
    _sigmoid_cases,
    ("out", "dZ"),
    adapt=_forward_then_backward(1),
    defines="Sigmoid",
)
SOFTMAX_CROSS_ENTROPY = Spec(
    "softmax_cross_entropy",
    ref.softmax_cross_entropy,
    _softmax_cross_entropy_cases,
    ("loss", "dscores"),
)
MODEL_FORWARD = Spec(
    "model_forward",
    ref.model_forward,
    _model_forward_cases,
    ("scores", "len(caches)", "caches"),
    helpers={key: _LAYER_HELPERS[key] for key in ("Linear.forward", "ReLU.forward")},
    adapt=_scores_and_caches,
)
MODEL_BACKWARD = Spec(
    "model_backward",
    ref.model_backward,
    _model_backward_cases,
    ("grads['W1'], …, grads['WL']", "grads['b1'], …, grads['bL']"),
    helpers={key: _LAYER_HELPERS[key] for key in ("Linear.backward", "ReLU.backward")},
    adapt=_gradients_by_layer,
)
SPECS = {
    spec.name: spec
    for spec in (
        ACCURACY,
        TRAIN_STEP,
        TRAIN,
        FIT,
        LINEAR,
        RELU,
        SIGMOID,
        SOFTMAX_CROSS_ENTROPY,
        MODEL_FORWARD,
        MODEL_BACKWARD,
    )
}
NOTEBOOK_NAMESPACE = {
    "np": np,
    "sigmoid": ref.sigmoid,
    "softmax": ref.softmax,
    "cross_entropy": ref.cross_entropy,
    "init_params": ref.init_params,
    "logits_of": ref.logits_of,
    "predict": ref.predict,
    "one_hot": ref.one_hot,
    "two_layer_loss": ref.two_layer_loss,
    "two_layer_backward": ref.two_layer_backward,
    "accuracy": ref.accuracy,
    "train_step": ref.train_step,
    # model_forward and model_backward call the layers.
    "Linear": ref.Linear,
    "ReLU": ref.ReLU,
}
