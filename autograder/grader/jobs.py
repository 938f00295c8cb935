"""What the sandbox is sent for a lesson: the notebook's given names, and for each graded
item its hidden cases, adapter and helpers — pickled by value, so that the sandbox needs
none of the instructor modules and receives no reference of the item it grades."""

from __future__ import annotations

from functools import cache

import cloudpickle

import autograder.hidden
import autograder.mistakes
import autograder.reference
from autograder.hidden import notebook_namespace, specs

for _package in (autograder.hidden, autograder.reference, autograder.mistakes):
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
    return cloudpickle.dumps(
        {
            "python_name": spec.python_name,
            "adapt": spec.adapt,
            "helpers": spec.helpers,
            "cases": list(spec.cases()),
            "n_outputs": len(spec.outputs),
        }
    )
