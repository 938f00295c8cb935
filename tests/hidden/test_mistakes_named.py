"""Every catalogued mistake of every lesson is caught by the hidden tests and named."""

import inspect

import pytest

from autograder.grading import GradingFailure, grade
from autograder.hidden import all_specs, items_of_answer
from autograder.mistakes import all_mistakes, mistakes_for
from autograder.student.i18n import set_language, t


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", all_specs())
def test_untouched_exercise_scores_nothing_with_a_message(name, lang):
    """Does an answer that still raises NotImplementedError fail, saying so in its language?"""
    spec = all_specs()[name]

    def stub(*args, **kwargs):
        raise NotImplementedError()

    # A fresh class exercise: the constructor and every method it asks for (static ones too,
    # as a layer's forward and backward) raise.
    methods = {
        k: stub
        for k, v in vars(spec.reference).items()
        if inspect.isfunction(v) or isinstance(v, staticmethod)
    }
    untouched = type(spec.python_name, (), {**methods, "__init__": stub}) if spec.defines else stub
    set_language(lang)
    with pytest.raises(GradingFailure, match="尚未实现" if lang == "zh" else "not implemented"):
        grade(spec, untouched)


@pytest.mark.parametrize("name", all_specs())
def test_reference_passes(name, capsys):
    spec = all_specs()[name]
    grade(spec, spec.reference)
    assert "✓" in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("mistake", all_mistakes(), ids=lambda m: f"{m.function}-{m.id}")
def test_every_mutant_is_caught_and_named(mistake, lang):
    """Is each catalogued mistake rejected with its own name and hint, in the lesson language,
    by every graded item of its answer cell that it gets wrong (at least one)?"""
    set_language(lang)
    failures = []
    for spec in items_of_answer(mistake.function):
        try:
            grade(spec, mistake.mutant)
        except GradingFailure as failure:
            failures.append(str(failure))
    assert failures, "no graded item catches the mistake"
    own = t(f"{mistake.catalogue_key}.name") + t(f"{mistake.catalogue_key}.hint")
    others = {
        t(f"{m.catalogue_key}.name")
        for m in mistakes_for(mistake.function)
        if m.catalogue_key != mistake.catalogue_key
    }
    for message in failures:
        assert t(f"{mistake.catalogue_key}.name") in message
        assert t(f"{mistake.catalogue_key}.hint") in message
        # No other mistake of the same answer is named (a name that merely appears inside
        # this one's own name or hint, such as "sign error", does not count).
        assert not [name for name in others if name in message and name not in own]
