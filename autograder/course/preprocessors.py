"""nbgrader preprocessors of this course."""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
from nbconvert.exporters.exporter import ResourcesDict
from nbformat import NotebookNode
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor

from autograder.student.i18n import t

ENGLISH_CODE_STUB = "# YOUR CODE HERE"


class LocalizeStubs(NbGraderPreprocessor):
    """Put the answer-cell stubs in the notebook's own language (nbgrader writes English).

    Runs right after ``ClearSolutions`` in ``generate_assignment``, before checksums.
    """

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict):
        lang = nb.metadata.get("backprop", {}).get("lang", "en")
        code_stub, text_stub = t("stub.code", lang=lang), t("stub.text", lang=lang)
        for cell in nb.cells:
            if not cell.metadata.get("nbgrader", {}).get("solution"):
                continue
            if cell.cell_type == "code":
                cell.source = cell.source.replace(ENGLISH_CODE_STUB, code_stub)
            else:
                cell.source = cell.source.replace(t("stub.text", lang="en"), text_stub)
        return nb, resources


class RebuildFromRelease(NbGraderPreprocessor):
    """Rebuild a submission on the released notebook: every cell as released, each answer
    cell holding the student's code (the first cell carrying its grade id, if any).

    Runs first when autograding. Duplicated, deleted, added or re-labelled cells, another
    nbformat version or a changed kernel then cost at most the answers they lose, instead
    of failing the whole notebook in nbgrader's later steps."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict):
        info = resources["nbgrader"]
        coursedir = CourseDirectory(config=self.config)
        folder = coursedir.format_path(coursedir.release_directory, ".", info["assignment"])
        released = nbformat.read(Path(folder) / f"{info['notebook']}.ipynb", as_version=4)
        return rebuilt(nb, released), resources


def rebuilt(submitted: NotebookNode, released: NotebookNode) -> NotebookNode:
    """``released`` with each answer cell holding the submission's code for its grade id.

    The submission is read as untrusted JSON: cells, metadata, grade ids or sources of the
    wrong type are skipped (their answers are lost), never an error."""
    answers: dict[str, str] = {}
    cells = submitted.get("cells") if isinstance(submitted, dict) else None
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        metadata = cell.get("metadata")
        meta = metadata.get("nbgrader") if isinstance(metadata, dict) else None
        if not isinstance(meta, dict) or not meta.get("solution"):
            continue
        grade_id = meta.get("grade_id")
        if isinstance(grade_id, str) and grade_id:
            answers.setdefault(grade_id, _text(cell.get("source", "")))
    released = copy.deepcopy(released)
    for cell in released.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and grade_id in answers:
            cell.source = answers[grade_id]
    return released


def _text(source: object) -> str:
    """A cell's source as nbformat allows it (a string or a list of strings); anything
    else counts as no code."""
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        return "".join(source)
    return ""
