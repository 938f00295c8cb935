"""JupyterLab as a Chinese-speaking student uses it: the interface in Chinese, a lesson run
from the menu, the public checks' messages, the answers typed in, and nbgrader's Validate."""

from __future__ import annotations

import re
import shutil

import nbformat
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from autograder.build.paths import LESSONS, SOLUTIONS
from autograder.site.pages import SOLUTION_MARKERS
from autograder.student.i18n import t
from tests.web.conftest import SCREEN_FONT_CSS, open_lab_page, student_lab

pytestmark = pytest.mark.browser
HAN = re.compile(r"[\u4e00-\u9fff]")
LESSON = "01-gradient-descent"
NOTEBOOK = f"lessons/zh/{LESSON}.ipynb"
SOLUTION = f"solutions/zh/{LESSON}.ipynb"


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """JupyterLab as a student has it, its interface set to Chinese, in a folder holding a
    copy of the Chinese lesson and solution notebooks."""
    root = tmp_path_factory.mktemp("lab")
    for source, copy in ((LESSONS, NOTEBOOK), (SOLUTIONS, SOLUTION)):
        (root / copy).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / "zh" / f"{LESSON}.ipynb", root / copy)
    with student_lab(root, "zh") as lab:
        yield lab


@pytest.fixture
def lab_page(chromium, jupyterlab):
    with open_lab_page(chromium, jupyterlab["origin"]) as page:
        yield page


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
