"""Public checks: they accept the reference, reject what is wrong with a helpful message in the
lesson's language, and know no answer."""

import subprocess
import sys

import numpy as np
import pytest

from autograder.mistakes import mistakes_for
from autograder.reference import gradient_descent as ref
from autograder.student.checks import gradient_descent as checks
from autograder.student.checks.common import CheckFailed
from autograder.student.i18n import set_language

CHECKS = {
    "mse_gradient": checks.check_mse_gradient,
    "gradient_descent": checks.check_gradient_descent,
    "minibatch_sgd": checks.check_minibatch_sgd,
}


@pytest.mark.parametrize("name", CHECKS)
def test_reference_passes_public_checks(name, capsys):
    """Does each public check accept the reference and say so?"""
    CHECKS[name](getattr(ref, name))
    assert f"✓ {name}" in capsys.readouterr().out


@pytest.mark.parametrize("name", CHECKS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_unimplemented_function_gets_a_message_in_the_lesson_language(name, lang):
    """Does a fresh exercise (raise NotImplementedError) get a clear message, not a traceback?"""
    set_language(lang)

    def stub(*args):
        raise NotImplementedError()

    with pytest.raises(CheckFailed) as failure:
        CHECKS[name](stub)
    expected = "尚未实现" if lang == "zh" else "not implemented yet"
    assert expected in str(failure.value)


def test_public_checks_catch_most_mutants():
    """Do the public checks alone already reject most catalogued mistakes?"""
    caught = total = 0
    for name, check in CHECKS.items():
        for mistake in mistakes_for(name):
            total += 1
            try:
                check(mistake.mutant)
            except (CheckFailed, ValueError):
                caught += 1
    assert caught / total >= 0.6, f"{caught}/{total}"


def test_wrong_shapes_are_reported_by_name():
    """Is a gradient of the wrong shape reported as such, in Chinese for a Chinese lesson?"""
    set_language("zh")
    with pytest.raises(CheckFailed, match="grad_w的形状应为"):
        checks.check_mse_gradient(lambda X, y, w, b: (np.zeros(len(w) + 1), 0.0))


def test_input_changed_in_place_is_reported():
    def in_place(grad_fn, w0, lr, n_steps):
        path = [w0.copy()]
        for _ in range(n_steps):
            w0 -= lr * grad_fn(w0)
            path.append(w0.copy())
        return np.array(path)

    with pytest.raises(CheckFailed, match="in place"):
        checks.check_gradient_descent(in_place)


def test_student_modules_never_import_the_reference():
    """Can a student kernel import everything it needs with the instructor-only parts absent?"""
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[:2] in (['autograder','reference'], ['autograder','mistakes'],"
        " ['autograder','hidden']):\n"
        "            raise ImportError('instructor-only module ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import matplotlib; matplotlib.use('Agg')\n"
        "from autograder.student import setup_lesson, t\n"
        "from autograder.student.checks import gradient_descent\n"
        "setup_lesson('zh')\n"
        "print(t('label.loss'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "损失"
