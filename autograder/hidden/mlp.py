"""Hidden tests of lesson 04. Every case draws its shuffles from a seeded ``numpy.random.Generator``
(the grader hands each run its own copy), so a correct loop reproduces the reference to
rounding in float64. The loop cases have a last mini-batch shorter than the others and two or
more epochs; the accuracy cases include a square batch (m = k) and a single example."""

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
SPECS = {spec.name: spec for spec in (ACCURACY, TRAIN_STEP, TRAIN, FIT)}
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
}
