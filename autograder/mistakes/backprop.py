"""Mistakes students make in lesson 03: each is the reference with one slip, old line → new."""

from __future__ import annotations

import numpy as np

from autograder.mistakes import register


# MANUAL noedits
def gradient_check_fixed_eps(f, x, analytic, eps):
    h = 1e-5
    x = np.array(x, dtype=float)
    numeric = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = f(x)
        x[i] = old - h
        f_minus = f(x)
        x[i] = old
        numeric[i] = (f_plus - f_minus) / (2 * h)
    total = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    if total == 0:
        return numeric, 0.0
    return numeric, np.linalg.norm(analytic - numeric) / total


register(
    "neuron_gradients",
    sign="""
        - delta = 2.0 * (a - y) * a * (1.0 - a)
        + delta = 2 * (y - a) * a * (1 - a)
    """,
    sigmoid_for_derivative="""
        - a = sigmoid(w @ x + b)
        - delta = 2.0 * (a - y) * a * (1.0 - a)
        - return delta * x, float(delta)
        + z = w @ x + b
        + a = sigmoid(z)
        + delta = 2 * (a - y) * sigmoid(z)
        + return delta * x, delta
    """,
    derivative_of_a="""
        - delta = 2.0 * (a - y) * a * (1.0 - a)
        + delta = 2 * (a - y) * sigmoid(a) * (1 - sigmoid(a))
    """,
    no_activation_derivative="""
        - delta = 2.0 * (a - y) * a * (1.0 - a)
        + delta = 2 * (a - y)
    """,
    missing_factor_two="""
        - delta = 2.0 * (a - y) * a * (1.0 - a)
        + delta = (a - y) * a * (1 - a)
    """,
)


register(
    "softmax_cross_entropy_grad",
    missing_mean="""
        - return (softmax(logits) - Y) / logits.shape[0]
        + E = np.exp(logits - logits.max(axis=1, keepdims=True))
        + P = E / E.sum(axis=1, keepdims=True)
        + return P - Y
    """,
    mean_over_entries="""
        - return (softmax(logits) - Y) / logits.shape[0]
        + E = np.exp(logits - logits.max(axis=1, keepdims=True))
        + P = E / E.sum(axis=1, keepdims=True)
        + return (P - Y) / Y.size
    """,
    sign="""
        - return (softmax(logits) - Y) / logits.shape[0]
        + m = logits.shape[0]
        + E = np.exp(logits - logits.max(axis=1, keepdims=True))
        + P = E / E.sum(axis=1, keepdims=True)
        + return (Y - P) / m
    """,
    logits_not_probabilities="""
        - return (softmax(logits) - Y) / logits.shape[0]
        + m = logits.shape[0]
        + return (logits - Y) / m
    """,
    softmax_over_batch="""
        - return (softmax(logits) - Y) / logits.shape[0]
        + m = logits.shape[0]
        + E = np.exp(logits - logits.max(axis=0))
        + P = E / E.sum(axis=0)
        + return (P - Y) / m
    """,
    unstable_softmax="""
        - return (softmax(logits) - Y) / logits.shape[0]
        + m = logits.shape[0]
        + E = np.exp(logits)
        + P = E / E.sum(axis=1, keepdims=True)
        + return (P - Y) / m
    """,
)


