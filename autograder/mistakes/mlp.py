"""Mistakes students make in lesson 04, each a slip of the reference (a diff of its lines)."""

from __future__ import annotations

from autograder.mistakes import Slip, register

register(
    "accuracy",
    argmax_without_axis="""
        - return float(np.mean(np.argmax(logits, axis=1) == labels))
        + return float(np.mean(np.argmax(logits) == labels))
    """,
    argmax_over_batch="""
        - return float(np.mean(np.argmax(logits, axis=1) == labels))
        + return float(np.mean(np.argmax(logits, axis=0) == labels))
    """,
    count_not_fraction="""
        - return float(np.mean(np.argmax(logits, axis=1) == labels))
        + return float(np.sum(np.argmax(logits, axis=1) == labels))
    """,
    max_not_argmax="""
        - return float(np.mean(np.argmax(logits, axis=1) == labels))
        + return float(np.mean(np.max(logits, axis=1) == labels))
    """,
)

register(
    "train_step",
    sign="""
        - key: p - lr * g for key, p, g in zip(PARAMETER_NAMES, (W1, b1, W2, b2), grads, strict=True)
        + key: p + lr * g for key, p, g in zip(PARAMETER_NAMES, (W1, b1, W2, b2), grads, strict=True)
    """,  # noqa: E501
    loss_after_update="""
        - return new, loss
        + return new, two_layer_loss(X, Y, new)
    """,
    bias_not_updated="""
        - return new, loss
        + new["b1"], new["b2"] = b1, b2
        + return new, loss
    """,
    lr_divided_by_batch="""
        - key: p - lr * g for key, p, g in zip(PARAMETER_NAMES, (W1, b1, W2, b2), grads, strict=True)
        + key: p - lr / m * g for key, p, g in zip(PARAMETER_NAMES, (W1, b1, W2, b2), grads, strict=True)
    """,  # noqa: E501
    in_place=Slip(
        """
        - new = {
        -     key: p - lr * g for key, p, g in zip(PARAMETER_NAMES, (W1, b1, W2, b2), grads, strict=True)
        - }
        - return new, loss
        + for key, g in zip(PARAMETER_NAMES, grads, strict=True):
        +     params[key] -= lr * g
        + return params, loss
        """,  # noqa: E501
        diagnosed_as="common.modifies_input",
    ),
)

