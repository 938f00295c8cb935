"""Hidden tests of lesson 02.

The answer cell ``Value`` is graded as seven items, one point each, so that a slip in one
operation costs that operation only. Each operation (``value_add``, ``value_mul``,
``value_pow``, ``value_exp``, ``value_tanh``, ``value_relu``) is called on fresh leaves whose
``grad`` already holds something; the adapter sets the result's ``grad`` and calls its
``_backward`` once, and returns the result's ``data`` and the leaves' ``grad``: the forward
value, the local derivative, and whether it is accumulated with ``+=``. Cases use Values and
plain numbers on either side, the same node twice, and relu on both sides of zero and at zero.
``value_backward`` runs the submitted ``backward`` on graphs of the grader's own nodes, with
known local derivatives and stale gradients: shared nodes, a second ``backward()`` call and a
chain deeper than Python's recursion limit. ``topological_order`` is graded on small DAGs
with shared nodes and on a deep chain; any valid order passes.
"""

from __future__ import annotations

import contextlib
import gc
import math
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from autograder.reference import chain_rule as ref
from autograder.spec import Spec
from autograder.student.checks.common import helpers_swapped

# op -> how it combines nodes ``n`` with its arguments (node indices ``i``, ``j``; constants ``c``).
OPS: dict[str, Callable[..., Any]] = {
    "add": lambda n, i, j: n[i] + n[j],
    "sub": lambda n, i, j: n[i] - n[j],
    "mul": lambda n, i, j: n[i] * n[j],
    "div": lambda n, i, j: n[i] / n[j],
    "add_const": lambda n, i, c: n[i] + c,
    "const_add": lambda n, c, i: c + n[i],
    "sub_const": lambda n, i, c: n[i] - c,
    "const_sub": lambda n, c, i: c - n[i],
    "mul_const": lambda n, i, c: n[i] * c,
    "const_mul": lambda n, c, i: c * n[i],
    "div_const": lambda n, i, c: n[i] / c,
    "const_div": lambda n, c, i: c / n[i],
    "pow": lambda n, i, k: n[i] ** k,
    "neg": lambda n, i: -n[i],
    "exp": lambda n, i: n[i].exp(),
    "tanh": lambda n, i: n[i].tanh(),
    "relu": lambda n, i: n[i].relu(),
}
DEEP_CHAIN = 3000  # nodes in a row; three times Python's default recursion limit


def run_operation(cls: type) -> Callable[..., tuple[np.ndarray, ...]]:
    """Turn a ``Value`` class into ``(op, x, other, upstream) -> (data, leaf grads, operands)``.

    ``op`` names one call of the class's operation (``OPERATIONS``); ``other`` is the second
    operand's data, or a plain number for the forms with a constant. ``operands`` has a row
    ``(which, data)`` per node of the result's ``_prev``: 0 for the leaf a, 1 for b, 2 for a
    node made inside the operation (a wrapped constant)."""

    def run(op: str, x: float, other: float, upstream: float) -> tuple[np.ndarray, ...]:
        a, b = cls(x), cls(other)
        a.grad, b.grad = STALE
        out = OPERATIONS[op](a, b, other)
        out.grad = upstream
        out._backward()
        operands = [
            (0.0 if node is a else 1.0 if node is b else 2.0, float(node.data))
            for node in out._prev
        ]
        return (
            np.array([float(out.data)]),
            np.array([float(a.grad), float(b.grad)]),
            np.array(operands, dtype=np.float64).reshape(-1, 2),
        )

    return run


# Gradients the leaves hold before the operation's _backward: it must add to them.
STALE = (0.25, -0.5)
# op -> the call, on leaves a and b (of data x and other) or on a and the number ``c``.
OPERATIONS: dict[str, Callable[[Any, Any, float], Any]] = {
    "add": lambda a, b, c: a + b,
    "add_self": lambda a, b, c: a + a,
    "add_const": lambda a, b, c: a + c,
    "const_add": lambda a, b, c: c + a,
    "mul": lambda a, b, c: a * b,
    "mul_self": lambda a, b, c: a * a,
    "mul_const": lambda a, b, c: a * c,
    "const_mul": lambda a, b, c: c * a,
    "pow": lambda a, b, c: a**c,
    "exp": lambda a, b, c: a.exp(),
    "tanh": lambda a, b, c: a.tanh(),
    "relu": lambda a, b, c: a.relu(),
}


