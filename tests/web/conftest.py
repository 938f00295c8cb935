"""Headless Chromium (Debian's package) driven by Playwright, with the network cut off, and
JupyterLab as a student has it, for the JupyterLab tests.

Outside CI a machine without Chromium skips these tests and says how to install it; in CI
(``CI`` set) a missing browser fails them. Playwright's own browser download is never used.
The fixtures ``chromium`` and ``screenshots`` live in ``tests/conftest.py``: one browser per
test process, shared by the site, JupyterLab and hub tests (Playwright's sync API allows one).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from autograder.build.paths import ROOT
from autograder.student import labview

CHROMIUM = Path(os.environ.get("BACKPROP_CHROMIUM", "/usr/bin/chromium"))
INSTALL = "apt-get update && apt-get install -y chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "build" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}


@dataclass
class Traffic:
    """What a page asked for: requests refused because they left the machine, and local
    requests that failed."""

    origin: str
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def offline_context(browser, origin: str, **options):
    """A browser context in which every request not to ``origin`` (a loopback server) is
    aborted and recorded."""
    context = browser.new_context(**{"viewport": VIEWPORT, **options})
    traffic = Traffic(origin)

    def route(route):
        url = route.request.url
        if url.startswith((origin + "/", "data:", "blob:")):
            route.continue_()
        else:
            traffic.blocked.append(url)
            route.abort()

    def response(resp):
        if resp.status >= 400:
            traffic.failed.append(f"{resp.status} {resp.url}")

    context.route("**/*", route)
    context.on("response", response)
    return context, traffic


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``folder`` over HTTP on a free loopback port; returns the server and its origin."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# JupyterLab -----------------------------------------------------------------------------

TIMEOUT_MS = 180_000
# Wide enough that no toolbar button (Validate) moves into the overflow menu.
LAB_VIEWPORT = {"width": 1600, "height": 1000}
LOCALES = {"zh": "zh_CN", "en": "en"}
# The committed build of the course's extension (what `pip install ./labextension` installs).
EXTENSION_BUILD = ROOT / "labextension" / "backprop_grading" / "labextension"
# The headless browser here has no CJK system font (a student's machine has one). For
# readable screenshots the page gets Noto Sans CJK SC for Chinese characters only.
SCREEN_FONT_CSS = """
@font-face { font-family: "Screenshot CJK"; src: url("/screenshot-cjk.otf");
  unicode-range: U+2E80-9FFF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF; }
html:root { --jp-ui-font-family: "Screenshot CJK", system-ui, sans-serif;
  --jp-content-font-family: "Screenshot CJK", system-ui, sans-serif;
  --jp-code-font-family: "DejaVu Sans Mono", monospace, "Screenshot CJK"; }
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_settings(folder: Path, values: dict, name: str = "plugin") -> None:
    """A JupyterLab user setting (``folder`` is the plugin's folder under the settings)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.jupyterlab-settings").write_text(json.dumps(values), "utf-8")


def _wait_until_up(server: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab stopped:\n{log.read_text()}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer within 120 s:\n{log.read_text()}")


@contextmanager
def student_lab(root: Path, lang: str) -> Iterator[dict]:
    """JupyterLab serving ``root`` as a student's environment has it after `make setup`: the
    committed build of the course's extension, nbgrader's instructor tools hidden (the
    student's view of ``autograder/student/labview.py``, in a folder of its own that takes
    precedence over this environment's settings), its interface in ``lang``. Its settings
    and nbgrader's configuration (``config/nbgrader_config.py``) are under
    ``root/.jupyter-home``. Yields ``lang``, ``origin``, ``token`` and ``root``."""
    home = root / ".jupyter-home"
    view = home / "environment"
    labview.apply_view(view, "student")
    (home / "data" / "labextensions").mkdir(parents=True, exist_ok=True)
    link = home / "data" / "labextensions" / "backprop-grading"
    if not link.is_symlink():
        link.symlink_to(EXTENSION_BUILD)
    settings = home / "settings"
    write_settings(settings / "@jupyterlab" / "translation-extension", {"locale": LOCALES[lang]})
    write_settings(
        settings / "@jupyterlab" / "apputils-extension", {"fetchNews": "false"}, name="notification"
    )
    port, token = free_port(), secrets.token_hex(16)
    env = dict(
        os.environ,
        JUPYTER_CONFIG_PATH=str(labview.config_dir(view)),
        JUPYTER_PATH=str(home / "data"),
        # nbgrader keeps the student's submissions cache in the user's data folder.
        JUPYTER_DATA_DIR=str(home / "user-data"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        IPYTHONDIR=str(home / "ipython"),
    )
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
    ]
    log_path = root / "jupyterlab.log"
    with log_path.open("w") as log:
        # From the course folder, as a student starts it: nbgrader fetches into the working folder.
        server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
        origin = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(server, f"{origin}/api/status?token={token}", log_path)
            yield {"lang": lang, "origin": origin, "token": token, "root": root}
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


@contextmanager
def open_lab_page(chromium, origin: str) -> Iterator[object]:
    """A page of the lab at ``origin`` in an offline context, the screenshot font served."""
    from autograder.student.plotting import cjk_font_files

    context, _ = offline_context(chromium, origin, viewport=LAB_VIEWPORT)
    font = cjk_font_files()[0].read_bytes()
    context.route(
        f"{origin}/screenshot-cjk.otf",
        lambda route: route.fulfill(body=font, content_type="font/otf"),
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        yield page
    finally:
        context.close()
