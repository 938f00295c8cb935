"""Everything JupyterHub is told about this course, from the hub folder's ``hub.json``
(``jupyterhub_config.py`` calls :func:`configure`)."""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path
from typing import Any

from autograder.build.paths import ROOT

SETTINGS = "hub.json"
SERVICE = "backprop-grader"


def load(hub: Path) -> dict[str, Any]:
    """The settings ``backprop hub init`` wrote into ``hub``."""
    return json.loads((hub / SETTINGS).read_text(encoding="utf-8"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def configure(c: Any, hub: str | Path) -> None:
    """Fill JupyterHub's config object ``c`` for the hub folder ``hub``."""
    hub = Path(hub)
    s = load(hub)
    state = Path(s["state"])
    members: dict[str, dict[str, str]] = s["members"]
    instructors = {name for name, m in members.items() if m["role"] == "instructor"}

    c.JupyterHub.ip = s["ip"]
    c.JupyterHub.port = s["port"]
    # The hub's own API and the proxy's API stay on loopback, on ports free at start.
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = s.get("hub_port") or free_port()
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{s.get('proxy_api_port') or free_port()}"
    c.ConfigurableHTTPProxy.command = [s["proxy"]]
    c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
    c.JupyterHub.cleanup_servers = True

    # Each person is a Unix user; nbgrader takes the student id from it.
    c.JupyterHub.spawner_class = "localprocess"
    c.Spawner.default_url = "/lab"
    c.Spawner.notebook_dir = "~"
    c.Spawner.http_timeout = 120
    c.Spawner.start_timeout = 120
    # How soon the hub notices a process that ended (the grading service is restarted then).
    c.Spawner.poll_interval = 5

    def pre_spawn(spawner: Any) -> None:
        """Students run the student environment (no answers in it), instructors the full one."""
        role = members.get(spawner.user.name, {}).get("role", "student")
        python = s["instructor_python"] if role == "instructor" else s["student_python"]
        spawner.cmd = [python, "-m", "jupyterhub.singleuser"]
        spawner.environment.update(
            {
                "PATH": os.pathsep.join(
                    [str(Path(python).parent), "/usr/local/bin", "/usr/bin", "/bin"]
                ),
            }
        )

    c.Spawner.pre_spawn_hook = pre_spawn

    # Who may log in: the roster; instructors administer the hub.
    c.JupyterHub.authenticator_class = s["auth"]
    c.Authenticator.allowed_users = set(members)
    c.Authenticator.admin_users = instructors

    # The grading service: started, and restarted when it exits, by the hub.
    c.JupyterHub.services = [
        {
            "name": SERVICE,
            "command": [sys.executable, "-m", "autograder.hub.service", str(hub)],
            "environment": {
                "PYTHONPATH": str(ROOT),
                "PATH": os.pathsep.join(
                    [str(Path(sys.executable).parent), os.environ.get("PATH", "")]
                ),
                **{k: v for k, v in os.environ.items() if k.startswith("BACKPROP_")},
            },
        }
    ]
