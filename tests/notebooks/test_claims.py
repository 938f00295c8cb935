"""Numbers the prose quotes from a computation agree with what the lesson's code computes.

An English prose cell lists its claims in an HTML comment, invisible in the notebook and on the
site, one per line: the number as the prose writes it, a colon, and a Python expression over the
lesson's variables::

    <!-- claims
    -0.003: path[-1, 0]
    >96: 100 * test_accuracy
    ~10^{-9}: gradient_ratio
    -->

The expression is evaluated once the code cells that follow the prose cell have run (the figure
the prose describes), in the namespace of the English solution notebook; an expression naming a
variable that the lesson defines only later (an introduction announcing a result) is evaluated at
the end. ``0.22`` holds when the value rounds to 0.22 (it lies within half a unit of the last
digit written); ``>x``/``<x`` when it lies beyond ``x``; ``~10^{k}`` when it is within half an
order of magnitude of it. Each number must appear in the English prose cell and in its Chinese
twin, so neither can change alone.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import nbformat
import pytest

from autograder.build.paths import CONTENT, lesson_sources
from autograder.build.source import SETUP_CELL, read_source

CLAIMS_BLOCK = re.compile(r"<!--\s*claims\s*\n(.*?)-->", re.S)
CLAIM_LINE = re.compile(r"^\s*(?P<op>[<>~]?)(?P<number>[^:\s]+)\s*:\s*(?P<expression>.+?)\s*$")
POWER_OF_TEN = re.compile(r"^10\^\{?(-?\d+)\}?$")


@dataclass(frozen=True)
class Claim:
    """One quoted number and the expression that must reproduce it."""

    op: str
    number: str
    expression: str

    @property
    def value(self) -> float:
        power = POWER_OF_TEN.match(self.number)
        if power:
            return 10.0 ** int(power.group(1))
        return float(self.number.replace("−", "-"))

    def holds(self, actual: float) -> bool:
        if self.op == ">":
            return actual > self.value
        if self.op == "<":
            return actual < self.value
        if self.op == "~":
            return abs(math.log10(abs(actual)) - math.log10(self.value)) <= 0.5
        decimals = len(self.number.partition(".")[2]) if "." in self.number else 0
        return abs(actual - self.value) <= 0.5 * 10.0**-decimals * (1 + 1e-9)

    def quoted_in(self, prose: str) -> bool:
        """Whether the prose writes the number (with a hyphen or a true minus sign)."""
        text = CLAIMS_BLOCK.sub("", prose).replace("−", "-")
        digits = re.escape(self.number.replace("−", "-"))
        return re.search(rf"(?<![\d.]){digits}(?![\d])", text) is not None


def claims_of(prose: str) -> list[Claim]:
    """The claims listed in a prose cell's ``<!-- claims … -->`` comment."""
    found = []
    for block in CLAIMS_BLOCK.findall(prose):
        for line in block.strip().splitlines():
            match = CLAIM_LINE.match(line)
            if match is None:
                raise ValueError(f"a claim is `number: expression`, not {line!r}")
            found.append(Claim(**match.groupdict()))
    return found


def lessons_with_claims() -> list[Path]:
    return [path for path in lesson_sources(CONTENT) if "<!-- claims" in path.read_text("utf-8")]


def checked_claims(path: Path) -> list[str]:
    """Run the lesson's code and return the claims that do not hold, one line each."""
    import matplotlib.pyplot as plt

    matplotlib.use("Agg")
    cells = read_source(path).cells
    namespace: dict = {"__name__": "__main__"}
    problems: list[str] = []
    pending: list[tuple[int, Claim]] = []

    def settle(at_end: bool) -> None:
        waiting = []
        for index, claim in pending:
            try:
                actual = float(eval(claim.expression, namespace))
            except Exception as error:
                if isinstance(error, NameError) and not at_end:
                    waiting.append((index, claim))  # a result the lesson computes later
                    continue
                problems.append(f"cell {index + 1}: {claim.expression} fails: {error!r}")
                continue
            if not claim.holds(actual):
                problems.append(
                    f"cell {index + 1}: the prose says {claim.op}{claim.number}, "
                    f"{claim.expression} = {actual:.6g}"
                )
        pending[:] = waiting

    show, plt.show = plt.show, lambda *args, **kwargs: plt.close("all")
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(SETUP_CELL.format(lang="en"), namespace)
            for index, cell in enumerate(cells):
                if cell.cell_type == "code":
                    exec(compile(cell.source, f"{path.name}, cell {index + 1}", "exec"), namespace)
                    continue
                if cell.metadata.get("lang") != "en":
                    continue
                settle(at_end=False)
                claims = claims_of(cell.source)
                twin = cells[index + 1].source
                for claim in claims:
                    for lang, prose in (("en", cell.source), ("zh", twin)):
                        if not claim.quoted_in(prose):
                            problems.append(
                                f"cell {index + 1}: {claim.number} not in the {lang} prose"
                            )
                pending.extend((index, claim) for claim in claims)
            settle(at_end=True)
    finally:
        plt.show = show
        plt.close("all")
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("path", lessons_with_claims(), ids=lambda path: path.stem)
def test_quoted_numbers_match_the_lessons_code(path):
    """Does every number a lesson's prose quotes from a computation still come out of it?"""
    problems = checked_claims(path)
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_claim_syntax():
    """Numbers, bounds and orders of magnitude parse, and rounding decides equality."""
    prose = (
        "It falls to $-0.003$ in 40 steps, above 96%, to $10^{-9}$.\n"
        "<!-- claims\n-0.003: a\n>96: b\n~10^{-9}: c\n40: d\n-->"
    )
    rounded, above, order, steps = claims_of(prose)
    assert rounded.holds(-0.0032) and not rounded.holds(-0.0036)
    assert above.holds(96.3) and not above.holds(95.9)
    assert order.holds(6.9e-10) and not order.holds(6.9e-11)
    assert steps.holds(40) and not steps.holds(41)
    assert all(claim.quoted_in(prose) for claim in (rounded, above, order, steps))
    assert not rounded.quoted_in("It falls to $-0.0031$.")
    assert not steps.quoted_in("in 400 steps")


def test_a_malformed_claim_is_named():
    with pytest.raises(ValueError, match="number: expression"):
        claims_of("<!-- claims\nabout 0.2\n-->")


def test_a_wrong_number_is_caught(tmp_path, monkeypatch):
    """Would a claim that the code contradicts, or a number missing from the Chinese, fail?"""
    source = tmp_path / "01-demo.md"
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "x is 0.25 and y is 3.\n<!-- claims\n0.25: x\n3: y\n-->", metadata={"lang": "en"}
            ),
            nbformat.v4.new_markdown_cell("x为0.25。", metadata={"lang": "zh"}),
            nbformat.v4.new_code_cell("x, y = 1 / 3, 3"),
        ]
    )
    import jupytext

    jupytext.write(nb, source, fmt="md:myst")
    problems = checked_claims(source)
    assert problems == [
        "cell 1: 3 not in the zh prose",
        "cell 1: the prose says 0.25, x = 0.333333",
    ]
