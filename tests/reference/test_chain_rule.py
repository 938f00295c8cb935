"""The lesson 02 reference engine, in float64, against torch autograd and central differences;
its topological order on random graphs and on graphs deeper than the recursion limit."""

import sys

import numpy as np
import pytest
import torch

from autograder.build.paths import CONTENT
from autograder.build.source import read_source
from autograder.hidden.chain_rule import VALUE, _random_program, build, run_value_class
from autograder.reference.chain_rule import Value, topological_order

torch.set_default_dtype(torch.float64)

CASES = list(VALUE.cases())
EXTRA = [_random_program(seed, 4, 30) for seed in range(10, 20)]


def torch_run(leaves, program):
    """Data and gradient of every node of ``program``, by torch autograd."""
    nodes = build(lambda x: torch.tensor(x, requires_grad=True), leaves, program)
    for node in nodes[len(leaves) :]:
        node.retain_grad()
    nodes[-1].backward()
    data = np.array([node.item() for node in nodes])
    grad = np.array([0.0 if node.grad is None else node.grad.item() for node in nodes])
    return data, grad


@pytest.mark.parametrize("case", CASES + EXTRA, ids=lambda c: f"{len(c[1])}-steps")
def test_reference_matches_torch_autograd(case):
    """Does every node's data and grad equal torch's, also after backward() twice?"""
    leaves, program, repeat = case
    data, grad, before = run_value_class(Value)(leaves, program, repeat)
    torch_data, torch_grad = torch_run(leaves, program)
    np.testing.assert_allclose(data, torch_data, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(grad, torch_grad, rtol=1e-10, atol=1e-12)
    assert np.all(before == 0.0)


def test_deep_chain_is_deeper_than_the_recursion_limit_and_still_exact():
    leaves, program, _ = CASES[-1]
    assert program[0][0] == "repeat" and program[0][1] > 2 * sys.getrecursionlimit()
    data, grad, _ = run_value_class(Value)(leaves, program, False)
    assert data.shape == (program[0][1] + 1,)
    torch_data, torch_grad = torch_run(leaves, program)
    np.testing.assert_allclose(data, torch_data, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(grad, torch_grad, rtol=1e-10, atol=1e-14)
    assert grad[0] > 1e-6  # the gradient still reaches the leaf: the case tests something


@pytest.mark.parametrize("case", CASES[:-1] + EXTRA[:4], ids=lambda c: f"{len(c[1])}-steps")
def test_reference_matches_central_differences(case):
    """Is the gradient of the output with respect to each leaf the central difference?"""
    leaves, program, _ = case
    output = build(Value, leaves, program)
    output[-1].backward()
    eps = 1e-6
    for i in range(len(leaves)):
        up, down = list(leaves), list(leaves)
        up[i] += eps
        down[i] -= eps
        numeric = (build(Value, up, program)[-1].data - build(Value, down, program)[-1].data) / (
            2 * eps
        )
        assert output[i].grad == pytest.approx(numeric, rel=1e-6, abs=1e-8)


def test_every_operation_is_covered_by_the_hidden_cases():
    from autograder.hidden.chain_rule import OPS

    used = {step[0] for _, program, _ in CASES for step in program}
    used |= {step[2] for _, program, _ in CASES for step in program if step[0] == "repeat"}
    assert set(OPS) <= used


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
    for leaves, program, repeat in CASES + EXTRA:
        ours = run_value_class(namespace["Value"])(leaves, program, repeat)
        theirs = run_value_class(Value)(leaves, program, repeat)
        for a, b in zip(ours, theirs, strict=True):
            np.testing.assert_array_equal(a, b)
