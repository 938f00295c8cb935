"""Catalogued student mistakes, each the reference implementation with one slip.

Each lesson's module registers its mistakes with :func:`register`, per graded function:
mostly as a *slip*, a small diff of the reference (see :mod:`autograder.mistakes.slip`)
rendered into a whole answer; a mistake that is no small change of the reference (another
algorithm, say) is written out whole as a function. A mistake's name and hint live in the
message catalogue under ``mistake.<function>.<id>``. The hidden tests compare a submission
with every mutant to name the mistake; the test suite feeds every mutant through the hidden
tests.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

from autograder import lessons
from autograder.hidden import notebook_namespace, specs
from autograder.mistakes.slip import SlipError, define, slipped


@dataclass(frozen=True)
class Slip:
    """A slip (a diff of the reference) with the catalogue key under ``mistake.`` of a mistake
    shared by every function (such as changing an input in place), which the hidden tests
    detect directly."""

    diff: str
    diagnosed_as: str | None = None


@dataclass(frozen=True)
class Mistake:
    function: str
    id: str
    # The diff of the reference that makes this mistake; None for one written out whole.
    slip: str | None
    diagnosed_as: str | None
    # Renders (source, mutant) when first needed: grading one function renders its own only.
    render: Callable[[], tuple[str, Any]] = field(repr=False, compare=False)

    @property
    def catalogue_key(self) -> str:
        return f"mistake.{self.diagnosed_as or f'{self.function}.{self.id}'}"

    @property
    def source(self) -> str:
        """The whole answer as a student would write it, ``def``/``class`` named as the
        reference (or, written out whole, as its mutant)."""
        return self._rendered[0]

    @property
    def mutant(self) -> Callable[..., Any]:
        """What the answer defines: the function or class graded in its place."""
        return self._rendered[1]

    @cached_property
    def _rendered(self) -> tuple[str, Any]:
        return self.render()

    def source_as(self, name: str) -> str:
        """The answer with its ``def`` or ``class`` renamed to ``name``, as a student wrote it."""
        defines = self.mutant.__name__
        return re.sub(rf"^(def|class) {defines}\b", rf"\1 {name}", self.source, flags=re.M)


# Graded function (or class) name -> its mistakes; names are unique across the course.
REGISTRY: dict[str, list[Mistake]] = {}


def register(
    function: str,
    **mistakes: str | Slip | Callable[..., Any],
) -> None:
    """Register the mistakes of graded ``function``, in order: each id maps to a slip (a diff,
    or a :class:`Slip`) or to a mutant written out whole."""
    for mistake_id, entry in mistakes.items():
        if callable(entry):
            mistake = _written_out(function, mistake_id, entry)
        else:
            slip = entry if isinstance(entry, Slip) else Slip(entry)
            mistake = _slipped(function, mistake_id, slip)
        REGISTRY.setdefault(function, []).append(mistake)


def _slipped(function: str, mistake_id: str, slip: Slip) -> Mistake:
    # ``function`` is an answer cell's grade id, which may be graded as several items.
    (lesson,) = [
        lesson
        for lesson in lessons.MODULES
        if any(spec.answer_id == function for spec in specs(lesson).values())
    ]
    (name,) = {spec.python_name for spec in specs(lesson).values() if spec.answer_id == function}
    given = notebook_namespace(lesson)
    graded = {spec.python_name for spec in specs(lesson).values()} - {name}
    reference = lessons.module("reference", lesson)
    try:
        source = slipped(reference, name, slip.diff, given)
    except SlipError as error:  # a slip that no longer fits stops every import, naming itself
        raise SlipError(f"mistake {function}.{mistake_id}: {error}") from error
    answer = partial(define, reference, name, source, given, graded)
    return Mistake(function, mistake_id, slip.diff, slip.diagnosed_as, answer)


def _written_out(function: str, mistake_id: str, mutant: Callable[..., Any]) -> Mistake:
    def answer() -> tuple[str, Any]:
        return textwrap.dedent(inspect.getsource(mutant)), mutant

    return Mistake(function, mistake_id, None, None, answer)


def mistakes_for(function: str) -> list[Mistake]:
    """Every catalogued mistake of one graded function, in catalogue order."""
    _load()
    return REGISTRY.get(function, [])


def find(function: str, mistake_id: str) -> Mistake:
    """The catalogued mistake ``mistake_id`` of graded ``function``."""
    (found,) = [m for m in mistakes_for(function) if m.id == mistake_id]
    return found


def all_mistakes() -> list[Mistake]:
    _load()
    return [m for group in REGISTRY.values() for m in group]


def _load() -> None:
    """Import every lesson's module of mistakes; each registers its mistakes when imported."""
    for lesson in lessons.MODULES:
        lessons.module("mistakes", lesson)
