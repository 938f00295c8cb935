"""Catalogued student mistakes, each a small mutant of the reference implementation.

A mutant is registered with :func:`mistake` under the graded function it imitates and a
mistake id; its name and hint live in the message catalogue under
``mistake.<function>.<id>``. The hidden tests compare a submission with every mutant to
name the mistake; the test suite feeds every mutant through the hidden tests.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from autograder import lessons


@dataclass(frozen=True)
class Mistake:
    function: str
    id: str
    mutant: Callable[..., Any]
    # A catalogue key under ``mistake.`` for mistakes shared by every function (such as
    # changing an input in place), which the hidden tests detect directly.
    diagnosed_as: str | None = None

    @property
    def catalogue_key(self) -> str:
        return f"mistake.{self.diagnosed_as or f'{self.function}.{self.id}'}"

    def source_as(self, name: str) -> str:
        """The mutant's source with its ``def`` or ``class`` renamed to ``name``, as a student
        would write it."""
        src = textwrap.dedent(inspect.getsource(self.mutant))
        src = re.sub(r"^@mistake\(.*\)\n", "", src, flags=re.M)
        return re.sub(r"^(def|class) \w+", rf"\1 {name}", src, count=1, flags=re.M)


# Graded function (or class) name -> its mistakes; names are unique across the course.
REGISTRY: dict[str, list[Mistake]] = {}


def mistake(function: str, mistake_id: str, *, diagnosed_as: str | None = None):
    """Register the decorated function as the mutant for ``function``'s ``mistake_id``."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        REGISTRY.setdefault(function, []).append(Mistake(function, mistake_id, fn, diagnosed_as))
        return fn

    return register


def mistakes_for(function: str) -> list[Mistake]:
    """Every catalogued mistake of one graded function, in catalogue order."""
    _load()
    return REGISTRY.get(function, [])


def all_mistakes() -> list[Mistake]:
    _load()
    return [m for group in REGISTRY.values() for m in group]


def _load() -> None:
    """Import every lesson's module of mutants; each registers its mutants when imported."""
    for lesson in lessons.MODULES:
        lessons.module("mistakes", lesson)
