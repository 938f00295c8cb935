"""nbgrader's API on an instructor's course directory, with this course's settings."""

from __future__ import annotations

from pathlib import Path

from nbgrader.apps import NbGraderAPI
from traitlets.config import Config

from autograder.build.release import nbgrader_api
from autograder.course import settings
from autograder.course.gradebook import course_config


def course_api(root: Path, exchange: Path | None = None) -> NbGraderAPI:
    """nbgrader's API on the course directory ``root``, with this course's settings."""
    config = settings.apply(Config())
    # The course's own nbgrader_config.py (its db_url, …) wins over the defaults.
    config.merge(course_config(root))
    return nbgrader_api(root, config, exchange)
