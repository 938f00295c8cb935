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
