"""The Kubernetes files: the students' image context holds exactly the student bundle, and
the values file is YAML using only keys Zero to JupyterHub documents. (No cluster runs here.)"""

from __future__ import annotations

import filecmp
from pathlib import Path

import yaml

from autograder.build.paths import ROOT
from autograder.course.student_bundle import write_student_bundle
from autograder.hub.kubernetes import DEPLOY, VALUES, student_image_context

# Keys the jupyterhub chart 4.4.0 documents (its values.schema.yaml), as used in values.yaml;
# below a key that takes free-form content (JupyterHub's config, a service, a volume, a file)
# the chart does not look.
DOCUMENTED = {
    "hub",
    "hub.image",
    "hub.image.name",
    "hub.image.tag",
    "hub.config",
    "hub.services",
    "hub.extraEnv",
    "hub.containerSecurityContext",
    "hub.extraVolumes",
    "hub.extraVolumeMounts",
    "hub.extraConfig",
    "singleuser",
    "singleuser.image",
    "singleuser.image.name",
    "singleuser.image.tag",
    "singleuser.defaultUrl",
    "singleuser.storage",
    "singleuser.storage.extraVolumes",
    "singleuser.storage.extraVolumeMounts",
    "singleuser.extraFiles",
    "singleuser.lifecycleHooks",
    "singleuser.memory",
    "singleuser.memory.limit",
    "singleuser.memory.guarantee",
    "singleuser.cpu",
    "singleuser.cpu.limit",
    "cull",
    "cull.enabled",
}
FREE_FORM = {
    "hub.config",
    "hub.services",
    "hub.extraEnv",
    "hub.containerSecurityContext",
    "hub.extraConfig",
    "singleuser.extraFiles",
    "singleuser.lifecycleHooks",
}


def files(root: Path) -> set[str]:
    return {
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_student_image_context_is_the_student_bundle_and_nothing_else(tmp_path):
    context = student_image_context(tmp_path / "context")
    bundle = tmp_path / "bundle"
    write_student_bundle(bundle)
    extension = ROOT / "labextension"
    extension_files = {"pyproject.toml"} | {
        f"backprop_grading/{name}" for name in files(extension / "backprop_grading")
    }
    assert files(context) == {"Dockerfile", "requirements.txt"} | {
        f"student-pkg/{name}" for name in files(bundle)
    } | {f"labextension-pkg/{name}" for name in extension_files}
    for name in extension_files:
        assert filecmp.cmp(extension / name, context / "labextension-pkg" / name, shallow=False)
    for name in files(bundle):
        assert filecmp.cmp(bundle / name, context / "student-pkg" / name, shallow=False), name
    packages = {p.parent.name for p in (context / "student-pkg").rglob("*.py")}
    assert not packages & {"reference", "mistakes", "hidden", "grader", "sandbox", "course"}
    # Nor the grader-only texts (mistakes' names and hints, grading messages): the student
    # side of the catalogue only.
    catalogues = {str(p.relative_to(context)) for p in context.rglob("autograder/**/*.toml")}
    assert catalogues and all(p.startswith("student-pkg/autograder/student/") for p in catalogues)
    assert not [p for p in catalogues if (context / p).read_text("utf-8").count("[mistake.")]
    dockerfile = (context / "Dockerfile").read_text()
    assert "COPY student-pkg" in dockerfile
    assert "COPY labextension-pkg" in dockerfile
    # The student's view of nbgrader, from the one module every student environment uses.
    assert "RUN python -m autograder.student.labview student" in dockerfile
    assert (context / "student-pkg" / "autograder" / "student" / "labview.py").is_file()
    pins = (context / "requirements.txt").read_text().split()
    assert all("==" in pin for pin in pins) and any(p.startswith("nbgrader==") for p in pins)


def test_values_file_is_yaml_with_documented_keys():
    values = yaml.safe_load(VALUES.read_text(encoding="utf-8"))
    used = set()

    def walk(node: dict, prefix: str) -> None:
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else key
            used.add(path)
            if isinstance(value, dict) and path not in FREE_FORM:
                walk(value, path)

    walk(values, "")
    assert used <= DOCUMENTED, used - DOCUMENTED
    service = values["hub"]["services"]["backprop-grader"]
    assert service["command"][1:3] == ["-m", "autograder.hub.service"]
    mounts = {m["mountPath"] for m in values["singleuser"]["storage"]["extraVolumeMounts"]}
    assert "/srv/nbgrader/exchange" in mounts  # the exchange on a shared volume
    assert "frame-ancestors 'self'" in values["hub"]["extraConfig"]["backprop"]
    assert (DEPLOY / "grader.Dockerfile").is_file()
