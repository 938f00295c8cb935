"""Public checks of lesson 05 (backpropagation in PyTorch). Gradients are compared with central
differences of a NumPy loss; a training loop with one or two plain SGD steps written out by the
definition; evaluation with a network that reports how it was called. torch is imported inside
the checks, so that importing this module stays light."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.student.checks.common import (
    CheckFailed,
    gradient_agrees,
    numerical_gradient,
    passed,
    public_check,
    relative_error,
    require,
)
from autograder.student.i18n import t

PARAMETER_NAMES = ("W1", "b1", "W2", "b2")


def _run(name: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Call the student's code; an untouched exercise or an exception becomes a message."""
    try:
        return fn(*args)
    except NotImplementedError:
        raise CheckFailed(t("check.not_implemented", name=name), name) from None
    except CheckFailed:
        raise
    except Exception as exc:  # torch raises RuntimeError for most misuse; say which
        message = t("check.pytorch.raised", name=name, error=type(exc).__name__, message=exc)
        raise CheckFailed(message, name) from exc


def _numpy_loss(X: np.ndarray, y: np.ndarray, params: dict[str, np.ndarray]) -> float:
    A1 = np.tanh(X @ params["W1"] + params["b1"])
    Z2 = A1 @ params["W2"] + params["b2"]
    shifted = Z2 - Z2.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(y)), y].mean())


def _numpy_array(name: str, part: str, value: Any, shape: tuple[int, ...]) -> np.ndarray:
    """A float64 NumPy array of the given shape, or a message saying what it is instead."""
    kind = type(value).__name__
    require(
        isinstance(value, np.ndarray), "check.pytorch.not_numpy", name=name, part=part, kind=kind
    )
    require(
        value.dtype == np.float64,
        "check.pytorch.not_float64",
        name=name,
        part=part,
        dtype=str(value.dtype),
    )
    actual = value.shape
    require(actual == shape, "check.shape", name=name, part=part, expected=shape, actual=actual)
    return value


@public_check
def check_torch_gradients(torch_gradients: Callable) -> None:
    """A dict of float64 NumPy gradients that agree with central differences of numpy_loss."""
    name = "torch_gradients"
    rng = np.random.default_rng(51)
    m, n_in, n_hidden, k = 6, 3, 5, 4
    X, y = rng.normal(size=(m, n_in)), rng.integers(0, k, size=m)
    params = {
        "W1": rng.normal(size=(n_in, n_hidden)),
        "b1": rng.normal(size=n_hidden),
        "W2": rng.normal(size=(n_hidden, k)),
        "b2": rng.normal(size=k),
    }
    before = {key: value.copy() for key, value in params.items()}
    grads = _run(name, torch_gradients, X, y, params)
    kind = type(grads).__name__
    keys = ", ".join(PARAMETER_NAMES)
    require(isinstance(grads, dict), "check.pytorch.not_dict", name=name, keys=keys, kind=kind)
    errors = []
    for key in PARAMETER_NAMES:
        require(key in grads, "check.pytorch.missing_key", name=name, entry=key)
        part = f"grads['{key}']"
        require(
            np.array_equal(params[key], before[key]),
            "check.input_changed",
            name=name,
            part=f"params['{key}']",
        )
        got = _numpy_array(name, part, grads[key], params[key].shape)

        def loss(value, key=key):
            return _numpy_loss(X, y, {**before, key: value})

        errors.append(gradient_agrees(name, part, got, numerical_gradient(loss, before[key])))
    passed(name, t("check.pytorch.gradients_ok", error=max(errors)))


