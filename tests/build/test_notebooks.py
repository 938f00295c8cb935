"""Generated notebooks: present, output-free, in step with their sources, nothing leaked."""

import shutil

import nbformat
import pytest

from autograder.build.notebooks import drift
from autograder.build.paths import CONTENT, LESSONS, SOLUTIONS, lesson_name, lesson_sources
from autograder.build.source import read_source

LESSON_NAMES = [lesson_name(p) for p in lesson_sources(CONTENT)]
LANGS = ["en", "zh"]


@pytest.mark.slow
def test_generated_notebooks_match_their_sources():
    """Does rebuilding from content/ reproduce solutions/ and lessons/ byte for byte?"""
    assert drift() == []


def test_one_lesson_rebuilds_byte_for_byte(tmp_path):
    """The same for the first lesson alone (the fast loop's drift check)."""
    lesson = LESSON_NAMES[0]
    content, solutions, released = (tmp_path / name for name in ("content", "solutions", "lessons"))
    content.mkdir()
    shutil.copy(CONTENT / f"{lesson}.md", content)
    for committed, copy in ((SOLUTIONS, solutions), (LESSONS, released)):
        for lang in LANGS:
            (copy / lang).mkdir(parents=True)
            shutil.copy(committed / lang / f"{lesson}.ipynb", copy / lang)
    assert drift(content, solutions, released) == []


@pytest.mark.parametrize("folder", [SOLUTIONS, LESSONS], ids=["solutions", "lessons"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson", LESSON_NAMES)
def test_notebooks_exist_without_outputs(folder, lang, lesson):
    nb = nbformat.read(folder / lang / f"{lesson}.ipynb", as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson", LESSON_NAMES)
def test_student_notebooks_hold_no_solution_or_hidden_test(lang, lesson):
    """Is no line of any solution region or hidden test left in a student notebook?"""
    path = LESSONS / lang / f"{lesson}.ipynb"
    whole = path.read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "autograder.hidden"):
        assert marker not in whole
    # Prose may quote a fragment of the specification; code cells must hold no solution line.
    code = "\n".join(
        c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"
    )
    source = read_source(CONTENT / f"{lesson}.md")
    for cell in source.cells:
        for region in _regions(cell.source):
            for line in filter(str.strip, region):
                assert line.strip() not in code, line


@pytest.mark.parametrize("lesson", LESSON_NAMES)
def test_grade_ids_survive_source_to_student_notebook(lesson):
    """Do the source's grade_ids and points reach both languages' student notebooks unchanged?"""
    source = read_source(CONTENT / f"{lesson}.md")
    expected = {
        c.metadata["grade_id"]: c.metadata.get("points")
        for c in source.cells
        if "grade_id" in c.metadata
    }
    for lang in LANGS:
        nb = nbformat.read(LESSONS / lang / f"{lesson}.ipynb", as_version=4)
        found = {
            c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"].get("points")
            for c in nb.cells
            if "nbgrader" in c.metadata
        }
        assert found == {"setup": None, **expected}


@pytest.mark.parametrize("lesson", LESSON_NAMES)
def test_code_is_identical_across_languages(lesson):
    """Do the English and Chinese notebooks share every code cell but the language switch, line
    for line apart from whole-line comments (written in each notebook's language)?"""
    code = {}
    for lang in LANGS:
        nb = nbformat.read(SOLUTIONS / lang / f"{lesson}.ipynb", as_version=4)
        code[lang] = [
            [line for line in c.source.splitlines() if not line.lstrip().startswith("#")]
            for c in nb.cells[1:]
            if c.cell_type == "code"
        ]
    assert code["en"] == code["zh"]


def _regions(source):
    """Lines between BEGIN/END SOLUTION and BEGIN/END HIDDEN TESTS markers."""
    regions, current = [], None
    for line in source.splitlines():
        if "### BEGIN SOLUTION" in line or "### BEGIN HIDDEN TESTS" in line:
            current = []
        elif "### END SOLUTION" in line or "### END HIDDEN TESTS" in line:
            regions.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return regions
