"""Mistakes students make in lesson 05. Each differs from a correct answer by one slip and uses
only what the notebook defines (np, torch, nn). The training-loop mutants are the broken loops
the lesson shows, one bug each."""

from __future__ import annotations

import torch
from torch import nn

from autograder.mistakes import mistake

# ---------------------------------------------------------------- torch_gradients


@mistake("torch_gradients", "float32")
def torch_gradients_float32(X, y, params):
    leaves = {
        key: torch.tensor(value, dtype=torch.float32, requires_grad=True)
        for key, value in params.items()
    }
    A1 = torch.tanh(torch.tensor(X, dtype=torch.float32) @ leaves["W1"] + leaves["b1"])
    logits = A1 @ leaves["W2"] + leaves["b2"]
    loss = nn.functional.cross_entropy(logits, torch.as_tensor(y))
    loss.backward()
    return {key: leaf.grad.numpy() for key, leaf in leaves.items()}


@mistake("torch_gradients", "summed_loss")
def torch_gradients_summed_loss(X, y, params):
    leaves = {key: torch.tensor(value, requires_grad=True) for key, value in params.items()}
    A1 = torch.tanh(torch.as_tensor(X) @ leaves["W1"] + leaves["b1"])
    logits = A1 @ leaves["W2"] + leaves["b2"]
    loss = nn.functional.cross_entropy(logits, torch.as_tensor(y), reduction="sum")
    loss.backward()
    return {key: leaf.grad.numpy() for key, leaf in leaves.items()}


@mistake("torch_gradients", "softmax_before_loss")
def torch_gradients_softmax_before_loss(X, y, params):
    leaves = {key: torch.tensor(value, requires_grad=True) for key, value in params.items()}
    A1 = torch.tanh(torch.as_tensor(X) @ leaves["W1"] + leaves["b1"])
    probs = torch.softmax(A1 @ leaves["W2"] + leaves["b2"], dim=1)
    loss = nn.functional.cross_entropy(probs, torch.as_tensor(y))
    loss.backward()
    return {key: leaf.grad.numpy() for key, leaf in leaves.items()}


@mistake("torch_gradients", "sigmoid_not_tanh")
def torch_gradients_sigmoid_not_tanh(X, y, params):
    leaves = {key: torch.tensor(value, requires_grad=True) for key, value in params.items()}
    A1 = torch.sigmoid(torch.as_tensor(X) @ leaves["W1"] + leaves["b1"])
    logits = A1 @ leaves["W2"] + leaves["b2"]
    loss = nn.functional.cross_entropy(logits, torch.as_tensor(y))
    loss.backward()
    return {key: leaf.grad.numpy() for key, leaf in leaves.items()}


# ---------------------------------------------------------------- ClippedReLU


@mistake("clipped_relu", "ignores_upstream")
class ClippedReLUIgnoresUpstream(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, cap):
        ctx.save_for_backward(x)
        ctx.cap = cap
        return x.clamp(0, cap)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return ((x > 0) & (x < ctx.cap)).to(x.dtype), None


@mistake("clipped_relu", "kinks_included")
class ClippedReLUKinksIncluded(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, cap):
        ctx.save_for_backward(x)
        ctx.cap = cap
        return x.clamp(0, cap)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * ((x >= 0) & (x <= ctx.cap)), None


@mistake("clipped_relu", "relu_derivative")
class ClippedReLUReluDerivative(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, cap):
        ctx.save_for_backward(x)
        return x.clamp(0, cap)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * (x > 0), None


@mistake("clipped_relu", "forward_without_cap")
class ClippedReLUForwardWithoutCap(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, cap):
        ctx.save_for_backward(x)
        ctx.cap = cap
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * ((x > 0) & (x < ctx.cap)), None


# ---------------------------------------------------------------- train_loop
# The broken loops of the lesson. The first is the loop without its three learning lines.


@mistake("train_loop", "no_update")
def train_loop_no_update(model, optimizer, X, y, n_epochs, batch_size):
    X, y = torch.as_tensor(X), torch.as_tensor(y)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    losses = []
    for _ in range(n_epochs):
        for start in range(0, len(y), batch_size):
            xb, yb = X[start : start + batch_size], y[start : start + batch_size]
            loss = loss_fn(model(xb), yb)
            losses.append(loss.item())
    return losses


