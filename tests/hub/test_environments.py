"""The hub's two environments: what each one's JupyterLab shows of nbgrader, as a server
started from it reads its settings (students: no instructor tool; instructors: all)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from autograder.hub.environments import EnvironmentUnusable, make_environment, users_python
from autograder.student import labview

pytestmark = pytest.mark.slow
# Run by the environment's own Python: its settings as JupyterLab and Jupyter Server read them.
READ_SETTINGS = """
import json
from jupyter_core.paths import jupyter_config_path, jupyter_path
from jupyter_server.extension.config import ExtensionConfigManager
from jupyterlab_server.config import get_page_config

page = get_page_config(jupyter_path("labextensions"))
server = ExtensionConfigManager(read_config_path=jupyter_config_path()).get_jpserver_extensions()
print(json.dumps({"disabled": sorted(page["disabledExtensions"]), "server": server}))
"""
STUDENT_SIDE = (
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.validate_assignment",
)


@pytest.fixture(scope="module")
def environments(tmp_path_factory) -> dict[str, dict]:
    try:
        users_python()
    except EnvironmentUnusable as error:
        pytest.skip(str(error))
    base = tmp_path_factory.mktemp("environments")
    seen = {}
    for role in labview.ROLES:
        python = make_environment(base / f"{role}-env", instructor=role == "instructor")
        home = base / f"home-{role}"
        home.mkdir()
        done = subprocess.run(
            [str(python), "-c", READ_SETTINGS],
            env={"HOME": str(home), "PATH": os.environ["PATH"]},
            capture_output=True,
            text=True,
            check=True,
        )
        seen[role] = json.loads(done.stdout)
    return seen


def test_config_of_the_student_environment_hides_nbgraders_instructor_tools(environments):
    seen = environments["student"]
    assert set(labview.INSTRUCTOR_LAB_PLUGINS) <= set(seen["disabled"]), seen["disabled"]
    for name in labview.INSTRUCTOR_SERVER_EXTENSIONS:
        assert seen["server"][name] is False, name
    for name in STUDENT_SIDE:
        assert seen["server"][name] is True, name


def test_config_of_the_instructor_environment_keeps_formgrader_and_create_assignment(
    environments,
):
    seen = environments["instructor"]
    assert not set(labview.INSTRUCTOR_LAB_PLUGINS) & set(seen["disabled"]), seen["disabled"]
    for name in (*labview.INSTRUCTOR_SERVER_EXTENSIONS, *STUDENT_SIDE):
        assert seen["server"][name] is True, name
