"""Mistakes students make in lesson 04. Each function differs from a correct answer by one slip
and uses only what the notebook defines (np, two_layer_backward, two_layer_loss, logits_of,
one_hot, train_step, accuracy); grading swaps those helpers for the reference."""

from __future__ import annotations

import numpy as np

from autograder.mistakes import mistake
from autograder.reference.mlp import (
    accuracy,
    logits_of,
    one_hot,
    train_step,
    two_layer_backward,
    two_layer_loss,
)

# -------------------------------------------------------------------- accuracy


@mistake("accuracy", "argmax_without_axis")
def accuracy_argmax_without_axis(logits, labels):
    return np.mean(np.argmax(logits) == labels)


@mistake("accuracy", "argmax_over_batch")
def accuracy_argmax_over_batch(logits, labels):
    return np.mean(np.argmax(logits, axis=0) == labels)


@mistake("accuracy", "count_not_fraction")
def accuracy_count_not_fraction(logits, labels):
    return np.sum(np.argmax(logits, axis=1) == labels)


@mistake("accuracy", "max_not_argmax")
def accuracy_max_not_argmax(logits, labels):
    return np.mean(np.max(logits, axis=1) == labels)


# ------------------------------------------------------------------ train_step


@mistake("train_step", "sign")
def train_step_sign(X, Y, params, lr):
    grads = two_layer_backward(X, Y, params)
    loss = two_layer_loss(X, Y, params)
    return {key: value + lr * grads[key] for key, value in params.items()}, loss


@mistake("train_step", "loss_after_update")
def train_step_loss_after_update(X, Y, params, lr):
    grads = two_layer_backward(X, Y, params)
    new_params = {key: value - lr * grads[key] for key, value in params.items()}
    return new_params, two_layer_loss(X, Y, new_params)


@mistake("train_step", "bias_not_updated")
def train_step_bias_not_updated(X, Y, params, lr):
    grads = two_layer_backward(X, Y, params)
    loss = two_layer_loss(X, Y, params)
    new_params = dict(params)
    new_params["W1"] = params["W1"] - lr * grads["W1"]
    new_params["W2"] = params["W2"] - lr * grads["W2"]
    return new_params, loss


@mistake("train_step", "lr_divided_by_batch")
def train_step_lr_divided_by_batch(X, Y, params, lr):
    grads = two_layer_backward(X, Y, params)
    loss = two_layer_loss(X, Y, params)
    step = lr / X.shape[0]
    return {key: value - step * grads[key] for key, value in params.items()}, loss


@mistake("train_step", "in_place", diagnosed_as="common.modifies_input")
def train_step_in_place(X, Y, params, lr):
    grads = two_layer_backward(X, Y, params)
    loss = two_layer_loss(X, Y, params)
    for key in params:
        params[key] -= lr * grads[key]
    return params, loss


# ----------------------------------------------------------------------- train


@mistake("train", "no_shuffle")
def train_no_shuffle(X, Y, params, lr, batch_size, n_epochs, rng):
    m = X.shape[0]
    losses = []
    for _ in range(n_epochs):
        for start in range(0, m, batch_size):
            Xb, Yb = X[start : start + batch_size], Y[start : start + batch_size]
            params, loss = train_step(Xb, Yb, params, lr)
            losses.append(loss)
    return params, np.array(losses)


@mistake("train", "shuffle_once")
def train_shuffle_once(X, Y, params, lr, batch_size, n_epochs, rng):
    m = X.shape[0]
    order = rng.permutation(m)
    losses = []
    for _ in range(n_epochs):
        for start in range(0, m, batch_size):
            batch = order[start : start + batch_size]
            params, loss = train_step(X[batch], Y[batch], params, lr)
            losses.append(loss)
    return params, np.array(losses)


@mistake("train", "unpaired_shuffle")
def train_unpaired_shuffle(X, Y, params, lr, batch_size, n_epochs, rng):
    m = X.shape[0]
    losses = []
    for _ in range(n_epochs):
        X_shuffled, Y_shuffled = X[rng.permutation(m)], Y[rng.permutation(m)]
        for start in range(0, m, batch_size):
            Xb, Yb = X_shuffled[start : start + batch_size], Y_shuffled[start : start + batch_size]
            params, loss = train_step(Xb, Yb, params, lr)
            losses.append(loss)
    return params, np.array(losses)


