"""Mistakes students make in lesson 07. Each function differs from a correct answer by one slip
and uses only what the notebook defines (np)."""

from __future__ import annotations

import numpy as np

from autograder.mistakes import mistake

# ---------------------------------------------------------------- xavier_uniform


@mistake("xavier_uniform", "std_as_limit")
def xavier_uniform_std_as_limit(fan_in, fan_out, rng):
    limit = np.sqrt(2 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


@mistake("xavier_uniform", "variance_as_limit")
def xavier_uniform_variance_as_limit(fan_in, fan_out, rng):
    limit = 6 / (fan_in + fan_out)
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


@mistake("xavier_uniform", "fan_in_only")
def xavier_uniform_fan_in_only(fan_in, fan_out, rng):
    limit = np.sqrt(3 / fan_in)
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


@mistake("xavier_uniform", "shape_swapped")
def xavier_uniform_shape_swapped(fan_in, fan_out, rng):
    limit = np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_out, fan_in))


@mistake("xavier_uniform", "normal_not_uniform")
def xavier_uniform_normal_not_uniform(fan_in, fan_out, rng):
    std = np.sqrt(2 / (fan_in + fan_out))
    return rng.normal(0, std, size=(fan_in, fan_out))


# ---------------------------------------------------------------- he_normal


@mistake("he_normal", "fan_out")
def he_normal_fan_out(fan_in, fan_out, rng):
    std = np.sqrt(2 / fan_out)
    return rng.normal(0, std, size=(fan_in, fan_out))


@mistake("he_normal", "variance_as_std")
def he_normal_variance_as_std(fan_in, fan_out, rng):
    return rng.normal(0, 2 / fan_in, size=(fan_in, fan_out))


@mistake("he_normal", "missing_gain")
def he_normal_missing_gain(fan_in, fan_out, rng):
    std = np.sqrt(1 / fan_in)
    return rng.normal(0, std, size=(fan_in, fan_out))


@mistake("he_normal", "xavier_variance")
def he_normal_xavier_variance(fan_in, fan_out, rng):
    std = np.sqrt(2 / (fan_in + fan_out))
    return rng.normal(0, std, size=(fan_in, fan_out))


@mistake("he_normal", "shape_swapped")
def he_normal_shape_swapped(fan_in, fan_out, rng):
    std = np.sqrt(2 / fan_in)
    return rng.normal(0, std, size=(fan_out, fan_in))


# ---------------------------------------------------------------- clip_grad_norm


@mistake("clip_grad_norm", "per_tensor")
def clip_grad_norm_per_tensor(grads, max_norm):
    total_norm = np.sqrt(sum(np.sum(g**2) for g in grads))
    clipped = []
    for g in grads:
        scale = min(1.0, max_norm / (np.sqrt(np.sum(g**2)) + 1e-6))
        clipped.append(g * scale)
    return clipped, total_norm


@mistake("clip_grad_norm", "sum_of_norms")
def clip_grad_norm_sum_of_norms(grads, max_norm):
    total_norm = sum(np.sqrt(np.sum(g**2)) for g in grads)
    scale = min(1.0, max_norm / (total_norm + 1e-6))
    return [g * scale for g in grads], total_norm


@mistake("clip_grad_norm", "squared_norm")
def clip_grad_norm_squared_norm(grads, max_norm):
    total_norm = sum(np.sum(g**2) for g in grads)
    scale = min(1.0, max_norm / (total_norm + 1e-6))
    return [g * scale for g in grads], total_norm


@mistake("clip_grad_norm", "scales_up")
def clip_grad_norm_scales_up(grads, max_norm):
    total_norm = np.sqrt(sum(np.sum(g**2) for g in grads))
    scale = max_norm / (total_norm + 1e-6)
    return [g * scale for g in grads], total_norm


@mistake("clip_grad_norm", "clip_by_value")
def clip_grad_norm_clip_by_value(grads, max_norm):
    total_norm = np.sqrt(sum(np.sum(g**2) for g in grads))
    return [np.clip(g, -max_norm, max_norm) for g in grads], total_norm


@mistake("clip_grad_norm", "norm_after_clipping")
def clip_grad_norm_norm_after_clipping(grads, max_norm):
    total_norm = np.sqrt(sum(np.sum(g**2) for g in grads))
    scale = min(1.0, max_norm / (total_norm + 1e-6))
    clipped = [g * scale for g in grads]
    return clipped, np.sqrt(sum(np.sum(g**2) for g in clipped))


@mistake("clip_grad_norm", "in_place")
def clip_grad_norm_in_place(grads, max_norm):
    total_norm = np.sqrt(sum(np.sum(g**2) for g in grads))
    scale = min(1.0, max_norm / (total_norm + 1e-6))
    for g in grads:
        g *= scale
    return grads, total_norm


# ---------------------------------------------------------------- batchnorm_forward


@mistake("batchnorm_forward", "unbiased_normalisation")
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


@mistake("batchnorm_forward", "biased_running_var")
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


