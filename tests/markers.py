"""Markers shared by several test modules."""

import os
import shutil

import pytest

# Grading runs students' code in bubblewrap: without it these tests skip, except in CI.
needs_bubblewrap = pytest.mark.skipif(
    shutil.which("bwrap") is None and not os.environ.get("CI"),
    reason="needs bubblewrap: sudo apt-get install bubblewrap",
)
