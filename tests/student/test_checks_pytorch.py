"""Public checks of lesson 05: each catalogued bug is reported with a message that says what to
change, in the lesson's language, and an answer of the wrong form is explained, not a crash."""

import numpy as np
import pytest

from autograder.mistakes import mistakes_for
from autograder.reference import pytorch as ref
from autograder.student.checks import pytorch as checks
from autograder.student.checks.common import CheckFailed
from autograder.student.i18n import set_language

CHECKS = {
    "torch_gradients": checks.check_torch_gradients,
    "clipped_relu": checks.check_clipped_relu,
    "train_loop": checks.check_train_loop,
    "evaluate": checks.check_evaluate,
}
# What the public check says about each catalogued mistake (a fragment of its English message).
MESSAGES = {
    ("torch_gradients", "float32"): "not float64",
    ("torch_gradients", "summed_loss"): "central-difference",
    ("torch_gradients", "softmax_before_loss"): "central-difference",
    ("torch_gradients", "sigmoid_not_tanh"): "central-difference",
    ("clipped_relu", "ignores_upstream"): "grad_output ×",
    ("clipped_relu", "kinks_included"): "kinks",
    ("clipped_relu", "relu_derivative"): "grad_output ×",
    ("clipped_relu", "forward_without_cap"): r"min\(max\(x, 0\), cap\)",
    ("train_loop", "no_update"): "two steps",
    ("train_loop", "no_zero_grad"): "two steps",
    ("train_loop", "backward_before_mean"): "two steps",
    ("train_loop", "softmax_before_loss"): "mean cross-entropy",
    ("train_loop", "loss_tensor_kept"): r"loss\.item\(\)",
    ("train_loop", "float_targets"): "raised RuntimeError",
    ("train_loop", "no_train_mode"): r"model\.train\(\)",
    ("evaluate", "no_eval"): r"model\.eval\(\)",
    ("evaluate", "no_no_grad"): r"torch\.no_grad\(\)",
    ("evaluate", "mode_not_restored"): r"model\.train\(mode\)",
    ("evaluate", "always_back_to_train"): r"model\.train\(mode\)",
}


def test_every_mistake_of_the_lesson_has_an_expected_message():
    assert {(m.function, m.id) for name in CHECKS for m in mistakes_for(name)} == set(MESSAGES)


@pytest.mark.parametrize(("function", "mistake_id"), sorted(MESSAGES))
def test_public_check_says_what_is_wrong(function, mistake_id):
    mutant = next(m.mutant for m in mistakes_for(function) if m.id == mistake_id)
    with pytest.raises(CheckFailed, match=MESSAGES[function, mistake_id]):
        CHECKS[function](mutant)


def test_missing_no_grad_is_reported_in_chinese():
    set_language("zh")
    mutant = next(m.mutant for m in mistakes_for("evaluate") if m.id == "no_no_grad")
    with pytest.raises(CheckFailed, match="建立了计算图"):
        checks.check_evaluate(mutant)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (lambda X, y, p: tuple(ref.torch_gradients(X, y, p).values()), "should return a dict"),
        (lambda X, y, p: {"W1": ref.torch_gradients(X, y, p)["W1"]}, "no entry b1"),
        (
            lambda X, y, p: {
                k: __import__("torch").tensor(v) for k, v in ref.torch_gradients(X, y, p).items()
            },
            "should be a NumPy array, but is Tensor",
        ),
        (
            lambda X, y, p: {**ref.torch_gradients(X, y, p), "b1": np.zeros((1, 5))},
            r"grads\['b1'\] should have shape \(5,\)",
        ),
    ],
    ids=["tuple", "missing-key", "tensor", "wrong-shape"],
)
def test_torch_gradients_of_the_wrong_form_is_explained(answer, message):
    with pytest.raises(CheckFailed, match=message):
        checks.check_torch_gradients(answer)


def test_clipped_relu_as_a_plain_function_is_explained():
    with pytest.raises(CheckFailed, match=r"subclass of torch\.autograd\.Function"):
        checks.check_clipped_relu(lambda x, cap: x.clamp(0, cap))


def test_evaluate_returning_a_tensor_is_explained():
    def tensor_accuracy(model, X, y):
        loss, accuracy = ref.evaluate(model, X, y)
        return loss, __import__("torch").tensor(accuracy)

    with pytest.raises(CheckFailed, match="accuracy should be a Python float"):
        checks.check_evaluate(tensor_accuracy)
