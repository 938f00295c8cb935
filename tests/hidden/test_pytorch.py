"""Hidden tests of lesson 05: correct answers written differently keep their points; answers of
the wrong form fail cleanly with a telling name; bugs in other forms than the catalogued mutant
are still named, in the lesson's language."""

import numpy as np
import pytest
import torch
from torch import nn

from autograder.grading import GradingFailure, check
from autograder.hidden.pytorch import SPECS
from autograder.reference import pytorch as ref
from autograder.student.i18n import set_language, t


def named(key):
    return t(f"mistake.{key}.name")


def test_network_cases_have_shapes_that_tell_transposes_apart():
    for X, y, params in SPECS["torch_gradients"].cases():
        sizes = [X.shape[0], X.shape[1], params["W1"].shape[1], params["W2"].shape[1]]
        assert len(set(sizes)) == 4 or sizes[0] == 1, sizes
        assert y.dtype == np.int64


def test_clipped_relu_cases_hit_both_kinks():
    for x, cap, _ in SPECS["clipped_relu"].cases():
        assert (x == 0).any() and (x == cap).any()
        assert ((x > 0) & (x < 1)).any() and ((x > -1) & (x < 0)).any() and (x > cap).any()


def test_train_loop_cases_have_uneven_batches_dropout_and_eval_mode():
    cases = SPECS["train_loop"].cases()
    assert any(len(y) % batch for _, _, y, _, batch in cases)
    assert any(setup["in_eval"] and setup["dropout"] > 0 for setup, *_ in cases)
    assert any(epochs > 1 for *_, epochs, _ in cases)


def test_torch_gradients_written_another_way_passes():
    """from_numpy leaves, log-softmax by hand, gradients as lists, an extra key."""

    def other(X, y, params):
        leaves = {k: torch.from_numpy(v.copy()).requires_grad_() for k, v in params.items()}
        hidden = torch.tanh(torch.from_numpy(X) @ leaves["W1"] + leaves["b1"])
        logits = hidden @ leaves["W2"] + leaves["b2"]
        log_probs = logits - torch.logsumexp(logits, dim=1, keepdim=True)
        loss = -log_probs[torch.arange(len(y)), torch.from_numpy(y)].mean()
        loss.backward()
        grads = {k: v.grad.detach().numpy().tolist() for k, v in leaves.items()}
        return {**grads, "loss": loss.item()}

    check("torch_gradients", other)


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (lambda X, y, p: list(ref.torch_gradients(X, y, p).values()), "ExpectedDictOfGradients"),
        (
            lambda X, y, p: {k: torch.tensor(v) for k, v in ref.torch_gradients(X, y, p).items()},
            "GradientIsATensor",
        ),
        (lambda X, y, p: {**ref.torch_gradients(X, y, p), "b2": None}, "GradientIsNone"),
        (lambda X, y, p: {"W1": ref.torch_gradients(X, y, p)["W1"]}, "MissingGradientKey"),
    ],
    ids=["list", "tensors", "none", "missing-key"],
)
def test_torch_gradients_of_the_wrong_form_score_nothing(answer, error):
    with pytest.raises(GradingFailure, match=f"raised {error} on hidden case 1"):
        check("torch_gradients", answer)


@pytest.fixture
def torch_defaults():
    """torch as a fresh kernel has it (other test modules set float64 as the default)."""
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    yield
    torch.set_default_dtype(previous)


def test_torch_tensor_constructor_is_named_float32(torch_defaults):
    """torch.Tensor(array) silently makes float32: is it named as such?"""

    def with_constructor(X, y, params):
        leaves = {k: torch.Tensor(v).requires_grad_() for k, v in params.items()}
        hidden = torch.tanh(torch.Tensor(X) @ leaves["W1"] + leaves["b1"])
        loss = nn.functional.cross_entropy(hidden @ leaves["W2"] + leaves["b2"], torch.tensor(y))
        loss.backward()
        return {k: v.grad.numpy() for k, v in leaves.items()}

    with pytest.raises(GradingFailure, match=named("torch_gradients.float32")):
        check("torch_gradients", with_constructor)


class WhereClippedReLU(torch.autograd.Function):
    """Saves the output, not the input, and builds the slope with torch.where."""

    @staticmethod
    def forward(ctx, x, cap):
        out = torch.minimum(torch.maximum(x, torch.zeros_like(x)), torch.full_like(x, cap))
        ctx.save_for_backward(out)
        ctx.cap = cap
        return out

    @staticmethod
    def backward(ctx, grad_output):
        (out,) = ctx.saved_tensors
        inside = (out > 0) & (out < ctx.cap)
        return torch.where(inside, grad_output, torch.zeros_like(grad_output)), None


