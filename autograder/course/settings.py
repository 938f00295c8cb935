"""nbgrader settings every course directory of this course uses."""

from __future__ import annotations

from pathlib import Path

import nbgrader
from nbgrader.converters import Autograde, GenerateAssignment
from nbgrader.preprocessors import ClearSolutions, Execute
from traitlets.config import Config

from autograder.course.feedback import TEMPLATES, tr
from autograder.course.preprocessors import LocalizeStubs, RebuildFromRelease
from autograder.grader.preprocessor import SandboxGrade

COURSE_ID = "backprop-from-scratch"
CELL_TIMEOUT_SECONDS = 60


def apply(c: Config) -> Config:
    """Fill nbgrader's config object ``c`` (as in ``nbgrader_config.py``) with our settings."""
    c.CourseDirectory.course_id = COURSE_ID
    # Every text file in a source folder would be copied to students: release notebooks only.
    c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "*.md", "*.py"]
    c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
    steps = list(GenerateAssignment.class_traits()["preprocessors"].default())
    steps.insert(steps.index(ClearSolutions) + 1, LocalizeStubs)
    c.GenerateAssignment.preprocessors = steps
    # A student who deletes a graded cell gets it back from the source, and scores 0 on it.
    c.OverwriteCells.add_missing_cells = True
    c.Autograde.sanitize_preprocessors = [
        RebuildFromRelease,
        *Autograde.class_traits()["sanitize_preprocessors"].default(),
    ]
    # Autograding runs answers in the sandbox, never in a kernel beside the gradebook.
    c.Autograde.autograde_preprocessors = [
        SandboxGrade if step is Execute else step
        for step in Autograde.class_traits()["autograde_preprocessors"].default()
    ]
    # Feedback pages in the notebook's language (nbgrader's page, texts from the catalogue).
    nbgrader_templates = Path(nbgrader.__file__).parent / "server_extensions/formgrader/templates"
    c.HTMLExporter.template_name = "feedback"
    c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES), str(nbgrader_templates)]
    c.HTMLExporter.filters = {"tr": tr}
    c.ExecutePreprocessor.timeout = CELL_TIMEOUT_SECONDS
    c.ExecutePreprocessor.interrupt_on_timeout = True
    return c
