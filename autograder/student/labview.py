"""What a JupyterLab shows of nbgrader: a student's shows none of its instructor tools, an
instructor's shows them all.

nbgrader's instructor tools (the *Nbgrader* menu, *Create Assignment*, *Formgrader*, the
course list) speak English only and are no student's business; its English student panels
(*Assignments*, *Validate*) are replaced wherever the course's extension ``backprop-grading``
is installed (that extension's own ``disabledExtensions``), so they are not listed here.

The view is written into a Python environment's ``etc/jupyter``, the files that
``jupyter labextension disable --level=sys_prefix`` and ``jupyter server extension disable
--sys-prefix`` write: ``labconfig/page_config.json`` and ``jupyter_server_config.json``.
``make setup`` gives the course's environment the student's view (a self-learner is a
student too); ``backprop hub init`` gives the hub's student environment the student's view
and its instructor environment the instructor's; the student image runs
``python -m autograder.student.labview student``. An instructor working on their own machine
runs ``python -m autograder.student.labview instructor`` to get formgrader back.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROLES = ("student", "instructor")
# nbgrader's JupyterLab plugins that only an instructor uses (ids from
# share/jupyter/labextensions/@jupyter/nbgrader). The menu's items are the course list, both
# formgraders and create-assignment, and its palette entries the same.
INSTRUCTOR_LAB_PLUGINS = (
    "@jupyter/nbgrader:menu",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
)
# nbgrader's server extensions behind those plugins. A student's server keeps
# assignment_list (fetch, submit, feedback, the course ids) and validate_assignment, which
# the course's extension calls.
INSTRUCTOR_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
)
PAGE_CONFIG = Path("labconfig") / "page_config.json"
SERVER_CONFIG = Path("jupyter_server_config.json")


def config_dir(prefix: Path) -> Path:
    """The environment's Jupyter settings folder (``{sys.prefix}/etc/jupyter``)."""
    return prefix / "etc" / "jupyter"


def apply_view(prefix: Path, role: str) -> list[Path]:
    """Write ``role``'s view of nbgrader into the environment at ``prefix``, keeping
    whatever else the two files hold; running it again changes nothing. Returns the files."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, not {role!r}")
    student = role == "student"
    folder = config_dir(prefix)
    page = _read(folder / PAGE_CONFIG)
    disabled = page.get("disabledExtensions", {})
    if isinstance(disabled, list):  # the older form: a list of disabled ids
        disabled = dict.fromkeys(disabled, True)
    # false, not absent: an instructor's environment overrides a lower level's "disabled".
    disabled.update(dict.fromkeys(INSTRUCTOR_LAB_PLUGINS, student))
    page["disabledExtensions"] = disabled
    server = _read(folder / SERVER_CONFIG)
    extensions = server.setdefault("ServerApp", {}).setdefault("jpserver_extensions", {})
    extensions.update(dict.fromkeys(INSTRUCTOR_SERVER_EXTENSIONS, not student))
    written = []
    for relative, data in ((PAGE_CONFIG, page), (SERVER_CONFIG, server)):
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file() or not path.stat().st_size:
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def main(argv: list[str] | None = None) -> None:
    """``python -m autograder.student.labview student|instructor [--prefix PATH]``."""
    parser = argparse.ArgumentParser(
        prog="python -m autograder.student.labview",
        description="Show or hide nbgrader's instructor tools in an environment's JupyterLab.",
    )
    parser.add_argument("role", choices=ROLES)
    parser.add_argument(
        "--prefix", type=Path, default=Path(sys.prefix), help="the environment (default: this one)"
    )
    args = parser.parse_args(argv)
    for path in apply_view(args.prefix, args.role):
        print(path)


if __name__ == "__main__":
    main()
