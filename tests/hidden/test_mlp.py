"""Hidden tests of lesson 04: correct answers written differently keep their points; answers of
the wrong form, answers that change params in place, and each bug of the debugging exercise
fail with a message that names it, in the lesson's language."""

import numpy as np
import pytest

from autograder.build.paths import CONTENT
from autograder.build.source import read_source
from autograder.grading import GradingFailure, check
from autograder.hidden.mlp import NOTEBOOK_NAMESPACE, SPECS
from autograder.reference import mlp as ref
from autograder.student.i18n import set_language, t


def solution_source(name):
    cells = read_source(CONTENT / "04-mlp.md").cells
    return next(c.source for c in cells if c.metadata.get("grade_id") == name)


def buggy_source():
    """The code of fit_buggy as the notebook gives it to students."""
    cells = read_source(CONTENT / "04-mlp.md").cells
    source = next(c.source for c in cells if c.source.startswith("def fit_buggy("))
    return source.split("\n\n\nstart_params")[0]


def test_loop_cases_have_a_short_last_batch_and_several_epochs():
    """Could the hidden cases tell drops_last_batch and shuffle_once from a correct loop?"""
    for X, *_, batch_size, n_epochs, _rng in SPECS["train"].cases():
        assert X.shape[0] % batch_size != 0 and n_epochs >= 2
    for X, *_, batch_size, n_epochs, _rng in SPECS["fit"].cases():
        assert X.shape[0] % batch_size != 0 and n_epochs >= 2


def test_accuracy_cases_include_a_square_batch():
    """Is argmax over axis 0 silent on one case (m = k), so that its pattern is its own?"""
    assert any(logits.shape[0] == logits.shape[1] for logits, _ in SPECS["accuracy"].cases())


def test_accuracy_written_another_way_passes():
    def loop(logits, labels):
        right = sum(
            int(list(row).index(max(row)) == label)
            for row, label in zip(logits, labels, strict=True)
        )
        return right / len(labels)

    check("accuracy", loop)


def test_train_step_written_another_way_passes():
    """Are an explicit loop over the keys, extra entries and the loss as a 0-d array accepted?"""

    namespace = dict(NOTEBOOK_NAMESPACE)
    exec(
        "def answer(X, Y, params, lr):\n"
        "    grads = two_layer_backward(X, Y, params)\n"
        "    new = {}\n"
        "    for key in ('b2', 'W2', 'b1', 'W1'):\n"
        "        new[key] = params[key] + (-lr) * grads[key]\n"
        "    return new, np.array(two_layer_loss(X, Y, params))\n",
        namespace,
    )
    check("train_step", namespace["answer"])


def test_train_with_an_index_shuffled_in_place_passes():
    """rng.shuffle of an index array draws the same order as rng.permutation."""
    namespace = dict(NOTEBOOK_NAMESPACE)
    exec(
        "def answer(X, Y, params, lr, batch_size, n_epochs, rng):\n"
        "    losses = []\n"
        "    index = np.arange(len(X))\n"
        "    for epoch in range(n_epochs):\n"
        "        index = np.arange(len(X))\n"
        "        rng.shuffle(index)\n"
        "        for i in range(0, len(index), batch_size):\n"
        "            rows = index[i : i + batch_size]\n"
        "            params, loss = train_step(X[rows], Y[rows], params, lr)\n"
        "            losses.append(loss)\n"
        "    return params, losses\n",
        namespace,
    )
    check("train", namespace["answer"])


def test_train_is_graded_on_its_own():
    """Does a correct loop keep its points while the notebook's train_step is wrong, and is the
    student's train_step back in place afterwards?"""
    namespace = dict(NOTEBOOK_NAMESPACE)
    exec("def train_step(X, Y, params, lr):\n    return params, 'mine'\n", namespace)
    exec(solution_source("train"), namespace)
    check("train", namespace["train"])
    assert namespace["train_step"](None, None, None, None) == (None, "mine")


def test_fit_is_graded_on_its_own():
    namespace = dict(NOTEBOOK_NAMESPACE)
    exec("def accuracy(logits, labels):\n    return 0.5\n", namespace)
    exec(solution_source("fit"), namespace)
    check("fit", namespace["fit"])


@pytest.mark.parametrize("name", ["train_step", "train", "fit"])
def test_solution_cells_pass_with_the_notebook_namespace(name):
    namespace = dict(NOTEBOOK_NAMESPACE)
    exec(solution_source(name), namespace)
    check(name, namespace[name])


