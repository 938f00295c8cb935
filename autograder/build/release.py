"""How a solution notebook becomes the student's: nbgrader's ``generate_assignment`` with this
course's release settings. Grading settings sit on top of these in
:mod:`autograder.course.settings`; releasing never loads the grader."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from nbconvert.exporters.exporter import ResourcesDict
from nbformat import NotebookNode
from nbgrader.apps import NbGraderAPI
from nbgrader.converters import GenerateAssignment
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import ClearSolutions, NbGraderPreprocessor
from traitlets.config import Config

from autograder.student.i18n import t

COURSE_ID = "backprop-from-scratch"

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


def apply_release(c: Config) -> Config:
    """Fill nbgrader's config object ``c`` with the settings that release notebooks."""
    c.CourseDirectory.course_id = COURSE_ID
    # Every text file in a source folder would be copied to students: release notebooks only.
    c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "*.md", "*.py"]
    c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
    steps = list(GenerateAssignment.class_traits()["preprocessors"].default())
    steps.insert(steps.index(ClearSolutions) + 1, LocalizeStubs)
    c.GenerateAssignment.preprocessors = steps
    return c


def nbgrader_scripts_on_path() -> None:
    """nbgrader runs the ``alembic`` script of its own environment by name (when it makes a
    gradebook): that environment's scripts go first on ``PATH``, activated or not."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


def nbgrader_api(root: Path, config: Config, exchange: Path | None = None) -> NbGraderAPI:
    """nbgrader's API on the course directory ``root`` with ``config``."""
    nbgrader_scripts_on_path()
    exchange = exchange or root / "exchange"
    exchange.mkdir(parents=True, exist_ok=True)
    config.CourseDirectory.root = str(root)
    config.Exchange.root = str(exchange)
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config)


def release_api(root: Path) -> NbGraderAPI:
    """nbgrader's API on a scratch course directory ``root``, able to release notebooks."""
    return nbgrader_api(root, apply_release(Config()))
