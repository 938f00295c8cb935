"""Hidden tests of lesson 08.

``classify_critical_point`` meets minima, maxima and saddles in 2 to 4 dimensions, rotated so
that the diagonal of the Hessian hides its eigenvalues (a saddle with a positive diagonal, a
3-D saddle with a positive determinant), degenerate points whose finite-difference eigenvalue
is tiny but not zero, a saddle with a zero eigenvalue, and quartic couplings that make the
central-difference Hessian asymmetric at a large ε. ``weight_penalty`` gets exact zeros in
the weights, nonzero biases, L1 and L2 alone and together, and the keys in another order.
``early_stopping`` runs scripted validation curves (a late improvement, a tie, a curve that
never turns, one that rises at once) and one real gradient-descent fit that overfits.
``dropout_forward`` gets seeded generators, replayed alike for the submission, the reference
and every mutant: drop probabilities other than ½ (where 1/p and 1/(1 − p) agree), both
modes, 1-D to 3-D inputs, and one generator set up to return chosen numbers, some exactly
equal to p, where a strict comparison drops an entry that the exercise keeps. The number the
generator gives after the call is graded too: one draw in training, none in evaluation.
``dropout_backward`` gets training caches and the evaluation cache.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from autograder.reference import generalization as ref
from autograder.spec import Spec

# ------------------------------------------------------------ classify_critical_point


class Landscape:
    """f(w) = ½uᵀAu + p·Σ uᵢ³ + c·Σ uᵢ³uᵢ₊₁ + Σ qᵢuᵢ⁴ with u = w − w*: a critical point at w*
    whose Hessian is A. Calling it gives ∇f (what the exercise passes as ``grad``). The cubic
    term makes a one-sided difference wrong by O(ε), the coupling makes the central-difference
    Hessian asymmetric by O(ε²)."""

    def __init__(
        self, A: Any, center: np.ndarray, c: float = 0.0, q: Any = 0.0, p: float = 0.0
    ) -> None:
        self.A = np.asarray(A, dtype=np.float64)
        self.center = np.asarray(center, dtype=np.float64)
        self.c, self.p = c, p
        self.q = np.broadcast_to(np.asarray(q, dtype=np.float64), self.center.shape).copy()

    def value(self, w: np.ndarray) -> float:
        u = np.asarray(w, dtype=np.float64) - self.center
        coupling = np.sum(u**3 * np.roll(u, -1))
        quadratic = 0.5 * u @ self.A @ u
        return float(quadratic + self.p * np.sum(u**3) + self.c * coupling + np.sum(self.q * u**4))

    def __call__(self, w: np.ndarray) -> np.ndarray:
        u = np.asarray(w, dtype=np.float64) - self.center
        coupling = 3 * u**2 * np.roll(u, -1) + np.roll(u, 1) ** 3
        return self.A @ u + 3 * self.p * u**2 + self.c * coupling + 4 * self.q * u**3


def rotated(eigenvalues: list[float], seed: int) -> np.ndarray:
    """Q diag(λ) Qᵀ for a random orthogonal Q."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.normal(size=(len(eigenvalues), len(eigenvalues))))
    return Q @ np.diag(eigenvalues) @ Q.T


def _critical_point_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(880)
    # A saddle with det > 0 and H[0, 0] > 0: a "minimum" to the 2-D determinant test.
    seed = next(s for s in range(881, 900) if rotated([-1.0, -2.0, 3.0], s)[0, 0] > 0.5)
    three_d_saddle = rotated([-1.0, -2.0, 3.0], seed)
    cases = [
        (Landscape(rotated([0.5, 3.0], 882), rng.normal(size=2), c=0.3), 1e-3, 1e-6),
        (Landscape(rotated([-4.0, -1.0], 883), rng.normal(size=2), c=1.0, p=0.5), 1e-2, 1e-6),
        (Landscape([[1.0, 3.0], [3.0, 1.0]], rng.normal(size=2)), 1e-3, 1e-6),
        (Landscape(three_d_saddle, rng.normal(size=3), c=0.5), 1e-3, 1e-6),
        (Landscape(np.diag([0.0, 2.0]), rng.normal(size=2), q=[1.0, 0.0]), 1e-3, 1e-4),
        (Landscape(np.diag([2.0, 0.0, -2.0]), rng.normal(size=3), q=[0, 1, 0]), 1e-3, 1e-4),
        (
            Landscape(rotated([3.0, 1.0, 2.0, 0.5], 884), rng.normal(size=4), c=2.0, p=1.0),
            5e-2,
            1e-6,
        ),
        (Landscape(rotated([-0.1, -5.0, -2.0], 885), rng.normal(size=3), c=1.0), 2e-2, 1e-6),
        (Landscape(np.diag([-1.0, 0.0]), rng.normal(size=2), q=[0.0, -1.0]), 1e-3, 1e-4),
        (Landscape(np.diag([-2.0, -1.0, 0.0]), rng.normal(size=3), q=[0, 0, -1]), 1e-3, 1e-4),
        # Small but clear curvatures, below a large ε and far above tol: eps is not tol.
        (Landscape(rotated([0.01, 2.0], 886), rng.normal(size=2)), 5e-2, 1e-6),
        (Landscape(rotated([-2.0, 0.02], 887), rng.normal(size=2)), 5e-2, 1e-6),
        (Landscape(rotated([-0.02, 0.5], 888), rng.normal(size=2)), 5e-2, 1e-6),
        (Landscape(rotated([-3.0, -0.01], 889), rng.normal(size=2)), 5e-2, 1e-6),
    ]
    return [(f, f.center.copy(), eps, tol) for f, eps, tol in cases]


