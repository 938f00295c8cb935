"""``backprop new-lesson NN-topic``: every file a new lesson needs, each part still to write
marked ``TODO``, so that the lesson's tests fail until it is written (the reference raises
NotImplementedError; tests/test_lessons.py refuses a ``TODO`` left in a lesson's files, and
tests/student/test_i18n.py one left in its catalogue texts).

The lesson is written into a repository tree (``root``), which need not be the one this
package was imported from: the tests scaffold a lesson into a copy of the tree.
"""

from __future__ import annotations

import ast
import keyword
import re
from pathlib import Path

from autograder.build import paths
from autograder.errors import CourseError

LESSON_NAME = re.compile(r"(?P<number>[0-9]{2})-(?P<topic>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)")
MODULES_BLOCK = re.compile(r"^MODULES = \{\n(?P<entries>.*?)^\}\n", re.M | re.S)


class ScaffoldError(CourseError):
    """The lesson cannot be scaffolded as asked; the message says why."""


def module_name(lesson: str) -> str:
    """``attention_heads`` for ``09-attention-heads``."""
    return lesson.split("-", 1)[1].replace("-", "_")


def graded_item(lesson: str) -> str:
    """The name of the one example graded item a new lesson starts with."""
    return f"{module_name(lesson)}_example"


def lesson_files(lesson: str) -> dict[str, str]:
    """Every file of a new lesson, relative to the repository's root, and its text."""
    module, item = module_name(lesson), graded_item(lesson)
    fields = {
        "lesson": lesson,
        "nn": lesson[:2],
        "n": str(int(lesson[:2])),
        "topic": lesson[3:].replace("-", " "),
        "module": module,
        "item": item,
        "ITEM": item.upper(),
    }
    return {path.format(**fields): _fill(template, fields) for path, template in TEMPLATES.items()}


def new_lesson(lesson: str, root: Path | None = None) -> list[Path]:
    """Write the files of lesson ``lesson`` (``NN-topic``) into the tree at ``root`` (this
    repository's by default) and register it in ``autograder/lessons.py``; returns the paths
    written. Nothing is written when the name is malformed, or the lesson, its number or its
    module name is taken."""
    root = root or paths.ROOT
    match = LESSON_NAME.fullmatch(lesson)
    module = module_name(lesson) if match else ""
    if not match or keyword.iskeyword(module) or not module.isidentifier():
        raise ScaffoldError("cli.error.lesson_name", lesson=lesson)
    registry = root / "autograder" / "lessons.py"
    modules = _registered(registry)
    if lesson in modules:
        raise ScaffoldError("cli.error.lesson_exists", lesson=lesson)
    owner = [name for name, other in modules.items() if other == module]
    if owner:
        raise ScaffoldError("cli.error.lesson_module_taken", module=module, taken=owner[0])
    taken = [name for name in modules if name[:2] == match["number"]]
    if taken:
        raise ScaffoldError("cli.error.lesson_number_taken", lesson=lesson, taken=taken[0])
    every = {**lesson_files(lesson), **catalogue_files(lesson)}
    files = {root / relative: text for relative, text in every.items()}
    present = [path for path in files if path.exists()]
    if present:
        raise ScaffoldError("cli.error.lesson_exists", lesson=present[0].relative_to(root))

    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _register(registry, {**modules, lesson: module})
    return [*files, registry]


def catalogue_files(lesson: str) -> dict[str, str]:
    """The lesson's own catalogue files, relative to the root, and their text: what learners
    read (``autograder/student/catalogue/<module>.toml``) and its mistakes, which only the
    grader reads (``autograder/catalogue/<module>.toml``, not in the student bundle)."""
    module, fields = module_name(lesson), {"lesson": lesson, "item": graded_item(lesson)}
    fields["module"] = module
    return {
        f"autograder/student/catalogue/{module}.toml": _fill(STUDENT_CATALOGUE, fields),
        f"autograder/catalogue/{module}.toml": _fill(GRADER_CATALOGUE, fields),
    }


