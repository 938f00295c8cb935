"""The environment definitions agree (requirements.txt, environment.yml, pyproject.toml, the
Makefile), and the environment the tests run in is the one they define."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from autograder.build.paths import ROOT


def requirements() -> list[str]:
    lines = (ROOT / "requirements.txt").read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def environment_pip() -> list[str]:
    text = (ROOT / "environment.yml").read_text("utf-8")
    pip_block = text.split("- pip:", 1)[1]
    entries = re.findall(r"^\s+- (.+)$", pip_block, re.M)
    return [e.strip() for e in entries if e.strip() != "-e ."]


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]


def supported_pythons() -> SpecifierSet:
    return SpecifierSet(project()["requires-python"])


def test_environment_yml_mirrors_requirements():
    assert environment_pip() == requirements()


def test_pyproject_declares_every_requirement():
    """Does `pip install .[dev,postgresql]` ask for exactly what requirements.txt pins?"""
    extras = project()["optional-dependencies"].values()
    declared = project()["dependencies"] + [line for extra in extras for line in extra]
    assert sorted(declared) == sorted(requirements())


def test_the_tests_run_in_the_pinned_environment():
    """Is every pinned package installed at its pin here (`make setup` again if not)?"""
    wrong = {}
    for line in requirements():
        requirement = Requirement(line)
        assert str(requirement.specifier).startswith("=="), f"{line}: pin it with =="
        installed = Version(metadata.version(canonicalize_name(requirement.name)))
        # A local build such as torch 2.13.0+cpu is the pinned release.
        if Version(installed.public) not in requirement.specifier:
            wrong[requirement.name] = str(installed)
    assert wrong == {}


def test_this_python_is_a_supported_one():
    assert ".".join(map(str, sys.version_info[:3])) in supported_pythons()


def test_make_setup_and_conda_choose_among_the_supported_pythons():
    """Do the Makefile's list and environment.yml's Python name exactly what pyproject admits?"""
    admitted = [f"3.{minor}" for minor in range(30) if f"3.{minor}.0" in supported_pythons()]
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert re.search(r"^SUPPORTED := (.+)$", makefile, re.M).group(1).split() == admitted
    conda = re.search(r"^\s+- python=(\S+)$", (ROOT / "environment.yml").read_text("utf-8"), re.M)
    assert conda.group(1) in admitted


def test_make_setup_names_the_supported_versions_when_it_finds_none(tmp_path):
    """Without a supported Python, or given another, does `make setup` stop before creating
    anything and say which versions work, in both languages?"""
    other = tmp_path / "python3.10"
    other.write_text("#!/bin/sh\nexit 1\n")  # answers the version question with "no"
    other.chmod(0o755)
    make = shutil.which("make")
    runs = {
        "none found": {"PATH": str(tmp_path)},  # holds no python3.x
        "another": {"PATH": os.environ["PATH"], "PYTHON": str(other)},
    }
    for case, env in runs.items():
        venv = tmp_path / f"venv-{case}"
        done = subprocess.run(
            [make, "-s", "-C", str(ROOT), "setup", f"VENV={venv}"],
            env={"HOME": str(tmp_path), **env},
            capture_output=True,
            text=True,
        )
        assert done.returncode != 0, case
        assert "Python 3.11 3.12 3.13" in done.stderr and "本课程需要" in done.stderr, case
        assert not venv.exists(), case
