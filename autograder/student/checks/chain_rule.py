"""Public checks of lesson 02 (the chain rule): graph invariants for ``topological_order``;
forward values against plain float arithmetic and gradients against central differences of
the student's own forward values for ``Value``."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from autograder.student.checks.common import (
    GRADIENT_TOLERANCE,
    CheckFailed,
    fail,
    helpers_swapped,
    passed,
    public_check,
    require,
)
from autograder.student.i18n import t

DEEP = 5000
EPS = 1e-6


class _Node:
    """A bare graph node: a topological order may only follow ``_prev``."""

    def __init__(self, *children: _Node) -> None:
        self._prev = children


def _graphs() -> list[list[_Node]]:
    """Small DAGs with shared operands, each as its nodes in creation order (root last)."""
    a, b = _Node(), _Node()
    c = _Node(a, b)
    d = _Node(c, a)
    e = _Node(c, c)
    diamond = [a, b, c, d, e, _Node(d, e, b)]
    x = _Node()
    chain = [x]
    for _ in range(3):
        top = chain[-1]
        left, right = _Node(top), _Node(top)
        chain += [left, right, _Node(left, right)]
    return [diamond, chain, [_Node()]]


def _call(name: str, fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(*args)
    except NotImplementedError:
        raise CheckFailed(t("check.not_implemented", name=name), name) from None


@public_check
def check_topological_order(topological_order: Callable) -> None:
    """Every reachable node once, operands before results, root last, no recursion limit."""
    name = "topological_order"
    for nodes in _graphs():
        result = _call(name, topological_order, nodes[-1])
        require(
            isinstance(result, list | tuple),
            "check.chain_rule.not_a_list",
            name=name,
            kind=type(result).__name__,
        )
        _check_order(name, list(result), nodes)

    chain = [_Node()]
    for _ in range(DEEP - 1):
        chain.append(_Node(chain[-1]))
    try:
        result = _call(name, topological_order, chain[-1])
    except RecursionError:
        raise CheckFailed(t("check.chain_rule.recursion", name=name, depth=DEEP), name) from None
    require(
        isinstance(result, list | tuple) and len(result) == DEEP and result[0] is chain[0],
        "check.chain_rule.deep_chain",
        name=name,
        depth=DEEP,
    )
    passed(name, t("check.chain_rule.order_ok", depth=DEEP))


def _check_order(name: str, result: list, nodes: list[_Node]) -> None:
    ids = {id(node) for node in nodes}
    foreign = [item for item in result if id(item) not in ids]
    require(not foreign, "check.chain_rule.foreign_item", name=name, kind=_kind(foreign))
    counts = Counter(id(item) for item in result)
    missing = sum(1 for node in nodes if counts[id(node)] == 0)
    require(missing == 0, "check.chain_rule.missing_node", name=name, missing=missing, n=len(nodes))
    times = max(counts.values())
    require(times == 1, "check.chain_rule.repeated_node", name=name, times=times)
    position = {id(item): i for i, item in enumerate(result)}
    early = any(position[id(child)] > position[id(node)] for node in nodes for child in node._prev)
    # With every node listed once and after its operands, the root is necessarily last.
    require(not early, "check.chain_rule.operand_after_result", name=name)


def _kind(items: list) -> str:
    return type(items[0]).__name__ if items else ""


# ------------------------------------------------------------------------ Value


def _order_by_height(root: Any) -> list:
    """A stand-in for the notebook's topological_order, for the small graphs of these checks
    only: recursive, so it fails on deep graphs and is no answer to exercise 1."""
    height: dict[int, int] = {}
    node_of: dict[int, Any] = {}

    def measure(node: Any) -> int:
        if id(node) not in height:
            node_of[id(node)] = node
            height[id(node)] = 1 + max((measure(child) for child in node._prev), default=-1)
        return height[id(node)]

    measure(root)
    return [node_of[key] for key in sorted(height, key=height.__getitem__)]


# Per graded operation: (expression as the student would write it, the expression on Value
# leaves a and b, the same on floats). Each expression is one call of the operation.
_EXPRESSIONS: dict[str, list[tuple[str, Callable[[Any, Any], Any], Callable[..., float]]]] = {
    "add": [
        ("a + b", lambda a, b: a + b, lambda a, b: a + b),
        ("a + 2.5", lambda a, b: a + 2.5, lambda a, b: a + 2.5),
        ("2.5 + a", lambda a, b: 2.5 + a, lambda a, b: 2.5 + a),
        ("a + a", lambda a, b: a + a, lambda a, b: a + a),
    ],
    "mul": [
        ("a * b", lambda a, b: a * b, lambda a, b: a * b),
        ("a * 2.5", lambda a, b: a * 2.5, lambda a, b: a * 2.5),
        ("2.5 * a", lambda a, b: 2.5 * a, lambda a, b: 2.5 * a),
        ("a * a", lambda a, b: a * a, lambda a, b: a * a),
    ],
    "pow": [
        ("a ** 3", lambda a, b: a**3, lambda a, b: a**3),
        ("b ** -2", lambda a, b: b**-2, lambda a, b: b**-2),
        ("a ** 0.5", lambda a, b: a**0.5, lambda a, b: a**0.5),
    ],
    "exp": [
        ("a.exp()", lambda a, b: a.exp(), lambda a, b: math.exp(a)),
        ("b.exp()", lambda a, b: b.exp(), lambda a, b: math.exp(b)),
    ],
    "tanh": [
        ("a.tanh()", lambda a, b: a.tanh(), lambda a, b: math.tanh(a)),
        ("b.tanh()", lambda a, b: b.tanh(), lambda a, b: math.tanh(b)),
    ],
    "relu": [
        ("a.relu()", lambda a, b: a.relu(), lambda a, b: max(a, 0.0)),
        ("b.relu()", lambda a, b: b.relu(), lambda a, b: max(b, 0.0)),
    ],
}
_A, _B = 0.7, -1.3
_TITLES = {"add": "__add__", "mul": "__mul__", "pow": "__pow__"}


def _check_operation(Value: type, op: str) -> None:
    """Forward values against float arithmetic; one ``out._backward()`` against central
    differences of the student's own forward values; a second call adds as much again."""
    expressions = _EXPRESSIONS[op]
    for text, build, on_floats in expressions:
        _check_expression(Value, text, build, on_floats)
    name = f"Value.{_TITLES.get(op, op)}"
    passed(name, t("check.chain_rule.operation_ok", n=len(expressions)))


