"""TERMINOLOGY.md is the glossary: Chinese prose uses its term wherever the English twin does."""

import itertools
import re

import nbformat

from autograder.build.paths import CONTENT, ROOT, lesson_sources
from autograder.build.source import read_source


def glossary(core_only: bool = True) -> dict[str, str]:
    rows = re.findall(
        r"^\| ([^|]+?) \| ([^|]+?) \| (core)? ?\|$",
        (ROOT / "TERMINOLOGY.md").read_text("utf-8"),
        re.M,
    )
    return {en: zh for en, zh, core in rows if core or not core_only}


def english_uses(term: str, text: str) -> bool:
    """Whether ``text`` uses ``term`` on its own, not only inside a longer glossary term
    (the "bias" of "bias correction" is not the network's bias)."""
    for longer in glossary(core_only=False):
        if longer != term and re.search(rf"\b{re.escape(term)}\b", longer, re.I):
            text = re.sub(rf"\b{re.escape(longer)}(e?s)?\b", " ", text, flags=re.I)
    return re.search(rf"\b{re.escape(term)}(e?s)?\b", text, re.I) is not None


def test_glossary_parses():
    terms = glossary()
    assert terms["gradient descent"] == "梯度下降"
    assert terms["epoch"] == "迭代周期"
    assert len(terms) >= 30


def missing_terms(cells, where: str) -> list[str]:
    """Core terms an English prose cell uses that its Chinese twin does not."""
    problems = []
    for en, zh in itertools.pairwise(cells):
        if en.metadata.get("lang") != "en":
            continue
        for term, chinese in glossary().items():
            if english_uses(term, en.source) and chinese not in zh.source:
                problems.append(f"{where}: '{term}' without '{chinese}' in: {zh.source[:60]}…")
    return problems


def test_chinese_prose_uses_the_glossary_term():
    """Wherever an English prose cell uses a core term, does its Chinese twin use the glossary's?"""
    problems = []
    for path in lesson_sources(CONTENT):
        problems += missing_terms(read_source(path).cells, path.name)
    assert not problems, "\n".join(problems)


def test_longer_terms_are_checked_on_their_own():
    """Does "bias correction" ask for 偏差修正 and not for the network's 偏置?"""
    assert not english_uses("bias", "Adam applies a bias correction.")
    assert english_uses("bias correction", "Adam applies a bias correction.")
    assert english_uses("bias", "the bias b and the bias correction")


def test_checker_notices_a_missing_term():
    """Would a Chinese twin that says 步长 for "learning rate" be caught?"""
    en = nbformat.v4.new_markdown_cell("The learning rate decides.", metadata={"lang": "en"})
    zh = nbformat.v4.new_markdown_cell("步长决定成败。", metadata={"lang": "zh"})
    assert missing_terms([en, zh], "fixture") == [
        "fixture: 'learning rate' without '学习率' in: 步长决定成败。…"
    ]
