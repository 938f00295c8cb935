"""Hidden tests of lesson 08: the cases really contain what the mistakes need to show; correct
answers written differently keep their points; answers of the wrong form fail cleanly, with a
message in the lesson's language."""

import copy

import numpy as np
import pytest

from autograder.grading import GradingFailure, check
from autograder.hidden.generalization import SPECS, replaying
from autograder.reference import generalization as ref
from autograder.student.i18n import set_language, t


def test_critical_point_cases_cover_every_kind_and_the_traps():
    """All four kinds; a saddle with a positive diagonal; a 3-D saddle with det > 0 and
    H₁₁ > 0; a finite-difference eigenvalue that is tiny but not 0; an asymmetric estimate."""
    kinds, traps = set(), set()
    for grad, w, eps, tol in SPECS["classify_critical_point"].cases():
        eigenvalues, kind = ref.classify_critical_point(grad, w, eps, tol)
        kinds.add(kind)
        H = ref.hessian(grad, w, eps)
        if kind == "saddle" and np.all(np.diag(H) > tol):
            traps.add("positive diagonal")
        if kind == "saddle" and len(w) == 3 and np.linalg.det(H) > 0 and H[0, 0] > 0:
            traps.add("positive determinant")
        if np.any((np.abs(eigenvalues) <= tol) & (eigenvalues != 0)):
            traps.add("tiny eigenvalue")
        n = len(w)
        raw = np.column_stack(
            [
                (grad(w + eps * np.eye(n)[j]) - grad(w - eps * np.eye(n)[j])) / (2 * eps)
                for j in range(n)
            ]
        )
        if np.max(np.abs(raw - raw.T)) > 1e-6:
            traps.add("asymmetric")
    assert kinds == set(ref.KINDS)
    assert traps == {"positive diagonal", "positive determinant", "tiny eigenvalue", "asymmetric"}


def test_classify_written_another_way_passes():
    """Rows instead of columns, an explicit symmetric average, sorted eigvals, counts of signs."""

    def other(grad, w, eps, tol):
        w = np.asarray(w, dtype=float)
        n = w.size
        rows = []
        for i in range(n):
            step = np.zeros(n)
            step[i] = eps
            rows.append((np.asarray(grad(w + step)) - np.asarray(grad(w - step))) / eps / 2)
        H = np.array(rows)
        H = 0.5 * (H + H.T)
        lam = np.sort(np.linalg.eigvals(H).real)
        negative, positive = np.sum(lam < -tol), np.sum(lam > tol)
        if negative and positive:
            kind = "saddle"
        elif positive == n:
            kind = "minimum"
        elif negative == n:
            kind = "maximum"
        else:
            kind = "degenerate"
        return list(lam), kind

    check("classify_critical_point", other)


@pytest.mark.parametrize("kind", ["Saddle", "saddle point", 2, None])
def test_unknown_kind_scores_nothing(kind):
    def answer(grad, w, eps, tol):
        eigenvalues, _ = ref.classify_critical_point(grad, w, eps, tol)
        return eigenvalues, kind

    with pytest.raises(GradingFailure, match="raised UnknownKind on hidden case 1"):
        check("classify_critical_point", answer)


def test_penalty_cases_have_exact_zeros_and_nonzero_biases():
    for params, l1, _ in SPECS["weight_penalty"].cases():
        assert any(np.any(params[k] == 0) for k in ("W1", "W2")) or l1 == 0
        assert all(np.all(params[k] != 0) for k in ("b1", "b2"))
    l1s, l2s = zip(*[(l1, l2) for _, l1, l2 in SPECS["weight_penalty"].cases()], strict=True)
    assert 0.0 in l1s and 0.0 in l2s


def test_weight_penalty_written_another_way_passes():
    """A dict comprehension, np.where for the sign, and a value summed at the end."""

    def other(params, l1, l2):
        weights = [key for key in params if key[0] == "W"]
        value = sum(
            l1 * np.abs(params[k]).sum() + 0.5 * l2 * (params[k] ** 2).sum() for k in weights
        )
        grads = {
            key: (
                l1 * np.where(p > 0, 1.0, np.where(p < 0, -1.0, 0.0)) + l2 * p
                if key in weights
                else 0.0 * p
            )
            for key, p in params.items()
        }
        return float(value), grads

    check("weight_penalty", other)


def test_weight_penalty_of_the_wrong_form_fails_cleanly():
    with pytest.raises(GradingFailure, match="raised ExpectedDictOfGradients"):
        check("weight_penalty", lambda p, l1, l2: (0.0, list(ref.weight_penalty(p, l1, l2)[1])))


def test_weight_penalty_that_changes_params_in_place_scores_nothing():
    def in_place(params, l1, l2):
        value, grads = ref.weight_penalty(params, l1, l2)
        params["W1"] *= 1.0 - l2
        return value, grads

    with pytest.raises(GradingFailure, match="raised ChangesParamsInPlace on hidden case 1"):
        check("weight_penalty", in_place)