def run_backward(cls: type) -> Callable[..., tuple[np.ndarray]]:
    """Turn a ``Value`` class into ``(children, weights, repeat) -> (grad of every node)``.

    The graph is made of the grader's nodes: node ``i`` has the operands ``children[i]`` and
    passes ``weights[i][k] * grad`` to its k-th operand; every node starts with a stale grad.
    The class's ``backward`` is called on the last node (twice if ``repeat``), with the
    graph's own order in place of the notebook's ``topological_order``, so that a mistake
    there does not cost the points of ``backward`` (and no reference code is needed)."""
    method = getattr(cls, "backward", None)

    def run(children: Children, weights: Weights, repeat: bool) -> tuple[np.ndarray]:
        if not callable(method):
            raise TypeError(f"{cls.__name__}.backward is not a method")
        with _young():
            nodes = _graph(children, weights)
            order = {"topological_order": _order_of(nodes, children)}
            with helpers_swapped(method, order):
                for _ in range(2 if repeat else 1):
                    method(nodes[-1])
            grads = [float(node.grad) for node in nodes]
            del nodes
        return (np.array(grads),)

    return run


Children = tuple[tuple[int, ...], ...]
Weights = tuple[tuple[float, ...], ...]


class _GraphNode:
    """A node with a known local derivative per operand, built by the grader."""

    def __init__(self, children: tuple[_GraphNode, ...], weights: tuple[float, ...]) -> None:
        self.data, self.grad = 0.0, STALE[0]
        self._prev = children

        def _backward() -> None:
            for child, weight in zip(children, weights, strict=True):
                child.grad += weight * self.grad

        self._backward = _backward


def _order_of(nodes: list[_GraphNode], children: Children) -> Callable[[Any], list[Any]]:
    """A ``topological_order`` for this graph: node ``i``'s operands all have smaller indices,
    so the nodes reachable from a root, in the order they were made, are one."""
    index = {id(node): i for i, node in enumerate(nodes)}

    def topological_order(root: Any) -> list[Any]:
        reachable = {index[id(root)]}
        for i in range(index[id(root)], -1, -1):
            if i in reachable:
                reachable.update(children[i])
        return [nodes[i] for i in sorted(reachable)]

    return topological_order


def _graph(children: Children, weights: Weights) -> list[_GraphNode]:
    nodes: list[_GraphNode] = []
    for kids, ws in zip(children, weights, strict=True):
        nodes.append(_GraphNode(tuple(nodes[k] for k in kids), ws))
    return nodes