register(
    "two_layer_backward",
    transposed_weight_gradient="""
        - cache = two_layer_forward(X, params)
        + W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
        - A1 = cache["A1"]
        + A1 = sigmoid(X @ W1 + b1)
        - delta2 = softmax_cross_entropy_grad(cache["Z2"], Y)
        + dZ2 = softmax_cross_entropy_grad(A1 @ W2 + b2, Y)
        - delta1 = (delta2 @ params["W2"].T) * A1 * (1.0 - A1)
        + dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
        - "W1": X.T @ delta1,
        + "W1": dZ1.T @ X,
        - "b1": delta1.sum(axis=0),
        + "b1": dZ1.sum(axis=0),
        - "W2": A1.T @ delta2,
        + "W2": dZ2.T @ A1,
        - "b2": delta2.sum(axis=0),
        + "b2": dZ2.sum(axis=0),
    """,
    missing_mean="""
        - cache = two_layer_forward(X, params)
        - A1 = cache["A1"]
        - delta2 = softmax_cross_entropy_grad(cache["Z2"], Y)
        - delta1 = (delta2 @ params["W2"].T) * A1 * (1.0 - A1)
        + W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
        + A1 = sigmoid(X @ W1 + b1)
        + Z2 = A1 @ W2 + b2
        + E = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
        + dZ2 = E / E.sum(axis=1, keepdims=True) - Y
        + dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
        - "W1": X.T @ delta1,
        + "W1": X.T @ dZ1,
        - "b1": delta1.sum(axis=0),
        + "b1": dZ1.sum(axis=0),
        - "W2": A1.T @ delta2,
        + "W2": A1.T @ dZ2,
        - "b2": delta2.sum(axis=0),
        + "b2": dZ2.sum(axis=0),
    """,
    double_mean="""
        - cache = two_layer_forward(X, params)
        - A1 = cache["A1"]
        - delta2 = softmax_cross_entropy_grad(cache["Z2"], Y)
        - delta1 = (delta2 @ params["W2"].T) * A1 * (1.0 - A1)
        + m = X.shape[0]
        + W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
        + A1 = sigmoid(X @ W1 + b1)
        + dZ2 = softmax_cross_entropy_grad(A1 @ W2 + b2, Y)
        + dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
        - "W1": X.T @ delta1,
        + "W1": X.T @ dZ1 / m,
        - "b1": delta1.sum(axis=0),
        + "b1": dZ1.mean(axis=0),
        - "W2": A1.T @ delta2,
        + "W2": A1.T @ dZ2 / m,
        - "b2": delta2.sum(axis=0),
        + "b2": dZ2.mean(axis=0),
    """,
    sign="""
        - cache = two_layer_forward(X, params)
        - A1 = cache["A1"]
        - delta2 = softmax_cross_entropy_grad(cache["Z2"], Y)
        - delta1 = (delta2 @ params["W2"].T) * A1 * (1.0 - A1)
        + W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
        + A1 = sigmoid(X @ W1 + b1)
        + Z2 = A1 @ W2 + b2
        + E = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
        + dZ2 = (Y - E / E.sum(axis=1, keepdims=True)) / X.shape[0]
        + dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
        - "W1": X.T @ delta1,
        + "W1": X.T @ dZ1,
        - "b1": delta1.sum(axis=0),
        + "b1": dZ1.sum(axis=0),
        - "W2": A1.T @ delta2,
        + "W2": A1.T @ dZ2,
        - "b2": delta2.sum(axis=0),
        + "b2": dZ2.sum(axis=0),
    """,
    sigmoid_for_derivative="""
        - cache = two_layer_forward(X, params)
        - A1 = cache["A1"]
        - delta2 = softmax_cross_entropy_grad(cache["Z2"], Y)
        - delta1 = (delta2 @ params["W2"].T) * A1 * (1.0 - A1)
        + W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
        + Z1 = X @ W1 + b1
        + A1 = sigmoid(Z1)
        + dZ2 = softmax_cross_entropy_grad(A1 @ W2 + b2, Y)
        + dZ1 = (dZ2 @ W2.T) * sigmoid(Z1)
        - "W1": X.T @ delta1,
        + "W1": X.T @ dZ1,
        - "b1": delta1.sum(axis=0),
        + "b1": dZ1.sum(axis=0),
        - "W2": A1.T @ delta2,
        + "W2": A1.T @ dZ2,
        - "b2": delta2.sum(axis=0),
        + "b2": dZ2.sum(axis=0),
    """,
    derivative_of_a="""
        - cache = two_layer_forward(X, params)
        + W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
        - A1 = cache["A1"]
        + A1 = sigmoid(X @ W1 + b1)
        - delta2 = softmax_cross_entropy_grad(cache["Z2"], Y)
        + dZ2 = softmax_cross_entropy_grad(A1 @ W2 + b2, Y)
        - delta1 = (delta2 @ params["W2"].T) * A1 * (1.0 - A1)
        + dZ1 = (dZ2 @ W2.T) * sigmoid(A1) * (1 - sigmoid(A1))
        - "W1": X.T @ delta1,
        + "W1": X.T @ dZ1,
        - "b1": delta1.sum(axis=0),
        + "b1": dZ1.sum(axis=0),
        - "W2": A1.T @ delta2,
        + "W2": A1.T @ dZ2,
        - "b2": delta2.sum(axis=0),
        + "b2": dZ2.sum(axis=0),
    """,
    bias_not_summed="""
        - cache = two_layer_forward(X, params)
        + W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
        - A1 = cache["A1"]
        + A1 = sigmoid(X @ W1 + b1)
        - delta2 = softmax_cross_entropy_grad(cache["Z2"], Y)
        + dZ2 = softmax_cross_entropy_grad(A1 @ W2 + b2, Y)
        - delta1 = (delta2 @ params["W2"].T) * A1 * (1.0 - A1)
        + dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
        - "W1": X.T @ delta1,
        + "W1": X.T @ dZ1,
        - "b1": delta1.sum(axis=0),
        + "b1": dZ1,
        - "W2": A1.T @ delta2,
        + "W2": A1.T @ dZ2,
        - "b2": delta2.sum(axis=0),
        + "b2": dZ2,
    """,
    missing_hidden_derivative="""
        - cache = two_layer_forward(X, params)
        + W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
        - A1 = cache["A1"]
        + A1 = sigmoid(X @ W1 + b1)
        - delta2 = softmax_cross_entropy_grad(cache["Z2"], Y)
        + dZ2 = softmax_cross_entropy_grad(A1 @ W2 + b2, Y)
        - delta1 = (delta2 @ params["W2"].T) * A1 * (1.0 - A1)
        + dZ1 = dZ2 @ W2.T
        - "W1": X.T @ delta1,
        + "W1": X.T @ dZ1,
        - "b1": delta1.sum(axis=0),
        + "b1": dZ1.sum(axis=0),
        - "W2": A1.T @ delta2,
        + "W2": A1.T @ dZ2,
        - "b2": delta2.sum(axis=0),
        + "b2": dZ2.sum(axis=0),
    """,
)