@mistake("batchnorm_forward", "running_stats_not_updated")
def batchnorm_forward_running_stats_not_updated(
    x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5
):
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0)
        x_hat = (x - mean) / np.sqrt(var + eps)
    else:
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
    return gamma * x_hat + beta, running_mean, running_var


@mistake("batchnorm_forward", "batch_stats_at_eval")
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


@mistake("batchnorm_forward", "momentum_swapped")
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


@mistake("batchnorm_forward", "eps_outside_sqrt")
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


@mistake("batchnorm_forward", "normalised_over_features")
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


# ---------------------------------------------------------------- batchnorm_backward


@mistake("batchnorm_backward", "statistics_as_constants")
def batchnorm_backward_statistics_as_constants(dout, x, gamma, eps=1e-5):
    std = np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) / std
    dx = dout * gamma / std
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


@mistake("batchnorm_backward", "mean_path_missing")
def batchnorm_backward_mean_path_missing(dout, x, gamma, eps=1e-5):
    std = np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) / std
    g = dout * gamma
    dx = (g - x_hat * (g * x_hat).mean(axis=0)) / std
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


@mistake("batchnorm_backward", "variance_path_missing")
def batchnorm_backward_variance_path_missing(dout, x, gamma, eps=1e-5):
    std = np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) / std
    g = dout * gamma
    dx = (g - g.mean(axis=0)) / std
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


@mistake("batchnorm_backward", "unbiased_variance")
def batchnorm_backward_unbiased_variance(dout, x, gamma, eps=1e-5):
    std = np.sqrt(x.var(axis=0, ddof=1) + eps)
    x_hat = (x - x.mean(axis=0)) / std
    g = dout * gamma
    dx = (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0)) / std
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


@mistake("batchnorm_backward", "gamma_missing")
def batchnorm_backward_gamma_missing(dout, x, gamma, eps=1e-5):
    std = np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) / std
    dx = (dout - dout.mean(axis=0) - x_hat * (dout * x_hat).mean(axis=0)) / std
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


@mistake("batchnorm_backward", "dgamma_with_x")
def batchnorm_backward_dgamma_with_x(dout, x, gamma, eps=1e-5):
    std = np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) / std
    g = dout * gamma
    dx = (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0)) / std
    return dx, (dout * x).sum(axis=0), dout.sum(axis=0)


@mistake("batchnorm_backward", "not_summed_over_batch")
def batchnorm_backward_not_summed_over_batch(dout, x, gamma, eps=1e-5):
    std = np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) / std
    g = dout * gamma
    dx = (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0)) / std
    return dx, (dout * x_hat).mean(axis=0), dout.mean(axis=0)


# ---------------------------------------------------------------- residual_backward


@mistake("residual_backward", "missing_skip")
def residual_backward_missing_skip(dout, x, W1, b1, W2, b2):
    z = x @ W1 + b1
    h = np.maximum(z, 0)
    dz = (dout @ W2.T) * (z > 0)
    dx = dz @ W1.T
    return dx, x.T @ dz, dz.sum(axis=0), h.T @ dout, dout.sum(axis=0)


@mistake("residual_backward", "skip_only")
def residual_backward_skip_only(dout, x, W1, b1, W2, b2):
    z = x @ W1 + b1
    h = np.maximum(z, 0)
    dz = (dout @ W2.T) * (z > 0)
    dx = dout
    return dx, x.T @ dz, dz.sum(axis=0), h.T @ dout, dout.sum(axis=0)


@mistake("residual_backward", "relu_derivative_missing")
def residual_backward_relu_derivative_missing(dout, x, W1, b1, W2, b2):
    z = x @ W1 + b1
    h = np.maximum(z, 0)
    dz = dout @ W2.T
    dx = dout + dz @ W1.T
    return dx, x.T @ dz, dz.sum(axis=0), h.T @ dout, dout.sum(axis=0)


@mistake("residual_backward", "pre_activation_for_dW2")
def residual_backward_pre_activation_for_dw2(dout, x, W1, b1, W2, b2):
    z = x @ W1 + b1
    dz = (dout @ W2.T) * (z > 0)
    dx = dout + dz @ W1.T
    return dx, x.T @ dz, dz.sum(axis=0), z.T @ dout, dout.sum(axis=0)


@mistake("residual_backward", "transposed_weight_gradient")
def residual_backward_transposed_weight_gradient(dout, x, W1, b1, W2, b2):
    z = x @ W1 + b1
    h = np.maximum(z, 0)
    dz = (dout @ W2.T) * (z > 0)
    dx = dout + dz @ W1.T
    return dx, dz.T @ x, dz.sum(axis=0), dout.T @ h, dout.sum(axis=0)


@mistake("residual_backward", "bias_not_summed")
def residual_backward_bias_not_summed(dout, x, W1, b1, W2, b2):
    z = x @ W1 + b1
    h = np.maximum(z, 0)
    dz = (dout @ W2.T) * (z > 0)
    dx = dout + dz @ W1.T
    return dx, x.T @ dz, dz, h.T @ dout, dout
