"""Mistakes students make in lesson 01. Each function differs from the reference by one slip."""

from __future__ import annotations

import numpy as np

from autograder.mistakes import mistake
from autograder.reference.gradient_descent import mse_gradient, mse_loss, predict

# ---------------------------------------------------------------- mse_gradient


@mistake("mse_gradient", "sign")
def mse_gradient_sign(X, y, w, b):
    m = X.shape[0]
    residual = y - predict(X, w, b)
    return (2.0 / m) * (X.T @ residual), (2.0 / m) * np.sum(residual)


@mistake("mse_gradient", "missing_mean")
def mse_gradient_missing_mean(X, y, w, b):
    residual = predict(X, w, b) - y
    return 2.0 * (X.T @ residual), 2.0 * np.sum(residual)


@mistake("mse_gradient", "missing_factor_two")
def mse_gradient_missing_factor_two(X, y, w, b):
    m = X.shape[0]
    residual = predict(X, w, b) - y
    return (1.0 / m) * (X.T @ residual), (1.0 / m) * np.sum(residual)


@mistake("mse_gradient", "divides_by_features")
def mse_gradient_divides_by_features(X, y, w, b):
    m = X.shape[1]
    residual = predict(X, w, b) - y
    return (2.0 / m) * (X.T @ residual), (2.0 / m) * np.sum(residual)


@mistake("mse_gradient", "bias_ignored")
def mse_gradient_bias_ignored(X, y, w, b):
    m = X.shape[0]
    residual = X @ w - y
    return (2.0 / m) * (X.T @ residual), (2.0 / m) * np.sum(residual)


@mistake("mse_gradient", "bias_not_summed")
def mse_gradient_bias_not_summed(X, y, w, b):
    m = X.shape[0]
    residual = predict(X, w, b) - y
    return (2.0 / m) * (X.T @ residual), (2.0 / m) * residual


@mistake("mse_gradient", "wrong_transpose")
def mse_gradient_wrong_transpose(X, y, w, b):
    m = X.shape[0]
    residual = predict(X, w, b) - y
    return (2.0 / m) * (X @ residual), (2.0 / m) * np.sum(residual)


# ------------------------------------------------------------ gradient_descent


