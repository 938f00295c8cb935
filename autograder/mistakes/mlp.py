"""Mistakes students make in lesson 04: each is the reference with one slip, old line → new."""

from __future__ import annotations

from autograder.mistakes import Slip, register

register(
    "accuracy",
    argmax_without_axis="""
        - return float(np.mean(np.argmax(logits, axis=1) == labels))
        + return np.mean(np.argmax(logits) == labels)
    """,
    argmax_over_batch="""
        - return float(np.mean(np.argmax(logits, axis=1) == labels))
        + return np.mean(np.argmax(logits, axis=0) == labels)
    """,
    count_not_fraction="""
        - return float(np.mean(np.argmax(logits, axis=1) == labels))
        + return np.sum(np.argmax(logits, axis=1) == labels)
    """,
    max_not_argmax="""
        - return float(np.mean(np.argmax(logits, axis=1) == labels))
        + return np.mean(np.max(logits, axis=1) == labels)
    """,
)


register(
    "train_step",
    sign="""
        - # One forward pass and one exponential serve both the loss and the gradients; the numbers
        - # are those of cross_entropy and two_layer_backward, operation for operation.
        - m = X.shape[0]
        - W1, b1, W2, b2 = (params[key] for key in PARAMETER_NAMES)
        - A1 = sigmoid(X @ W1 + b1)
        - Z2 = A1 @ W2 + b2
        - shifted = Z2 - Z2.max(axis=1, keepdims=True)
        - E = np.exp(shifted)
        - total = E.sum(axis=1, keepdims=True)
        - loss = float(-np.sum(Y * (shifted - np.log(total))) / m)
        - delta2 = (E / total - Y) / m
        - delta1 = (delta2 @ W2.T) * A1 * (1.0 - A1)
        - grads = (X.T @ delta1, delta1.sum(axis=0), A1.T @ delta2, delta2.sum(axis=0))
        - new = {
        - key: p - lr * g for key, p, g in zip(PARAMETER_NAMES, (W1, b1, W2, b2), grads, strict=True)
        - }
        - return new, loss
        + grads = two_layer_backward(X, Y, params)
        + loss = two_layer_loss(X, Y, params)
        + return {key: value + lr * grads[key] for key, value in params.items()}, loss
    """,
    loss_after_update="""
        - # One forward pass and one exponential serve both the loss and the gradients; the numbers
        - # are those of cross_entropy and two_layer_backward, operation for operation.
        - m = X.shape[0]
        - W1, b1, W2, b2 = (params[key] for key in PARAMETER_NAMES)
        - A1 = sigmoid(X @ W1 + b1)
        - Z2 = A1 @ W2 + b2
        - shifted = Z2 - Z2.max(axis=1, keepdims=True)
        - E = np.exp(shifted)
        - total = E.sum(axis=1, keepdims=True)
        - loss = float(-np.sum(Y * (shifted - np.log(total))) / m)
        - delta2 = (E / total - Y) / m
        - delta1 = (delta2 @ W2.T) * A1 * (1.0 - A1)
        - grads = (X.T @ delta1, delta1.sum(axis=0), A1.T @ delta2, delta2.sum(axis=0))
        - new = {
        - key: p - lr * g for key, p, g in zip(PARAMETER_NAMES, (W1, b1, W2, b2), grads, strict=True)
        - }
        - return new, loss
        + grads = two_layer_backward(X, Y, params)
        + new_params = {key: value - lr * grads[key] for key, value in params.items()}
        + return new_params, two_layer_loss(X, Y, new_params)
    """,
    bias_not_updated="""
        - # One forward pass and one exponential serve both the loss and the gradients; the numbers
        - # are those of cross_entropy and two_layer_backward, operation for operation.
        - m = X.shape[0]
        - W1, b1, W2, b2 = (params[key] for key in PARAMETER_NAMES)
        - A1 = sigmoid(X @ W1 + b1)
        - Z2 = A1 @ W2 + b2
        - shifted = Z2 - Z2.max(axis=1, keepdims=True)
        - E = np.exp(shifted)
        - total = E.sum(axis=1, keepdims=True)
        - loss = float(-np.sum(Y * (shifted - np.log(total))) / m)
        - delta2 = (E / total - Y) / m
        - delta1 = (delta2 @ W2.T) * A1 * (1.0 - A1)
        - grads = (X.T @ delta1, delta1.sum(axis=0), A1.T @ delta2, delta2.sum(axis=0))
        - new = {
        - key: p - lr * g for key, p, g in zip(PARAMETER_NAMES, (W1, b1, W2, b2), grads, strict=True)
        - }
        - return new, loss
        + grads = two_layer_backward(X, Y, params)
        + loss = two_layer_loss(X, Y, params)
        + new_params = dict(params)
        + new_params["W1"] = params["W1"] - lr * grads["W1"]
        + new_params["W2"] = params["W2"] - lr * grads["W2"]
        + return new_params, loss
    """,
    lr_divided_by_batch="""
        - # One forward pass and one exponential serve both the loss and the gradients; the numbers
        - # are those of cross_entropy and two_layer_backward, operation for operation.
        - m = X.shape[0]
        - W1, b1, W2, b2 = (params[key] for key in PARAMETER_NAMES)
        - A1 = sigmoid(X @ W1 + b1)
        - Z2 = A1 @ W2 + b2
        - shifted = Z2 - Z2.max(axis=1, keepdims=True)
        - E = np.exp(shifted)
        - total = E.sum(axis=1, keepdims=True)
        - loss = float(-np.sum(Y * (shifted - np.log(total))) / m)
        - delta2 = (E / total - Y) / m
        - delta1 = (delta2 @ W2.T) * A1 * (1.0 - A1)
        - grads = (X.T @ delta1, delta1.sum(axis=0), A1.T @ delta2, delta2.sum(axis=0))
        - new = {
        - key: p - lr * g for key, p, g in zip(PARAMETER_NAMES, (W1, b1, W2, b2), grads, strict=True)
        - }
        - return new, loss
        + grads = two_layer_backward(X, Y, params)
        + loss = two_layer_loss(X, Y, params)
        + step = lr / X.shape[0]
        + return {key: value - step * grads[key] for key, value in params.items()}, loss
    """,
    in_place=Slip(
        """
        - # One forward pass and one exponential serve both the loss and the gradients; the numbers
        - # are those of cross_entropy and two_layer_backward, operation for operation.
        - m = X.shape[0]
        - W1, b1, W2, b2 = (params[key] for key in PARAMETER_NAMES)
        - A1 = sigmoid(X @ W1 + b1)
        - Z2 = A1 @ W2 + b2
        - shifted = Z2 - Z2.max(axis=1, keepdims=True)
        - E = np.exp(shifted)
        - total = E.sum(axis=1, keepdims=True)
        - loss = float(-np.sum(Y * (shifted - np.log(total))) / m)
        - delta2 = (E / total - Y) / m
        - delta1 = (delta2 @ W2.T) * A1 * (1.0 - A1)
        - grads = (X.T @ delta1, delta1.sum(axis=0), A1.T @ delta2, delta2.sum(axis=0))
        - new = {
        - key: p - lr * g for key, p, g in zip(PARAMETER_NAMES, (W1, b1, W2, b2), grads, strict=True)
        - }
        - return new, loss
        + grads = two_layer_backward(X, Y, params)
        + loss = two_layer_loss(X, Y, params)
        + for key in params:
        +     params[key] -= lr * grads[key]
        + return params, loss
    """,
        diagnosed_as="common.modifies_input",
    ),
)


