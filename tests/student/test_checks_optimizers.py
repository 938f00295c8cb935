"""Public checks of lesson 06: they accept the reference, reject most mutants, know no answer."""

import pytest

from autograder.mistakes import mistakes_for
from autograder.student.checks import optimizers as checks
from autograder.student.checks.common import CheckFailed
from autograder.student.i18n import set_language


def test_the_property_message_says_what_to_expect():
    """Is Adam without bias correction told about the first step, in the lesson language?"""
    set_language("zh")
    no_correction = next(m for m in mistakes_for("adam") if m.id == "no_bias_correction").mutant
    with pytest.raises(CheckFailed, match="偏差修正"):
        checks.check_adam(no_correction)
