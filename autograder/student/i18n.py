"""The bilingual message catalogue: every text a learner may read outside the lesson prose."""

from __future__ import annotations

import string
import tomllib
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("en", "zh")
# The catalogue's files: what learners read, then the instructor's command line (which a
# student image leaves out; a missing file is skipped).
CATALOGUE_FILES = ("catalogue.toml", "instructor.toml")
_current = {"lang": "en"}


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """All entries as ``{key: {"en": text, "zh": text}}``; keys are dotted paths."""
    flat: dict[str, dict[str, str]] = {}

    def walk(node: dict[str, Any], prefix: str) -> None:
        if set(node) & set(LANGUAGES):
            flat[prefix] = node
            return
        for key, value in node.items():
            walk(value, f"{prefix}.{key}" if prefix else key)

    for name in CATALOGUE_FILES:
        source = resources.files(__package__).joinpath(name)
        if source.is_file():
            walk(tomllib.loads(source.read_text("utf-8")), "")
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
