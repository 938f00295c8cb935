"""What a student's kernel imports. Nothing here knows an answer."""

from autograder.student.i18n import get_language, set_language, t
from autograder.student.setup import setup_lesson

__all__ = ["get_language", "set_language", "setup_lesson", "t"]
