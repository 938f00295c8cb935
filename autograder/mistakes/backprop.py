"""Mistakes students make in lesson 03, each a slip of the reference (a diff of its lines)."""

from __future__ import annotations

from autograder.mistakes import register

register(
    "neuron_gradients",
    sign="""
        - delta = 2.0 * (a - y) * a * (1.0 - a)
        + delta = 2.0 * (y - a) * a * (1.0 - a)
    """,
    sigmoid_for_derivative="""
        - a = sigmoid(w @ x + b)
        - delta = 2.0 * (a - y) * a * (1.0 - a)
        + z = w @ x + b
        + a = sigmoid(z)
        + delta = 2.0 * (a - y) * sigmoid(z)
    """,
    derivative_of_a="""
        - delta = 2.0 * (a - y) * a * (1.0 - a)
        + delta = 2.0 * (a - y) * sigmoid(a) * (1.0 - sigmoid(a))
    """,
    no_activation_derivative="""
        - delta = 2.0 * (a - y) * a * (1.0 - a)
        + delta = 2.0 * (a - y)
    """,
    missing_factor_two="""
        - delta = 2.0 * (a - y) * a * (1.0 - a)
        + delta = (a - y) * a * (1.0 - a)
    """,
)

register(
    "softmax_cross_entropy_grad",
    missing_mean="""
        - return (softmax(logits) - Y) / logits.shape[0]
        + return softmax(logits) - Y
    """,
    mean_over_entries="""
        - return (softmax(logits) - Y) / logits.shape[0]
        + return (softmax(logits) - Y) / Y.size
    """,
    sign="""
        - return (softmax(logits) - Y) / logits.shape[0]
        + return (Y - softmax(logits)) / logits.shape[0]
    """,
    logits_not_probabilities="""
        - return (softmax(logits) - Y) / logits.shape[0]
        + return (logits - Y) / logits.shape[0]
    """,
    softmax_over_batch="""
        - return (softmax(logits) - Y) / logits.shape[0]
        + E = np.exp(logits - logits.max(axis=0))
        + return (E / E.sum(axis=0) - Y) / logits.shape[0]
    """,
    unstable_softmax="""
        - return (softmax(logits) - Y) / logits.shape[0]
        + E = np.exp(logits)
        + return (E / E.sum(axis=1, keepdims=True) - Y) / logits.shape[0]
    """,
)

# Slips outside Δ2 keep the call of the notebook's softmax_cross_entropy_grad, as a student
# would; grading swaps it for the reference. The slips in Δ2 compute it themselves.
register(
    "two_layer_backward",
    transposed_weight_gradient="""
        - "W1": X.T @ delta1,
        + "W1": delta1.T @ X,
        - "W2": A1.T @ delta2,
        + "W2": delta2.T @ A1,
    """,
    missing_mean="""
        - delta2 = softmax_cross_entropy_grad(cache["Z2"], Y)
        + delta2 = softmax(cache["Z2"]) - Y
    """,
    double_mean="""
        - "W1": X.T @ delta1,
        - "b1": delta1.sum(axis=0),
        - "W2": A1.T @ delta2,
        - "b2": delta2.sum(axis=0),
        + "W1": X.T @ delta1 / X.shape[0],
        + "b1": delta1.mean(axis=0),
        + "W2": A1.T @ delta2 / X.shape[0],
        + "b2": delta2.mean(axis=0),
    """,
    sign="""
        - delta2 = softmax_cross_entropy_grad(cache["Z2"], Y)
        + delta2 = (Y - softmax(cache["Z2"])) / X.shape[0]
    """,
    sigmoid_for_derivative="""
        - delta1 = (delta2 @ params["W2"].T) * A1 * (1.0 - A1)
        + delta1 = (delta2 @ params["W2"].T) * sigmoid(cache["Z1"])
    """,
    derivative_of_a="""
        - delta1 = (delta2 @ params["W2"].T) * A1 * (1.0 - A1)
        + delta1 = (delta2 @ params["W2"].T) * sigmoid(A1) * (1.0 - sigmoid(A1))
    """,
    bias_not_summed="""
        - "b1": delta1.sum(axis=0),
        + "b1": delta1,
        - "b2": delta2.sum(axis=0),
        + "b2": delta2,
    """,
    missing_hidden_derivative="""
        - delta1 = (delta2 @ params["W2"].T) * A1 * (1.0 - A1)
        + delta1 = delta2 @ params["W2"].T
    """,
)

register(
    "gradient_check",
    one_sided="""
        - point[i] = old - eps
        + point[i] = old
        - numeric[i] = (f_plus - f_minus) / (2.0 * eps)
        + numeric[i] = (f_plus - f_minus) / eps
    """,
    missing_two="""
        - numeric[i] = (f_plus - f_minus) / (2.0 * eps)
        + numeric[i] = (f_plus - f_minus) / eps
    """,
    absolute_error="""
        - total = float(np.linalg.norm(analytic) + np.linalg.norm(numeric))
        - if total == 0.0:
        -     return numeric, 0.0
        - return numeric, float(np.linalg.norm(analytic - numeric)) / total
        + return numeric, float(np.linalg.norm(analytic - numeric))
    """,
    all_coordinates_at_once="""
        - for i in np.ndindex(point.shape):
        -     old = point[i]
        -     point[i] = old + eps
        -     f_plus = f(point)
        -     point[i] = old - eps
        -     f_minus = f(point)
        -     point[i] = old
        -     numeric[i] = (f_plus - f_minus) / (2.0 * eps)
        + numeric[...] = (f(point + eps) - f(point - eps)) / (2.0 * eps)
    """,
    step_not_undone="""
        - point[i] = old
    """,
    fixed_eps="""
        - point = np.array(x, dtype=np.float64)
        + eps = 1e-5
        + point = np.array(x, dtype=np.float64)
    """,
)
