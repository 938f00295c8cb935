"""Hidden tests of lesson 03: correct answers written differently keep their points; answers of
the wrong form, unstable softmaxes and broken helpers fail cleanly, with a message in the
lesson's language."""

import numpy as np
import pytest

from autograder.build.paths import CONTENT
from autograder.build.source import read_source
from autograder.grading import GradingFailure, check
from autograder.hidden.backprop import SPECS
from autograder.reference import backprop as ref
from autograder.student.i18n import set_language, t


def test_cases_have_shapes_that_tell_transposes_apart():
    """Do the hidden two-layer cases keep m, n_in, n_hidden and k pairwise different?"""
    for X, Y, params in SPECS["two_layer_backward"].cases():
        sizes = [X.shape[0], X.shape[1], params["W1"].shape[1], Y.shape[1]]
        assert len(set(sizes)) == 4 or sizes[0] == 1, sizes


def test_neuron_gradients_accepts_other_number_types():
    """Is grad_b accepted as a 0-d array or a Python float, and grad_w as a list?"""

    def as_other_types(x, y, w, b):
        grad_w, grad_b = ref.neuron_gradients(x, y, w, b)
        return list(grad_w), np.array(grad_b)

    check("neuron_gradients", as_other_types)


def test_softmax_written_another_way_passes():
    """Is a stable softmax via log-sum-exp, and 1/m as len(Y), as good as the solution?"""

    def log_sum_exp_version(logits, Y):
        top = np.max(logits, axis=-1, keepdims=True)
        log_norm = top + np.log(np.sum(np.exp(logits - top), axis=-1, keepdims=True))
        return (np.exp(logits - log_norm) - Y) / len(Y)

    check("softmax_cross_entropy_grad", log_sum_exp_version)


def test_unstable_softmax_fails_without_noise(capsys):
    """Is np.exp without the max shift named (it overflows at ±1000), with no warning printed?"""

    def naive(logits, Y):
        E = np.exp(logits)
        return (E / E.sum(axis=1, keepdims=True) - Y) / logits.shape[0]

    with pytest.raises(GradingFailure) as failure:
        check("softmax_cross_entropy_grad", naive)
    assert t("mistake.softmax_cross_entropy_grad.unstable_softmax.name") in str(failure.value)
    assert capsys.readouterr().err == ""


def test_two_layer_backward_written_another_way_passes():
    """Is a version with its own softmax, einsum and a ones-vector bias sum accepted?"""

    def other(X, Y, params):
        m = X.shape[0]
        A1 = 1.0 / (1.0 + np.exp(-(X @ params["W1"] + params["b1"])))
        Z2 = A1 @ params["W2"] + params["b2"]
        P = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
        P /= P.sum(axis=1, keepdims=True)
        d2 = (P - Y) / m
        d1 = np.einsum("ik,jk->ij", d2, params["W2"]) * A1 * (1.0 - A1)
        return {
            "b2": np.ones(m) @ d2,
            "W2": np.einsum("ij,ik->jk", A1, d2),
            "b1": np.ones(m) @ d1,
            "W1": X.T.dot(d1),
            "loss": 0.0,
        }

    check("two_layer_backward", other)


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (
            lambda X, Y, p: tuple(ref.two_layer_backward(X, Y, p).values()),
            "ExpectedDictOfGradients",
        ),
        (lambda X, Y, p: None, "ExpectedDictOfGradients"),
        (lambda X, Y, p: drop(ref.two_layer_backward(X, Y, p), "b1"), "MissingGradientKey"),
        (lambda X, Y, p: lower(ref.two_layer_backward(X, Y, p)), "MissingGradientKey"),
    ],
    ids=["tuple", "none", "missing-key", "renamed-keys"],
)
def test_two_layer_backward_of_the_wrong_form_scores_nothing(answer, error):
    """Is a tuple, None, or a dict with missing or renamed keys rejected with a telling name?"""
    with pytest.raises(GradingFailure, match=f"raised {error} on hidden case 1"):
        check("two_layer_backward", answer)


