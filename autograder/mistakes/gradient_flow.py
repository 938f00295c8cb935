"""Mistakes students make in lesson 07, each a slip of the reference (a diff of its lines)."""

from __future__ import annotations

from autograder.mistakes import register

register(
    "xavier_uniform",
    std_as_limit="""
        - limit = np.sqrt(6.0 / (fan_in + fan_out))
        + limit = np.sqrt(2.0 / (fan_in + fan_out))
    """,
    variance_as_limit="""
        - limit = np.sqrt(6.0 / (fan_in + fan_out))
        + limit = 6.0 / (fan_in + fan_out)
    """,
    fan_in_only="""
        - limit = np.sqrt(6.0 / (fan_in + fan_out))
        + limit = np.sqrt(3.0 / fan_in)
    """,
    shape_swapped="""
        - return rng.uniform(-limit, limit, size=(fan_in, fan_out))
        + return rng.uniform(-limit, limit, size=(fan_out, fan_in))
    """,
    normal_not_uniform="""
        - limit = np.sqrt(6.0 / (fan_in + fan_out))
        - return rng.uniform(-limit, limit, size=(fan_in, fan_out))
        + std = np.sqrt(2.0 / (fan_in + fan_out))
        + return rng.normal(0.0, std, size=(fan_in, fan_out))
    """,
)

register(
    "he_normal",
    fan_out="""
        - std = np.sqrt(2.0 / fan_in)
        + std = np.sqrt(2.0 / fan_out)
    """,
    variance_as_std="""
        - std = np.sqrt(2.0 / fan_in)
        + std = 2.0 / fan_in
    """,
    missing_gain="""
        - std = np.sqrt(2.0 / fan_in)
        + std = np.sqrt(1.0 / fan_in)
    """,
    xavier_variance="""
        - std = np.sqrt(2.0 / fan_in)
        + std = np.sqrt(2.0 / (fan_in + fan_out))
    """,
    shape_swapped="""
        - return rng.normal(0.0, std, size=(fan_in, fan_out))
        + return rng.normal(0.0, std, size=(fan_out, fan_in))
    """,
)

register(
    "clip_grad_norm",
    per_tensor="""
        - scale = min(1.0, max_norm / (total + 1e-6))
        - return [np.asarray(g, dtype=np.float64) * scale for g in grads], total
        + scales = [min(1.0, max_norm / (np.sqrt(np.sum(np.square(g))) + 1e-6)) for g in grads]
        + return [g * scale for g, scale in zip(grads, scales, strict=True)], total
    """,
    sum_of_norms="""
        - total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
        + total = float(sum(np.sqrt(np.sum(np.square(g))) for g in grads))
    """,
    squared_norm="""
        - total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
        + total = float(sum(np.sum(np.square(g)) for g in grads))
    """,
    scales_up="""
        - scale = min(1.0, max_norm / (total + 1e-6))
        + scale = max_norm / (total + 1e-6)
    """,
    clip_by_value="""
        - return [np.asarray(g, dtype=np.float64) * scale for g in grads], total
        + return [np.clip(g, -max_norm, max_norm) for g in grads], total
    """,
    norm_after_clipping="""
        - return [np.asarray(g, dtype=np.float64) * scale for g in grads], total
        + clipped = [np.asarray(g, dtype=np.float64) * scale for g in grads]
        + return clipped, float(np.sqrt(sum(np.sum(np.square(g)) for g in clipped)))
    """,
    in_place="""
        - return [np.asarray(g, dtype=np.float64) * scale for g in grads], total
        + for g in grads:
        +     g *= scale
        + return grads, total
    """,
)

register(
    "batchnorm_forward",
    unbiased_normalisation="""
        - var = x.var(axis=0)
        + var = x.var(axis=0, ddof=1)
        - new_var = (1.0 - momentum) * running_var + momentum * var * m / (m - 1)
        + new_var = (1.0 - momentum) * running_var + momentum * var
    """,
    biased_running_var="""
        - new_var = (1.0 - momentum) * running_var + momentum * var * m / (m - 1)
        + new_var = (1.0 - momentum) * running_var + momentum * var
    """,
    running_stats_not_updated="""
        - new_mean = (1.0 - momentum) * running_mean + momentum * mean
        - new_var = (1.0 - momentum) * running_var + momentum * var * m / (m - 1)
        + new_mean, new_var = running_mean, running_var
    """,
    batch_stats_at_eval="""
        - x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        + x_hat = (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps)
    """,
    momentum_swapped="""
        - new_mean = (1.0 - momentum) * running_mean + momentum * mean
        - new_var = (1.0 - momentum) * running_var + momentum * var * m / (m - 1)
        + new_mean = momentum * running_mean + (1.0 - momentum) * mean
        + new_var = momentum * running_var + (1.0 - momentum) * var * m / (m - 1)
    """,
    eps_outside_sqrt="""
        - x_hat = (x - mean) / np.sqrt(var + eps)
        + x_hat = (x - mean) / (np.sqrt(var) + eps)
        - x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        + x_hat = (x - running_mean) / (np.sqrt(running_var) + eps)
    """,
    normalised_over_features="""
        - m = x.shape[0]
        - mean = x.mean(axis=0)
        - var = x.var(axis=0)
        + m = x.shape[1]
        + mean = x.mean(axis=1, keepdims=True)
        + var = x.var(axis=1, keepdims=True)
        - new_mean = (1.0 - momentum) * running_mean + momentum * mean
        - new_var = (1.0 - momentum) * running_var + momentum * var * m / (m - 1)
        + new_mean = (1.0 - momentum) * running_mean + momentum * mean.mean()
        + new_var = (1.0 - momentum) * running_var + momentum * var.mean() * m / (m - 1)
    """,
)

register(
    "batchnorm_backward",
    statistics_as_constants="""
        - dx = (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0)) / std
        + dx = g / std
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
        - std = np.sqrt(x.var(axis=0) + eps)
        + std = np.sqrt(x.var(axis=0, ddof=1) + eps)
    """,
    gamma_missing="""
        - g = dout * gamma
        + g = dout
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