@public_check
def check_value_add(Value: type) -> None:
    _check_operation(Value, "add")


@public_check
def check_value_mul(Value: type) -> None:
    _check_operation(Value, "mul")


@public_check
def check_value_pow(Value: type) -> None:
    _check_operation(Value, "pow")


@public_check
def check_value_exp(Value: type) -> None:
    _check_operation(Value, "exp")


@public_check
def check_value_tanh(Value: type) -> None:
    _check_operation(Value, "tanh")


@public_check
def check_value_relu(Value: type) -> None:
    _check_operation(Value, "relu")


def _check_expression(Value: type, text: str, build: Callable, on_floats: Callable) -> None:
    try:
        _check_one(Value, text, build, on_floats)
    except CheckFailed:
        raise
    except NotImplementedError:
        raise CheckFailed(t("check.not_implemented", name="Value"), "Value") from None
    except Exception as exc:  # the student's code may raise anything; name the expression
        message = t(
            "check.chain_rule.expression_raised",
            expression=text,
            error=type(exc).__name__,
            message=exc,
        )
        raise CheckFailed(message, "Value") from exc


def _check_one(Value: type, text: str, build: Callable, on_floats: Callable) -> None:
    name = "Value"
    a, b = Value(_A), Value(_B)
    out = _call(name, build, a, b)
    expected = on_floats(_A, _B)
    require(
        abs(float(out.data) - expected) <= 1e-9 * max(1.0, abs(expected)),
        "check.chain_rule.wrong_data",
        name="Value",
        expression=text,
        a=_A,
        b=_B,
        actual=float(out.data),
        expected=expected,
    )
    used = [leaf for leaf, letter in ((a, "a"), (b, "b")) if re.search(rf"\b{letter}\b", text)]
    recorded = getattr(out, "_prev", ())
    require(
        all(any(node is leaf for node in recorded) for leaf in used),
        "check.chain_rule.operands",
        name=name,
        expression=text,
    )
    out.grad = 1.0
    _call(name, out._backward)
    got = (float(a.grad), float(b.grad))
    _compare_with_differences(Value, text, build, got)
    _call(name, out._backward)
    again = (float(a.grad), float(b.grad))
    require(
        all(abs(x - 2 * y) <= 1e-12 * max(1.0, abs(y)) for x, y in zip(again, got, strict=True)),
        "check.chain_rule.not_accumulated",
        name="Value",
        expression=text,
    )


