"""The lesson-04 reference in float64: a training step and the whole loop against torch.optim.SGD
on the same batches, the data split, and the accuracy the lesson promises."""

import numpy as np
import pytest
import torch

from autograder.reference import mlp as ref

torch.set_default_dtype(torch.float64)


def problem(seed, m, n_in, n_hidden, k):
    rng = np.random.default_rng(seed)
    params = ref.init_params(n_in, n_hidden, k, rng)
    params["b1"], params["b2"] = rng.normal(size=n_hidden), rng.normal(size=k)
    labels = rng.integers(0, k, size=m)
    return rng.normal(size=(m, n_in)), labels, params


class TorchNet(torch.nn.Module):
    """The lesson's network with its parameters as leaf tensors of the same layout (n_in, n_out)."""

    def __init__(self, params):
        super().__init__()
        self.p = torch.nn.ParameterDict(
            {key: torch.nn.Parameter(torch.tensor(value)) for key, value in params.items()}
        )

    def forward(self, X):
        A1 = torch.sigmoid(X @ self.p["W1"] + self.p["b1"])
        return A1 @ self.p["W2"] + self.p["b2"]

    def numpy(self):
        return {key: value.detach().numpy().copy() for key, value in self.p.items()}


def torch_train(X, labels, params, lr, batch_size, n_epochs, seed):
    """torch.optim.SGD over the batches the lesson's loop cuts from rng.permutation."""
    net = TorchNet(params)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    rng, losses = np.random.default_rng(seed), []
    Xt, yt = torch.tensor(X), torch.tensor(labels)
    for _ in range(n_epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = torch.from_numpy(order[start : start + batch_size])
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(Xt[batch]), yt[batch])
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    return net.numpy(), np.array(losses)


@pytest.mark.parametrize(("seed", "m", "lr"), [(0, 7, 0.5), (1, 1, 2.0), (2, 20, 0.05)])
def test_train_step_is_one_step_of_torch_sgd(seed, m, lr):
    X, labels, params = problem(seed, m, 3, 5, 4)
    new, loss = ref.train_step(X, ref.one_hot(labels, 4), params, lr)
    want, losses = torch_train(X, labels, params, lr, m, 1, 0)
    assert loss == pytest.approx(losses[0], rel=1e-12)
    for key in params:
        np.testing.assert_allclose(new[key], want[key], rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize(
    ("seed", "m", "batch_size", "n_epochs"), [(3, 13, 4, 3), (4, 10, 10, 2), (5, 9, 1, 2)]
)
def test_train_matches_torch_sgd_on_the_same_batches(seed, m, batch_size, n_epochs):
    X, labels, params = problem(seed, m, 4, 6, 3)
    got, losses = ref.train(
        X, ref.one_hot(labels, 3), params, 0.7, batch_size, n_epochs, np.random.default_rng(9)
    )
    want, want_losses = torch_train(X, labels, params, 0.7, batch_size, n_epochs, 9)
    np.testing.assert_allclose(losses, want_losses, rtol=1e-10)
    for key in params:
        np.testing.assert_allclose(got[key], want[key], rtol=1e-9, atol=1e-12)


def test_train_leaves_its_inputs_alone_and_loss_is_taken_before_each_step():
    X, labels, params = problem(6, 8, 3, 4, 2)
    Y, before = ref.one_hot(labels, 2), {key: value.copy() for key, value in params.items()}
    _, losses = ref.train(X, Y, params, 0.5, 8, 1, np.random.default_rng(0))
    assert losses[0] == pytest.approx(ref.two_layer_loss(X, Y, params), rel=1e-12)
    for key in params:
        np.testing.assert_array_equal(params[key], before[key])


def test_fit_is_train_plus_validation_accuracy():
    """Does fit reproduce train epoch by epoch, with the accuracy on the validation set?"""
    X, labels, params = problem(7, 15, 3, 5, 4)
    X_val, labels_val, _ = problem(8, 6, 3, 5, 4)
    fitted, history = ref.fit(
        X, labels, X_val, labels_val, params, 0.9, 4, 3, np.random.default_rng(1)
    )
    rng, current, expected = np.random.default_rng(1), params, []
    for _ in range(3):
        current, _ = ref.train(X, ref.one_hot(labels, 4), current, 0.9, 4, 1, rng)
        expected.append(ref.accuracy(ref.logits_of(X_val, current), labels_val))
    np.testing.assert_array_equal(history, expected)
    for key in params:
        np.testing.assert_array_equal(fitted[key], current[key])


def test_accuracy_counts_rows_and_breaks_ties_by_the_first_index():
    logits = np.array([[1.0, 3.0, 2.0], [5.0, 5.0, 0.0], [0.0, 0.0, 1.0], [2.0, 1.0, 0.0]])
    assert ref.accuracy(logits, np.array([1, 0, 2, 1])) == 0.75
    assert ref.accuracy(logits, np.array([1, 1, 2, 0])) == 0.75


def test_digits_split_standardises_with_training_statistics_only():
    data = ref.load_digits_split(0)
    sizes = [len(data[f"y_{part}"]) for part in ("train", "val", "test")]
    assert sizes == [1079, 359, 359]
    train = data["X_train"]
    varying = train.std(axis=0) > 0
    np.testing.assert_allclose(train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(train.std(axis=0)[varying], 1.0, rtol=1e-12)
    assert abs(data["X_test"].mean()) > 1e-4  # the test set was not used for the statistics


def test_the_lessons_recipe_reaches_96_percent_test_accuracy():
    """The lesson's network and settings (64-128-10, lr 0.5, batch 64, 30 epochs, seeds 1 and 2)
    reach at least 96% on the digits' test set, as the lesson promises."""
    data = ref.load_digits_split(0)
    params = ref.init_params(64, 128, 10, np.random.default_rng(1))
    Y = ref.one_hot(data["y_train"], 10)
    params, losses = ref.train(data["X_train"], Y, params, 0.5, 64, 30, np.random.default_rng(2))
    assert losses.shape == (30 * 17,)
    assert ref.accuracy(ref.logits_of(data["X_test"], params), data["y_test"]) >= 0.96


@pytest.mark.parametrize("seed", range(3))
def test_fused_train_step_equals_the_lessons_helpers_exactly(seed):
    """The reference step computes one forward pass for loss and gradients; does it give the
    very numbers of two_layer_loss and two_layer_backward, as the notebook's answer does?"""
    X, labels, params = problem(10 + seed, 9, 4, 6, 5)
    Y = ref.one_hot(labels, 5)
    new, loss = ref.train_step(X, Y, params, 0.3)
    grads = ref.two_layer_backward(X, Y, params)
    assert loss == ref.two_layer_loss(X, Y, params)
    for key in params:
        np.testing.assert_array_equal(new[key], params[key] - 0.3 * grads[key])
