"""The lesson-05 reference, in float64, against central differences, torch's built-in
operations and a training loop written out without torch.optim."""

import numpy as np
import pytest
import torch
from torch import nn

from autograder.hidden.pytorch import make_model
from autograder.reference import pytorch as ref
from autograder.student.checks.common import numerical_gradient, relative_error


def network(seed, m, n_in, n_hidden, k):
    rng = np.random.default_rng(seed)
    params = {
        "W1": rng.normal(size=(n_in, n_hidden)),
        "b1": rng.normal(size=n_hidden),
        "W2": rng.normal(size=(n_hidden, k)),
        "b2": rng.normal(size=k),
    }
    return rng.normal(size=(m, n_in)), rng.integers(0, k, size=m), params


@pytest.mark.parametrize(
    ("seed", "m", "n_in", "n_hidden", "k"), [(0, 7, 3, 5, 4), (1, 1, 2, 3, 2), (2, 20, 6, 4, 3)]
)
def test_torch_gradients_match_central_differences_of_numpy_loss(seed, m, n_in, n_hidden, k):
    X, y, params = network(seed, m, n_in, n_hidden, k)
    grads = ref.torch_gradients(X, y, params)
    for key, value in params.items():
        numeric = numerical_gradient(
            lambda v, key=key: ref.numpy_loss(X, y, {**params, key: v}), value
        )
        assert grads[key].dtype == np.float64
        assert relative_error(grads[key], numeric) < 1e-7, key


def test_numpy_loss_is_torch_cross_entropy():
    X, y, params = network(3, 9, 4, 5, 3)
    A1 = torch.tanh(torch.tensor(X) @ torch.tensor(params["W1"]) + torch.tensor(params["b1"]))
    logits = A1 @ torch.tensor(params["W2"]) + torch.tensor(params["b2"])
    expected = nn.functional.cross_entropy(logits, torch.tensor(y)).item()
    assert ref.numpy_loss(X, y, params) == pytest.approx(expected, rel=1e-12)


def test_torch_gradients_leave_params_alone():
    X, y, params = network(4, 5, 3, 4, 2)
    before = {key: value.copy() for key, value in params.items()}
    ref.torch_gradients(X, y, params)
    assert all(np.array_equal(params[key], before[key]) for key in params)


@pytest.mark.parametrize("cap", [6.0, 1.0, 2.5])
def test_clipped_relu_is_hardtanh_forward_and_backward(cap):
    """Does ClippedReLU agree with hardtanh(x, 0, cap), kinks included, for any upstream?"""
    rng = np.random.default_rng(int(cap * 10))
    x = np.concatenate([[0.0, cap, -cap, 2 * cap], rng.uniform(-2 * cap, 2 * cap, size=20)])
    upstream = torch.tensor(rng.normal(size=x.shape))
    mine = torch.tensor(x, requires_grad=True)
    theirs = torch.tensor(x, requires_grad=True)
    out = ref.ClippedReLU.apply(mine, cap)
    expected = nn.functional.hardtanh(theirs, 0.0, cap)
    (out * upstream).sum().backward()
    (expected * upstream).sum().backward()
    assert torch.equal(out.detach(), expected.detach())
    assert torch.equal(mine.grad, theirs.grad)


def test_clipped_relu_passes_gradcheck_away_from_kinks():
    x = torch.tensor([-1.5, 0.2, 1.0, 2.9, 3.2, 7.0], dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda v: ref.ClippedReLU.apply(v, 3.0), (x,))
    assert torch.autograd.gradgradcheck(lambda v: ref.ClippedReLU.apply(v, 3.0), (x,))


def sgd_by_hand(model, X, y, lr, n_epochs, batch_size):
    """Plain SGD on the mean cross-entropy, with torch.autograd.grad and explicit updates."""
    params = list(model.parameters())
    losses = []
    for _ in range(n_epochs):
        for start in range(0, len(y), batch_size):
            xb = torch.as_tensor(X[start : start + batch_size])
            yb = torch.as_tensor(y[start : start + batch_size])
            loss = nn.functional.cross_entropy(model(xb), yb)
            grads = torch.autograd.grad(loss, params)
            with torch.no_grad():
                for p, g in zip(params, grads, strict=True):
                    p -= lr * g
            losses.append(loss.item())
    return losses


def test_train_loop_is_sgd_written_out():
    """Without dropout, does the loop with torch.optim.SGD follow SGD step by step?"""
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(23, 4)), rng.integers(0, 3, size=23)
    mine, theirs = make_model(9, 4, 6, 3, 0.0), make_model(9, 4, 6, 3, 0.0)
    mine.eval()
    losses = ref.train_loop(mine, torch.optim.SGD(mine.parameters(), lr=0.3), X, y, 3, 5)
    expected = sgd_by_hand(theirs, X, y, 0.3, 3, 5)
    assert len(losses) == 3 * 5 and all(type(v) is float for v in losses)
    np.testing.assert_allclose(losses, expected, rtol=1e-12)
    for p, q in zip(mine.parameters(), theirs.parameters(), strict=True):
        np.testing.assert_allclose(p.detach().numpy(), q.detach().numpy(), rtol=1e-12, atol=1e-14)
    assert mine.training


@pytest.mark.parametrize("training", [True, False])
def test_evaluate_uses_the_network_without_dropout_and_keeps_the_mode(training):
    rng = np.random.default_rng(6)
    X, y = rng.normal(size=(30, 4)), rng.integers(0, 3, size=30)
    model = make_model(10, 4, 8, 3, 0.5)
    model.train(training)
    loss, accuracy = ref.evaluate(model, X, y)
    W1, b1 = model[0].weight.detach().numpy(), model[0].bias.detach().numpy()
    W2, b2 = model[3].weight.detach().numpy(), model[3].bias.detach().numpy()
    logits = np.maximum(X @ W1.T + b1, 0) @ W2.T + b2
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    assert loss == pytest.approx(-log_probs[np.arange(30), y].mean(), rel=1e-12)
    assert accuracy == pytest.approx(np.mean(logits.argmax(axis=1) == y), abs=1e-15)
    assert type(loss) is float and type(accuracy) is float
    assert model.training == training
