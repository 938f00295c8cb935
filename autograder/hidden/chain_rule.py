"""Hidden tests of lesson 02.

``value`` is graded through expression *programs*: leaves, then steps that each combine
earlier nodes with one operation. The adapter builds the program with the submitted class,
calls ``backward()`` on the last node and returns every node's ``data`` and ``grad``. Cases
cover every operation with constants on either side, nodes used more than once, a second
``backward()`` call, relu on both sides of zero and a chain deeper than Python's recursion
limit. ``topological_order`` is graded on small DAGs with shared nodes and on a deep chain;
any valid order passes.
"""

from __future__ import annotations

import contextlib
import gc
import math
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import Any

import numpy as np

from autograder.hidden.grading import Spec, grade
from autograder.reference import chain_rule as ref
from autograder.student.checks.common import helpers_swapped

Program = tuple[tuple[Any, ...], ...]

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
# Bound by name, not looked up on ``ref``: a grading job pickles what its adapter uses, and
# must not carry the whole reference module (with the answer it grades) into the sandbox.
REFERENCE_ORDER = {"topological_order": ref.topological_order}
DEEP_CHAIN = 3000  # nodes in a row; three times Python's default recursion limit


def build(make_leaf: Callable[[float], Any], leaves: Sequence[float], program: Program) -> list:
    """The nodes of ``program``: ``make_leaf`` of each leaf, then one node per step; the step
    ``("repeat", count, op)`` applies a one-operand ``op`` to the last node ``count`` times."""
    nodes = [make_leaf(x) for x in leaves]
    for op, *args in program:
        if op == "repeat":
            count, inner = args
            for _ in range(count):
                nodes.append(OPS[inner](nodes, len(nodes) - 1))
        else:
            nodes.append(OPS[op](nodes, *args))
    return nodes


def run_value_class(cls: type) -> Callable[..., tuple[np.ndarray, ...]]:
    """Turn a ``Value`` class into ``(leaves, program, repeat) -> (data, grad, grad before)``.

    During the run the notebook's ``topological_order`` is the reference one, so that a
    mistake there does not cost the points of ``Value``."""
    method = getattr(cls, "backward", None)

    def run(leaves: Sequence[float], program: Program, repeat: bool) -> tuple[np.ndarray, ...]:
        with helpers_swapped(method, REFERENCE_ORDER), _young():
            nodes = build(cls, leaves, program)
            before = [float(node.grad) for node in nodes]
            for _ in range(2 if repeat else 1):
                nodes[-1].backward()
            data = [float(node.data) for node in nodes]
            grad = [float(node.grad) for node in nodes]
            del nodes
        return np.array(data), np.array(grad), np.array(before)

    return run


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


def run_order_function(fn: Callable[[Any], Any]) -> Callable[..., tuple[np.ndarray, ...]]:
    """Turn ``topological_order`` into ``children -> (appearances, late, root_last, foreign)``.

    Node ``i`` of the DAG has the children ``children[i]`` (all of smaller index); the last
    node is the root. ``appearances[i]`` counts how often the i-th reachable node is listed,
    ``late`` the edges whose child is first listed after its parent, ``root_last`` whether the
    list ends with the root, ``foreign`` the listed items that are no reachable node."""

    def run(children: tuple[tuple[int, ...], ...]) -> tuple[np.ndarray, ...]:
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

_HAND_WRITTEN: tuple[tuple[tuple[float, ...], Program, bool], ...] = (
    # x used four times, y twice: gradients must accumulate.
    (
        (1.5, -0.7),
        (("mul", 0, 0), ("add", 2, 1), ("mul", 3, 0), ("add", 1, 1), ("mul", 4, 5), ("tanh", 6)),
        False,
    ),
    # A neuron tanh(w1 x1 + w2 x2 + b) feeding a squared error.
    (
        (0.8, -1.3, 0.6, 0.4, -0.2),
        (
            ("mul", 0, 2),
            ("mul", 1, 3),
            ("add", 5, 6),
            ("add", 7, 4),
            ("tanh", 8),
            ("sub_const", 9, 0.5),
            ("pow", 10, 2),
        ),
        False,
    ),
    # Every operation with a constant, on each side.
    (
        (1.3, -0.6),
        (
            ("add_const", 0, 2.0),
            ("const_add", 3.0, 1),
            ("sub_const", 0, 1.5),
            ("const_sub", 4.0, 1),
            ("mul_const", 2, 2.5),
            ("const_mul", -1.5, 3),
            ("div_const", 4, 4.0),
            ("const_div", 2.0, 5),
            ("pow", 0, 3),
            ("pow", 1, -2),
            ("exp", 1),
            ("pow", 12, 0.5),
            ("neg", 6),
            ("mul", 7, 8),
            ("add", 15, 9),
            ("div", 16, 10),
            ("sub", 17, 11),
            ("mul", 18, 13),
            ("add", 19, 14),
        ),
        False,
    ),
    # relu on inputs in (-inf, -1), (-1, 0), (0, 1), (1, inf), each scaled differently.
    (
        (-1.7, -0.4, 0.3, 1.6),
        (
            ("relu", 0),
            ("relu", 1),
            ("relu", 2),
            ("relu", 3),
            ("mul", 4, 0),
            ("mul", 5, 1),
            ("mul", 6, 2),
            ("mul", 7, 3),
            ("mul_const", 8, 1.1),
            ("mul_const", 9, 1.2),
            ("mul_const", 10, 1.3),
            ("add", 12, 13),
            ("add", 14, 15),
            ("add", 16, 11),
            ("tanh", 17),
        ),
        False,
    ),
    # backward() twice on the same graph: the second call must give the same gradients.
    (
        (0.9, -1.1),
        (("mul", 0, 1), ("add", 2, 0), ("tanh", 3), ("mul", 4, 2), ("exp", 5)),
        True,
    ),
)


