"""Every small mutation of a solution line is either caught by the hidden tests or provably
changes nothing (listed below, with the reason)."""

import numpy as np
import pytest

from autograder.build.paths import CONTENT, lesson_sources
from autograder.build.source import read_source
from autograder.hidden.gradient_descent import SPECS
from autograder.hidden.grading import passes
from autograder.reference import gradient_descent as ref
from tests.hidden.line_mutations import mutants

# (function, mutated line): behaviour identical to the solution on every input the
# exercise allows, so no test can or should fail them.
EQUIVALENT = {
    # m is the number of rows; X and y have the same number of rows.
    ("mse_gradient", "m = y.shape[0]"),
    ("minibatch_sgd", "m = y.shape[0]"),
    # w starts as a float copy of w0, and w is rebound to a new array at every step.
    ("gradient_descent", "path = [w]"),
    ("gradient_descent", "path.append(w)"),
    ("gradient_descent", "path = [w0.copy()]"),
}
NOTEBOOK_NAMES = {
    "np": np,
    "predict": ref.predict,
    "mse_loss": ref.mse_loss,
    "mse_gradient": ref.mse_gradient,
}


def solution_cells():
    for path in lesson_sources(CONTENT):
        for cell in read_source(path).cells:
            if cell.metadata.get("kind") == "solution" and cell.metadata["grade_id"] in SPECS:
                yield cell.metadata["grade_id"], cell.source


@pytest.mark.parametrize(
    ("name", "source"), list(solution_cells()), ids=lambda v: v if v in SPECS else ""
)
def test_every_mutation_of_the_solution_is_caught(name, source):
    survivors, tried = [], 0
    for line, mutated in mutants(source):
        namespace = dict(NOTEBOOK_NAMES)
        try:
            exec(compile(mutated, "<mutant>", "exec"), namespace)
        except Exception:  # a mutant that does not even define the function is caught by any test
            continue
        tried += 1
        if passes(SPECS[name], namespace[name]) and (name, line) not in EQUIVALENT:
            survivors.append(line)
    assert tried > 100
    assert survivors == []


def test_equivalent_mutants_are_really_produced():
    """Is every allowance above still needed (no stale entries)?"""
    produced = {(name, line) for name, source in solution_cells() for line, _ in mutants(source)}
    assert produced >= EQUIVALENT
