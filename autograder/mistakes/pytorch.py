"""Mistakes students make in lesson 05, each a slip of the reference (a diff of its lines)."""

from __future__ import annotations

from autograder.mistakes import register

register(
    "torch_gradients",
    float32="""
        - leaves = {key: torch.tensor(value, requires_grad=True) for key, value in params.items()}
        - A1 = torch.tanh(torch.as_tensor(X) @ leaves["W1"] + leaves["b1"])
        + leaves = {
        +     key: torch.tensor(value, dtype=torch.float32, requires_grad=True)
        +     for key, value in params.items()
        + }
        + A1 = torch.tanh(torch.tensor(X, dtype=torch.float32) @ leaves["W1"] + leaves["b1"])
    """,
    summed_loss="""
        - loss = nn.functional.cross_entropy(logits, torch.as_tensor(y))
        + loss = nn.functional.cross_entropy(logits, torch.as_tensor(y), reduction="sum")
    """,
    softmax_before_loss="""
        - logits = A1 @ leaves["W2"] + leaves["b2"]
        + probs = torch.softmax(A1 @ leaves["W2"] + leaves["b2"], dim=1)
        - loss = nn.functional.cross_entropy(logits, torch.as_tensor(y))
        + loss = nn.functional.cross_entropy(probs, torch.as_tensor(y))
    """,
    sigmoid_not_tanh="""
        - A1 = torch.tanh(torch.as_tensor(X) @ leaves["W1"] + leaves["b1"])
        + A1 = torch.sigmoid(torch.as_tensor(X) @ leaves["W1"] + leaves["b1"])
    """,
)

register(
    "clipped_relu",
    ignores_upstream="""
        - inside = (x > 0) & (x < ctx.cap)
        - return grad_output * inside, None
        + return ((x > 0) & (x < ctx.cap)).to(x.dtype), None
    """,
    kinks_included="""
        - inside = (x > 0) & (x < ctx.cap)
        - return grad_output * inside, None
        + return grad_output * ((x >= 0) & (x <= ctx.cap)), None
    """,
    relu_derivative="""
        - inside = (x > 0) & (x < ctx.cap)
        - return grad_output * inside, None
        + return grad_output * (x > 0), None
    """,
    forward_without_cap="""
        - return x.clamp(0, cap)
        + return x.clamp(min=0)
    """,
)

register(
    "train_loop",
    no_update="""
        - loss.backward()
        - optimizer.step()
    """,
    no_zero_grad="""
        - optimizer.zero_grad()
    """,
    backward_before_mean="""
        - loss_fn = nn.CrossEntropyLoss()
        + loss_fn = nn.CrossEntropyLoss(reduction="none")
        - loss = loss_fn(model(xb), yb)
        + per_example = loss_fn(model(xb), yb)
        - loss.backward()
        + per_example.backward(torch.ones_like(per_example))
        - losses.append(loss.item())
        + losses.append(per_example.mean().item())
    """,
    softmax_before_loss="""
        - loss = loss_fn(model(xb), yb)
        + loss = loss_fn(torch.softmax(model(xb), dim=1), yb)
    """,
    loss_tensor_kept="""
        - losses.append(loss.item())
        + losses.append(loss)
    """,
    float_targets="""
        - X, y = torch.as_tensor(X), torch.as_tensor(y)
        + X, y = torch.as_tensor(X), torch.as_tensor(y, dtype=torch.float64)
    """,
    no_train_mode="""
        - model.train()
    """,
)

register(
    "evaluate",
    no_eval="""
        - was_training = model.training
        - model.eval()
        - with torch.inference_mode():
        + with torch.no_grad():

        - model.train(was_training)
    """,
    no_no_grad="""
        - with torch.inference_mode():
        -     logits = model(X)
        -     loss = nn.functional.cross_entropy(logits, y).item()
        -     accuracy = (logits.argmax(dim=1) == y).double().mean().item()
        + logits = model(X)
        + loss = nn.functional.cross_entropy(logits, y).item()
        + accuracy = (logits.argmax(dim=1) == y).double().mean().item()
    """,
    mode_not_restored="""
        - model.train(was_training)
    """,
    always_back_to_train="""
        - model.train(was_training)
        + model.train()
    """,
)
