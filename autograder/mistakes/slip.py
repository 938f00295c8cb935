"""A slip: the reference's source with a few lines changed, as a student's answer.

A slip is written as a small diff of the reference, what a reviewer reads::

    - residual = predict(X, w, b) - y
    + residual = y - predict(X, w, b)

Each group of ``- old`` lines (consecutive in the reference, blank lines aside) is replaced
by the ``+ new`` lines after it (none: the old lines are deleted). Lines are compared without
their indentation; the new lines take that of the first old line, plus their own. Every
``old`` must occur exactly once in the reference, or rendering fails: a change of the
reference must never silently turn a mistake into the reference.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import itertools
import textwrap
from collections.abc import Collection, Mapping
from functools import cache, partial
from types import ModuleType
from typing import Any


class SlipError(ValueError):
    """A slip that no longer fits its reference (an old line missing, repeated or overlapping)."""


def parse(diff: str) -> dict[str, str]:
    """The edits of a slip written as a diff: groups of ``- old`` lines, each followed by the
    ``+ new`` lines that replace it (none to delete it); a blank line also ends a group."""
    edits: dict[str, str] = {}
    old: list[str] = []
    new: list[str] = []

    def close() -> None:
        if old:
            key = "\n".join(old)
            if key in edits:
                raise SlipError(f"{key!r} is changed twice")
            edits[key] = "\n".join(new)
        old.clear()
        new.clear()

    for line in textwrap.dedent(diff).splitlines():
        sign, text = line[:1], line[2:]
        if not line.strip() or (sign == "-" and new):
            close()
        if not line.strip():
            continue
        if sign not in ("-", "+") or line[1:2] not in ("", " "):
            raise SlipError(f"{line!r} starts with neither '- ' nor '+ '")
        if sign == "+" and not old:
            raise SlipError(f"{line!r} adds a line without a '- ' line to replace")
        (old if sign == "-" else new).append(text)
    close()
    return edits


def apply(source: str, edits: Mapping[str, str]) -> str:
    """``source`` with every ``old → new`` edit of ``edits`` made (blank lines aside, the old
    lines are consecutive in ``source``)."""
    lines = source.splitlines()
    filled = [i for i, line in enumerate(lines) if line.strip()]
    stripped = [lines[i].strip() for i in filled]
    spans = []
    for old, new in edits.items():
        want = [line.strip() for line in old.splitlines()]
        starts = [
            k for k in range(len(filled) - len(want) + 1) if stripped[k : k + len(want)] == want
        ]
        if len(starts) != 1:
            raise SlipError(f"{old!r} occurs {len(starts)} times in the reference, not once")
        spans.append((filled[starts[0]], filled[starts[0] + len(want) - 1] + 1, new))
    spans.sort()
    for (_, end, _), (start, _, _) in itertools.pairwise(spans):
        if start < end:
            raise SlipError(f"two edits change line {start + 1} of the reference")
    for start, end, new in reversed(spans):
        indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
        lines[start:end] = [indent + line for line in textwrap.dedent(new).splitlines()]
    return "\n".join(lines) + "\n"


def render(
    module: ModuleType,
    name: str,
    diff: str,
    given: Collection[str] = (),
    graded: Collection[str] = (),
) -> tuple[str, Any]:
    """The student answer that defines ``name`` as ``module`` does, with the slip ``diff``, and
    what it defines when run with the module's globals, as a notebook runs an answer cell.

    The answer is plain Python without annotations or docstrings. It starts with the module's
    definitions of the helpers it uses that the notebook does not define (names not in
    ``given``), and the slip may change those too; a helper must not be another ``graded``
    answer of the notebook, which the answer would then replace."""
    return define(module, name, slipped(module, name, diff, given), given, graded)


def slipped(module: ModuleType, name: str, diff: str, given: Collection[str] = ()) -> str:
    """The source of ``name`` and of the helpers it needs (see :func:`render`), as ``module``
    has them, with the slip ``diff`` made. Cheap: this is where a slip that no longer fits
    its reference fails."""
    parts = [*_helpers(module, source_of(module, name), frozenset({name, *given})), name]
    return apply("\n\n".join(source_of(module, part) for part in parts), parse(diff))


def define(
    module: ModuleType,
    name: str,
    source: str,
    given: Collection[str] = (),
    graded: Collection[str] = (),
) -> tuple[str, Any]:
    """The answer made of ``source`` (from :func:`slipped`) and of the helpers only the slip
    calls (a softmax written out where the reference calls one), and what it defines."""
    parts = set(_helpers(module, source_of(module, name), frozenset({name, *given})))
    extra = _helpers(module, source, frozenset({name, *parts, *given}))
    taken = sorted({*extra, *parts} & set(graded))
    if taken:
        raise SlipError(f"the answer would redefine the graded {', '.join(taken)}")
    answer = _as_a_student_writes("\n\n".join([*map(partial(source_of, module), extra), source]))
    namespace = dict(vars(module))
    exec(compile(answer, f"<{module.__name__}.{name} with a slip>", "exec"), namespace)
    return answer, namespace[name]


@cache
def source_of(module: ModuleType, name: str) -> str:
    """The source of ``name`` as ``module`` defines it (a function, class or assignment), or
    as the reference module it imports ``name`` from defines it."""
    home, node = _top_level(module)[name]
    text = ast.get_source_segment(_source(home), node)
    assert text is not None
    return text + "\n"


@cache
def _source(module: ModuleType) -> str:
    return inspect.getsource(module)


@cache
def _top_level(module: ModuleType) -> dict[str, tuple[ModuleType, ast.stmt]]:
    """The module's functions, classes and assigned names, and those it imports from another
    module of the package, each with the module that defines it."""
    named: dict[str, tuple[ModuleType, ast.stmt]] = {}
    for node in ast.parse(_source(module)).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            named[node.name] = (module, node)
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            named[node.targets[0].id] = (module, node)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("autograder."):
            home = _top_level(importlib.import_module(node.module or ""))
            named.update({alias.asname or alias.name: home[alias.name] for alias in node.names})
    return named


@cache
def _helpers(module: ModuleType, source: str, known: frozenset[str]) -> tuple[str, ...]:
    """Top-level names of ``module`` that ``source`` reads (annotations aside), directly or
    through another such name, and that are not in ``known``, in the order a notebook must
    define them."""
    top, found, seen = _top_level(module), [], set(known)

    def visit(text: str) -> None:
        for name in _names_read(text):
            if name in top and name not in seen:
                seen.add(name)
                visit(source_of(module, name))
                found.append(name)

    visit(source)
    return tuple(found)


@cache
def _names_read(source: str) -> tuple[str, ...]:
    """The names ``source`` reads, in order, leaving out those only its annotations read."""
    names: list[str] = []
    todo: list[ast.AST] = [ast.parse(source)]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            names.append(node.id)
        for field, value in reversed(list(ast.iter_fields(node))):
            if field in ("annotation", "returns"):
                continue
            children = value if isinstance(value, list) else [value]
            todo.extend(c for c in reversed(children) if isinstance(c, ast.AST))
    return tuple(names)


def _as_a_student_writes(source: str) -> str:
    """``source`` without docstrings (they describe the reference) and without annotations
    (a notebook evaluates them, and could not)."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and body and _is_docstring(body[0]):
            node.body = body[1:] or [ast.Pass()]
        if isinstance(node, ast.FunctionDef):
            node.returns = None
            arguments = node.args
            for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
                arg.annotation = None
            for extra in (arguments.vararg, arguments.kwarg):
                if extra is not None:
                    extra.annotation = None
        for field, value in ast.iter_fields(node):
            if isinstance(value, list):
                value[:] = [_plain(item) for item in value]
            elif isinstance(value, ast.AnnAssign):
                setattr(node, field, _plain(value))
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and (isinstance(node.value.value, str))
    )


def _plain(node: Any) -> Any:
    """``x: T = v`` as ``x = v`` (a bare ``x: T`` as ``pass``)."""
    if not isinstance(node, ast.AnnAssign):
        return node
    if node.value is None:
        return ast.Pass()
    return ast.Assign(targets=[node.target], value=node.value, lineno=node.lineno)
