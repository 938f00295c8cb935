"""Lesson sources: conventions, the language filter and nbgrader metadata."""

import textwrap

import jupytext
import pytest

from autograder.build.paths import CONTENT, lesson_sources
from autograder.build.source import LessonSourceError, for_language, read_source, validate

HEADER = "---\njupytext:\n  text_representation:\n    format_name: myst\n---\n\n"


def parse(body: str):
    return jupytext.reads(HEADER + textwrap.dedent(body), fmt="md:myst")


GOOD = """
+++ {"lang": "en"}

# Title

$$a = b$$

+++ {"lang": "zh"}

# 标题

$$a = b$$

```{code-cell} ipython3
:grade_id: square
:kind: solution

def square(x):
    ### BEGIN SOLUTION
    return x * x
    ### END SOLUTION
```

```{code-cell} ipython3
:grade_id: test_square
:points: 2

assert square(3) == 9
```
"""


def test_a_good_source_passes():
    validate(parse(GOOD), "good.md")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.replace('+++ {"lang": "zh"}', '+++ {"lang": "fr"}'), "unknown lang"),
        (lambda s: s.replace("# 标题", "## 标题"), "headings differ"),
        (lambda s: s.replace("$$a = b$$\n\n```", "$$a = c$$\n\n```"), "formulas"),
        (lambda s: s.replace(":grade_id: test_square", ":grade_id: square"), "unique"),
        (lambda s: s.replace(":grade_id: test_square", ":grade_id: Test-Square"), "snake_case"),
        (lambda s: s.replace(":kind: solution\n", ""), "not both"),
        (lambda s: s.replace(":grade_id: square\n:kind: solution\n", ""), "outside a graded cell"),
        (lambda s: s.replace('+++ {"lang": "zh"}\n\n# 标题\n\n$$a = b$$\n', ""), "zh twin"),
    ],
    ids=[
        "language",
        "headings",
        "formulas",
        "duplicate-id",
        "bad-id",
        "no-kind",
        "stray",
        "no-twin",
    ],
)
def test_broken_conventions_are_named(change, message):
    """Does each broken convention stop the build with a message that names it?"""
    with pytest.raises(LessonSourceError, match=message):
        validate(parse(change(GOOD)), "broken.md")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_language_filter_keeps_one_language_and_shared_code(lang):
    nb = for_language(parse(GOOD), "99-test", lang)
    text = "".join(cell.source for cell in nb.cells)
    assert ("标题" in text) == (lang == "zh")
    assert ("# Title" in text) == (lang == "en")
    assert f'setup_lesson("{lang}")' in nb.cells[0].source
    assert nb.metadata["backprop"] == {"lesson": "99-test", "lang": lang}
    assert all("lang" not in cell.metadata for cell in nb.cells)


def test_grading_metadata_becomes_nbgrader_metadata():
    nb = for_language(parse(GOOD), "99-test", "en")
    graded = {
        c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]
        for c in nb.cells
        if "nbgrader" in c.metadata
    }
    assert graded["setup"]["locked"] and not graded["setup"]["grade"]
    assert graded["square"]["solution"] and not graded["square"]["locked"]
    assert graded["test_square"] == {
        "grade": True,
        "grade_id": "test_square",
        "locked": True,
        "points": 2,
        "schema_version": 3,
        "solution": False,
        "task": False,
    }


def test_every_lesson_source_is_valid_and_twinned():
    """Does every real lesson follow the conventions, with as many en as zh prose cells?"""
    sources = lesson_sources(CONTENT)
    assert sources
    for path in sources:
        nb = read_source(path)
        langs = [cell.metadata.get("lang") for cell in nb.cells]
        assert langs.count("en") == langs.count("zh") > 5
