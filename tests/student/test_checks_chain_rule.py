"""Public checks of lesson 02: they accept the reference, reject what is wrong with a message in
the lesson's language, do not lean on the student's other answer, and know no answer."""

import math

import pytest

from autograder.build.paths import CONTENT
from autograder.build.source import read_source
from autograder.mistakes import mistakes_for
from autograder.reference import chain_rule as ref
from autograder.student.checks import chain_rule as checks
from autograder.student.checks.common import CheckFailed
from autograder.student.i18n import set_language


def stub_value_class():
    """What a student notebook holds before the exercise: the given parts, stubbed methods."""

    class Value:
        def __init__(self, data, children=()):
            self.data = float(data)
            self.grad = 0.0
            self._prev = tuple(children)
            self._backward = lambda: None

        def __add__(self, other):
            raise NotImplementedError()

        __mul__ = __pow__ = __add__

        def exp(self):
            raise NotImplementedError()

        tanh = relu = backward = exp

    return Value


@pytest.mark.parametrize(
    ("mistake_id", "message"),
    [
        ("recursive", "RecursionError on a chain of 5000 nodes"),
        ("no_visited_set", "is listed 4 times"),
        ("reversed_preorder", "before one of its operands"),
    ],
)
def test_order_mistakes_get_specific_messages(mistake_id, message):
    (mistake,) = [m for m in mistakes_for("topological_order") if m.id == mistake_id]
    with pytest.raises(CheckFailed, match=message):
        checks.check_topological_order(mistake.mutant)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (lambda root: {root}, "should return a list of nodes, but returned set"),
        (lambda root: [root._prev, root], "not nodes of the graph"),
        (lambda root: [root], "are missing from the list"),
    ],
    ids=["set", "foreign", "missing"],
)
def test_malformed_orders_are_reported(answer, message):
    with pytest.raises(CheckFailed, match=message):
        checks.check_topological_order(answer)


def test_root_first_is_reported_in_chinese():
    def root_first(root):
        order = ref.topological_order(root)
        return [order[-1], *order[:-1]]

    set_language("zh")
    with pytest.raises(CheckFailed, match="排在了它的某个运算数"):
        checks.check_topological_order(root_first)


def test_value_errors_name_the_expression():
    (mistake,) = [m for m in mistakes_for("value") if m.id == "constant_not_wrapped"]
    with pytest.raises(CheckFailed, match=r"a \+ 2.5 raised AttributeError"):
        checks.check_value_add(mistake.mutant)


def solution_value_class(topological_order, change=("", "")):
    """The class Value of the lesson's solution cell, with one text ``change`` applied."""
    (source,) = [
        cell.source
        for cell in read_source(CONTENT / "02-chain-rule.md").cells
        if cell.metadata.get("grade_id") == "value"
    ]
    assert change[0] in source
    namespace = {"math": math, "topological_order": topological_order}
    exec(source.replace(*change), namespace)
    return namespace


def test_wrong_forward_value_is_reported():
    """A forward slip whose gradient matches its own forward values is still caught."""
    change = ("Value(math.exp(self.data), (self,))", "Value(2 * math.exp(self.data), (self,))")
    namespace = solution_value_class(ref.topological_order, change)
    with pytest.raises(CheckFailed, match=r"a.exp\(\) gives data 4.0"):
        checks.check_value_exp(namespace["Value"])


def test_value_check_does_not_use_the_notebook_topological_order():
    """Is a correct Value accepted even when the notebook's topological_order is wrong, and is
    that topological_order back in place afterwards?"""

    def broken(root):
        return [root]

    namespace = solution_value_class(broken)
    checks.check_value_backward(namespace["Value"])
    assert namespace["topological_order"] is broken


OPERATIONS = ["add", "mul", "pow", "exp", "tanh", "relu"]


@pytest.mark.parametrize(
    ("change", "failing"),
    [
        (("(self.data > 0) * out.grad", "(self.data < 0) * out.grad"), {"relu"}),
        (
            (
                "self.grad += (1 - out.data**2) * out.grad",
                "self.grad = (1 - out.data**2) * out.grad",
            ),
            {"tanh"},
        ),
        (("        self.grad = 1\n", ""), {"backward"}),
    ],
    ids=["relu", "tanh-overwrites", "no-seed"],
)
def test_each_check_looks_at_its_own_part_only(change, failing):
    """Does a slip in one operation fail that operation's check alone?"""
    Value = solution_value_class(ref.topological_order, change)["Value"]
    failed = set()
    for part in [*OPERATIONS, "backward"]:
        try:
            getattr(checks, f"check_value_{part}")(Value)
        except CheckFailed:
            failed.add(part)
    assert failed == failing


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_overwriting_a_gradient_is_told_to_use_plus_equals(lang):
    set_language(lang)
    change = ("self.grad += out.data * out.grad", "self.grad = out.data * out.grad")
    Value = solution_value_class(ref.topological_order, change)["Value"]
    with pytest.raises(CheckFailed, match=r"\+="):
        checks.check_value_exp(Value)


def test_backward_is_checked_on_known_local_derivatives():
    """Is a backward that skips zeroing told which node's grad is off?"""
    (mistake,) = [m for m in mistakes_for("value") if m.id == "no_zeroing"]
    set_language("en")
    with pytest.raises(CheckFailed, match=r"leaves node b with grad 1 instead of 0\.5"):
        checks.check_value_backward(mistake.mutant)


def test_the_stand_in_order_is_no_answer_to_exercise_1():
    """Does the stand-in used by the Value check fail exercise 1 on a deep chain?"""
    with pytest.raises(CheckFailed, match="RecursionError"):
        checks.check_topological_order(checks._order_by_height)


def test_an_operation_that_forgets_its_operands_is_told_so():
    """A result made without children passes its own _backward, yet backward() cannot reach
    the operands: is the student told to record them?"""
    change = ("Value(self.data * other.data, (self, other))", "Value(self.data * other.data)")
    Value = solution_value_class(ref.topological_order, change)["Value"]
    with pytest.raises(CheckFailed, match=r"out._prev"):
        checks.check_value_mul(Value)
