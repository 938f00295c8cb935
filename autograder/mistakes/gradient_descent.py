"""Mistakes students make in lesson 01, each a slip of the reference (a diff of its lines)."""

from __future__ import annotations

from autograder.mistakes import Slip, register

register(
    "mse_gradient",
    sign="""
        - residual = predict(X, w, b) - y
        + residual = y - predict(X, w, b)
    """,
    missing_mean="""
        - grad_w = (2.0 / m) * (X.T @ residual)
        - grad_b = (2.0 / m) * float(np.sum(residual))
        + grad_w = 2.0 * (X.T @ residual)
        + grad_b = 2.0 * float(np.sum(residual))
    """,
    missing_factor_two="""
        - grad_w = (2.0 / m) * (X.T @ residual)
        - grad_b = (2.0 / m) * float(np.sum(residual))
        + grad_w = (1.0 / m) * (X.T @ residual)
        + grad_b = (1.0 / m) * float(np.sum(residual))
    """,
    divides_by_features="""
        - m = X.shape[0]
        + m = X.shape[1]
    """,
    bias_ignored="""
        - residual = predict(X, w, b) - y
        + residual = X @ w - y
    """,
    bias_not_summed="""
        - grad_b = (2.0 / m) * float(np.sum(residual))
        + grad_b = (2.0 / m) * residual
    """,
    wrong_transpose="""
        - grad_w = (2.0 / m) * (X.T @ residual)
        + grad_w = (2.0 / m) * (X @ residual)
    """,
)

register(
    "gradient_descent",
    sign="""
        - w = w - lr * grad_fn(w)
        + w = w + lr * grad_fn(w)
    """,
    lr_twice="""
        - w = w - lr * grad_fn(w)
        + w = w - lr * lr * grad_fn(w)
    """,
    lr_missing="""
        - w = w - lr * grad_fn(w)
        + w = w - grad_fn(w)
    """,
    one_step_short="""
        - for _ in range(n_steps):
        + for _ in range(n_steps - 1):
    """,
    one_step_long="""
        - for _ in range(n_steps):
        + for _ in range(n_steps + 1):
    """,
    missing_start="""
        - path = [w.copy()]
        + path = []
    """,
    aliased_path="""
        - path = [w.copy()]
        + path = [w]
        - w = w - lr * grad_fn(w)
        + w -= lr * grad_fn(w)
        - path.append(w.copy())
        + path.append(w)
    """,
    coordinatewise="""
        - w = w - lr * grad_fn(w)
        + for i in range(len(w)):
        +     w[i] = w[i] - lr * grad_fn(w)[i]
    """,
    modifies_w0=Slip(
        """
        - w = np.array(w0, dtype=np.float64)
        + w = w0
        - w = w - lr * grad_fn(w)
        + w -= lr * grad_fn(w)
        """,
        diagnosed_as="common.modifies_input",
    ),
)

register(
    "minibatch_sgd",
    no_shuffle="""
        - order = rng.permutation(m)
        + order = np.arange(m)
    """,
    shuffle_once="""
        - for _ in range(n_epochs):
        -     order = rng.permutation(m)
        + order = rng.permutation(m)
        + for _ in range(n_epochs):
    """,
    unpaired_shuffle="""
        - order = rng.permutation(m)
        + order, unpaired = rng.permutation(m), rng.permutation(m)
        - Xb, yb = X[batch], y[batch]
        + Xb, yb = X[batch], y[unpaired[start : start + batch_size]]
    """,
    drops_last_batch="""
        - for start in range(0, m, batch_size):
        + for start in range(0, m - batch_size + 1, batch_size):
    """,
    full_batch_gradient="""
        - grad_w, grad_b = mse_gradient(Xb, yb, w, b)
        + grad_w, grad_b = mse_gradient(X, y, w, b)
    """,
    lr_scaled_by_batch="""
        - w = w - lr * grad_w
        - b = b - lr * grad_b
        + w = w - lr * len(batch) * grad_w
        + b = b - lr * len(batch) * grad_b
    """,
    loss_after_update="""
        - losses.append(mse_loss(Xb, yb, w, b))

        - b = b - lr * grad_b
        + b = b - lr * grad_b
        + losses.append(mse_loss(Xb, yb, w, b))
    """,
    bias_not_updated="""
        - b = b - lr * grad_b
    """,
)
