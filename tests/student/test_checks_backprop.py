"""Public checks of lesson 03: they accept the reference, reject what is wrong with a message in
the lesson's language, judge each function on its own, and know no answer."""

import numpy as np
import pytest

from autograder.reference import backprop as ref
from autograder.student.checks import backprop as checks
from autograder.student.checks.common import CheckFailed
from autograder.student.i18n import set_language


def test_wrong_gradient_shape_is_reported_in_chinese():
    set_language("zh")
    with pytest.raises(CheckFailed, match="grad_w的形状应为"):
        checks.check_neuron_gradients(lambda x, y, w, b: (np.zeros(len(w) + 1), 0.0))


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (lambda X, Y, p: tuple(ref.two_layer_backward(X, Y, p).values()), "should return a dict"),
        (
            lambda X, Y, p: {k: v for k, v in ref.two_layer_backward(X, Y, p).items() if k != "W2"},
            "no entry W2",
        ),
        (
            lambda X, Y, p: {**ref.two_layer_backward(X, Y, p), "b1": np.zeros((1, 5))},
            r"grads\['b1'\] should have shape \(5,\)",
        ),
    ],
    ids=["tuple", "missing-key", "wrong-shape"],
)
def test_two_layer_backward_of_the_wrong_form_is_explained(answer, message):
    with pytest.raises(CheckFailed, match=message):
        checks.check_two_layer_backward(answer)


def test_changing_params_in_place_is_reported():
    def in_place(X, Y, params):
        grads = ref.two_layer_backward(X, Y, params)
        params["W1"] -= 0.1 * grads["W1"]
        return grads

    with pytest.raises(CheckFailed, match=r"changed its input params\['W1'\] in place"):
        checks.check_two_layer_backward(in_place)


def test_two_layer_check_does_not_depend_on_the_students_softmax_gradient(capsys):
    """Does a correct backward pass its check while the notebook's softmax_cross_entropy_grad
    is wrong, and is that helper restored afterwards?"""
    namespace = {"np": np, "sigmoid": ref.sigmoid}
    exec("def softmax_cross_entropy_grad(logits, Y):\n    return 0 * logits\n", namespace)
    exec(
        "def two_layer_backward(X, Y, params):\n"
        "    A1 = sigmoid(X @ params['W1'] + params['b1'])\n"
        "    d2 = softmax_cross_entropy_grad(A1 @ params['W2'] + params['b2'], Y)\n"
        "    d1 = (d2 @ params['W2'].T) * A1 * (1 - A1)\n"
        "    return {'W1': X.T @ d1, 'b1': d1.sum(axis=0),\n"
        "            'W2': A1.T @ d2, 'b2': d2.sum(axis=0)}\n",
        namespace,
    )
    checks.check_two_layer_backward(namespace["two_layer_backward"])
    assert "✓ two_layer_backward" in capsys.readouterr().out
    assert not namespace["softmax_cross_entropy_grad"](np.ones((2, 2)), None).any()


def test_unstable_softmax_is_told_to_subtract_the_maximum(capsys):
    def naive(logits, Y):
        E = np.exp(logits)
        return (E / E.sum(axis=1, keepdims=True) - Y) / logits.shape[0]

    set_language("zh")
    with pytest.raises(CheckFailed, match="减去每一行的最大值"):
        checks.check_softmax_cross_entropy_grad(naive)
    assert capsys.readouterr().err == ""


def test_gradient_check_with_an_absolute_error_is_caught_by_scale():
    """Is an error that is not relative caught even when it happens to lie in [0, 1]?"""

    def absolute_but_small(f, x, analytic, eps):
        numeric, _ = ref.gradient_check(f, x, analytic, eps)
        return numeric, min(1.0, float(np.linalg.norm(analytic - numeric)))

    with pytest.raises(CheckFailed, match="must not depend on the scale"):
        checks.check_gradient_check(absolute_but_small)


def test_gradient_check_with_a_one_sided_difference_is_caught():
    def one_sided(f, x, analytic, eps):
        x = np.array(x, dtype=float)
        numeric = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            step = np.zeros_like(x)
            step[i] = eps
            numeric[i] = (f(x + step) - f(x)) / eps
        return numeric, 0.0

    with pytest.raises(CheckFailed, match="numeric is off"):
        checks.check_gradient_check(one_sided)
