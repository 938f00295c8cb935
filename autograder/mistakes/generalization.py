"""Mistakes students make in lesson 08, each a slip of the reference (a diff of its lines).

The answer for ``classify_critical_point`` holds the reference's helpers ``hessian`` and
``kind_of`` too, so several of its slips are in them."""

from __future__ import annotations

from autograder.mistakes import register

register(
    "classify_critical_point",
    determinant_test="""
        - eigenvalues = np.linalg.eigvalsh(hessian(grad, w, eps))
        - return eigenvalues, kind_of(eigenvalues, tol)
        + H = hessian(grad, w, eps)
        + eigenvalues, det = np.linalg.eigvalsh(H), np.linalg.det(H)
        + if det < -tol:
        +     return eigenvalues, "saddle"
        + if det > tol:
        +     return eigenvalues, "minimum" if H[0, 0] > 0 else "maximum"
        + return eigenvalues, "degenerate"
    """,
    diagonal_signs="""
        - eigenvalues = np.linalg.eigvalsh(hessian(grad, w, eps))
        - return eigenvalues, kind_of(eigenvalues, tol)
        + H = hessian(grad, w, eps)
        + eigenvalues = np.linalg.eigvalsh(H)
        + return eigenvalues, kind_of(np.diag(H), tol)
    """,
    no_tolerance="""
        - return eigenvalues, kind_of(eigenvalues, tol)
        + return eigenvalues, kind_of(eigenvalues, 0.0)
    """,
    zero_before_signs="""
        - if eigenvalues.min() < -tol and eigenvalues.max() > tol:
        -     return "saddle"
        + if np.any(np.abs(eigenvalues) <= tol):
        +     return "degenerate"
        - return "degenerate"
        + return "saddle"
    """,
    one_sided="""
        - H[:, j] = (np.asarray(grad(w + step)) - np.asarray(grad(w - step))) / (2.0 * eps)
        + H[:, j] = (np.asarray(grad(w + step)) - np.asarray(grad(w))) / eps
    """,
    not_symmetrised="""
        - return (H + H.T) / 2.0
        + return H
    """,
    unsorted_eigenvalues="""
        - eigenvalues = np.linalg.eigvalsh(hessian(grad, w, eps))
        + eigenvalues = np.linalg.eigvals(hessian(grad, w, eps)).real
    """,
)

register(
    "weight_penalty",
    penalises_bias="""
        - if is_weight(key):
        -     value += l1 * float(np.sum(np.abs(p))) + 0.5 * l2 * float(np.sum(p**2))
        -     grads[key] = l1 * np.sign(p) + l2 * p
        - else:
        -     grads[key] = np.zeros_like(p)
        + value += l1 * float(np.sum(np.abs(p))) + 0.5 * l2 * float(np.sum(p**2))
        + grads[key] = l1 * np.sign(p) + l2 * p
    """,
    l2_value_without_half="""
        - value += l1 * float(np.sum(np.abs(p))) + 0.5 * l2 * float(np.sum(p**2))
        + value += l1 * float(np.sum(np.abs(p))) + l2 * float(np.sum(p**2))
    """,
    l2_gradient_doubled="""
        - grads[key] = l1 * np.sign(p) + l2 * p
        + grads[key] = l1 * np.sign(p) + 2 * l2 * p
    """,
    l1_sign_zero_positive="""
        - grads[key] = l1 * np.sign(p) + l2 * p
        + grads[key] = l1 * np.where(p >= 0, 1.0, -1.0) + l2 * p
    """,
    l1_divides_by_abs="""
        - grads[key] = l1 * np.sign(p) + l2 * p
        + grads[key] = l1 * p / np.abs(p) + l2 * p
    """,
    l1_without_abs="""
        - value += l1 * float(np.sum(np.abs(p))) + 0.5 * l2 * float(np.sum(p**2))
        + value += l1 * float(np.sum(p)) + 0.5 * l2 * float(np.sum(p**2))
    """,
    bias_gradient_missing="""
        - else:
        -     grads[key] = np.zeros_like(p)
    """,
)

register(
    "early_stopping",
    stops_on_training_loss="""
        - best_params, best_loss, best_epoch = params, val_loss(params), 0
        + best_params, best_loss, best_epoch = params, np.inf, 0
        - if loss < best_loss:
        -     best_params, best_loss, best_epoch = params, loss, epoch
        + if train_loss < best_loss:
        +     best_params, best_loss, best_epoch = params, train_loss, epoch
    """,
    best_not_restored="""
        - return best_params, best_epoch, history
        + return params, best_epoch, history
    """,
    counter_not_reset="""
        - best_params, best_loss, best_epoch = params, loss, epoch
        - waited = 0
        + best_params, best_loss, best_epoch = params, loss, epoch
    """,
    patience_off_by_one="""
        - if waited >= patience:
        + if waited > patience:
    """,
    start_not_a_candidate="""
        - best_params, best_loss, best_epoch = params, val_loss(params), 0
        + best_params, best_loss, best_epoch = params, np.inf, 0
    """,
    ties_count_as_improvement="""
        - if loss < best_loss:
        + if loss <= best_loss:
    """,
)

register(
    "dropout_forward",
    not_scaled="""
        - scale = 1.0 / (1.0 - p)
        + scale = 1.0
    """,
    scaled_by_keep_probability="""
        - scale = 1.0 / (1.0 - p)
        + scale = 1.0 - p
    """,
    scaled_by_drop_probability="""
        - scale = 1.0 / (1.0 - p)
        + scale = 1.0 / p
    """,
    keeps_with_drop_probability="""
        - mask = rng.random(x.shape) >= p
        + mask = rng.random(x.shape) < p
    """,
    keeps_small_numbers="""
        - mask = rng.random(x.shape) >= p
        + mask = rng.random(x.shape) < 1.0 - p
    """,
    strict_comparison="""
        - mask = rng.random(x.shape) >= p
        + mask = rng.random(x.shape) > p
    """,
    binomial_mask="""
        - mask = rng.random(x.shape) >= p
        + mask = rng.binomial(1, 1.0 - p, size=x.shape).astype(bool)
    """,
    dropped_in_evaluation="""
        - if not training:
        -     return x, (np.ones(x.shape, dtype=bool), 1.0)
    """,
    scaled_in_evaluation="""
        - return x, (np.ones(x.shape, dtype=bool), 1.0)
        + return x * (1.0 - p), (np.ones(x.shape, dtype=bool), 1.0 - p)
    """,
    draws_in_evaluation="""
        - if not training:
        -     return x, (np.ones(x.shape, dtype=bool), 1.0)
        - mask = rng.random(x.shape) >= p
        + mask = rng.random(x.shape) >= p
        + if not training:
        +     return x, (np.ones(x.shape, dtype=bool), 1.0)
    """,
)

register(
    "dropout_backward",
    mask_not_applied="""
        - return dout * mask * scale
        + return dout * scale
    """,
    not_scaled="""
        - return dout * mask * scale
        + return dout * mask
    """,
    divided_by_scale="""
        - return dout * mask * scale
        + return dout * mask / scale
    """,
)
