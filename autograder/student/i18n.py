"""The bilingual message catalogue: every text a learner may read outside the lesson prose."""

from __future__ import annotations

import string
import tomllib
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

LANGUAGES = ("en", "zh")
# The catalogue's files, in this order: what learners read (``catalogue/common.toml`` and one
# file per lesson, ``catalogue/<module>.toml``); the instructor's command line
# (``instructor.toml``, which a student image leaves out); and the grader-only texts beside this
# package (``autograder/catalogue/*.toml``: mistakes, grading messages, the feedback page, the
# class report), which neither a student image nor the sandbox holds. What is missing, or may
# not be read, is skipped.
STUDENT_CATALOGUE = "catalogue"
INSTRUCTOR_FILE = "instructor.toml"
GRADER_CATALOGUE = "catalogue"
_current = {"lang": "en"}


def catalogue_files() -> list[Traversable]:
    """Every file of the catalogue there is here, in reading order."""
    student = resources.files(__package__)
    grader = resources.files(__package__.rpartition(".")[0]).joinpath(GRADER_CATALOGUE)
    return [
        *_toml_files(student.joinpath(STUDENT_CATALOGUE)),
        *[path for path in [student.joinpath(INSTRUCTOR_FILE)] if path.is_file()],
        *_toml_files(grader),
    ]


def _toml_files(folder: Traversable) -> list[Traversable]:
    try:
        return sorted(
            (path for path in folder.iterdir() if path.name.endswith(".toml")),
            key=lambda path: path.name,
        )
    except OSError:  # no such folder here (a student image, the sandbox), or not ours to read
        return []


def entries(text: str) -> dict[str, dict[str, str]]:
    """The entries of one catalogue file's TOML ``text``, ``{key: {"en": …, "zh": …}}``."""
    flat: dict[str, dict[str, str]] = {}

    def walk(node: dict[str, Any], prefix: str) -> None:
        if set(node) & set(LANGUAGES):
            flat[prefix] = node
            return
        for key, value in node.items():
            walk(value, f"{prefix}.{key}" if prefix else key)

    walk(tomllib.loads(text), "")
    return flat


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """All entries as ``{key: {"en": text, "zh": text}}``; keys are dotted paths."""
    flat: dict[str, dict[str, str]] = {}
    for source in catalogue_files():
        flat.update(entries(source.read_text("utf-8")))
    return flat


def set_language(lang: str) -> None:
    """Choose the language of every message, label and feedback line from now on."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {lang!r}")
    _current["lang"] = lang


def get_language() -> str:
    return _current["lang"]


def t(key: str, lang: str | None = None, **fields: Any) -> str:
    """The catalogue text for ``key`` in the current (or given) language, with fields filled."""
    entry = catalogue()[key]
    return entry[lang or _current["lang"]].format(**fields)


def placeholders(text: str) -> set[str]:
    """The ``{field}`` names a catalogue text expects."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
