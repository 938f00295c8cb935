"""Hidden tests of lesson 01: the reference passes, every mutant is caught and named, and
odd or hostile submissions fail cleanly."""

import sys
import warnings

import numpy as np
import pytest

from autograder.grading import GradingFailure, check
from autograder.reference import gradient_descent as ref


class EqualsEverything:
    def __eq__(self, other):
        return True

    def __array__(self, dtype=None, copy=None):
        raise TypeError("no numbers here")


@pytest.mark.parametrize(
    "answer",
    [
        None,
        "0.0",
        (EqualsEverything(), EqualsEverything()),
        (np.zeros(3),),
        (np.zeros(3), 0.0, 1.0),
        (np.array(["a", "b", "c"]), 0.0),
    ],
    ids=["none", "string", "equals-everything", "too-few", "too-many", "strings"],
)
def test_unreadable_answers_score_nothing(answer):
    with pytest.raises(GradingFailure):
        check("mse_gradient", lambda X, y, w, b: answer)


def test_unknown_error_is_reported_with_its_type():
    def broken(X, y, w, b):
        raise KeyError("oops")

    with pytest.raises(GradingFailure, match="raised KeyError on hidden case 1"):
        check("mse_gradient", broken)


def test_wrong_answer_of_no_known_kind_gets_a_generic_message():
    def almost(X, y, w, b):
        grad_w, grad_b = ref.mse_gradient(X, y, w, b)
        return grad_w * 1.001, grad_b

    with pytest.raises(GradingFailure, match="grad_w is wrong"):
        check("mse_gradient", almost)


def test_patched_comparisons_do_not_change_the_verdict(monkeypatch):
    """Does redefining numpy's comparison helpers in the kernel leave the verdict unchanged?"""
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    monkeypatch.setattr(np, "array_equal", lambda *a, **k: True)
    monkeypatch.setattr(np.testing, "assert_allclose", lambda *a, **k: None)
    with pytest.raises(GradingFailure):
        check("mse_gradient", lambda X, y, w, b: (np.zeros(X.shape[1]), 0.0))


def test_correct_answer_that_prints_and_warns_keeps_its_points(capsys):
    """Does a correct answer that writes to stderr and warns still pass, without stderr output?"""

    def noisy(X, y, w, b):
        print("debug", file=sys.stderr)
        warnings.warn("just saying", RuntimeWarning, stacklevel=1)
        np.log(-1.0)
        return ref.mse_gradient(X, y, w, b)

    check("mse_gradient", noisy)
    assert capsys.readouterr().err == ""


def test_helpers_are_restored_after_grading():
    """Are the student's own helper functions back in place after minibatch_sgd is graded?"""
    namespace = {"np": np}
    exec(
        "def mse_gradient(X, y, w, b):\n    return 'mine'\n"
        + "def mse_loss(X, y, w, b):\n    return 0.0\n"
        + ref_source("minibatch_sgd"),
        namespace,
    )
    check("minibatch_sgd", namespace["minibatch_sgd"])
    assert namespace["mse_gradient"](None, None, None, None) == "mine"
    assert "predict" not in namespace


def ref_source(name):
    import inspect
    import textwrap

    return textwrap.dedent(inspect.getsource(getattr(ref, name)))
