"""Every lesson's public checks: ``check_<name>`` for every graded item accepts the reference
with one ✓ line, answers an untouched exercise in the lesson's language, rejects most
catalogued mistakes without knowing an answer, and never imports instructor-only code."""

import inspect
import subprocess
import sys

import numpy as np
import pytest

from autograder import lessons
from autograder.hidden import specs
from autograder.mistakes import mistakes_for
from autograder.student.checks.common import CheckFailed
from autograder.student.i18n import set_language

GRADED = [(lesson, name) for lesson in lessons.MODULES for name in specs(lesson)]
NOT_IMPLEMENTED = {"en": "not implemented yet", "zh": "尚未实现"}


def public_check(lesson, name):
    return getattr(lessons.module("student.checks", lesson), f"check_{name}")


def reference(lesson, name):
    return getattr(lessons.module("reference", lesson), specs(lesson)[name].python_name)


def untouched(lesson, name):
    """What a fresh exercise behaves like: every call raises NotImplementedError."""

    def stub(*args, **kwargs):
        raise NotImplementedError()

    if not specs(lesson)[name].defines:
        return stub
    # A fresh class exercise: the constructor and every method it asks for (static ones too,
    # as a layer's forward and backward) raise.
    methods = {
        k: stub
        for k, v in vars(reference(lesson, name)).items()
        if inspect.isfunction(v) or isinstance(v, staticmethod)
    }
    return type(specs(lesson)[name].python_name, (), {**methods, "__init__": stub})


@pytest.mark.parametrize(("lesson", "name"), GRADED, ids=[n for _, n in GRADED])
def test_reference_passes_with_one_line(lesson, name, capsys):
    public_check(lesson, name)(reference(lesson, name))
    assert capsys.readouterr().out.count("✓") == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("lesson", "name"), GRADED, ids=[n for _, n in GRADED])
def test_untouched_exercise_gets_a_message_in_the_lesson_language(lesson, name, lang):
    set_language(lang)
    with pytest.raises(CheckFailed, match=NOT_IMPLEMENTED[lang]):
        public_check(lesson, name)(untouched(lesson, name))


@pytest.mark.parametrize("lesson", list(lessons.MODULES))
def test_public_checks_alone_reject_most_mistakes(lesson):
    caught = total = 0
    answers = {spec.answer_id: [] for spec in specs(lesson).values()}
    for name, spec in specs(lesson).items():
        answers[spec.answer_id].append(name)
    for answer, names in answers.items():
        for mistake in mistakes_for(answer):
            total += 1
            try:
                with np.errstate(all="ignore"):
                    for name in names:
                        public_check(lesson, name)(mistake.mutant)
            # An error in the student's own code (a missing key of params) shows in the
            # notebook with its traceback: the check has stopped the answer as well.
            except (
                CheckFailed,
                ArithmeticError,
                LookupError,
                ValueError,
                TypeError,
                RecursionError,
            ):
                caught += 1
    assert caught / total >= 0.6, f"{caught}/{total}"


def test_student_modules_never_import_instructor_code():
    """Can a student kernel import every public check with the instructor-only parts absent?"""
    modules = [f"autograder.student.checks.{module}" for module in lessons.MODULES.values()]
    code = (
        "import importlib, sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        parts = name.split('.')\n"
        "        if parts[:2] in (['autograder','reference'], ['autograder','mistakes'],"
        " ['autograder','hidden']) or parts[0] == 'torch':\n"
        "            raise ImportError('instructor-only module ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import matplotlib; matplotlib.use('Agg')\n"
        "from autograder.student import setup_lesson, t\n"
        f"for module in {modules!r}:\n"
        "    importlib.import_module(module)\n"
        "setup_lesson('zh')\n"
        "print(t('label.loss'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "损失"
