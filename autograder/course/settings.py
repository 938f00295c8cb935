"""nbgrader settings every course directory of this course uses: the release settings of
:mod:`autograder.build.release` and, here, those of grading and feedback."""

from __future__ import annotations

from pathlib import Path

import nbgrader
from nbgrader.converters import Autograde
from nbgrader.preprocessors import Execute
from traitlets.config import Config

from autograder.build.release import apply_release
from autograder.course.feedback import TEMPLATES, FeedbackExporter, tr
from autograder.course.preprocessors import RebuildFromRelease
from autograder.grader.preprocessor import SandboxGrade

CELL_TIMEOUT_SECONDS = 60


def apply(c: Config) -> Config:
    """Fill nbgrader's config object ``c`` (as in ``nbgrader_config.py``) with our settings:
    releasing and grading."""
    apply_release(c)
    apply_grading(c)
    return c


def apply_grading(c: Config) -> Config:
    """The settings of collecting, autograding and feedback."""
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
    c.GenerateFeedback.exporter_class = FeedbackExporter
    c.ExecutePreprocessor.timeout = CELL_TIMEOUT_SECONDS
    c.ExecutePreprocessor.interrupt_on_timeout = True
    return c
