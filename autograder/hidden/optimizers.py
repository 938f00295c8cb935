"""Hidden tests of lesson 06. Each optimizer runs 50 steps from the same start next to the
matching ``torch.optim`` optimizer, in float64, and must agree to 1e-10. Two parameters of
different shapes (and, in one case, of equal shapes, so that shared state shows in the
values) follow a non-quadratic loss; hyper-parameters differ from the defaults, with one
large ε so that ε inside or outside the square root differs. Schedules run for 50 steps next
to ``torch.optim.lr_scheduler``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypedDict

import numpy as np
import torch

from autograder.spec import Spec

N_STEPS = 50
# Before this step, ``optimizer.lr`` is set to LR_CHANGE times its initial value.
LR_CHANGE_AT, LR_CHANGE = 25, 0.5


class Tolerance(TypedDict):
    """Agreement required with the reference (``Spec``'s rtol and atol)."""

    rtol: float
    atol: float


TOLERANCE: Tolerance = {"rtol": 1e-10, "atol": 1e-12}


def loss_gradients(params: list[np.ndarray]) -> list[np.ndarray]:
    """Gradients of a fixed smooth loss of two parameters W and b (any shapes)."""
    W, b = params
    return [0.5 * W + 0.1 * W**3 - 0.2, 2.0 * b - 1.0 + np.sin(b)]


class TorchOptimizer:
    """A ``torch.optim`` optimizer behind the lesson's interface, as the hidden reference."""

    def __init__(self, torch_class: type, **options: Any) -> None:
        self.torch_class, self.options = torch_class, options
        self.optimizer: torch.optim.Optimizer | None = None
        self.lr = options["lr"]
        self.tensors: list[torch.Tensor] = []

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> list[np.ndarray]:
        if self.optimizer is None:
            self.tensors = [torch.tensor(p, dtype=torch.float64) for p in params]
            self.optimizer = self.torch_class(self.tensors, **self.options)
        # What a torch.optim.lr_scheduler changes between steps.
        self.optimizer.param_groups[0]["lr"] = self.lr
        for tensor, p, g in zip(self.tensors, params, grads, strict=True):
            tensor.data = torch.tensor(p, dtype=torch.float64)
            tensor.grad = torch.tensor(g, dtype=torch.float64)
        self.optimizer.step()
        return [t.detach().numpy().copy() for t in self.tensors]


def torch_reference(torch_class: type, **defaults: Any) -> Callable[..., TorchOptimizer]:
    """The class-like reference; ``defaults`` are the lesson's where they differ from torch's."""

    def make(**hyper: Any) -> TorchOptimizer:
        return TorchOptimizer(torch_class, **{**defaults, **hyper})

    return make


def run_optimizer(optimizer_class: Callable[..., Any]) -> Callable[..., np.ndarray]:
    """The graded class as a function of a case: the trajectory of all parameters, one row
    per step; before step LR_CHANGE_AT the learning rate is changed through ``optimizer.lr``."""

    def run(hyper: dict, starts: list[np.ndarray]) -> np.ndarray:
        optimizer = optimizer_class(**hyper)
        params = [np.array(p, dtype=np.float64) for p in starts]
        rows = []
        for step in range(N_STEPS):
            if step == LR_CHANGE_AT:
                optimizer.lr = hyper["lr"] * LR_CHANGE
            grads = loss_gradients(params)
            new = [np.asarray(q, dtype=np.float64) for q in optimizer.step(list(params), grads)]
            if [q.shape for q in new] != [p.shape for p in params]:
                # Stop before broadcasting grows the arrays step after step.
                raise ValueError("step returned parameters of other shapes")
            params = new
            rows.append(np.concatenate([p.ravel() for p in params]))
        return np.array(rows)

    return run


def run_schedule(schedule: Callable[..., float]) -> Callable[..., np.ndarray]:
    def run(*hyper: Any) -> np.ndarray:
        return np.array([schedule(*hyper, t) for t in range(N_STEPS)], dtype=np.float64)

    return run


def _starts(seed: int, shape_w: tuple[int, ...], shape_b: tuple[int, ...]) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.normal(size=shape_w), rng.normal(size=shape_b)]


def _optimizer_cases(*hypers: dict) -> Callable[[], list[tuple]]:
    """One case per hyper-parameter set, plus one with only the learning rate, so that the
    defaults of the constructor are tested too."""

    def cases() -> list[tuple]:
        hypers_and_defaults = (*hypers, {"lr": hypers[0]["lr"]})
        shapes = [((3, 2), (2,)), ((4,), (4,)), ((2, 3), (5,)), ((2, 2), (3,))]
        return [
            (hyper, _starts(seed, *shapes[seed % len(shapes)]))
            for seed, hyper in enumerate(hypers_and_defaults)
        ]

    return cases


