"""Lesson 01, gradient descent: linear regression trained by (mini-batch) gradient descent.

Shapes: ``X`` is (m, d) with one example per row, ``y`` and predictions are (m,),
``w`` is (d,), ``b`` is a scalar.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def predict(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """Linear model ŷ = X w + b."""
    return X @ w + b


def mse_loss(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    """Mean squared error L = (1/m) Σ (ŷ_i − y_i)²."""
    residual = predict(X, w, b) - y
    return float(np.mean(residual**2))


def mse_gradient(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """Gradient of :func:`mse_loss`: ∂L/∂w = (2/m) Xᵀ(ŷ − y), ∂L/∂b = (2/m) Σ(ŷ − y)."""
    m = X.shape[0]
    residual = predict(X, w, b) - y
    grad_w = (2.0 / m) * (X.T @ residual)
    grad_b = (2.0 / m) * float(np.sum(residual))
    return grad_w, grad_b


def gradient_descent(
    grad_fn: Callable[[np.ndarray], np.ndarray], w0: np.ndarray, lr: float, n_steps: int
) -> np.ndarray:
    """Run w ← w − lr·∇f(w) for ``n_steps`` steps; return the path, shape (n_steps + 1, d)."""
    w = np.array(w0, dtype=np.float64)
    path = [w.copy()]
    for _ in range(n_steps):
        w = w - lr * grad_fn(w)
        path.append(w.copy())
    return np.array(path)


def minibatch_sgd(
    X: np.ndarray,
    y: np.ndarray,
    w0: np.ndarray,
    b0: float,
    lr: float,
    batch_size: int,
    n_epochs: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, float, np.ndarray]:
    """Mini-batch gradient descent on the MSE.

    Each epoch draws one permutation ``rng.permutation(m)`` and walks it in slices of
    ``batch_size`` (the last slice may be shorter). Before each update the batch loss is
    recorded. Returns ``(w, b, losses)``.
    """
    m = X.shape[0]
    w, b = np.array(w0, dtype=np.float64), float(b0)
    losses = []
    for _ in range(n_epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start : start + batch_size]
            Xb, yb = X[batch], y[batch]
            losses.append(mse_loss(Xb, yb, w, b))
            grad_w, grad_b = mse_gradient(Xb, yb, w, b)
            w = w - lr * grad_w
            b = b - lr * grad_b
    return w, b, np.array(losses)


def least_squares(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Closed-form minimiser of the MSE, for comparison with gradient descent."""
    Xa = np.hstack([X, np.ones((X.shape[0], 1))])
    theta, *_ = np.linalg.lstsq(Xa, y, rcond=None)
    return theta[:-1], float(theta[-1])
