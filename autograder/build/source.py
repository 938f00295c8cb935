"""Read a bilingual lesson source and produce the notebook of one language.

Source conventions (jupytext MyST markdown):

- a prose cell carries ``{"lang": "en"}`` or ``{"lang": "zh"}``; the two variants of a
  passage stand side by side, English first;
- code cells are shared by both languages; a comment that explains the code in words is
  written once per language, as whole comment lines ``# en: …`` immediately followed by
  ``# zh: …`` at the same indentation: each notebook keeps its own language's lines, as plain
  ``# …`` comments, and drops the other's (an unmarked comment stays in both);
- an answer cell has the options ``:grade_id: <snake_case>`` and ``:kind: solution`` and
  holds ``### BEGIN SOLUTION`` / ``### END SOLUTION``;
- a test cell has ``:grade_id: <snake_case>`` and ``:points: <n>``; it may hold
  ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS``.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
from nbformat import NotebookNode

from autograder.student.i18n import LANGUAGES

GRADE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
HEADING = re.compile(r"^(#+) ", re.M)
SETUP_CELL = 'from autograder.student import setup_lesson\n\nsetup_lesson("{lang}")'
SCHEMA_VERSION = 3
# A whole-line comment written for one language: indentation, then ``# en: `` or ``# zh: ``.
LANG_COMMENT = re.compile(
    rf"^(?P<indent>[ \t]*)# (?P<lang>{'|'.join(LANGUAGES)}):(?: (?P<text>.*))?$"
)


class LessonSourceError(ValueError):
    """The lesson source breaks a convention; the message names the cell and the rule."""


def read_source(path: Path) -> NotebookNode:
    """Parse a lesson source and check its conventions."""
    nb = jupytext.read(path)
    validate(nb, path.name)
    return nb


def validate(nb: NotebookNode, where: str) -> None:
    """Raise :class:`LessonSourceError` unless the source follows the conventions above."""
    seen: set[str] = set()
    cells = nb.cells
    for index, cell in enumerate(cells):
        lang = cell.metadata.get("lang")
        if lang is not None and lang not in LANGUAGES:
            raise LessonSourceError(f"{where}, cell {index + 1}: unknown lang {lang!r}")
    for index, cell in enumerate(cells):
        place = f"{where}, cell {index + 1}"
        lang = cell.metadata.get("lang")
        if lang == "en":
            partner = cells[index + 1] if index + 1 < len(cells) else None
            if partner is None or partner.metadata.get("lang") != "zh":
                raise LessonSourceError(f"{place}: an English prose cell needs its zh twin next")
            _check_twins(cell.source, partner.source, place)
        if lang == "zh" and (index == 0 or cells[index - 1].metadata.get("lang") != "en"):
            raise LessonSourceError(f"{place}: a Chinese prose cell must follow its English twin")
        if cell.cell_type == "code":
            _check_comment_twins(cell.source, place)
        grade_id = cell.metadata.get("grade_id")
        if grade_id is None:
            if "BEGIN SOLUTION" in cell.source or "BEGIN HIDDEN TESTS" in cell.source:
                raise LessonSourceError(f"{place}: solution or hidden tests outside a graded cell")
            continue
        if not GRADE_ID.match(grade_id) or grade_id in seen:
            raise LessonSourceError(f"{place}: grade_id {grade_id!r} must be unique snake_case")
        seen.add(grade_id)
        is_solution = cell.metadata.get("kind") == "solution"
        if is_solution == ("points" in cell.metadata):
            raise LessonSourceError(
                f"{place}: a graded cell has `kind: solution` or points, not both"
            )
        if is_solution and "### BEGIN SOLUTION" not in cell.source:
            raise LessonSourceError(f"{place}: answer cell without ### BEGIN SOLUTION")


def _check_twins(en: str, zh: str, place: str) -> None:
    """The two variants of a passage share their headings' levels and their display formulas."""
    if HEADING.findall(en) != HEADING.findall(zh):
        raise LessonSourceError(f"{place}: en and zh headings differ in number or level")
    if DISPLAY_MATH.findall(en) != DISPLAY_MATH.findall(zh):
        raise LessonSourceError(f"{place}: en and zh display formulas ($$…$$) differ")