@mistake("train_loop", "no_zero_grad")
def train_loop_no_zero_grad(model, optimizer, X, y, n_epochs, batch_size):
    X, y = torch.as_tensor(X), torch.as_tensor(y)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    losses = []
    for _ in range(n_epochs):
        for start in range(0, len(y), batch_size):
            xb, yb = X[start : start + batch_size], y[start : start + batch_size]
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    return losses


@mistake("train_loop", "backward_before_mean")
def train_loop_backward_before_mean(model, optimizer, X, y, n_epochs, batch_size):
    X, y = torch.as_tensor(X), torch.as_tensor(y)
    loss_fn = nn.CrossEntropyLoss(reduction="none")
    model.train()
    losses = []
    for _ in range(n_epochs):
        for start in range(0, len(y), batch_size):
            xb, yb = X[start : start + batch_size], y[start : start + batch_size]
            optimizer.zero_grad()
            per_example = loss_fn(model(xb), yb)
            per_example.backward(torch.ones_like(per_example))
            optimizer.step()
            losses.append(per_example.mean().item())
    return losses


@mistake("train_loop", "softmax_before_loss")
def train_loop_softmax_before_loss(model, optimizer, X, y, n_epochs, batch_size):
    X, y = torch.as_tensor(X), torch.as_tensor(y)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    losses = []
    for _ in range(n_epochs):
        for start in range(0, len(y), batch_size):
            xb, yb = X[start : start + batch_size], y[start : start + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(torch.softmax(model(xb), dim=1), yb)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    return losses


@mistake("train_loop", "loss_tensor_kept")
def train_loop_loss_tensor_kept(model, optimizer, X, y, n_epochs, batch_size):
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
            losses.append(loss)
    return losses


@mistake("train_loop", "float_targets")
def train_loop_float_targets(model, optimizer, X, y, n_epochs, batch_size):
    X, y = torch.as_tensor(X), torch.as_tensor(y, dtype=torch.float64)
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


@mistake("train_loop", "no_train_mode")
def train_loop_no_train_mode(model, optimizer, X, y, n_epochs, batch_size):
    X, y = torch.as_tensor(X), torch.as_tensor(y)
    loss_fn = nn.CrossEntropyLoss()
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


# ---------------------------------------------------------------- evaluate


@mistake("evaluate", "no_eval")
def evaluate_no_eval(model, X, y):
    X, y = torch.as_tensor(X), torch.as_tensor(y)
    with torch.no_grad():
        logits = model(X)
        loss = nn.functional.cross_entropy(logits, y).item()
        accuracy = (logits.argmax(dim=1) == y).double().mean().item()
    return loss, accuracy


@mistake("evaluate", "no_no_grad")
def evaluate_no_no_grad(model, X, y):
    X, y = torch.as_tensor(X), torch.as_tensor(y)
    was_training = model.training
    model.eval()
    logits = model(X)
    loss = nn.functional.cross_entropy(logits, y).item()
    accuracy = (logits.argmax(dim=1) == y).double().mean().item()
    model.train(was_training)
    return loss, accuracy


@mistake("evaluate", "mode_not_restored")
def evaluate_mode_not_restored(model, X, y):
    X, y = torch.as_tensor(X), torch.as_tensor(y)
    model.eval()
    with torch.no_grad():
        logits = model(X)
        loss = nn.functional.cross_entropy(logits, y).item()
        accuracy = (logits.argmax(dim=1) == y).double().mean().item()
    return loss, accuracy


@mistake("evaluate", "always_back_to_train")
def evaluate_always_back_to_train(model, X, y):
    X, y = torch.as_tensor(X), torch.as_tensor(y)
    model.eval()
    with torch.no_grad():
        logits = model(X)
        loss = nn.functional.cross_entropy(logits, y).item()
        accuracy = (logits.argmax(dim=1) == y).double().mean().item()
    model.train()
    return loss, accuracy
