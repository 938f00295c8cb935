"""Lesson 08, local minima, saddle points and overfitting: the Hessian test of a critical
point, L1 and L2 weight penalties, early stopping, and inverted dropout.

Conventions. A Hessian is estimated by central differences of the gradient and symmetrised;
its eigenvalues are returned in ascending order. An eigenvalue counts as zero when its
absolute value is at most ``tol``. Parameters are a dict of arrays; keys that start with
``"W"`` are weights, keys that start with ``"b"`` are biases, and only weights are penalised:
penalty = l1·Σ|w| + (l2/2)·Σw², gradient l1·sign(w) + l2·w with sign(0) = 0. Dropout
takes the drop probability p, as ``torch.nn.Dropout(p)`` does, and draws its mask from
``rng.random(x.shape)``, an entry kept where the number is at least p.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

KINDS = ("minimum", "maximum", "saddle", "degenerate")


def hessian(grad: Callable[[np.ndarray], np.ndarray], w: np.ndarray, eps: float) -> np.ndarray:
    """Column j is (∇f(w + ε e_j) − ∇f(w − ε e_j)) / 2ε; the result is symmetrised."""
    w = np.asarray(w, dtype=np.float64)
    n = w.size
    H = np.zeros((n, n))
    for j in range(n):
        step = np.zeros(n)
        step[j] = eps
        H[:, j] = (np.asarray(grad(w + step)) - np.asarray(grad(w - step))) / (2.0 * eps)
    return (H + H.T) / 2.0


def kind_of(eigenvalues: np.ndarray, tol: float) -> str:
    """The second-derivative test: mixed signs → saddle, all > tol → minimum, all < −tol →
    maximum, otherwise (some eigenvalue within tol of 0, no mixed signs) degenerate."""
    if eigenvalues.min() < -tol and eigenvalues.max() > tol:
        return "saddle"
    if eigenvalues.min() > tol:
        return "minimum"
    if eigenvalues.max() < -tol:
        return "maximum"
    return "degenerate"


def classify_critical_point(
    grad: Callable[[np.ndarray], np.ndarray], w: np.ndarray, eps: float, tol: float
) -> tuple[np.ndarray, str]:
    """Eigenvalues (ascending) of the central-difference Hessian at ``w`` and the kind of the
    critical point: "minimum", "maximum", "saddle" or "degenerate"."""
    eigenvalues = np.linalg.eigvalsh(hessian(grad, w, eps))
    return eigenvalues, kind_of(eigenvalues, tol)


def is_weight(key: str) -> bool:
    return key.startswith("W")


def weight_penalty(
    params: dict[str, np.ndarray], l1: float, l2: float
) -> tuple[float, dict[str, np.ndarray]]:
    """l1·Σ|w| + (l2/2)·Σw² over the weights, and its gradient for every parameter (zeros for
    the biases); the L1 part uses the subgradient sign(w), with sign(0) = 0."""
    value = 0.0
    grads = {}
    for key, p in params.items():
        p = np.asarray(p, dtype=np.float64)
        if is_weight(key):
            value += l1 * float(np.sum(np.abs(p))) + 0.5 * l2 * float(np.sum(p**2))
            grads[key] = l1 * np.sign(p) + l2 * p
        else:
            grads[key] = np.zeros_like(p)
    return value, grads


def early_stopping(
    params: Any,
    step: Callable[[Any], tuple[Any, float]],
    val_loss: Callable[[Any], float],
    patience: int,
    max_epochs: int,
) -> tuple[Any, int, list[tuple[float, float]]]:
    """Train with ``params, train_loss = step(params)`` for at most ``max_epochs`` epochs; stop
    after ``patience`` epochs in a row without a strictly lower validation loss.

    Returns the parameters of the best epoch (epoch 0 is the start), that epoch, and the
    history: one (train_loss, validation_loss) pair per epoch trained.
    """
    best_params, best_loss, best_epoch = params, val_loss(params), 0
    history: list[tuple[float, float]] = []
    waited = 0
    for epoch in range(1, max_epochs + 1):
        params, train_loss = step(params)
        loss = val_loss(params)
        history.append((train_loss, loss))
        if loss < best_loss:
            best_params, best_loss, best_epoch = params, loss, epoch
            waited = 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best_params, best_epoch, history


def dropout_forward(
    x: np.ndarray, p: float, training: bool, rng: np.random.Generator
) -> tuple[np.ndarray, tuple[np.ndarray, float]]:
    """Inverted dropout with drop probability ``p`` (torch's convention), and its cache.

    Training: one draw ``u = rng.random(x.shape)``; an entry is kept where ``u >= p`` and the
    kept entries are scaled by 1/(1 − p), so that the expectation is unchanged. Evaluation: the
    identity, drawing nothing. The cache is ``(mask, scale)``, as torch's ``native_dropout``
    has it: the boolean mask of kept entries and the factor (all True and 1.0 in evaluation).
    """
    if not training:
        return x, (np.ones(x.shape, dtype=bool), 1.0)
    mask = rng.random(x.shape) >= p
    scale = 1.0 / (1.0 - p)
    return x * mask * scale, (mask, scale)


def dropout_backward(dout: np.ndarray, cache: tuple[np.ndarray, float]) -> np.ndarray:
    """The gradient with respect to the input of dropout: the upstream gradient through the
    kept entries only, scaled by the same factor as the forward pass."""
    mask, scale = cache
    return dout * mask * scale
