"""The first code cell of every lesson calls :func:`setup_lesson`."""

from __future__ import annotations

import numpy as np

from autograder.student.i18n import set_language
from autograder.student.plotting import use_course_style


def setup_lesson(lang: str) -> None:
    """Set the language of messages and labels, the plot style and numpy's print format."""
    set_language(lang)
    use_course_style()
    np.set_printoptions(precision=4, suppress=True)
