"""Small automatic mutations of a solution's source, one change at a time: flipped operators,
dropped operands, changed constants, a dropped transpose, sum/mean swapped, copy() dropped,
one name read in place of another, a deleted statement."""

from __future__ import annotations

import ast
import difflib
from collections.abc import Callable, Iterator
from typing import Any

SWAPPED_OPERATORS = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.Pow: ast.Mult,
}


def mutants(source: str, lines: set[int] | None = None) -> Iterator[tuple[str, str]]:
    """``(changed line, mutated source)`` for every distinct single mutation of ``source``, or
    only of its ``lines`` (numbered from 1), such as those a student writes."""
    original = ast.unparse(ast.parse(source))
    seen = {original}
    tree = ast.parse(source)
    names = _local_names(tree)
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    for node in list(ast.walk(tree)):
        for change in _changes(node, names, lines):
            # Each change is made on the one tree and undone after it is written out: copying
            # the tree for every mutant would take most of the time.
            parent = parents.get(node)
            saved = [_fields(n) for n in (node, parent) if n is not None]
            change(node, parent)
            text = ast.unparse(ast.fix_missing_locations(tree))
            for restore in saved:
                restore()
            if text not in seen:
                seen.add(text)
                yield _changed_line(original, text), text


def _fields(node: ast.AST) -> Callable[[], None]:
    """A function that puts ``node``'s fields back as they are now (lists keep their
    identity, their items are put back)."""
    values = {name: (list(v) if isinstance(v, list) else v) for name, v in ast.iter_fields(node)}

    def restore() -> None:
        for name, value in values.items():
            current = getattr(node, name)
            if isinstance(value, list):
                current[:] = value
            else:
                setattr(node, name, value)

    return restore


def _changes(
    node: ast.AST, names: list[str], lines: set[int] | None
) -> Iterator[Callable[[Any, Any], None]]:
    """The mutations of ``node``: functions of the node and its parent that change them."""
    if isinstance(node, ast.For | ast.FunctionDef):
        for k in range(len(node.body)):
            if _in(node.body[k], lines):
                yield lambda n, _, k=k: n.body.__setitem__(k, ast.Pass())
    if not _in(node, lines):
        return
    if isinstance(node, ast.BinOp):
        if type(node.op) in SWAPPED_OPERATORS:
            yield lambda n, _: setattr(n, "op", SWAPPED_OPERATORS[type(n.op)]())
        yield lambda n, parent: _replace(n, n.left, parent)
        yield lambda n, parent: _replace(n, n.right, parent)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        yield lambda n, parent: _replace(n, n.operand, parent)
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        for new in {node.value + 1, node.value - 1, 0, node.value * 2} - {node.value}:
            yield lambda n, _, new=new: setattr(n, "value", type(n.value)(new))
    if isinstance(node, ast.Attribute) and node.attr == "T":
        yield lambda n, parent: _replace(n, n.value, parent)
    if isinstance(node, ast.Attribute) and node.attr in ("sum", "mean"):
        yield lambda n, _: setattr(n, "attr", {"sum": "mean", "mean": "sum"}[n.attr])
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "copy"
    ):
        yield lambda n, parent: _replace(n, n.func.value, parent)
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        for other in names:
            if other != node.id:
                yield lambda n, _, other=other: setattr(n, "id", other)


def _in(node: ast.AST, lines: set[int] | None) -> bool:
    return lines is None or getattr(node, "lineno", None) in lines


def _local_names(tree: ast.AST) -> list[str]:
    """Arguments and assigned variables: the names a slip can confuse (not builtins or modules)."""
    args = {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)}
    stored = {
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
    return sorted(args | stored)


def _replace(node: ast.AST, new: ast.AST, parent: ast.AST) -> None:
    for field, value in ast.iter_fields(parent):
        if value is node:
            setattr(parent, field, new)
        elif isinstance(value, list):
            value[:] = [new if item is node else item for item in value]


def _changed_line(before: str, after: str) -> str:
    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    return next((line[2:].strip() for line in diff if line.startswith("+ ")), "")