register(
    "gradient_check",
    one_sided="""
        - point = np.array(x, dtype=np.float64)
        - numeric = np.zeros_like(point)
        - for i in np.ndindex(point.shape):
        - old = point[i]
        - point[i] = old + eps
        - f_plus = f(point)
        - point[i] = old - eps
        - f_minus = f(point)
        - point[i] = old
        - numeric[i] = (f_plus - f_minus) / (2.0 * eps)
        - analytic = np.asarray(analytic, dtype=np.float64)
        - total = float(np.linalg.norm(analytic) + np.linalg.norm(numeric))
        - if total == 0.0:
        + x = np.array(x, dtype=float)
        + numeric = np.zeros_like(x)
        + f_x = f(x)
        + for i in np.ndindex(x.shape):
        +     old = x[i]
        +     x[i] = old + eps
        +     f_plus = f(x)
        +     x[i] = old
        +     numeric[i] = (f_plus - f_x) / eps
        + total = np.linalg.norm(analytic) + np.linalg.norm(numeric)
        + if total == 0:
    """,
    missing_two="""
        - point = np.array(x, dtype=np.float64)
        - numeric = np.zeros_like(point)
        - for i in np.ndindex(point.shape):
        - old = point[i]
        - point[i] = old + eps
        - f_plus = f(point)
        - point[i] = old - eps
        - f_minus = f(point)
        - point[i] = old
        - numeric[i] = (f_plus - f_minus) / (2.0 * eps)
        - analytic = np.asarray(analytic, dtype=np.float64)
        - total = float(np.linalg.norm(analytic) + np.linalg.norm(numeric))
        - if total == 0.0:
        + x = np.array(x, dtype=float)
        + numeric = np.zeros_like(x)
        + for i in np.ndindex(x.shape):
        +     old = x[i]
        +     x[i] = old + eps
        +     f_plus = f(x)
        +     x[i] = old - eps
        +     f_minus = f(x)
        +     x[i] = old
        +     numeric[i] = (f_plus - f_minus) / eps
        + total = np.linalg.norm(analytic) + np.linalg.norm(numeric)
        + if total == 0:
    """,
    absolute_error="""
        - point = np.array(x, dtype=np.float64)
        - numeric = np.zeros_like(point)
        - for i in np.ndindex(point.shape):
        - old = point[i]
        - point[i] = old + eps
        - f_plus = f(point)
        - point[i] = old - eps
        - f_minus = f(point)
        - point[i] = old
        - numeric[i] = (f_plus - f_minus) / (2.0 * eps)
        - analytic = np.asarray(analytic, dtype=np.float64)
        - total = float(np.linalg.norm(analytic) + np.linalg.norm(numeric))
        - if total == 0.0:
        - return numeric, 0.0
        - return numeric, float(np.linalg.norm(analytic - numeric)) / total
        + x = np.array(x, dtype=float)
        + numeric = np.zeros_like(x)
        + for i in np.ndindex(x.shape):
        +     old = x[i]
        +     x[i] = old + eps
        +     f_plus = f(x)
        +     x[i] = old - eps
        +     f_minus = f(x)
        +     x[i] = old
        +     numeric[i] = (f_plus - f_minus) / (2 * eps)
        + return numeric, np.linalg.norm(analytic - numeric)
    """,
    all_coordinates_at_once="""
        - point = np.array(x, dtype=np.float64)
        - numeric = np.zeros_like(point)
        - for i in np.ndindex(point.shape):
        - old = point[i]
        - point[i] = old + eps
        - f_plus = f(point)
        - point[i] = old - eps
        - f_minus = f(point)
        - point[i] = old
        - numeric[i] = (f_plus - f_minus) / (2.0 * eps)
        - analytic = np.asarray(analytic, dtype=np.float64)
        - total = float(np.linalg.norm(analytic) + np.linalg.norm(numeric))
        - if total == 0.0:
        + x = np.array(x, dtype=float)
        + slope = (f(x + eps) - f(x - eps)) / (2 * eps)
        + numeric = np.full_like(x, slope)
        + total = np.linalg.norm(analytic) + np.linalg.norm(numeric)
        + if total == 0:
    """,
    step_not_undone="""
        - point = np.array(x, dtype=np.float64)
        - numeric = np.zeros_like(point)
        - for i in np.ndindex(point.shape):
        - old = point[i]
        - point[i] = old + eps
        - f_plus = f(point)
        - point[i] = old - eps
        - f_minus = f(point)
        - point[i] = old
        - numeric[i] = (f_plus - f_minus) / (2.0 * eps)
        - analytic = np.asarray(analytic, dtype=np.float64)
        - total = float(np.linalg.norm(analytic) + np.linalg.norm(numeric))
        - if total == 0.0:
        + x = np.array(x, dtype=float)
        + numeric = np.zeros_like(x)
        + for i in np.ndindex(x.shape):
        +     x[i] += eps
        +     f_plus = f(x)
        +     x[i] -= 2 * eps
        +     f_minus = f(x)
        +     numeric[i] = (f_plus - f_minus) / (2 * eps)
        + total = np.linalg.norm(analytic) + np.linalg.norm(numeric)
        + if total == 0:
    """,
    fixed_eps=gradient_check_fixed_eps,
)