def _registered(registry: Path) -> dict[str, str]:
    """``MODULES`` as ``autograder/lessons.py`` at ``registry`` writes it."""
    block = MODULES_BLOCK.search(registry.read_text(encoding="utf-8"))
    if block is None:
        raise ScaffoldError("cli.error.no_lesson_list", path=registry)
    return ast.literal_eval("{" + block["entries"] + "}")


def _register(registry: Path, modules: dict[str, str]) -> None:
    """Rewrite ``MODULES`` with ``modules``, in course order."""
    entries = "".join(f'    "{name}": "{modules[name]}",\n' for name in sorted(modules))
    text = registry.read_text(encoding="utf-8")
    registry.write_text(
        MODULES_BLOCK.sub(lambda _: "MODULES = {\n" + entries + "}\n", text, count=1),
        encoding="utf-8",
    )


def _fill(template: str, fields: dict[str, str]) -> str:
    """``template`` with each ``<<field>>`` replaced (the files are full of braces)."""
    return re.sub(r"<<(\w+)>>", lambda m: fields[m[1]], template)


# ------------------------------------------------------------------ the files
CONTENT = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

+++ {"lang": "en"}

# Lesson <<n>> · TODO: the lesson's title

TODO: what the lesson builds, what the student will do, and which functions are graded.

+++ {"lang": "zh"}

# 第<<n>>课 · TODO：本课的标题

TODO：本课构建什么，学生将做什么，哪些函数计入成绩。

```{code-cell} ipython3
import numpy as np

from autograder.student.checks import <<module>> as checks
```

+++ {"lang": "en"}

## 1. TODO: the first section

### Exercise 1: `<<item>>` (1 point)

TODO: what `<<item>>(x)` computes, the shapes of its arguments and what it returns.

+++ {"lang": "zh"}

## 1. TODO：第一节

### 练习1：`<<item>>`（1分）

TODO：`<<item>>(x)`计算什么，各参数的形状，返回什么。

```{code-cell} ipython3
:grade_id: <<item>>
:kind: solution

def <<item>>(x):
    ### BEGIN SOLUTION
    raise NotImplementedError("TODO: the model answer")
    ### END SOLUTION
```

```{code-cell} ipython3
:grade_id: test_<<item>>
:points: 1

### BEGIN HIDDEN TESTS
from autograder.grading import check

check("<<item>>", <<item>>)
### END HIDDEN TESTS
checks.check_<<item>>(<<item>>)
```
"""

REFERENCE = '''"""Lesson <<nn>>, <<topic>>: TODO: one sentence on what the reference computes.

Shapes: TODO.
"""

from __future__ import annotations

import numpy as np


def <<item>>(x: np.ndarray) -> np.ndarray:
    """TODO: the float64 reference of graded item ``<<item>>``."""
    raise NotImplementedError("TODO: write the reference of <<item>>")
'''

HIDDEN = '''"""Hidden tests of lesson <<nn>>.

TODO: which cases tell the catalogued mistakes apart.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.reference import <<module>> as ref
from autograder.spec import Spec


def _<<item>>_cases() -> list[tuple[Any, ...]]:
    # TODO: cases on which every catalogued mistake changes at least one output.
    rng = np.random.default_rng(0)
    return [(rng.normal(size=size),) for size in (1, 4, 7)]


<<ITEM>> = Spec(
    "<<item>>",
    ref.<<item>>,
    _<<item>>_cases,
    ("y",),
)
SPECS = {spec.name: spec for spec in (<<ITEM>>,)}
# What a solution cell may use from the rest of the notebook: given code, earlier answers.
NOTEBOOK_NAMESPACE: dict[str, Any] = {"np": np}
'''

MISTAKES = '''"""Mistakes students make in lesson <<nn>>, each a slip of the reference."""

from __future__ import annotations

from autograder.mistakes import register