@mistake("gradient_descent", "sign")
def gradient_descent_sign(grad_fn, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(n_steps):
        w = w + lr * grad_fn(w)
        path.append(w.copy())
    return np.array(path)


@mistake("gradient_descent", "lr_twice")
def gradient_descent_lr_twice(grad_fn, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(n_steps):
        w = w - lr * lr * grad_fn(w)
        path.append(w.copy())
    return np.array(path)


@mistake("gradient_descent", "lr_missing")
def gradient_descent_lr_missing(grad_fn, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(n_steps):
        w = w - grad_fn(w)
        path.append(w.copy())
    return np.array(path)


@mistake("gradient_descent", "one_step_short")
def gradient_descent_one_step_short(grad_fn, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(n_steps - 1):
        w = w - lr * grad_fn(w)
        path.append(w.copy())
    return np.array(path)


@mistake("gradient_descent", "one_step_long")
def gradient_descent_one_step_long(grad_fn, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(n_steps + 1):
        w = w - lr * grad_fn(w)
        path.append(w.copy())
    return np.array(path)


@mistake("gradient_descent", "missing_start")
def gradient_descent_missing_start(grad_fn, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    path = []
    for _ in range(n_steps):
        w = w - lr * grad_fn(w)
        path.append(w.copy())
    return np.array(path)


@mistake("gradient_descent", "aliased_path")
def gradient_descent_aliased_path(grad_fn, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(n_steps):
        w -= lr * grad_fn(w)
        path.append(w)
    return np.array(path)


@mistake("gradient_descent", "coordinatewise")
def gradient_descent_coordinatewise(grad_fn, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(n_steps):
        for i in range(len(w)):
            w[i] = w[i] - lr * grad_fn(w)[i]
        path.append(w.copy())
    return np.array(path)


@mistake("gradient_descent", "modifies_w0", diagnosed_as="common.modifies_input")
def gradient_descent_modifies_w0(grad_fn, w0, lr, n_steps):
    w = w0
    path = [w.copy()]
    for _ in range(n_steps):
        w -= lr * grad_fn(w)
        path.append(w.copy())
    return np.array(path)


# --------------------------------------------------------------- minibatch_sgd


@mistake("minibatch_sgd", "no_shuffle")
def minibatch_sgd_no_shuffle(X, y, w0, b0, lr, batch_size, n_epochs, rng):
    m = X.shape[0]
    w, b = np.array(w0, dtype=float), float(b0)
    losses = []
    for _ in range(n_epochs):
        order = np.arange(m)
        for start in range(0, m, batch_size):
            batch = order[start : start + batch_size]
            Xb, yb = X[batch], y[batch]
            losses.append(mse_loss(Xb, yb, w, b))
            grad_w, grad_b = mse_gradient(Xb, yb, w, b)
            w = w - lr * grad_w
            b = b - lr * grad_b
    return w, b, np.array(losses)


@mistake("minibatch_sgd", "shuffle_once")
def minibatch_sgd_shuffle_once(X, y, w0, b0, lr, batch_size, n_epochs, rng):
    m = X.shape[0]
    w, b = np.array(w0, dtype=float), float(b0)
    losses = []
    order = rng.permutation(m)
    for _ in range(n_epochs):
        for start in range(0, m, batch_size):
            batch = order[start : start + batch_size]
            Xb, yb = X[batch], y[batch]
            losses.append(mse_loss(Xb, yb, w, b))
            grad_w, grad_b = mse_gradient(Xb, yb, w, b)
            w = w - lr * grad_w
            b = b - lr * grad_b
    return w, b, np.array(losses)


@mistake("minibatch_sgd", "unpaired_shuffle")
def minibatch_sgd_unpaired_shuffle(X, y, w0, b0, lr, batch_size, n_epochs, rng):
    m = X.shape[0]
    w, b = np.array(w0, dtype=float), float(b0)
    losses = []
    for _ in range(n_epochs):
        order = rng.permutation(m)
        X_shuffled, y_shuffled = X[order], y[rng.permutation(m)]
        for start in range(0, m, batch_size):
            Xb = X_shuffled[start : start + batch_size]
            yb = y_shuffled[start : start + batch_size]
            losses.append(mse_loss(Xb, yb, w, b))
            grad_w, grad_b = mse_gradient(Xb, yb, w, b)
            w = w - lr * grad_w
            b = b - lr * grad_b
    return w, b, np.array(losses)


@mistake("minibatch_sgd", "drops_last_batch")
def minibatch_sgd_drops_last_batch(X, y, w0, b0, lr, batch_size, n_epochs, rng):
    m = X.shape[0]
    w, b = np.array(w0, dtype=float), float(b0)
    losses = []
    for _ in range(n_epochs):
        order = rng.permutation(m)
        for start in range(0, m - batch_size + 1, batch_size):
            batch = order[start : start + batch_size]
            Xb, yb = X[batch], y[batch]
            losses.append(mse_loss(Xb, yb, w, b))
            grad_w, grad_b = mse_gradient(Xb, yb, w, b)
            w = w - lr * grad_w
            b = b - lr * grad_b
    return w, b, np.array(losses)


@mistake("minibatch_sgd", "full_batch_gradient")
def minibatch_sgd_full_batch_gradient(X, y, w0, b0, lr, batch_size, n_epochs, rng):
    m = X.shape[0]
    w, b = np.array(w0, dtype=float), float(b0)
    losses = []
    for _ in range(n_epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start : start + batch_size]
            Xb, yb = X[batch], y[batch]
            losses.append(mse_loss(Xb, yb, w, b))
            grad_w, grad_b = mse_gradient(X, y, w, b)
            w = w - lr * grad_w
            b = b - lr * grad_b
    return w, b, np.array(losses)


@mistake("minibatch_sgd", "lr_scaled_by_batch")
def minibatch_sgd_lr_scaled_by_batch(X, y, w0, b0, lr, batch_size, n_epochs, rng):
    m = X.shape[0]
    w, b = np.array(w0, dtype=float), float(b0)
    losses = []
    for _ in range(n_epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start : start + batch_size]
            Xb, yb = X[batch], y[batch]
            losses.append(mse_loss(Xb, yb, w, b))
            grad_w, grad_b = mse_gradient(Xb, yb, w, b)
            w = w - lr * len(batch) * grad_w
            b = b - lr * len(batch) * grad_b
    return w, b, np.array(losses)


@mistake("minibatch_sgd", "loss_after_update")
def minibatch_sgd_loss_after_update(X, y, w0, b0, lr, batch_size, n_epochs, rng):
    m = X.shape[0]
    w, b = np.array(w0, dtype=float), float(b0)
    losses = []
    for _ in range(n_epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start : start + batch_size]
            Xb, yb = X[batch], y[batch]
            grad_w, grad_b = mse_gradient(Xb, yb, w, b)
            w = w - lr * grad_w
            b = b - lr * grad_b
            losses.append(mse_loss(Xb, yb, w, b))
    return w, b, np.array(losses)


@mistake("minibatch_sgd", "bias_not_updated")
def minibatch_sgd_bias_not_updated(X, y, w0, b0, lr, batch_size, n_epochs, rng):
    m = X.shape[0]
    w, b = np.array(w0, dtype=float), float(b0)
    losses = []
    for _ in range(n_epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start : start + batch_size]
            Xb, yb = X[batch], y[batch]
            losses.append(mse_loss(Xb, yb, w, b))
            grad_w, _ = mse_gradient(Xb, yb, w, b)
            w = w - lr * grad_w
    return w, b, np.array(losses)
