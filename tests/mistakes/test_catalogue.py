"""The mistake catalogue: every mutant has a bilingual name and hint, every entry a mutant."""

import inspect

from autograder.hidden import all_specs
from autograder.mistakes import all_mistakes
from autograder.student.i18n import catalogue


def test_every_mutant_has_a_name_and_hint_in_both_languages():
    entries = catalogue()
    for mistake in all_mistakes():
        for field in ("name", "hint"):
            assert f"{mistake.catalogue_key}.{field}" in entries, mistake


def test_every_catalogued_mistake_has_a_mutant():
    """Is each mistake the hidden tests can name also fed through them by a mutant?"""
    keys = {m.catalogue_key for m in all_mistakes()}
    named = {k.rsplit(".", 1)[0] for k in catalogue() if k.startswith("mistake.")}
    assert named == keys


def test_mutants_keep_the_reference_signature():
    """Does every mutant take the arguments of the readable reference (function or class)?"""
    from autograder import lessons
    from autograder.hidden import specs

    references = {
        name: getattr(lessons.module("reference", lesson), spec.python_name)
        for lesson in lessons.MODULES
        for name, spec in specs(lesson).items()
    }
    for mistake in all_mistakes():
        expected = list(inspect.signature(references[mistake.function]).parameters)
        assert list(inspect.signature(mistake.mutant).parameters) == expected, mistake


def test_mutant_source_reads_like_a_student_answer():
    """Is the source put into a mistaken student's notebook a plain `def <function>(...)`?"""
    for mistake in all_mistakes():
        name = all_specs()[mistake.function].python_name
        source = mistake.source_as(name)
        assert f"\ndef {name}(" in f"\n{source}" or f"\nclass {name}" in f"\n{source}", mistake
        namespace = {}
        # A class answer names its base class (such as torch.autograd.Function) when defined.
        given = {"np": __import__("numpy"), **notebook_namespaces()}
        exec(compile(source, "<mutant>", "exec"), given, namespace)
        assert callable(namespace[name])


def notebook_namespaces() -> dict:
    """What the notebooks of every lesson define before their answer cells."""
    from autograder import lessons
    from autograder.hidden import notebook_namespace

    return {k: v for lesson in lessons.MODULES for k, v in notebook_namespace(lesson).items()}


def test_graded_names_are_unique_across_the_course():
    """Is every graded function name used by one lesson only (mistakes are keyed by it)?"""
    from autograder import lessons
    from autograder.hidden import specs

    names = [name for lesson in lessons.MODULES for name in specs(lesson)]
    assert len(names) == len(set(names))