def drop(grads, key):
    return {k: v for k, v in grads.items() if k != key}


def lower(grads):
    return {k.lower(): v for k, v in grads.items()}


def solution_source(name):
    """The answer cell of ``name`` in the lesson source, as the solution notebook holds it."""
    cells = read_source(CONTENT / "03-backprop.md").cells
    return next(c.source for c in cells if c.metadata.get("grade_id") == name)


def test_two_layer_backward_is_graded_on_its_own():
    """Does a correct backward keep its points when the notebook's softmax_cross_entropy_grad is
    wrong, and is the student's helper back in place afterwards?"""
    namespace = {"np": np, "sigmoid": ref.sigmoid}
    exec("def softmax_cross_entropy_grad(logits, Y):\n    return 'mine'\n", namespace)
    exec(solution_source("two_layer_backward"), namespace)
    check("two_layer_backward", namespace["two_layer_backward"])
    assert namespace["softmax_cross_entropy_grad"](None, None) == "mine"


def test_mistake_is_named_in_chinese_with_its_hint():
    def transposed(X, Y, params):
        grads = ref.two_layer_backward(X, Y, params)
        return {key: value.T if value.ndim == 2 else value for key, value in grads.items()}

    set_language("zh")
    key = "mistake.two_layer_backward.transposed_weight_gradient"
    with pytest.raises(GradingFailure) as failure:
        check("two_layer_backward", transposed)
    assert t(f"{key}.name") in str(failure.value)
    assert t(f"{key}.hint") in str(failure.value)


def test_gradient_check_written_another_way_passes():
    """Is a flat-index loop with an explicit step vector and a hand-made norm accepted?"""

    def flat(f, x, analytic, eps):
        point = np.asarray(x, dtype=np.float64).copy()
        numeric = np.empty(point.size)
        for i in range(point.size):
            step = np.zeros(point.size)
            step[i] = eps
            step = step.reshape(point.shape)
            numeric[i] = (f(point + step) - f(point - step)) / eps / 2
        numeric = numeric.reshape(point.shape)
        diff = np.sqrt(np.sum((np.asarray(analytic) - numeric) ** 2))
        scale = np.sqrt(np.sum(np.asarray(analytic) ** 2)) + np.sqrt(np.sum(numeric**2))
        return numeric, (diff / scale if scale > 0 else 0.0)

    check("gradient_check", flat)


def test_gradient_check_that_truncates_integer_points_fails():
    """Is perturbing an integer x in place (x.copy() keeps the integer dtype) caught?"""

    def integer_copy(f, x, analytic, eps):
        x = x.copy()
        numeric = np.zeros(x.shape)
        for i in np.ndindex(x.shape):
            old = x[i]
            x[i] = old + eps
            f_plus = f(x)
            x[i] = old - eps
            f_minus = f(x)
            x[i] = old
            numeric[i] = (f_plus - f_minus) / (2 * eps)
        total = np.linalg.norm(analytic) + np.linalg.norm(numeric)
        return numeric, (np.linalg.norm(analytic - numeric) / total if total else 0.0)

    with pytest.raises(GradingFailure, match="hidden case 3"):
        check("gradient_check", integer_copy)


def test_gradient_check_that_changes_the_callers_x_is_named():
    """Is an otherwise correct checker that leaves x perturbed by rounding named as such?"""

    def in_place(f, x, analytic, eps):
        x = np.asarray(x, dtype=float)
        numeric = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            x[i] += eps
            f_plus = f(x)
            x[i] -= 2 * eps
            f_minus = f(x)
            x[i] += eps
            numeric[i] = (f_plus - f_minus) / (2 * eps)
        total = np.linalg.norm(analytic) + np.linalg.norm(numeric)
        return numeric, (np.linalg.norm(analytic - numeric) / total if total else 0.0)

    with pytest.raises(GradingFailure) as failure:
        check("gradient_check", in_place)
    assert t("mistake.common.modifies_input.name") in str(failure.value)
