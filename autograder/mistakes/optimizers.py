"""Mistakes students make in lesson 06. Each is a whole class or function, as a student
would write it, that differs from the reference by one slip."""

from __future__ import annotations

import math

import numpy as np

from autograder.mistakes import mistake

# ---------------------------------------------------------------- SGD with momentum


@mistake("sgd_momentum", "velocity_sign")
class SGDMomentumVelocitySign:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum, self.velocity = lr, momentum, None

    def step(self, params, grads):
        if self.velocity is None:
            self.velocity = [np.zeros_like(p) for p in params]
        self.velocity = [self.momentum * v + g for v, g in zip(self.velocity, grads)]
        return [p + self.lr * v for p, v in zip(params, self.velocity)]


@mistake("sgd_momentum", "dampened")
class SGDMomentumDampened:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum, self.velocity = lr, momentum, None

    def step(self, params, grads):
        if self.velocity is None:
            self.velocity = [np.zeros_like(p) for p in params]
        mu = self.momentum
        self.velocity = [mu * v + (1 - mu) * g for v, g in zip(self.velocity, grads)]
        return [p - self.lr * v for p, v in zip(params, self.velocity)]


@mistake("sgd_momentum", "velocity_not_kept")
class SGDMomentumVelocityNotKept:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum = lr, momentum

    def step(self, params, grads):
        velocity = [np.zeros_like(p) for p in params]
        velocity = [self.momentum * v + g for v, g in zip(velocity, grads)]
        return [p - self.lr * v for p, v in zip(params, velocity)]


@mistake("sgd_momentum", "shared_state")
class SGDMomentumSharedState:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum, self.velocity = lr, momentum, 0.0

    def step(self, params, grads):
        new = []
        for p, g in zip(params, grads):
            self.velocity = self.momentum * self.velocity + g
            new.append(p - self.lr * self.velocity)
        return new


# ---------------------------------------------------------------- Nesterov


@mistake("nesterov", "no_lookahead")
class NesterovNoLookahead:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum, self.velocity = lr, momentum, None

    def step(self, params, grads):
        if self.velocity is None:
            self.velocity = [np.zeros_like(p) for p in params]
        self.velocity = [self.momentum * v + g for v, g in zip(self.velocity, grads)]
        return [p - self.lr * v for p, v in zip(params, self.velocity)]


@mistake("nesterov", "sign")
class NesterovSign:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum, self.velocity = lr, momentum, None

    def step(self, params, grads):
        if self.velocity is None:
            self.velocity = [np.zeros_like(p) for p in params]
        self.velocity = [self.momentum * v + g for v, g in zip(self.velocity, grads)]
        return [
            p + self.lr * (g + self.momentum * v) for p, g, v in zip(params, grads, self.velocity)
        ]


# ---------------------------------------------------------------- Adagrad


@mistake("adagrad", "eps_inside_sqrt")
class AdagradEpsInsideSqrt:
    def __init__(self, lr, eps=1e-10):
        self.lr, self.eps, self.sum_sq = lr, eps, None

    def step(self, params, grads):
        if self.sum_sq is None:
            self.sum_sq = [np.zeros_like(p) for p in params]
        self.sum_sq = [s + g * g for s, g in zip(self.sum_sq, grads)]
        return [
            p - self.lr * g / np.sqrt(s + self.eps) for p, g, s in zip(params, grads, self.sum_sq)
        ]


@mistake("adagrad", "no_accumulation")
class AdagradNoAccumulation:
    def __init__(self, lr, eps=1e-10):
        self.lr, self.eps = lr, eps

    def step(self, params, grads):
        sum_sq = [g * g for g in grads]
        return [p - self.lr * g / (np.sqrt(s) + self.eps) for p, g, s in zip(params, grads, sum_sq)]


@mistake("adagrad", "abs_not_square")
class AdagradAbsNotSquare:
    def __init__(self, lr, eps=1e-10):
        self.lr, self.eps, self.sum_sq = lr, eps, None

    def step(self, params, grads):
        if self.sum_sq is None:
            self.sum_sq = [np.zeros_like(p) for p in params]
        self.sum_sq = [s + np.abs(g) for s, g in zip(self.sum_sq, grads)]
        return [
            p - self.lr * g / (np.sqrt(s) + self.eps) for p, g, s in zip(params, grads, self.sum_sq)
        ]


# ---------------------------------------------------------------- RMSprop


@mistake("rmsprop", "eps_inside_sqrt")
class RMSpropEpsInsideSqrt:
    def __init__(self, lr, alpha=0.99, eps=1e-8):
        self.lr, self.alpha, self.eps, self.avg_sq = lr, alpha, eps, None

    def step(self, params, grads):
        if self.avg_sq is None:
            self.avg_sq = [np.zeros_like(p) for p in params]
        a = self.alpha
        self.avg_sq = [a * s + (1 - a) * g * g for s, g in zip(self.avg_sq, grads)]
        return [
            p - self.lr * g / np.sqrt(s + self.eps) for p, g, s in zip(params, grads, self.avg_sq)
        ]


