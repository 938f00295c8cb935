"""What the sandbox is sent for a lesson: the notebook's given names, and for each graded
item its hidden cases, adapter, and the calls its helpers answer (recorded here, from the
reference). The adapters and cases are pickled by value, so that the sandbox needs none of
the instructor modules; only the child that grades the item opens them. No reference of a
graded function travels: not the item's, and not a helper's; and a helper's recorded answers
travel sealed, each opened only by a call with its arguments (see
:mod:`autograder.inside.helpers`)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import cloudpickle

import autograder.hidden
import autograder.mistakes
import autograder.reference
import autograder.spec
from autograder.hidden import notebook_namespace, specs
from autograder.inside.calls import call
from autograder.inside.helpers import Recorded, Sealed
from autograder.mistakes import mistakes_for
from autograder.spec import Spec
from autograder.student.checks.common import helpers_swapped

for _package in (autograder.hidden, autograder.reference, autograder.mistakes, autograder.spec):
    cloudpickle.register_pickle_by_value(_package)


@cache
def setup(lesson: str) -> bytes:
    """The names a lesson's answer cells may use from the rest of the notebook, without any
    graded item (each answer cell defines its own; helpers stand in only while grading)."""
    graded = {spec.python_name for spec in specs(lesson).values()}
    namespace = {k: v for k, v in notebook_namespace(lesson).items() if k not in graded}
    return cloudpickle.dumps({"namespace": namespace})


@cache
def job(lesson: str, name: str) -> bytes:
    """Everything the sandbox needs to call graded item ``name`` on its hidden cases."""
    spec = specs(lesson)[name]
    cases = list(spec.cases())
    return cloudpickle.dumps(
        {
            "python_name": spec.python_name,
            "adapt": spec.adapt,
            "helpers": {
                name: Sealed(calls) for name, calls in recorded_helper_calls(spec, cases).items()
            },
            "cases": cases,
            "n_outputs": len(spec.outputs),
        }
    )


def recorded_helper_calls(spec: Spec, cases: Sequence[tuple[Any, ...]]) -> dict[str, Recorded]:
    """Each helper of ``spec`` -> the calls the reference makes to it on ``cases``, with the
    reference helper's answers: data, never the helper's code. The calls of the item's
    catalogued mistakes are recorded too (after the reference's), so that a submission with
    such a mistake is answered by the reference helpers, and named, even when its own helper
    is wrong as well."""
    recorded: dict[str, Recorded] = {name: [] for name in spec.helpers}

    def recorder(name: str, helper: Callable[..., Any]) -> Callable[..., Any]:
        def record(*args: Any, **kwargs: Any) -> Any:
            given = copy.deepcopy((args, kwargs))
            result = helper(*args, **kwargs)
            recorded[name].append((given, copy.deepcopy(result)))
            return result

        return record

    recorders = {name: recorder(name, helper) for name, helper in spec.helpers.items()}
    if recorders:
        with helpers_swapped(spec.reference, recorders):
            runs = [call(spec.adapt(spec.reference), args, len(spec.outputs)) for args in cases]
        if any(run.outputs is None for run in runs):
            raise RuntimeError(f"the reference of {spec.name} fails on its own cases")
        for mistake in mistakes_for(spec.answer_id):
            mutant = mistake.mutant
            if getattr(mutant, "__globals__", None) is None:
                continue  # a class written out whole: its helpers are its own
            with helpers_swapped(mutant, recorders):
                for args in cases:
                    call(spec.adapt(mutant), args, len(spec.outputs))
    return recorded
