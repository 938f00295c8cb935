"""What a student's cells leave in a grading worker, which makes the feedback pages of many
submissions. Formulas a student writes into a markdown cell are typeset beside the lesson's
own, and each picture is kept for every later page of the process: a student's formula must
not change how another is drawn (on this page or the next student's), run code, or reach
outside its own picture. Code cells' highlighting is kept too, within bounds."""

from __future__ import annotations

import re
import shutil

import pytest

from autograder.course import math

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="typesetting needs Node.js")

LESSON_FORMULA = (r"\sigma(z) + \frac{a}{b}", False)


@pytest.fixture(autouse=True)
def fresh_process():
    """Each test starts with nothing typeset, as a new grading process does."""
    math._TYPESET.clear()
    yield
    math._TYPESET.clear()


def picture(formula: math.Formula) -> str:
    math.typeset([formula])
    return math.html(*formula)


def test_a_students_macro_changes_no_other_formula():
    """\\gdef, \\def, \\newcommand and \\let typeset before the lesson's formula, in the same
    call, leave its picture as it is alone (so the picture kept for the next pages too)."""
    alone = picture(LESSON_FORMULA)
    assert "<svg" in alone
    math._TYPESET.clear()
    hostile = [
        (r"\gdef\sigma{\text{you failed}}", False),
        (r"\def\frac#1#2{0}", True),
        (r"\newcommand{\frac}[2]{\text{zero}}", False),
        (r"\let\sigma\pi", False),
        (r"\renewcommand{\sigma}{\pi}", False),
    ]
    math.typeset([*hostile, LESSON_FORMULA])
    assert math.html(*LESSON_FORMULA) == alone


def test_a_formula_loads_no_code(tmp_path):
    """\\require of a file on the grader's disk does not run it."""
    marker = tmp_path / "ran"
    script = tmp_path / "extension.js"
    script.write_text(f"require('fs').writeFileSync({str(marker)!r}, 'x');\n")
    for name in (str(script), str(script.with_suffix("")), f"[tex]/../../../../{script}"):
        math.typeset([(rf"\require{{{name}}}x", False), (rf"\require{{{name}}}", True)])
    assert not marker.exists()


@pytest.mark.parametrize(
    "tex",
    [
        r"\href{javascript:alert(1)}{x}",
        r"\style{color:red}{x}",
        r"\class{evil}{x}",
        r"\cssId{evil}{x}",
        r"\unicode{x3C}script\unicode{x3E}",
        r"\text{<script>alert(1)</script>}",
        r'\text{" onload="alert(1)}',
    ],
)
def test_a_formula_reaches_nothing_outside_its_picture(tex):
    """No link, script, class, id or style of the student's reaches the page: what is left
    of the formula's source stays in its (escaped) label."""
    drawn = picture((tex, False))
    body = re.sub(r'aria-label="[^"]*"', "", drawn)
    for forbidden in ("javascript", "<script", "<a ", "href", "evil", "color:red", "onload"):
        assert forbidden not in body.lower(), forbidden


def test_formulas_with_errors_change_no_other_formula():
    """TeX errors (an unknown environment, a brace left open or closed, a runaway argument)
    are drawn as errors in their own pictures; the lesson's formula beside them is as alone."""
    alone = picture(LESSON_FORMULA)
    math._TYPESET.clear()
    broken = [(r"\begin{unknown}x", False), (r"\frac{1}{", True), ("}", False), (r"\sqrt", False)]
    math.typeset([*broken, LESSON_FORMULA])
    assert math.html(*LESSON_FORMULA) == alone


def test_every_formula_of_the_course_is_still_drawn():
    """The restricted TeX (no definitions, no extensions loaded on demand) draws the course's
    own formulas: every one of every lesson, both languages."""
    import nbformat

    from autograder.build.paths import SOLUTIONS
    from autograder.course.feedback import formulas_of

    sources = [
        cell.source
        for path in sorted(SOLUTIONS.glob("*/*.ipynb"))
        for cell in nbformat.read(path, as_version=4).cells
        if cell.cell_type == "markdown"
    ]
    formulas = list(dict.fromkeys(formulas_of(sources)))
    assert len(formulas) > 500
    math.typeset(formulas)
    undrawn = [tex for tex, display in formulas if "<svg" not in math.html(tex, display)]
    assert undrawn == []
    # noundefined draws an unknown macro in red: none of the course's is unknown
    assert not [tex for tex, d in formulas if 'fill="red"' in math.html(tex, d)]


def test_a_long_cell_is_highlighted_but_not_kept():
    """The feedback exporter keeps short cells' highlighting for the worker's later pages; a
    student's long cell, submitted again and again, is highlighted and forgotten."""
    from autograder.course import feedback

    highlight = feedback._KeptHighlight(pygments_lexer="ipython3")
    before = feedback._highlighted.cache_info().currsize
    long_cell = "x = 1  # " + "y" * feedback.KEPT_SOURCE_CHARS
    assert "highlight" in highlight(long_cell)
    assert feedback._highlighted.cache_info().currsize == before
    assert "highlight" in highlight("x = 1\n")
    assert feedback._highlighted.cache_info().currsize == before + 1


def test_what_a_worker_keeps_of_formulas_is_bounded(monkeypatch):
    """A notebook of many formulas, submitted again and again with new ones: a worker
    typesets at most a notebook's worth at a time, never an over-long one, and keeps at most
    its bound; the lesson's formula is still drawn after it."""
    monkeypatch.setattr(math, "PER_NOTEBOOK", 20)
    monkeypatch.setattr(math, "KEPT", 50)
    long_formula = ("x" * (math.LONGEST + 1), False)
    for submission in range(5):
        many = [(f"x_{{{submission}}}^{{{n}}}", False) for n in range(30)]
        math.typeset([long_formula, *many])
        assert len(math._TYPESET) <= 50
        assert math.html(*long_formula).startswith("$")
        assert sum(f in math._TYPESET for f in many) == 20
    assert "<svg" in picture(LESSON_FORMULA)
