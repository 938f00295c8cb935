"""Hidden tests of lesson 02: any valid topological order passes, odd or hostile answers fail
cleanly, and grading ``Value`` leaves the notebook as it found it."""

import gc
import math
import sys
import warnings

import numpy as np
import pytest

from autograder.build.paths import CONTENT
from autograder.build.source import read_source
from autograder.grading import GradingFailure, check, passes
from autograder.hidden.chain_rule import SPECS, VALUE_OPERATIONS
from autograder.mistakes import mistakes_for
from autograder.reference import chain_rule as ref
from autograder.student.i18n import set_language


def solution_namespace(topological_order=ref.topological_order, change=("", "")):
    """A notebook namespace holding the lesson's solution Value, with one text ``change``."""
    (source,) = [
        cell.source
        for cell in read_source(CONTENT / "02-chain-rule.md").cells
        if cell.metadata.get("grade_id") == "value"
    ]
    assert change[0] in source
    namespace = {"math": math, "np": np, "topological_order": topological_order}
    exec(source.replace(*change), namespace)
    return namespace


@pytest.mark.parametrize("name", SPECS)
def test_not_implemented(name):
    set_language("zh")
    namespace = solution_namespace(
        change=("        ### BEGIN SOLUTION\n", "        raise NotImplementedError()\n")
    )

    def stub(root):
        raise NotImplementedError()

    with pytest.raises(GradingFailure, match="尚未实现"):
        check(name, namespace["Value"] if SPECS[name].defines else stub)


def kahn_order(root):
    """A different valid order: Kahn's algorithm, taking the ready nodes last-in first-out."""
    users, stack, seen = {}, [root], {id(root)}
    while stack:
        node = stack.pop()
        for child in node._prev:
            users[id(child)] = users.get(id(child), 0) + 1
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    order, ready = [], [root]
    while ready:
        node = ready.pop()
        order.append(node)
        for child in node._prev:
            users[id(child)] -= 1
            if users[id(child)] == 0:
                ready.append(child)
    return order[::-1]


def reversed_children_order(root):
    order, visited, stack = [], set(), [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
        elif node not in visited:
            visited.add(node)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node._prev))
    return tuple(order)


@pytest.mark.parametrize("answer", [kahn_order, reversed_children_order])
def test_any_valid_order_passes(answer, capsys):
    """Is the order graded by its properties, not compared with the reference's order?"""
    check("topological_order", answer)
    assert "✓" in capsys.readouterr().out


@pytest.mark.parametrize(
    "answer",
    [
        lambda root: None,
        lambda root: {root},
        lambda root: [root],
        lambda root: [root, root._prev],
        lambda root: ref.topological_order(root) * 2,
        lambda root: ref.topological_order(root)[::-1],
        lambda root: ref.topological_order(root)[1:],
    ],
    ids=["none", "set", "root-only", "foreign", "doubled", "reversed", "leaf-missing"],
)
def test_wrong_orders_score_nothing(answer):
    with pytest.raises(GradingFailure):
        check("topological_order", answer)


def test_recursion_error_is_reported_by_its_type():
    """An answer that recurses forever matches no mutant: is the error named by its type?"""

    def endless(root):
        return endless(root)

    with pytest.raises(GradingFailure, match="raised RecursionError on hidden case 1"):
        check("topological_order", endless)


def test_a_recursive_search_is_named_whatever_order_it_visits_the_operands_in():
    """The mistake is named by behaviour: a recursive search is valid on small graphs and
    raises RecursionError on the deep chain, like the catalogued mutant."""

    def recursive_reversed_children(root):
        order, visited = [], set()

        def visit(node):
            if node not in visited:
                visited.add(node)
                for child in reversed(node._prev):
                    visit(child)
                order.append(node)

        visit(root)
        return order

    with pytest.raises(GradingFailure, match="recursive depth-first search"):
        check("topological_order", recursive_reversed_children)


def test_recursive_mistake_is_named_even_with_a_raised_recursion_limit():
    """A student who raised the limit below the chain's depth still gets the named mistake."""
    (recursive,) = [m for m in mistakes_for("topological_order") if m.id == "recursive"]
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(2000)
    try:
        with pytest.raises(GradingFailure, match="recursion limit"):
            check("topological_order", recursive.mutant)
    finally:
        sys.setrecursionlimit(limit)


VALUE_ITEMS = [name for name, spec in SPECS.items() if spec.answer_id == "value"]


def test_value_is_graded_as_seven_one_point_items():
    assert VALUE_ITEMS == [f"value_{op}" for op in VALUE_OPERATIONS] + ["value_backward"]


