"""nbgrader's Validate, as a student runs it from JupyterLab."""

import nbformat
import pytest
from nbgrader.validator import Validator

from autograder.build.paths import LESSONS
from tests.course.submissions import answered

LESSON = "01-gradient-descent"
NOTEBOOK = f"{LESSON}.ipynb"

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_answered_lesson_validates(lang, tmp_path):
    path = tmp_path / NOTEBOOK
    nbformat.write(answered(LESSON, lang), path)
    assert Validator().validate(str(path)) == {}


def test_untouched_lesson_fails_validation_in_its_language(tmp_path):
    """Does Validate report every exercise as failing, with the Chinese not-implemented message?"""
    path = tmp_path / NOTEBOOK
    path.write_bytes((LESSONS / "zh" / NOTEBOOK).read_bytes())
    failed = Validator().validate(str(path))["failed"]
    assert len(failed) == 3
    assert all("尚未实现" in cell["raw_error"] for cell in failed)
    # The check's message alone, not a traceback through the course's code.
    assert not any("Traceback" in cell["raw_error"] for cell in failed)
    assert not any("autograder" in cell["raw_error"] for cell in failed)