def test_early_stopping_cases_cover_every_way_to_stop():
    """Some runs stop on patience, one reaches max_epochs, one keeps the start, one has a tie."""
    outcomes = set()
    for params, step, val_loss, patience, max_epochs in SPECS["early_stopping"].cases():
        _, best_epoch, history = ref.early_stopping(params, step, val_loss, patience, max_epochs)
        outcomes.add("max_epochs" if len(history) == max_epochs else "patience")
        if best_epoch == 0:
            outcomes.add("start")
        losses = [v for _, v in history]
        if len(set(losses)) < len(losses):
            outcomes.add("tie")
        if len(history) - best_epoch == patience and best_epoch > patience:
            outcomes.add("late best")
    assert outcomes >= {"max_epochs", "patience", "start", "tie", "late best"}


def test_early_stopping_written_another_way_passes():
    """A while loop, deep copies of the best parameters, and the history as an array."""

    def other(params, step, val_loss, patience, max_epochs):
        best = copy.deepcopy(params)
        best_loss, best_epoch, epoch, history = val_loss(params), 0, 0, []
        while epoch < max_epochs and epoch - best_epoch < patience:
            epoch += 1
            params, train_loss = step(params)
            history.append([train_loss, val_loss(params)])
            if history[-1][1] < best_loss:
                best, best_loss, best_epoch = copy.deepcopy(params), history[-1][1], epoch
        return best, best_epoch, np.array(history)

    check("early_stopping", other)


def test_early_stopping_returning_a_tuple_of_params_scores_nothing():
    def answer(params, step, val_loss, patience, max_epochs):
        best, epoch, history = ref.early_stopping(params, step, val_loss, patience, max_epochs)
        return tuple(best.values()), epoch, history

    with pytest.raises(GradingFailure, match="raised ExpectedDictOfParameters"):
        check("early_stopping", answer)


def test_mistake_is_named_in_chinese_with_its_hint():
    def bias_too(params, l1, l2):
        value, grads = ref.weight_penalty({f"W{k}": v for k, v in params.items()}, l1, l2)
        return value, {key[1:]: g for key, g in grads.items()}

    set_language("zh")
    key = "mistake.weight_penalty.penalises_bias"
    with pytest.raises(GradingFailure) as failure:
        check("weight_penalty", bias_too)
    assert t(f"{key}.name") in str(failure.value)
    assert t(f"{key}.hint") in str(failure.value)


def test_replaying_generator_returns_the_chosen_numbers():
    """A true np.random.Generator that gives the chosen numbers first, to random and uniform
    alike, and keeps them through a deep copy (the grader copies every case)."""
    numbers = np.array([0.25, 0.125, 0.75, 63 / 64, 0.0, 0.5])
    rng = replaying(numbers, 1)
    assert isinstance(rng, np.random.Generator)
    np.testing.assert_array_equal(copy.deepcopy(rng).random((2, 3)).ravel(), numbers)
    np.testing.assert_array_equal(rng.uniform(size=6), numbers)


def test_dropout_cases_have_ties_with_p_both_modes_and_p_not_a_half():
    """Some number equals p exactly (a strict comparison drops a kept entry); both modes; a
    drop probability other than ½, where 1/p and 1/(1 − p) differ."""
    cases = SPECS["dropout_forward"].cases()
    ties = [np.any(copy.deepcopy(rng).random(x.shape) == p) for x, p, _, rng in cases]
    assert any(ties)
    assert {training for _, _, training, _ in cases} == {True, False}
    assert any(p != 0.5 and training for _, p, training, _ in cases)
    caches = [cache for _, cache in SPECS["dropout_backward"].cases()]
    assert any(scale == 1.0 and mask.all() for mask, scale in caches)
    assert any(scale != 2.0 and not mask.all() for mask, scale in caches)


def test_dropout_written_another_way_passes():
    """rng.uniform for the draw, np.where for the mask, a copy in evaluation mode, a list as
    the cache, and the backward through np.where."""

    def forward(x, p, training, rng):
        if training:
            keep = np.where(rng.uniform(size=x.shape) < p, False, True)
            return x * keep / (1 - p), [keep, 1 / (1 - p)]
        return x.copy(), [np.full(x.shape, True), 1]

    def backward(dout, cache):
        mask, scale = cache
        return np.where(mask, dout * scale, 0.0)

    check("dropout_forward", forward)
    check("dropout_backward", backward)


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (lambda x, p, training, rng: x, "ExpectedOutAndCache"),
        (lambda x, p, training, rng: (x, np.ones(x.shape)), "ExpectedMaskAndScale"),
    ],
)
def test_dropout_of_the_wrong_form_fails_cleanly(answer, error):
    with pytest.raises(GradingFailure, match=f"raised {error} on hidden case 1"):
        check("dropout_forward", answer)


def test_dropout_that_draws_twice_fails():
    """A second draw (here for nothing) leaves the generator elsewhere than the exercise says."""

    def twice(x, p, training, rng):
        rng.random(x.shape)
        return ref.dropout_forward(x, p, training, rng)

    with pytest.raises(GradingFailure):
        check("dropout_forward", twice)
