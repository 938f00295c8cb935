"""The course's JupyterLab extension (labextension/): its texts come from the catalogue, the
packaged build carries them, and a student validates lesson 1 in Chinese and in English."""

from __future__ import annotations

import importlib.util
import json
import re

import nbformat
import pytest

from autograder.build.paths import LESSONS, ROOT, SOLUTIONS
from autograder.student.i18n import catalogue, t
from tests.web.conftest import EXTENSION_BUILD as BUILD
from tests.web.conftest import SCREEN_FONT_CSS, open_lab_page, student_lab

EXTENSION = ROOT / "labextension"
LESSON = "01-gradient-descent"
# nbgrader's own student-side plugins, replaced by the extension (its disabledExtensions).
REPLACED = ["@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:validate-assignment"]
# What nbgrader's own lab plugins put on screen: its menu, side bar, panels and commands.
NBGRADER_TOOLS = (
    "Nbgrader",
    "Create Assignment",
    "Create assignment",
    "Formgrader",
    "Formgrader (local)",
    "Course List",
    "Assignment List",
)
VIEW_MENU = {"zh": "查看", "en": "View"}
VALIDATE_BUTTON = ".jp-NotebookPanel:visible jp-button.backprop-validate-button"
LATIN = re.compile(r"[A-Za-z]")
COURSE, ASSIGNMENT = "backprop", "lesson-01"
# jp-button (the toolbar's buttons) takes its font from the toolkit's own variable.
BUTTON_FONT_CSS = 'jp-button { --body-font: "Screenshot CJK", system-ui, sans-serif; }'


