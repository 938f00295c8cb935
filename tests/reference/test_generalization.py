"""The lesson-08 reference, in float64, against torch autograd and central differences."""

import numpy as np
import pytest
import torch

from autograder.hidden.generalization import Landscape, rotated
from autograder.reference import generalization as ref
from autograder.student.checks.common import numerical_gradient, relative_error

torch.set_default_dtype(torch.float64)


def torch_landscape(f: Landscape):
    """The same landscape as a torch function of w, for torch.autograd.functional."""
    A, center = torch.tensor(f.A), torch.tensor(f.center)
    q = torch.tensor(f.q)

    def value(w):
        u = w - center
        coupling = torch.sum(u**3 * torch.roll(u, -1))
        return 0.5 * u @ A @ u + f.p * torch.sum(u**3) + f.c * coupling + torch.sum(q * u**4)

    return value


CUBICS = [
    Landscape(rotated([0.5, 3.0], 1), np.array([0.3, -0.2]), p=0.7),
    Landscape(rotated([-1.0, -2.0, 3.0], 2), np.array([0.1, 0.5, -1.0]), p=-0.4),
    Landscape(rotated([2.0, -0.5, 1.0, 4.0], 3), np.zeros(4), p=1.3),
]


@pytest.mark.parametrize("f", CUBICS)
def test_landscape_gradient_matches_torch_autograd(f):
    """Is the hidden tests' gradient the gradient of the landscape (with every term on)?"""
    full = Landscape(f.A, f.center, c=0.8, q=0.3, p=f.p)
    w = f.center + np.random.default_rng(0).normal(size=f.center.size)
    wt = torch.tensor(w, requires_grad=True)
    torch_landscape(full)(wt).backward()
    np.testing.assert_allclose(full(w), wt.grad.numpy(), rtol=1e-12, atol=1e-12)
    assert full.value(w) == pytest.approx(torch_landscape(full)(torch.tensor(w)).item(), 1e-12)


@pytest.mark.parametrize("f", CUBICS)
@pytest.mark.parametrize("offset", [0.0, 0.4])
def test_hessian_matches_torch_autograd(f, offset):
    """On a cubic the gradient is quadratic and the central difference is exact: does the
    reference Hessian equal torch's to 1e-10, at the critical point and away from it?"""
    w = f.center + offset
    exact = torch.autograd.functional.hessian(torch_landscape(f), torch.tensor(w)).numpy()
    H = ref.hessian(f, w, 1e-3)
    np.testing.assert_allclose(H, exact, rtol=1e-10, atol=1e-10)
    eigenvalues, _ = ref.classify_critical_point(f, w, 1e-3, 1e-6)
    expected = torch.linalg.eigvalsh(torch.tensor(exact)).numpy()
    np.testing.assert_allclose(eigenvalues, expected, rtol=1e-10, atol=1e-10)


def test_hessian_matches_second_differences_of_the_value():
    """Does the Hessian agree with central differences of central differences of f itself?"""
    f = Landscape(rotated([1.0, -2.0, 0.5], 4), np.array([0.2, 0.1, -0.3]), c=0.5, q=0.2)
    w = f.center + 0.3
    numeric = np.array([numerical_gradient(lambda v, i=i: f(v)[i], w, eps=1e-5) for i in range(3)])
    assert relative_error(ref.hessian(f, w, 1e-4), (numeric + numeric.T) / 2) < 1e-7


@pytest.mark.parametrize(
    ("eigenvalues", "q", "kind"),
    [
        ([1.0, 2.0], 0.0, "minimum"),
        ([-1.0, -2.0, -0.5], 0.0, "maximum"),
        ([-1.0, 2.0], 0.0, "saddle"),
        ([-1.0, -2.0, 3.0], 0.0, "saddle"),
        ([-2.0, 0.0, 2.0], [0.0, 1.0, 0.0], "saddle"),
        ([0.0, 2.0], [1.0, 0.0], "degenerate"),
        ([-1.0, 0.0], [0.0, -1.0], "degenerate"),
        ([0.0, 0.0], 0.0, "degenerate"),
    ],
)
def test_second_derivative_test(eigenvalues, q, kind):
    f = Landscape(np.diag(eigenvalues), np.ones(len(eigenvalues)), q=q)
    _, got = ref.classify_critical_point(f, f.center, 1e-3, 1e-4)
    assert got == kind


