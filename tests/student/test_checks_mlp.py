"""Public checks of lesson 04: they accept the reference, explain answers of the wrong form in the
lesson's language, judge each function on its own, and catch the bugs of the debugging exercise
that show in a result."""

import numpy as np
import pytest

from autograder.mistakes import mistakes_for
from autograder.reference import mlp as ref
from autograder.student.checks import mlp as checks
from autograder.student.checks.common import CheckFailed
from autograder.student.i18n import set_language


def test_accuracy_as_a_percentage_is_explained_in_chinese():
    set_language("zh")
    with pytest.raises(CheckFailed, match="准确率应当是比例"):
        checks.check_accuracy(lambda logits, labels: 100 * ref.accuracy(logits, labels))


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (lambda X, Y, p, lr: ref.train_step(X, Y, p, lr)[0], "should return a pair"),
        (lambda X, Y, p, lr: (list(ref.train_step(X, Y, p, lr)[0].values()), 1.0), "dict"),
        (lambda X, Y, p, lr: ({"W1": p["W1"]}, 1.0), "no entry b1"),
    ],
    ids=["no-pair", "list", "missing-key"],
)
def test_train_step_of_the_wrong_form_is_explained(answer, message):
    with pytest.raises(CheckFailed, match=message):
        checks.check_train_step(answer)


def test_train_step_that_changes_params_in_place_is_reported():
    def in_place(X, Y, params, lr):
        new, loss = ref.train_step(X, Y, params, lr)
        params["b2"] -= 0.0 + 1.0
        return new, loss

    with pytest.raises(CheckFailed, match=r"changed its input params\['b2'\] in place"):
        checks.check_train_step(in_place)


def test_train_check_does_not_depend_on_the_students_train_step(capsys):
    """Does a correct loop pass its check while the notebook's train_step is broken, and is
    that train_step restored afterwards?"""
    namespace = {"np": np}
    exec("def train_step(X, Y, params, lr):\n    return params, 0.0\n", namespace)
    exec(
        "def train(X, Y, params, lr, batch_size, n_epochs, rng):\n"
        "    losses = []\n"
        "    for _ in range(n_epochs):\n"
        "        order = rng.permutation(X.shape[0])\n"
        "        for start in range(0, X.shape[0], batch_size):\n"
        "            batch = order[start : start + batch_size]\n"
        "            params, loss = train_step(X[batch], Y[batch], params, lr)\n"
        "            losses.append(loss)\n"
        "    return params, np.array(losses)\n",
        namespace,
    )
    checks.check_train(namespace["train"])
    assert "✓" in capsys.readouterr().out
    assert namespace["train_step"](None, None, "p", None) == ("p", 0.0)


def test_train_that_ignores_rng_is_not_reproducible_or_misses_the_first_batch():
    def own_generator(X, Y, params, lr, batch_size, n_epochs, rng):
        seeded = np.random.default_rng()
        return ref.train(X, Y, params, lr, batch_size, n_epochs, seeded)

    with pytest.raises(CheckFailed, match=r"first recorded loss|seeded alike"):
        checks.check_train(own_generator)


@pytest.mark.parametrize(
    "mistake",
    ["unpaired_shuffle", "labels_not_one_hot", "lr_divided_by_batch", "evaluates_on_training_data"],
)
def test_every_planted_bug_of_fit_buggy_fails_the_public_check(mistake):
    """A student who leaves any one of the four planted bugs learns it before grading."""
    mutant = next(m.mutant for m in mistakes_for("fit") if m.id == mistake)
    with pytest.raises(CheckFailed), np.errstate(all="ignore"):
        checks.check_fit(mutant)


def test_fit_with_the_wrong_history_length_is_explained():
    def one_entry(*args):
        params, history = ref.fit(*args)
        return params, history[-1:]

    with pytest.raises(CheckFailed, match="one validation accuracy per epoch"):
        checks.check_fit(one_entry)
