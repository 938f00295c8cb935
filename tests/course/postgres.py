"""A throwaway PostgreSQL server: a cluster made with Debian's ``initdb`` in a temporary
folder, listening on a free loopback port (its socket in that folder), removed after."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# PostgreSQL refuses to run as root (CI runs as root): then the server runs as this user.
SERVER_USER = "nobody"


def server_binaries() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` holding initdb and pg_ctl."""
    found = [
        Path(initdb).parent
        for initdb in glob.glob("/usr/lib/postgresql/*/bin/initdb")
        if Path(initdb).with_name("pg_ctl").is_file()
    ]
    return max(found, key=lambda b: int(b.parent.name), default=None) if found else None


needs_postgres = pytest.mark.skipif(
    server_binaries() is None and not os.environ.get("CI"),
    reason="needs a PostgreSQL server: sudo apt-get install postgresql",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    user = pwd.getpwnam(SERVER_USER)
    return [
        "setpriv",
        f"--reuid={user.pw_uid}",
        f"--regid={user.pw_gid}",
        "--clear-groups",
        *command,
    ]


def _run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(_as_server_user(command), cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a server and yield the URL of an empty database on it (superuser ``postgres``,
    no password from the loopback address); stop it and delete its files after."""
    binaries = server_binaries()
    if binaries is None:
        raise RuntimeError("PostgreSQL's server is not installed: apt-get install postgresql")
    # Not under pytest's tmp_path: its parents are private to root, out of the server's reach.
    folder = Path(tempfile.mkdtemp(prefix="backprop-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam(SERVER_USER)
        os.chown(folder, user.pw_uid, user.pw_gid)
    data, port = folder / "data", _free_port()
    started = False
    try:
        _run(
            [str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
             "--encoding=UTF8", "--locale=C", "--no-sync"],
            folder,
        )  # fmt: skip
        options = f"-h 127.0.0.1 -p {port} -k {folder} -F"
        _run(
            [str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
             "-o", options, "-w", "-t", "60", "start"],
            folder,
        )  # fmt: skip
        started = True
        _run([str(binaries / "createdb"), "-h", str(folder), "-p", str(port),
              "-U", "postgres", "gradebook"], folder)  # fmt: skip
        yield f"postgresql://postgres@127.0.0.1:{port}/gradebook"
    finally:
        if started:
            _run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                 folder)  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
