"""Emptying the sandbox's /tmp between submissions, when bubblewrap mounted something inside
it (the Python environment, when the course lives under /tmp, as a CI clone may)."""

from __future__ import annotations

import os

from autograder.inside.zygote import _empty, _left_in


def test_what_a_submission_left_goes_and_the_mounted_environment_stays(tmp_path):
    """Are files, locked folders and links removed, and a mount (and the folders leading to
    it) kept, without walking into the mount?"""
    venv = tmp_path / "clone" / ".venv"
    (venv / "lib").mkdir(parents=True)
    (venv / "lib" / "numpy.py").write_text("kept")
    (tmp_path / "clone" / "stash.py").write_text("left for the next student")
    locked = tmp_path / "locked" / "deeper"
    locked.mkdir(parents=True)
    (locked / "answer.txt").write_text("left for the next student")
    os.chmod(locked, 0)
    os.chmod(tmp_path / "locked", 0)
    (tmp_path / "link").symlink_to(venv / "lib" / "numpy.py")
    mounts = {str(venv)}

    _empty(str(tmp_path), mounts)

    assert _left_in(str(tmp_path), mounts) == []
    assert sorted(os.listdir(tmp_path)) == ["clone"]
    assert os.listdir(tmp_path / "clone") == [".venv"]
    assert (venv / "lib" / "numpy.py").read_text() == "kept"


def test_anything_else_left_is_reported(tmp_path):
    """Does the check after emptying name what is still there?"""
    (tmp_path / "clone" / ".venv").mkdir(parents=True)
    (tmp_path / "clone" / "stash.py").write_text("x")
    assert _left_in(str(tmp_path), {str(tmp_path / "clone" / ".venv")}) == [
        str(tmp_path / "clone" / "stash.py")
    ]