register(
    "train",
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
        - params, loss = train_step(X[batch], Y[batch], params, lr)
        + params, loss = train_step(X[batch], Y[unpaired[start : start + batch_size]], params, lr)
    """,
    drops_last_batch="""
        - for start in range(0, m, batch_size):
        + for start in range(0, m - batch_size + 1, batch_size):
    """,
    lr_divided_by_batch="""
        - params, loss = train_step(X[batch], Y[batch], params, lr)
        + params, loss = train_step(X[batch], Y[batch], params, lr / len(batch))
    """,
    params_not_carried="""
        - params, loss = train_step(X[batch], Y[batch], params, lr)
        + new_params, loss = train_step(X[batch], Y[batch], params, lr)
        - return params, np.array(losses)
        + return new_params, np.array(losses)
    """,
)

register(
    "fit",
    no_shuffle="""
        - order = rng.permutation(m)
        + order = np.arange(m)
    """,
    unpaired_shuffle="""
        - order = rng.permutation(m)
        + order, y_order = rng.permutation(m), rng.permutation(m)
        - grads = two_layer_backward(X_train[batch], one_hot(y_train[batch], k), params)
        + y_batch = y_train[y_order[start : start + batch_size]]
        + grads = two_layer_backward(X_train[batch], one_hot(y_batch, k), params)
    """,
    labels_not_one_hot="""
        - grads = two_layer_backward(X_train[batch], one_hot(y_train[batch], k), params)
        + grads = two_layer_backward(X_train[batch], y_train[batch].reshape(-1, 1), params)
    """,
    lr_divided_by_batch="""
        - params = {key: params[key] - lr * grads[key] for key in PARAMETER_NAMES}
        + params = {key: params[key] - lr / len(batch) * grads[key] for key in PARAMETER_NAMES}
    """,
    evaluates_on_training_data="""
        - val_accuracy.append(accuracy(logits_of(X_val, params), y_val))
        + val_accuracy.append(accuracy(logits_of(X_train, params), y_train))
    """,
)

register(
    "linear_layer",
    db_not_summed="""
        - db = dout.sum(axis=0)
        + db = dout
    """,
    db_mean="""
        - db = dout.sum(axis=0)
        + db = dout.mean(axis=0)
    """,
    dW_transposed="""
        - dW = X.T @ dout
        + dW = dout.T @ X
    """,
    dX_not_transposed="""
        - dX = dout @ W.T
        + dX = dout @ W
    """,
    caches_output="""
        - cache = (X, W)
        + cache = (out, W)
    """,
    state_outside_cache="""
        - cache = (X, W)
        + Linear.inputs = (X, W)
        + cache = None
        - X, W = cache
        + X, W = Linear.inputs
    """,
)

register(
    "relu_layer",
    mask_ge="""
        - dZ = dA * (Z > 0)
        + dZ = dA * (Z >= 0)
    """,
    output_mask_ge="""
        - return A, Z
        + return A, A
        - dZ = dA * (Z > 0)
        + dZ = dA * (Z >= 0)
    """,
    mask_of_upstream="""
        - dZ = dA * (Z > 0)
        + dZ = dA * (dA > 0)
    """,
    in_place=Slip(
        """
        - A = np.maximum(Z, 0.0)
        + Z[Z < 0] = 0.0
        + A = Z
        """,
        diagnosed_as="common.modifies_input",
    ),
)

register(
    "sigmoid_layer",
    caches_input="""
        - return A, A
        + return A, Z
    """,
    sigmoid_applied_twice="""
        - A = cache
        + A = 1.0 / (1.0 + np.exp(-cache))
    """,
    upstream_dropped="""
        - dZ = dA * A * (1.0 - A)
        + dZ = A * (1.0 - A)
    """,
)

register(
    "softmax_cross_entropy",
    no_batch_mean="""
        - loss = -np.sum(Y * log_probs) / m
        - dscores = (np.exp(log_probs) - Y) / m
        + loss = -np.sum(Y * log_probs)
        + dscores = np.exp(log_probs) - Y
    """,
    gradient_not_averaged="""
        - dscores = (np.exp(log_probs) - Y) / m
        + dscores = np.exp(log_probs) - Y
    """,
    no_max_shift="""
        - shifted = scores - scores.max(axis=1, keepdims=True)
        + shifted = scores
    """,
    gradient_sign="""
        - dscores = (np.exp(log_probs) - Y) / m
        + dscores = (Y - np.exp(log_probs)) / m
    """,
    normalised_over_batch="""
        - shifted = scores - scores.max(axis=1, keepdims=True)
        - log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        + shifted = scores - scores.max(axis=0, keepdims=True)
        + log_probs = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    """,
)

register(
    "model_forward",
    relu_on_scores="""
        - scores, linear_cache = Linear.forward(A, params[f"W{L}"], params[f"b{L}"])
        - caches.append(linear_cache)
        - return scores, caches
        + Z, linear_cache = Linear.forward(A, params[f"W{L}"], params[f"b{L}"])
        + scores, relu_cache = ReLU.forward(Z)
        + caches.append((linear_cache, relu_cache))
        + return scores, caches
    """,
    loop_stops_early="""
        - for layer in range(1, L):
        + for layer in range(1, L - 1):
    """,
    layers_counted_as_params="""
        - L = len(params) // 2
        + L = len(params)
    """,
    input_not_carried="""
        - Z, linear_cache = Linear.forward(A, params[f"W{layer}"], params[f"b{layer}"])
        + Z, linear_cache = Linear.forward(X, params[f"W{layer}"], params[f"b{layer}"])
    """,
    caches_reversed="""
        - return scores, caches
        + return scores, caches[::-1]
    """,
)

register(
    "model_backward",
    caches_in_forward_order="""
        - dA, grads[f"W{L}"], grads[f"b{L}"] = Linear.backward(dscores, caches[L - 1])
        + dA, grads[f"W{L}"], grads[f"b{L}"] = Linear.backward(dscores, caches[0])
        - linear_cache, relu_cache = caches[layer - 1]
        + linear_cache, relu_cache = caches[L - 1 - layer]
    """,
    cache_of_next_layer="""
        - linear_cache, relu_cache = caches[layer - 1]
        + linear_cache, relu_cache = caches[layer]
    """,
    first_layer_skipped="""
        - for layer in range(L - 1, 0, -1):
        + for layer in range(L - 1, 1, -1):
    """,
    relu_skipped="""
        - dZ = ReLU.backward(dA, relu_cache)
        + dZ = dA
    """,
    upstream_not_carried="""
        - dZ = ReLU.backward(dA, relu_cache)
        + dZ = ReLU.backward(dscores, relu_cache)
    """,
)
