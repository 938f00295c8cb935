"""Mistakes students make in lesson 08: each is the reference with one slip, old line → new."""

from __future__ import annotations

from autograder.mistakes import register

register(
    "classify_critical_point",
    determinant_test="""
        - eigenvalues = np.linalg.eigvalsh(hessian(grad, w, eps))
        - return eigenvalues, kind_of(eigenvalues, tol)
        + n = len(w)
        + H = np.zeros((n, n))
        + for j in range(n):
        +     e = np.zeros(n)
        +     e[j] = eps
        +     H[:, j] = (grad(w + e) - grad(w - e)) / (2 * eps)
        + H = (H + H.T) / 2
        + lam = np.linalg.eigvalsh(H)
        + det = np.linalg.det(H)
        + if det < -tol:
        +     return lam, "saddle"
        + if det > tol and H[0, 0] > 0:
        +     return lam, "minimum"
        + if det > tol and H[0, 0] < 0:
        +     return lam, "maximum"
        + return lam, "degenerate"
    """,
    diagonal_signs="""
        - eigenvalues = np.linalg.eigvalsh(hessian(grad, w, eps))
        - return eigenvalues, kind_of(eigenvalues, tol)
        + n = len(w)
        + H = np.zeros((n, n))
        + for j in range(n):
        +     e = np.zeros(n)
        +     e[j] = eps
        +     H[:, j] = (grad(w + e) - grad(w - e)) / (2 * eps)
        + H = (H + H.T) / 2
        + lam = np.linalg.eigvalsh(H)
        + d = np.diag(H)
        + if d.min() < -tol and d.max() > tol:
        +     return lam, "saddle"
        + if d.min() > tol:
        +     return lam, "minimum"
        + if d.max() < -tol:
        +     return lam, "maximum"
        + return lam, "degenerate"
    """,
    no_tolerance="""
        - eigenvalues = np.linalg.eigvalsh(hessian(grad, w, eps))
        - return eigenvalues, kind_of(eigenvalues, tol)
        + n = len(w)
        + H = np.zeros((n, n))
        + for j in range(n):
        +     e = np.zeros(n)
        +     e[j] = eps
        +     H[:, j] = (grad(w + e) - grad(w - e)) / (2 * eps)
        + H = (H + H.T) / 2
        + lam = np.linalg.eigvalsh(H)
        + if lam[0] < 0 and lam[-1] > 0:
        +     return lam, "saddle"
        + if lam[0] > 0:
        +     return lam, "minimum"
        + if lam[-1] < 0:
        +     return lam, "maximum"
        + return lam, "degenerate"
    """,
    zero_before_signs="""
        - eigenvalues = np.linalg.eigvalsh(hessian(grad, w, eps))
        - return eigenvalues, kind_of(eigenvalues, tol)
        + n = len(w)
        + H = np.zeros((n, n))
        + for j in range(n):
        +     e = np.zeros(n)
        +     e[j] = eps
        +     H[:, j] = (grad(w + e) - grad(w - e)) / (2 * eps)
        + H = (H + H.T) / 2
        + lam = np.linalg.eigvalsh(H)
        + if np.any(np.abs(lam) <= tol):
        +     return lam, "degenerate"
        + if lam[0] > tol:
        +     return lam, "minimum"
        + if lam[-1] < -tol:
        +     return lam, "maximum"
        + return lam, "saddle"
    """,
    one_sided="""
        - eigenvalues = np.linalg.eigvalsh(hessian(grad, w, eps))
        - return eigenvalues, kind_of(eigenvalues, tol)
        + n = len(w)
        + H = np.zeros((n, n))
        + g0 = grad(w)
        + for j in range(n):
        +     e = np.zeros(n)
        +     e[j] = eps
        +     H[:, j] = (grad(w + e) - g0) / eps
        + H = (H + H.T) / 2
        + lam = np.linalg.eigvalsh(H)
        + if lam[0] < -tol and lam[-1] > tol:
        +     return lam, "saddle"
        + if lam[0] > tol:
        +     return lam, "minimum"
        + if lam[-1] < -tol:
        +     return lam, "maximum"
        + return lam, "degenerate"
    """,
    not_symmetrised="""
        - eigenvalues = np.linalg.eigvalsh(hessian(grad, w, eps))
        - return eigenvalues, kind_of(eigenvalues, tol)
        + n = len(w)
        + H = np.zeros((n, n))
        + for j in range(n):
        +     e = np.zeros(n)
        +     e[j] = eps
        +     H[:, j] = (grad(w + e) - grad(w - e)) / (2 * eps)
        + lam = np.linalg.eigvalsh(H)
        + if lam[0] < -tol and lam[-1] > tol:
        +     return lam, "saddle"
        + if lam[0] > tol:
        +     return lam, "minimum"
        + if lam[-1] < -tol:
        +     return lam, "maximum"
        + return lam, "degenerate"
    """,
    unsorted_eigenvalues="""
        - eigenvalues = np.linalg.eigvalsh(hessian(grad, w, eps))
        - return eigenvalues, kind_of(eigenvalues, tol)
        + n = len(w)
        + H = np.zeros((n, n))
        + for j in range(n):
        +     e = np.zeros(n)
        +     e[j] = eps
        +     H[:, j] = (grad(w + e) - grad(w - e)) / (2 * eps)
        + H = (H + H.T) / 2
        + lam = np.linalg.eigvals(H).real
        + if lam.min() < -tol and lam.max() > tol:
        +     return lam, "saddle"
        + if lam.min() > tol:
        +     return lam, "minimum"
        + if lam.max() < -tol:
        +     return lam, "maximum"
        + return lam, "degenerate"
    """,
)


