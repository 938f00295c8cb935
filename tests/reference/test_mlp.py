"""The lesson-04 reference in float64: a training step and the whole loop against torch.optim.SGD
on the same batches, the data split, and the accuracy the lesson promises."""

import numpy as np
import pytest
import torch

from autograder.reference import mlp as ref
from autograder.student.checks.common import numerical_gradient

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


# ---------------------------------------------------------------- modular layers


def autograd(f, *arrays):
    """The value of ``f`` on float64 leaf tensors and the gradient of each."""
    leaves = [torch.tensor(a, requires_grad=True) for a in arrays]
    value = f(*leaves)
    value.backward()
    return value.item(), [leaf.grad.numpy() for leaf in leaves]


@pytest.mark.parametrize(("seed", "m", "n_in", "n_out"), [(0, 5, 3, 4), (1, 1, 2, 2), (2, 4, 6, 1)])
def test_linear_backward_is_autograd_and_central_differences(seed, m, n_in, n_out):
    rng = np.random.default_rng(seed)
    X, W, b = rng.normal(size=(m, n_in)), rng.normal(size=(n_in, n_out)), rng.normal(size=n_out)
    dout = rng.normal(size=(m, n_out))
    out, cache = ref.Linear.forward(X, W, b)
    grads = ref.Linear.backward(dout, cache)
    _, want = autograd(lambda X, W, b: torch.sum(torch.tensor(dout) * (X @ W + b)), X, W, b)
    inputs = [X, W, b]
    for i, (got, expected) in enumerate(zip(grads, want, strict=True)):
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-14)

        def f(v, i=i):
            args = list(inputs)
            args[i] = v
            return float(np.sum(dout * ref.Linear.forward(*args)[0]))

        np.testing.assert_allclose(got, numerical_gradient(f, inputs[i]), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(out, X @ W + b)


@pytest.mark.parametrize(
    ("layer", "torch_fn"),
    [(ref.ReLU, torch.relu), (ref.Sigmoid, torch.sigmoid)],
    ids=["relu", "sigmoid"],
)
def test_activation_backward_is_autograd(layer, torch_fn):
    """Including ReLU's kink: PyTorch, like the course, gives 0 at exactly 0."""
    rng = np.random.default_rng(3)
    Z, dA = 2.0 * rng.normal(size=(4, 5)), rng.normal(size=(4, 5))
    Z[0, :3] = 0.0
    A, cache = layer.forward(Z)
    _, (want,) = autograd(lambda z: torch.sum(torch.tensor(dA) * torch_fn(z)), Z)
    np.testing.assert_allclose(A, torch_fn(torch.tensor(Z)).numpy(), rtol=1e-14)
    np.testing.assert_allclose(layer.backward(dA, cache), want, rtol=1e-12, atol=1e-15)
    away = np.where(Z == 0.0, 0.7, Z)  # central differences need distance from the kink
    A, cache = layer.forward(away)
    numeric = numerical_gradient(lambda z: float(np.sum(dA * layer.forward(z)[0])), away)
    np.testing.assert_allclose(layer.backward(dA, cache), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize(
    ("seed", "m", "k", "offset"), [(4, 6, 4, 0.0), (5, 1, 3, 0.0), (6, 3, 5, 900.0)]
)
def test_softmax_cross_entropy_is_torch_cross_entropy(seed, m, k, offset):
    rng = np.random.default_rng(seed)
    scores, labels = offset + rng.normal(size=(m, k)), rng.integers(0, k, size=m)
    loss, dscores = ref.softmax_cross_entropy(scores, ref.one_hot(labels, k))
    want, (grad,) = autograd(
        lambda s: torch.nn.functional.cross_entropy(s, torch.tensor(labels)), scores
    )
    assert loss == pytest.approx(want, rel=1e-12)
    np.testing.assert_allclose(dscores, grad, rtol=1e-10, atol=1e-15)
    numeric = numerical_gradient(
        lambda s: ref.softmax_cross_entropy(s, ref.one_hot(labels, k))[0], scores
    )
    np.testing.assert_allclose(dscores, numeric, rtol=1e-5, atol=1e-9)


@pytest.mark.parametrize(
    ("seed", "m", "sizes"),
    [(7, 5, [4, 6, 3]), (8, 3, [3, 5, 4, 2]), (9, 1, [2, 4, 3, 5, 3]), (10, 4, [3, 2])],
)
def test_model_backward_is_autograd_of_the_whole_network(seed, m, sizes):
    rng = np.random.default_rng(seed)
    params = ref.init_deep_params(sizes, rng)
    params = {key: value + 0.3 * rng.normal(size=value.shape) for key, value in params.items()}
    X, labels = rng.normal(size=(m, sizes[0])), rng.integers(0, sizes[-1], size=m)
    Y = ref.one_hot(labels, sizes[-1])
    scores, caches = ref.model_forward(X, params)
    loss, dscores = ref.softmax_cross_entropy(scores, Y)
    grads = ref.model_backward(dscores, caches)
    keys = list(params)
    L = len(sizes) - 1

    def torch_loss(*leaves):
        p = dict(zip(keys, leaves, strict=True))
        A = torch.tensor(X)
        for layer in range(1, L):
            A = torch.relu(A @ p[f"W{layer}"] + p[f"b{layer}"])
        logits = A @ p[f"W{L}"] + p[f"b{L}"]
        return torch.nn.functional.cross_entropy(logits, torch.tensor(labels))

    want_loss, want = autograd(torch_loss, *(params[key] for key in keys))
    assert loss == pytest.approx(want_loss, rel=1e-12)
    assert sorted(grads) == sorted(keys)
    for key, expected in zip(keys, want, strict=True):
        np.testing.assert_allclose(grads[key], expected, rtol=1e-10, atol=1e-14)

        def f(v, key=key):
            scores, _ = ref.model_forward(X, {**params, key: v})
            return ref.softmax_cross_entropy(scores, Y)[0]

        np.testing.assert_allclose(
            grads[key], numerical_gradient(f, params[key]), rtol=1e-5, atol=1e-8
        )


def test_layers_rebuild_the_two_layer_network_of_lesson_3():
    X, labels, params = problem(11, 6, 4, 5, 3)
    Y = ref.one_hot(labels, 3)
    Z1, cache1 = ref.Linear.forward(X, params["W1"], params["b1"])
    A1, cache_sigmoid = ref.Sigmoid.forward(Z1)
    scores, cache2 = ref.Linear.forward(A1, params["W2"], params["b2"])
    loss, dscores = ref.softmax_cross_entropy(scores, Y)
    dA1, dW2, db2 = ref.Linear.backward(dscores, cache2)
    _, dW1, db1 = ref.Linear.backward(ref.Sigmoid.backward(dA1, cache_sigmoid), cache1)
    want = ref.two_layer_backward(X, Y, params)
    assert loss == pytest.approx(ref.two_layer_loss(X, Y, params), rel=1e-14)
    for key, got in {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}.items():
        np.testing.assert_allclose(got, want[key], rtol=1e-13, atol=1e-16)


def test_deep_network_on_the_digits_reaches_the_accuracy_the_lesson_quotes():
    data = ref.load_digits_split(0)
    X, y = data["X_train"], data["y_train"]
    Y = ref.one_hot(y, 10)
    params = ref.init_deep_params([64, 32, 16, 10], np.random.default_rng(1))
    rng = np.random.default_rng(2)
    for _ in range(25):
        order = rng.permutation(len(y))
        for start in range(0, len(y), 64):
            batch = order[start : start + 64]
            scores, caches = ref.model_forward(X[batch], params)
            _, dscores = ref.softmax_cross_entropy(scores, Y[batch])
            grads = ref.model_backward(dscores, caches)
            params = {key: value - 0.1 * grads[key] for key, value in params.items()}
    assert ref.accuracy(ref.model_forward(data["X_test"], params)[0], data["y_test"]) > 0.96