def _compare_with_differences(Value: type, text: str, build: Callable, got: tuple) -> None:
    def forward(a: float, b: float) -> float:
        return float(build(Value(a), Value(b)).data)

    numeric = (
        (forward(_A + EPS, _B) - forward(_A - EPS, _B)) / (2 * EPS),
        (forward(_A, _B + EPS) - forward(_A, _B - EPS)) / (2 * EPS),
    )
    for leaf, grad, estimate in zip("ab", got, numeric, strict=True):
        error = abs(grad - estimate) / max(abs(grad), abs(estimate), 1.0)
        require(
            error < GRADIENT_TOLERANCE,
            "check.chain_rule.local_mismatch",
            name="Value",
            expression=text,
            leaf=leaf,
            grad=grad,
            numeric=estimate,
        )


class _KnownNode:
    """A node whose local derivatives are given: ``_backward`` passes ``weight * grad`` to each
    operand. It starts with a stale grad, which ``backward`` must clear."""

    def __init__(self, label: str, *operands: tuple[_KnownNode, float]) -> None:
        self.label, self.data, self.grad = label, 0.0, 0.5
        self._prev = tuple(node for node, _ in operands)

        def _backward() -> None:
            for node, weight in operands:
                node.grad += weight * self.grad

        self._backward = _backward


def _known_graph() -> tuple[list[_KnownNode], dict[str, float]]:
    """d = f(b, c, a), b = g(a), c = h(a): a reaches d along three paths. The gradients that
    follow from the local derivatives: ∂d/∂b = 0.5, ∂d/∂c = 1.5, ∂d/∂a = 0.5·2 + 1.5·(−3) + 0.25."""
    a = _KnownNode("a")
    b = _KnownNode("b", (a, 2.0))
    c = _KnownNode("c", (a, -3.0))
    d = _KnownNode("d", (b, 0.5), (c, 1.5), (a, 0.25))
    return [a, b, c, d], {"a": 0.5 * 2.0 + 1.5 * -3.0 + 0.25, "b": 0.5, "c": 1.5, "d": 1.0}


@public_check
def check_value_backward(Value: type) -> None:
    """On a graph with known local derivatives and stale grads: every grad, also after a
    second call of backward()."""
    name = "Value.backward"
    backward = getattr(Value, "backward", None)
    if not callable(backward):
        fail("check.chain_rule.no_backward", name="Value")
    nodes, expected = _known_graph()
    with helpers_swapped(backward, {"topological_order": _order_by_height}):
        for attempt in range(2):
            _call(name, backward, nodes[-1])
            for node in nodes:
                require(
                    abs(float(node.grad) - expected[node.label]) <= 1e-12,
                    "check.chain_rule.backward_grad",
                    name=name,
                    node=node.label,
                    expected=expected[node.label],
                    actual=float(node.grad),
                    call=attempt + 1,
                )
    passed(name, t("check.chain_rule.backward_ok"))
