"""Public checks of lesson 06: they accept the reference, reject most mutants, know no answer."""

import re

import pytest

from autograder.mistakes import mistakes_for
from autograder.student.checks import optimizers as checks
from autograder.student.checks.common import CheckFailed
from autograder.student.i18n import set_language


def test_the_property_message_says_what_to_expect():
    """Is Adam without bias correction told about the first step, in the lesson language?"""
    set_language("zh")
    no_correction = next(m for m in mistakes_for("adam") if m.id == "no_bias_correction").mutant
    with pytest.raises(CheckFailed, match="偏差修正"):
        checks.check_adam(no_correction)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", ["adagrad", "rmsprop", "adam"])
def test_eps_inside_the_root_shows_in_the_public_checks(name, lang):
    """Is ε under the square root caught before grading, with a message that says so?"""
    set_language(lang)
    mutant = next(m for m in mistakes_for(name) if m.id == "eps_inside_sqrt").mutant
    with pytest.raises(CheckFailed, match=re.escape("√s + ε")):
        getattr(checks, f"check_{name}")(mutant)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_copied_learning_rate_is_caught_by_the_public_checks(lang):
    """Is a learning rate that `optimizer.lr = …` cannot change caught, naming `self.lr`?"""
    set_language(lang)
    mutant = next(m for m in mistakes_for("sgd_momentum") if m.id == "lr_copied").mutant
    with pytest.raises(CheckFailed, match=re.escape("optimizer.lr = 0")) as failure:
        checks.check_sgd_momentum(mutant)
    assert "self.lr" in str(failure.value)


def test_a_first_step_that_is_wrong_otherwise_does_not_blame_eps():
    """Does a wrong first step that is not ε-inside-the-root get the generic message?"""
    set_language("en")
    swapped = next(m for m in mistakes_for("rmsprop") if m.id == "alpha_swapped").mutant
    with pytest.raises(CheckFailed) as failure:
        checks.check_rmsprop(swapped)
    assert "square root" not in str(failure.value)