@mistake("train", "drops_last_batch")
def train_drops_last_batch(X, Y, params, lr, batch_size, n_epochs, rng):
    m = X.shape[0]
    losses = []
    for _ in range(n_epochs):
        order = rng.permutation(m)
        for i in range(m // batch_size):
            batch = order[i * batch_size : (i + 1) * batch_size]
            params, loss = train_step(X[batch], Y[batch], params, lr)
            losses.append(loss)
    return params, np.array(losses)


@mistake("train", "lr_divided_by_batch")
def train_lr_divided_by_batch(X, Y, params, lr, batch_size, n_epochs, rng):
    m = X.shape[0]
    losses = []
    for _ in range(n_epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start : start + batch_size]
            params, loss = train_step(X[batch], Y[batch], params, lr / len(batch))
            losses.append(loss)
    return params, np.array(losses)


@mistake("train", "params_not_carried")
def train_params_not_carried(X, Y, params, lr, batch_size, n_epochs, rng):
    m = X.shape[0]
    losses = []
    for _ in range(n_epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start : start + batch_size]
            new_params, loss = train_step(X[batch], Y[batch], params, lr)
            losses.append(loss)
    return new_params, np.array(losses)


# ------------------------------------------------------------------------- fit
# The debugging exercise: each mutant is the repaired function with one of the bugs left in
# (or, for no_shuffle, the tempting wrong repair of the unpaired shuffle).


@mistake("fit", "no_shuffle")
def fit_no_shuffle(X_train, y_train, X_val, y_val, params, lr, batch_size, n_epochs, rng):
    k = params["W2"].shape[1]
    m = X_train.shape[0]
    val_accuracy = []
    for _ in range(n_epochs):
        for start in range(0, m, batch_size):
            Xb = X_train[start : start + batch_size]
            Yb = one_hot(y_train[start : start + batch_size], k)
            grads = two_layer_backward(Xb, Yb, params)
            params = {key: value - lr * grads[key] for key, value in params.items()}
        val_accuracy.append(accuracy(logits_of(X_val, params), y_val))
    return params, np.array(val_accuracy)


@mistake("fit", "unpaired_shuffle")
def fit_unpaired_shuffle(X_train, y_train, X_val, y_val, params, lr, batch_size, n_epochs, rng):
    k = params["W2"].shape[1]
    m = X_train.shape[0]
    val_accuracy = []
    for _ in range(n_epochs):
        X_shuffled = X_train[rng.permutation(m)]
        y_shuffled = y_train[rng.permutation(m)]
        for start in range(0, m, batch_size):
            Xb = X_shuffled[start : start + batch_size]
            Yb = one_hot(y_shuffled[start : start + batch_size], k)
            grads = two_layer_backward(Xb, Yb, params)
            params = {key: value - lr * grads[key] for key, value in params.items()}
        val_accuracy.append(accuracy(logits_of(X_val, params), y_val))
    return params, np.array(val_accuracy)


@mistake("fit", "labels_not_one_hot")
def fit_labels_not_one_hot(X_train, y_train, X_val, y_val, params, lr, batch_size, n_epochs, rng):
    m = X_train.shape[0]
    val_accuracy = []
    for _ in range(n_epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start : start + batch_size]
            Yb = y_train[batch].reshape(-1, 1)
            grads = two_layer_backward(X_train[batch], Yb, params)
            params = {key: value - lr * grads[key] for key, value in params.items()}
        val_accuracy.append(accuracy(logits_of(X_val, params), y_val))
    return params, np.array(val_accuracy)


@mistake("fit", "lr_divided_by_batch")
def fit_lr_divided_by_batch(X_train, y_train, X_val, y_val, params, lr, batch_size, n_epochs, rng):
    k = params["W2"].shape[1]
    m = X_train.shape[0]
    val_accuracy = []
    for _ in range(n_epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start : start + batch_size]
            grads = two_layer_backward(X_train[batch], one_hot(y_train[batch], k), params)
            step = lr / len(batch)
            params = {key: value - step * grads[key] for key, value in params.items()}
        val_accuracy.append(accuracy(logits_of(X_val, params), y_val))
    return params, np.array(val_accuracy)


@mistake("fit", "evaluates_on_training_data")
def fit_evaluates_on_training_data(
    X_train, y_train, X_val, y_val, params, lr, batch_size, n_epochs, rng
):
    k = params["W2"].shape[1]
    m = X_train.shape[0]
    val_accuracy = []
    for _ in range(n_epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start : start + batch_size]
            grads = two_layer_backward(X_train[batch], one_hot(y_train[batch], k), params)
            params = {key: value - lr * grads[key] for key, value in params.items()}
        val_accuracy.append(accuracy(logits_of(X_train, params), y_train))
    return params, np.array(val_accuracy)
