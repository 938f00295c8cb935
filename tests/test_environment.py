"""The environment definitions: requirements.txt and environment.yml agree, torch is pinned."""

import re
import tomllib

from autograder.build.paths import ROOT


def requirements() -> list[str]:
    lines = (ROOT / "requirements.txt").read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def environment_pip() -> list[str]:
    text = (ROOT / "environment.yml").read_text("utf-8")
    pip_block = text.split("- pip:", 1)[1]
    entries = re.findall(r"^\s+- (.+)$", pip_block, re.M)
    return [e.strip() for e in entries if e.strip() != "-e ."]


def test_environment_yml_mirrors_requirements():
    assert environment_pip() == requirements()


def test_every_requirement_is_pinned_and_torch_is_the_cpu_release_on_disk():
    for line in requirements():
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][A-Za-z0-9.]*", line), line
    assert "torch==2.13.0" in requirements()


def test_python_version_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["requires-python"] == ">=3.11,<3.12"
    assert "python=3.11" in (ROOT / "environment.yml").read_text("utf-8")
