"""The NumPy reference optimizers and schedules against torch.optim, 50 steps in float64."""

import numpy as np
import pytest
import torch

from autograder.hidden.optimizers import loss_gradients
from autograder.reference import optimizers as ref

CASES = [
    (ref.SGDMomentum, {"lr": 0.05, "momentum": 0.9}, torch.optim.SGD, {"momentum": 0.9}),
    (
        ref.Nesterov,
        {"lr": 0.05, "momentum": 0.8},
        torch.optim.SGD,
        {"momentum": 0.8, "nesterov": True},
    ),
    (ref.Adagrad, {"lr": 0.3, "eps": 1e-10}, torch.optim.Adagrad, {"eps": 1e-10}),
    (
        ref.RMSprop,
        {"lr": 0.01, "alpha": 0.9, "eps": 1e-8},
        torch.optim.RMSprop,
        {"alpha": 0.9, "eps": 1e-8},
    ),
    (
        ref.Adam,
        {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-8},
        torch.optim.Adam,
        {"betas": (0.8, 0.99)},
    ),
    (
        ref.AdamW,
        {"lr": 0.05, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.1},
        torch.optim.AdamW,
        {"weight_decay": 0.1},
    ),
]


@pytest.mark.parametrize(
    ("ours", "hyper", "theirs", "options"), CASES, ids=[c[0].__name__ for c in CASES]
)
def test_optimizer_matches_torch_for_50_steps(ours, hyper, theirs, options):
    rng = np.random.default_rng(3)
    start = [rng.normal(size=(3, 2)), rng.normal(size=(2,))]
    params, optimizer = [p.copy() for p in start], ours(**hyper)
    tensors = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in start]
    torch_optimizer = theirs(tensors, lr=hyper["lr"], **options)
    for _ in range(50):
        grads = loss_gradients(params)
        params = optimizer.step(params, grads)
        for tensor, g in zip(
            tensors, loss_gradients([t.detach().numpy() for t in tensors]), strict=True
        ):
            tensor.grad = torch.tensor(g)
        torch_optimizer.step()
        for p, tensor in zip(params, tensors, strict=True):
            np.testing.assert_allclose(p, tensor.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_step_returns_new_arrays_and_leaves_inputs_alone():
    params, grads = [np.ones((2, 2)), np.zeros(3)], [np.full((2, 2), 0.5), np.ones(3)]
    for optimizer in (ref.SGDMomentum(0.1), ref.Nesterov(0.1), ref.Adagrad(0.1), ref.RMSprop(0.1)):
        new = optimizer.step(params, grads)
        assert all(n is not p for n, p in zip(new, params, strict=True))
        np.testing.assert_array_equal(params[0], np.ones((2, 2)))


def lrs_of(scheduler_class, steps=50, lr0=0.1, **options):
    param = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    optimizer = torch.optim.SGD([param], lr=lr0)
    scheduler, lrs = scheduler_class(optimizer, **options), []
    for _ in range(steps):
        lrs.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return np.array(lrs)


def test_schedules_match_torch_lr_scheduler():
    t = range(50)
    np.testing.assert_allclose(
        [ref.step_decay(0.1, 0.5, 7, s) for s in t],
        lrs_of(torch.optim.lr_scheduler.StepLR, step_size=7, gamma=0.5),
        rtol=1e-10,
    )
    np.testing.assert_allclose(
        [ref.cosine_annealing(0.1, 0.01, 30, s) for s in t],
        lrs_of(torch.optim.lr_scheduler.CosineAnnealingLR, T_max=30, eta_min=0.01),
        rtol=1e-10,
    )
    np.testing.assert_allclose(
        [ref.linear_warmup(0.1, 0.2, 12, s) for s in t],
        lrs_of(torch.optim.lr_scheduler.LinearLR, start_factor=0.2, total_iters=12),
        rtol=1e-10,
    )


def test_adam_first_step_is_the_learning_rate():
    """With bias correction the first step is ±η per coordinate (ε negligible)."""
    new = ref.Adam(0.01, eps=1e-12).step([np.zeros(3)], [np.array([1e-3, -5.0, 2.0])])
    np.testing.assert_allclose(new[0], [-0.01, 0.01, -0.01], rtol=1e-9)
