"""The lesson-07 reference, in float64, against torch (BatchNorm1d, autograd, clip_grad_norm_,
nn.init) and central differences."""

import numpy as np
import pytest
import torch

from autograder.reference import gradient_flow as ref
from autograder.student.checks.common import numerical_gradient, relative_error

torch.set_default_dtype(torch.float64)


def bn_inputs(seed, m, d):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(m, d)) * rng.uniform(0.5, 3.0, size=d) + rng.normal(size=d)
    return rng, x, rng.uniform(0.5, 2.0, size=d), rng.normal(size=d)


@pytest.mark.parametrize(("m", "d", "momentum", "eps"), [(6, 4, 0.1, 1e-5), (2, 3, 0.3, 0.1)])
def test_batchnorm_forward_matches_torch_batchnorm1d_over_several_steps(m, d, momentum, eps):
    """Do out and both running statistics follow BatchNorm1d through training and evaluation?"""
    rng, _, gamma, beta = bn_inputs(0, m, d)
    bn = torch.nn.BatchNorm1d(d, momentum=momentum, eps=eps)
    with torch.no_grad():
        bn.weight.copy_(torch.tensor(gamma))
        bn.bias.copy_(torch.tensor(beta))
    mean, var = np.zeros(d), np.ones(d)
    for step in range(6):
        training = step % 3 != 2
        x = 2.0 * rng.normal(size=(m, d)) + 1.0
        bn.train(training)
        with torch.no_grad():
            want = bn(torch.tensor(x)).numpy()
        out, mean, var = ref.batchnorm_forward(x, gamma, beta, mean, var, training, momentum, eps)
        np.testing.assert_allclose(out, want, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(mean, bn.running_mean.numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(var, bn.running_var.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(
    ("seed", "m", "d", "eps"), [(0, 6, 4, 1e-5), (1, 3, 5, 0.1), (2, 2, 1, 1e-5)]
)
def test_batchnorm_backward_matches_torch_autograd(seed, m, d, eps):
    rng, x, gamma, beta = bn_inputs(seed, m, d)
    dout = rng.normal(size=(m, d))
    xt = torch.tensor(x, requires_grad=True)
    gt, bt = torch.tensor(gamma, requires_grad=True), torch.tensor(beta, requires_grad=True)
    out = torch.nn.functional.batch_norm(xt, None, None, gt, bt, training=True, eps=eps)
    (out * torch.tensor(dout)).sum().backward()
    for got, want in zip(ref.batchnorm_backward(dout, x, gamma, eps), (xt, gt, bt), strict=True):
        np.testing.assert_allclose(got, want.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_batchnorm_backward_matches_central_differences():
    rng, x, gamma, beta = bn_inputs(3, 5, 3)
    dout, eps = rng.normal(size=(5, 3)), 1e-5

    def loss(x_, gamma_):
        mean, var = np.zeros(3), np.ones(3)
        return float(np.sum(dout * ref.batchnorm_forward(x_, gamma_, beta, mean, var, True)[0]))

    dx, dgamma, dbeta = ref.batchnorm_backward(dout, x, gamma, eps)
    assert relative_error(dx, numerical_gradient(lambda v: loss(v, gamma), x)) < 1e-8
    assert relative_error(dgamma, numerical_gradient(lambda v: loss(x, v), gamma)) < 1e-8
    np.testing.assert_allclose(dbeta, dout.sum(axis=0))


@pytest.mark.parametrize(("seed", "m", "d", "h"), [(0, 5, 3, 4), (1, 1, 4, 6), (2, 7, 2, 3)])
def test_residual_backward_matches_torch_autograd_and_central_differences(seed, m, d, h):
    rng = np.random.default_rng(seed)
    args = [rng.normal(size=s) for s in [(m, d), (d, h), (h,), (h, d), (d,)]]
    dout = rng.normal(size=(m, d))
    leaves = [torch.tensor(a, requires_grad=True) for a in args]
    x, W1, b1, W2, b2 = leaves
    y = x + torch.relu(x @ W1 + b1) @ W2 + b2
    (y * torch.tensor(dout)).sum().backward()
    grads = ref.residual_backward(dout, *args)
    for got, leaf in zip(grads, leaves, strict=True):
        np.testing.assert_allclose(got, leaf.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ref.residual_forward(*args), y.detach().numpy(), rtol=1e-12)
    for i, got in enumerate(grads):

        def loss(value, i=i):
            return float(np.sum(dout * ref.residual_forward(*args[:i], value, *args[i + 1 :])))

        assert relative_error(got, numerical_gradient(loss, args[i])) < 1e-7


@pytest.mark.parametrize("max_norm", [0.01, 1.0, 2.5, 100.0])
def test_clip_grad_norm_matches_torch(max_norm):
    rng = np.random.default_rng(4)
    grads = [rng.normal(size=(3, 2)), 0.01 * rng.normal(size=4), 5.0 * rng.normal(size=(2, 2))]
    tensors = [torch.zeros(g.shape, requires_grad=True) for g in grads]
    for tensor, g in zip(tensors, grads, strict=True):
        tensor.grad = torch.tensor(g)
    total = torch.nn.utils.clip_grad_norm_(tensors, max_norm)
    clipped, norm = ref.clip_grad_norm(grads, max_norm)
    assert norm == pytest.approx(total.item(), rel=1e-12)
    for got, tensor in zip(clipped, tensors, strict=True):
        np.testing.assert_allclose(got, tensor.grad.numpy(), rtol=1e-12, atol=0)


@pytest.mark.parametrize(("fan_in", "fan_out"), [(300, 500), (600, 200)])
def test_initializers_have_torch_scales(fan_in, fan_out):
    """Do the draws have the bound and the variance of torch.nn.init (which stores W as
    (fan_out, fan_in))?"""
    torch.manual_seed(0)
    xavier_t = torch.nn.init.xavier_uniform_(torch.empty(fan_out, fan_in)).numpy()
    he_t = torch.nn.init.kaiming_normal_(torch.empty(fan_out, fan_in), nonlinearity="relu")
    rng = np.random.default_rng(0)
    xavier, he = ref.xavier_uniform(fan_in, fan_out, rng), ref.he_normal(fan_in, fan_out, rng)
    assert xavier.shape == he.shape == (fan_in, fan_out)
    limit = np.sqrt(6 / (fan_in + fan_out))
    assert np.abs(xavier).max() <= limit and np.abs(xavier_t).max() <= limit * (1 + 1e-12)
    assert np.abs(xavier).max() == pytest.approx(limit, rel=1e-3)
    assert xavier.var() == pytest.approx(xavier_t.var(), rel=0.02)
    assert he.var() == pytest.approx(he_t.numpy().var(), rel=0.02)
    assert he.var() == pytest.approx(2 / fan_in, rel=0.02)


def test_initializers_draw_exactly_as_the_exercise_states():
    """The hidden tests replay these calls; the reference makes exactly these calls."""
    a, b = np.random.default_rng(9), np.random.default_rng(9)
    limit = np.sqrt(6 / 11)
    assert np.array_equal(ref.xavier_uniform(3, 8, a), b.uniform(-limit, limit, size=(3, 8)))
    assert np.array_equal(ref.he_normal(3, 8, a), b.normal(0.0, np.sqrt(2 / 3), size=(3, 8)))
