"""The part of the package a student image needs: ``autograder.student`` and nothing that
knows an answer (no reference, no mistakes, no hidden tests, no grading tools), nor the
grader-only texts of the catalogue (``autograder/catalogue/``: the mistakes' names and hints,
grading messages, the feedback page, the class report), which live beside the package."""

from __future__ import annotations

import shutil
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
STUDENT_PARTS = ("__init__.py", "student")
# The instructor's command-line texts: nothing a student image runs reads them.
LEFT_OUT = ("__pycache__", "instructor.toml")
PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "backprop-from-scratch-student"
version = "0.1.0"
requires-python = ">=3.11,<3.12"

[tool.setuptools.packages.find]
include = ["autograder*"]

[tool.setuptools.package-data]
autograder = ["**/*.toml"]
"""


def write_student_bundle(target: Path) -> Path:
    """Write an installable copy of the student-facing modules to ``target``
    (``pip install target`` in the student image). Returns the package folder written."""
    package = target / "autograder"
    if package.exists():
        shutil.rmtree(package)
    package.mkdir(parents=True)
    for part in STUDENT_PARTS:
        source = PACKAGE / part
        if source.is_dir():
            shutil.copytree(source, package / part, ignore=shutil.ignore_patterns(*LEFT_OUT))
        else:
            shutil.copyfile(source, package / part)
    (target / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    return package
