"""What a student sees in the notebook when a cell fails: a failed public check shows its
message alone, in the lesson's language; an error in the student's own code keeps its
traceback down to the student's line, without the frames of the checks around it."""

import re

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from autograder.student.checks.common import CheckFailed, without_check_frames
from autograder.student.i18n import set_language

ANSI = re.compile(r"\x1b\[[0-9;]*m")

COPIED_LR = """\
class SGDMomentum:
    def __init__(self, lr, momentum=0.9):
        self.lr = lr
        self.step_size, self.momentum, self.velocity = lr, momentum, None

    def step(self, params, grads):
        if self.velocity is None:
            self.velocity = [np.zeros_like(p) for p in params]
        self.velocity = [self.momentum * v + g for v, g in zip(self.velocity, grads)]
        return [p - self.step_size * v for p, v in zip(params, self.velocity)]
"""
RAISES = """\
class Nesterov:
    def __init__(self, lr, momentum=0.9):
        self.lr = lr

    def step(self, params, grads):
        return [p - self.lr * g / self.velocity for p, g in zip(params, grads)]
"""


def run_notebook(lang: str) -> list[str]:
    """Run a small lesson notebook in a real kernel; the text of each error output."""
    setup = (
        f"from autograder.student import setup_lesson\nsetup_lesson({lang!r})\n"
        "import numpy as np\nfrom autograder.student.checks import optimizers as checks"
    )
    cells = [
        setup,
        COPIED_LR,
        "checks.check_sgd_momentum(SGDMomentum)",
        RAISES,
        "checks.check_nesterov(Nesterov)",
    ]
    nb = new_notebook(cells=[new_code_cell(source) for source in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    NotebookClient(nb, timeout=120, allow_errors=True, kernel_name="python3").execute()
    nbformat.validate(nb)
    return [
        ANSI.sub("", "\n".join(output.traceback))
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if output.output_type == "error"
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "headline", "advice"),
    [
        ("en", "✗ Public check failed", "Fix SGDMomentum"),
        ("zh", "✗ 公开检查未通过", "修改SGDMomentum"),
    ],
)
def test_a_kernel_shows_a_failed_check_as_its_message_alone(lang, headline, advice):
    failed_check, student_error = run_notebook(lang)

    assert failed_check.splitlines()[0] == headline
    assert "self.lr" in failed_check and advice in failed_check
    assert "Traceback" not in failed_check
    assert "autograder" not in failed_check

    # The student's own error: the usual traceback, ending on the student's line.
    assert "Traceback" in student_error and "AttributeError" in student_error
    assert "g / self.velocity" in student_error
    assert "autograder/student/checks" not in student_error


def test_the_rendered_failure_names_the_function_and_what_to_try():
    set_language("zh")
    lines = CheckFailed("Adam：第一步不对。", "Adam")._render_traceback_()
    assert [ANSI.sub("", line) for line in lines] == [
        "✗ 公开检查未通过",
        "Adam：第一步不对。",
        "请在上方的单元格中修改Adam，重新运行那个单元格，再运行本单元格。",
    ]


def test_a_message_about_a_student_error_shows_the_students_line():
    """A check that turns the student's exception into a message still says where it was."""

    def students_mul(a, b):
        return a.data * b  # the student's line

    try:
        try:
            students_mul(2.0, 3.0)
        except AttributeError as error:
            raise CheckFailed("Value: __mul__ raised AttributeError.", "Value") from error
    except CheckFailed as failure:
        text = "\n".join(failure._render_traceback_())
    assert "return a.data * b" in text and "test_failure_display.py" in text


def test_frames_of_the_checks_are_trimmed_and_others_kept():
    from autograder.student.checks import common

    def inner():
        raise ValueError("boom")

    try:
        common.call("inner", lambda: inner())
    except ValueError as error:
        names = []
        tb = without_check_frames(error.__traceback__)
        while tb is not None:
            names.append(tb.tb_frame.f_code.co_name)
            tb = tb.tb_next
    assert "call" not in names
    assert names[-2:] == ["<lambda>", "inner"]
