"""Every generated notebook runs top to bottom as a self-learner or a student would run it."""

import time

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.build.paths import LESSONS, SOLUTIONS
from autograder.site.executions import store

SOLUTION_NOTEBOOKS = sorted(SOLUTIONS.glob("*/*.ipynb"))
LESSON_NOTEBOOKS = sorted(LESSONS.glob("*/*.ipynb"))
NOT_IMPLEMENTED = {"en": "is not implemented yet", "zh": "尚未实现"}


def run(path, tmp_path, allow_errors=False):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    started = time.perf_counter()
    client.execute()
    return nb, time.perf_counter() - started


def streams(nb, name):
    return [
        out.text
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if out.output_type == "stream" and out.name == name
    ]


@pytest.mark.slow
@pytest.mark.parametrize("path", SOLUTION_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_solution_notebook_runs_clean(path, tmp_path):
    """Does the solution run without error or stderr output, passing every check in its language?"""
    nb, seconds = run(path, tmp_path)
    lang = nb.metadata["backprop"]["lang"]
    assert streams(nb, "stderr") == []  # a missing glyph or a warning would show here
    out = "".join(streams(nb, "stdout"))
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert out.count("✓") == 2 * len(graded)  # one hidden and one public line per graded cell
    assert ("通过" in out) == (lang == "zh")
    assert ("passed" in out) == (lang == "en")
    figures = sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    assert figures >= 4
    print(f"{path.relative_to(SOLUTIONS.parent)}: {seconds:.1f} s")
    store(nbformat.read(path, as_version=4), nb)  # the site build (tests/web) reuses this run


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSON_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fresh_lesson_says_what_to_do_in_its_language(path, tmp_path):
    """Does an untouched student notebook fail only at the exercises, with a message to act on?"""
    nb, _ = run(path, tmp_path, allow_errors=True)
    lang = nb.metadata["backprop"]["lang"]
    errors = [
        (cell, out)
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if out.output_type == "error"
    ]
    test_cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    failing_tests = [cell for cell, _ in errors if cell in test_cells]
    assert failing_tests == test_cells
    for cell, out in errors:
        if cell in test_cells:
            assert out.ename == "CheckFailed"
            assert NOT_IMPLEMENTED[lang] in out.evalue
        else:
            assert out.ename == "NotImplementedError"
