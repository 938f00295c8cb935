"""A determined student reads the helpers' recorded answers instead of computing its own.

A graded function that calls a helper (``model_backward`` calls ``Linear.backward``,
``minibatch_sgd`` calls ``mse_gradient``) is answered by the reference's recorded calls while
it is graded, and the recording sits in the child's memory beside the submission. Read open,
it would hand over the answers: the gradients ``model_backward`` must return are the recorded
results of ``Linear.backward``, and minibatch_sgd's last weights follow from the last
recorded call. Each attack is graded through the real sandbox between two honest students,
who must get exactly their grades."""

from __future__ import annotations

import textwrap

import nbformat
import pytest

from autograder.build.paths import SOLUTIONS
from autograder.grader.bubblewrap import Limits, Sandbox
from autograder.grader.preprocessor import answers_of
from autograder.grader.verdicts import Answers, grade_answers
from tests.markers import needs_bubblewrap

pytestmark = [pytest.mark.slow, needs_bubblewrap]

# Everything of the helper's recording the function can reach: the stand-in's closure, and
# every list, dict and object attribute the garbage collector knows, opened as far as it goes.
DIG = """
import collections
import gc
import numpy as np

def _found(*stand_ins):
    seen, out = set(), []
    roots = []
    for stand_in in stand_ins:
        roots += [c.cell_contents for c in (stand_in.__closure__ or ()) if c.cell_contents]
    roots += gc.get_objects()
    for root in roots:
        todo = collections.deque([root])  # in order: a recording lists the reference's first
        while todo:
            item = todo.popleft()
            if id(item) in seen:
                continue
            seen.add(id(item))
            if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], tuple):
                out.append(item)  # ((args, kwargs), result) as an open recording holds it
            if isinstance(item, list | tuple):
                todo += list(item)
            elif isinstance(item, dict):
                todo += list(item.values())
            elif not isinstance(item, type):
                try:
                    todo += list(vars(item).values())
                except Exception:
                    pass
    return out
"""

READ_GRADIENTS = textwrap.dedent(
    DIG
    + """
def model_backward(dscores, caches):
    recorded = _found(Linear.backward)
    grads = {}
    L = len(caches)
    for layer in range(1, L + 1):
        cache = caches[layer - 1] if layer == L else caches[layer - 1][0]
        for (args, kwargs), result in recorded:
            if len(args) == 2 and isinstance(args[1], tuple) and len(args[1]) == len(cache) and all(
                np.shape(a) == np.shape(b) and np.array_equal(a, b) for a, b in zip(args[1], cache)
            ):
                _, grads[f"W{layer}"], grads[f"b{layer}"] = result
                break
    return grads
"""
)

READ_WEIGHTS = textwrap.dedent(
    DIG
    + """
def minibatch_sgd(X, y, w0, b0, lr, batch_size, n_epochs, rng):
    n = n_epochs * -(-X.shape[0] // batch_size)

    def this_case(found):
        calls = [
            c for c in found
            if len(c[0]) == 2 and isinstance(c[0][0], tuple) and len(c[0][0]) == 4
            and isinstance(c[0][0][0], np.ndarray) and np.shape(c[0][0][2]) == np.shape(w0)
        ]
        first = next(
            i for i, ((args, _), _) in enumerate(calls)
            if np.array_equal(args[2], w0) and np.array_equal(args[3], b0)
            and args[0].shape[1:] == X.shape[1:]
        )
        return calls[first : first + n]

    gradients, losses = this_case(_found(mse_gradient)), this_case(_found(mse_loss))
    (_, _, w, b), _ = gradients[-1][0]
    grad_w, grad_b = gradients[-1][1]
    return w - lr * grad_w, b - lr * grad_b, np.array([loss for _, loss in losses])
"""
)


def solved(lesson: str) -> Answers:
    return answers_of(nbformat.read(SOLUTIONS / "en" / f"{lesson}.ipynb", as_version=4))


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(Limits(seconds=20)) as box:
        yield box


@pytest.mark.parametrize(
    ("lesson", "item", "attack"),
    [
        ("04-mlp", "model_backward", READ_GRADIENTS),
        ("01-gradient-descent", "minibatch_sgd", READ_WEIGHTS),
    ],
    ids=["gradients-of-model_backward", "weights-of-minibatch_sgd"],
)
def test_recorded_helper_answers_cannot_be_read_off(sandbox, lesson, item, attack):
    """A function that returns what it finds of the recording, computing nothing, gets no
    points; honest students graded before and after it on the same worker get all of theirs."""
    honest = solved(lesson)
    hostile = [(gid, attack if gid == item else code) for gid, code in honest]

    def statuses(cells: Answers) -> dict[str, str]:
        return {name: v.status for name, v in grade_answers(sandbox, lesson, "en", cells).items()}

    everything = statuses(honest)
    assert set(everything.values()) == {"passed"}
    assert statuses(hostile) == {**everything, item: "failed"}
    assert statuses(honest) == everything
