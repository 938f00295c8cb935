"""Every small mutation of a solution line is either caught by the hidden tests or provably
changes nothing (listed below, with the reason)."""

import pytest

from autograder import lessons
from autograder.build.paths import CONTENT
from autograder.build.source import read_source
from autograder.hidden import notebook_namespace, specs
from autograder.hidden.grading import passes
from tests.hidden.line_mutations import mutants

# (graded name, mutated line): behaviour identical to the solution on every input the
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


def solution_cells():
    """``(lesson, graded name, solution source)`` of every graded answer cell of the course."""
    for lesson in lessons.MODULES:
        graded = specs(lesson)
        for cell in read_source(CONTENT / f"{lesson}.md").cells:
            if cell.metadata.get("kind") == "solution" and cell.metadata["grade_id"] in graded:
                yield lesson, cell.metadata["grade_id"], cell.source


CELLS = list(solution_cells())


@pytest.mark.parametrize(("lesson", "name", "source"), CELLS, ids=[n for _, n, _ in CELLS])
def test_every_mutation_of_the_solution_is_caught(lesson, name, source):
    spec, survivors, tried = specs(lesson)[name], [], 0
    for line, mutated in mutants(source):
        namespace = notebook_namespace(lesson)
        try:
            exec(compile(mutated, "<mutant>", "exec"), namespace)
        except Exception:  # a mutant that does not even define the function is caught by any test
            continue
        tried += 1
        if passes(spec, namespace[spec.python_name]) and (name, line) not in EQUIVALENT:
            survivors.append(line)
    assert tried > 50
    assert survivors == []


def test_equivalent_mutants_are_really_produced():
    """Is every allowance above still needed (no stale entries)?"""
    produced = {(name, line) for _, name, source in CELLS for line, _ in mutants(source)}
    assert produced >= EQUIVALENT
