"""The sandbox's time limits, read from the environment: numbers of seconds, or one clear
line naming the variable to fix."""

from __future__ import annotations

import pytest

from autograder.course.errors import CourseError
from autograder.grader.preprocessor import limits_from_environment
from autograder.grader.sandbox import Limits
from autograder.student.i18n import t


def test_defaults(monkeypatch):
    monkeypatch.delenv("BACKPROP_GRADE_SECONDS", raising=False)
    monkeypatch.delenv("BACKPROP_SUBMISSION_SECONDS", raising=False)
    assert limits_from_environment() == Limits()
    assert (Limits().seconds, Limits().submission_seconds) == (30.0, 60.0)


def test_both_limits_are_read(monkeypatch):
    monkeypatch.setenv("BACKPROP_GRADE_SECONDS", "4")
    monkeypatch.setenv("BACKPROP_SUBMISSION_SECONDS", "12.5")
    limits = limits_from_environment()
    assert (limits.seconds, limits.submission_seconds) == (4.0, 12.5)


@pytest.mark.parametrize("value", ["abc", "", "0", "-5", "nan", "inf"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_value_that_is_not_seconds_is_named(monkeypatch, value, lang):
    monkeypatch.setenv("BACKPROP_SUBMISSION_SECONDS", value)
    with pytest.raises(CourseError) as raised:
        limits_from_environment()
    message = t(raised.value.key, lang=lang, **raised.value.fields)
    assert "BACKPROP_SUBMISSION_SECONDS" in message and repr(value) in message
    assert "\n" not in message
