"""Mistakes students make in lesson 07: each is the reference with one slip, old line → new."""

from __future__ import annotations

import numpy as np

from autograder.mistakes import register


# MANUAL noedits
def batchnorm_forward_unbiased_normalisation(
    x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5
):
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0, ddof=1)
        x_hat = (x - mean) / np.sqrt(var + eps)
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * var
    else:
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
    return gamma * x_hat + beta, running_mean, running_var


# MANUAL noedits
def batchnorm_forward_biased_running_var(
    x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5
):
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0)
        x_hat = (x - mean) / np.sqrt(var + eps)
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * var
    else:
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
    return gamma * x_hat + beta, running_mean, running_var


# MANUAL noedits
def batchnorm_forward_running_stats_not_updated(
    x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5
):
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0)
        x_hat = (x - mean) / np.sqrt(var + eps)
    else:
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
    return gamma * x_hat + beta, running_mean, running_var


# MANUAL noedits
def batchnorm_forward_batch_stats_at_eval(
    x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5
):
    m = x.shape[0]
    mean, var = x.mean(axis=0), x.var(axis=0)
    x_hat = (x - mean) / np.sqrt(var + eps)
    if training:
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * var * m / (m - 1)
    return gamma * x_hat + beta, running_mean, running_var


# MANUAL noedits
def batchnorm_forward_momentum_swapped(
    x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5
):
    if training:
        m = x.shape[0]
        mean, var = x.mean(axis=0), x.var(axis=0)
        x_hat = (x - mean) / np.sqrt(var + eps)
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * var * m / (m - 1)
    else:
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
    return gamma * x_hat + beta, running_mean, running_var


# MANUAL noedits
def batchnorm_forward_eps_outside_sqrt(
    x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5
):
    if training:
        m = x.shape[0]
        mean, var = x.mean(axis=0), x.var(axis=0)
        x_hat = (x - mean) / (np.sqrt(var) + eps)
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * var * m / (m - 1)
    else:
        x_hat = (x - running_mean) / (np.sqrt(running_var) + eps)
    return gamma * x_hat + beta, running_mean, running_var


# MANUAL noedits
def batchnorm_forward_normalised_over_features(
    x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5
):
    if training:
        m = x.shape[1]
        mean, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
        x_hat = (x - mean) / np.sqrt(var + eps)
        running_mean = (1 - momentum) * running_mean + momentum * mean.mean()
        running_var = (1 - momentum) * running_var + momentum * var.mean() * m / (m - 1)
    else:
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
    return gamma * x_hat + beta, running_mean, running_var


register(
    "xavier_uniform",
    std_as_limit="""
        - limit = np.sqrt(6.0 / (fan_in + fan_out))
        + limit = np.sqrt(2 / (fan_in + fan_out))
    """,
    variance_as_limit="""
        - limit = np.sqrt(6.0 / (fan_in + fan_out))
        + limit = 6 / (fan_in + fan_out)
    """,
    fan_in_only="""
        - limit = np.sqrt(6.0 / (fan_in + fan_out))
        + limit = np.sqrt(3 / fan_in)
    """,
    shape_swapped="""
        - return rng.uniform(-limit, limit, size=(fan_in, fan_out))
        + return rng.uniform(-limit, limit, size=(fan_out, fan_in))
    """,
    normal_not_uniform="""
        - limit = np.sqrt(6.0 / (fan_in + fan_out))
        + std = np.sqrt(2 / (fan_in + fan_out))
        - return rng.uniform(-limit, limit, size=(fan_in, fan_out))
        + return rng.normal(0, std, size=(fan_in, fan_out))
    """,
)


register(
    "he_normal",
    fan_out="""
        - std = np.sqrt(2.0 / fan_in)
        + std = np.sqrt(2 / fan_out)
    """,
    variance_as_std="""
        - std = np.sqrt(2.0 / fan_in)
        - return rng.normal(0.0, std, size=(fan_in, fan_out))
        + return rng.normal(0, 2 / fan_in, size=(fan_in, fan_out))
    """,
    missing_gain="""
        - std = np.sqrt(2.0 / fan_in)
        + std = np.sqrt(1 / fan_in)
    """,
    xavier_variance="""
        - std = np.sqrt(2.0 / fan_in)
        + std = np.sqrt(2 / (fan_in + fan_out))
    """,
    shape_swapped="""
        - return rng.normal(0.0, std, size=(fan_in, fan_out))
        + return rng.normal(0, std, size=(fan_out, fan_in))
    """,
)


