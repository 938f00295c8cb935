"""Mistakes students make in lesson 08. Each function differs from a correct answer by one slip
and uses only what the notebook defines (np)."""

from __future__ import annotations

import numpy as np

from autograder.mistakes import mistake

# ------------------------------------------------------------ classify_critical_point


@mistake("classify_critical_point", "determinant_test")
def classify_critical_point_determinant_test(grad, w, eps, tol):
    n = len(w)
    H = np.zeros((n, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = eps
        H[:, j] = (grad(w + e) - grad(w - e)) / (2 * eps)
    H = (H + H.T) / 2
    lam = np.linalg.eigvalsh(H)
    det = np.linalg.det(H)
    if det < -tol:
        return lam, "saddle"
    if det > tol and H[0, 0] > 0:
        return lam, "minimum"
    if det > tol and H[0, 0] < 0:
        return lam, "maximum"
    return lam, "degenerate"


@mistake("classify_critical_point", "diagonal_signs")
def classify_critical_point_diagonal_signs(grad, w, eps, tol):
    n = len(w)
    H = np.zeros((n, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = eps
        H[:, j] = (grad(w + e) - grad(w - e)) / (2 * eps)
    H = (H + H.T) / 2
    lam = np.linalg.eigvalsh(H)
    d = np.diag(H)
    if d.min() < -tol and d.max() > tol:
        return lam, "saddle"
    if d.min() > tol:
        return lam, "minimum"
    if d.max() < -tol:
        return lam, "maximum"
    return lam, "degenerate"


@mistake("classify_critical_point", "no_tolerance")
def classify_critical_point_no_tolerance(grad, w, eps, tol):
    n = len(w)
    H = np.zeros((n, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = eps
        H[:, j] = (grad(w + e) - grad(w - e)) / (2 * eps)
    H = (H + H.T) / 2
    lam = np.linalg.eigvalsh(H)
    if lam[0] < 0 and lam[-1] > 0:
        return lam, "saddle"
    if lam[0] > 0:
        return lam, "minimum"
    if lam[-1] < 0:
        return lam, "maximum"
    return lam, "degenerate"


@mistake("classify_critical_point", "zero_before_signs")
def classify_critical_point_zero_before_signs(grad, w, eps, tol):
    n = len(w)
    H = np.zeros((n, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = eps
        H[:, j] = (grad(w + e) - grad(w - e)) / (2 * eps)
    H = (H + H.T) / 2
    lam = np.linalg.eigvalsh(H)
    if np.any(np.abs(lam) <= tol):
        return lam, "degenerate"
    if lam[0] > tol:
        return lam, "minimum"
    if lam[-1] < -tol:
        return lam, "maximum"
    return lam, "saddle"


@mistake("classify_critical_point", "one_sided")
def classify_critical_point_one_sided(grad, w, eps, tol):
    n = len(w)
    H = np.zeros((n, n))
    g0 = grad(w)
    for j in range(n):
        e = np.zeros(n)
        e[j] = eps
        H[:, j] = (grad(w + e) - g0) / eps
    H = (H + H.T) / 2
    lam = np.linalg.eigvalsh(H)
    if lam[0] < -tol and lam[-1] > tol:
        return lam, "saddle"
    if lam[0] > tol:
        return lam, "minimum"
    if lam[-1] < -tol:
        return lam, "maximum"
    return lam, "degenerate"


@mistake("classify_critical_point", "not_symmetrised")
def classify_critical_point_not_symmetrised(grad, w, eps, tol):
    n = len(w)
    H = np.zeros((n, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = eps
        H[:, j] = (grad(w + e) - grad(w - e)) / (2 * eps)
    lam = np.linalg.eigvalsh(H)
    if lam[0] < -tol and lam[-1] > tol:
        return lam, "saddle"
    if lam[0] > tol:
        return lam, "minimum"
    if lam[-1] < -tol:
        return lam, "maximum"
    return lam, "degenerate"


@mistake("classify_critical_point", "unsorted_eigenvalues")
def classify_critical_point_unsorted_eigenvalues(grad, w, eps, tol):
    n = len(w)
    H = np.zeros((n, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = eps
        H[:, j] = (grad(w + e) - grad(w - e)) / (2 * eps)
    H = (H + H.T) / 2
    lam = np.linalg.eigvals(H).real
    if lam.min() < -tol and lam.max() > tol:
        return lam, "saddle"
    if lam.min() > tol:
        return lam, "minimum"
    if lam.max() < -tol:
        return lam, "maximum"
    return lam, "degenerate"


# ------------------------------------------------------------ weight_penalty


@mistake("weight_penalty", "penalises_bias")
def weight_penalty_penalises_bias(params, l1, l2):
    value = 0.0
    grads = {}
    for key, p in params.items():
        value += l1 * np.sum(np.abs(p)) + l2 / 2 * np.sum(p**2)
        grads[key] = l1 * np.sign(p) + l2 * p
    return value, grads


@mistake("weight_penalty", "l2_value_without_half")
def weight_penalty_l2_value_without_half(params, l1, l2):
    value = 0.0
    grads = {}
    for key, p in params.items():
        if key.startswith("W"):
            value += l1 * np.sum(np.abs(p)) + l2 * np.sum(p**2)
            grads[key] = l1 * np.sign(p) + l2 * p
        else:
            grads[key] = np.zeros_like(p)
    return value, grads


@mistake("weight_penalty", "l2_gradient_doubled")
def weight_penalty_l2_gradient_doubled(params, l1, l2):
    value = 0.0
    grads = {}
    for key, p in params.items():
        if key.startswith("W"):
            value += l1 * np.sum(np.abs(p)) + l2 / 2 * np.sum(p**2)
            grads[key] = l1 * np.sign(p) + 2 * l2 * p
        else:
            grads[key] = np.zeros_like(p)
    return value, grads


@mistake("weight_penalty", "l1_sign_zero_positive")
def weight_penalty_l1_sign_zero_positive(params, l1, l2):
    value = 0.0
    grads = {}
    for key, p in params.items():
        if key.startswith("W"):
            value += l1 * np.sum(np.abs(p)) + l2 / 2 * np.sum(p**2)
            grads[key] = l1 * np.where(p >= 0, 1.0, -1.0) + l2 * p
        else:
            grads[key] = np.zeros_like(p)
    return value, grads


@mistake("weight_penalty", "l1_divides_by_abs")
def weight_penalty_l1_divides_by_abs(params, l1, l2):
    value = 0.0
    grads = {}
    for key, p in params.items():
        if key.startswith("W"):
            value += l1 * np.sum(np.abs(p)) + l2 / 2 * np.sum(p**2)
            grads[key] = l1 * p / np.abs(p) + l2 * p
        else:
            grads[key] = np.zeros_like(p)
    return value, grads


@mistake("weight_penalty", "l1_without_abs")
def weight_penalty_l1_without_abs(params, l1, l2):
    value = 0.0
    grads = {}
    for key, p in params.items():
        if key.startswith("W"):
            value += l1 * np.sum(p) + l2 / 2 * np.sum(p**2)
            grads[key] = l1 * np.sign(p) + l2 * p
        else:
            grads[key] = np.zeros_like(p)
    return value, grads


@mistake("weight_penalty", "bias_gradient_missing")
def weight_penalty_bias_gradient_missing(params, l1, l2):
    value = 0.0
    grads = {}
    for key, p in params.items():
        if key.startswith("W"):
            value += l1 * np.sum(np.abs(p)) + l2 / 2 * np.sum(p**2)
            grads[key] = l1 * np.sign(p) + l2 * p
    return value, grads


# ------------------------------------------------------------ early_stopping


@mistake("early_stopping", "stops_on_training_loss")
def early_stopping_stops_on_training_loss(params, step, val_loss, patience, max_epochs):
    best_params, best_loss, best_epoch = params, np.inf, 0
    history = []
    waited = 0
    for epoch in range(1, max_epochs + 1):
        params, train_loss = step(params)
        history.append((train_loss, val_loss(params)))
        if train_loss < best_loss:
            best_params, best_loss, best_epoch = params, train_loss, epoch
            waited = 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best_params, best_epoch, history


@mistake("early_stopping", "best_not_restored")
def early_stopping_best_not_restored(params, step, val_loss, patience, max_epochs):
    best_loss, best_epoch = val_loss(params), 0
    history = []
    waited = 0
    for epoch in range(1, max_epochs + 1):
        params, train_loss = step(params)
        loss = val_loss(params)
        history.append((train_loss, loss))
        if loss < best_loss:
            best_loss, best_epoch = loss, epoch
            waited = 0
        else:
            waited += 1
            if waited >= patience:
                break
    return params, best_epoch, history


@mistake("early_stopping", "counter_not_reset")
def early_stopping_counter_not_reset(params, step, val_loss, patience, max_epochs):
    best_params, best_loss, best_epoch = params, val_loss(params), 0
    history = []
    waited = 0
    for epoch in range(1, max_epochs + 1):
        params, train_loss = step(params)
        loss = val_loss(params)
        history.append((train_loss, loss))
        if loss < best_loss:
            best_params, best_loss, best_epoch = params, loss, epoch
        else:
            waited += 1
            if waited >= patience:
                break
    return best_params, best_epoch, history


@mistake("early_stopping", "patience_off_by_one")
def early_stopping_patience_off_by_one(params, step, val_loss, patience, max_epochs):
    best_params, best_loss, best_epoch = params, val_loss(params), 0
    history = []
    waited = 0
    for epoch in range(1, max_epochs + 1):
        params, train_loss = step(params)
        loss = val_loss(params)
        history.append((train_loss, loss))
        if loss < best_loss:
            best_params, best_loss, best_epoch = params, loss, epoch
            waited = 0
        else:
            waited += 1
            if waited > patience:
                break
    return best_params, best_epoch, history


@mistake("early_stopping", "start_not_a_candidate")
def early_stopping_start_not_a_candidate(params, step, val_loss, patience, max_epochs):
    best_params, best_loss, best_epoch = params, np.inf, 0
    history = []
    waited = 0
    for epoch in range(1, max_epochs + 1):
        params, train_loss = step(params)
        loss = val_loss(params)
        history.append((train_loss, loss))
        if loss < best_loss:
            best_params, best_loss, best_epoch = params, loss, epoch
            waited = 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best_params, best_epoch, history


@mistake("early_stopping", "ties_count_as_improvement")
def early_stopping_ties_count_as_improvement(params, step, val_loss, patience, max_epochs):
    best_params, best_loss, best_epoch = params, val_loss(params), 0
    history = []
    waited = 0
    for epoch in range(1, max_epochs + 1):
        params, train_loss = step(params)
        loss = val_loss(params)
        history.append((train_loss, loss))
        if loss <= best_loss:
            best_params, best_loss, best_epoch = params, loss, epoch
            waited = 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best_params, best_epoch, history
