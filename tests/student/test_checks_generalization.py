"""Public checks of lesson 08: they accept the reference, and reject what is wrong with a
message in the lesson's language that says what to look at."""

import numpy as np
import pytest

from autograder.mistakes import mistakes_for
from autograder.reference import generalization as ref
from autograder.student.checks import generalization as checks
from autograder.student.checks.common import CheckFailed
from autograder.student.i18n import set_language


def mutant(function, mistake_id):
    return next(m.mutant for m in mistakes_for(function) if m.id == mistake_id)


@pytest.mark.parametrize(
    ("mistake_id", "message"),
    [
        ("diagonal_signs", "classified as 'saddle', but was called 'minimum'"),
        ("no_tolerance", "classified as 'degenerate', but was called 'minimum'"),
        ("unsorted_eigenvalues", "should be in ascending order"),
    ],
)
def test_classify_mistakes_are_explained(mistake_id, message):
    with pytest.raises(CheckFailed, match=message):
        checks.check_classify_critical_point(mutant("classify_critical_point", mistake_id))


def test_unknown_kind_is_reported_in_chinese():
    def capitalised(grad, w, eps, tol):
        eigenvalues, kind = ref.classify_critical_point(grad, w, eps, tol)
        return eigenvalues, kind.capitalize()

    set_language("zh")
    with pytest.raises(CheckFailed, match="类型应当是"):
        checks.check_classify_critical_point(capitalised)


@pytest.mark.parametrize(
    ("mistake_id", "message"),
    [
        ("penalises_bias", "the penalty should be"),
        ("l2_value_without_half", "the penalty should be"),
        ("l2_gradient_doubled", "disagrees with the central-difference estimate"),
        ("l1_sign_zero_positive", "exactly 0"),
        ("bias_gradient_missing", "should be a dict with the keys"),
    ],
)
def test_penalty_mistakes_are_explained(mistake_id, message):
    with pytest.raises(CheckFailed, match=message):
        checks.check_weight_penalty(mutant("weight_penalty", mistake_id))


@pytest.mark.parametrize(
    ("mistake_id", "message"),
    [
        ("stops_on_training_loss", "should stop after epoch 4"),
        ("best_not_restored", "not those of the best epoch"),
        ("patience_off_by_one", "should stop after epoch 4, but the run stopped after epoch 5"),
        ("start_not_a_candidate", None),
    ],
)
def test_early_stopping_mistakes_are_explained(mistake_id, message):
    answer = mutant("early_stopping", mistake_id)
    if message is None:  # the scripted run improves at once: the public check cannot tell
        checks.check_early_stopping(answer)
        return
    with pytest.raises(CheckFailed, match=message):
        checks.check_early_stopping(answer)


def test_penalty_that_changes_params_in_place_is_reported():
    def in_place(params, l1, l2):
        value, grads = ref.weight_penalty(params, l1, l2)
        params["W1"] *= 1.0 - l2
        return value, grads

    with pytest.raises(CheckFailed, match=r"changed its input"):
        checks.check_weight_penalty(in_place)


def test_checks_accept_answers_of_other_number_types(capsys):
    """A list of eigenvalues, a 0-d array as penalty, the history as an array."""

    def classify(grad, w, eps, tol):
        eigenvalues, kind = ref.classify_critical_point(grad, w, eps, tol)
        return list(eigenvalues), kind

    def penalty(params, l1, l2):
        value, grads = ref.weight_penalty(params, l1, l2)
        return np.array(value), grads

    def stopping(params, step, val_loss, patience, max_epochs):
        best, epoch, history = ref.early_stopping(params, step, val_loss, patience, max_epochs)
        return best, np.int64(epoch), np.array(history)

    checks.check_classify_critical_point(classify)
    checks.check_weight_penalty(penalty)
    checks.check_early_stopping(stopping)
    assert capsys.readouterr().out.count("✓") == 3


@pytest.mark.parametrize(
    ("mistake_id", "message"),
    [
        ("not_scaled", "inverted dropout keeps the mean"),
        ("scaled_by_keep_probability", "inverted dropout keeps the mean"),
        ("scaled_by_drop_probability", "inverted dropout keeps the mean"),
        ("keeps_with_drop_probability", "about 70% of the entries should be kept"),
        ("keeps_small_numbers", "the mask is not the one the exercise describes"),
        ("binomial_mask", "the mask is not the one the exercise describes"),
        ("dropped_in_evaluation", "out should be x unchanged"),
        ("scaled_in_evaluation", "out should be x unchanged"),
        ("draws_in_evaluation", "nothing should be drawn from rng"),
    ],
)
def test_dropout_forward_mistakes_are_explained(mistake_id, message):
    with pytest.raises(CheckFailed, match=message):
        checks.check_dropout_forward(mutant("dropout_forward", mistake_id))


def test_strict_comparison_needs_the_hidden_tests():
    """A number exactly equal to p has probability 2⁻⁵³ or so with a seeded generator: only the
    hidden tests, with a generator that returns p itself, can tell > from ≥."""
    checks.check_dropout_forward(mutant("dropout_forward", "strict_comparison"))


@pytest.mark.parametrize("mistake_id", ["mask_not_applied", "not_scaled", "divided_by_scale"])
def test_dropout_backward_mistakes_are_explained(mistake_id):
    with pytest.raises(CheckFailed, match="disagrees with the central-difference estimate"):
        checks.check_dropout_backward(mutant("dropout_backward", mistake_id))


def test_dropout_forward_in_chinese_and_with_a_list_as_cache(capsys):
    def as_list(x, p, training, rng):
        out, (mask, scale) = ref.dropout_forward(x, p, training, rng)
        return out, [mask.astype(float), np.float64(scale)]

    checks.check_dropout_forward(as_list)
    assert capsys.readouterr().out.count("✓") == 1
    set_language("zh")
    with pytest.raises(CheckFailed, match="评估模式下不应从rng抽取任何随机数"):
        checks.check_dropout_forward(mutant("dropout_forward", "draws_in_evaluation"))
