"""Public checks of lesson 07: they accept the reference, reject what is wrong with a message in
the lesson's language, and know no answer."""

import numpy as np
import pytest

from autograder.mistakes import find
from autograder.reference import gradient_flow as ref
from autograder.student.checks import gradient_flow as checks
from autograder.student.checks.common import CheckFailed
from autograder.student.i18n import set_language


def test_variance_as_std_is_reported_with_the_rule_in_chinese():
    set_language("zh")
    with pytest.raises(CheckFailed, match=r"方差应为2 / fan_in"):
        checks.check_he_normal(find("he_normal", "variance_as_std").mutant)


def test_initializer_that_ignores_rng_is_reported():
    def fixed(fan_in, fan_out, rng):
        return ref.he_normal(fan_in, fan_out, np.random.default_rng(0))

    with pytest.raises(CheckFailed, match="Draw the weights from the `rng` argument"):
        checks.check_he_normal(fixed)


def test_normal_draw_for_xavier_is_reported():
    with pytest.raises(CheckFailed, match=r"rng\.uniform"):
        checks.check_xavier_uniform(find("xavier_uniform", "normal_not_uniform").mutant)


@pytest.mark.parametrize(
    ("mutant", "message"),
    [
        (find("clip_grad_norm", "per_tensor").mutant, "one common factor"),
        (find("clip_grad_norm", "scales_up").mutant, "never scales up"),
        (find("clip_grad_norm", "in_place").mutant, "changed its input grads in place"),
        (find("clip_grad_norm", "squared_norm").mutant, "total_norm is"),
    ],
)
def test_clipping_mistakes_are_explained(mutant, message):
    with pytest.raises(CheckFailed, match=message):
        checks.check_clip_grad_norm(mutant)


@pytest.mark.parametrize(
    ("mutant", "message"),
    [
        (find("batchnorm_forward", "unbiased_normalisation").mutant, "biased"),
        (find("batchnorm_forward", "biased_running_var").mutant, "unbiased batch variance"),
        (
            find("batchnorm_forward", "running_stats_not_updated").mutant,
            "running_mean should become",
        ),
        (
            find("batchnorm_forward", "batch_stats_at_eval").mutant,
            "the rest of the batch was left out",
        ),
    ],
)
def test_batchnorm_mistakes_are_explained(mutant, message):
    with pytest.raises(CheckFailed, match=message):
        checks.check_batchnorm_forward(mutant)


def test_missing_skip_gradient_fails_the_gradient_check():
    with pytest.raises(CheckFailed, match="dx disagrees with the central-difference"):
        checks.check_residual_backward(find("residual_backward", "missing_skip").mutant)


def test_backward_checks_accept_the_reference(capsys):
    checks.check_batchnorm_backward(ref.batchnorm_backward)
    checks.check_residual_backward(ref.residual_backward)
    assert capsys.readouterr().out.count("✓") == 2
