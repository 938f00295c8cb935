"""The lesson-03 reference, in float64, against torch autograd and central differences."""

import numpy as np
import pytest
import torch

from autograder.reference import backprop as ref
from autograder.student.checks.common import numerical_gradient, relative_error

torch.set_default_dtype(torch.float64)


def one_hot(rng, m, k):
    return np.eye(k)[rng.integers(0, k, size=m)]


def network(seed, m, n_in, n_hidden, k):
    rng = np.random.default_rng(seed)
    params = {
        "W1": rng.normal(size=(n_in, n_hidden)),
        "b1": rng.normal(size=n_hidden),
        "W2": rng.normal(size=(n_hidden, k)),
        "b2": rng.normal(size=k),
    }
    return rng.normal(size=(m, n_in)), one_hot(rng, m, k), params


def torch_two_layer(X, Y, params):
    """The two-layer loss built from torch primitives, and its parameters as leaf tensors."""
    leaves = {key: torch.tensor(value, requires_grad=True) for key, value in params.items()}
    A1 = torch.sigmoid(torch.tensor(X) @ leaves["W1"] + leaves["b1"])
    Z2 = A1 @ leaves["W2"] + leaves["b2"]
    loss = -(torch.tensor(Y) * torch.log_softmax(Z2, dim=1)).sum() / X.shape[0]
    return loss, leaves


@pytest.mark.parametrize(("seed", "n", "y"), [(0, 3, 1.0), (1, 1, 0.0), (2, 7, 0.25), (3, 4, 1.0)])
def test_neuron_gradients_match_torch_autograd(seed, n, y):
    rng = np.random.default_rng(seed)
    x, w, b = rng.normal(size=n), 2.0 * rng.normal(size=n), float(rng.normal())
    wt, bt = torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True)
    loss = (torch.sigmoid(wt @ torch.tensor(x) + bt) - y) ** 2
    loss.backward()
    grad_w, grad_b = ref.neuron_gradients(x, y, w, b)
    np.testing.assert_allclose(grad_w, wt.grad.numpy(), rtol=1e-10, atol=1e-14)
    assert grad_b == pytest.approx(bt.grad.item(), rel=1e-10, abs=1e-14)
    assert ref.neuron_loss(x, y, w, b) == pytest.approx(loss.item(), rel=1e-12)


