"""nbgrader preprocessors of this course."""

from __future__ import annotations

from nbconvert.exporters.exporter import ResourcesDict
from nbformat import NotebookNode
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
