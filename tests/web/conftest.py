"""Headless Chromium (Debian's package) driven by Playwright, with the network cut off.

Outside CI a machine without Chromium skips these tests and says how to install it; in CI
(``CI`` set) a missing browser fails them. Playwright's own browser download is never used.
The fixtures ``chromium`` and ``screenshots`` live in ``tests/conftest.py``: one browser per
test process, shared by the site, JupyterLab and hub tests (Playwright's sync API allows one).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from autograder.build.paths import ROOT

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