def _strings_module():
    spec = importlib.util.spec_from_file_location("strings", EXTENSION / "scripts" / "strings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_extension_strings_are_the_catalogues_lab_entries():
    """src/strings.json is what scripts/strings.py makes of the catalogue now (no drift)."""
    strings = _strings_module()
    assert (EXTENSION / "src" / "strings.json").read_text("utf-8") == strings.render()
    entries = json.loads(strings.render())
    lab = {key[len("lab.") :]: texts for key, texts in catalogue().items() if key[:4] == "lab."}
    assert set(entries["zh"]) == set(entries["en"]) == set(lab)
    for key, texts in lab.items():
        assert (entries["en"][key], entries["zh"][key]) == (texts["en"], texts["zh"])


def test_packaged_build_carries_the_current_strings_and_replaces_nbgraders_panels():
    """The committed bundle embeds today's strings.json and loads; it disables nbgrader's
    English student-side plugins. (labextension/scripts/build --check redoes the whole build.)"""
    built = json.loads((BUILD / "package.json").read_text("utf-8"))
    source = json.loads((EXTENSION / "package.json").read_text("utf-8"))
    assert built["name"] == source["name"] and built["version"] == source["version"]
    assert built["jupyterlab"]["disabledExtensions"] == REPLACED
    assert (BUILD / built["jupyterlab"]["_build"]["load"]).is_file()
    strings = json.loads((EXTENSION / "src" / "strings.json").read_text("utf-8"))
    embedded = [
        json.loads(match.encode().decode("unicode_escape").encode("latin-1").decode())
        for script in (BUILD / "static").glob("*.js")
        for match in re.findall(r"JSON\.parse\('(\{\"en\".*?)'\)", script.read_text("utf-8"))
    ]
    assert embedded == [strings], "stale build: run labextension/scripts/build"


@pytest.fixture(scope="module", params=["zh", "en"])
def lab(request, tmp_path_factory):
    """JupyterLab as a student has it (tests/web/conftest.py), its interface in the given
    language, in a folder holding that language's lesson 1 and its solution, with a local
    nbgrader exchange in which the instructor released lesson 1 as an assignment."""
    lang = request.param
    root = tmp_path_factory.mktemp(f"lab-{lang}")
    for source, folder in ((LESSONS, "lessons"), (SOLUTIONS, "solutions")):
        copy = root / folder / lang / f"{LESSON}.ipynb"
        copy.parent.mkdir(parents=True)
        copy.write_bytes((source / lang / f"{LESSON}.ipynb").read_bytes())
    exchange = tmp_path_factory.mktemp(f"exchange-{lang}")
    released = exchange / COURSE / "outbound" / ASSIGNMENT
    released.mkdir(parents=True)
    released.joinpath(f"{LESSON}.ipynb").write_bytes(
        (LESSONS / lang / f"{LESSON}.ipynb").read_bytes()
    )
    (exchange / COURSE / "inbound").mkdir(mode=0o777)
    config = root / ".jupyter-home" / "config"
    config.mkdir(parents=True)
    (config / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.Exchange.root = {str(exchange)!r}\n", "utf-8"
    )
    with student_lab(root, lang) as running:
        yield {**running, "exchange": exchange}


@pytest.fixture
def page(chromium, lab):
    with open_lab_page(chromium, lab["origin"]) as page:
        yield page


def _open(page, lab: dict, path: str) -> None:
    page.goto(f"{lab['origin']}/lab/tree/{path}?reset&token={lab['token']}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell .cm-content")
    page.add_style_tag(content=SCREEN_FONT_CSS + BUTTON_FONT_CSS)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']")


def _validate(page, lang: str):
    """Click the toolbar's Validate; wait for the result dialog (after the running one)."""
    button = page.locator(VALIDATE_BUTTON)
    assert button.inner_text().strip() == t("lab.validate.label", lang)
    assert page.locator(".jp-NotebookPanel:visible jp-button.validate-button").count() == 0
    button.click()
    page.locator(".backprop-validate-running").wait_for()
    result = page.locator(".jp-Dialog .backprop-validate-result")
    result.wait_for()
    dialog = page.locator(".jp-Dialog")
    assert dialog.locator(".jp-Dialog-header").inner_text().strip() == t("lab.validate.title", lang)
    assert dialog.locator(".jp-Dialog-footer").inner_text().strip() == t("lab.close", lang)
    return result


@pytest.mark.slow
@pytest.mark.browser
def test_a_student_sees_none_of_nbgraders_own_tools(page, lab, screenshots):
    """No Nbgrader menu, no Create Assignment side bar, no formgrader, course list or
    nbgrader panel in the menus, side bars or command palette, and no formgrader on the
    server; the course's Assignments and Validate are there, in the interface's language."""
    lang = lab["lang"]
    _open(page, lab, f"lessons/{lang}/{LESSON}.ipynb")
    menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    assert not set(menus) & set(NBGRADER_TOOLS), menus
    tabs = page.locator(".jp-SideBar .lm-TabBar-tab").evaluate_all(
        "(tabs) => tabs.map((tab) => [tab.dataset.id, tab.title, tab.innerText].join(' '))"
    )
    assert any(tab.startswith("backprop-assignments ") for tab in tabs), tabs
    nbgraders = [tab for tab in tabs if "nbgrader" in tab or any(w in tab for w in NBGRADER_TOOLS)]
    assert nbgraders == [], tabs
    assert page.locator(VALIDATE_BUTTON).inner_text().strip() == t("lab.validate.label", lang)
    page.screenshot(path=screenshots / f"lab-{lang}-student-view.png")

    # View → Activate Command Palette (JupyterLab's own menu, in its own language).
    page.locator(".lm-MenuBar-itemLabel", has_text=VIEW_MENU[lang]).click()
    page.locator(".lm-Menu-item[data-command='apputils:activate-command-palette']").click()
    palette = page.locator("#modal-command-palette")
    palette.locator("input").wait_for()
    # Every command listed, shown or not (those of no current widget are hidden).
    labels = palette.locator(".lm-CommandPalette-itemLabel").evaluate_all(
        "(labels) => labels.map((label) => label.textContent)"
    )
    assert t("lab.validate.label", lang) in labels and t("lab.assignments.open", lang) in labels
    assert not set(labels) & set(NBGRADER_TOOLS), sorted(set(labels) & set(NBGRADER_TOOLS))
    headers = palette.locator(".lm-CommandPalette-header").evaluate_all(
        "(headers) => headers.map((header) => header.textContent.toLowerCase())"
    )
    assert "nbgrader" not in headers, headers
    page.keyboard.press("Escape")

    # The server side: no formgrader, no course list of formgraders; the student's own
    # handlers (assignment_list) answer.
    for path, status in (("formgrader", 404), ("formgraders", 404), ("courses", 200)):
        response = page.request.get(f"{lab['origin']}/{path}?token={lab['token']}")
        assert response.status == status, (path, response.status)


@pytest.mark.slow
@pytest.mark.browser
def test_validate_a_blank_lesson_shows_each_failing_check(page, lab, screenshots):
    """A blank lesson 1: the dialog names every check and says, in the interface's language,
    that the function is not implemented yet (the check's own catalogue message)."""
    lang = lab["lang"]
    path = f"lessons/{lang}/{LESSON}.ipynb"
    _open(page, lab, path)
    result = _validate(page, lang)
    tests = [
        c.source
        for c in nbformat.read(lab["root"] / path, as_version=4).cells
        if c.metadata.get("nbgrader", {}).get("grade")
    ]
    summary = result.locator(".backprop-validate-summary").inner_text()
    assert summary == t("lab.validate.failed", lang, n=len(tests))
    checks = result.locator(".backprop-validate-check")
    assert checks.count() == len(tests)
    for index, source in enumerate(tests):
        check = checks.nth(index)
        head = check.locator("strong").inner_text()
        assert head == t("lab.validate.check", lang, n=index + 1)
        assert check.locator("code").inner_text() == source.splitlines()[0]
        name = re.search(r"\((\w+)\)", source).group(1)
        reason = check.locator(".backprop-validate-reason").inner_text()
        # The check's own rendering (no traceback): headline, message, what to try.
        assert reason.splitlines() == [
            t("check.failed", lang),
            t("check.not_implemented", lang, name=name),
            t("check.try_again", lang, name=name),
        ]
    if lang == "zh":  # outside code (`raise …`, function names) no English word is left
        texts = [summary, *checks.locator("strong").all_inner_texts()]
        for reason in checks.locator(".backprop-validate-reason").all_inner_texts():
            texts.append(re.sub(r"`[^`]*`|[A-Za-z0-9]*_[A-Za-z0-9_]*", "", reason))
        assert not LATIN.search("".join(texts)), texts
    page.screenshot(path=screenshots / f"lab-{lang}-validate-blank.png")


@pytest.mark.slow
@pytest.mark.browser
def test_validate_an_answered_lesson_reports_success(page, lab, screenshots):
    """The same lesson with the reference answers: every check passes."""
    lang = lab["lang"]
    _open(page, lab, f"solutions/{lang}/{LESSON}.ipynb")
    result = _validate(page, lang)
    assert result.inner_text().strip() == t("lab.validate.success", lang)
    page.screenshot(path=screenshots / f"lab-{lang}-validate-answered.png")


@pytest.mark.slow
@pytest.mark.browser
def test_assignments_panel_fetches_submits_and_fetches_feedback(page, lab, screenshots):
    """The Assignments panel against a local exchange: the released lesson is fetched, then
    submitted, then its feedback fetched; every heading, button and message is the
    catalogue's, in the interface's language, and a submission shows its time."""
    lang = lab["lang"]
    page.goto(f"{lab['origin']}/lab?reset&token={lab['token']}")
    page.wait_for_selector(".jp-LabShell")
    page.add_style_tag(content=SCREEN_FONT_CSS + BUTTON_FONT_CSS)
    page.locator(".jp-SideBar .lm-TabBar-tab[data-id='backprop-assignments']").click()
    panel = page.locator("#backprop-assignments")
    released = panel.locator(f".backprop-assignments-released [data-assignment='{ASSIGNMENT}']")
    released.wait_for()
    headings = panel.locator("h3").all_inner_texts()
    assert headings == [
        t(f"lab.assignments.{kind}", lang) for kind in ("released", "fetched", "submitted")
    ]
    assert panel.locator(".backprop-assignments-empty").all_inner_texts() == [
        t("lab.assignments.none_fetched", lang),
        t("lab.assignments.none_submitted", lang),
    ]
    page.screenshot(path=screenshots / f"lab-{lang}-assignments-released.png")

    fetch = released.locator("button.backprop-assignment-fetch")
    assert fetch.inner_text() == t("lab.assignments.fetch", lang)
    fetch.click()
    status = panel.locator(".backprop-assignments-status")
    fetched_message = t("lab.assignments.did_fetch", lang, assignment=ASSIGNMENT, path=ASSIGNMENT)
    page.wait_for_function(
        "(text) => document.querySelector('.backprop-assignments-status').innerText === text",
        arg=fetched_message,
    )
    assert (lab["root"] / ASSIGNMENT / f"{LESSON}.ipynb").is_file()
    fetched = panel.locator(f".backprop-assignments-fetched [data-assignment='{ASSIGNMENT}']")
    assert fetched.locator(".backprop-assignment-notebook").inner_text() == LESSON
    page.screenshot(path=screenshots / f"lab-{lang}-assignments-fetched.png")

    submit = fetched.locator("button.backprop-assignment-submit")
    assert submit.inner_text() == t("lab.assignments.submit", lang)
    submit.click()
    page.wait_for_function(
        "(text) => document.querySelector('.backprop-assignments-status').innerText === text",
        arg=t("lab.assignments.did_submit", lang, assignment=ASSIGNMENT),
    )
    submitted = panel.locator(f".backprop-assignments-submitted [data-assignment='{ASSIGNMENT}']")
    stamp = submitted.locator(".backprop-assignment-timestamp").first.inner_text()
    before, after = catalogue()["lab.assignments.submitted_at"][lang].split("{timestamp}")
    assert stamp.startswith(before) and stamp.endswith(after) and re.search(r"\d{2}:\d{2}", stamp)
    assert list(lab["exchange"].glob(f"{COURSE}/inbound/*+{ASSIGNMENT}+*/{LESSON}.ipynb"))
    if lang == "zh":  # apart from the assignment's and the notebook's names, all Chinese
        text = status.inner_text() + panel.inner_text()
        prose = text.replace(ASSIGNMENT, "").replace(LESSON, "")
        assert not LATIN.search(prose), prose
    page.screenshot(path=screenshots / f"lab-{lang}-assignments-submitted.png")

    # The instructor returns feedback: nbgrader names its file after the submission's secret.
    from nbgrader.utils import notebook_hash

    cache = lab["root"] / ".jupyter-home" / "user-data" / "nbgrader_cache" / COURSE
    (secret_file,) = cache.glob(f"*+{ASSIGNMENT}+*/submission_secret.txt")
    digest = notebook_hash(secret=secret_file.read_text("utf-8"), notebook_id=LESSON)
    returned = lab["exchange"] / COURSE / "feedback"
    returned.mkdir(exist_ok=True)
    (returned / f"{digest}.html").write_text("<html><body>feedback</body></html>", "utf-8")
    panel.locator("button.backprop-assignments-refresh").click()
    fetch_feedback = submitted.locator("button.backprop-assignment-fetch_feedback")
    assert fetch_feedback.inner_text() == t("lab.assignments.fetch_feedback", lang)
    fetch_feedback.click()
    page.wait_for_function(
        "(text) => document.querySelector('.backprop-assignments-status').innerText === text",
        arg=t("lab.assignments.did_fetch_feedback", lang, assignment=ASSIGNMENT),
    )
    link = submitted.locator(".backprop-assignment-feedback")
    assert link.inner_text() == t("lab.assignments.open_feedback", lang)
    assert list((lab["root"] / ASSIGNMENT / "feedback").glob(f"*/{LESSON}.html"))
    page.screenshot(path=screenshots / f"lab-{lang}-assignments-feedback.png")


@pytest.mark.slow
@pytest.mark.browser
def test_assignments_panel_says_when_there_is_no_exchange(page, lab, screenshots):
    """An exchange folder that does not exist: nbgrader's English error becomes the
    catalogue's sentence telling the student to ask the instructor."""
    lang = lab["lang"]
    config = lab["root"] / ".jupyter-home" / "config" / "nbgrader_config.py"
    working = config.read_text("utf-8")
    # nbgrader reads its configuration again on every request.
    missing = lab["exchange"] / "missing" / "nowhere"
    config.write_text(f"c = get_config()\nc.Exchange.root = {str(missing)!r}\n", "utf-8")
    try:
        page.goto(f"{lab['origin']}/lab?reset&token={lab['token']}")
        page.wait_for_selector(".jp-LabShell")
        page.add_style_tag(content=SCREEN_FONT_CSS + BUTTON_FONT_CSS)
        page.locator(".jp-SideBar .lm-TabBar-tab[data-id='backprop-assignments']").click()
        page.wait_for_function(
            "(text) => document.querySelector('.backprop-assignments-status').innerText === text",
            arg=t("lab.assignments.no_exchange", lang),
        )
        page.screenshot(path=screenshots / f"lab-{lang}-assignments-no-exchange.png")
    finally:
        config.write_text(working, "utf-8")
