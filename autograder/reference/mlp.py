"""Lesson 04, an MLP from scratch: data, one training step, the mini-batch loop, accuracy, and
the repaired training-and-evaluation function of the debugging exercise, and the modular layers
(each a ``forward`` that returns its output and a cache, and a ``backward`` that needs only that
cache) assembled into a network of any depth.

The network is lesson 03's: ``X`` (m, n_in) → sigmoid hidden layer → softmax output, mean
cross-entropy, parameters ``{"W1", "b1", "W2", "b2"}`` with ``W`` of shape (n_in, n_out).
Labels are integers in ``range(k)``; targets for the loss are their one-hot rows (m, k).
Every random choice comes from an explicit ``numpy.random.Generator``.
"""

from __future__ import annotations

import itertools

import numpy as np

from autograder.reference.backprop import (
    PARAMETER_NAMES,
    cross_entropy,
    init_params,
    sigmoid,
    softmax,
    two_layer_backward,
    two_layer_forward,
    two_layer_loss,
)

__all__ = [
    "PARAMETER_NAMES",
    "Linear",
    "ReLU",
    "Sigmoid",
    "accuracy",
    "cross_entropy",
    "fit",
    "init_deep_params",
    "init_params",
    "load_digits_split",
    "logits_of",
    "model_backward",
    "model_forward",
    "one_hot",
    "predict",
    "sigmoid",
    "softmax",
    "softmax_cross_entropy",
    "train",
    "train_step",
    "two_layer_backward",
    "two_layer_forward",
    "two_layer_loss",
]

Params = dict[str, np.ndarray]


def load_digits_split(seed: int = 0) -> dict[str, np.ndarray]:
    """scikit-learn's 8×8 digits (1797 images, shipped with the package), shuffled with
    ``seed`` and split 60/20/20 into training, validation and test sets. Pixels are
    standardised with the mean and standard deviation of the *training* images only (constant
    pixels keep scale 1)."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    order = np.random.default_rng(seed).permutation(len(digits.target))
    X, y = digits.data[order].astype(np.float64), digits.target[order]
    n_val = n_test = len(y) // 5
    n_train = len(y) - n_val - n_test
    mean = X[:n_train].mean(axis=0)
    std = X[:n_train].std(axis=0)
    X = (X - mean) / np.where(std > 0, std, 1.0)
    return {
        "X_train": X[:n_train],
        "y_train": y[:n_train],
        "X_val": X[n_train : n_train + n_val],
        "y_val": y[n_train : n_train + n_val],
        "X_test": X[n_train + n_val :],
        "y_test": y[n_train + n_val :],
    }


def one_hot(labels: np.ndarray, k: int) -> np.ndarray:
    """Row i is the unit vector of class ``labels[i]``: shape (m, k)."""
    return np.eye(k)[labels]


def logits_of(X: np.ndarray, params: Params) -> np.ndarray:
    """The network's output scores Z2, shape (m, k)."""
    return two_layer_forward(X, params)["Z2"]


def predict(X: np.ndarray, params: Params) -> np.ndarray:
    """The predicted class of every row of ``X``: the index of its largest logit."""
    return np.argmax(logits_of(X, params), axis=1)


def accuracy(logits: np.ndarray, labels: np.ndarray) -> float:
    """Fraction of rows whose largest logit is at the true label (ties: the first index)."""
    return float(np.mean(np.argmax(logits, axis=1) == labels))


def train_step(X: np.ndarray, Y: np.ndarray, params: Params, lr: float) -> tuple[Params, float]:
    """One step of gradient descent on the mini-batch (X, Y): returns the new parameters (new
    arrays; ``params`` is left alone) and the mean cross-entropy *before* the step."""
    # One forward pass and one exponential serve both the loss and the gradients; the numbers
    # are those of cross_entropy and two_layer_backward, operation for operation.
    m = X.shape[0]
    W1, b1, W2, b2 = (params[key] for key in PARAMETER_NAMES)
    A1 = sigmoid(X @ W1 + b1)
    Z2 = A1 @ W2 + b2
    shifted = Z2 - Z2.max(axis=1, keepdims=True)
    E = np.exp(shifted)
    total = E.sum(axis=1, keepdims=True)
    loss = float(-np.sum(Y * (shifted - np.log(total))) / m)
    delta2 = (E / total - Y) / m
    delta1 = (delta2 @ W2.T) * A1 * (1.0 - A1)
    grads = (X.T @ delta1, delta1.sum(axis=0), A1.T @ delta2, delta2.sum(axis=0))
    new = {
        key: p - lr * g for key, p, g in zip(PARAMETER_NAMES, (W1, b1, W2, b2), grads, strict=True)
    }
    return new, loss


def train(
    X: np.ndarray,
    Y: np.ndarray,
    params: Params,
    lr: float,
    batch_size: int,
    n_epochs: int,
    rng: np.random.Generator,
) -> tuple[Params, np.ndarray]:
    """Mini-batch SGD: every epoch draws one ``rng.permutation(m)`` and walks it in slices of
    ``batch_size`` (the last may be shorter), one :func:`train_step` per slice. Returns the
    final parameters and the loss of every step, in order."""
    m = X.shape[0]
    losses = []
    for _ in range(n_epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start : start + batch_size]
            params, loss = train_step(X[batch], Y[batch], params, lr)
            losses.append(loss)
    return params, np.array(losses)


