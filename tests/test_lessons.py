"""The one list of lessons (``autograder/lessons.py``) is the lessons of ``content/``, and each
has every module a lesson needs."""

from __future__ import annotations

import collections
import importlib.util

import pytest

from autograder import lessons
from autograder.build.paths import CONTENT, lesson_sources
from autograder.hidden import specs

PARTS = ("reference", "mistakes", "hidden", "student.checks")


def test_the_list_is_the_lessons_of_content_in_course_order():
    on_disk = sorted(path.stem for path in CONTENT.glob("*.md"))
    assert list(lessons.MODULES) == on_disk, (
        "autograder/lessons.py and content/*.md disagree: register each lesson source in "
        "MODULES (in course order) and remove what has no source"
    )
    assert [path.stem for path in lesson_sources()] == on_disk


@pytest.mark.parametrize("lesson", list(lessons.MODULES))
def test_a_lesson_is_named_nn_topic(lesson):
    number, _, topic = lesson.partition("-")
    assert len(number) == 2 and number.isdigit() and topic, lesson
    assert lessons.MODULES[lesson].isidentifier(), lessons.MODULES[lesson]


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("lesson", list(lessons.MODULES))
def test_every_lesson_has_its_modules(lesson, part):
    name = f"autograder.{part}.{lessons.MODULES[lesson]}"
    assert importlib.util.find_spec(name) is not None, f"{lesson} has no module {name}"


def test_graded_names_are_unique_across_lessons():
    """``hidden.check(name, …)`` finds an item by its name alone."""
    counts = collections.Counter(name for lesson in lessons.MODULES for name in specs(lesson))
    assert [name for name, count in counts.items() if count > 1] == []
