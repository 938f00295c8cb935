"""Code cells are shared by both languages, so the Chinese notebooks hold no English prose in them.

Whatever a code cell would explain in words (a docstring, a comment, a printed sentence) belongs
in the prose cells of each language or in the catalogue (``t("label.…")``); the answer stubs are
localized by the release. Identifiers, catalogue keys, formulas and short labels such as
``"tanh, Xavier"`` are code, not prose: a run of three English words is.
"""

from __future__ import annotations

import io
import re
import tokenize

import nbformat
import pytest

from autograder.build.paths import CONTENT, LESSONS, SOLUTIONS, lesson_name, lesson_sources

LESSON_NAMES = [lesson_name(p) for p in lesson_sources(CONTENT)]
NBGRADER_MARKER = re.compile(r"^#+\s*(BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
WORD = re.compile(r"^[A-Za-z]{2,}[,.;:!?)]?$")
# Python 3.12 splits an f-string into tokens; its literal text is FSTRING_MIDDLE.
TEXT_TOKENS = {tokenize.COMMENT, tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", -1)}


def is_english_prose(text: str) -> bool:
    """Whether ``text`` holds three English words in a row and no Chinese."""
    if CJK.search(text):
        return False
    run = 0
    for token in re.sub(r"[\"'`(]", " ", text).split():
        run = run + 1 if WORD.match(token) else 0
        if run == 3:
            return True
    return False


def english_prose(code: str) -> list[str]:
    """The comments and string literals of ``code`` that are English prose."""
    # IPython magics and shell escapes are not Python; blank them so that the rest tokenizes.
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines()]
    found = []
    for token in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
        if token.type not in TEXT_TOKENS or NBGRADER_MARKER.match(token.string):
            continue
        if is_english_prose(token.string):
            found.append(token.string)
    return found


@pytest.mark.parametrize("folder", [SOLUTIONS, LESSONS], ids=["solutions", "lessons"])
@pytest.mark.parametrize("lesson", LESSON_NAMES)
def test_chinese_notebooks_hold_no_english_prose_in_code(folder, lesson):
    """Does a Chinese reader meet only code in the code cells, not English sentences?"""
    nb = nbformat.read(folder / "zh" / f"{lesson}.ipynb", as_version=4)
    found = [
        f"cell {index}: {text}"
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for text in english_prose(cell.source)
    ]
    assert not found, "English prose in a shared code cell:\n" + "\n".join(found)


def test_english_prose_in_code_is_found():
    """Docstrings, comments and printed sentences are caught; code and labels are not."""
    code = '''
def f(x):
    """Return twice the input."""
    # scale it by two
    print("the loss went up")
    return 2 * x  # BP4


### BEGIN SOLUTION
y = t("label.backprop.cross_entropy", loss=f(1.0))
### END SOLUTION
name = "tanh, Xavier"
formula = r"$\\delta^1 = (\\delta^2 (W^2)^\\top) \\odot \\sigma'(z^1)$"
text = f"f(w_0) = {f(0):.3f}"
# 在此处编写你的代码
%matplotlib inline
'''
    assert english_prose(code) == [
        '"""Return twice the input."""',
        "# scale it by two",
        '"the loss went up"',
    ]
    assert english_prose("# YOUR CODE HERE\nraise NotImplementedError()") == ["# YOUR CODE HERE"]
