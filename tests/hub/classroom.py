"""A real hub for the tests: Unix users from a roster, `backprop hub init`, lesson 01
released, `backprop hub start` on a free loopback port; everything removed afterwards.

Outside CI a machine without what the hub needs (root, useradd, JupyterHub, the proxy,
bubblewrap) skips these tests and says what is missing; in CI (``CI`` set) it fails them.
"""

from __future__ import annotations

import csv
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from autograder.build.paths import ROOT
from autograder.hub.hubconfig import free_port
from autograder.hub.setup import ANSWERS

LESSON = "01-gradient-descent"
START_SECONDS = 120


def missing() -> str | None:
    """What this machine lacks to run a hub, or None."""
    if os.geteuid() != 0:
        return "the hub tests create Unix users: run them as root (CI does)"
    for tool in ("useradd", "userdel", "groupadd", "runuser", "bwrap"):
        if shutil.which(tool) is None:
            return f"the hub tests need `{tool}` (apt-get install passwd util-linux bubblewrap)"
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        return "the hub tests need JupyterHub: pip install -r requirements.txt"
    from autograder.hub.environments import EnvironmentUnusable, users_python
    from autograder.hub.setup import HubSetupError, proxy_command

    try:
        proxy_command()
        users_python()
    except (HubSetupError, EnvironmentUnusable) as error:
        return str(error)
    return None


def require_hub() -> None:
    reason = missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@dataclass
class Classroom:
    hub: Path
    origin: str
    instructor: str
    students: dict[str, str]  # name -> lang
    process: subprocess.Popen
    log: Path
    extra: list[str] = field(default_factory=list)  # further students (the burst)

    @property
    def course(self) -> Path:
        return self.hub / "course"

    @property
    def exchange(self) -> Path:
        return self.hub / "exchange"

    def home(self, name: str) -> Path:
        return Path(pwd.getpwnam(name).pw_dir)

    def student_python(self) -> Path:
        return self.hub / "student-env" / "bin" / "python"

    def as_user(self, name: str, *command: str, check: bool = False, timeout: float = 120):
        """Run ``command`` as the Unix user ``name`` in their home, with the student
        environment first on PATH (as on their server)."""
        env = {
            "HOME": str(self.home(name)),
            "PATH": f"{self.student_python().parent}:/usr/bin:/bin",
            "LANG": "C.UTF-8",
        }
        return subprocess.run(
            [
                "runuser",
                "-u",
                name,
                "--",
                "env",
                "-i",
                *(f"{k}={v}" for k, v in env.items()),
                *command,
            ],
            cwd=self.home(name),
            capture_output=True,
            text=True,
            check=check,
            timeout=timeout,
        )

    def nbgrader(self, name: str, *args: str):
        return self.as_user(name, str(self.student_python()), "-m", "nbgrader", *args, check=True)

    def write_answer(self, name: str, assignment: str, notebook) -> Path:
        """Put ``notebook`` where the student's fetched copy is, owned by the student."""
        path = self.home(name) / assignment / f"{LESSON}.ipynb"
        nbformat.write(notebook, path)
        user = pwd.getpwnam(name)
        os.chown(path, user.pw_uid, user.pw_gid)
        return path

    def ledger(self) -> list[dict]:
        import json

        path = self.hub / "state" / "graded.jsonl"
        if not path.is_file():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

    def service_pid(self) -> int | None:
        """The running grading service of this hub (its process, not a worker)."""
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                args = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"autograder.hub.service" in args and str(self.hub).encode() in args:
                return int(proc.name)
        return None


def open_classroom(root: Path, burst: int = 0) -> Classroom:
    """Make the users, init and start the hub under ``root``."""
    require_hub()
    tag = secrets.token_hex(2)
    instructor = f"hub{tag}-teacher"
    students = {f"hub{tag}-en": "en", f"hub{tag}-zh": "zh", f"hub{tag}-slip": "en"}
    extra = [f"hub{tag}-b{i}" for i in range(burst)]
    roster = root / "students.csv"
    with roster.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "email", "lang", "role"])
        writer.writerow([instructor, "Ada Lovelace", "ada@example.org", "en", "instructor"])
        for name, lang in [*students.items(), *((n, "en") for n in extra)]:
            writer.writerow([name, f"Student {name}", f"{name}@example.org", lang, "student"])
    hub, port = root / "hub", free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), BACKPROP_HUB_WORKERS="2")
    cli = [sys.executable, "-m", "autograder"]
    group = f"hub{tag}-graders"
    _restore_answers_later()
    log = root / "hub.log"
    try:
        subprocess.run(
            [
                *cli,
                "hub",
                "init",
                str(hub),
                "--roster",
                str(roster),
                "--auth",
                "dummy",
                "--port",
                str(port),
                "--ip",
                "127.0.0.1",
                "--home-base",
                str(root / "home"),
                "--group",
                group,
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        subprocess.run(
            [*cli, "release", str(hub / "course"), LESSON],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        with log.open("w") as out:
            process = subprocess.Popen(
                [*cli, "hub", "start", str(hub)],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        room = Classroom(hub, f"http://127.0.0.1:{port}", instructor, students, process, log, extra)
        _wait_until_up(room)
    except BaseException as error:
        if "process" in locals():
            _stop(process)
        _remove_accounts([instructor, *students, *extra], group)
        if isinstance(error, subprocess.CalledProcessError):
            pytest.fail(f"{' '.join(error.cmd[2:5])} failed:\n{error.stdout}\n{error.stderr}")
        raise
    return room


def _wait_until_up(room: Classroom) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if room.process.poll() is not None:
            pytest.fail(f"JupyterHub stopped:\n{room.log.read_text()[-4000:]}")
        try:
            urllib.request.urlopen(f"{room.origin}/hub/api", timeout=2)
            if room.service_pid():
                return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"JupyterHub did not answer within {START_SECONDS} s:\n{room.log.read_text()}")


_ANSWER_MODES: dict[Path, os.stat_result] = {}


def _restore_answers_later() -> None:
    """`hub init` closes the answer folders of this checkout to the graders' group; note how
    they were, so that :func:`close_classroom` opens them again."""
    for part in ANSWERS:
        path = ROOT / part
        if path.exists() and path not in _ANSWER_MODES:
            _ANSWER_MODES[path] = path.stat()


def close_classroom(room: Classroom) -> None:
    """Stop the hub (its servers and service with it), remove the users, the group and the
    hub folder, and give the checkout's answer folders back their modes."""
    from autograder.hub.hubconfig import load

    group = load(room.hub)["group"]
    _stop(room.process)
    pid = room.service_pid()
    if pid:
        os.kill(pid, signal.SIGKILL)
    _remove_accounts([room.instructor, *room.students, *room.extra], group)
    shutil.rmtree(room.hub, ignore_errors=True)


def _stop(process: subprocess.Popen) -> None:
    """Stop JupyterHub as an administrator would (it stops the servers and the service)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _remove_accounts(names: list[str], group: str) -> None:
    from autograder.hub.accounts import remove_group, remove_user

    for name in names:
        remove_user(name)
    remove_group(group)
    for path, stat in _ANSWER_MODES.items():
        os.chown(path, stat.st_uid, stat.st_gid)
        os.chmod(path, stat.st_mode & 0o7777)
