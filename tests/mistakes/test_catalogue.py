"""The mistake catalogue: every mutant has a bilingual name and hint, every entry a mutant."""

import inspect
import re
from pathlib import Path

import pytest

import autograder
from autograder import lessons
from autograder.grading import GradingFailure, grade
from autograder.hidden import items_of_answer, notebook_namespace, specs
from autograder.mistakes import all_mistakes, mistakes_for
from autograder.student.i18n import catalogue, entries


def test_every_mutant_has_a_name_and_hint_in_both_languages():
    entries = catalogue()
    for mistake in all_mistakes():
        for field in ("name", "hint"):
            assert f"{mistake.catalogue_key}.{field}" in entries, mistake


@pytest.mark.parametrize("lesson", list(lessons.MODULES))
def test_a_lessons_mistakes_sit_with_the_lesson_on_the_grader_side(lesson):
    """The names and hints of a lesson's own mistakes are in ``autograder/catalogue/<module>``
    (grader-only, not in the student bundle); shared ones (``diagnosed_as``) in common."""
    path = Path(autograder.__file__).parent / "catalogue" / f"{lessons.MODULES[lesson]}.toml"
    keys = set(entries(path.read_text(encoding="utf-8")))
    answers = {spec.answer_id for spec in specs(lesson).values()}
    own = [m for answer in answers for m in mistakes_for(answer) if m.diagnosed_as is None]
    assert own
    for mistake in own:
        assert {f"{mistake.catalogue_key}.name", f"{mistake.catalogue_key}.hint"} <= keys, mistake
    assert {key.rsplit(".", 1)[0] for key in keys} == {m.catalogue_key for m in own}


def test_every_catalogued_mistake_has_a_mutant():
    """Is each mistake the hidden tests can name also fed through them by a mutant?"""
    keys = {m.catalogue_key for m in all_mistakes()}
    named = {k.rsplit(".", 1)[0] for k in catalogue() if k.startswith("mistake.")}
    assert named == keys


def test_mutants_keep_the_reference_signature():
    """Does every mutant take the arguments of the readable reference (function or class)?"""
    references = {
        spec.answer_id: getattr(lessons.module("reference", lesson), spec.python_name)
        for lesson in lessons.MODULES
        for spec in specs(lesson).values()
    }
    for mistake in all_mistakes():
        expected = list(inspect.signature(references[mistake.function]).parameters)
        assert list(inspect.signature(mistake.mutant).parameters) == expected, mistake


@pytest.mark.parametrize("lesson", list(lessons.MODULES))
def test_the_answer_a_student_writes_is_named_like_its_mutant(lesson):
    """Is the source put into a mistaken student's notebook a plain `def <function>(...)` (or
    class) that, run in the lesson's notebook namespace alone, is named as its mutant is by
    one of the items its answer cell is graded on?"""
    answers = dict.fromkeys(spec.answer_id for spec in specs(lesson).values())
    for answer in answers:
        items = items_of_answer(answer)
        name = items[0].python_name
        for mistake in mistakes_for(answer):
            source = mistake.source_as(name)
            assert re.search(rf"^(def|class) {name}\b", source, re.M), mistake
            namespace = notebook_namespace(lesson)
            exec(compile(source, "<answer>", "exec"), namespace)
            reasons = set()
            for spec in items:
                try:
                    grade(spec, namespace[spec.python_name])
                except GradingFailure as failure:
                    reasons.add(failure.reason)
            assert mistake.catalogue_key in reasons, (mistake, reasons)


def test_graded_names_are_unique_across_the_course():
    """Is every graded function name used by one lesson only (mistakes are keyed by it)?"""
    names = [name for lesson in lessons.MODULES for name in specs(lesson)]
    assert len(names) == len(set(names))
