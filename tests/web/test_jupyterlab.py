"""JupyterLab as a Chinese-speaking student uses it: the interface in Chinese, a lesson run
from the menu, the public checks' messages, the answers typed in, and nbgrader's Validate."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from autograder.build.paths import LESSONS, SOLUTIONS
from autograder.site.pages import SOLUTION_MARKERS
from autograder.student.i18n import t
from autograder.student.plotting import cjk_font_files
from tests.web.conftest import offline_context

pytestmark = pytest.mark.browser
HAN = re.compile(r"[\u4e00-\u9fff]")
LESSON = "01-gradient-descent"
NOTEBOOK = f"lessons/zh/{LESSON}.ipynb"
SOLUTION = f"solutions/zh/{LESSON}.ipynb"
TIMEOUT_MS = 180_000
LAB_VIEWPORT = {"width": 1600, "height": 1000}
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


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """JupyterLab on a free loopback port with a token, its interface set to Chinese, in a
    folder holding a copy of the Chinese lesson and solution notebooks."""
    root = tmp_path_factory.mktemp("lab")
    for source, copy in ((LESSONS, NOTEBOOK), (SOLUTIONS, SOLUTION)):
        (root / copy).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / "zh" / f"{LESSON}.ipynb", root / copy)
    home = root / ".jupyter-home"
    settings = home / "settings"
    _write_settings(settings / "@jupyterlab" / "translation-extension", {"locale": "zh_CN"})
    _write_settings(
        settings / "@jupyterlab" / "apputils-extension", {"fetchNews": "false"}, name="notification"
    )
    port, token = free_port(), secrets.token_hex(16)
    env = dict(
        os.environ,
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
    log = (root / "jupyterlab.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    origin = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(server, f"{origin}/api/status?token={token}", root / "jupyterlab.log")
        yield {"origin": origin, "token": token, "root": root}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _write_settings(folder: Path, values: dict, name: str = "plugin") -> None:
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


@pytest.fixture
def lab_page(chromium, jupyterlab):
    # Wide enough that no toolbar button (Validate) moves into the overflow menu.
    context, _ = offline_context(chromium, jupyterlab["origin"], viewport=LAB_VIEWPORT)
    font = cjk_font_files()[0].read_bytes()
    context.route(
        f"{jupyterlab['origin']}/screenshot-cjk.otf",
        lambda route: route.fulfill(body=font, content_type="font/otf"),
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def open_notebook(page, lab: dict, path: str) -> None:
    # `reset`: start from an empty workspace, not with the tabs of the test before.
    page.goto(f"{lab['origin']}/lab/tree/{path}?reset&token={lab['token']}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell .cm-content")
    page.add_style_tag(content=SCREEN_FONT_CSS)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']")


def run_all_from_the_menu(page) -> None:
    """运行 → 运行所有单元格, then wait until no cell is queued or running. On a busy machine
    the first click can land before the menu takes it: then the menu is used once more."""
    started = """() => [...document.querySelectorAll(".jp-InputPrompt")]
                     .some((p) => /\\[(\\*|\\d+)\\]/.test(p.textContent))"""
    for attempt in range(2):
        page.locator(".lm-MenuBar-itemLabel", has_text="运行").click()
        page.locator(".lm-Menu-itemLabel", has_text="运行所有单元格").first.click()
        try:
            page.wait_for_function(started, polling=500, timeout=30_000)
            break
        except PlaywrightTimeout:
            if attempt:
                raise
    page.wait_for_function(
        """() => {
             const prompts = [...document.querySelectorAll(".jp-InputPrompt")];
             const busy = prompts.some((p) => p.textContent.includes("*"));
             const ran = prompts.some((p) => /\\[\\d+\\]/.test(p.textContent));
             const idle = document.querySelector(
               ".jp-Notebook-ExecutionIndicator[data-status='idle']");
             return ran && !busy && idle;
           }""",
        polling=500,
    )


def save(page) -> None:
    page.keyboard.press("Control+s")
    page.wait_for_function(
        "() => !document.querySelector('.jp-NotebookPanel .jp-mod-dirty')", polling=300
    )
    page.wait_for_timeout(500)


def test_student_runs_the_chinese_lesson(lab_page, jupyterlab, screenshots):
    """Chinese interface; Run All stops at the first exercise with its Chinese message; with
    the answers typed in, every cell runs and every public check reports success."""
    page, lab = lab_page, jupyterlab
    open_notebook(page, lab, NOTEBOOK)
    menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    assert {"文件", "编辑", "运行", "内核", "帮助"} <= set(menus), menus
    assert "File" not in menus
    page.screenshot(path=screenshots / "lab-zh-interface.png")

    run_all_from_the_menu(page)
    failure = page.locator(".jp-OutputArea-output", has_text="公开检查未通过").first
    failure.scroll_into_view_if_needed()
    message = failure.text_content()
    # The check's message alone: no traceback into the course's code.
    assert "尚未实现" in message and "Traceback" not in message and "autograder" not in message
    page.screenshot(path=screenshots / "lab-zh-first-check.png")

    solved = nbformat.read(SOLUTIONS / "zh" / f"{LESSON}.ipynb", as_version=4)
    answers = {
        c.metadata["nbgrader"]["grade_id"]: SOLUTION_MARKERS.sub("", c.source)  # as typed
        for c in solved.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    student = nbformat.read(lab["root"] / NOTEBOOK, as_version=4)
    cells = page.locator(".jp-Notebook .jp-Cell")
    assert cells.count() == len(student.cells)
    for index, cell in enumerate(student.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            editor = cells.nth(index).locator(".cm-content")
            editor.scroll_into_view_if_needed()
            editor.click()
            page.keyboard.press("Control+a")
            page.keyboard.insert_text(answers[grade_id])
    run_all_from_the_menu(page)
    save(page)

    ran = nbformat.read(lab["root"] / NOTEBOOK, as_version=4)
    outputs = [out for cell in ran.cells for out in cell.get("outputs", [])]
    assert [o for o in outputs if o.output_type == "error"] == []
    tests = [c for c in ran.cells if c.metadata.get("nbgrader", {}).get("grade")]
    for cell in tests:
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert "✓" in text, cell.source
        assert HAN.search(text), text  # the checks speak the notebook's language
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 4
    assert page.locator(".jp-RenderedImage img").count() >= 4
    first_test = next(i for i, c in enumerate(ran.cells) if c in tests)
    answer = cells.nth(first_test - 1)  # the answer typed in, then its check's ✓ lines
    answer.scroll_into_view_if_needed()
    answer.evaluate("(cell) => cell.scrollIntoView({block: 'start'})")
    cells.nth(first_test).locator(".jp-OutputArea-output").first.wait_for(state="visible")
    page.wait_for_timeout(500)
    page.screenshot(path=screenshots / "lab-zh-checks-passed.png")


def test_validate_passes_a_solution_notebook(lab_page, jupyterlab, screenshots):
    """The course's Validate button (nbgrader's validator, our dialog), clicked in the
    notebook's toolbar, accepts a solution, and says so in Chinese."""
    page, lab = lab_page, jupyterlab
    open_notebook(page, lab, SOLUTION)
    page.locator(".jp-NotebookPanel:visible jp-button.backprop-validate-button").click()
    result = page.locator(".jp-Dialog .backprop-validate-result")
    result.wait_for()
    text = result.inner_text()
    assert t("lab.validate.success", lang="zh") in text, text
    page.screenshot(path=screenshots / "lab-zh-validate.png")
