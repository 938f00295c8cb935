"""The lesson 02 reference engine, in float64, against torch autograd and central differences;
its topological order on random graphs and on graphs deeper than the recursion limit."""

import sys

import numpy as np
import pytest
import torch

from autograder.build.paths import CONTENT
from autograder.build.source import read_source
from autograder.hidden.chain_rule import (
    OPERATIONS,
    SPECS,
    STALE,
    VALUE_OPERATIONS,
    run_backward,
    run_operation,
)
from autograder.reference.chain_rule import Value, topological_order

torch.set_default_dtype(torch.float64)

OPERATION_CASES = [case for op in VALUE_OPERATIONS for case in SPECS[f"value_{op}"].cases()]
BACKWARD_CASES = SPECS["value_backward"].cases()


def torch_operation(op, x, other, upstream):
    """The data of ``op`` and the leaves' gradients after adding ``upstream`` times the local
    derivative to the stale ones, by torch autograd."""
    a, b = (torch.tensor(float(v), requires_grad=True) for v in (x, other))
    out = OPERATIONS[op](a, b, other)  # tensors have .exp(), .tanh() and .relu() too
    (out * upstream).backward()
    grads = [STALE[k] + (0.0 if t.grad is None else t.grad.item()) for k, t in enumerate((a, b))]
    return np.array([out.item()]), np.array(grads)


@pytest.mark.parametrize("case", OPERATION_CASES, ids=lambda c: f"{c[0]}({c[1]})")
def test_operation_items_match_torch_autograd(case):
    """Does the reference give torch's forward value and local derivative, added with +=?"""
    *ours, operands = run_operation(Value)(*case)
    theirs = torch_operation(*case)
    # The result records its operands: the leaf a (and b, or a wrapped constant), in order.
    op, x, other = case[:3]
    expected = {
        "add": [(0, x), (1, other)],
        "mul": [(0, x), (1, other)],
        "add_self": [(0, x), (0, x)],
        "mul_self": [(0, x), (0, x)],
        "add_const": [(0, x), (2, other)],
        "const_add": [(0, x), (2, other)],
        "mul_const": [(0, x), (2, other)],
        "const_mul": [(0, x), (2, other)],
    }.get(op, [(0, x)])
    np.testing.assert_array_equal(operands, np.array(expected, dtype=float))
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def test_every_operation_form_is_a_hidden_case():
    assert {case[0] for case in OPERATION_CASES} == set(OPERATIONS)


def torch_backward(children, weights):
    """d root / d node for every node of a graph with the given local derivatives: each node
    is its own input plus the weighted operands, differentiated by torch autograd."""
    inputs = torch.zeros(len(children), requires_grad=True)
    values = []
    for i, (kids, ws) in enumerate(zip(children, weights, strict=True)):
        values.append(inputs[i] + sum(w * values[k] for k, w in zip(kids, ws, strict=True)))
    values[-1].backward()
    return inputs.grad.numpy()


@pytest.mark.parametrize("case", BACKWARD_CASES, ids=lambda c: f"{len(c[0])}-nodes")
def test_backward_item_matches_torch_autograd(case):
    """Does the reference backward give every reachable node torch's gradient, and leave the
    stale grad of an unreachable node alone?"""
    children, weights, _ = case
    (ours,) = run_backward(Value)(*case)
    theirs = torch_backward(children, weights)
    reachable, stack = {len(children) - 1}, [len(children) - 1]
    while stack:
        for k in children[stack.pop()]:
            if k not in reachable:
                reachable.add(k)
                stack.append(k)
    for i in range(len(children)):
        expected = theirs[i] if i in reachable else STALE[0]
        assert ours[i] == pytest.approx(expected, rel=1e-10, abs=1e-12)


def test_deep_backward_case_is_deeper_than_the_recursion_limit_and_reaches_the_leaf():
    children = BACKWARD_CASES[-1][0]
    assert len(children) > 2 * sys.getrecursionlimit()
    (grads,) = run_backward(Value)(*BACKWARD_CASES[-1])
    assert grads[0] > 1e-6  # the gradient still reaches the leaf: the case tests something


