"""Lesson 07, vanishing and exploding gradients: initialisers, gradient clipping by global
norm, batch normalization (forward and backward) and the backward pass of a residual block.

Shapes (as in lesson 03): examples are rows. A weight matrix is (fan_in, fan_out), so a layer
computes ``A @ W + b``. Batch normalization normalises each column (feature) of ``x`` over the
rows (the batch), exactly as ``torch.nn.BatchNorm1d`` does.
"""

from __future__ import annotations

import numpy as np


def xavier_uniform(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    """Glorot/Xavier uniform: U(−a, a) with a = √(6 / (fan_in + fan_out)), so that the
    variance is 2 / (fan_in + fan_out); drawn as ``rng.uniform(-a, a, size=(fan_in, fan_out))``."""
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def he_normal(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    """He/Kaiming normal for ReLU: N(0, 2 / fan_in); drawn as
    ``rng.normal(0.0, std, size=(fan_in, fan_out))`` with std = √(2 / fan_in)."""
    std = np.sqrt(2.0 / fan_in)
    return rng.normal(0.0, std, size=(fan_in, fan_out))


def clip_grad_norm(grads: list[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """Scale all gradients by one factor so that their global norm is at most ``max_norm``.

    As ``torch.nn.utils.clip_grad_norm_``: total = √(Σ over all entries of all arrays of g²),
    scale = min(1, max_norm / (total + 1e-6)). Returns new arrays and the norm before clipping.
    """
    total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
    scale = min(1.0, max_norm / (total + 1e-6))
    return [np.asarray(g, dtype=np.float64) * scale for g in grads], total


def batchnorm_forward(
    x: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    running_mean: np.ndarray,
    running_var: np.ndarray,
    training: bool,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Batch normalization of ``x`` (m, d) as ``torch.nn.BatchNorm1d``; returns
    ``(out, new_running_mean, new_running_var)`` as new arrays.

    Training: normalise with the batch mean and the *biased* batch variance; update the running
    mean with the batch mean and the running variance with the *unbiased* batch variance,
    r ← (1 − momentum) r + momentum · batch statistic. Evaluation: normalise with the running
    statistics and leave them unchanged.
    """
    if training:
        m = x.shape[0]
        mean = x.mean(axis=0)
        var = x.var(axis=0)
        x_hat = (x - mean) / np.sqrt(var + eps)
        new_mean = (1.0 - momentum) * running_mean + momentum * mean
        new_var = (1.0 - momentum) * running_var + momentum * var * m / (m - 1)
    else:
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        new_mean, new_var = np.array(running_mean, dtype=np.float64), np.array(running_var)
    return gamma * x_hat + beta, new_mean, np.asarray(new_var, dtype=np.float64)


def batchnorm_backward(
    dout: np.ndarray, x: np.ndarray, gamma: np.ndarray, eps: float = 1e-5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients ``(dx, dgamma, dbeta)`` of Σ dout ⊙ out, for out = batchnorm in training mode.

    With x̂ = (x − μ)/σ, σ = √(var + eps) and g = dout ⊙ γ:
    dx = (g − mean(g) − x̂ ⊙ mean(g ⊙ x̂)) / σ, means over the batch (axis 0).
    """
    mean = x.mean(axis=0)
    std = np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - mean) / std
    g = dout * gamma
    dx = (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0)) / std
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


def residual_forward(
    x: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> np.ndarray:
    """y = x + F(x) with F(x) = relu(x W1 + b1) W2 + b2; x is (m, d), W1 (d, h), W2 (h, d)."""
    return x + np.maximum(x @ W1 + b1, 0.0) @ W2 + b2


def residual_backward(
    dout: np.ndarray,
    x: np.ndarray,
    W1: np.ndarray,
    b1: np.ndarray,
    W2: np.ndarray,
    b2: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """Gradients ``(dx, dW1, db1, dW2, db2)`` of Σ dout ⊙ :func:`residual_forward`.

    dz = (dout W2ᵀ) ⊙ [z > 0]; dx = dout (the identity path) + dz W1ᵀ (the branch).
    """
    z = x @ W1 + b1
    h = np.maximum(z, 0.0)
    dz = (dout @ W2.T) * (z > 0)
    dx = dout + dz @ W1.T
    return dx, x.T @ dz, dz.sum(axis=0), h.T @ dout, dout.sum(axis=0)
