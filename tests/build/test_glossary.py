"""TERMINOLOGY.md is the glossary: Chinese prose uses its term wherever the English twin does,
and glosses a core term with its English name at its first use in the course, and only there."""

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


def glossed(term: str, chinese: str) -> re.Pattern[str]:
    """梯度（gradient）, **梯度下降**（gradient descent）, 小批量（mini-batches，…）."""
    return re.compile(rf"{re.escape(chinese)}(\*\*)?（{re.escape(term)}", re.I)


def prose_pairs(sources) -> list[tuple[str, str, str]]:
    """(where, English, Chinese) for every prose pair of the course, in course order."""
    pairs = []
    for path in sources:
        cells = read_source(path).cells
        for index, (en, zh) in enumerate(itertools.pairwise(cells)):
            if en.metadata.get("lang") == "en":
                pairs.append((f"{path.name}, cell {index + 1}", en.source, zh.source))
    return pairs


def gloss_problems(pairs) -> list[str]:
    """Core terms not glossed at their first use; any term glossed a second time.

    A term's first use is the first prose pair whose English uses it or whose Chinese glosses it.
    """
    core = glossary()
    problems = []
    for row, chinese in glossary(core_only=False).items():
        term = re.sub(r"\s*\(.*\)$", "", row)  # "node (of a graph)" is glossed 节点（node）
        if chinese == term or "/" in term or "," in term:
            continue  # nothing to gloss, or not one term the prose writes as such
        pattern = glossed(term, chinese)
        first = None
        for where, en, zh in pairs:
            glosses = len(pattern.findall(zh))
            if first is None and (glosses or (term in core and english_uses(term, en))):
                first = where
                if not glosses:
                    problems.append(f"{where}: first use of '{term}' without '{chinese}（{term}）'")
                glosses -= 1
            if glosses > 0:
                problems.append(f"{where}: '{chinese}（{term}）' again, after {first}")
    return problems


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


def test_terms_are_glossed_once_at_first_use():
    """Is each core term glossed where the course first uses it, and is no term glossed twice?"""
    problems = gloss_problems(prose_pairs(lesson_sources(CONTENT)))
    assert not problems, "\n".join(problems)


def test_gloss_checker_notices_a_late_and_a_repeated_gloss():
    pairs = [
        ("a", "The learning rate decides.", "学习率决定成败。"),
        ("b", "The learning rate again.", "学习率（learning rate）又出现了。"),
        ("c", "The gradient.", "梯度（gradient）。"),
        ("d", "The gradient again.", "**梯度**（gradients）又出现了。"),
    ]
    assert sorted(gloss_problems(pairs)) == [
        "a: first use of 'learning rate' without '学习率（learning rate）'",
        "b: '学习率（learning rate）' again, after a",
        "d: '梯度（gradient）' again, after c",
    ]


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