def fit(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_val: np.ndarray,
    y_val: np.ndarray,
    params: Params,
    lr: float,
    batch_size: int,
    n_epochs: int,
    rng: np.random.Generator,
) -> tuple[Params, np.ndarray]:
    """Train on integer labels and record the validation accuracy after every epoch.

    The training labels become one-hot targets for the loss; shuffling pairs X and y through
    one permutation per epoch; the step is ``lr`` times the (already averaged) gradient;
    accuracy is measured on the validation set.
    """
    k = params["W2"].shape[1]
    m = X_train.shape[0]
    val_accuracy = []
    for _ in range(n_epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start : start + batch_size]
            grads = two_layer_backward(X_train[batch], one_hot(y_train[batch], k), params)
            params = {key: params[key] - lr * grads[key] for key in PARAMETER_NAMES}
        val_accuracy.append(accuracy(logits_of(X_val, params), y_val))
    return params, np.array(val_accuracy)


class Linear:
    """The affine layer ``X @ W + b`` with ``X`` (m, n_in), ``W`` (n_in, n_out), ``b`` (n_out,)."""

    @staticmethod
    def forward(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
        """The output (m, n_out) and the cache ``(X, W)``, all that the backward pass needs."""
        out = X @ W + b
        cache = (X, W)
        return out, cache

    @staticmethod
    def backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(dX, dW, db)`` from the upstream gradient ``dout`` (m, n_out) and the cache."""
        X, W = cache
        dX = dout @ W.T
        dW = X.T @ dout
        db = dout.sum(axis=0)
        return dX, dW, db


class ReLU:
    """``max(z, 0)`` element-wise; its derivative at 0 is taken as 0, as PyTorch does."""

    @staticmethod
    def forward(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The output and the cache, the input ``Z`` (a new array; ``Z`` is left alone)."""
        A = np.maximum(Z, 0.0)
        return A, Z

    @staticmethod
    def backward(dA: np.ndarray, cache: np.ndarray) -> np.ndarray:
        """``dZ``: the upstream gradient where the input was positive, 0 elsewhere."""
        Z = cache
        dZ = dA * (Z > 0)
        return dZ


class Sigmoid:
    """``1 / (1 + exp(-z))`` element-wise; the cache is the output, since σ' = σ(1 − σ)."""

    @staticmethod
    def forward(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The output and the cache, the output itself."""
        A = 1.0 / (1.0 + np.exp(-Z))
        return A, A

    @staticmethod
    def backward(dA: np.ndarray, cache: np.ndarray) -> np.ndarray:
        """``dZ = dA · σ(Z)(1 − σ(Z))``, read from the cached output."""
        A = cache
        dZ = dA * A * (1.0 - A)
        return dZ


def softmax_cross_entropy(scores: np.ndarray, Y: np.ndarray) -> tuple[float, np.ndarray]:
    """The mean cross-entropy of the softmax of ``scores`` (m, k) against one-hot ``Y`` (m, k),
    and its gradient with respect to the scores, ``(softmax(scores) - Y) / m``."""
    m = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -np.sum(Y * log_probs) / m
    dscores = (np.exp(log_probs) - Y) / m
    return float(loss), dscores


def init_deep_params(sizes: list[int], rng: np.random.Generator) -> Params:
    """``{"W1", "b1", …, "WL", "bL"}`` for layer widths ``sizes`` = [n_in, …, n_out]: ``Wl``
    (sizes[l-1], sizes[l]) drawn from N(0, 2 / fan-in) (He), zero biases."""
    params = {}
    for layer, (n_in, n_out) in enumerate(itertools.pairwise(sizes), start=1):
        params[f"W{layer}"] = rng.normal(size=(n_in, n_out)) * np.sqrt(2.0 / n_in)
        params[f"b{layer}"] = np.zeros(n_out)
    return params


def model_forward(X: np.ndarray, params: Params) -> tuple[np.ndarray, list]:
    """L layers: (Linear → ReLU) for layers 1 … L−1, Linear for layer L, with L = len(params)//2.
    Returns the scores (m, k) and ``caches``: ``caches[l-1]`` is layer l's pair (linear cache,
    ReLU cache), the last entry the output layer's linear cache alone."""
    L = len(params) // 2
    caches = []
    A = X
    for layer in range(1, L):
        Z, linear_cache = Linear.forward(A, params[f"W{layer}"], params[f"b{layer}"])
        A, relu_cache = ReLU.forward(Z)
        caches.append((linear_cache, relu_cache))
    scores, linear_cache = Linear.forward(A, params[f"W{L}"], params[f"b{L}"])
    caches.append(linear_cache)
    return scores, caches


def model_backward(dscores: np.ndarray, caches: list) -> Params:
    """The gradients ``{"W1", "b1", …}`` from the gradient of the loss with respect to the
    scores and the caches of :func:`model_forward`, layer L first."""
    L = len(caches)
    grads = {}
    dA, grads[f"W{L}"], grads[f"b{L}"] = Linear.backward(dscores, caches[L - 1])
    for layer in range(L - 1, 0, -1):
        linear_cache, relu_cache = caches[layer - 1]
        dZ = ReLU.backward(dA, relu_cache)
        dA, grads[f"W{layer}"], grads[f"b{layer}"] = Linear.backward(dZ, linear_cache)
    return grads