@cache
def _value_cases() -> tuple[tuple[Any, ...], ...]:
    randoms = tuple(_random_program(seed, 3, 18) for seed in range(3))
    deep = ((0.8,), (("repeat", DEEP_CHAIN, "tanh"),), False)
    return (*_HAND_WRITTEN, *randoms, deep)


_RANDOM_OPS = ("add", "sub", "mul", "div", "mul_const", "const_add", "pow", "tanh", "exp", "relu")


def _random_program(seed: int, n_leaves: int, n_steps: int) -> tuple[Any, ...]:
    """A random program whose values stay moderate, then a sum of every unused node."""
    rng = np.random.default_rng(1000 + seed)
    signs, sizes = rng.choice([-1, 1], n_leaves), rng.uniform(0.3, 1.5, n_leaves)
    leaves = tuple(round(float(x), 3) for x in signs * sizes)
    values, program, used = [*leaves], [], set()
    while len(program) < n_steps:
        op = str(rng.choice(_RANDOM_OPS))
        i, j = (int(k) for k in rng.integers(max(0, len(values) - 5), len(values), 2))
        c = round(float(rng.uniform(0.5, 2.0)), 2)
        args = {
            "mul_const": (i, c),
            "const_add": (c, i),
            "pow": (i, int(rng.choice([2, 3, -1]))),
        }.get(op, (i,) if op in ("tanh", "exp", "relu") else (i, j))
        value = _float_op(op, values, args)
        if value is None:
            continue
        program.append((op, *args))
        values.append(value)
        used.update(a for a, is_node in zip(args, _node_args(op), strict=True) if is_node)
    unused = [k for k in range(len(values)) if k not in used and k >= n_leaves]
    total = unused[0]
    for k in unused[1:]:
        program.append(("add", total, k))
        total = len(leaves) + len(program) - 1
    return leaves, tuple(program), False


def _node_args(op: str) -> tuple[bool, ...]:
    return {"mul_const": (True, False), "const_add": (False, True), "pow": (True, False)}.get(
        op, (True,) if op in ("tanh", "exp", "relu") else (True, True)
    )


def _float_op(op: str, values: list[float], args: tuple) -> float | None:
    """The step on plain floats, or None if it leaves the moderate range."""
    x = values[args[0]] if isinstance(args[0], int) else values[args[1]]
    if op == "div" and abs(values[args[1]]) < 0.4:
        return None
    if op == "pow" and args[1] < 0 and abs(x) < 0.4:
        return None
    if op == "relu" and abs(x) < 0.05:
        return None
    value = float(build(lambda v: ref.Value(v), values, ((op, *args),))[-1].data)
    return value if 0.05 < abs(value) < 20 and math.isfinite(value) else None


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


VALUE = Spec(
    "value",
    ref.Value,
    _value_cases,
    ("data", "grad", "grad_before_backward"),
    adapt=run_value_class,
    defines="Value",
)
TOPOLOGICAL_ORDER = Spec(
    "topological_order",
    ref.topological_order,
    _order_cases,
    ("appearances", "children_listed_late", "root_last", "foreign_items"),
    adapt=run_order_function,
)
SPECS = {spec.name: spec for spec in (TOPOLOGICAL_ORDER, VALUE)}
NOTEBOOK_NAMESPACE = {"np": np, "math": math, "topological_order": ref.topological_order}


def check(name: str, submitted: Any) -> None:
    """The hidden test of graded item ``name``; raises with the mistake's name on failure."""
    grade(SPECS[name], submitted)