register(
    "clip_grad_norm",
    per_tensor="""
        - total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
        - scale = min(1.0, max_norm / (total + 1e-6))
        - return [np.asarray(g, dtype=np.float64) * scale for g in grads], total
        + total_norm = np.sqrt(sum(np.sum(g**2) for g in grads))
        + clipped = []
        + for g in grads:
        +     scale = min(1.0, max_norm / (np.sqrt(np.sum(g**2)) + 1e-6))
        +     clipped.append(g * scale)
        + return clipped, total_norm
    """,
    sum_of_norms="""
        - total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
        + total_norm = sum(np.sqrt(np.sum(g**2)) for g in grads)
        - scale = min(1.0, max_norm / (total + 1e-6))
        + scale = min(1.0, max_norm / (total_norm + 1e-6))
        - return [np.asarray(g, dtype=np.float64) * scale for g in grads], total
        + return [g * scale for g in grads], total_norm
    """,
    squared_norm="""
        - total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
        + total_norm = sum(np.sum(g**2) for g in grads)
        - scale = min(1.0, max_norm / (total + 1e-6))
        + scale = min(1.0, max_norm / (total_norm + 1e-6))
        - return [np.asarray(g, dtype=np.float64) * scale for g in grads], total
        + return [g * scale for g in grads], total_norm
    """,
    scales_up="""
        - total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
        + total_norm = np.sqrt(sum(np.sum(g**2) for g in grads))
        - scale = min(1.0, max_norm / (total + 1e-6))
        + scale = max_norm / (total_norm + 1e-6)
        - return [np.asarray(g, dtype=np.float64) * scale for g in grads], total
        + return [g * scale for g in grads], total_norm
    """,
    clip_by_value="""
        - total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
        - scale = min(1.0, max_norm / (total + 1e-6))
        - return [np.asarray(g, dtype=np.float64) * scale for g in grads], total
        + total_norm = np.sqrt(sum(np.sum(g**2) for g in grads))
        + return [np.clip(g, -max_norm, max_norm) for g in grads], total_norm
    """,
    norm_after_clipping="""
        - total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
        - scale = min(1.0, max_norm / (total + 1e-6))
        - return [np.asarray(g, dtype=np.float64) * scale for g in grads], total
        + total_norm = np.sqrt(sum(np.sum(g**2) for g in grads))
        + scale = min(1.0, max_norm / (total_norm + 1e-6))
        + clipped = [g * scale for g in grads]
        + return clipped, np.sqrt(sum(np.sum(g**2) for g in clipped))
    """,
    in_place="""
        - total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
        - scale = min(1.0, max_norm / (total + 1e-6))
        - return [np.asarray(g, dtype=np.float64) * scale for g in grads], total
        + total_norm = np.sqrt(sum(np.sum(g**2) for g in grads))
        + scale = min(1.0, max_norm / (total_norm + 1e-6))
        + for g in grads:
        +     g *= scale
        + return grads, total_norm
    """,
)


register(
    "batchnorm_forward",
    unbiased_normalisation=batchnorm_forward_unbiased_normalisation,
    biased_running_var=batchnorm_forward_biased_running_var,
    running_stats_not_updated=batchnorm_forward_running_stats_not_updated,
    batch_stats_at_eval=batchnorm_forward_batch_stats_at_eval,
    momentum_swapped=batchnorm_forward_momentum_swapped,
    eps_outside_sqrt=batchnorm_forward_eps_outside_sqrt,
    normalised_over_features=batchnorm_forward_normalised_over_features,
)


register(
    "batchnorm_backward",
    statistics_as_constants="""
        - x_hat = (x - mean) / std
        - g = dout * gamma
        - dx = (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0)) / std
        + x_hat = (x - x.mean(axis=0)) / std
        + dx = dout * gamma / std
    """,
    mean_path_missing="""
        - dx = (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0)) / std
        + dx = (g - x_hat * (g * x_hat).mean(axis=0)) / std
    """,
    variance_path_missing="""
        - dx = (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0)) / std
        + dx = (g - g.mean(axis=0)) / std
    """,
    unbiased_variance="""
        - mean = x.mean(axis=0)
        - std = np.sqrt(x.var(axis=0) + eps)
        - x_hat = (x - mean) / std
        + std = np.sqrt(x.var(axis=0, ddof=1) + eps)
        + x_hat = (x - x.mean(axis=0)) / std
    """,
    gamma_missing="""
        - x_hat = (x - mean) / std
        - g = dout * gamma
        - dx = (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0)) / std
        + x_hat = (x - x.mean(axis=0)) / std
        + dx = (dout - dout.mean(axis=0) - x_hat * (dout * x_hat).mean(axis=0)) / std
    """,
    dgamma_with_x="""
        - return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
        + return dx, (dout * x).sum(axis=0), dout.sum(axis=0)
    """,
    not_summed_over_batch="""
        - return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
        + return dx, (dout * x_hat).mean(axis=0), dout.mean(axis=0)
    """,
)


register(
    "residual_backward",
    missing_skip="""
        - dx = dout + dz @ W1.T
        + dx = dz @ W1.T
    """,
    skip_only="""
        - dx = dout + dz @ W1.T
        + dx = dout
    """,
    relu_derivative_missing="""
        - dz = (dout @ W2.T) * (z > 0)
        + dz = dout @ W2.T
    """,
    pre_activation_for_dW2="""
        - return dx, x.T @ dz, dz.sum(axis=0), h.T @ dout, dout.sum(axis=0)
        + return dx, x.T @ dz, dz.sum(axis=0), z.T @ dout, dout.sum(axis=0)
    """,
    transposed_weight_gradient="""
        - return dx, x.T @ dz, dz.sum(axis=0), h.T @ dout, dout.sum(axis=0)
        + return dx, dz.T @ x, dz.sum(axis=0), dout.T @ h, dout.sum(axis=0)
    """,
    bias_not_summed="""
        - return dx, x.T @ dz, dz.sum(axis=0), h.T @ dout, dout.sum(axis=0)
        + return dx, x.T @ dz, dz, h.T @ dout, dout
    """,
)
