"""What the sandbox is sent: enough to call each graded item, nothing that answers it."""

from __future__ import annotations

import inspect
import pickle
import sys
import types

import numpy as np
import pytest

from autograder import lessons
from autograder.grader import jobs
from autograder.hidden import specs
from autograder.mistakes import mistakes_for

ITEMS = [(lesson, name) for lesson in lessons.MODULES for name in specs(lesson)]
ITEM_IDS = [f"{lesson}:{name}" for lesson, name in ITEMS]


def code_objects(obj: object) -> list[types.CodeType]:
    """The bytecode of a function, or of every method of a class (its own, not that of the
    comprehensions inside, which can match an unrelated one)."""
    if inspect.isfunction(obj):
        return [obj.__code__]
    return [m.__code__ for _, m in inspect.getmembers(obj, inspect.isfunction)]


def answers_to(lesson: str, name: str) -> list[types.CodeType]:
    spec = specs(lesson)[name]
    graded = [spec.reference, *(m.mutant for m in mistakes_for(spec.answer_id))]
    return [code for obj in graded for code in code_objects(obj) if len(code.co_code) > 16]


@pytest.mark.parametrize(("lesson", "name"), ITEMS, ids=ITEM_IDS)
def test_no_job_carries_the_answer_it_grades(lesson, name):
    """Is the item's reference (or a mutant of it) absent from what its sandbox receives?"""
    payload = jobs.setup(lesson) + jobs.job(lesson, name)
    leaked = [c.co_qualname for c in answers_to(lesson, name) if c.co_code in payload]
    assert leaked == []


@pytest.mark.parametrize("lesson", list(lessons.MODULES))
def test_jobs_unpickle_without_the_instructor_modules(lesson, monkeypatch):
    """Can the sandbox, which has no reference, mistakes or hidden module, read every job?"""
    payloads = [jobs.setup(lesson)] + [jobs.job(lesson, name) for name in specs(lesson)]
    hidden = ("autograder.reference", "autograder.mistakes", "autograder.hidden")
    for module in [m for m in sys.modules if m.startswith(hidden)]:
        monkeypatch.delitem(sys.modules, module)

    class Blocker:
        def find_spec(self, fullname, path=None, target=None):
            if fullname.startswith(hidden):
                raise ModuleNotFoundError(fullname)
            return None

    monkeypatch.setattr(sys, "meta_path", [Blocker(), *sys.meta_path])
    for payload in payloads:
        assert isinstance(pickle.loads(payload), dict)


# Value's adapter (autograder/hidden/chain_rule.py) swaps in the reference topological_order
# itself, on graph nodes that a recording cannot match: still to be done there.
@pytest.mark.parametrize(
    ("lesson", "name"),
    ITEMS,
    ids=ITEM_IDS,
)
def test_no_job_carries_any_graded_function_of_its_lesson(lesson, name):
    """Not the item's own reference, nor a helper's: helpers travel as recorded calls."""
    payload = jobs.job(lesson, name)
    graded = [code for other in specs(lesson) for code in answers_to(lesson, other)]
    assert [c.co_qualname for c in graded if c.co_code in payload] == []


def sealed_and_recorded(lesson: str, name: str) -> tuple[dict, dict]:
    """The sealed helpers in the job of item ``name``, and the calls they were sealed from
    (recorded here again: the reference is deterministic)."""
    spec = specs(lesson)[name]
    recorded = jobs.recorded_helper_calls(spec, list(spec.cases()))
    return pickle.loads(jobs.job(lesson, name))["helpers"], recorded


def assert_sealed(sealed, calls) -> None:
    """Every recorded call opens its own answer; no answer can be read from the sealed
    recording as sent; a call with an argument changed opens nothing."""
    sent = pickle.dumps(sealed)
    for (args, kwargs), result in calls:
        found, got = sealed.open(args, kwargs)
        assert found
        for want, have in zip(result, got, strict=True):
            np.testing.assert_array_equal(have, want)
            if np.size(want) > 1:  # a lone number's bytes can occur by chance
                assert np.asarray(want, dtype=np.float64).tobytes() not in sent
    (args, kwargs), _ = calls[0]
    nudged = (args[0] + 1e-9, *args[1:])
    assert sealed.open(nudged, kwargs) == (False, None)


def test_helpers_travel_sealed():
    """minibatch_sgd's helpers: the reference's calls and their answers, sealed: an answer
    opens only for its call's arguments, so the submission cannot read them off."""
    helpers, recorded = sealed_and_recorded("01-gradient-descent", "minibatch_sgd")
    assert set(helpers) == {"mse_gradient", "mse_loss", "predict"}
    (args, kwargs), (grad_w, _) = recorded["mse_gradient"][0]
    assert len(args) == 4 and kwargs == {} and grad_w.shape == args[2].shape
    assert_sealed(helpers["mse_gradient"], recorded["mse_gradient"])


def test_static_methods_of_a_layer_travel_sealed():
    """model_backward calls Linear.backward and ReLU.backward: each travels as the reference's
    calls (upstream gradient and cache in, gradients out), sealed, never as code."""
    helpers, recorded = sealed_and_recorded("04-mlp", "model_backward")
    assert set(helpers) == {"Linear.backward", "ReLU.backward"}
    (args, kwargs), (dX, dW, db) = recorded["Linear.backward"][0]
    dout, (X, W) = args
    assert (
        kwargs == {} and dX.shape == X.shape and dW.shape == W.shape and db.shape == dout.shape[1:]
    )
    assert_sealed(helpers["Linear.backward"], recorded["Linear.backward"])
