"""Mistakes students make in lesson 03. Each function differs from a correct answer by one slip
and uses only what the notebook defines (np, sigmoid, softmax_cross_entropy_grad)."""

from __future__ import annotations

import numpy as np

from autograder.mistakes import mistake
from autograder.reference.backprop import sigmoid, softmax_cross_entropy_grad

# ------------------------------------------------------------ neuron_gradients


@mistake("neuron_gradients", "sign")
def neuron_gradients_sign(x, y, w, b):
    a = sigmoid(w @ x + b)
    delta = 2 * (y - a) * a * (1 - a)
    return delta * x, delta


@mistake("neuron_gradients", "sigmoid_for_derivative")
def neuron_gradients_sigmoid_for_derivative(x, y, w, b):
    z = w @ x + b
    a = sigmoid(z)
    delta = 2 * (a - y) * sigmoid(z)
    return delta * x, delta


@mistake("neuron_gradients", "derivative_of_a")
def neuron_gradients_derivative_of_a(x, y, w, b):
    a = sigmoid(w @ x + b)
    delta = 2 * (a - y) * sigmoid(a) * (1 - sigmoid(a))
    return delta * x, delta


@mistake("neuron_gradients", "no_activation_derivative")
def neuron_gradients_no_activation_derivative(x, y, w, b):
    a = sigmoid(w @ x + b)
    delta = 2 * (a - y)
    return delta * x, delta


@mistake("neuron_gradients", "missing_factor_two")
def neuron_gradients_missing_factor_two(x, y, w, b):
    a = sigmoid(w @ x + b)
    delta = (a - y) * a * (1 - a)
    return delta * x, delta


# -------------------------------------------------- softmax_cross_entropy_grad