def test_the_buggy_function_as_given_fails_without_a_single_name():
    """fit_buggy has four bugs at once; no one mistake explains it."""
    namespace = dict(NOTEBOOK_NAMESPACE)
    exec(buggy_source(), namespace)
    with pytest.raises(GradingFailure) as failure:
        check("fit", namespace["fit_buggy"])
    assert "common mistake" not in str(failure.value)


@pytest.mark.parametrize(
    ("bug", "repair", "mistake"),
    [
        (
            "unpaired",
            "        X_shuffled = X_train[rng.permutation(m)]\n"
            "        y_shuffled = y_train[rng.permutation(m)]\n",
            "unpaired_shuffle",
        ),
        ("no shuffle", "        X_shuffled, y_shuffled = X_train, y_train\n", "no_shuffle"),
    ],
)
def test_a_repair_that_leaves_one_shuffling_bug_is_named(bug, repair, mistake):
    """Is a student who fixed everything but the shuffle told which shuffle bug is left?"""
    fixed = solution_source("fit").replace(
        "        order = rng.permutation(m)\n"
        "        X_shuffled, y_shuffled = X_train[order], y_train[order]\n",
        repair,
    )
    assert fixed != solution_source("fit"), bug
    namespace = dict(NOTEBOOK_NAMESPACE)
    exec(fixed, namespace)
    with pytest.raises(GradingFailure) as failure:
        check("fit", namespace["fit"])
    assert t(f"mistake.fit.{mistake}.name") in str(failure.value)


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (lambda X, Y, p, lr: ref.train_step(X, Y, p, lr)[0], "ExpectedPair"),
        (lambda X, Y, p, lr: (list(ref.train_step(X, Y, p, lr)[0].values()), 0.0), "ExpectedDict"),
        (
            lambda X, Y, p, lr: ({"W1": p["W1"]}, ref.train_step(X, Y, p, lr)[1]),
            "MissingParameterKey",
        ),
    ],
    ids=["params-only", "list", "missing-key"],
)
def test_train_step_of_the_wrong_form_scores_nothing(answer, error):
    with pytest.raises(GradingFailure, match=f"raised {error}\\w* on hidden case 1"):
        check("train_step", answer)


def test_changing_params_in_place_is_named_in_chinese():
    def in_place(X, Y, params, lr):
        new, loss = ref.train_step(X, Y, params, lr)
        for key in params:
            params[key][...] = new[key]
        return params, loss

    set_language("zh")
    with pytest.raises(GradingFailure) as failure:
        check("train_step", in_place)
    assert t("mistake.common.modifies_input.name") in str(failure.value)
    assert "原地修改" in str(failure.value)


def test_train_with_a_fresh_generator_fails():
    """A loop that ignores the rng argument and seeds its own cannot match the reference."""

    def own_seed(X, Y, params, lr, batch_size, n_epochs, rng):
        return ref.train(X, Y, params, lr, batch_size, n_epochs, np.random.default_rng(0))

    with pytest.raises(GradingFailure):
        check("train", own_seed)


# ---------------------------------------------------------------- modular layers


def define(source):
    namespace = dict(NOTEBOOK_NAMESPACE)
    exec(source, namespace)
    return namespace


def test_layers_written_another_way_pass():
    """Caches of another form (a dict, the bias kept too, the output for ReLU), einsum and
    np.where: the contract is the output and the gradients, not the cache's layout."""
    namespace = define(
        "class Linear:\n"
        "    @staticmethod\n"
        "    def forward(X, W, b):\n"
        "        return np.einsum('mi,io->mo', X, W) + b, {'X': X, 'W': W, 'b': b}\n"
        "    @staticmethod\n"
        "    def backward(dout, cache):\n"
        "        return dout @ cache['W'].T, cache['X'].T @ dout, np.sum(dout, axis=0)\n"
        "class ReLU:\n"
        "    @staticmethod\n"
        "    def forward(Z):\n"
        "        A = np.where(Z > 0, Z, 0.0)\n"
        "        return A, A\n"
        "    @staticmethod\n"
        "    def backward(dA, cache):\n"
        "        return np.where(cache > 0, dA, 0.0)\n"
        "class Sigmoid:\n"
        "    @staticmethod\n"
        "    def forward(Z):\n"
        "        A = np.exp(-np.logaddexp(0.0, -Z))\n"
        "        return A, (A,)\n"
        "    @staticmethod\n"
        "    def backward(dA, cache):\n"
        "        (A,) = cache\n"
        "        return dA * (A - A**2)\n"
    )
    for name, graded in (
        ("linear_layer", "Linear"),
        ("relu_layer", "ReLU"),
        ("sigmoid_layer", "Sigmoid"),
    ):
        check(name, namespace[graded])


