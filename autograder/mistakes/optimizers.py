"""Mistakes students make in lesson 06: each is the reference with one slip, old line → new."""

from __future__ import annotations

import numpy as np

from autograder.mistakes import register


# MANUAL noedits
class SGDMomentumDampened:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum, self.velocity = lr, momentum, None

    def step(self, params, grads):
        if self.velocity is None:
            self.velocity = [np.zeros_like(p) for p in params]
        mu = self.momentum
        self.velocity = [mu * v + (1 - mu) * g for v, g in zip(self.velocity, grads)]
        return [p - self.lr * v for p, v in zip(params, self.velocity)]


# MANUAL noedits
class NesterovNoLookahead:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum, self.velocity = lr, momentum, None

    def step(self, params, grads):
        if self.velocity is None:
            self.velocity = [np.zeros_like(p) for p in params]
        self.velocity = [self.momentum * v + g for v, g in zip(self.velocity, grads)]
        return [p - self.lr * v for p, v in zip(params, self.velocity)]


# MANUAL noedits
class AdamNoBiasCorrection:
    def __init__(self, lr, betas=(0.9, 0.999), eps=1e-8):
        self.lr, self.betas, self.eps = lr, betas, eps
        self.t, self.m, self.v = 0, None, None

    def step(self, params, grads):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        b1, b2 = self.betas
        self.m = [b1 * m + (1 - b1) * g for m, g in zip(self.m, grads)]
        self.v = [b2 * v + (1 - b2) * g * g for v, g in zip(self.v, grads)]
        return [
            p - self.lr * m / (np.sqrt(v) + self.eps) for p, m, v in zip(params, self.m, self.v)
        ]


# MANUAL noedits
class AdamTFromZero:
    def __init__(self, lr, betas=(0.9, 0.999), eps=1e-8):
        self.lr, self.betas, self.eps = lr, betas, eps
        self.t, self.m, self.v = 0, None, None

    def step(self, params, grads):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        b1, b2 = self.betas
        self.m = [b1 * m + (1 - b1) * g for m, g in zip(self.m, grads)]
        self.v = [b2 * v + (1 - b2) * g * g for v, g in zip(self.v, grads)]
        new = []
        for p, m, v in zip(params, self.m, self.v):
            m_hat = m / (1 - b1**self.t)
            v_hat = v / (1 - b2**self.t)
            new.append(p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps))
        self.t += 1
        return new


# MANUAL noedits
class AdamWCoupledDecay:
    def __init__(self, lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        self.lr, self.betas, self.eps, self.weight_decay = lr, betas, eps, weight_decay
        self.t, self.m, self.v = 0, None, None

    def step(self, params, grads):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        b1, b2 = self.betas
        grads = [g + self.weight_decay * p for p, g in zip(params, grads)]
        self.m = [b1 * m + (1 - b1) * g for m, g in zip(self.m, grads)]
        self.v = [b2 * v + (1 - b2) * g * g for v, g in zip(self.v, grads)]
        new = []
        for p, m, v in zip(params, self.m, self.v):
            m_hat = m / (1 - b1**self.t)
            v_hat = v / (1 - b2**self.t)
            new.append(p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps))
        return new