@mistake("rmsprop", "alpha_swapped")
class RMSpropAlphaSwapped:
    def __init__(self, lr, alpha=0.99, eps=1e-8):
        self.lr, self.alpha, self.eps, self.avg_sq = lr, alpha, eps, None

    def step(self, params, grads):
        if self.avg_sq is None:
            self.avg_sq = [np.zeros_like(p) for p in params]
        a = self.alpha
        self.avg_sq = [(1 - a) * s + a * g * g for s, g in zip(self.avg_sq, grads)]
        return [
            p - self.lr * g / (np.sqrt(s) + self.eps) for p, g, s in zip(params, grads, self.avg_sq)
        ]


@mistake("rmsprop", "no_square_root")
class RMSpropNoSquareRoot:
    def __init__(self, lr, alpha=0.99, eps=1e-8):
        self.lr, self.alpha, self.eps, self.avg_sq = lr, alpha, eps, None

    def step(self, params, grads):
        if self.avg_sq is None:
            self.avg_sq = [np.zeros_like(p) for p in params]
        a = self.alpha
        self.avg_sq = [a * s + (1 - a) * g * g for s, g in zip(self.avg_sq, grads)]
        return [p - self.lr * g / (s + self.eps) for p, g, s in zip(params, grads, self.avg_sq)]


# ---------------------------------------------------------------- Adam


@mistake("adam", "no_bias_correction")
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


@mistake("adam", "wrong_power")
class AdamWrongPower:
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
        new = []
        for p, m, v in zip(params, self.m, self.v):
            m_hat = m / (1 - b1 ** (self.t + 1))
            v_hat = v / (1 - b2 ** (self.t + 1))
            new.append(p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps))
        return new


@mistake("adam", "t_from_zero")
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


@mistake("adam", "eps_inside_sqrt")
class AdamEpsInsideSqrt:
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
        new = []
        for p, m, v in zip(params, self.m, self.v):
            m_hat = m / (1 - b1**self.t)
            v_hat = v / (1 - b2**self.t)
            new.append(p - self.lr * m_hat / np.sqrt(v_hat + self.eps))
        return new


@mistake("adam", "betas_swapped")
class AdamBetasSwapped:
    def __init__(self, lr, betas=(0.9, 0.999), eps=1e-8):
        self.lr, self.betas, self.eps = lr, betas, eps
        self.t, self.m, self.v = 0, None, None

    def step(self, params, grads):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        b2, b1 = self.betas
        self.m = [b1 * m + (1 - b1) * g for m, g in zip(self.m, grads)]
        self.v = [b2 * v + (1 - b2) * g * g for v, g in zip(self.v, grads)]
        new = []
        for p, m, v in zip(params, self.m, self.v):
            m_hat = m / (1 - b1**self.t)
            v_hat = v / (1 - b2**self.t)
            new.append(p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps))
        return new


# ---------------------------------------------------------------- AdamW


@mistake("adamw", "coupled_decay")
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


@mistake("adamw", "decay_after_step")
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


@mistake("adamw", "decay_without_lr")
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


# ---------------------------------------------------------------- schedules


@mistake("step_decay", "off_by_one")
def step_decay_off_by_one(lr0, gamma, step_size, t):
    return lr0 * gamma ** ((t + 1) // step_size)


@mistake("step_decay", "no_floor")
def step_decay_no_floor(lr0, gamma, step_size, t):
    return lr0 * gamma ** (t / step_size)


@mistake("step_decay", "every_step")
def step_decay_every_step(lr0, gamma, step_size, t):
    return lr0 * gamma**t


@mistake("cosine_annealing", "no_minimum")
def cosine_annealing_no_minimum(lr0, lr_min, t_max, t):
    return lr0 * (1 + math.cos(math.pi * t / t_max)) / 2


@mistake("cosine_annealing", "wrong_period")
def cosine_annealing_wrong_period(lr0, lr_min, t_max, t):
    return lr_min + (lr0 - lr_min) * (1 + math.cos(2 * math.pi * t / t_max)) / 2


@mistake("linear_warmup", "starts_at_zero")
def linear_warmup_starts_at_zero(lr0, start_factor, warmup_steps, t):
    return lr0 * min(t, warmup_steps) / warmup_steps


@mistake("linear_warmup", "no_clamp")
def linear_warmup_no_clamp(lr0, start_factor, warmup_steps, t):
    return lr0 * (start_factor + (1 - start_factor) * t / warmup_steps)


@mistake("linear_warmup", "off_by_one")
def linear_warmup_off_by_one(lr0, start_factor, warmup_steps, t):
    return lr0 * (start_factor + (1 - start_factor) * min(t + 1, warmup_steps) / warmup_steps)


# ---------------------------------------------------------------- the learning rate


@mistake("sgd_momentum", "lr_copied")
class SGDMomentumLrCopied:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum, self.velocity = lr, momentum, None
        self.step_size = lr

    def step(self, params, grads):
        if self.velocity is None:
            self.velocity = [np.zeros_like(p) for p in params]
        self.velocity = [self.momentum * v + g for v, g in zip(self.velocity, grads)]
        return [p - self.step_size * v for p, v in zip(params, self.velocity)]