# Bound by name: a grading job pickles what its adapter uses, never the reference module.
KINDS = ref.KINDS


class UnknownKind(ValueError):
    """The kind is not one of "minimum", "maximum", "saddle", "degenerate"."""


def _kind_as_number(graded: Callable[..., Any]) -> Callable[..., Any]:
    """Read (eigenvalues, kind) with the kind as its index in ref.KINDS; any other kind is an
    error whose type name says so."""

    def run(grad: Callable, w: np.ndarray, eps: float, tol: float) -> Any:
        result = graded(grad, w, eps, tol)
        if not isinstance(result, tuple | list) or len(result) != 2:
            return result
        eigenvalues, kind = result
        if not isinstance(kind, str) or kind not in KINDS:
            raise UnknownKind(repr(kind))
        return eigenvalues, KINDS.index(kind)

    return run


# ------------------------------------------------------------ weight_penalty

PARAMETER_NAMES = ("W1", "b1", "W2", "b2")


def _params(seed: int, n_in: int, n_hidden: int, n_out: int, zeros: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    params = {
        "W1": rng.normal(size=(n_in, n_hidden)),
        "b1": rng.normal(size=n_hidden),
        "W2": rng.normal(size=(n_hidden, n_out)),
        "b2": rng.normal(size=n_out),
    }
    for key in ("W1", "W2"):  # exact zeros, where the L1 subgradient is sign(0) = 0
        flat = params[key].reshape(-1)
        flat[rng.choice(flat.size, size=min(zeros, flat.size), replace=False)] = 0.0
    return params


def _penalty_cases() -> list[tuple[Any, ...]]:
    reordered = _params(893, 2, 3, 4, 2)
    reordered = {key: reordered[key] for key in ("b2", "W2", "b1", "W1")}
    return [
        (_params(890, 3, 4, 2, 3), 0.01, 0.1),
        (_params(891, 4, 3, 5, 0), 0.0, 0.5),
        (_params(892, 5, 2, 3, 4), 0.3, 0.0),
        (reordered, 0.2, 0.05),
    ]


def _penalty_as_tuple(graded: Callable[..., Any]) -> Callable[..., Any]:
    """Read (penalty, grads) with grads in the order W1, b1, W2, b2."""

    def run(params: dict[str, np.ndarray], l1: float, l2: float) -> Any:
        before = {key: value.copy() for key, value in params.items()}
        result = graded(params, l1, l2)
        if any(not np.array_equal(params[key], value) for key, value in before.items()):
            raise ChangesParamsInPlace(sorted(before))
        if not isinstance(result, tuple | list) or len(result) != 2:
            return result
        value, grads = result
        if not isinstance(grads, Mapping):
            raise ExpectedDictOfGradients(type(grads).__name__)
        if any(key not in grads for key in PARAMETER_NAMES):
            raise MissingGradientKey(sorted(grads))
        return (value, *(grads[key] for key in PARAMETER_NAMES))

    return run


class ExpectedDictOfGradients(TypeError):
    """weight_penalty returned gradients that are not a dict."""


class MissingGradientKey(KeyError):
    """weight_penalty returned a dict of gradients without one of the parameters' keys."""


class ChangesParamsInPlace(ValueError):
    """weight_penalty changed an array of ``params`` (the grader sees only the dict's copy)."""


# ------------------------------------------------------------ early_stopping


class ScriptedStep:
    """One epoch of a run whose losses are given in advance: W[0] counts the epochs, the
    other entries drift so that every epoch's parameters differ."""

    def __init__(self, train_losses: list[float]) -> None:
        self.train_losses = train_losses

    def __call__(self, params: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], float]:
        epoch = round(float(params["W"][0]))
        drift = np.concatenate([[1.0], 0.1 * np.cos(np.arange(1, params["W"].size) + epoch)])
        new = {"W": params["W"] + drift, "b": 0.9 * params["b"] + 0.01}
        return new, self.train_losses[epoch]


