"""Lesson 06, optimizers and learning-rate schedules, as ``torch.optim`` defines them.

An optimizer keeps one state array per parameter (same shape, never shared between
parameters). ``step(params, grads)`` returns the updated parameters as new arrays; the
state is updated inside the optimizer. ``t`` counts steps from 1.
"""

from __future__ import annotations

import math

import numpy as np

Arrays = list[np.ndarray]


def _zeros_like(params: Arrays) -> Arrays:
    return [np.zeros_like(p, dtype=np.float64) for p in params]


class SGDMomentum:
    """v ← μv + g;  p ← p − ηv  (``torch.optim.SGD`` with momentum, dampening 0)."""

    def __init__(self, lr: float, momentum: float = 0.9) -> None:
        self.lr, self.momentum = lr, momentum
        self.velocity: Arrays | None = None

    def step(self, params: Arrays, grads: Arrays) -> Arrays:
        if self.velocity is None:
            self.velocity = _zeros_like(params)
        self.velocity = [self.momentum * v + g for v, g in zip(self.velocity, grads, strict=True)]
        return [p - self.lr * v for p, v in zip(params, self.velocity, strict=True)]


class Nesterov:
    """v ← μv + g;  p ← p − η(g + μv)  (``torch.optim.SGD`` with ``nesterov=True``)."""

    def __init__(self, lr: float, momentum: float = 0.9) -> None:
        self.lr, self.momentum = lr, momentum
        self.velocity: Arrays | None = None

    def step(self, params: Arrays, grads: Arrays) -> Arrays:
        if self.velocity is None:
            self.velocity = _zeros_like(params)
        self.velocity = [self.momentum * v + g for v, g in zip(self.velocity, grads, strict=True)]
        return [
            p - self.lr * (g + self.momentum * v)
            for p, g, v in zip(params, grads, self.velocity, strict=True)
        ]


class Adagrad:
    """s ← s + g²;  p ← p − η g / (√s + ε)."""

    def __init__(self, lr: float, eps: float = 1e-10) -> None:
        self.lr, self.eps = lr, eps
        self.sum_sq: Arrays | None = None

    def step(self, params: Arrays, grads: Arrays) -> Arrays:
        if self.sum_sq is None:
            self.sum_sq = _zeros_like(params)
        self.sum_sq = [s + g * g for s, g in zip(self.sum_sq, grads, strict=True)]
        return [
            p - self.lr * g / (np.sqrt(s) + self.eps)
            for p, g, s in zip(params, grads, self.sum_sq, strict=True)
        ]


class RMSprop:
    """s ← αs + (1 − α)g²;  p ← p − η g / (√s + ε)."""

    def __init__(self, lr: float, alpha: float = 0.99, eps: float = 1e-8) -> None:
        self.lr, self.alpha, self.eps = lr, alpha, eps
        self.avg_sq: Arrays | None = None

    def step(self, params: Arrays, grads: Arrays) -> Arrays:
        if self.avg_sq is None:
            self.avg_sq = _zeros_like(params)
        a = self.alpha
        self.avg_sq = [a * s + (1 - a) * g * g for s, g in zip(self.avg_sq, grads, strict=True)]
        return [
            p - self.lr * g / (np.sqrt(s) + self.eps)
            for p, g, s in zip(params, grads, self.avg_sq, strict=True)
        ]


class Adam:
    """m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  m̂ = m/(1−β₁ᵗ);  v̂ = v/(1−β₂ᵗ);
    p ← p − η m̂ / (√v̂ + ε)."""

    def __init__(
        self, lr: float, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8
    ) -> None:
        self.lr, self.betas, self.eps = lr, betas, eps
        self.t = 0
        self.m: Arrays | None = None
        self.v: Arrays | None = None

    def step(self, params: Arrays, grads: Arrays) -> Arrays:
        if self.m is None or self.v is None:
            self.m, self.v = _zeros_like(params), _zeros_like(params)
        self.t += 1
        b1, b2 = self.betas
        self.m = [b1 * m + (1 - b1) * g for m, g in zip(self.m, grads, strict=True)]
        self.v = [b2 * v + (1 - b2) * g * g for v, g in zip(self.v, grads, strict=True)]
        new = []
        for p, m, v in zip(params, self.m, self.v, strict=True):
            m_hat = m / (1 - b1**self.t)
            v_hat = v / (1 - b2**self.t)
            new.append(self._decayed(p) - self.lr * m_hat / (np.sqrt(v_hat) + self.eps))
        return new

    def _decayed(self, p: np.ndarray) -> np.ndarray:
        """The weights the Adam step starts from; Adam leaves them as they are."""
        return p


class AdamW(Adam):
    """Adam with decoupled weight decay λ: p ← p(1 − ηλ), then the Adam step on p."""

    def __init__(
        self,
        lr: float,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
    ) -> None:
        super().__init__(lr, betas, eps)
        self.weight_decay = weight_decay

    def _decayed(self, p: np.ndarray) -> np.ndarray:
        return p * (1 - self.lr * self.weight_decay)


def step_decay(lr0: float, gamma: float, step_size: int, t: int) -> float:
    """η_t = η₀ γ^⌊t / step_size⌋  (``torch.optim.lr_scheduler.StepLR``)."""
    return lr0 * gamma ** (t // step_size)


def cosine_annealing(lr0: float, lr_min: float, t_max: int, t: int) -> float:
    """η_t = η_min + (η₀ − η_min)(1 + cos(πt/T))/2 for 0 ≤ t ≤ T (``CosineAnnealingLR``)."""
    return lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * t / t_max)) / 2


def linear_warmup(lr0: float, start_factor: float, warmup_steps: int, t: int) -> float:
    """From start_factor·η₀ at t = 0 linearly up to η₀ at t = warmup_steps, then η₀
    (``torch.optim.lr_scheduler.LinearLR`` with end_factor 1)."""
    return lr0 * (start_factor + (1 - start_factor) * min(t, warmup_steps) / warmup_steps)
