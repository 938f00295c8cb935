"""Dependencies point one way: a module of ``autograder/`` imports only from layers strictly
below its own (or from its own part), so no two parts import each other.

The layers, lowest first, are those of ARCHITECTURE.md ("Where things live"). Every import counts,
including one inside a function: a lazy import still loads the higher layer when it runs.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from autograder.grader.bubblewrap import VISIBLE_PARTS

PACKAGE = Path(__file__).resolve().parents[1] / "autograder"

# Lowest first. A part may import only from layers strictly below its own: two parts of one
# layer never import each other, so no two parts depend on each other either way.
LAYERS: list[set[str]] = [
    {"__init__", "student"},  # the student's kernel: imports nothing else of ours
    {"inside", "lessons", "errors"},  # runs inside the sandbox; the list of lessons; user errors
    {"reference", "spec"},  # the float64 answers; what a graded item is (plain data)
    {"hidden"},  # per lesson, the hidden cases of each graded item (SPECS)
    {"mistakes"},  # slips of the reference, each rendered against its item's SPECS
    {"grading"},  # judges a submission's runs with the reference, the cases and the mistakes
    {"build"},  # lesson sources -> notebooks (releasing, never grading)
    {"grader"},  # the trusted side of the sandbox
    {"course"},  # an instructor's nbgrader course: settings, commands
    {"site", "commandline"},  # the course website; what every command shares
    {"hub"},  # a class on JupyterHub (its commands use commandline)
    {"cli"},  # `backprop`: every command
    {"__main__"},  # `python -m autograder`
]
LAYER = {part: level for level, parts in enumerate(LAYERS) for part in parts}


def part_of(path: Path) -> str:
    """``grader`` for ``autograder/grader/jobs.py``, ``lessons`` for ``autograder/lessons.py``."""
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported_parts(path: Path) -> list[tuple[int, str]]:
    """``(line, part)`` for every import of one of our parts in the module at ``path``."""
    package = ["autograder", *path.relative_to(PACKAGE).parent.parts]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            # `from autograder import lessons` imports the part `lessons`.
            names = (
                [f"{module}.{alias.name}" for alias in node.names]
                if module == "autograder"
                else [module]
            )
        else:
            continue
        for name in names:
            dotted = name.split(".")
            if dotted[0] != "autograder":
                continue
            target = dotted[1] if len(dotted) > 1 else "__init__"
            if len(dotted) > 1 and not _is_part(target):
                target = "__init__"  # a name defined in autograder/__init__.py
            found.append((node.lineno, target))
    return found


def _is_part(name: str) -> bool:
    return (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file()


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_part_has_a_layer():
    unplaced = sorted({part_of(path) for path in MODULES} - LAYER.keys())
    assert not unplaced, (
        f"autograder/{unplaced[0]} has no layer: place it in LAYERS in tests/test_layers.py "
        "and in ARCHITECTURE.md"
    )


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_import_from_its_own_or_a_higher_layer(path):
    source = part_of(path)
    if source not in LAYER:
        pytest.skip("unplaced; test_every_part_has_a_layer names it")
    upward = [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports autograder.{target} "
        f"(layer {LAYER[target]}) from autograder.{source} (layer {LAYER[source]}): a part "
        "imports only from lower layers"
        for line, target in imported_parts(path)
        if target != source and LAYER.get(target, -1) >= LAYER[source]
    ]
    assert not upward, "\n".join(upward)


def documented_order() -> list[str]:
    """The parts as ARCHITECTURE.md's tree of ``autograder/`` names them, in its order."""
    text = (PACKAGE.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    tree = text[text.index("\nautograder/ ") : text.index("\ntests/ ")]
    found: list[str] = []
    for name in re.findall(r"(?<![\w/.])(\w+)(?:/|\.py\b)", tree):
        if name in LAYER and name not in found:
            found.append(name)
    return found


def test_architecture_lists_the_layers_in_order():
    """ARCHITECTURE.md's tree names every part, lowest layer first."""
    order = documented_order()
    assert sorted(order) == sorted(LAYER), "ARCHITECTURE.md's tree misses or adds a part"
    levels = [LAYER[part] for part in order]
    assert levels == sorted(levels), f"ARCHITECTURE.md lists the parts out of layer order: {order}"


MOUNTED = {part.removesuffix(".py") for part in VISIBLE_PARTS}


@pytest.mark.parametrize(
    "path",
    [path for path in MODULES if part_of(path) in MOUNTED],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_the_sandbox_side_imports_only_what_is_mounted(path):
    """The student's kernel imports only ``student``; what runs inside bubblewrap only the
    parts bubblewrap mounts (``VISIBLE_PARTS``)."""
    allowed = {"__init__", "student"} if part_of(path) == "student" else MOUNTED
    outside = [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports autograder.{target}"
        for line, target in imported_parts(path)
        if target not in allowed
    ]
    assert not outside, "\n".join(outside)


def test_an_upward_import_is_found(tmp_path, monkeypatch):
    """The checker sees lazy and relative imports (else the tests above could not fail)."""
    fake = tmp_path / "autograder"
    (fake / "student").mkdir(parents=True)
    (fake / "course").mkdir()
    module = fake / "student" / "x.py"
    module.write_text("def f():\n    from ..course import y\n    import autograder.course.z\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    assert imported_parts(module) == [(2, "course"), (3, "course")]


def test_an_import_within_a_layer_is_refused(tmp_path, monkeypatch):
    """Two parts of one layer may not import each other (the order is strict)."""
    fake = tmp_path / "autograder"
    (fake / "inside").mkdir(parents=True)
    module = fake / "inside" / "x.py"
    module.write_text("from autograder import lessons\n")
    (fake / "lessons.py").write_text("")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    with pytest.raises(AssertionError, match=r"imports autograder\.lessons"):
        test_no_import_from_its_own_or_a_higher_layer(module)


@pytest.mark.parametrize(
    "path", sorted((PACKAGE.parent / "benchmarks").glob("*.py")), ids=lambda p: p.name
)
def test_benchmarks_need_no_test_code(path):
    """Benchmarks run from the package alone: what they share with the tests lives in it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [None])
    ]
    assert not [name for name in imported if name and name.split(".")[0] == "tests"]