def test_model_written_another_way_passes():
    """A while loop, caches built by index, reversed() in the backward pass."""
    namespace = define(
        "def model_forward(X, params):\n"
        "    n_layers = sum(key.startswith('W') for key in params)\n"
        "    caches, A, layer = [], X, 1\n"
        "    while layer < n_layers:\n"
        "        Z, lc = Linear.forward(A, params['W%d' % layer], params['b%d' % layer])\n"
        "        A, rc = ReLU.forward(Z)\n"
        "        caches = caches + [(lc, rc)]\n"
        "        layer += 1\n"
        "    scores, lc = Linear.forward(A, params['W%d' % n_layers], params['b%d' % n_layers])\n"
        "    return scores, caches + [lc]\n"
        "def model_backward(dscores, caches):\n"
        "    *hidden, last = caches\n"
        "    grads = {}\n"
        "    top = len(caches)\n"
        "    d, grads[f'W{top}'], grads[f'b{top}'] = Linear.backward(dscores, last)\n"
        "    for layer, (lc, rc) in reversed(list(enumerate(hidden, start=1))):\n"
        "        dZ = ReLU.backward(d, rc)\n"
        "        d, grads[f'W{layer}'], grads[f'b{layer}'] = Linear.backward(dZ, lc)\n"
        "    return grads\n"
    )
    check("model_forward", namespace["model_forward"])
    check("model_backward", namespace["model_backward"])


def test_a_backward_pass_that_reads_state_outside_its_cache_is_named():
    """The second forward pass of the hidden adapter, before backward, gives the mistake away."""
    namespace = define(
        "class Linear:\n"
        "    last = None\n"
        "    @staticmethod\n"
        "    def forward(X, W, b):\n"
        "        Linear.last = (X, W)\n"
        "        return X @ W + b, 'cache'\n"
        "    @staticmethod\n"
        "    def backward(dout, cache):\n"
        "        X, W = Linear.last\n"
        "        return dout @ W.T, X.T @ dout, dout.sum(axis=0)\n"
    )
    set_language("en")
    with pytest.raises(GradingFailure, match="the inputs kept on the class, not in the cache"):
        check("linear_layer", namespace["Linear"])


def test_model_backward_is_graded_with_the_reference_layers():
    """A broken ReLU of the notebook costs the ReLU's point, not model_backward's."""
    namespace = define(
        "class ReLU:\n"
        "    @staticmethod\n"
        "    def forward(Z):\n"
        "        return np.maximum(Z, 0.0), Z\n"
        "    @staticmethod\n"
        "    def backward(dA, cache):\n"
        "        return dA\n"
        + "\n".join(
            line for line in solution_source("model_backward").splitlines() if "###" not in line
        )
    )
    check("model_backward", namespace["model_backward"])


def test_model_cases_have_several_depths_and_units_of_both_states():
    depths = {len(params) // 2 for _, params in SPECS["model_forward"].cases()}
    assert {1, 2, 3, 4} <= depths
    for X, params in SPECS["model_forward"].cases():
        if len(params) > 2:
            Z = X @ params["W1"] + params["b1"]
            assert (Z > 0).any() and (Z < 0).any()


def test_layer_cases_hold_relus_kink_and_softmax_cases_overflow_without_the_shift():
    assert any((Z == 0.0).any() for Z, _ in SPECS["relu_layer"].cases())
    with np.errstate(over="ignore"):
        assert any(
            not np.isfinite(np.exp(scores)).all()
            for scores, _ in SPECS["softmax_cross_entropy"].cases()
        )


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("def forward(Z):\n        return np.maximum(Z, 0.0)", "raised ExpectedOutputAndCache"),
        ("def forward(Z):\n        raise NotImplementedError()", "not implemented"),
    ],
    ids=["output-only", "untouched"],
)
def test_a_relu_of_the_wrong_form_is_explained(answer, message):
    namespace = define(
        "class ReLU:\n"
        "    @staticmethod\n"
        f"    {answer}\n"
        "    @staticmethod\n"
        "    def backward(dA, cache):\n"
        "        return dA * (cache > 0)\n"
    )
    set_language("en")
    with pytest.raises(GradingFailure, match=message):
        check("relu_layer", namespace["ReLU"])
