"""Slips: a diff of the reference, applied only where it fits exactly once, rendered into a
whole answer that runs with the reference module's globals."""

import importlib.util
import sys
import textwrap

import numpy as np
import pytest

from autograder import lessons
from autograder.hidden import notebook_namespace, specs
from autograder.mistakes import mistakes_for, register
from autograder.mistakes.slip import SlipError, apply, parse, render

REFERENCE = '''
"""A reference module for the tests."""

from __future__ import annotations

import numpy as np

SCALE = 2.0


def helper(x: np.ndarray) -> np.ndarray:
    """A helper the graded function uses."""
    return SCALE * x


def graded(x: np.ndarray, n: int) -> np.ndarray:
    """The graded function."""
    total = np.zeros_like(x)
    for _ in range(n):
        total = total + helper(x)

    return total / n


def other(x: np.ndarray) -> np.ndarray:
    return x
'''


@pytest.fixture
def reference(tmp_path, monkeypatch):
    path = tmp_path / "slip_reference.py"
    path.write_text(textwrap.dedent(REFERENCE), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("slip_reference", path)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "slip_reference", module)
    spec.loader.exec_module(module)
    return module


def test_a_diff_is_groups_of_old_lines_and_their_replacement():
    diff = """
        - a = 1
        - b = 2
        + a = b = 1
        - c = 3
        - d = 4

        - e = 5
        +     f = 6
    """
    assert parse(diff) == {"a = 1\nb = 2": "a = b = 1", "c = 3\nd = 4": "", "e = 5": "    f = 6"}


@pytest.mark.parametrize(
    ("diff", "message"),
    [
        ("+ x = 1", "without a '- ' line"),
        ("* x = 1", "neither"),
        ("-x = 1", "neither"),
        ("- x = 1\n+ y = 1\n\n- x = 1", "changed twice"),
    ],
)
def test_a_malformed_diff_is_refused(diff, message):
    with pytest.raises(SlipError, match=message):
        parse(diff)


def test_new_lines_take_the_indentation_of_the_old_ones():
    source = "def f(x):\n    for i in x:\n        y = i\n\n        z = y\n    return z\n"
    edited = apply(source, {"y = i\nz = y": "if i:\n    z = i", "return z": ""})
    assert edited == "def f(x):\n    for i in x:\n        if i:\n            z = i\n"


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        ({"y = 2": "y = 3"}, "occurs 0 times"),
        ({"x = 1": "x = 2"}, "occurs 2 times"),
        ({"z = 1\nw = 1": "", "w = 1": "w = 2"}, "two edits change line 4"),
    ],
)
def test_an_old_line_must_occur_exactly_once(edits, message):
    """Does a slip that no longer fits its reference fail instead of changing nothing (or the
    wrong line)?"""
    with pytest.raises(SlipError, match=message):
        apply("x = 1\nx = 1\nz = 1\nw = 1\n", edits)


def test_a_changed_reference_fails_the_slip_loudly(reference):
    diff = "- total = total + helper(x)\n+ total = total - helper(x)"
    render(reference, "graded", diff)
    changed = "- total += helper(x)\n+ total -= helper(x)"
    with pytest.raises(SlipError, match="occurs 0 times"):
        render(reference, "graded", changed)


def test_the_answer_is_plain_python_with_the_helpers_it_needs(reference):
    source, mutant = render(reference, "graded", "- return total / n\n+ return total")
    assert source.startswith("SCALE = 2.0\n\ndef helper(x):\n    return SCALE * x\n")
    assert "def graded(x, n):\n" in source
    assert "np.ndarray" not in source and '"""' not in source and "other" not in source
    assert source.rstrip().endswith("return total")
    assert mutant(np.ones(1), 3)[0] == 6.0


def test_given_names_are_not_repeated_in_the_answer(reference):
    source, _ = render(reference, "graded", "- return total / n\n+ return total", {"helper"})
    assert source.startswith("def graded(x, n):")


def test_a_slip_may_change_a_helper_of_the_answer(reference):
    _, mutant = render(reference, "graded", "- return SCALE * x\n+ return x")
    assert mutant(np.ones(1), 3)[0] == 1.0
    assert reference.helper(1.0) == 2.0


def test_the_mutant_runs_with_the_reference_globals_and_leaves_them_alone(reference):
    _, mutant = render(reference, "graded", "- return total / n\n+ return total")
    assert mutant.__globals__["np"] is reference.np
    assert mutant.__globals__ is not vars(reference)
    assert reference.graded(np.ones(1), 2)[0] == 2.0


def test_an_answer_never_redefines_another_graded_item(reference):
    with pytest.raises(SlipError, match="redefine the graded helper"):
        render(reference, "graded", "- return total / n\n+ return total", graded={"helper"})


def test_every_slip_changes_the_reference_answer():
    """Is each catalogued slip's answer different from the answer of the reference itself?"""
    for lesson in lessons.MODULES:
        reference, given = lessons.module("reference", lesson), notebook_namespace(lesson)
        for name, spec in specs(lesson).items():
            unchanged, _ = render(reference, spec.python_name, "", given)
            for mistake in mistakes_for(name):
                assert mistake.slip is None or mistake.source != unchanged, mistake


def test_registering_a_slip_that_no_longer_fits_fails_naming_the_mistake():
    """Does a catalogued slip whose old line left the reference stop the import at once?"""
    before = list(mistakes_for("mse_gradient"))
    with pytest.raises(SlipError, match=r"mistake mse_gradient\.gone: 'm = len\(X\)' occurs 0"):
        register("mse_gradient", gone="- m = len(X)\n+ m = 1")
    assert mistakes_for("mse_gradient") == before