class ScriptedValidation:
    def __init__(self, val_losses: list[float]) -> None:
        self.val_losses = val_losses

    def __call__(self, params: dict[str, np.ndarray]) -> float:
        return self.val_losses[round(float(params["W"][0]))]


class PolynomialFit:
    """Full-batch gradient descent on a degree-9 polynomial fit to 12 noisy points (one epoch
    per call); its validation loss falls, then rises as the fit bends to the noise."""

    def __init__(self, seed: int, lr: float) -> None:
        rng = np.random.default_rng(seed)
        x_train, x_val = rng.uniform(-1, 1, size=12), rng.uniform(-1, 1, size=200)
        powers = np.arange(1, 10)
        self.X, self.X_val = x_train[:, None] ** powers, x_val[:, None] ** powers
        self.y = np.sin(3 * x_train) + 0.3 * rng.normal(size=12)
        self.y_val = np.sin(3 * x_val) + 0.3 * rng.normal(size=200)
        self.lr = lr

    def loss(self, params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray) -> float:
        return float(np.mean((X @ params["W"] + params["b"] - y) ** 2))

    def __call__(self, params: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], float]:
        r = self.X @ params["W"] + params["b"] - self.y
        m = len(self.y)
        new = {
            "W": params["W"] - self.lr * 2 * self.X.T @ r / m,
            "b": params["b"] - self.lr * 2 * np.sum(r) / m,
        }
        return new, self.loss(new, self.X, self.y)

    def validation(self, params: dict[str, np.ndarray]) -> float:
        return self.loss(params, self.X_val, self.y_val)


def _scripted(
    val: list[float], patience: int, max_epochs: int, size: int, seed: int
) -> tuple[Any, ...]:
    train = list(np.linspace(2.0, 0.1, len(val)) ** 2)  # falls at every epoch
    rng = np.random.default_rng(seed)
    params = {"W": np.concatenate([[0.0], rng.normal(size=size - 1)]), "b": rng.normal(size=2)}
    return params, ScriptedStep(train), ScriptedValidation(val), patience, max_epochs


def _early_stopping_cases() -> list[tuple[Any, ...]]:
    late = [1.0, 0.8, 0.7, 0.75, 0.72, 0.69, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75]
    late += list(np.linspace(0.76, 0.9, 30))
    falling = list(np.linspace(1.0, 0.5, 12))
    rising = list(np.linspace(1.0, 2.0, 12))
    tie = [1.0, 0.9, 0.9, 0.85, 0.86, 0.87, 0.88, 0.89]
    fit = PolynomialFit(895, 0.1)
    start = {"W": np.zeros(9), "b": np.array(0.0)}
    return [
        _scripted(late, 3, 30, 4, 896),
        _scripted(falling, 2, 7, 3, 897),
        _scripted(rising, 2, 10, 2, 898),
        _scripted(tie, 1, 7, 3, 899),
        _scripted(tie, 2, 7, 3, 900),
        (start, fit, fit.validation, 20, 3000),
    ]


class ExpectedDictOfParameters(TypeError):
    """early_stopping returned best parameters that are not the dict ``step`` returns."""


def _best_as_tuple(graded: Callable[..., Any]) -> Callable[..., Any]:
    """Read (best_params, best_epoch, history) as (W, b, best_epoch, history)."""

    def run(params: Any, step: Callable, val_loss: Callable, patience: int, epochs: int) -> Any:
        result = graded(params, step, val_loss, patience, epochs)
        if not isinstance(result, tuple | list) or len(result) != 3:
            return result
        best, best_epoch, history = result
        if not isinstance(best, Mapping) or set(best) != {"W", "b"}:
            raise ExpectedDictOfParameters(type(best).__name__)
        return best["W"], best["b"], best_epoch, history

    return run


# ------------------------------------------------------------ dropout


def _untemper(y: int) -> int:
    """The state word of MT19937 whose tempered output is ``y`` (tempering is invertible)."""
    y ^= y >> 18
    y ^= (y << 15) & 0xEFC60000
    t = y
    for _ in range(5):
        t = y ^ ((t << 7) & 0x9D2C5680)
    y = t & 0xFFFFFFFF
    t = y
    for _ in range(3):
        t = y ^ (t >> 11)
    return t & 0xFFFFFFFF