def test_whole_engine_matches_torch_on_a_composite_expression():
    """The reference engine end to end: every operation, constants on both sides, shared nodes."""

    def f(x, y, exp, tanh, relu):
        z = x * y + 2.0 - x / 4 + 3 * y
        return tanh(z) * exp(-x) + relu(x - y) ** 2 + (1 / y) ** 3 - relu(y) * z**0.5

    x, y = Value(1.3), Value(0.6)
    out = f(x, y, Value.exp, Value.tanh, Value.relu)
    out.backward()
    tx, ty = (torch.tensor(v, requires_grad=True) for v in (1.3, 0.6))
    expected = f(tx, ty, torch.exp, torch.tanh, torch.relu)
    expected.backward()
    assert out.data == pytest.approx(expected.item(), rel=1e-12)
    assert (x.grad, y.grad) == pytest.approx((tx.grad.item(), ty.grad.item()), rel=1e-10)


def random_dag(seed, n):
    rng = np.random.default_rng(seed)
    children = [()]
    for k in range(1, n):
        size = int(rng.integers(0, 4))
        children.append(tuple(int(c) for c in rng.integers(0, k, size)))
    return children


class Node:
    def __init__(self):
        self._prev = ()


def nodes_of(children):
    nodes = [Node() for _ in children]
    for node, kids in zip(nodes, children, strict=True):
        node._prev = tuple(nodes[k] for k in kids)
    return nodes


@pytest.mark.parametrize("seed", range(20))
def test_topological_order_is_valid_on_random_dags(seed):
    """Each reachable node exactly once, after all of its operands, the root last."""
    children = random_dag(seed, 40)
    nodes = nodes_of(children)
    order = topological_order(nodes[-1])
    position = {id(node): k for k, node in enumerate(order)}
    assert len(position) == len(order)
    reachable, stack = {id(nodes[-1])}, [nodes[-1]]
    while stack:
        for child in stack.pop()._prev:
            if id(child) not in reachable:
                reachable.add(id(child))
                stack.append(child)
    assert set(position) == reachable
    assert order[-1] is nodes[-1]
    for node in order:
        assert all(position[id(child)] < position[id(node)] for child in node._prev)


def test_topological_order_needs_no_recursion():
    """Does a chain ten times deeper than the recursion limit work?"""
    chain = nodes_of([(), *((k,) for k in range(10 * sys.getrecursionlimit() - 1))])
    assert topological_order(chain[-1]) == chain


def test_backward_starts_from_zero_and_constants_work_on_both_sides():
    x = Value(1.5)
    y = 2 - x / 4 + 3 * x - x * 2 + 1 / x + x**2
    assert x.grad == 0.0
    y.backward()
    first = x.grad
    y.backward()
    assert x.grad == first == pytest.approx(-1 / 4 + 3 - 2 - 1 / 1.5**2 + 2 * 1.5)
    assert y.grad == 1.0
    assert y.data == pytest.approx(2 - 1.5 / 4 + 4.5 - 3 + 1 / 1.5 + 2.25)
    assert repr(x).startswith("Value(data=1.5")


def test_notebook_solution_is_the_reference():
    """Does the solution cell of the lesson behave exactly like the reference on every case?"""
    namespace = {"np": np, "math": __import__("math")}
    for cell in read_source(CONTENT / "02-chain-rule.md").cells:
        if cell.metadata.get("kind") == "solution":
            exec(cell.source, namespace)
    for spec in SPECS.values():
        if spec.answer_id != "value":
            continue
        for case in spec.cases():
            ours = spec.adapt(namespace["Value"])(*case)
            theirs = spec.adapt(Value)(*case)
            for a, b in zip(ours, theirs, strict=True):
                np.testing.assert_array_equal(a, b)