register(
    "train",
    no_shuffle="""
        - batch = order[start : start + batch_size]
        + Xb, Yb = X[start : start + batch_size], Y[start : start + batch_size]
        - params, loss = train_step(X[batch], Y[batch], params, lr)
        + params, loss = train_step(Xb, Yb, params, lr)
    """,
    shuffle_once="""
        - m = X.shape[0]
        + m = X.shape[0]
        + order = rng.permutation(m)
        - order = rng.permutation(m)
    """,
    unpaired_shuffle="""
        - order = rng.permutation(m)
        + X_shuffled, Y_shuffled = X[rng.permutation(m)], Y[rng.permutation(m)]
        - batch = order[start : start + batch_size]
        + Xb, Yb = X_shuffled[start : start + batch_size], Y_shuffled[start : start + batch_size]
        - params, loss = train_step(X[batch], Y[batch], params, lr)
        + params, loss = train_step(Xb, Yb, params, lr)
    """,
    drops_last_batch="""
        - for start in range(0, m, batch_size):
        + for i in range(m // batch_size):
        - batch = order[start : start + batch_size]
        + batch = order[i * batch_size : (i + 1) * batch_size]
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
        - batch = order[start : start + batch_size]
        - grads = two_layer_backward(X_train[batch], one_hot(y_train[batch], k), params)
        - params = {key: params[key] - lr * grads[key] for key in PARAMETER_NAMES}
        + Xb = X_train[start : start + batch_size]
        + Yb = one_hot(y_train[start : start + batch_size], k)
        + grads = two_layer_backward(Xb, Yb, params)
        + params = {key: value - lr * grads[key] for key, value in params.items()}
    """,
    unpaired_shuffle="""
        - order = rng.permutation(m)
        + X_shuffled = X_train[rng.permutation(m)]
        + y_shuffled = y_train[rng.permutation(m)]
        - batch = order[start : start + batch_size]
        - grads = two_layer_backward(X_train[batch], one_hot(y_train[batch], k), params)
        - params = {key: params[key] - lr * grads[key] for key in PARAMETER_NAMES}
        + Xb = X_shuffled[start : start + batch_size]
        + Yb = one_hot(y_shuffled[start : start + batch_size], k)
        + grads = two_layer_backward(Xb, Yb, params)
        + params = {key: value - lr * grads[key] for key, value in params.items()}
    """,
    labels_not_one_hot="""
        - grads = two_layer_backward(X_train[batch], one_hot(y_train[batch], k), params)
        - params = {key: params[key] - lr * grads[key] for key in PARAMETER_NAMES}
        + Yb = y_train[batch].reshape(-1, 1)
        + grads = two_layer_backward(X_train[batch], Yb, params)
        + params = {key: value - lr * grads[key] for key, value in params.items()}
    """,
    lr_divided_by_batch="""
        - params = {key: params[key] - lr * grads[key] for key in PARAMETER_NAMES}
        + step = lr / len(batch)
        + params = {key: value - step * grads[key] for key, value in params.items()}
    """,
    evaluates_on_training_data="""
        - val_accuracy.append(accuracy(logits_of(X_val, params), y_val))
        + val_accuracy.append(accuracy(logits_of(X_train, params), y_train))
    """,
)
