"""Public checks of lesson 04: they accept the reference, explain answers of the wrong form in the
lesson's language, judge each function on its own, and catch the bugs of the debugging exercise
that show in a result."""

import inspect

import numpy as np
import pytest

from autograder.mistakes import mistakes_for
from autograder.reference import mlp as ref
from autograder.student.checks import mlp as checks
from autograder.student.checks.common import CheckFailed, helpers_swapped
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


# ---------------------------------------------------------------- modular layers


def test_helpers_swapped_stands_in_for_static_methods_and_leaves_the_class_alone():
    namespace = {"np": np}
    exec(
        "class Linear:\n"
        "    @staticmethod\n"
        "    def forward(X, W, b):\n"
        "        return 'own', None\n"
        "    @staticmethod\n"
        "    def backward(dout, cache):\n"
        "        return 'own backward'\n"
        "def model(X):\n"
        "    return Linear.forward(X, 1, 2)[0], Linear.backward(X, None)\n",
        namespace,
    )
    own = namespace["Linear"]
    with helpers_swapped(namespace["model"], {"Linear.forward": lambda X, W, b: ("stand-in", 0)}):
        assert namespace["model"](0) == ("stand-in", "own backward")
    assert namespace["Linear"] is own and namespace["model"](0) == ("own", "own backward")
    # A notebook that defines no Linear gets a class holding the stand-ins alone.
    del namespace["Linear"]
    stand_ins = {"Linear.forward": lambda X, W, b: ("alone", 0), "Linear.backward": lambda d, c: 1}
    with helpers_swapped(namespace["model"], stand_ins):
        assert namespace["model"](0) == ("alone", 1)
    assert "Linear" not in namespace


@pytest.mark.parametrize(
    ("check", "answer", "message"),
    [
        (checks.check_linear_layer, "linear_layer.db_not_summed", r"db should have shape \(5,\)"),
        (checks.check_linear_layer, "linear_layer.state_outside_cache", "different gradients"),
        (checks.check_relu_layer, "relu_layer.mask_ge", "exactly 0"),
        (checks.check_relu_layer, "relu_layer.in_place", "in place"),
        (checks.check_sigmoid_layer, "sigmoid_layer.caches_input", "central-difference"),
        (checks.check_softmax_cross_entropy, "softmax_cross_entropy.no_max_shift", "about 1000"),
        (checks.check_softmax_cross_entropy, "softmax_cross_entropy.no_batch_mean", "mean cross"),
        (checks.check_model_forward, "model_forward.caches_reversed", r"caches\[0\]"),
        (checks.check_model_forward, "model_forward.relu_on_scores", r"caches\[2\]"),
        (checks.check_model_backward, "model_backward.caches_in_forward_order", "not a cache made"),
        (checks.check_model_backward, "model_backward.relu_skipped", "central-difference"),
    ],
)
def test_public_checks_explain_catalogued_layer_mistakes(check, answer, message):
    function, mistake_id = answer.split(".")
    (mutant,) = [m.mutant for m in mistakes_for(function) if m.id == mistake_id]
    set_language("en")
    with pytest.raises(CheckFailed, match=message):
        check(mutant)


def test_model_checks_judge_model_forward_without_the_notebooks_layers():
    """The checks of the model replace the notebook's Linear and ReLU, however broken."""
    namespace = {"np": np}
    exec(
        "class Linear:\n"
        "    forward = backward = None\n"
        "ReLU = Linear\n"
        "def model_forward(X, params):\n"
        "    pass\n",
        namespace,
    )
    source = inspect.getsource(ref.model_forward).split('"""')
    exec("from __future__ import annotations\n" + source[0] + source[2], namespace)
    checks.check_model_forward(namespace["model_forward"])
    assert namespace["Linear"].forward is None