# MANUAL noedits
class AdamWDecayAfterStep:
    def __init__(self, lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        self.lr, self.betas, self.eps, self.weight_decay = lr, betas, eps, weight_decay
        self.t, self.m, self.v = 0, None, None

    def step(self, params, grads):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        b1, b2 = self.betas
        self.m = [b1 * m + (1 - b1) * g for m, g in zip(self.m, grads)]
        self.v = [b2 * v + (1 - b2) * g * g for v, g in zip(self.v, grads)]
        new = []
        for p, m, v in zip(params, self.m, self.v):
            m_hat = m / (1 - b1**self.t)
            v_hat = v / (1 - b2**self.t)
            stepped = p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
            new.append(stepped * (1 - self.lr * self.weight_decay))
        return new


# MANUAL noedits
class AdamWDecayWithoutLr:
    def __init__(self, lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        self.lr, self.betas, self.eps, self.weight_decay = lr, betas, eps, weight_decay
        self.t, self.m, self.v = 0, None, None

    def step(self, params, grads):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        b1, b2 = self.betas
        self.m = [b1 * m + (1 - b1) * g for m, g in zip(self.m, grads)]
        self.v = [b2 * v + (1 - b2) * g * g for v, g in zip(self.v, grads)]
        new = []
        for p, m, v in zip(params, self.m, self.v):
            decayed = p * (1 - self.weight_decay)
            m_hat = m / (1 - b1**self.t)
            v_hat = v / (1 - b2**self.t)
            new.append(decayed - self.lr * m_hat / (np.sqrt(v_hat) + self.eps))
        return new


register(
    "sgd_momentum",
    velocity_sign="""
        - return [p - self.lr * v for p, v in zip(params, self.velocity, strict=True)]
        + return [p + self.lr * v for p, v in zip(params, self.velocity)]
    """,
    dampened=SGDMomentumDampened,
    velocity_not_kept="""
        - if self.velocity is None:
        - self.velocity = _zeros_like(params)
        - self.velocity = [self.momentum * v + g for v, g in zip(self.velocity, grads, strict=True)]
        - return [p - self.lr * v for p, v in zip(params, self.velocity, strict=True)]
        + velocity = [np.zeros_like(p) for p in params]
        + velocity = [self.momentum * v + g for v, g in zip(velocity, grads)]
        + return [p - self.lr * v for p, v in zip(params, velocity)]
    """,
    shared_state="""
        - self.lr, self.momentum = lr, momentum
        - self.velocity: Arrays | None = None
        + self.lr, self.momentum, self.velocity = lr, momentum, 0.0
        - if self.velocity is None:
        - self.velocity = _zeros_like(params)
        - self.velocity = [self.momentum * v + g for v, g in zip(self.velocity, grads, strict=True)]
        - return [p - self.lr * v for p, v in zip(params, self.velocity, strict=True)]
        + new = []
        + for p, g in zip(params, grads):
        +     self.velocity = self.momentum * self.velocity + g
        +     new.append(p - self.lr * self.velocity)
        + return new
    """,
)


register(
    "nesterov",
    no_lookahead=NesterovNoLookahead,
    sign="""
        - p - self.lr * (g + self.momentum * v)
        - for p, g, v in zip(params, grads, self.velocity, strict=True)
        + p + self.lr * (g + self.momentum * v) for p, g, v in zip(params, grads, self.velocity)
    """,
)


register(
    "adagrad",
    eps_inside_sqrt="""
        - p - self.lr * g / (np.sqrt(s) + self.eps)
        - for p, g, s in zip(params, grads, self.sum_sq, strict=True)
        + p - self.lr * g / np.sqrt(s + self.eps) for p, g, s in zip(params, grads, self.sum_sq)
    """,
    no_accumulation="""
        - if self.sum_sq is None:
        - self.sum_sq = _zeros_like(params)
        - self.sum_sq = [s + g * g for s, g in zip(self.sum_sq, grads, strict=True)]
        - return [
        - p - self.lr * g / (np.sqrt(s) + self.eps)
        - for p, g, s in zip(params, grads, self.sum_sq, strict=True)
        - ]
        + sum_sq = [g * g for g in grads]
        + return [p - self.lr * g / (np.sqrt(s) + self.eps) for p, g, s in zip(params, grads, sum_sq)]
    """,
    abs_not_square="""
        - self.sum_sq = [s + g * g for s, g in zip(self.sum_sq, grads, strict=True)]
        + self.sum_sq = [s + np.abs(g) for s, g in zip(self.sum_sq, grads)]
    """,
)


register(
    "rmsprop",
    eps_inside_sqrt="""
        - p - self.lr * g / (np.sqrt(s) + self.eps)
        - for p, g, s in zip(params, grads, self.avg_sq, strict=True)
        + p - self.lr * g / np.sqrt(s + self.eps) for p, g, s in zip(params, grads, self.avg_sq)
    """,
    alpha_swapped="""
        - self.avg_sq = [a * s + (1 - a) * g * g for s, g in zip(self.avg_sq, grads, strict=True)]
        + self.avg_sq = [(1 - a) * s + a * g * g for s, g in zip(self.avg_sq, grads)]
    """,
    no_square_root="""
        - self.avg_sq = [a * s + (1 - a) * g * g for s, g in zip(self.avg_sq, grads, strict=True)]
        - return [
        - p - self.lr * g / (np.sqrt(s) + self.eps)
        - for p, g, s in zip(params, grads, self.avg_sq, strict=True)
        - ]
        + self.avg_sq = [a * s + (1 - a) * g * g for s, g in zip(self.avg_sq, grads)]
        + return [p - self.lr * g / (s + self.eps) for p, g, s in zip(params, grads, self.avg_sq)]
    """,
)


register(
    "adam",
    no_bias_correction=AdamNoBiasCorrection,
    wrong_power="""
        - m_hat = m / (1 - b1**self.t)
        + m_hat = m / (1 - b1 ** (self.t + 1))
        - v_hat = v / (1 - b2**self.t)
        + v_hat = v / (1 - b2 ** (self.t + 1))
        - new.append(self._decayed(p) - self.lr * m_hat / (np.sqrt(v_hat) + self.eps))
        + new.append(p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps))
    """,
    t_from_zero=AdamTFromZero,
    eps_inside_sqrt="""
        - new.append(self._decayed(p) - self.lr * m_hat / (np.sqrt(v_hat) + self.eps))
        + new.append(p - self.lr * m_hat / np.sqrt(v_hat + self.eps))
    """,
    betas_swapped="""
        - b1, b2 = self.betas
        + b2, b1 = self.betas
        - new.append(self._decayed(p) - self.lr * m_hat / (np.sqrt(v_hat) + self.eps))
        + new.append(p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps))
    """,
)


register(
    "adamw",
    coupled_decay=AdamWCoupledDecay,
    decay_after_step=AdamWDecayAfterStep,
    decay_without_lr=AdamWDecayWithoutLr,
)


register(
    "step_decay",
    off_by_one="""
        - return lr0 * gamma ** (t // step_size)
        + return lr0 * gamma ** ((t + 1) // step_size)
    """,
    no_floor="""
        - return lr0 * gamma ** (t // step_size)
        + return lr0 * gamma ** (t / step_size)
    """,
    every_step="""
        - return lr0 * gamma ** (t // step_size)
        + return lr0 * gamma**t
    """,
)


register(
    "cosine_annealing",
    no_minimum="""
        - return lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * t / t_max)) / 2
        + return lr0 * (1 + math.cos(math.pi * t / t_max)) / 2
    """,
    wrong_period="""
        - return lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * t / t_max)) / 2
        + return lr_min + (lr0 - lr_min) * (1 + math.cos(2 * math.pi * t / t_max)) / 2
    """,
)


register(
    "linear_warmup",
    starts_at_zero="""
        - return lr0 * (start_factor + (1 - start_factor) * min(t, warmup_steps) / warmup_steps)
        + return lr0 * min(t, warmup_steps) / warmup_steps
    """,
    no_clamp="""
        - return lr0 * (start_factor + (1 - start_factor) * min(t, warmup_steps) / warmup_steps)
        + return lr0 * (start_factor + (1 - start_factor) * t / warmup_steps)
    """,
    off_by_one="""
        - return lr0 * (start_factor + (1 - start_factor) * min(t, warmup_steps) / warmup_steps)
        + return lr0 * (start_factor + (1 - start_factor) * min(t + 1, warmup_steps) / warmup_steps)
    """,
)
