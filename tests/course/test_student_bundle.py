"""The student bundle holds what a lesson needs and nothing that knows an answer."""

import json
import os
import re
import subprocess
import sys

from autograder.course.student_bundle import write_student_bundle
from autograder.student.i18n import catalogue


def test_bundle_has_no_instructor_code(tmp_path):
    package = write_student_bundle(tmp_path)
    names = {p.relative_to(package).parts[0] for p in package.rglob("*")}
    assert names == {"__init__.py", "student"}
    text = "".join(p.read_text("utf-8") for p in package.rglob("*.py"))
    assert not re.search(
        r"(from|import) autograder\.(reference|mistakes|hidden|build|course)", text
    )


GRADER_ONLY = ("grade.", "mistake.", "feedback.", "report.")


def run_with_bundle(bundle, code: str) -> str:
    """The output of ``code`` in a Python that has only the bundle at ``bundle`` to import."""
    env = {**os.environ, "PYTHONPATH": str(bundle)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=bundle
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_no_grader_only_text_is_in_the_bundle(tmp_path):
    """The catalogue a kernel with only the bundle reads holds every text learners read and
    none of the grader's (mistakes' names and hints, grading messages, feedback, report)."""
    write_student_bundle(tmp_path)
    code = (
        "import json\n"
        "from autograder.student.i18n import catalogue\n"
        "print(json.dumps(sorted(catalogue())))\n"
    )
    keys = set(json.loads(run_with_bundle(tmp_path, code)))
    grader_keys = {key for key in catalogue() if key.startswith(GRADER_ONLY)}
    assert len(grader_keys) > 100  # the grader side has them (else this test could not fail)
    assert not keys & grader_keys
    assert not [key for key in keys if key.startswith(GRADER_ONLY)]
    learners = {key for key in catalogue() if key.startswith(("check.", "label.", "stub."))}
    assert learners <= keys
    # Nor is any grader-only key written anywhere in the bundle's files.
    text = "".join(p.read_text("utf-8") for p in tmp_path.rglob("*") if p.suffix == ".toml")
    assert "[mistake." not in text and "[grade." not in text and "[report." not in text


def test_bundle_alone_runs_a_lesson_setup(tmp_path):
    """Can a kernel with only the bundle on its path set up a Chinese lesson and run a check?"""
    write_student_bundle(tmp_path)
    code = (
        "import autograder, matplotlib; matplotlib.use('Agg')\n"
        f"assert autograder.__file__.startswith({str(tmp_path)!r}), autograder.__file__\n"
        "from autograder.student import setup_lesson, t\n"
        "from autograder.student.checks import gradient_descent as checks\n"
        "setup_lesson('zh')\n"
        "try:\n"
        "    checks.check_mse_gradient(lambda *a: (_ for _ in ()).throw(NotImplementedError()))\n"
        "except AssertionError as e:\n"
        "    print(e)\n"
    )
    assert "尚未实现" in run_with_bundle(tmp_path, code)