def test_clipped_relu_written_another_way_passes():
    check("clipped_relu", WhereClippedReLU)


def test_clipped_relu_as_a_plain_function_scores_nothing():
    def clipped_relu(x, cap):
        return x.clamp(0, cap)

    with pytest.raises(GradingFailure, match="NotAnAutogradFunction"):
        check("clipped_relu", clipped_relu)


def test_clipped_relu_returning_no_gradient_for_x_scores_nothing():
    class NoGradient(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, cap):
            return x.clamp(0, cap)

        @staticmethod
        def backward(ctx, grad_output):
            return None, None

    with pytest.raises(GradingFailure, match="NoGradientReachedX"):
        check("clipped_relu", NoGradient)


def test_train_loop_written_another_way_passes():
    """functional loss, zero_grad after the step, torch.split, float(loss)."""

    def other(model, optimizer, X, y, n_epochs, batch_size):
        model.train()
        X, y = torch.from_numpy(X), torch.from_numpy(y)
        recorded = []
        for _ in range(n_epochs):
            for xb, yb in zip(X.split(batch_size), y.split(batch_size), strict=True):
                loss = nn.functional.cross_entropy(model(xb), yb)
                loss.backward()
                optimizer.step()
                optimizer.zero_grad(set_to_none=False)
                recorded.append(float(loss.detach()))
        return recorded

    check("train_loop", other)


def test_detached_loss_tensors_are_named_like_kept_ones():
    def detached(model, optimizer, X, y, n_epochs, batch_size):
        losses = []
        model.train()
        X, y = torch.as_tensor(X), torch.as_tensor(y)
        for _ in range(n_epochs):
            for start in range(0, len(y), batch_size):
                optimizer.zero_grad()
                loss = nn.functional.cross_entropy(
                    model(X[start : start + batch_size]), y[start : start + batch_size]
                )
                loss.backward()
                optimizer.step()
                losses.append(loss.detach())
        return losses

    with pytest.raises(GradingFailure, match=named("train_loop.loss_tensor_kept")):
        check("train_loop", detached)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_targets_of_the_wrong_shape_are_named(lang):
    """y.view(-1, 1), a bug other than the catalogued float conversion, gets the same name."""

    def column_targets(model, optimizer, X, y, n_epochs, batch_size):
        X, y = torch.as_tensor(X), torch.as_tensor(y).view(-1, 1)
        model.train()
        losses = []
        for _ in range(n_epochs):
            for start in range(0, len(y), batch_size):
                optimizer.zero_grad()
                loss = nn.CrossEntropyLoss()(
                    model(X[start : start + batch_size]), y[start : start + batch_size]
                )
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
        return losses

    set_language(lang)
    with pytest.raises(GradingFailure) as failure:
        check("train_loop", column_targets)
    assert named("train_loop.float_targets") in str(failure.value)
    assert t("mistake.train_loop.float_targets.hint") in str(failure.value)


def test_evaluate_written_another_way_passes():
    """inference_mode, a loss module, accuracy as a count over len(y), mode from a loop."""

    def other(model, X, y):
        mode = model.training
        model.train(False)
        with torch.inference_mode():
            logits = model(torch.from_numpy(X))
            target = torch.from_numpy(y)
            loss = float(nn.CrossEntropyLoss()(logits, target))
            correct = int((logits.argmax(1) == target).sum())
        model.train(mode)
        return loss, correct / len(y)

    check("evaluate", other)


def test_evaluate_returning_a_loss_tensor_is_unreadable_not_a_crash():
    def tensor_loss(model, X, y):
        was_training = model.training
        model.eval()
        with torch.no_grad():
            logits = model(torch.as_tensor(X))
            loss = nn.functional.cross_entropy(logits, torch.as_tensor(y))
            accuracy = (logits.argmax(dim=1) == torch.as_tensor(y)).double().mean().item()
        model.train(was_training)
        return loss, accuracy

    with pytest.raises(GradingFailure, match="Tensor"):
        check("evaluate", tensor_loss)


def test_evaluate_of_the_wrong_form_scores_nothing():
    with pytest.raises(GradingFailure, match="ExpectedLossAndAccuracy"):
        check("evaluate", lambda model, X, y: ref.evaluate(model, X, y)[0])
