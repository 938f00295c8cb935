"""The pages of one language's site: lesson notebooks made readable, an index, a glossary."""

from __future__ import annotations

import copy
import re
from pathlib import Path

from nbformat import NotebookNode

from autograder.student.i18n import t

SOLUTION_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.M)
HIDDEN_TESTS = re.compile(r"[ \t]*### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS[ \t]*\n?", re.S)
TABLE_ROW = re.compile(r"^\|(.+)\|\s*$")


def for_site(nb: NotebookNode, lang: str) -> NotebookNode:
    """An executed solution notebook as a self-learner reads it on the site.

    Answers are folded ("try first, then reveal"); the hidden tests' lines are left out of the
    test cells (only the grader needs them; their output, a pass line, stays).
    """
    page = copy.deepcopy(nb)
    for cell in page.cells:
        if cell.cell_type != "code":
            continue
        grading = cell.metadata.get("nbgrader", {})
        if grading.get("grade_id") == "setup":
            # It only sets the language and plot style; on a page it would stand above the title.
            cell.metadata.setdefault("tags", []).append("remove-cell")
        elif grading.get("solution"):
            tags = cell.metadata.setdefault("tags", [])
            tags.append("hide-input")
            cell.metadata["mystnb"] = {
                "code_prompt_show": t("site.solution_show", lang),
                "code_prompt_hide": t("site.solution_hide", lang),
            }
        cell.source = HIDDEN_TESTS.sub("", cell.source).lstrip("\n")
        cell.source = SOLUTION_MARKERS.sub("", cell.source)
    return page


def index_page(lang: str, lessons: list[str]) -> str:
    """The language's home page: title, introduction and the table of contents."""
    entries = "\n".join([*lessons, "glossary"])
    return (
        f"# {t('site.title', lang)}\n\n"
        f"{t('site.intro', lang)}\n\n"
        f"```{{toctree}}\n:maxdepth: 2\n:caption: {t('site.lessons', lang)}\n\n{entries}\n```\n"
    )


def glossary_terms(terminology: Path) -> list[tuple[str, str]]:
    """(English, Chinese) pairs of the glossary table in ``TERMINOLOGY.md``."""
    pairs = []
    for line in terminology.read_text("utf-8").splitlines():
        match = TABLE_ROW.match(line.strip())
        if not match:
            continue
        cells = [c.strip() for c in match.group(1).split("|")]
        if len(cells) < 2 or set(cells[0]) <= set("-: ") or cells[0] == "English":
            continue
        pairs.append((cells[0], cells[1]))
    return pairs


def glossary_page(lang: str, terms: list[tuple[str, str]]) -> str:
    """The glossary, the reader's language in the first column."""
    rows = [(zh, en) if lang == "zh" else (en, zh) for en, zh in terms]
    first, second = t("site.glossary_first", lang), t("site.glossary_second", lang)
    table = "\n".join(f"| {a} | {b} |" for a, b in rows)
    return (
        f"# {t('site.glossary_title', lang)}\n\n{t('site.glossary_intro', lang)}\n\n"
        f"| {first} | {second} |\n|---|---|\n{table}\n"
    )
