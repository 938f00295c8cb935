"""How one graded item is graded: its reference, its hidden cases, the names of its outputs,
and the agreement required. Plain data: each lesson's ``SPECS`` (:mod:`autograder.hidden`)
is made of these, and :mod:`autograder.grading` judges a submission by them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

RTOL = 1e-7
ATOL = 1e-10


@dataclass(frozen=True)
class Spec:
    """How to grade one function: its reference, its hidden cases, the names of its outputs."""

    name: str
    reference: Callable[..., Any]
    cases: Callable[[], Sequence[tuple[Any, ...]]]
    outputs: tuple[str, ...]
    # Names in the submission's globals swapped for the reference during grading, so that
    # a mistake in one graded function does not cost the points of another that calls it;
    # ``Owner.method`` stands in for one static method of a class (``Linear.forward``).
    helpers: dict[str, Callable[..., Any]] = field(default_factory=dict)
    # Turns what is graded (a function, or a class such as an autodiff node) into the
    # function that the cases call; the reference and every mutant go through it too.
    adapt: Callable[[Any], Callable[..., Any]] = field(default=lambda graded: graded)
    # The name the answer cell defines, when it is not the grade id (a class ``Value``
    # graded as ``value_add``).
    defines: str = ""
    # The grade id of the answer cell, when one cell answers several graded items (the class
    # ``Value``, graded operation by operation). Its mistakes are registered under that id.
    answer: str = ""
    # How messages name the item, when not by ``python_name`` (``Value.relu``).
    title: str = ""
    # Agreement required with the reference (and with a mutant, to name it).
    rtol: float = RTOL
    atol: float = ATOL

    @property
    def python_name(self) -> str:
        return self.defines or self.name

    @property
    def shown_name(self) -> str:
        return self.title or self.python_name

    @property
    def answer_id(self) -> str:
        """The grade id of the answer cell this item grades."""
        return self.answer or self.name