def _check_comment_twins(code: str, place: str) -> None:
    """Language-marked comment lines come as a run of ``# en:`` lines directly followed by a run
    of ``# zh:`` lines at the same indentation, neither of them empty."""
    runs: list[tuple[int, str, str, list[str]]] = []  # (first line, indent, lang, texts)
    for number, line in enumerate(code.splitlines()):
        match = LANG_COMMENT.match(line)
        if match is None:
            continue
        indent, lang, text = match["indent"], match["lang"], match["text"] or ""
        last = runs[-1] if runs else None
        if last and last[1:3] == (indent, lang) and last[0] + len(last[3]) == number:
            last[3].append(text)
        else:
            runs.append((number, indent, lang, [text]))
    first, second = LANGUAGES
    twins = set()
    for index, (number, indent, lang, texts) in enumerate(runs):
        if not any(text.strip() for text in texts):
            raise LessonSourceError(f"{place}: an empty `# {lang}:` comment")
        after = runs[index + 1][:3] if index + 1 < len(runs) else None
        if lang == first:
            if after != (number + len(texts), indent, second):
                raise LessonSourceError(
                    f"{place}: a `# {first}:` comment needs its `# {second}:` twin on the next line"
                )
            twins.add(index + 1)
        elif index not in twins:
            raise LessonSourceError(
                f"{place}: a `# {second}:` comment must follow its `# {first}:` twin"
            )


def localized_code(code: str, lang: str) -> str:
    """``code`` with the comment lines marked for ``lang`` unmarked and those marked for any
    other language removed; every other line is kept as it is."""
    lines = []
    for line in code.split("\n"):
        match = LANG_COMMENT.match(line)
        if match is None:
            lines.append(line)
        elif match["lang"] == lang:
            text = match["text"] or ""
            lines.append(f"{match['indent']}# {text}" if text else f"{match['indent']}#")
    return "\n".join(lines)


def for_language(source: NotebookNode, lesson: str, lang: str) -> NotebookNode:
    """The solution notebook of one language: its prose, the shared code, nbgrader metadata."""
    setup = nbformat.v4.new_code_cell(SETUP_CELL.format(lang=lang))
    setup.metadata["nbgrader"] = _nbgrader_metadata("setup", kind=None, points=None)
    cells = [setup]
    for cell in source.cells:
        if cell.metadata.get("lang", lang) != lang:
            continue
        cells.append(_converted(cell, lang))
    for index, cell in enumerate(cells):
        cell.id = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell-{index:03d}"
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        "language_info": {"name": "python"},
        "backprop": {"lesson": lesson, "lang": lang},
    }
    nbformat.validate(nb)
    return nb


def _converted(cell: NotebookNode, lang: str) -> NotebookNode:
    """A copy of ``cell`` in ``lang`` whose source options became nbgrader metadata."""
    meta = dict(cell.metadata)
    meta.pop("lang", None)
    grade_id = meta.pop("grade_id", None)
    kind = meta.pop("kind", None)
    points = meta.pop("points", None)
    if cell.cell_type == "markdown":
        new = nbformat.v4.new_markdown_cell(cell.source, metadata=meta)
    else:
        new = nbformat.v4.new_code_cell(localized_code(cell.source, lang), metadata=meta)
    if grade_id is not None:
        new.metadata["nbgrader"] = _nbgrader_metadata(grade_id, kind, points)
    return new


def _nbgrader_metadata(grade_id: str, kind: str | None, points: int | None) -> dict:
    solution = kind == "solution"
    meta = {
        "grade": points is not None,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return meta
