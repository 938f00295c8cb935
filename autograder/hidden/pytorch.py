"""Hidden tests of lesson 05, in float64 throughout.

- ``torch_gradients``: non-square networks (m, n_in, n_hidden and k pairwise different), nonzero
  biases; the gradients must come back as float64 NumPy arrays.
- ``clipped_relu``: inputs on both kinks, just inside and outside them, a random upstream
  gradient.
- ``train_loop``: a small network with dropout, built from a fixed seed, trained by a given
  optimizer on batches that do not divide the data evenly; some cases hand the model over in
  evaluation mode. The losses of every step and the final parameters are compared with the
  reference loop; losses must be Python floats.
- ``evaluate``: a probing network that records, at every forward pass, whether autograd was
  recording and whether the model was in training mode; the mode afterwards is compared too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import torch
from torch import nn

from autograder.reference import pytorch as ref
from autograder.spec import Spec

DTYPE = torch.float64
# Bound by name: a grading job pickles what its adapter uses, never the reference module.
PARAMETER_NAMES = ref.PARAMETER_NAMES


# ---------------------------------------------------------------- torch_gradients


def _labels(rng: np.random.Generator, m: int, k: int) -> np.ndarray:
    return rng.integers(0, k, size=m).astype(np.int64)


def _network_params(rng: np.random.Generator, n_in: int, n_hidden: int, k: int, scale: float):
    return {
        "W1": scale * rng.normal(size=(n_in, n_hidden)),
        "b1": rng.normal(size=n_hidden),
        "W2": scale * rng.normal(size=(n_hidden, k)),
        "b2": rng.normal(size=k),
    }


def _torch_gradients_cases() -> list[tuple[Any, ...]]:
    cases = []
    for seed, (m, n_in, n_hidden, k, scale) in enumerate(
        [(7, 3, 5, 4, 1.0), (4, 6, 2, 3, 0.5), (1, 2, 3, 5, 1.0), (9, 4, 6, 2, 2.0)]
    ):
        rng = np.random.default_rng(1500 + seed)
        params = _network_params(rng, n_in, n_hidden, k, scale)
        cases.append((rng.normal(size=(m, n_in)), _labels(rng, m, k), params))
    return cases


class ExpectedDictOfGradients(TypeError):
    """torch_gradients returned something other than a dict; the grader reports this name."""


class MissingGradientKey(KeyError):
    """torch_gradients returned a dict without one of W1, b1, W2, b2."""


class GradientIsNone(TypeError):
    """A returned gradient is None: ``.grad`` of a tensor that autograd did not reach."""


class GradientIsATensor(TypeError):
    """A returned gradient is a torch tensor; the exercise asks for NumPy arrays."""


class GradientNotFloat64(TypeError):
    """A returned gradient is not float64: the computation left float64 somewhere."""


def _gradients_as_tuple(graded: Callable[..., Any]) -> Callable[..., Any]:
    """Read the returned dict in the order W1, b1, W2, b2; any other result is an error whose
    type name says what is wrong."""

    def run(X: np.ndarray, y: np.ndarray, params: dict[str, np.ndarray]) -> tuple:
        grads = graded(X, y, params)
        if not isinstance(grads, Mapping):
            raise ExpectedDictOfGradients(type(grads).__name__)
        if any(key not in grads for key in PARAMETER_NAMES):
            raise MissingGradientKey(sorted(grads))
        result = []
        for key in PARAMETER_NAMES:
            grad = grads[key]
            if grad is None:
                raise GradientIsNone(key)
            if isinstance(grad, torch.Tensor):
                raise GradientIsATensor(key)
            if np.asarray(grad).dtype != np.float64:
                raise GradientNotFloat64(key)
            result.append(grad)
        return tuple(result)

    return run


# ---------------------------------------------------------------- clipped_relu


def _clipped_relu_cases() -> list[tuple[Any, ...]]:
    cases = []
    for seed, cap in enumerate([6.0, 2.5, 1.5]):
        rng = np.random.default_rng(1600 + seed)
        x = np.array(
            [
                0.0,
                cap,
                0.3,
                -0.4,
                0.9 * cap,
                cap + 0.5,
                cap - 0.6,
                -2.0 * cap,
                *rng.uniform(-1.5 * cap, 1.5 * cap, size=6),
            ]
        ).reshape(2, 7)
        cases.append((x, cap, rng.normal(size=x.shape)))
    return cases


class NotAnAutogradFunction(TypeError):
    """ClippedReLU is not a subclass of torch.autograd.Function."""


class NoGradientReachedX(TypeError):
    """After backward(), the input tensor has no .grad: backward returned None for it."""


def _clipped_relu_through_autograd(graded: Any) -> Callable[..., Any]:
    """Apply the graded Function to a leaf tensor, back-propagate ``upstream`` through it and
    read the output and the input's gradient."""

    def run(x: np.ndarray, cap: float, upstream: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not (isinstance(graded, type) and issubclass(graded, torch.autograd.Function)):
            if isinstance(graded, type):
                graded()  # an untouched exercise raises NotImplementedError here
            raise NotAnAutogradFunction(type(graded).__name__)
        leaf = torch.tensor(x, dtype=DTYPE, requires_grad=True)
        out = graded.apply(leaf, cap)
        # Σ out ⊙ upstream has the gradient upstream ⊙ g′(x); a scalar backward avoids torch's
        # slow first-time set-up of backward(gradient) for non-scalar outputs.
        (out * torch.as_tensor(upstream, dtype=DTYPE)).sum().backward()
        if leaf.grad is None:
            raise NoGradientReachedX()
        return out.detach().numpy().copy(), leaf.grad.numpy().copy()

    return run


# ---------------------------------------------------------------- train_loop and evaluate


def make_model(seed: int, n_in: int, n_hidden: int, k: int, dropout: float) -> nn.Sequential:
    """A float64 network with one hidden ReLU layer and dropout, initialised from ``seed``."""
    torch.manual_seed(seed)
    return nn.Sequential(
        nn.Linear(n_in, n_hidden, dtype=DTYPE),
        nn.ReLU(),
        nn.Dropout(dropout),
        nn.Linear(n_hidden, k, dtype=DTYPE),
    )


def make_optimizer(kind: str, model: nn.Module, lr: float) -> torch.optim.Optimizer:
    if kind == "sgd":
        return torch.optim.SGD(model.parameters(), lr=lr)
    if kind == "momentum":
        return torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    return torch.optim.Adam(model.parameters(), lr=lr)


def _data(seed: int, m: int, n_in: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(m, n_in)), _labels(rng, m, k)


# (seed, m, n_in, n_hidden, k, dropout, optimizer, lr, epochs, batch size, starts in eval mode)
_LOOP_SETUPS = [
    (1700, 22, 5, 7, 3, 0.3, "sgd", 0.5, 2, 8, False),
    (1701, 15, 4, 6, 5, 0.5, "momentum", 0.2, 3, 4, True),
    (1702, 10, 3, 8, 4, 0.0, "adam", 0.05, 2, 3, False),
    (1703, 12, 6, 5, 3, 0.4, "sgd", 1.0, 1, 5, True),
]


def _train_loop_cases() -> list[tuple[Any, ...]]:
    cases = []
    for seed, m, n_in, n_hidden, k, dropout, kind, lr, epochs, batch, in_eval in _LOOP_SETUPS:
        setup = {
            "seed": seed,
            "shape": (n_in, n_hidden, k),
            "dropout": dropout,
            "optimizer": kind,
            "lr": lr,
            "in_eval": in_eval,
        }
        X, y = _data(seed, m, n_in, k)
        cases.append((setup, X, y, epochs, batch))
    return cases


class LossIsATensor(TypeError):
    """A recorded loss is a torch tensor (``loss`` kept instead of ``loss.item()``)."""


class TargetsNotClassIndices(TypeError):
    """CrossEntropyLoss refused its targets: they must be int64 class indices of shape (batch,).
    torch raises a RuntimeError saying so; the grader reports this name instead."""


def _is_target_error(exc: RuntimeError) -> bool:
    text = str(exc)
    return "target" in text and ("dtype" in text or "1D" in text)


def _train_through_setup(graded: Callable[..., Any]) -> Callable[..., Any]:
    """Build the case's model and optimizer, run the graded loop, and read the per-step losses
    and the final parameters."""

    def run(setup: dict, X: np.ndarray, y: np.ndarray, n_epochs: int, batch_size: int) -> tuple:
        n_in, n_hidden, k = setup["shape"]
        model = make_model(setup["seed"], n_in, n_hidden, k, setup["dropout"])
        if setup["in_eval"]:
            model.eval()
        optimizer = make_optimizer(setup["optimizer"], model, setup["lr"])
        torch.manual_seed(setup["seed"] + 1)  # the dropout masks
        try:
            losses = graded(model, optimizer, X, y, n_epochs, batch_size)
        except RuntimeError as exc:
            if _is_target_error(exc):
                raise TargetsNotClassIndices(str(exc)) from None
            raise
        if isinstance(losses, list | tuple) and any(isinstance(v, torch.Tensor) for v in losses):
            raise LossIsATensor()
        params = torch.cat([p.detach().reshape(-1) for p in model.parameters()])
        return losses, params.numpy().copy()

    return run


class _Probe(nn.Module):
    """The network of :func:`make_model`, recording at every forward pass whether autograd
    records a graph and whether the model is in training mode."""

    def __init__(self, seed: int, n_in: int, n_hidden: int, k: int) -> None:
        super().__init__()
        self.net = make_model(seed, n_in, n_hidden, k, 0.5)
        self.recording: list[bool] = []
        self.training_seen: list[bool] = []

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.recording.append(torch.is_grad_enabled())
        self.training_seen.append(self.training)
        return self.net(x)


# (seed, m, n_in, n_hidden, k, starts in eval mode)
_EVALUATE_SETUPS = [
    (1800, 13, 4, 6, 3, False),
    (1801, 9, 5, 7, 4, True),
    (1802, 20, 3, 5, 6, False),
]


def _evaluate_cases() -> list[tuple[Any, ...]]:
    cases = []
    for seed, m, n_in, n_hidden, k, in_eval in _EVALUATE_SETUPS:
        X, y = _data(seed, m, n_in, k)
        cases.append(({"seed": seed, "shape": (n_in, n_hidden, k), "in_eval": in_eval}, X, y))
    return cases


class ExpectedLossAndAccuracy(TypeError):
    """evaluate returned something other than the pair (loss, accuracy)."""


def _evaluate_with_probe(graded: Callable[..., Any]) -> Callable[..., Any]:
    """Evaluate a probing model; read loss, accuracy, whether a graph was recorded, whether
    dropout was active, and the mode the model is left in."""

    def run(setup: dict, X: np.ndarray, y: np.ndarray) -> tuple:
        model = _Probe(setup["seed"], *setup["shape"])
        model.train(not setup["in_eval"])
        torch.manual_seed(setup["seed"] + 1)
        result = graded(model, X, y)
        if not (isinstance(result, tuple | list) and len(result) == 2):
            raise ExpectedLossAndAccuracy(type(result).__name__)
        loss, accuracy = result
        return (
            loss,
            accuracy,
            float(any(model.recording)),
            float(any(model.training_seen)),
            float(model.training),
        )

    return run


TORCH_GRADIENTS = Spec(
    "torch_gradients",
    ref.torch_gradients,
    _torch_gradients_cases,
    tuple(f"grads['{key}']" for key in ref.PARAMETER_NAMES),
    adapt=_gradients_as_tuple,
    rtol=1e-9,
    atol=1e-12,
)
CLIPPED_RELU = Spec(
    "clipped_relu",
    ref.ClippedReLU,
    _clipped_relu_cases,
    ("output", "x.grad"),
    adapt=_clipped_relu_through_autograd,
    defines="ClippedReLU",
)
TRAIN_LOOP = Spec(
    "train_loop",
    ref.train_loop,
    _train_loop_cases,
    ("losses", "parameters"),
    adapt=_train_through_setup,
)
EVALUATE = Spec(
    "evaluate",
    ref.evaluate,
    _evaluate_cases,
    ("loss", "accuracy", "torch.is_grad_enabled()", "model.training (forward)", "model.training"),
    adapt=_evaluate_with_probe,
)
SPECS = {spec.name: spec for spec in (TORCH_GRADIENTS, CLIPPED_RELU, TRAIN_LOOP, EVALUATE)}
NOTEBOOK_NAMESPACE = {"np": np, "torch": torch, "nn": nn, "numpy_loss": ref.numpy_loss}
