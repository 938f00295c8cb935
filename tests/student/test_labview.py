"""What an environment's JupyterLab shows of nbgrader (autograder/student/labview.py), read
back with Jupyter's own readers of those files."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jupyter_server.extension.config import ExtensionConfigManager
from jupyter_server.services.config.manager import ConfigManager

from autograder.build.paths import ROOT
from autograder.student import labview

NBGRADER_LAB = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyter" / "nbgrader"
NBGRADER_SERVER = labview.config_dir(Path(sys.prefix)) / "jupyter_server_config.d" / "nbgrader.json"
KEPT = (
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.validate_assignment",
)


def seen(prefix: Path) -> tuple[dict[str, bool], dict[str, bool]]:
    """The disabled lab plugins and the server extensions, as Jupyter reads them from the
    environment at ``prefix`` over this one's (where nbgrader enables all four)."""
    path = [str(labview.config_dir(prefix)), str(labview.config_dir(Path(sys.prefix)))]
    page = ConfigManager(read_config_path=[f"{p}/labconfig" for p in path]).get("page_config")
    server = ExtensionConfigManager(read_config_path=path).get_jpserver_extensions()
    return page.get("disabledExtensions", {}), server


def test_a_student_sees_none_of_nbgraders_instructor_tools(tmp_path):
    labview.apply_view(tmp_path, "student")
    disabled, server = seen(tmp_path)
    assert {name for name, off in disabled.items() if off} >= set(labview.INSTRUCTOR_LAB_PLUGINS)
    for name in labview.INSTRUCTOR_SERVER_EXTENSIONS:
        assert server[name] is False, name
    for name in KEPT:  # what the course's Assignments panel and Validate call
        assert server[name] is True, name


def test_an_instructor_sees_them_all_again_and_other_settings_stay(tmp_path):
    """The instructor's view undoes the student's; what else the files hold is kept (the
    older list form of disabledExtensions too)."""
    folder = labview.config_dir(tmp_path)
    (folder / "labconfig").mkdir(parents=True)
    (folder / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": ["some-extension:plugin"], "other": 1})
    )
    (folder / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": {"jupyterlab": True}, "port": 9}})
    )
    labview.apply_view(tmp_path, "student")
    labview.apply_view(tmp_path, "instructor")
    disabled, server = seen(tmp_path)
    assert {name for name, off in disabled.items() if off} == {"some-extension:plugin"}
    for name in (*labview.INSTRUCTOR_SERVER_EXTENSIONS, *KEPT, "jupyterlab"):
        assert server[name] is True, name
    page = json.loads((folder / "labconfig" / "page_config.json").read_text())
    assert page["other"] == 1
    assert json.loads((folder / "jupyter_server_config.json").read_text())["ServerApp"]["port"] == 9


def test_applying_a_view_twice_changes_nothing(tmp_path):
    first = {p: p.read_bytes() for p in labview.apply_view(tmp_path, "student")}
    second = {p: p.read_bytes() for p in labview.apply_view(tmp_path, "student")}
    assert first == second


def test_an_unknown_role_is_refused(tmp_path):
    with pytest.raises(ValueError, match="student"):
        labview.apply_view(tmp_path, "teacher")
    assert not (tmp_path / "etc").exists()


def test_the_names_are_those_of_the_installed_nbgrader():
    """A plugin or server extension renamed by a newer nbgrader fails here, not silently."""
    bundle = "".join(p.read_text("utf-8") for p in (NBGRADER_LAB / "static").glob("*.js"))
    plugins = set(re.findall(r'"(@jupyter/nbgrader:[\w-]+)"', bundle))
    assert set(labview.INSTRUCTOR_LAB_PLUGINS) < plugins, plugins
    # The server extensions nbgrader's installation turns on.
    enabled = json.loads(NBGRADER_SERVER.read_text("utf-8"))["ServerApp"]["jpserver_extensions"]
    assert set(enabled) == {*labview.INSTRUCTOR_SERVER_EXTENSIONS, *KEPT}, enabled


@pytest.mark.slow
def test_make_setup_gives_the_course_environment_the_students_view(tmp_path):
    """`make setup` runs the module as a command on the environment it made."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("no make")
    venv = tmp_path / "venv"
    dry = subprocess.run(
        [make, "-n", "-B", "-C", str(ROOT), "setup", f"VENV={venv}", f"PYTHON={sys.executable}"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert f"{venv}/bin/python -m autograder.student.labview student" in dry.stdout, dry.stdout
    out = subprocess.run(
        [sys.executable, "-m", "autograder.student.labview", "student", "--prefix", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert out.stdout.split() == [
        str(labview.config_dir(tmp_path) / "labconfig" / "page_config.json"),
        str(labview.config_dir(tmp_path) / "jupyter_server_config.json"),
    ]
