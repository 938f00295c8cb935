"""Hidden tests of lesson 07: correct answers written differently keep their points; the cases
tell the catalogued mistakes apart; answers of the wrong form fail cleanly, in the lesson's
language."""

import numpy as np
import pytest

from autograder.grading import GradingFailure, check
from autograder.hidden.gradient_flow import SPECS
from autograder.reference import gradient_flow as ref
from autograder.student.i18n import set_language, t


def test_init_cases_tell_fan_in_from_fan_out_and_variance_from_std():
    for *_, rng in SPECS["he_normal"].cases():
        assert isinstance(rng, np.random.Generator)
    fans = [(fi, fo) for fi, fo, _ in SPECS["he_normal"].cases()]
    assert any(fi != fo for fi, fo in fans)
    assert all(2 / fi != 1 for fi, _ in fans)  # variance 1 would equal its square root


def test_initializers_written_another_way_pass():
    """Is std · standard_normal (the same stream as normal(0, std)) as good as the solution,
    and a limit written as √3 · std?"""

    def he(fan_in, fan_out, rng):
        return np.sqrt(2.0 / fan_in) * rng.standard_normal((fan_in, fan_out))

    def xavier(fan_in, fan_out, rng):
        limit = np.sqrt(3.0) * np.sqrt(2.0 / (fan_in + fan_out))
        return rng.uniform(low=-limit, high=limit, size=(fan_in, fan_out))

    check("he_normal", he)
    check("xavier_uniform", xavier)


def test_initializer_drawing_twice_fails():
    """A second draw from rng shifts the stream: the grader compares exact numbers."""

    def xavier(fan_in, fan_out, rng):
        rng.uniform()
        return ref.xavier_uniform(fan_in, fan_out, rng)

    with pytest.raises(GradingFailure):
        check("xavier_uniform", xavier)


def test_clip_returning_a_tuple_of_arrays_passes():
    def clip(grads, max_norm):
        clipped, total = ref.clip_grad_norm(grads, max_norm)
        return tuple(clipped), np.float64(total)

    check("clip_grad_norm", clip)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_clip_in_place_is_named(lang):
    set_language(lang)

    def clip(grads, max_norm):
        clipped, total = ref.clip_grad_norm(grads, max_norm)
        for g, c in zip(grads, clipped, strict=True):
            g[...] = c
        return grads, total

    with pytest.raises(GradingFailure, match=t("mistake.clip_grad_norm.in_place.name")):
        check("clip_grad_norm", clip)


def test_clip_of_the_wrong_form_fails_cleanly():
    with pytest.raises(GradingFailure, match="WrongNumberOfGradients"):
        check("clip_grad_norm", lambda grads, max_norm: (grads[:1], 1.0))
    with pytest.raises(GradingFailure, match="GradientOfOtherShape"):
        check("clip_grad_norm", lambda grads, max_norm: ([g.ravel() for g in grads], 1.0))


def test_batchnorm_cases_cover_both_modes_and_the_defaults():
    cases = SPECS["batchnorm_forward"].cases()
    assert {case[5] for case in cases} == {True, False}
    assert any(len(case) == 6 and case[5] for case in cases)  # default momentum and eps
    assert all(case[0].shape[0] != case[0].shape[1] for case in cases)


def test_batchnorm_returning_the_running_statistics_it_was_given_passes_in_evaluation():
    """Returning the very arrays passed in (not copies) is fine when they are not changed."""

    def bn(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
        if training:
            return ref.batchnorm_forward(
                x, gamma, beta, running_mean, running_var, True, momentum, eps
            )
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        return gamma * x_hat + beta, running_mean, running_var

    check("batchnorm_forward", bn)


def test_batchnorm_updating_the_running_statistics_in_place_is_named():
    def bn(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
        out, mean, var = ref.batchnorm_forward(
            x, gamma, beta, running_mean, running_var, training, momentum, eps
        )
        running_mean[...], running_var[...] = mean, var
        return out, running_mean, running_var

    with pytest.raises(GradingFailure, match=t("mistake.common.modifies_input.name")):
        check("batchnorm_forward", bn)


def test_residual_cases_have_pairwise_different_sizes():
    for _, x, W1, *_ in SPECS["residual_backward"].cases():
        assert len({x.shape[0], x.shape[1], W1.shape[1]}) == 3
