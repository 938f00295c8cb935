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


COMMENTED = GOOD.replace(
    "    return x * x\n",
    "    # en: the product of x with itself\n"
    "    # en: (a second line)\n"
    "    # zh: x与自身的乘积\n"
    "    # zh: （第二行）\n"
    "    # no language: kept in both\n"
    "    return x * x  # BP1\n",
)


def code_cells(nb):
    return [cell.source for cell in nb.cells[1:] if cell.cell_type == "code"]


def test_language_comments_keep_one_language_and_identical_code():
    """Does each notebook keep its own comment lines, unmarked, and the very same code?"""
    source = parse(COMMENTED)
    validate(source, "commented.md")
    code = {lang: code_cells(for_language(source, "99-test", lang)) for lang in ("en", "zh")}
    en, zh = code["en"][0], code["zh"][0]
    assert "    # the product of x with itself\n    # (a second line)\n" in en
    assert "    # x与自身的乘积\n    # （第二行）\n" in zh
    for lang, text in (("en", en), ("zh", zh)):
        other = "zh" if lang == "en" else "en"
        assert f"# {lang}:" not in text and f"# {other}:" not in text
        assert "# no language: kept in both" in text and "return x * x  # BP1" in text
    assert "x与自身" not in en and "product" not in zh

    def without_comments(text):
        return [line for line in text.splitlines() if not line.lstrip().startswith("#")]

    assert without_comments(en) == without_comments(zh)
    assert code["en"][1:] == code["zh"][1:]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda s: s.replace("    # zh: x与自身的乘积\n    # zh: （第二行）\n", ""),
            "needs its `# zh:`",
        ),
        (
            lambda s: s.replace(
                "    # en: the product of x with itself\n    # en: (a second line)\n", ""
            ),
            "must follow",
        ),
        (lambda s: s.replace("    # zh: x与自身", "  # zh: x与自身"), "needs its `# zh:`"),
        (
            lambda s: s.replace("    # en: (a second line)\n", "    # en: (a second line)\n\n"),
            "needs its",
        ),
        (
            lambda s: s.replace("# en: the product of x with itself", "# en:").replace(
                "# en: (a second line)", "# en:"
            ),
            "empty",
        ),
    ],
    ids=["no-zh", "no-en", "indent", "gap", "empty"],
)
def test_broken_language_comments_are_named(change, message):
    """Does a language comment without its twin stop the build?"""
    assert change(COMMENTED) != COMMENTED
    with pytest.raises(LessonSourceError, match=message):
        validate(parse(change(COMMENTED)), "broken.md")
