"""Mistake hints teach rather than answer: each points to a true section of its lesson and
writes no corrected expression or code a student could paste back in.

A student who sees a hint after submitting may resubmit, so the hint names the principle and
where the lesson explains it ("a mean over m examples carries 1/m. See §5 (…)"), never the
repaired line. The rules below are what can be checked mechanically; the fixtures are hints
(or parts of hints) the catalogue once held, so each rule is shown to catch what it is meant
to catch.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from autograder import lessons
from autograder.build.source import read_source
from autograder.hidden import specs
from autograder.student.i18n import LANGUAGES, catalogue

CONTENT = Path(__file__).resolve().parents[2] / "content"
SECTION_HEADING = re.compile(r"^## (\d+)\. (.+?)\s*$", re.M)

# "See §5 (Title)." / "See lesson 1, §2 (Title)."  ·  "参见第5节“标题”。" / "参见第1课第2节“标题”。"
POINTER = {
    "en": re.compile(r"(?:lesson (\d+), )?§(\d+) \((.+?)\)(?=\.|;|,|$)"),
    "zh": re.compile(r"(?:第(\d+)课)?第(\d+)节“(.+?)”"),
}

# Each rule: a pattern that a corrected expression or a piece of code matches.
ANSWER_RULES: dict[str, re.Pattern[str]] = {
    # an equation or an assignment: "ŷ = Xw + b", "w ← w − η∇f(w)", "axis=1", "+="
    "equation or assignment": re.compile(r"[=←≔]"),
    # the matrix product operator of the code: "X @ r", "h.T @ dout"
    "matrix product": re.compile(r"@"),
    # a library function to call: "np.sign", "torch.no_grad()", "rng.permutation(m)"
    "library call": re.compile(r"(?<![A-Za-z0-9_])(?:np|torch|nn|math|rng|F)\.\w"),
    # a method call: "w.copy()", "loss.item()", "dout.sum(axis=0)"
    "method call": re.compile(r"\w\.\w+\("),
    # an attribute of an array in code: "X.shape[0]", "Z.size", "x.T"
    "array attribute": re.compile(r"\w\.(?:shape|size|ndim|dtype|T)\b"),
    # a built-in that writes the loop or the clamp: "range(n_steps)", "min(t, warmup_steps)"
    "built-in call": re.compile(r"\b(?:range|isinstance|reversed|min|max|len|zip|enumerate)\("),
    # a sum written out: "(2/m) Σᵢ (ŷᵢ − yᵢ)", "√(Σ g²)"
    "written-out sum": re.compile(r"[Σ∑]"),
    # a fraction with a bracketed side: "(f(x + ε) − f(x − ε)) / (2ε)", "(1 − β₁ᵗ)", "/m"
    "bracketed fraction": re.compile(r"\)\s*/|/\s*\("),
    # an expression in brackets: "(1 − ηλ)", "g / (√s + ε)", "(ŷ − y)"
    "bracketed expression": re.compile(r"\([^()]*\s[−+*×·/]\s[^()]*\)"),
    # arithmetic between terms: "n_steps + 1", "g + μv", "softmax(Z) − Y", "lr × grad"
    "arithmetic": re.compile(r"\S\s(?:[+−×*]|//)\s\S|[\w)²]\s?·\s?[\w(]"),
    # a comparison that states the condition: "ŷ − y < 0", "det H > 0", "|λ| ≤ tol"
    "comparison": re.compile(r"\s[<>≤≥]\s"),
    # a product with a transpose: "Xᵀ r", "Aᵀ Δ"
    "transpose product": re.compile(r"ᵀ ?[A-Za-zΔδ](?:\d|\b)"),
    # a floor: "⌊t/step_size⌋"
    "floor": re.compile(r"⌊"),
    # a call of a function of the code: "val_loss(params)", "one_hot(y_batch, k)"
    "code function call": re.compile(r"[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*\("),
    # a square root of an expression: "√(6/(fan_in + fan_out))", "√(2/fan_in)"
    "root of an expression": re.compile(r"√\("),
}
CODE_SPAN = re.compile(r"`([^`]*)`")
BARE_NAME = re.compile(r"[A-Za-z_][\w.]*")

# Hints the catalogue held before they were rewritten, with the rule that catches each.
FORMER_HINTS = [
    (
        "b is one number, so ∂L/∂b is one number: (2/m) Σᵢ (ŷᵢ − yᵢ), a sum over the batch.",
        "written-out sum",
    ),
    ("Each step is w ← w − η∇f(w): multiply by η exactly once.", "equation or assignment"),
    ("Loop exactly n_steps times: `for _ in range(n_steps)`.", "code span"),
    (
        "X has shape (m, d): one row per example. The mean runs over rows, so divide by "
        "X.shape[0].",
        "array attribute",
    ),
    ("W2 multiplies h = relu(z), so dW2 = h.T @ dout.", "matrix product"),
    (
        "A one-sided difference errs by order ε; the central difference "
        "(f(x + ε) − f(x − ε)) / 2ε cancels that term and errs only by order ε².",
        "bracketed fraction",
    ),
    (
        "Variances add, limits and standard deviations do not: the limit is "
        "a = √(6/(fan_in + fan_out)).",
        "root of an expression",
    ),
    (
        "Record the Python number loss.item().",
        "method call",
    ),
    (
        "w/|w| divides 0 by 0 for a weight that is exactly 0. Use np.sign, which gives 0 there.",
        "library call",
    ),
    (
        "Clamp the progress: min(t, warmup_steps)/warmup_steps, so the rate stays at η₀ "
        "afterwards.",
        "built-in call",
    ),
    ("The decay factor is (1 − ηλ), not (1 − λ).", "bracketed expression"),
    ("衰减因子是(1 − ηλ)，不是(1 − λ)。", "bracketed expression"),
    ("b也是参数：每一步都要执行b ← b − η ∂L/∂b。", "equation or assignment"),
    ("请使用np.sign，它在0处返回0。", "library call"),
    ("n_steps updates produce n_steps + 1 points, counting w0.", "arithmetic"),
    ("Use integer division t // step_size, so the rate stays flat between drops.", "arithmetic"),
    ("Nesterov steps by g + μv, not by v alone.", "arithmetic"),
    ("The exponent counts finished periods: ⌊t/step_size⌋, not t.", "floor"),
    ("Only Xᵀ r gives the (d,) vector that matches w.", "transpose product"),
    ("so that entry of the gradient must be negative: there ŷ − y < 0.", "comparison"),
    ("Epoch 0 is the start: evaluate val_loss(params) before training.", "code function call"),
    ("请使用one_hot(y_batch, k)。", "code function call"),
]


def mistake_hints() -> dict[str, dict[str, str]]:
    """``{"<function>.<mistake>": {"en": hint, "zh": hint}}`` for every catalogued mistake."""
    return {
        key[len("mistake.") : -len(".hint")]: texts
        for key, texts in catalogue().items()
        if key.startswith("mistake.") and key.endswith(".hint")
    }


@cache
def lesson_of_function() -> dict[str, str]:
    """Which lesson grades each function (the first part of a mistake's key)."""
    return {spec.answer_id: lesson for lesson in lessons.MODULES for spec in specs(lesson).values()}


@cache
def section_titles(lesson: str, lang: str) -> dict[int, str]:
    """``{number: title}`` of the numbered ``## N. Title`` sections of a lesson in one language."""
    source = read_source(CONTENT / f"{lesson}.md")
    titles: dict[int, str] = {}
    for cell in source.cells:
        if cell.cell_type == "markdown" and cell.metadata.get("lang") == lang:
            titles.update((int(n), title) for n, title in SECTION_HEADING.findall(cell.source))
    return titles


def lesson_by_number(number: int) -> str | None:
    """The lesson ``NN-topic`` with that number, or None if the course has none."""
    return next((lesson for lesson in lessons.MODULES if int(lesson[:2]) == number), None)


def answer_rules_broken(text: str) -> list[str]:
    """The names of the rules a hint breaks: each is a way of writing out the answer."""
    broken = [name for name, pattern in ANSWER_RULES.items() if pattern.search(text)]
    # Code in backticks may name what to look at (`self.lr`), never write code.
    if any(not BARE_NAME.fullmatch(span) for span in CODE_SPAN.findall(text)):
        broken.append("code span")
    return broken


def pointers(key: str, lang: str) -> list[tuple[str, int, str]]:
    """``(lesson, section, quoted title)`` for every section the hint of ``key`` points to."""
    own = lesson_of_function().get(key.split(".")[0])
    found = []
    for lesson_number, section, title in POINTER[lang].findall(mistake_hints()[key][lang]):
        lesson = lesson_by_number(int(lesson_number)) if lesson_number else own
        found.append((lesson, int(section), title))
    return found


HINT_KEYS = sorted(mistake_hints())


def test_there_are_hints_to_check():
    assert len(HINT_KEYS) > 150


@pytest.mark.parametrize("key", HINT_KEYS)
def test_hint_points_to_a_true_section_of_its_lesson(key):
    """Does the hint name a section, by the number and title the lesson's source gives it in
    that language, and do both languages point to the same sections?"""
    places = {}
    for lang in LANGUAGES:
        found = pointers(key, lang)
        assert found, f"{key} ({lang}): the hint points to no section"
        for lesson, section, title in found:
            assert lesson is not None, f"{key} ({lang}): name an existing lesson to point to"
            titles = section_titles(lesson, lang)
            assert section in titles, f"{key} ({lang}): {lesson} has no section {section}"
            assert title == titles[section], (
                f"{key} ({lang}): §{section} of {lesson} is “{titles[section]}”, not “{title}”"
            )
        places[lang] = [(lesson, section) for lesson, section, _ in found]
    assert places["en"] == places["zh"], key


@pytest.mark.parametrize("key", HINT_KEYS)
def test_hint_writes_no_corrected_expression(key):
    """Does the hint keep to the principle, without an equation, an assignment or code?"""
    for lang in LANGUAGES:
        broken = answer_rules_broken(mistake_hints()[key][lang])
        assert not broken, f"{key} ({lang}) spells out the answer: {', '.join(broken)}"


@pytest.mark.parametrize(("hint", "rule"), FORMER_HINTS, ids=[r for _, r in FORMER_HINTS])
def test_the_rules_catch_hints_that_gave_the_answer(hint, rule):
    """Would each rule have caught the former hint it was written for?"""
    assert rule in answer_rules_broken(hint)


@pytest.mark.parametrize(
    "hint",
    [
        "A mean over m examples carries 1/m, and so does its gradient.",
        "BP2 multiplies by the slope σ′(Z1), not by the value σ(Z1); σ′ can be written with A1.",
        "backward adds into .grad: without clearing it first, step t uses the sum so far.",
        "中心差分的两个点相距2ε：两点之间的斜率要除以这个距离。",
        "two_layer_backward要求形状为(m, k)的独热编码目标。",
        "区间(−a, a)上均匀分布的方差是a²/3，而不是a²。",
        "Here W has shape (n_in, n_out), so ∂C/∂W must have the shape of W; see `self.lr`.",
    ],
)
def test_the_rules_leave_a_teaching_hint_alone(hint):
    """Can a hint still name the lesson's symbols and shapes to say what to look at?"""
    assert answer_rules_broken(hint) == []


@pytest.mark.parametrize("key", HINT_KEYS)
def test_chinese_hint_is_typeset_as_chinese(key):
    """Full-width punctuation after Chinese text, and no space between Chinese and Latin."""
    text = mistake_hints()[key]["zh"]
    cjk = "\u4e00-\u9fff"
    assert not re.search(rf"[{cjk}][,;:!?]", text), f"{key}: half-width punctuation"
    assert not re.search(rf"[{cjk}] | [{cjk}]", text), f"{key}: space beside Chinese text"
