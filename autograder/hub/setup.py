"""``backprop hub init``: write everything a JupyterHub for this course needs into one folder."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from autograder.build.paths import ROOT
from autograder.build.release import COURSE_ID
from autograder.course.directory import init_course
from autograder.course.lock import LOCK_FILE
from autograder.course.roster import import_roster
from autograder.errors import CourseError
from autograder.hub import accounts, environments
from autograder.hub.hubconfig import SETTINGS
from autograder.hub.policy import DEFAULT_POLICY, POLICY
from autograder.hub.roster import Member
from autograder.hub.template import CONFIG

PROXY = ROOT / "build" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
PROXY_INSTALL = "npm install --prefix build/node configurable-http-proxy@5.3.0"
# The parts of this repository that know the answers: readable by the graders' group only.
ANSWERS = (
    "autograder/reference",
    "autograder/mistakes",
    "autograder/hidden",
    "autograder/catalogue",  # mistakes' names and hints, grading messages: grader-only texts
    "solutions",
    "content",
)


class HubSetupError(CourseError):
    """The hub cannot be set up here; the message says what to do."""


def proxy_command() -> Path:
    """configurable-http-proxy: the project's pinned copy, else one on PATH."""
    if PROXY.exists():
        return PROXY
    found = shutil.which("configurable-http-proxy")
    if found:
        return Path(found)
    raise HubSetupError("cli.error.hub_no_proxy", root=ROOT, command=PROXY_INSTALL)


def init_hub(
    hub: Path,
    members: list[Member],
    *,
    port: int = 8000,
    ip: str = "",
    auth: str = "pam",
    home_base: Path = Path("/home"),
    group: str = "backprop-graders",
) -> Path:
    """Create the hub folder ``hub``: Unix users and their settings, the course directory,
    the exchange, the two Python environments, ``hub_policy.toml`` and
    ``jupyterhub_config.py``. Safe to run again (after adding people to the roster)."""
    if os.geteuid() != 0:
        raise HubSetupError("cli.error.hub_not_root")
    hub = hub.resolve()
    closed = [p for p in hub.parents if p.exists() and not p.stat().st_mode & 0o001]
    if closed:
        raise HubSetupError("cli.error.hub_closed_folder", hub=hub, closed=closed[0])
    proxy = proxy_command()
    course, exchange, state = hub / "course", hub / "exchange", hub / "state"
    hub.mkdir(parents=True, exist_ok=True)
    os.chmod(hub, 0o755)
    state.mkdir(exist_ok=True)
    os.chmod(state, 0o700)

    gid = accounts.ensure_group(group)
    users = {m.name: accounts.ensure_user(m, home_base, group) for m in members}
    instructor = next(users[m.name] for m in members if m.role == "instructor")

    _exchange(exchange, gid)
    if not (course / "nbgrader_config.py").is_file():
        init_course(course, exchange)
        with (course / "nbgrader_config.py").open("a", encoding="utf-8") as handle:
            handle.write("c.CourseDirectory.groupshared = True  # instructors + grading service\n")
        (course / POLICY).write_text(DEFAULT_POLICY, encoding="utf-8")
    import_roster(course, [m.student for m in members if m.role == "student"])
    # The course's lock, shared by the grading service (root) and the instructors' commands
    # (their own users): made now, so that it is the group's to write like the rest.
    (course / LOCK_FILE).touch()
    # The course (sources with solutions, hidden tests, gradebook, submissions): the
    # instructors' group only. setgid: what the grading service writes stays in the group.
    _own_tree(course, instructor.pw_uid, gid)
    os.chmod(course, 0o2770)
    for part in ANSWERS:
        if (ROOT / part).exists():
            os.chown(ROOT / part, 0, gid)
            os.chmod(ROOT / part, 0o750)

    student_python = environments.make_environment(hub / "student-env", instructor=False)
    instructor_python = environments.make_environment(hub / "instructor-env", instructor=True)
    for m in members:
        accounts.write_home(m, users[m.name], course, exchange)

    settings = {
        "course": str(course),
        "exchange": str(exchange),
        "state": str(state),
        "group": group,
        "ip": ip,
        "port": port,
        "auth": auth,
        "proxy": str(proxy),
        "student_python": str(student_python),
        "instructor_python": str(instructor_python),
        "python": sys.executable,
        "members": {m.name: {"role": m.role, "lang": m.lang} for m in members},
    }
    (hub / SETTINGS).write_text(json.dumps(settings, indent=1), encoding="utf-8")
    config = hub / "jupyterhub_config.py"
    config.write_text(CONFIG.format(hub=str(hub)), encoding="utf-8")
    return config


def _exchange(exchange: Path, gid: int) -> None:
    """nbgrader's exchange, made ahead with the modes nbgrader's groupshared mode expects:
    anyone may write into ``inbound`` but not list it; the outbound and feedback folders
    are written by the graders' group only (feedback: not listable either)."""
    exchange.mkdir(parents=True, exist_ok=True)
    os.chmod(exchange, 0o1777)  # nbgrader requires o+rwx here; sticky: no one removes others'
    course = exchange / COURSE_ID
    modes = {
        course: 0o2775,
        course / "outbound": 0o2775,
        course / "inbound": 0o2733,
        course / "feedback": 0o2771,
    }
    for folder, mode in modes.items():
        folder.mkdir(exist_ok=True)
        os.chown(folder, 0, gid)
        os.chmod(folder, mode)


def _own_tree(root: Path, uid: int, gid: int) -> None:
    for folder, _, files in os.walk(root):
        os.chown(folder, uid, gid)
        os.chmod(folder, 0o2770)
        for name in files:
            os.chown(os.path.join(folder, name), uid, gid)
            os.chmod(os.path.join(folder, name), 0o660)