def _todo(x):
    """TODO: replace with the catalogued mistakes of <<item>>, each a slip of the reference
    (see autograder/mistakes/gradient_descent.py), named and hinted in the catalogue."""
    raise NotImplementedError("TODO: a catalogued mistake of <<item>>")


register("<<item>>", todo=_todo)
'''

CHECKS = '''"""Public checks of lesson <<nn>> (<<topic>>): they know no answer."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from autograder.student.checks.common import array_of_shape, call, passed, public_check, require
from autograder.student.i18n import t


@public_check
def check_<<item>>(<<item>>: Callable) -> None:
    """TODO: what the check tries (shapes, properties, a numerical gradient), knowing no
    answer."""
    name = "<<item>>"
    x = np.linspace(-1.0, 1.0, 5)
    y = array_of_shape(name, "y", call(name, <<item>>, x), x.shape)
    require(bool(np.all(np.isfinite(y))), "check.not_finite", name=name, part="y")
    passed(name, t("check.<<module>>.example_ok"))
'''

TEST_REFERENCE = '''"""The reference of lesson <<nn>>.

TODO: tests of what is particular to it.
"""

import numpy as np

from autograder.reference import <<module>> as ref


def test_<<item>>_is_written():
    """TODO: compare the reference with an independent computation."""
    x = np.linspace(-1.0, 1.0, 5)
    assert ref.<<item>>(x).shape == x.shape
'''

TEST_HIDDEN = '''"""Hidden tests of lesson <<nn>>.

TODO: tests of what is particular to them.
"""

from autograder.grading import check
from autograder.reference import <<module>> as ref


def test_the_reference_passes(capsys):
    check("<<item>>", ref.<<item>>)
    assert "✓" in capsys.readouterr().out
'''

TEST_CHECKS = '''"""Public checks of lesson <<nn>>.

TODO: tests of what is particular to them.
"""

from autograder.reference import <<module>> as ref
from autograder.student.checks import <<module>> as checks


def test_the_reference_passes(capsys):
    checks.check_<<item>>(ref.<<item>>)
    assert "✓" in capsys.readouterr().out
'''

STUDENT_CATALOGUE = """\
# What learners read in lesson <<lesson>>: part of the bilingual catalogue, which
# autograder/student/i18n.py reads from autograder/student/catalogue/*.toml, then
# autograder/student/instructor.toml, then autograder/catalogue/*.toml (grader-only texts,
# not in the student bundle). Every entry has an `en` and a `zh` text with the same
# {placeholders} (tests/student/test_i18n.py). Chinese follows TERMINOLOGY.md.

# ------------------------------------------------------------------ check

[check.<<module>>.example_ok]
en = "TODO: what the public check of <<item>> found right"
zh = "TODO：<<item>>的公开检查确认了什么"
"""

GRADER_CATALOGUE = """\
# Grader-only texts in lesson <<lesson>>: never in the student bundle, the student image or the
# sandbox (tests/course/test_student_bundle.py). Part of the bilingual catalogue that
# autograder/student/i18n.py reads. Every entry has an `en` and a `zh` text with the same
# {placeholders} (tests/student/test_i18n.py). Chinese follows TERMINOLOGY.md.

# ------------------------------------------------------------------ mistake

[mistake.<<item>>.todo]
name.en = "TODO: the mistake's name"
name.zh = "TODO：这个错误的名称"
hint.en = "TODO: how to find and fix it, and the section to reread"
hint.zh = "TODO：如何找到并改正它，应重读哪一节"
"""

TEMPLATES = {
    "content/{lesson}.md": CONTENT,
    "autograder/reference/{module}.py": REFERENCE,
    "autograder/hidden/{module}.py": HIDDEN,
    "autograder/mistakes/{module}.py": MISTAKES,
    "autograder/student/checks/{module}.py": CHECKS,
    "tests/reference/test_{module}.py": TEST_REFERENCE,
    "tests/hidden/test_{module}.py": TEST_HIDDEN,
    "tests/student/test_checks_{module}.py": TEST_CHECKS,
}
