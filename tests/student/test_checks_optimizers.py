"""Public checks of lesson 06: they accept the reference, reject most mutants, know no answer."""

import numpy as np
import pytest

from autograder.hidden.optimizers import SPECS
from autograder.mistakes import mistakes_for
from autograder.reference import optimizers as ref
from autograder.student.checks import optimizers as checks
from autograder.student.checks.common import CheckFailed
from autograder.student.i18n import set_language

CHECKS = {name: getattr(checks, f"check_{name}") for name in SPECS}


@pytest.mark.parametrize("name", CHECKS)
def test_reference_passes(name, capsys):
    CHECKS[name](getattr(ref, SPECS[name].python_name))
    assert capsys.readouterr().out.count("✓") == 1


@pytest.mark.parametrize("name", CHECKS)
def test_unimplemented_gets_the_chinese_message(name):
    set_language("zh")

    class Stub:
        def __init__(self, *args, **kwargs):
            raise NotImplementedError()

    def stub(*args):
        raise NotImplementedError()

    graded = Stub if SPECS[name].defines else stub
    with pytest.raises(CheckFailed, match="尚未实现"):
        CHECKS[name](graded)


def test_public_checks_catch_most_mutants():
    caught = total = 0
    for name, check in CHECKS.items():
        for mistake in mistakes_for(name):
            total += 1
            try:
                with np.errstate(all="ignore"):
                    check(mistake.mutant)
            except (CheckFailed, ValueError, TypeError):
                caught += 1
    assert caught / total >= 0.7, f"{caught}/{total}"


def test_the_property_message_says_what_to_expect():
    """Is Adam without bias correction told about the first step, in the lesson language?"""
    set_language("zh")
    no_correction = next(m for m in mistakes_for("adam") if m.id == "no_bias_correction").mutant
    with pytest.raises(CheckFailed, match="偏差修正"):
        checks.check_adam(no_correction)