register(
    "weight_penalty",
    penalises_bias="""
        - p = np.asarray(p, dtype=np.float64)
        - if is_weight(key):
        - value += l1 * float(np.sum(np.abs(p))) + 0.5 * l2 * float(np.sum(p**2))
        - grads[key] = l1 * np.sign(p) + l2 * p
        - else:
        - grads[key] = np.zeros_like(p)
        + value += l1 * np.sum(np.abs(p)) + l2 / 2 * np.sum(p**2)
        + grads[key] = l1 * np.sign(p) + l2 * p
    """,
    l2_value_without_half="""
        - p = np.asarray(p, dtype=np.float64)
        - if is_weight(key):
        - value += l1 * float(np.sum(np.abs(p))) + 0.5 * l2 * float(np.sum(p**2))
        + if key.startswith("W"):
        +     value += l1 * np.sum(np.abs(p)) + l2 * np.sum(p**2)
    """,
    l2_gradient_doubled="""
        - p = np.asarray(p, dtype=np.float64)
        - if is_weight(key):
        - value += l1 * float(np.sum(np.abs(p))) + 0.5 * l2 * float(np.sum(p**2))
        - grads[key] = l1 * np.sign(p) + l2 * p
        + if key.startswith("W"):
        +     value += l1 * np.sum(np.abs(p)) + l2 / 2 * np.sum(p**2)
        +     grads[key] = l1 * np.sign(p) + 2 * l2 * p
    """,
    l1_sign_zero_positive="""
        - p = np.asarray(p, dtype=np.float64)
        - if is_weight(key):
        - value += l1 * float(np.sum(np.abs(p))) + 0.5 * l2 * float(np.sum(p**2))
        - grads[key] = l1 * np.sign(p) + l2 * p
        + if key.startswith("W"):
        +     value += l1 * np.sum(np.abs(p)) + l2 / 2 * np.sum(p**2)
        +     grads[key] = l1 * np.where(p >= 0, 1.0, -1.0) + l2 * p
    """,
    l1_divides_by_abs="""
        - p = np.asarray(p, dtype=np.float64)
        - if is_weight(key):
        - value += l1 * float(np.sum(np.abs(p))) + 0.5 * l2 * float(np.sum(p**2))
        - grads[key] = l1 * np.sign(p) + l2 * p
        + if key.startswith("W"):
        +     value += l1 * np.sum(np.abs(p)) + l2 / 2 * np.sum(p**2)
        +     grads[key] = l1 * p / np.abs(p) + l2 * p
    """,
    l1_without_abs="""
        - p = np.asarray(p, dtype=np.float64)
        - if is_weight(key):
        - value += l1 * float(np.sum(np.abs(p))) + 0.5 * l2 * float(np.sum(p**2))
        + if key.startswith("W"):
        +     value += l1 * np.sum(p) + l2 / 2 * np.sum(p**2)
    """,
    bias_gradient_missing="""
        - else:
        - grads[key] = np.zeros_like(p)
    """,
)


register(
    "early_stopping",
    stops_on_training_loss="""
        - best_params, best_loss, best_epoch = params, val_loss(params), 0
        + best_params, best_loss, best_epoch = params, np.inf, 0
        - loss = val_loss(params)
        - history.append((train_loss, loss))
        - if loss < best_loss:
        - best_params, best_loss, best_epoch = params, loss, epoch
        + history.append((train_loss, val_loss(params)))
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
