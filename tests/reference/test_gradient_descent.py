"""The reference, in float64, against central differences and torch autograd."""

import numpy as np
import pytest
import torch

from autograder.reference import gradient_descent as ref
from autograder.student.checks.common import numerical_gradient, relative_error

torch.set_default_dtype(torch.float64)


def problem(seed, m, d):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(m, d)), rng.normal(size=m), rng.normal(size=d), float(rng.normal())


@pytest.mark.parametrize(("seed", "m", "d"), [(0, 7, 3), (1, 1, 1), (2, 40, 6), (3, 3, 8)])
def test_mse_gradient_matches_torch_autograd(seed, m, d):
    X, y, w, b = problem(seed, m, d)
    wt = torch.tensor(w, requires_grad=True)
    bt = torch.tensor(b, requires_grad=True)
    loss = torch.mean((torch.tensor(X) @ wt + bt - torch.tensor(y)) ** 2)
    loss.backward()
    grad_w, grad_b = ref.mse_gradient(X, y, w, b)
    np.testing.assert_allclose(grad_w, wt.grad.numpy(), rtol=1e-10, atol=1e-12)
    assert grad_b == pytest.approx(bt.grad.item(), rel=1e-10, abs=1e-12)
    assert ref.mse_loss(X, y, w, b) == pytest.approx(loss.item(), rel=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_mse_gradient_matches_central_differences(seed):
    X, y, w, b = problem(seed, 9, 4)
    grad_w, grad_b = ref.mse_gradient(X, y, w, b)
    numeric_w = numerical_gradient(lambda v: ref.mse_loss(X, y, v, b), w)
    numeric_b = numerical_gradient(lambda v: ref.mse_loss(X, y, w, float(v)), np.array(b))
    assert relative_error(grad_w, numeric_w) < 1e-8
    assert relative_error(grad_b, numeric_b) < 1e-8


def test_gradient_descent_matches_torch_sgd():
    """Is every point of the path the one torch.optim.SGD reaches on the same quadratic?"""
    rng = np.random.default_rng(5)
    Q = rng.normal(size=(4, 4))
    A, c = Q @ Q.T + np.eye(4), rng.normal(size=4)
    w0, lr, n_steps = rng.normal(size=4), 0.05, 50
    path = ref.gradient_descent(lambda w: A @ w - c, w0, lr, n_steps)

    wt = torch.tensor(w0, requires_grad=True)
    optimizer = torch.optim.SGD([wt], lr=lr)
    expected = [w0]
    for _ in range(n_steps):
        optimizer.zero_grad()
        (0.5 * wt @ torch.tensor(A) @ wt - torch.tensor(c) @ wt).backward()
        optimizer.step()
        expected.append(wt.detach().numpy().copy())
    assert path.shape == (n_steps + 1, 4)
    np.testing.assert_allclose(path, np.array(expected), rtol=1e-10, atol=1e-12)


def test_minibatch_sgd_matches_a_torch_training_loop():
    X, y, w0, b0 = problem(11, 23, 3)
    lr, batch_size, n_epochs = 0.1, 5, 4
    w, b, losses = ref.minibatch_sgd(
        X, y, w0, b0, lr, batch_size, n_epochs, np.random.default_rng(0)
    )

    rng = np.random.default_rng(0)
    wt, bt = torch.tensor(w0, requires_grad=True), torch.tensor(b0, requires_grad=True)
    optimizer = torch.optim.SGD([wt, bt], lr=lr)
    expected_losses = []
    for _ in range(n_epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            idx = order[start : start + batch_size]
            optimizer.zero_grad()
            loss = torch.mean((torch.tensor(X[idx]) @ wt + bt - torch.tensor(y[idx])) ** 2)
            loss.backward()
            optimizer.step()
            expected_losses.append(loss.item())
    np.testing.assert_allclose(losses, expected_losses, rtol=1e-10)
    np.testing.assert_allclose(w, wt.detach().numpy(), rtol=1e-10)
    assert b == pytest.approx(bt.item(), rel=1e-10)
    assert len(losses) == n_epochs * 5


def test_gradient_descent_reaches_the_least_squares_solution():
    X, y, _, _ = problem(4, 50, 2)
    w_ls, b_ls = ref.least_squares(X, y)

    def grad_theta(theta):
        grad_w, grad_b = ref.mse_gradient(X, y, theta[:-1], theta[-1])
        return np.append(grad_w, grad_b)

    theta = ref.gradient_descent(grad_theta, np.zeros(3), 0.2, 2000)[-1]
    np.testing.assert_allclose(theta, np.append(w_ls, b_ls), rtol=1e-8, atol=1e-10)


def test_reference_leaves_its_inputs_alone():
    X, y, w, b = problem(2, 6, 2)
    copies = [a.copy() for a in (X, y, w)]
    ref.mse_gradient(X, y, w, b)
    ref.gradient_descent(lambda v: v, w, 0.1, 3)
    ref.minibatch_sgd(X, y, w, b, 0.1, 4, 2, np.random.default_rng(0))
    for before, after in zip(copies, (X, y, w), strict=True):
        np.testing.assert_array_equal(before, after)
