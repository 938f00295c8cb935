"""Mistakes students make in lesson 06, each a slip of the reference (a diff of its lines).

AdamW's mistakes are written out whole: the reference AdamW is a subclass of Adam, while a
student's AdamW stands alone (Adam is another graded answer of the same notebook)."""

from __future__ import annotations

import numpy as np

from autograder.mistakes import register

register(
    "sgd_momentum",
    velocity_sign="""
        - return [p - self.lr * v for p, v in zip(params, self.velocity, strict=True)]
        + return [p + self.lr * v for p, v in zip(params, self.velocity, strict=True)]
    """,
    dampened="""
        - self.velocity = [self.momentum * v + g for v, g in zip(self.velocity, grads, strict=True)]
        + mu = self.momentum
        + self.velocity = [mu * v + (1 - mu) * g for v, g in zip(self.velocity, grads, strict=True)]
    """,
    velocity_not_kept="""
        - if self.velocity is None:
        -     self.velocity = _zeros_like(params)
        + self.velocity = _zeros_like(params)
    """,
    shared_state="""
        - self.velocity: Arrays | None = None
        + self.velocity = 0.0

        - if self.velocity is None:
        -     self.velocity = _zeros_like(params)
        - self.velocity = [self.momentum * v + g for v, g in zip(self.velocity, grads, strict=True)]
        - return [p - self.lr * v for p, v in zip(params, self.velocity, strict=True)]
        + new = []
        + for p, g in zip(params, grads, strict=True):
        +     self.velocity = self.momentum * self.velocity + g
        +     new.append(p - self.lr * self.velocity)
        + return new
    """,
)

register(
    "nesterov",
    no_lookahead="""
        - p - self.lr * (g + self.momentum * v)
        + p - self.lr * v
    """,
    sign="""
        - p - self.lr * (g + self.momentum * v)
        + p + self.lr * (g + self.momentum * v)
    """,
)

register(
    "adagrad",
    eps_inside_sqrt="""
        - p - self.lr * g / (np.sqrt(s) + self.eps)
        + p - self.lr * g / np.sqrt(s + self.eps)
    """,
    no_accumulation="""
        - self.sum_sq = [s + g * g for s, g in zip(self.sum_sq, grads, strict=True)]
        + self.sum_sq = [g * g for g in grads]
    """,
    abs_not_square="""
        - self.sum_sq = [s + g * g for s, g in zip(self.sum_sq, grads, strict=True)]
        + self.sum_sq = [s + np.abs(g) for s, g in zip(self.sum_sq, grads, strict=True)]
    """,
)

register(
    "rmsprop",
    eps_inside_sqrt="""
        - p - self.lr * g / (np.sqrt(s) + self.eps)
        + p - self.lr * g / np.sqrt(s + self.eps)
    """,
    alpha_swapped="""
        - self.avg_sq = [a * s + (1 - a) * g * g for s, g in zip(self.avg_sq, grads, strict=True)]
        + self.avg_sq = [(1 - a) * s + a * g * g for s, g in zip(self.avg_sq, grads, strict=True)]
    """,
    no_square_root="""
        - p - self.lr * g / (np.sqrt(s) + self.eps)
        + p - self.lr * g / (s + self.eps)
    """,
)

register(
    "adam",
    no_bias_correction="""
        - m_hat = m / (1 - b1**self.t)
        - v_hat = v / (1 - b2**self.t)
        + m_hat, v_hat = m, v
    """,
    wrong_power="""
        - m_hat = m / (1 - b1**self.t)
        - v_hat = v / (1 - b2**self.t)
        + m_hat = m / (1 - b1 ** (self.t + 1))
        + v_hat = v / (1 - b2 ** (self.t + 1))
    """,
    t_from_zero="""
        - self.t += 1

        - return new
        + self.t += 1
        + return new
    """,
    eps_inside_sqrt="""
        - new.append(self._decayed(p) - self.lr * m_hat / (np.sqrt(v_hat) + self.eps))
        + new.append(self._decayed(p) - self.lr * m_hat / np.sqrt(v_hat + self.eps))
    """,
    betas_swapped="""
        - b1, b2 = self.betas
        + b2, b1 = self.betas
    """,
)


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


register(
    "sgd_momentum",
    lr_copied="""
        - self.lr, self.momentum = lr, momentum
        + self.lr, self.momentum = lr, momentum
        + self.step_size = lr

        - return [p - self.lr * v for p, v in zip(params, self.velocity, strict=True)]
        + return [p - self.step_size * v for p, v in zip(params, self.velocity, strict=True)]
    """,
)