def replaying(numbers: Any, seed: int) -> np.random.Generator:
    """A true ``np.random.Generator`` (MT19937) whose ``random`` returns ``numbers`` first, each a
    multiple of 2⁻⁵³ (at most 312 of them), and seeded numbers after them. A double takes two
    32-bit outputs, a·2²⁶ + b over 2⁵³ with a and b their top 27 and 26 bits."""
    m = np.round(np.asarray(numbers, dtype=np.float64).ravel() * 2.0**53).astype(np.uint64)
    key = np.random.default_rng(seed).integers(0, 2**32, size=624, dtype=np.uint64)
    for i, value in enumerate(int(v) for v in m):
        key[2 * i] = _untemper((value >> 26) << 5)
        key[2 * i + 1] = _untemper((value & (2**26 - 1)) << 6)
    bits = np.random.MT19937(seed)
    bits.state = {"bit_generator": "MT19937", "state": {"key": key.astype(np.uint32), "pos": 0}}
    return np.random.Generator(bits)


def _dropout_forward_cases() -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(8100)
    # Multiples of 1/64, a quarter of them exactly p = 0.25: kept, as u ≥ p says.
    numbers = rng.integers(0, 64, size=24) / 64
    numbers[::4] = 0.25
    setups = [
        ((4, 5), 0.5, True),
        ((3, 7), 0.2, True),
        ((6, 3), 0.5, False),
        ((2, 3, 4), 0.3, True),
        ((8,), 0.7, True),
        ((3, 2, 2), 0.35, False),
        ((5, 6), 0.9, True),
    ]
    cases: list[tuple[Any, ...]] = [
        (rng.normal(size=shape), p, training, np.random.default_rng(8110 + k))
        for k, (shape, p, training) in enumerate(setups)
    ]
    cases.append((rng.normal(size=(4, 6)), 0.25, True, replaying(numbers, 8120)))
    return cases


class ExpectedOutAndCache(TypeError):
    """dropout_forward returned something other than the pair (out, cache)."""


class ExpectedMaskAndScale(TypeError):
    """dropout_forward returned a cache other than the pair (mask, scale)."""


def _dropout_parts(graded: Callable[..., Any]) -> Callable[..., Any]:
    """Read ``(out, (mask, scale))`` as (out, mask, scale, the generator's next number)."""

    def run(x: np.ndarray, p: float, training: bool, rng: np.random.Generator) -> Any:
        result = graded(x, p, training, rng)
        if not isinstance(result, tuple | list) or len(result) != 2:
            raise ExpectedOutAndCache(type(result).__name__)
        out, cache = result
        if not isinstance(cache, tuple | list) or len(cache) != 2:
            raise ExpectedMaskAndScale(type(cache).__name__)
        return out, cache[0], cache[1], rng.random()

    return run


def _dropout_backward_cases() -> list[tuple[Any, ...]]:
    cases = []
    for k, (shape, p) in enumerate(
        [((4, 5), 0.5), ((3, 7), 0.2), ((6, 3), None), ((2, 3, 4), 0.3)]
    ):
        rng = np.random.default_rng(8200 + k)
        dout = rng.normal(size=shape)
        _, cache = ref.dropout_forward(dout, p or 0.0, p is not None, rng)
        cases.append((dout, cache))
    return cases


# ------------------------------------------------------------ specs

CLASSIFY_CRITICAL_POINT = Spec(
    "classify_critical_point",
    ref.classify_critical_point,
    _critical_point_cases,
    ("eigenvalues", "kind"),
    adapt=_kind_as_number,
)
WEIGHT_PENALTY = Spec(
    "weight_penalty",
    ref.weight_penalty,
    _penalty_cases,
    ("penalty", *(f"grads['{key}']" for key in PARAMETER_NAMES)),
    adapt=_penalty_as_tuple,
)
EARLY_STOPPING = Spec(
    "early_stopping",
    ref.early_stopping,
    _early_stopping_cases,
    ("best_params['W']", "best_params['b']", "best_epoch", "history"),
    adapt=_best_as_tuple,
)
DROPOUT_FORWARD = Spec(
    "dropout_forward",
    ref.dropout_forward,
    _dropout_forward_cases,
    ("out", "cache[0] (mask)", "cache[1] (scale)", "rng.random() after the call"),
    adapt=_dropout_parts,
)
DROPOUT_BACKWARD = Spec("dropout_backward", ref.dropout_backward, _dropout_backward_cases, ("dx",))
SPECS = {
    spec.name: spec
    for spec in (
        CLASSIFY_CRITICAL_POINT,
        WEIGHT_PENALTY,
        EARLY_STOPPING,
        DROPOUT_FORWARD,
        DROPOUT_BACKWARD,
    )
}
NOTEBOOK_NAMESPACE: dict[str, Any] = {"np": np}