@public_check
def check_clipped_relu(ClippedReLU: Any) -> None:
    """An autograd Function: forward clips to [0, cap], backward multiplies the upstream
    gradient by the slope (0 at both kinks), and gradcheck agrees away from the kinks."""
    import torch

    name = "ClippedReLU"
    if not (isinstance(ClippedReLU, type) and issubclass(ClippedReLU, torch.autograd.Function)):
        if isinstance(ClippedReLU, type):
            _run(name, ClippedReLU)
        raise CheckFailed(t("check.pytorch.not_function", name=name), name)
    cap = 3.0
    x = np.array([-4.0, -1.0, -0.2, 0.3, 1.0, 2.7, 3.4, 5.0])
    upstream = np.array([0.5, -1.0, 2.0, -0.7, 1.5, 0.9, -2.0, 1.1])
    leaf = torch.tensor(x, requires_grad=True)
    out = _run(name, ClippedReLU.apply, leaf, cap)
    got = np.asarray(out.detach(), dtype=np.float64)
    error = float(np.max(np.abs(got - np.clip(x, 0.0, cap))))
    require(error < 1e-12, "check.pytorch.forward_wrong", name=name, cap=cap, error=error)
    _run(name, lambda: (out * torch.tensor(upstream)).sum().backward())
    require(leaf.grad is not None, "check.pytorch.no_input_grad", name=name)
    expected = upstream * ((x > 0) & (x < cap))
    error = float(np.max(np.abs(np.asarray(leaf.grad) - expected)))
    require(error < 1e-12, "check.pytorch.backward_wrong", name=name, cap=cap, error=error)

    kinks = torch.tensor([0.0, cap], dtype=torch.float64, requires_grad=True)
    _run(name, lambda: ClippedReLU.apply(kinks, cap).sum().backward())
    slopes = kinks.grad.numpy() if kinks.grad is not None else np.full(2, np.nan)
    require(
        bool(np.all(slopes == 0.0)),
        "check.pytorch.kink_slope",
        name=name,
        cap=cap,
        slopes=slopes.tolist(),
    )
    points = torch.tensor([-1.3, 0.4, 1.7, 2.6, 3.9], dtype=torch.float64, requires_grad=True)
    ok = _run(name, torch.autograd.gradcheck, lambda v: ClippedReLU.apply(v, cap), (points,))
    require(bool(ok), "check.pytorch.gradcheck_failed", name=name)
    passed(name, t("check.pytorch.clipped_relu_ok"))


class _Reporter:
    """A float64 network (Linear, ReLU, Dropout, Linear) that records at every forward pass
    whether autograd records a graph and whether it is in training mode."""

    def __new__(cls, seed: int, n_in: int, n_hidden: int, k: int, dropout: float) -> Any:
        import torch
        from torch import nn

        class Reporter(nn.Module):
            def __init__(self) -> None:
                super().__init__()
                torch.manual_seed(seed)
                self.net = nn.Sequential(
                    nn.Linear(n_in, n_hidden, dtype=torch.float64),
                    nn.ReLU(),
                    nn.Dropout(dropout),
                    nn.Linear(n_hidden, k, dtype=torch.float64),
                )
                self.recording: list[bool] = []
                self.training_seen: list[bool] = []

            def forward(self, x: torch.Tensor) -> torch.Tensor:
                self.recording.append(torch.is_grad_enabled())
                self.training_seen.append(self.training)
                return self.net(x)

        return Reporter()


def _sgd_by_hand(model: Any, X: np.ndarray, y: np.ndarray, lr: float, batch_size: int) -> list:
    """One epoch of plain SGD on the mean cross-entropy, written out step by step, from the
    parameters of ``model`` (which is left as it is). Returns the losses and the parameters."""
    import torch

    params = [p.detach().clone().requires_grad_() for p in model.net.parameters()]
    W1, b1, W2, b2 = params
    losses = []
    for start in range(0, len(y), batch_size):
        xb = torch.as_tensor(X[start : start + batch_size])
        yb = torch.as_tensor(y[start : start + batch_size])
        logits = torch.relu(xb @ W1.T + b1) @ W2.T + b2
        loss = torch.nn.functional.cross_entropy(logits, yb)
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, g in zip(params, grads, strict=True):
                p -= lr * g
        losses.append(loss.item())
    return [losses, [p.detach().numpy() for p in params]]


def _same_loss(name: str, step: int, got: float, want: float) -> None:
    require(
        abs(got - want) <= 1e-9 * max(1.0, abs(want)),
        "check.pytorch.step_loss",
        name=name,
        step=step,
        got=got,
        want=want,
    )