def test_value_is_graded_with_the_reference_topological_order():
    """Does a correct Value keep its points when the notebook's topological_order is wrong, and
    is the student's own topological_order back in place after grading?"""

    def broken(root):
        return [root]

    namespace = solution_namespace(broken)
    assert all(passes(SPECS[name], namespace["Value"]) for name in VALUE_ITEMS)
    check("value_backward", namespace["Value"])
    assert namespace["topological_order"] is broken


@pytest.mark.parametrize(
    ("change", "failing"),
    [
        (("max(self.data, 0.0)", "max(self.data, 0.0) + 0.0 * self.data"), set()),
        (("(self.data > 0) * out.grad", "(self.data >= 0) * out.grad"), {"value_relu"}),
        (("(1 - out.data**2) * out.grad", "(1 - self.data**2) * out.grad"), {"value_tanh"}),
        (("self.grad += out.grad\n", "self.grad = out.grad\n"), {"value_add"}),
        (("        self.grad = 1\n", ""), {"value_backward"}),
    ],
    ids=["harmless", "relu-at-zero", "tanh", "add-overwrites", "no-seed"],
)
def test_a_slip_costs_only_the_item_it_is_in(change, failing):
    """Does a slip in one operation (or in backward) fail that item alone?"""
    Value = solution_namespace(change=change)["Value"]
    assert {name for name in VALUE_ITEMS if not passes(SPECS[name], Value)} == failing


def test_an_operation_that_makes_several_nodes_is_told_so_by_its_values():
    """The exercise asks for one node per operation: tanh built from exp, division and
    subtraction passes data, but one `_backward` call does not reach the operand."""
    Value = solution_namespace(
        change=(
            "        out = Value(math.tanh(self.data), (self,))\n",
            "        e = (2 * self).exp()\n        return (e - 1) / (e + 1)\n"
            "        out = Value(math.tanh(self.data), (self,))\n",
        )
    )["Value"]
    with pytest.raises(GradingFailure, match="grad"):
        check("value_tanh", Value)


def test_value_grading_restores_the_garbage_collector():
    namespace = solution_namespace()
    assert gc.isenabled()
    check("value_backward", namespace["Value"])
    assert gc.isenabled()
    gc.disable()
    try:
        check("value_backward", namespace["Value"])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_value_with_numpy_data_and_noise_keeps_its_points(capsys):
    """Is a correct Value that stores numpy floats and prints and warns still accepted?"""
    namespace = solution_namespace(
        change=("self.data = float(data)", "self.data = np.float64(data)")
    )
    Value = namespace["Value"]
    original_backward = Value.backward

    def noisy_backward(self):
        print("backward!", file=sys.stderr)
        warnings.warn("just saying", RuntimeWarning, stacklevel=1)
        original_backward(self)

    Value.backward = noisy_backward
    for name in VALUE_ITEMS:
        check(name, Value)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("change", "name", "message"),
    [
        (("        return out\n", "        return out.data\n"), "value_add", "AttributeError"),
        (
            ("    def backward(self):\n", "    def backward_(self):\n"),
            "value_backward",
            "TypeError",
        ),
        (("self.data = float(data)", "self.data = [data]"), "value_mul", "TypeError"),
    ],
    ids=["returns-float", "no-backward", "data-in-a-list"],
)
def test_broken_values_fail_with_a_reason(change, name, message):
    namespace = solution_namespace(change=change)
    with pytest.raises(GradingFailure, match=f"raised {message}"):
        check(name, namespace["Value"])


def test_patched_comparisons_do_not_change_the_verdict(monkeypatch):
    (mistake,) = [m for m in mistakes_for("value") if m.id == "no_seed"]
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    monkeypatch.setattr(np, "array_equal", lambda *a, **k: True)
    with pytest.raises(GradingFailure, match="seed"):
        check("value_backward", mistake.mutant)


def test_almost_right_value_gets_a_generic_message():
    """A slip of no catalogued kind (exp's gradient off by 1 %) is reported as a wrong grad."""
    namespace = solution_namespace(
        change=("self.grad += out.data * out.grad", "self.grad += 1.01 * out.data * out.grad")
    )
    with pytest.raises(GradingFailure, match="grad is wrong"):
        check("value_exp", namespace["Value"])


def test_an_operation_that_forgets_its_operands_fails_its_item():
    change = ("Value(self.data * other.data, (self, other))", "Value(self.data * other.data)")
    Value = solution_namespace(change=change)["Value"]
    with pytest.raises(GradingFailure, match="operands"):
        check("value_mul", Value)
