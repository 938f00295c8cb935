"""The Python environments single-user servers run in. Both are light virtual environments
over the course's own libraries (JupyterLab, nbgrader, NumPy, …), seen through one folder of
links that leaves out this package: the student environment adds only the student bundle
(``autograder.student``), the instructor environment adds the whole course package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from autograder.build.paths import ROOT
from autograder.course.student_bundle import write_student_bundle
from autograder.errors import CourseError
from autograder.student import labview

# Entries of the course's site-packages that belong to this package, not to a library.
OWN = ("autograder", "__editable__", "backprop_from_scratch")
PTH = "backprop-libraries.pth"


class EnvironmentUnusable(CourseError):
    """An environment could not be made; the message says what to install."""


def users_python() -> Path:
    """An interpreter every user may run: this one if its whole path is open to others (a
    Python under /root is not), else the system's Python of the same version."""
    here = Path(sys.base_prefix) / "bin" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    candidates = [here, Path(f"/usr/bin/python{sys.version_info[0]}.{sys.version_info[1]}")]
    for candidate in candidates:
        if candidate.exists() and _open_to_others(candidate.resolve()):
            return candidate
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    raise EnvironmentUnusable("cli.error.hub_no_python", version=version)


def _open_to_others(path: Path) -> bool:
    """Whether users other than the owner may run ``path`` (every folder on the way open)."""
    return all(os.stat(p).st_mode & 0o001 for p in [*path.parents, path])


def make_environment(target: Path, instructor: bool) -> Path:
    """Create the environment at ``target`` and return its ``python``."""
    if target.exists():
        shutil.rmtree(target)
    subprocess.run([str(users_python()), "-m", "venv", "--without-pip", str(target)], check=True)
    purelib = Path(sysconfig.get_paths(vars={"base": str(target)})["purelib"])
    links = target / "libraries"
    links.mkdir()
    course_libs = Path(sysconfig.get_paths()["purelib"])
    for entry in course_libs.iterdir():
        if not entry.name.startswith(OWN) and entry.suffix != ".pth":
            (links / entry.name).symlink_to(entry)
    paths = [str(links)]
    if instructor:
        paths.append(str(ROOT))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            package = write_student_bundle(Path(tmp))
            shutil.copytree(package, purelib / "autograder")
    (purelib / PTH).write_text("\n".join(paths) + "\n", encoding="utf-8")
    # sys.prefix is the environment: JupyterLab's assets, the extensions and the server's
    # settings are found under it, so it shares the course's, except for what it shows of
    # nbgrader, which is the role's own.
    (target / "share").mkdir(exist_ok=True)
    (target / "share" / "jupyter").symlink_to(Path(sys.prefix) / "share" / "jupyter")
    _settings_for(target, "instructor" if instructor else "student")
    return target / "bin" / "python"


def _settings_for(target: Path, role: str) -> None:
    """The environment's ``etc/jupyter``: links to the course's settings, but its own copy of
    the two files that say which of nbgrader's tools show (``labview``), then ``role``'s view."""
    course = labview.config_dir(Path(sys.prefix))
    mine = labview.config_dir(target)
    mine.mkdir(parents=True)
    own = {labview.PAGE_CONFIG.parts[0], labview.SERVER_CONFIG.name}
    if course.is_dir():
        for entry in course.iterdir():
            if entry.name in own:
                copy = shutil.copytree if entry.is_dir() else shutil.copyfile
                copy(entry, mine / entry.name)
            else:
                (mine / entry.name).symlink_to(entry)
    labview.apply_view(target, role)
