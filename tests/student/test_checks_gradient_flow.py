"""Public checks of lesson 07: they accept the reference, reject what is wrong with a message in
the lesson's language, and know no answer."""

import numpy as np
import pytest

from autograder.mistakes import gradient_flow as mutants
from autograder.reference import gradient_flow as ref
from autograder.student.checks import gradient_flow as checks
from autograder.student.checks.common import CheckFailed
from autograder.student.i18n import set_language


def test_variance_as_std_is_reported_with_the_rule_in_chinese():
    set_language("zh")
    with pytest.raises(CheckFailed, match=r"方差应为2 / fan_in"):
        checks.check_he_normal(mutants.he_normal_variance_as_std)


def test_initializer_that_ignores_rng_is_reported():
    def fixed(fan_in, fan_out, rng):
        return ref.he_normal(fan_in, fan_out, np.random.default_rng(0))

    with pytest.raises(CheckFailed, match="Draw the weights from the `rng` argument"):
        checks.check_he_normal(fixed)


def test_normal_draw_for_xavier_is_reported():
    with pytest.raises(CheckFailed, match=r"rng\.uniform"):
        checks.check_xavier_uniform(mutants.xavier_uniform_normal_not_uniform)


@pytest.mark.parametrize(
    ("mutant", "message"),
    [
        (mutants.clip_grad_norm_per_tensor, "one common factor"),
        (mutants.clip_grad_norm_scales_up, "never scales up"),
        (mutants.clip_grad_norm_in_place, "changed its input grads in place"),
        (mutants.clip_grad_norm_squared_norm, "total_norm is"),
    ],
)
def test_clipping_mistakes_are_explained(mutant, message):
    with pytest.raises(CheckFailed, match=message):
        checks.check_clip_grad_norm(mutant)


@pytest.mark.parametrize(
    ("mutant", "message"),
    [
        (mutants.batchnorm_forward_unbiased_normalisation, "biased"),
        (mutants.batchnorm_forward_biased_running_var, "unbiased batch variance"),
        (mutants.batchnorm_forward_running_stats_not_updated, "running_mean should become"),
        (mutants.batchnorm_forward_batch_stats_at_eval, "the rest of the batch was left out"),
    ],
)
def test_batchnorm_mistakes_are_explained(mutant, message):
    with pytest.raises(CheckFailed, match=message):
        checks.check_batchnorm_forward(mutant)


def test_missing_skip_gradient_fails_the_gradient_check():
    with pytest.raises(CheckFailed, match="dx disagrees with the central-difference"):
        checks.check_residual_backward(mutants.residual_backward_missing_skip)


def test_backward_checks_accept_the_reference(capsys):
    checks.check_batchnorm_backward(ref.batchnorm_backward)
    checks.check_residual_backward(ref.residual_backward)
    assert capsys.readouterr().out.count("✓") == 2
