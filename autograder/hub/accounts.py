"""Unix accounts for the people on the hub (JupyterHub's ``LocalProcessSpawner`` runs each
single-user server as its own user, which is also how nbgrader tells students apart), and
what each account's home needs: nbgrader's settings and the interface language (which of
nbgrader's tools show is the environment's: ``environments.py``)."""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import subprocess
from pathlib import Path

from autograder.build.release import COURSE_ID
from autograder.errors import CourseError
from autograder.hub.roster import Member

LOCALES = {"en": "en", "zh": "zh_CN"}

STUDENT_NBGRADER = '''\
"""nbgrader for a student of this hub (written by `backprop hub init`)."""
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = {course_id!r}
c.Exchange.root = {exchange!r}
'''
INSTRUCTOR_NBGRADER = '''\
"""nbgrader for an instructor of this hub (written by `backprop hub init`): the course's own
settings, so that formgrader grades in the sandbox as `backprop autograde` does."""
from autograder.course import settings

c = get_config()  # noqa: F821
settings.apply(c)
c.CourseDirectory.root = {course!r}
c.Exchange.root = {exchange!r}
# Several instructors (and the grading service) share the course and the exchange through
# the graders' group instead of one owner; nbgrader then skips its "you own it" checks.
c.CourseDirectory.groupshared = True
'''
# JupyterHub >= 4.1 sends `frame-ancestors 'none'` from single-user servers unless the server
# sets its own Content-Security-Policy; formgrader is a page of the same server shown in an
# iframe, so the instructor's server allows framing by itself (and by nothing else).
INSTRUCTOR_SERVER = '''\
"""Jupyter Server for an instructor of this hub (written by `backprop hub init`)."""
c = get_config()  # noqa: F821
c.ServerApp.tornado_settings = {{
    "headers": {{"Content-Security-Policy": "frame-ancestors 'self'"}}
}}
'''


class AccountError(CourseError):
    """A Unix account or group could not be made; the message says which and why."""


def ensure_group(name: str) -> int:
    """The graders' group (created if missing); returns its gid."""
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        _run(["groupadd", name])
        return grp.getgrnam(name).gr_gid


def ensure_user(member: Member, home_base: Path, group: str) -> pwd.struct_passwd:
    """The Unix user of ``member`` (created with a home under ``home_base`` if missing);
    instructors are added to the graders' ``group``."""
    try:
        user = pwd.getpwnam(member.name)
    except KeyError:
        home = home_base / member.name
        _run(
            [
                "useradd",
                "--create-home",
                "--home-dir",
                str(home),
                "--shell",
                "/bin/bash",
                member.name,
            ]
        )
        user = pwd.getpwnam(member.name)
    # Homes hold work in progress and nbgrader's submission secrets: their owner's alone.
    os.chmod(user.pw_dir, 0o700)
    if member.role == "instructor":
        _run(["usermod", "--append", "--groups", group, member.name])
    return user


def remove_user(name: str) -> None:
    """Delete the Unix user ``name`` and its home (nothing if it does not exist)."""
    try:
        pwd.getpwnam(name)
    except KeyError:
        return
    subprocess.run(["pkill", "--uid", name], check=False)
    _run(["userdel", "--remove", name], ok=(0, 12))  # 12: home already gone


def remove_group(name: str) -> None:
    try:
        grp.getgrnam(name)
    except KeyError:
        return
    _run(["groupdel", name])


def write_home(member: Member, user: pwd.struct_passwd, course: Path, exchange: Path) -> None:
    """nbgrader's settings and the interface language, in the user's own ``~/.jupyter``
    (owned by the user, who may change the language later)."""
    jupyter = Path(user.pw_dir) / ".jupyter"
    instructor = member.role == "instructor"
    if instructor:
        # formgrader works only on a course folder inside the server's root (nbgrader compares
        # the paths as text): the course appears in the instructor's home as a link.
        link = Path(user.pw_dir) / "course"
        if not link.is_symlink():
            link.symlink_to(course, target_is_directory=True)
            os.lchown(link, user.pw_uid, user.pw_gid)
        nbgrader = INSTRUCTOR_NBGRADER.format(course=str(link), exchange=str(exchange))
        _write(jupyter / "jupyter_server_config.py", INSTRUCTOR_SERVER.format())
    else:
        # Which of nbgrader's tools show is the student environment's (environments.py).
        nbgrader = STUDENT_NBGRADER.format(course_id=COURSE_ID, exchange=str(exchange))
    _write(jupyter / "nbgrader_config.py", nbgrader)
    settings = jupyter / "lab" / "user-settings" / "@jupyterlab"
    locale = {"locale": LOCALES[member.lang]}
    _write(settings / "translation-extension" / "plugin.jupyterlab-settings", json.dumps(locale))
    # No news feed from the internet in a classroom.
    news = {"fetchNews": "false"}
    _write(settings / "apputils-extension" / "notification.jupyterlab-settings", json.dumps(news))
    for folder, _, files in os.walk(jupyter):
        os.chown(folder, user.pw_uid, user.pw_gid)
        for name in files:
            os.chown(os.path.join(folder, name), user.pw_uid, user.pw_gid)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _run(command: list[str], ok: tuple[int, ...] = (0,)) -> None:
    if shutil.which(command[0]) is None:
        raise AccountError("cli.error.hub_tool_missing", tool=command[0])
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode not in ok:
        reason = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "?"
        raise AccountError("cli.error.hub_command_failed", command=" ".join(command), reason=reason)
