"""Lesson 03, backpropagation: a sigmoid neuron, softmax with cross-entropy, a two-layer network
and a gradient checker.

Shapes (one convention for the whole lesson): examples are rows. ``X`` is (m, n_in), a layer
maps ``A_prev @ W + b`` with ``W`` of shape (n_in, n_out) and ``b`` of shape (n_out,), so every
activation ``A`` is (m, n_out). ``Y`` holds one-hot targets, (m, k). A single example ``x`` is
a vector of shape (n,).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

PARAMETER_NAMES = ("W1", "b1", "W2", "b2")


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(−z)), element-wise."""
    return 1.0 / (1.0 + np.exp(-z))


def neuron_loss(x: np.ndarray, y: float, w: np.ndarray, b: float) -> float:
    """Squared loss (σ(w·x + b) − y)² of one sigmoid neuron on one example."""
    return float((sigmoid(w @ x + b) - y) ** 2)


def neuron_gradients(x: np.ndarray, y: float, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """∂L/∂w = 2(a − y)σ'(z)x and ∂L/∂b = 2(a − y)σ'(z), with σ'(z) = a(1 − a)."""
    a = sigmoid(w @ x + b)
    delta = 2.0 * (a - y) * a * (1.0 - a)
    return delta * x, float(delta)


def softmax(Z: np.ndarray) -> np.ndarray:
    """Row-wise softmax; subtracting each row's maximum keeps exp from overflowing."""
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(logits: np.ndarray, Y: np.ndarray) -> float:
    """Mean cross-entropy −(1/m) Σᵢ Σⱼ Yᵢⱼ log softmax(Z)ᵢⱼ, by a stable log-sum-exp."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.sum(Y * log_probs) / logits.shape[0])


def softmax_cross_entropy_grad(logits: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Gradient of :func:`cross_entropy` with respect to the logits: (softmax(Z) − Y) / m."""
    return (softmax(logits) - Y) / logits.shape[0]


def init_params(
    n_in: int, n_hidden: int, n_out: int, rng: np.random.Generator, scale: float = 1.0
) -> dict[str, np.ndarray]:
    """Random weights (scaled by 1/√fan-in) and zero biases for :func:`two_layer_backward`."""
    return {
        "W1": scale * rng.normal(size=(n_in, n_hidden)) / np.sqrt(n_in),
        "b1": np.zeros(n_hidden),
        "W2": scale * rng.normal(size=(n_hidden, n_out)) / np.sqrt(n_hidden),
        "b2": np.zeros(n_out),
    }


def two_layer_forward(X: np.ndarray, params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Z1 = X W1 + b1, A1 = σ(Z1), Z2 = A1 W2 + b2 (the logits)."""
    Z1 = X @ params["W1"] + params["b1"]
    A1 = sigmoid(Z1)
    Z2 = A1 @ params["W2"] + params["b2"]
    return {"Z1": Z1, "A1": A1, "Z2": Z2}


def two_layer_loss(X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray]) -> float:
    """Mean cross-entropy of the two-layer network on the mini-batch (X, Y)."""
    return cross_entropy(two_layer_forward(X, params)["Z2"], Y)


def two_layer_backward(
    X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Gradients of :func:`two_layer_loss`, a dict with the keys and shapes of ``params``.

    Δ2 = (softmax(Z2) − Y)/m, Δ1 = (Δ2 W2ᵀ) ⊙ A1(1 − A1),
    ∂C/∂W2 = A1ᵀ Δ2, ∂C/∂b2 = Σ_rows Δ2, ∂C/∂W1 = Xᵀ Δ1, ∂C/∂b1 = Σ_rows Δ1.
    """
    cache = two_layer_forward(X, params)
    A1 = cache["A1"]
    delta2 = softmax_cross_entropy_grad(cache["Z2"], Y)
    delta1 = (delta2 @ params["W2"].T) * A1 * (1.0 - A1)
    return {
        "W1": X.T @ delta1,
        "b1": delta1.sum(axis=0),
        "W2": A1.T @ delta2,
        "b2": delta2.sum(axis=0),
    }


def gradient_check(
    f: Callable[[np.ndarray], float], x: np.ndarray, analytic: np.ndarray, eps: float
) -> tuple[np.ndarray, float]:
    """Central differences of ``f`` at ``x`` and their relative error against ``analytic``.

    numeric[i] = (f(x + ε eᵢ) − f(x − ε eᵢ)) / 2ε for every index i of ``x`` (any shape);
    error = ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖), and 0 when both are zero.
    ``x`` itself is left unchanged.
    """
    point = np.array(x, dtype=np.float64)
    numeric = np.zeros_like(point)
    for i in np.ndindex(point.shape):
        old = point[i]
        point[i] = old + eps
        f_plus = f(point)
        point[i] = old - eps
        f_minus = f(point)
        point[i] = old
        numeric[i] = (f_plus - f_minus) / (2.0 * eps)
    analytic = np.asarray(analytic, dtype=np.float64)
    total = float(np.linalg.norm(analytic) + np.linalg.norm(numeric))
    if total == 0.0:
        return numeric, 0.0
    return numeric, float(np.linalg.norm(analytic - numeric)) / total