@pytest.mark.parametrize(
    ("seed", "m", "k", "scale"), [(0, 4, 3, 1.0), (1, 1, 5, 3.0), (2, 9, 2, 0.1)]
)
def test_softmax_cross_entropy_grad_matches_torch_autograd(seed, m, k, scale):
    rng = np.random.default_rng(seed)
    logits, Y = scale * rng.normal(size=(m, k)), one_hot(rng, m, k)
    Zt = torch.tensor(logits, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(Zt, torch.tensor(Y.argmax(axis=1)))
    loss.backward()
    np.testing.assert_allclose(
        ref.softmax_cross_entropy_grad(logits, Y), Zt.grad.numpy(), rtol=1e-10, atol=1e-14
    )
    assert ref.cross_entropy(logits, Y) == pytest.approx(loss.item(), rel=1e-12)


def test_softmax_cross_entropy_stays_finite_for_huge_logits():
    """Do the loss and its gradient match torch, without overflow, for logits near ±1000?"""
    logits = np.array([[1000.0, -1000.0, 999.0], [-998.0, -1000.0, -999.5]])
    Y = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    Zt = torch.tensor(logits, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(Zt, torch.tensor([2, 0]))
    loss.backward()
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        grad = ref.softmax_cross_entropy_grad(logits, Y)
        value = ref.cross_entropy(logits, Y)
    np.testing.assert_allclose(grad, Zt.grad.numpy(), rtol=1e-10, atol=1e-14)
    assert value == pytest.approx(loss.item(), rel=1e-12)


@pytest.mark.parametrize(
    ("seed", "m", "n_in", "n_hidden", "k"), [(0, 7, 3, 5, 4), (1, 1, 2, 3, 2), (2, 20, 6, 4, 3)]
)
def test_two_layer_backward_matches_torch_autograd(seed, m, n_in, n_hidden, k):
    X, Y, params = network(seed, m, n_in, n_hidden, k)
    loss, leaves = torch_two_layer(X, Y, params)
    loss.backward()
    grads = ref.two_layer_backward(X, Y, params)
    assert set(grads) == set(params)
    for key in params:
        assert grads[key].shape == params[key].shape
        np.testing.assert_allclose(grads[key], leaves[key].grad.numpy(), rtol=1e-10, atol=1e-14)
    assert ref.two_layer_loss(X, Y, params) == pytest.approx(loss.item(), rel=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_reference_gradients_match_central_differences(seed):
    rng = np.random.default_rng(10 + seed)
    x, w, b = rng.normal(size=5), rng.normal(size=5), float(rng.normal())
    grad_w, grad_b = ref.neuron_gradients(x, 1.0, w, b)
    numeric_w = numerical_gradient(lambda v: ref.neuron_loss(x, 1.0, v, b), w)
    numeric_b = numerical_gradient(lambda v: ref.neuron_loss(x, 1.0, w, float(v)), np.array(b))
    assert relative_error(grad_w, numeric_w) < 1e-8
    assert relative_error(grad_b, numeric_b) < 1e-8

    X, Y, params = network(20 + seed, 6, 3, 5, 4)
    grads = ref.two_layer_backward(X, Y, params)
    for key in params:
        numeric = numerical_gradient(
            lambda v, key=key: ref.two_layer_loss(X, Y, {**params, key: v}), params[key]
        )
        assert relative_error(grads[key], numeric) < 1e-7, key


def test_batch_gradient_is_the_mean_of_per_example_gradients():
    """Is the 1/m of the mean in the right place: batch gradient = mean over single examples?"""
    X, Y, params = network(5, 8, 3, 5, 4)
    batch = ref.two_layer_backward(X, Y, params)
    singles = [ref.two_layer_backward(X[i : i + 1], Y[i : i + 1], params) for i in range(8)]
    for key in params:
        mean = np.mean([g[key] for g in singles], axis=0)
        np.testing.assert_allclose(batch[key], mean, rtol=1e-12, atol=1e-15)


def test_gradient_check_agrees_with_torch_on_a_matrix():
    rng = np.random.default_rng(7)
    A, x = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))

    def f(v):
        return float(np.sum(np.tanh(v * A)) + np.sum(v[0] * v[1]))

    xt = torch.tensor(x, requires_grad=True)
    (torch.tanh(xt * torch.tensor(A)).sum() + (xt[0] * xt[1]).sum()).backward()
    exact = xt.grad.numpy()
    numeric, error = ref.gradient_check(f, x, exact, 1e-6)
    assert numeric.shape == x.shape
    assert relative_error(numeric, exact) < 1e-8
    assert 0.0 <= error < 1e-8
    wrong = 2.0 * exact
    _, error = ref.gradient_check(f, x, wrong, 1e-6)
    assert error == pytest.approx(1 / 3, rel=1e-6)  # ‖2g − g‖ / (‖2g‖ + ‖g‖)


def test_gradient_check_error_is_relative_and_zero_for_a_constant():
    x = np.array([0.5, -1.0, 2.0])
    _, small = ref.gradient_check(lambda v: float(np.sum(v**3)), x, 3 * x**2 * 1.01, 1e-5)
    _, large = ref.gradient_check(lambda v: 1e6 * float(np.sum(v**3)), x, 3e6 * x**2 * 1.01, 1e-5)
    assert small == pytest.approx(large, rel=1e-6)
    assert ref.gradient_check(lambda v: 3.0, x, np.zeros(3), 1e-3) == (pytest.approx(0.0), 0.0)


def test_gradient_check_takes_integer_points_and_leaves_them_alone():
    x = np.array([1, -2, 3])
    numeric, _ = ref.gradient_check(lambda v: float(np.sum(v**2)), x, 2 * x, 0.5)
    np.testing.assert_allclose(numeric, [2.0, -4.0, 6.0], rtol=1e-12)
    np.testing.assert_array_equal(x, [1, -2, 3])


def test_central_difference_error_shrinks_like_eps_squared():
    """Does halving ε divide the central-difference error by about 4, as the lesson derives?"""
    x = np.array([0.7])
    exact = np.array([np.cos(0.7)])
    errors = []
    for eps in (1e-2, 5e-3):
        numeric, _ = ref.gradient_check(lambda v: float(np.sin(v[0])), x, exact, eps)
        errors.append(abs(numeric[0] - exact[0]))
    assert errors[0] / errors[1] == pytest.approx(4.0, rel=1e-3)


def test_reference_leaves_its_inputs_alone():
    X, Y, params = network(3, 5, 2, 3, 4)
    before = {key: value.copy() for key, value in params.items()}
    copies = [X.copy(), Y.copy()]
    ref.two_layer_backward(X, Y, params)
    ref.softmax_cross_entropy_grad(X @ params["W1"] @ params["W2"], Y)
    for key in params:
        np.testing.assert_array_equal(params[key], before[key])
    np.testing.assert_array_equal(X, copies[0])
    np.testing.assert_array_equal(Y, copies[1])
