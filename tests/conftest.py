"""Shared fixtures: the repository's folders and the language setting."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import matplotlib
import pytest

from autograder.student.i18n import set_language

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parents[1]
# nbgrader and nbclient start tools (alembic, kernels) of this environment by name.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English, whatever the one before it chose."""
    set_language("en")
    yield
    set_language("en")