@public_check
def check_train_loop(train_loop: Callable) -> None:
    """One loss per step, each a Python float; two SGD steps that agree with the definition;
    training mode on even if the model arrives in evaluation mode."""
    import torch

    name = "train_loop"
    rng = np.random.default_rng(52)
    m, n_in, n_hidden, k, lr = 12, 4, 6, 3, 0.5
    X, y = rng.normal(size=(m, n_in)), rng.integers(0, k, size=m)
    model = _Reporter(5, n_in, n_hidden, k, 0.0)
    want_losses, want_params = _sgd_by_hand(model, X, y, lr, batch_size=6)
    model.eval()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = _run(name, train_loop, model, optimizer, X.copy(), y.copy(), 1, 6)
    require(
        isinstance(losses, list) and len(losses) == len(want_losses),
        "check.pytorch.loss_count",
        name=name,
        expected=len(want_losses),
        actual=len(losses) if isinstance(losses, list) else type(losses).__name__,
    )
    for value in losses:
        kind = type(value).__name__
        require(isinstance(value, float), "check.pytorch.loss_not_float", name=name, kind=kind)
    require(all(model.training_seen), "check.pytorch.not_training", name=name)
    # The first loss tells whether the loss is right; the parameters after two steps whether
    # the steps are; the later losses follow from both.
    _same_loss(name, 1, losses[0], want_losses[0])
    error = max(
        relative_error(p.detach().numpy(), q)
        for p, q in zip(model.net.parameters(), want_params, strict=True)
    )
    require(error < 1e-9, "check.pytorch.step_params", name=name, error=error)
    for step, (got, want) in enumerate(zip(losses, want_losses, strict=True), start=1):
        _same_loss(name, step, got, want)

    X_long = rng.normal(size=(40, n_in))
    y_long = (X_long[:, 0] > 0).astype(np.int64) + (X_long[:, 1] > 0)
    model = _Reporter(6, n_in, n_hidden, k, 0.0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.3)
    losses = _run(name, train_loop, model, optimizer, X_long, y_long, 15, 8)
    first, last = float(np.mean(losses[:5])), float(np.mean(losses[-5:]))
    require(last < first, "check.pytorch.not_learning", name=name, first=first, last=last)
    passed(name, t("check.pytorch.train_loop_ok"))


def _cross_entropy_and_accuracy(model: Any, X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """What evaluation should give: the network without dropout, no graph."""
    import torch

    with torch.no_grad():
        logits = model.net[3](model.net[1](model.net[0](torch.as_tensor(X))))
        loss = torch.nn.functional.cross_entropy(logits, torch.as_tensor(y)).item()
    return loss, float(np.mean(logits.numpy().argmax(axis=1) == y))


@public_check
def check_evaluate(evaluate: Callable) -> None:
    """(loss, accuracy) as numbers, computed without dropout and without a graph; the model
    left in the mode it was in."""
    name = "evaluate"
    rng = np.random.default_rng(53)
    m, n_in, n_hidden, k = 25, 4, 8, 3
    X, y = rng.normal(size=(m, n_in)), rng.integers(0, k, size=m)
    for training in (True, False):
        model = _Reporter(7, n_in, n_hidden, k, 0.5)
        model.train(training)
        result = _run(name, evaluate, model, X, y)
        kind = type(result).__name__
        require(
            isinstance(result, tuple) and len(result) == 2,
            "check.pytorch.not_pair",
            name=name,
            kind=kind,
        )
        for part, value in zip(("loss", "accuracy"), result, strict=True):
            kind = type(value).__name__
            require(
                isinstance(value, float), "check.pytorch.not_float", name=name, part=part, kind=kind
            )
        require(not any(model.recording), "check.pytorch.graph_recorded", name=name)
        require(not any(model.training_seen), "check.pytorch.dropout_active", name=name)
        require(
            model.training == training,
            "check.pytorch.mode_changed",
            name=name,
            before=training,
            after=model.training,
        )
        want = _cross_entropy_and_accuracy(model, X, y)
        for part, got, value in zip(("loss", "accuracy"), result, want, strict=True):
            require(
                abs(got - value) <= 1e-9,
                "check.pytorch.wrong_value",
                name=name,
                part=part,
                got=got,
                want=value,
            )
    passed(name, t("check.pytorch.evaluate_ok"))