@contextlib.contextmanager
def _young() -> Iterator[None]:
    """Pause the cyclic garbage collector while a graph is built and differentiated.

    Every node refers to itself through its ``_backward`` closure, so a deep graph is
    thousands of reference cycles; collected during the build they would be promoted to the
    oldest generation and freed only by full collections of the whole process. Collected
    after it they die young and cheaply."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_order_function(
    fn: Callable[[Any], Any],
) -> Callable[..., tuple[np.ndarray, float, float, float]]:
    """Turn ``topological_order`` into ``children -> (appearances, late, root_last, foreign)``.

    Node ``i`` of the DAG has the children ``children[i]`` (all of smaller index); the last
    node is the root. ``appearances[i]`` counts how often the i-th reachable node is listed,
    ``late`` the edges whose child is first listed after its parent, ``root_last`` whether the
    list ends with the root, ``foreign`` the listed items that are no reachable node."""

    def run(children: tuple[tuple[int, ...], ...]) -> tuple[np.ndarray, float, float, float]:
        nodes = [_Node(i) for i in range(len(children))]
        for node, kids in zip(nodes, children, strict=True):
            node._prev = tuple(nodes[k] for k in kids)
        reachable = _reachable(nodes, children)
        listed = list(fn(nodes[-1]))
        index = {id(nodes[i]): i for i in reachable}
        found = [index.get(id(item)) for item in listed]
        first: dict[int, int] = {}
        for position, i in enumerate(found):
            if i is not None:
                first.setdefault(i, position)
        late = sum(
            1
            for parent in reachable
            for child in children[parent]
            if parent in first and child in first and first[child] > first[parent]
        )
        counts = Counter(found)
        appearances = [counts[i] for i in reachable]
        root_last = bool(listed) and listed[-1] is nodes[-1]
        return np.array(appearances), float(late), float(root_last), float(counts[None])

    return run


class _Node:
    """A bare graph node: ``topological_order`` may only follow ``_prev``."""

    def __init__(self, label: int) -> None:
        self.label = label
        self._prev: tuple[_Node, ...] = ()


def _reachable(nodes: list[_Node], children: tuple[tuple[int, ...], ...]) -> list[int]:
    seen, stack = {len(nodes) - 1}, [len(nodes) - 1]
    while stack:
        for child in children[stack.pop()]:
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return sorted(seen)


# ------------------------------------------------------------------- value cases

# (op, x, other, upstream) per graded operation.
_OPERATION_CASES: dict[str, tuple[tuple[str, float, float, float], ...]] = {
    "add": (
        ("add", 1.3, -0.6, 0.7),
        ("add_self", -0.8, 0.4, 1.5),
        ("add_const", 0.9, 2.5, -1.2),
        ("const_add", -1.7, 3.0, 0.6),
    ),
    "mul": (
        ("mul", 1.3, -0.6, 0.7),
        ("mul", -2.1, 0.35, -1.4),
        ("mul_self", -0.8, 0.4, 1.5),
        ("mul_const", 0.9, 2.5, -1.2),
        ("const_mul", -1.7, -1.5, 0.6),
    ),
    "pow": (
        ("pow", 1.3, 3, 0.7),
        ("pow", -0.6, 2, -1.1),
        ("pow", 1.7, -2, 0.9),
        ("pow", 0.8, 0.5, 1.3),
        ("pow", 2.2, -1, -0.4),
    ),
    "exp": (("exp", 0.7, 0.0, 1.1), ("exp", -1.9, 0.0, -0.8), ("exp", 0.0, 0.0, 0.5)),
    "tanh": (("tanh", 0.7, 0.0, 1.1), ("tanh", -1.9, 0.0, -0.8), ("tanh", 0.2, 0.0, 0.5)),
    "relu": (
        ("relu", 1.6, 0.0, 1.1),
        ("relu", 0.3, 0.0, -0.7),
        ("relu", -0.4, 0.0, 0.9),
        ("relu", -1.7, 0.0, -1.3),
        ("relu", 0.0, 0.0, 0.8),
    ),
}


def _backward_cases() -> list[tuple[Children, Weights, bool]]:
    """Graphs with shared operands and known local derivatives, one run twice, a deep chain."""
    shared = ((), (), (0, 1), (2, 0), (2, 2), (3, 4, 1), (), (5, 6))  # node 2 used three times
    shared_weights = ((), (), (1.5, -0.5), (0.8, 2.0), (1.0, 1.0), (-1.2, 0.7, 0.4), (), (0.9, 1.1))
    diamond = ((), (0,), (0,), (1, 2))
    diamond_weights = ((), (2.0,), (-3.0,), (0.5, 1.5))
    unreachable = ((), (), (0,), (1, 2), (0, 1), (3, 0))  # node 4 is not reachable
    unreachable_weights = ((), (), (0.6,), (1.3, -0.9), (2.0, 2.0), (0.7, -1.4))
    deep = ((), *((k,) for k in range(DEEP_CHAIN - 1)))
    deep_weights = ((), *((0.999,) for _ in range(DEEP_CHAIN - 1)))
    return [
        (shared, shared_weights, False),
        (diamond, diamond_weights, False),
        (unreachable, unreachable_weights, False),
        (diamond, diamond_weights, True),
        (((),), ((),), False),
        (deep, deep_weights, False),
    ]


def _operation_spec(op: str) -> Spec:
    return Spec(
        f"value_{op}",
        ref.Value,
        lambda: list(_OPERATION_CASES[op]),
        ("data", "grad", "operands"),
        adapt=run_operation,
        defines="Value",
        answer="value",
        title=f"Value.{TITLES.get(op, op)}",
    )


TITLES = {"add": "__add__", "mul": "__mul__", "pow": "__pow__"}


# ------------------------------------------------------------ topological cases


def _order_cases() -> list[tuple[Any, ...]]:
    diamond = ((), (0,), (0,), (1, 2))
    ladder: list[tuple[int, ...]] = [()]
    for _ in range(6):  # six diamonds in a row: 2**6 paths from the root to the first node
        top = len(ladder) - 1
        ladder += [(top,), (top,), (len(ladder), len(ladder) + 1)]
    shared = ((), (), (0, 1), (2, 0), (2, 2), (3, 4, 1), (), (5, 6))  # node 2 used three times
    unreachable = ((), (), (0,), (1, 2), (0, 1), (3, 0))  # node 4 is not reachable
    deep = ((), *((k,) for k in range(DEEP_CHAIN)))
    return [(diamond,), (tuple(ladder),), (shared,), (unreachable,), (((),),), (deep,)]


VALUE_BACKWARD = Spec(
    "value_backward",
    ref.Value,
    _backward_cases,
    ("grad",),
    adapt=run_backward,
    defines="Value",
    answer="value",
    title="Value.backward",
)
TOPOLOGICAL_ORDER = Spec(
    "topological_order",
    ref.topological_order,
    _order_cases,
    ("appearances", "children_listed_late", "root_last", "foreign_items"),
    adapt=run_order_function,
)
VALUE_OPERATIONS = ("add", "mul", "pow", "exp", "tanh", "relu")
SPECS = {
    spec.name: spec
    for spec in (TOPOLOGICAL_ORDER, *map(_operation_spec, VALUE_OPERATIONS), VALUE_BACKWARD)
}
NOTEBOOK_NAMESPACE = {"np": np, "math": math, "topological_order": ref.topological_order}
