"""The student bundle holds what a lesson needs and nothing that knows an answer."""

import os
import re
import subprocess
import sys

from autograder.course.student_bundle import write_student_bundle


def test_bundle_has_no_instructor_code(tmp_path):
    package = write_student_bundle(tmp_path)
    names = {p.relative_to(package).parts[0] for p in package.rglob("*")}
    assert names == {"__init__.py", "student"}
    text = "".join(p.read_text("utf-8") for p in package.rglob("*.py"))
    assert not re.search(
        r"(from|import) autograder\.(reference|mistakes|hidden|build|course)", text
    )


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
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "尚未实现" in result.stdout
