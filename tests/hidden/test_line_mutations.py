"""Every small mutation of a solution line (the code a student writes, between the solution
markers) is either caught by the hidden tests or provably changes nothing (listed below, with
the reason)."""

import functools

import pytest

from autograder import lessons
from autograder.build.paths import CONTENT
from autograder.build.source import read_source
from autograder.grading import passes
from autograder.hidden import notebook_namespace, specs
from tests.hidden.line_mutations import mutants

# Each cell is graded once per mutated line: about a minute for the course.
pytestmark = pytest.mark.slow

# (answer cell grade id, mutated line): behaviour identical to the solution on every input the
# exercise allows, so no test can or should fail them.
EQUIVALENT = {
    # m is the number of rows; X and y have the same number of rows.
    ("mse_gradient", "m = y.shape[0]"),
    ("minibatch_sgd", "m = y.shape[0]"),
    # w starts as a float copy of w0, and w is rebound to a new array at every step.
    ("gradient_descent", "path = [w]"),
    ("gradient_descent", "path.append(w)"),
    ("gradient_descent", "path = [w0.copy()]"),
    # Lesson 02. A node that is visited but not yet in order still has its (node, True) entry on
    # the stack, under the entries of its descendants only; meeting it again as (node, False)
    # would need a path from a descendant back to it, a cycle, which no graph built from
    # operands has. So "not in order" and "not in visited" agree whenever they are asked.
    ("topological_order", "elif node not in order:"),
    # After `for node in order: ...`, node is order[-1], and topological_order puts the root,
    # self, last: `node.grad = 1` and `self.grad = 1` both set the root's grad to 1.
    ("value", "node.grad = 1"),
    # out.data = max(self.data, 0.0) is positive exactly when self.data is.
    ("value", "self.grad += (out.data > 0) * out.grad"),
    # Lesson 03. Y is one-hot of the shape of logits, so both have m rows.
    ("softmax_cross_entropy_grad", "m = Y.shape[0]"),
    # analytic has the shape of x (the exercise says so), and numeric = np.zeros_like(x) too.
    ("gradient_check", "for i in np.ndindex(analytic.shape):"),
    ("gradient_check", "for i in np.ndindex(numeric.shape):"),
    # total == 0 means ‖analytic‖ = ‖numeric‖ = 0: both are all zeros, so returning either is
    # the same array of zeros of the shape of x.
    ("gradient_check", "return (analytic, 0.0)"),
    # Lesson 04. X and Y (X_train and y_train) have one row per example, the same m.
    ("train", "m = Y.shape[0]"),
    ("fit", "m = y_train.shape[0]"),
    # ReLU's output max(Z, 0) is positive exactly where Z is, so a mask of the cached output
    # is the mask of the input; and Z is the cache, read under either name.
    ("relu_layer", "return (A, A)"),
    ("relu_layer", "dZ = dA * (cache > 0)"),
    # A is the cache, read under either name.
    ("sigmoid_layer", "dZ = dA * cache * (1.0 - A)"),
    ("sigmoid_layer", "dZ = dA * A * (1.0 - cache)"),
    # Y is one-hot of the shape of scores, so both have m rows.
    ("softmax_cross_entropy", "m = Y.shape[0]"),
    # ReLU caches its input (exercise 6), so its cache is the array Z itself.
    ("model_forward", "caches.append((linear_cache, Z))"),
    # Lesson 05. X and y have the same number of rows. The optimizer of every case was given
    # model.parameters(), so model.zero_grad() clears exactly the gradients it would.
    ("train_loop", "for start in range(0, len(X), batch_size):"),
    ("train_loop", "model.zero_grad()"),
    # Lesson 06. The state starts at zero; a 0-d zero (zeros_like of the optimizer object)
    # broadcasts exactly like zeros of each parameter's shape, and grads have the shapes of
    # params, so both give the same first update and the same state from then on.
    *(
        (name, f"self.{state} = [np.zeros_like({arg}, dtype=float) for p in {seq}]")
        for name, state in [
            ("sgd_momentum", "velocity"),
            ("nesterov", "velocity"),
            ("adagrad", "sum_sq"),
            ("rmsprop", "avg_sq"),
            ("adam", "m"),
            ("adam", "v"),
            ("adamw", "m"),
            ("adamw", "v"),
        ]
        for arg, seq in [("self", "params"), ("p", "grads")]
    ),
}


def solution_cells():
    """``(lesson, answer grade id, solution source)`` of every graded answer cell."""
    for lesson in lessons.MODULES:
        graded = {spec.answer_id for spec in specs(lesson).values()}
        for cell in read_source(CONTENT / f"{lesson}.md").cells:
            if cell.metadata.get("kind") == "solution" and cell.metadata["grade_id"] in graded:
                yield lesson, cell.metadata["grade_id"], cell.source


CELLS = list(solution_cells())


def solution_lines(source: str) -> set[int]:
    """The numbers of the lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION``: what
    the student writes (the code around them is given)."""
    inside, numbers = False, set()
    for number, line in enumerate(source.splitlines(), start=1):
        if "### BEGIN SOLUTION" in line or "### END SOLUTION" in line:
            inside = "BEGIN" in line
        elif inside:
            numbers.add(number)
    return numbers


@functools.cache
def cell_mutants(source: str) -> list[tuple[str, str]]:
    """The mutants of the student's lines of a solution cell (made once for both tests)."""
    return list(mutants(source, solution_lines(source)))


@pytest.mark.parametrize(("lesson", "name", "source"), CELLS, ids=[n for _, n, _ in CELLS])
def test_every_mutation_of_the_solution_is_caught(lesson, name, source):
    """A mutation survives when every graded item of its answer cell still passes."""
    items = [spec for spec in specs(lesson).values() if spec.answer_id == name]
    survivors, tried = [], 0
    for line, mutated in cell_mutants(source):
        namespace = notebook_namespace(lesson)
        try:
            exec(compile(mutated, "<mutant>", "exec"), namespace)
        except Exception:  # a mutant that does not even define the function is caught by any test
            continue
        tried += 1
        graded = namespace[items[0].python_name]
        if all(passes(spec, graded) for spec in items) and (name, line) not in EQUIVALENT:
            survivors.append(line)
    assert tried > 10
    assert survivors == []


def test_equivalent_mutants_are_really_produced():
    """Is every allowance above still needed (no stale entries)?"""
    produced = {(name, line) for _, name, source in CELLS for line, _ in cell_mutants(source)}
    assert produced >= EQUIVALENT