def test_kind_depends_on_eigenvalues_not_on_the_diagonal_or_determinant():
    """[[1, 3], [3, 1]] has a positive diagonal; Q diag(−1, −2, 3) Qᵀ a positive determinant."""
    assert ref.kind_of(np.linalg.eigvalsh(np.array([[1.0, 3.0], [3.0, 1.0]])), 1e-9) == "saddle"
    H = rotated([-1.0, -2.0, 3.0], 5)
    assert np.linalg.det(H) > 0
    assert ref.kind_of(np.linalg.eigvalsh(H), 1e-9) == "saddle"


def network(seed, zeros=2):
    rng = np.random.default_rng(seed)
    params = {
        "W1": rng.normal(size=(3, 4)),
        "b1": rng.normal(size=4),
        "W2": rng.normal(size=(4, 2)),
        "b2": rng.normal(size=2),
    }
    params["W1"][0, :zeros] = 0.0
    return params


@pytest.mark.parametrize(("l1", "l2"), [(0.0, 0.5), (0.3, 0.0), (0.1, 0.7)])
def test_weight_penalty_matches_torch_autograd(l1, l2):
    """Value and gradient as torch computes them, with torch's sign(0) = 0 at exact zeros."""
    params = network(1)
    leaves = {key: torch.tensor(value, requires_grad=True) for key, value in params.items()}
    total = sum(
        l1 * leaf.abs().sum() + 0.5 * l2 * (leaf**2).sum()
        for key, leaf in leaves.items()
        if key.startswith("W")
    )
    total.backward()
    value, grads = ref.weight_penalty(params, l1, l2)
    assert value == pytest.approx(total.item(), rel=1e-12)
    for key, leaf in leaves.items():
        expected = leaf.grad if leaf.grad is not None else torch.zeros_like(leaf)
        np.testing.assert_allclose(grads[key], expected.numpy(), rtol=1e-10, atol=1e-12)
    assert np.all(grads["W1"][0, :2] == l2 * 0.0)  # sign(0) = 0
    assert not np.any(grads["b1"]) and not np.any(grads["b2"])


def test_weight_penalty_gradient_matches_central_differences_away_from_zero():
    params = network(2, zeros=0)
    for key in params:
        numeric = numerical_gradient(
            lambda v, key=key: ref.weight_penalty({**params, key: v}, 0.2, 0.3)[0], params[key]
        )
        assert relative_error(ref.weight_penalty(params, 0.2, 0.3)[1][key], numeric) < 1e-8


def test_l2_step_is_weight_decay():
    """One gradient step on the L2 penalty alone multiplies the weights by 1 − ηλ."""
    params, lr, l2 = network(3), 0.1, 0.5
    _, grads = ref.weight_penalty(params, 0.0, l2)
    np.testing.assert_allclose(params["W2"] - lr * grads["W2"], (1 - lr * l2) * params["W2"])


class Counter:
    """step adds 1 to the epoch counter; the validation losses are given in advance."""

    def __init__(self, val):
        self.val = val

    def step(self, params):
        return {"epoch": params["epoch"] + 1}, 1.0 / (params["epoch"] + 1)

    def val_loss(self, params):
        return self.val[params["epoch"]]


@pytest.mark.parametrize(
    ("val", "patience", "max_epochs", "best", "stopped"),
    [
        ([1.0, 0.8, 0.6, 0.65, 0.7, 0.75, 0.8], 2, 6, 2, 4),
        ([1.0, 0.8, 0.6, 0.65, 0.55, 0.75, 0.8, 0.9], 2, 7, 4, 6),
        ([1.0, 0.9, 0.8, 0.7], 5, 3, 3, 3),
        ([1.0, 1.1, 1.2, 1.3], 2, 3, 0, 2),
        ([1.0, 0.9, 0.9, 0.9], 2, 3, 1, 3),
    ],
    ids=["stops", "late-improvement", "max-epochs", "start-is-best", "tie"],
)
def test_early_stopping_on_scripted_runs(val, patience, max_epochs, best, stopped):
    run = Counter(val)
    params, best_epoch, history = ref.early_stopping(
        {"epoch": 0}, run.step, run.val_loss, patience, max_epochs
    )
    assert (best_epoch, len(history)) == (best, stopped)
    assert params == {"epoch": best}
    assert history == [(1.0 / epoch, val[epoch]) for epoch in range(1, stopped + 1)]


