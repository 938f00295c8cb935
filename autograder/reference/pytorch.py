"""Lesson 05, backpropagation in PyTorch: autograd gradients of a small network, a clipped ReLU
with a hand-written backward, and a training loop with its evaluation.

Shapes: examples are rows. ``X`` is (m, n_in); ``y`` holds integer class labels, (m,). A layer
computes ``A_prev @ W + b`` with ``W`` of shape (n_in, n_out), as in lessons 03 and 04.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

PARAMETER_NAMES = ("W1", "b1", "W2", "b2")


def numpy_loss(X: np.ndarray, y: np.ndarray, params: dict[str, np.ndarray]) -> float:
    """Mean cross-entropy of the tanh network Z2 = tanh(X W1 + b1) W2 + b2, in NumPy."""
    A1 = np.tanh(X @ params["W1"] + params["b1"])
    Z2 = A1 @ params["W2"] + params["b2"]
    shifted = Z2 - Z2.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(y)), y].mean())


def torch_gradients(
    X: np.ndarray, y: np.ndarray, params: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """∂(numpy_loss)/∂params by torch autograd, as float64 NumPy arrays keyed like ``params``."""
    leaves = {key: torch.tensor(value, requires_grad=True) for key, value in params.items()}
    A1 = torch.tanh(torch.as_tensor(X) @ leaves["W1"] + leaves["b1"])
    logits = A1 @ leaves["W2"] + leaves["b2"]
    loss = nn.functional.cross_entropy(logits, torch.as_tensor(y))
    loss.backward()
    return {key: np.asarray(leaf.grad) for key, leaf in leaves.items()}


class ClippedReLU(torch.autograd.Function):
    """min(max(x, 0), cap); its derivative is 1 where 0 < x < cap and 0 elsewhere, at the two
    kinks included (the convention of ``torch.nn.functional.hardtanh``)."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, cap: float) -> torch.Tensor:
        ctx.save_for_backward(x)
        ctx.cap = cap
        return x.clamp(0, cap)

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor) -> tuple[torch.Tensor, None]:
        (x,) = ctx.saved_tensors
        inside = (x > 0) & (x < ctx.cap)
        return grad_output * inside, None


def train_loop(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    X: np.ndarray | torch.Tensor,
    y: np.ndarray | torch.Tensor,
    n_epochs: int,
    batch_size: int,
) -> list[float]:
    """Train ``model`` on (X, y) in order, mini-batch after mini-batch, with the mean
    cross-entropy; return the loss of every step as a Python float."""
    X, y = torch.as_tensor(X), torch.as_tensor(y)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    losses = []
    for _ in range(n_epochs):
        for start in range(0, len(y), batch_size):
            xb, yb = X[start : start + batch_size], y[start : start + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    return losses


def evaluate(
    model: nn.Module, X: np.ndarray | torch.Tensor, y: np.ndarray | torch.Tensor
) -> tuple[float, float]:
    """Mean cross-entropy and accuracy of ``model`` on (X, y), in evaluation mode and without a
    graph; the model is left in the mode it was in."""
    X, y = torch.as_tensor(X), torch.as_tensor(y)
    was_training = model.training
    model.eval()
    with torch.inference_mode():
        logits = model(X)
        loss = nn.functional.cross_entropy(logits, y).item()
        accuracy = (logits.argmax(dim=1) == y).double().mean().item()
    model.train(was_training)
    return loss, accuracy