def _optimizer_spec(name: str, defines: str, reference: Callable, *hypers: dict) -> Spec:
    return Spec(
        name,
        reference,
        _optimizer_cases(*hypers),
        ("trajectory",),
        adapt=run_optimizer,
        defines=defines,
        **TOLERANCE,
    )


def _schedule_spec(name: str, reference: Callable, *cases: tuple) -> Spec:
    return Spec(
        name, reference, lambda: list(cases), ("learning_rates",), adapt=run_schedule, **TOLERANCE
    )


def torch_schedule(scheduler_class: type, **names: str) -> Callable[..., float]:
    """A ``torch.optim.lr_scheduler`` as the function lr(lr0, a, b, t) of the lesson; ``names``
    maps the scheduler's keyword arguments to the positions of a and b ("a" or "b")."""

    def lr_at(lr0: float, a: float, b: float, t: int) -> float:
        param = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
        optimizer = torch.optim.SGD([param], lr=lr0)
        options = {key: {"a": a, "b": b}[position] for key, position in names.items()}
        scheduler = scheduler_class(optimizer, **options)
        for _ in range(t):
            optimizer.step()
            scheduler.step()
        return optimizer.param_groups[0]["lr"]

    return lr_at


SPECS = {
    spec.name: spec
    for spec in (
        _optimizer_spec(
            "sgd_momentum",
            "SGDMomentum",
            torch_reference(torch.optim.SGD, momentum=0.9),
            {"lr": 0.05, "momentum": 0.9},
            {"lr": 0.1, "momentum": 0.5},
            {"lr": 0.02, "momentum": 0.8},
        ),
        _optimizer_spec(
            "nesterov",
            "Nesterov",
            torch_reference(torch.optim.SGD, momentum=0.9, nesterov=True),
            {"lr": 0.05, "momentum": 0.9},
            {"lr": 0.1, "momentum": 0.5},
            {"lr": 0.02, "momentum": 0.8},
        ),
        _optimizer_spec(
            "adagrad",
            "Adagrad",
            torch_reference(torch.optim.Adagrad),
            {"lr": 0.3, "eps": 1e-10},
            {"lr": 0.5, "eps": 0.5},
            {"lr": 0.1, "eps": 1e-3},
        ),
        _optimizer_spec(
            "rmsprop",
            "RMSprop",
            torch_reference(torch.optim.RMSprop),
            {"lr": 0.01, "alpha": 0.99, "eps": 1e-8},
            {"lr": 0.05, "alpha": 0.8, "eps": 0.5},
            {"lr": 0.02, "alpha": 0.9, "eps": 1e-3},
        ),
        _optimizer_spec(
            "adam",
            "Adam",
            torch_reference(torch.optim.Adam),
            {"lr": 0.05, "betas": (0.9, 0.999), "eps": 1e-8},
            {"lr": 0.1, "betas": (0.8, 0.95), "eps": 0.5},
            {"lr": 0.02, "betas": (0.7, 0.9), "eps": 1e-3},
        ),
        _optimizer_spec(
            "adamw",
            "AdamW",
            torch_reference(torch.optim.AdamW),
            {"lr": 0.05, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.1},
            {"lr": 0.1, "betas": (0.8, 0.95), "eps": 0.5, "weight_decay": 0.5},
            {"lr": 0.02, "betas": (0.7, 0.9), "eps": 1e-3, "weight_decay": 0.05},
        ),
        _schedule_spec(
            "step_decay",
            torch_schedule(torch.optim.lr_scheduler.StepLR, gamma="a", step_size="b"),
            (0.1, 0.5, 7),
            (1.0, 0.9, 5),
            (0.3, 0.7, 1),
        ),
        _schedule_spec(
            "cosine_annealing",
            torch_schedule(torch.optim.lr_scheduler.CosineAnnealingLR, eta_min="a", T_max="b"),
            (0.1, 0.01, 49),
            (1.0, 0.0, 30),
            (0.5, 0.1, 60),
        ),
        _schedule_spec(
            "linear_warmup",
            torch_schedule(torch.optim.lr_scheduler.LinearLR, start_factor="a", total_iters="b"),
            (0.1, 0.1, 10),
            (1.0, 0.01, 25),
            (0.5, 0.5, 7),
        ),
    )
}
NOTEBOOK_NAMESPACE: dict[str, Any] = {"np": np, "math": __import__("math")}