def test_inverted_dropout_keeps_the_expectation():
    rng = np.random.default_rng(0)
    x = rng.uniform(0.5, 1.5, size=(400, 300))
    out, (mask, scale) = ref.dropout_forward(x, 0.3, True, rng)
    assert mask.dtype == bool and scale == pytest.approx(1 / 0.7)
    assert abs(np.mean(~mask) - 0.3) < 0.01
    assert out.mean() == pytest.approx(x.mean(), rel=0.01)
    np.testing.assert_allclose(out[mask], x[mask] / 0.7)
    assert np.all(out[~mask] == 0)


def test_dropout_mask_is_the_documented_draw_and_evaluation_draws_nothing():
    """Kept where rng.random(x.shape) >= p; in evaluation mode the identity, the generator
    untouched, the cache (all True, 1.0)."""
    x = np.random.default_rng(1).normal(size=(5, 7))
    _, (mask, _) = ref.dropout_forward(x, 0.4, True, np.random.default_rng(2))
    np.testing.assert_array_equal(mask, np.random.default_rng(2).random(x.shape) >= 0.4)
    rng = np.random.default_rng(3)
    out, (mask, scale) = ref.dropout_forward(x, 0.4, False, rng)
    assert out is x and mask.all() and mask.shape == x.shape and scale == 1.0
    assert rng.random() == np.random.default_rng(3).random()


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_scale_is_torch_functional_dropout(p):
    """torch.nn.functional.dropout keeps each entry with probability 1 − p and scales the kept
    ones by 1/(1 − p), as the reference does; with training=False it is the identity."""
    x = torch.rand(200, 300, dtype=torch.float64) + 0.5
    torch.manual_seed(0)
    y = torch.nn.functional.dropout(x, p, training=True)
    kept = (y != 0).numpy()
    assert abs(1 - kept.mean() - p) < 0.01
    _, (mask, scale) = ref.dropout_forward(x.numpy(), p, True, np.random.default_rng(0))
    np.testing.assert_allclose(y.numpy()[kept], x.numpy()[kept] * scale, rtol=1e-15)
    assert abs(mask.mean() - kept.mean()) < 0.01
    assert torch.equal(torch.nn.functional.dropout(x, p, training=False), x)


@pytest.mark.parametrize("p", [0.2, 0.5])
def test_dropout_backward_matches_torch_autograd_with_torch_mask(p):
    """torch's own mask (torch.native_dropout returns it, as the cache holds it) fed to the
    reference backward gives torch's gradient of F.dropout, in float64."""
    rng = np.random.default_rng(4)
    x = torch.tensor(rng.normal(size=(6, 9)), requires_grad=True)
    dout = torch.tensor(rng.normal(size=(6, 9)))
    torch.manual_seed(1)
    y = torch.nn.functional.dropout(x, p, training=True)
    (y * dout).sum().backward()
    torch.manual_seed(1)
    _, torch_mask = torch.native_dropout(x.detach(), p, True)
    np.testing.assert_array_equal(torch_mask.numpy(), (y != 0).detach().numpy())
    dx = ref.dropout_backward(dout.numpy(), (torch_mask.numpy(), 1.0 / (1.0 - p)))
    np.testing.assert_allclose(dx, x.grad.numpy(), rtol=1e-15, atol=0)


@pytest.mark.parametrize("training", [True, False])
def test_dropout_backward_matches_central_differences_with_a_fixed_mask(training):
    """The generator is seeded afresh at every call, so the mask is fixed and the forward pass
    is linear in x: central differences of Σ dout·out equal the backward pass."""
    rng = np.random.default_rng(5)
    x, dout = rng.normal(size=(3, 4, 5)), rng.normal(size=(3, 4, 5))

    def value(v):
        return float(
            np.sum(dout * ref.dropout_forward(v, 0.3, training, np.random.default_rng(6))[0])
        )

    _, cache = ref.dropout_forward(x, 0.3, training, np.random.default_rng(6))
    numeric = numerical_gradient(value, x)
    assert relative_error(ref.dropout_backward(dout, cache), numeric) < 1e-9
