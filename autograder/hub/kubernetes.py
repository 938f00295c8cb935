"""Zero to JupyterHub (Kubernetes): the build context of the students' image, made from the
student bundle, and the files in ``deploy/kubernetes``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from autograder.build.paths import ROOT
from autograder.course.student_bundle import write_student_bundle

DEPLOY = ROOT / "deploy" / "kubernetes"
VALUES = DEPLOY / "values.yaml"
LABEXTENSION = ROOT / "labextension"
CHART_VERSION = "4.4.0"  # the jupyterhub Helm chart; its hub image runs JupyterHub 5.5.0
CHART_JUPYTERHUB = "5.5.0"
# What a student's server needs from requirements.txt (the pins are taken from there).
STUDENT_PACKAGES = (
    "numpy",
    "matplotlib",
    "scikit-learn",
    "torch",
    "jupyterlab",
    "nbgrader",
    "nbformat",
    "mpl-font",
    "threadpoolctl",
    "jupyterlab-language-pack-zh-CN",
)


def student_requirements(requirements: Path = ROOT / "requirements.txt") -> list[str]:
    """The student image's pins: the course's, plus the single-user JupyterHub that matches
    the chart's hub."""
    pins = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if match:
            pins[match[1].lower()] = line.strip()
    missing = [name for name in STUDENT_PACKAGES if name.lower() not in pins]
    if missing:
        raise KeyError(f"requirements.txt pins none of: {', '.join(missing)}")
    return [pins[name.lower()] for name in STUDENT_PACKAGES] + [f"jupyterhub=={CHART_JUPYTERHUB}"]


def student_image_context(target: Path) -> Path:
    """Write the build context of the students' image into ``target``: the Dockerfile, the
    pinned requirements, the student bundle (``student-pkg``) and the course's prebuilt
    JupyterLab extension (``labextension-pkg``). Returns ``target``."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copyfile(DEPLOY / "student.Dockerfile", target / "Dockerfile")
    (target / "requirements.txt").write_text(
        "\n".join(student_requirements()) + "\n", encoding="utf-8"
    )
    write_student_bundle(target / "student-pkg")
    # The extension as `make setup` installs it: its Python packaging and the committed build.
    extension = target / "labextension-pkg"
    extension.mkdir()
    shutil.copyfile(LABEXTENSION / "pyproject.toml", extension / "pyproject.toml")
    shutil.copytree(
        LABEXTENSION / "backprop_grading",
        extension / "backprop_grading",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    return target