@mistake("softmax_cross_entropy_grad", "missing_mean")
def softmax_cross_entropy_grad_missing_mean(logits, Y):
    E = np.exp(logits - logits.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    return P - Y


@mistake("softmax_cross_entropy_grad", "mean_over_entries")
def softmax_cross_entropy_grad_mean_over_entries(logits, Y):
    E = np.exp(logits - logits.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    return (P - Y) / Y.size


@mistake("softmax_cross_entropy_grad", "sign")
def softmax_cross_entropy_grad_sign(logits, Y):
    m = logits.shape[0]
    E = np.exp(logits - logits.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    return (Y - P) / m


@mistake("softmax_cross_entropy_grad", "logits_not_probabilities")
def softmax_cross_entropy_grad_logits_not_probabilities(logits, Y):
    m = logits.shape[0]
    return (logits - Y) / m


@mistake("softmax_cross_entropy_grad", "softmax_over_batch")
def softmax_cross_entropy_grad_softmax_over_batch(logits, Y):
    m = logits.shape[0]
    E = np.exp(logits - logits.max(axis=0))
    P = E / E.sum(axis=0)
    return (P - Y) / m


@mistake("softmax_cross_entropy_grad", "unstable_softmax")
def softmax_cross_entropy_grad_unstable_softmax(logits, Y):
    m = logits.shape[0]
    E = np.exp(logits)
    P = E / E.sum(axis=1, keepdims=True)
    return (P - Y) / m


# ---------------------------------------------------------- two_layer_backward
# Mutants whose slip is not in Δ2 call the notebook's softmax_cross_entropy_grad, as a student
# would; grading swaps it for the reference. The others compute Δ2 themselves.


@mistake("two_layer_backward", "transposed_weight_gradient")
def two_layer_backward_transposed_weight_gradient(X, Y, params):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    A1 = sigmoid(X @ W1 + b1)
    dZ2 = softmax_cross_entropy_grad(A1 @ W2 + b2, Y)
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    return {
        "W1": dZ1.T @ X,
        "b1": dZ1.sum(axis=0),
        "W2": dZ2.T @ A1,
        "b2": dZ2.sum(axis=0),
    }


@mistake("two_layer_backward", "missing_mean")
def two_layer_backward_missing_mean(X, Y, params):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    A1 = sigmoid(X @ W1 + b1)
    Z2 = A1 @ W2 + b2
    E = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
    dZ2 = E / E.sum(axis=1, keepdims=True) - Y
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    return {
        "W1": X.T @ dZ1,
        "b1": dZ1.sum(axis=0),
        "W2": A1.T @ dZ2,
        "b2": dZ2.sum(axis=0),
    }


@mistake("two_layer_backward", "double_mean")
def two_layer_backward_double_mean(X, Y, params):
    m = X.shape[0]
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    A1 = sigmoid(X @ W1 + b1)
    dZ2 = softmax_cross_entropy_grad(A1 @ W2 + b2, Y)
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    return {
        "W1": X.T @ dZ1 / m,
        "b1": dZ1.mean(axis=0),
        "W2": A1.T @ dZ2 / m,
        "b2": dZ2.mean(axis=0),
    }


@mistake("two_layer_backward", "sign")
def two_layer_backward_sign(X, Y, params):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    A1 = sigmoid(X @ W1 + b1)
    Z2 = A1 @ W2 + b2
    E = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
    dZ2 = (Y - E / E.sum(axis=1, keepdims=True)) / X.shape[0]
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    return {
        "W1": X.T @ dZ1,
        "b1": dZ1.sum(axis=0),
        "W2": A1.T @ dZ2,
        "b2": dZ2.sum(axis=0),
    }


@mistake("two_layer_backward", "sigmoid_for_derivative")
def two_layer_backward_sigmoid_for_derivative(X, Y, params):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    Z1 = X @ W1 + b1
    A1 = sigmoid(Z1)
    dZ2 = softmax_cross_entropy_grad(A1 @ W2 + b2, Y)
    dZ1 = (dZ2 @ W2.T) * sigmoid(Z1)
    return {
        "W1": X.T @ dZ1,
        "b1": dZ1.sum(axis=0),
        "W2": A1.T @ dZ2,
        "b2": dZ2.sum(axis=0),
    }


@mistake("two_layer_backward", "derivative_of_a")
def two_layer_backward_derivative_of_a(X, Y, params):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    A1 = sigmoid(X @ W1 + b1)
    dZ2 = softmax_cross_entropy_grad(A1 @ W2 + b2, Y)
    dZ1 = (dZ2 @ W2.T) * sigmoid(A1) * (1 - sigmoid(A1))
    return {
        "W1": X.T @ dZ1,
        "b1": dZ1.sum(axis=0),
        "W2": A1.T @ dZ2,
        "b2": dZ2.sum(axis=0),
    }


@mistake("two_layer_backward", "bias_not_summed")
def two_layer_backward_bias_not_summed(X, Y, params):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    A1 = sigmoid(X @ W1 + b1)
    dZ2 = softmax_cross_entropy_grad(A1 @ W2 + b2, Y)
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    return {
        "W1": X.T @ dZ1,
        "b1": dZ1,
        "W2": A1.T @ dZ2,
        "b2": dZ2,
    }


@mistake("two_layer_backward", "missing_hidden_derivative")
def two_layer_backward_missing_hidden_derivative(X, Y, params):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    A1 = sigmoid(X @ W1 + b1)
    dZ2 = softmax_cross_entropy_grad(A1 @ W2 + b2, Y)
    dZ1 = dZ2 @ W2.T
    return {
        "W1": X.T @ dZ1,
        "b1": dZ1.sum(axis=0),
        "W2": A1.T @ dZ2,
        "b2": dZ2.sum(axis=0),
    }


# -------------------------------------------------------------- gradient_check


@mistake("gradient_check", "one_sided")
def gradient_check_one_sided(f, x, analytic, eps):
    x = np.array(x, dtype=float)
    numeric = np.zeros_like(x)
    f_x = f(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        f_plus = f(x)
        x[i] = old
        numeric[i] = (f_plus - f_x) / eps
    total = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    if total == 0:
        return numeric, 0.0
    return numeric, np.linalg.norm(analytic - numeric) / total


@mistake("gradient_check", "missing_two")
def gradient_check_missing_two(f, x, analytic, eps):
    x = np.array(x, dtype=float)
    numeric = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        f_plus = f(x)
        x[i] = old - eps
        f_minus = f(x)
        x[i] = old
        numeric[i] = (f_plus - f_minus) / eps
    total = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    if total == 0:
        return numeric, 0.0
    return numeric, np.linalg.norm(analytic - numeric) / total


@mistake("gradient_check", "absolute_error")
def gradient_check_absolute_error(f, x, analytic, eps):
    x = np.array(x, dtype=float)
    numeric = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        f_plus = f(x)
        x[i] = old - eps
        f_minus = f(x)
        x[i] = old
        numeric[i] = (f_plus - f_minus) / (2 * eps)
    return numeric, np.linalg.norm(analytic - numeric)


@mistake("gradient_check", "all_coordinates_at_once")
def gradient_check_all_coordinates_at_once(f, x, analytic, eps):
    x = np.array(x, dtype=float)
    slope = (f(x + eps) - f(x - eps)) / (2 * eps)
    numeric = np.full_like(x, slope)
    total = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    if total == 0:
        return numeric, 0.0
    return numeric, np.linalg.norm(analytic - numeric) / total


@mistake("gradient_check", "step_not_undone")
def gradient_check_step_not_undone(f, x, analytic, eps):
    x = np.array(x, dtype=float)
    numeric = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        x[i] += eps
        f_plus = f(x)
        x[i] -= 2 * eps
        f_minus = f(x)
        numeric[i] = (f_plus - f_minus) / (2 * eps)
    total = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    if total == 0:
        return numeric, 0.0
    return numeric, np.linalg.norm(analytic - numeric) / total


@mistake("gradient_check", "fixed_eps")
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
