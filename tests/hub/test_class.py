"""A class on a real JupyterHub: one instructor and three students (English, Chinese, and one
whose answer has a catalogued mistake) in headless Chromium; what a student cannot read;
and the grading service killed in the middle of a burst of submissions.

The tests run in order on one hub (module scope): the isolation test reads what the
browser test left behind."""

from __future__ import annotations

import csv
import json
import re
import shutil
import signal
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from autograder.build.paths import ROOT
from autograder.build.release import COURSE_ID
from autograder.course.synthetic import answered, points_of
from autograder.mistakes import mistakes_for
from autograder.site.pages import SOLUTION_MARKERS
from autograder.student.i18n import t
from autograder.student.plotting import cjk_font_files
from tests.hub.classroom import LESSON, close_classroom, open_classroom
from tests.web.conftest import SCREEN_FONT_CSS, offline_context

pytestmark = pytest.mark.slow
LAB_VIEWPORT = {"width": 1600, "height": 1000}
TIMEOUT_MS = 180_000
FEEDBACK_SECONDS = 60  # submit -> feedback available, on a busy 2-core machine
SLIP = next(m for m in mistakes_for("mse_gradient") if m.id == "sign")
BURST = 8
# nbgrader's Create Assignment side bar (its id is spelled so in nbgrader).
CREATE_ASSIGNMENT_TAB = ".jp-SideBar .lm-TabBar-tab[data-id='nbgrader-create_assignemnt']"


@pytest.fixture(scope="module")
def room():
    # Not under pytest's temporary folder: that is private to root, and the students' servers
    # must reach their homes and the student environment.
    root = Path(tempfile.mkdtemp(prefix="backprop-hub-"))
    root.chmod(0o755)
    try:
        classroom = open_classroom(root, burst=BURST // 2)
        yield classroom
        close_classroom(classroom)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def timings() -> dict[str, float]:
    return {}


def shot(page, screenshots: Path, name: str) -> None:
    page.wait_for_timeout(300)
    page.screenshot(path=screenshots / f"hub-{name}.png")


def log_in(chromium, room, name: str):
    context, traffic = offline_context(chromium, room.origin, viewport=LAB_VIEWPORT)
    # Readable Chinese in the screenshots (the headless browser has no CJK font).
    font = cjk_font_files()[0].read_bytes()
    context.route(
        f"{room.origin}/screenshot-cjk.otf",
        lambda route: route.fulfill(body=font, content_type="font/otf"),
    )
    context.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => {"
        " const style = document.createElement('style');"
        f" style.textContent = {json.dumps(SCREEN_FONT_CSS)};"
        " document.head.appendChild(style); });"
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{room.origin}/hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", "any password: DummyAuthenticator")
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf"/(spawn-pending|user)/{name}"))
    # The spawn page follows the server's start by an event stream, which Playwright's
    # request interception (the offline guard) holds back: open the lab until it is up.
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        page.goto(f"{room.origin}/user/{name}/lab")
        if re.search(rf"/user/{name}/lab", page.url):
            break
        page.wait_for_timeout(2000)
    page.wait_for_selector(".lm-MenuBar-itemLabel")
    return context, page, traffic


def nbgrader_menu(page) -> list[str]:
    """Open the Nbgrader menu; the labels of its items."""
    for _ in range(3):
        page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
        try:
            page.wait_for_selector(".lm-Menu .lm-Menu-itemLabel", timeout=3000)
            break
        except PlaywrightTimeout:
            continue
    return page.locator(".lm-Menu .lm-Menu-itemLabel").all_inner_texts()


def open_course_assignments(page):
    """The course's Assignments panel (the JupyterLab extension's side bar tab), opened
    unless JupyterLab restored it open (a click on its tab would close it)."""
    panel = page.locator("#backprop-assignments")
    for _ in range(3):
        if panel.is_visible():
            break
        page.locator(".jp-SideBar .lm-TabBar-tab[data-id='backprop-assignments']").click()
        page.wait_for_timeout(1000)
    panel.wait_for()
    return panel


def refresh_until(page, panel, wanted, seconds: float) -> float:
    """Click the panel's refresh until ``wanted`` is there; the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        panel.locator("button.backprop-assignments-refresh").click()
        page.wait_for_timeout(1000)
        if wanted.count():
            return time.monotonic() - start
    raise AssertionError(f"{wanted} did not appear within {seconds} s")


def answers_for(lang: str, slip: bool) -> dict[str, str]:
    solved = answered(LESSON, lang, (SLIP,) if slip else ())
    return {
        c.metadata["nbgrader"]["grade_id"]: SOLUTION_MARKERS.sub("", c.source)
        for c in solved.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }


STUDENT_CASES = [("en", False), ("zh", False), ("slip", True)]


@pytest.mark.browser
@pytest.mark.parametrize(("who", "slip"), STUDENT_CASES)
def test_student_fetches_works_submits_and_reads_feedback(
    chromium, room, screenshots, timings, who, slip
):
    name = next(n for n in room.students if n.endswith(f"-{who}"))
    lang = room.students[name]
    assignment = f"{LESSON}-{lang}"
    context, page, traffic = log_in(chromium, room, name)
    menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    if lang == "zh":  # the language pack, from the roster's language
        assert {"文件", "编辑", "运行", "内核", "帮助"} <= set(menus), menus
    else:
        assert "File" in menus, menus
    shot(page, screenshots, f"{who}-1-lab")

    # None of nbgrader's own tools for a student (the student environment's view, no
    # Nbgrader menu, no Create Assignment side bar); the course's extension replaces its
    # English student panels.
    assert "Nbgrader" not in menus, menus
    assert page.locator(CREATE_ASSIGNMENT_TAB).count() == 0

    panel = open_course_assignments(page)
    row = f"[data-assignment='{assignment}']"
    panel.locator(f".backprop-assignments-released {row} button.backprop-assignment-fetch").click()
    fetched_row = panel.locator(f".backprop-assignments-fetched {row}")
    fetched_row.wait_for()
    shot(page, screenshots, f"{who}-2-fetched")

    page.goto(f"{room.origin}/user/{name}/lab/tree/{assignment}/{LESSON}.ipynb")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell .cm-content")
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']")
    answers = answers_for(lang, slip)
    cells = page.locator(".jp-Notebook .jp-Cell")
    import nbformat

    fetched = nbformat.read(room.home(name) / assignment / f"{LESSON}.ipynb", as_version=4)
    for index, cell in enumerate(fetched.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers and cell.metadata["nbgrader"].get("solution"):
            editor = cells.nth(index).locator(".cm-content")
            editor.scroll_into_view_if_needed()
            editor.click()
            page.keyboard.press("Control+a")
            page.keyboard.insert_text(answers[grade_id])
    page.keyboard.press("Control+s")
    page.wait_for_function(
        "() => !document.querySelector('.jp-NotebookPanel .jp-mod-dirty')", polling=300
    )
    shot(page, screenshots, f"{who}-3-answered")

    page.locator(".jp-NotebookPanel:visible jp-button.backprop-validate-button").click()
    result = page.locator(".jp-Dialog .backprop-validate-result")
    result.wait_for(timeout=FEEDBACK_SECONDS * 1000)
    verdict = result.inner_text().strip()
    shot(page, screenshots, f"{who}-4-validated")
    if not slip:
        assert verdict == t("lab.validate.success", lang), verdict
    page.keyboard.press("Escape")

    panel = open_course_assignments(page)
    fetched_row = panel.locator(f".backprop-assignments-fetched {row}")
    fetched_row.locator("button.backprop-assignment-submit").click()
    submitted_row = panel.locator(f".backprop-assignments-submitted {row}")
    submitted_row.first.wait_for()
    shot(page, screenshots, f"{who}-5-submitted")
    fetch_feedback = submitted_row.locator("button.backprop-assignment-fetch_feedback").first
    timings[who] = refresh_until(page, panel, fetch_feedback, FEEDBACK_SECONDS)
    fetch_feedback.click()
    submitted_row.locator(".backprop-assignment-feedback").first.wait_for()
    shot(page, screenshots, f"{who}-6-feedback-listed")

    assert traffic.blocked == [], traffic.blocked  # JupyterLab asked for nothing off-machine
    html = next((room.home(name) / assignment / "feedback").glob("*/*.html"))
    relative = html.relative_to(room.home(name))
    page.goto(f"{room.origin}/user/{name}/files/{relative}")
    text = page.locator("body").inner_text()
    # nbgrader's feedback page is not JupyterLab: its text takes the screenshot font directly.
    page.add_style_tag(
        content='body, h1, h2, h3, li, p { font-family: "Screenshot CJK", sans-serif; }'
    )
    shot(page, screenshots, f"{who}-7-feedback")
    assert t("feedback.score", lang=lang) in text
    name_of_slip = t(f"{SLIP.catalogue_key}.name", lang=lang)
    assert (name_of_slip in text) == slip, text[:2000]
    context.close()


@pytest.mark.browser
def test_instructor_sees_the_three_submissions_in_formgrader(chromium, room, screenshots):
    context, page, _ = log_in(chromium, room, room.instructor)
    # The instructor environment keeps all of nbgrader's tools.
    page.locator(CREATE_ASSIGNMENT_TAB).wait_for()
    nbgrader_menu(page)
    page.locator(".lm-Menu-itemLabel", has_text="Formgrader").first.click()
    frame = page.frame_locator("iframe").first
    # Without the fix the iframe stays blank: the server forbids being framed.
    frame.locator("text=Manage Assignments").first.wait_for()
    shot(page, screenshots, "instructor-1-formgrader")
    seen = {}
    for lang in ("en", "zh"):
        expected = [n for n, lang_ in room.students.items() if lang_ == lang]
        page.goto(
            f"{room.origin}/user/{room.instructor}/formgrader/manage_submissions/{LESSON}-{lang}"
        )
        for name in expected:
            page.wait_for_selector(f"table tbody tr:has-text('{name}')")
        seen[lang] = page.locator("table tbody tr").all_inner_texts()
        shot(page, screenshots, f"instructor-2-submissions-{lang}")
        assert len(seen[lang]) == len(expected), seen[lang]
    response = page.request.get(f"{room.origin}/user/{room.instructor}/formgrader")
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
    context.close()


def test_export_gives_the_three_expected_scores(room, tmp_path, timings):
    from click.testing import CliRunner

    from autograder.cli import main

    output = tmp_path / "grades.csv"
    result = CliRunner().invoke(main, ["export", str(room.course), str(output)])
    assert result.exit_code == 0, result.output
    rows = {row["student_id"]: row for row in csv.DictReader(output.open(encoding="utf-8"))}
    points = points_of(LESSON)
    full = sum(points.values())
    expected = {"en": full, "zh": full, "slip": full - points["mse_gradient"]}
    for who, score in expected.items():
        name = next(n for n in room.students if n.endswith(f"-{who}"))
        assert float(rows[name][LESSON]) == score, (who, rows[name])
    print("submit -> feedback available (s):", timings)


def test_a_student_can_read_nothing_of_anyone_else(room):
    """From the English student's account: another student's submission and feedback, the
    course's sources, the solutions, the gradebook and the hidden tests are all closed, and
    the answers cannot be imported; the student's own feedback stays readable."""
    me = next(n for n in room.students if n.endswith("-en"))
    other = next(n for n in room.students if n.endswith("-zh"))
    inbound = room.exchange / COURSE_ID / "inbound"
    feedback = room.exchange / COURSE_ID / "feedback"
    for name, lang in ((me, "en"), (other, "zh")):
        ensure_graded(room, name, lang)
    theirs = next(inbound.glob(f"{other}+*"))
    mine_released, theirs_released = released_to(room, me), released_to(room, other)
    assert mine_released and theirs_released
    closed = [
        theirs / f"{LESSON}.ipynb",
        theirs_released[0],
        room.home(other) / f"{LESSON}-zh" / f"{LESSON}.ipynb",
        room.course / "source" / f"{LESSON}-en" / f"{LESSON}.ipynb",
        room.course / "gradebook.db",
        room.course / "submitted" / other / f"{LESSON}-zh" / f"{LESSON}.ipynb",
        ROOT / "solutions" / "en" / f"{LESSON}.ipynb",
        ROOT / "autograder" / "hidden" / "gradient_descent.py",
        ROOT / "autograder" / "reference" / "gradient_descent.py",
    ]
    for path in closed:
        assert path.exists(), path
        result = room.as_user(me, "cat", str(path))
        assert result.returncode != 0 and "Permission denied" in result.stderr, path
    for folder in (inbound, feedback, room.course, room.home(other)):
        result = room.as_user(me, "ls", str(folder))
        assert result.returncode != 0 and "Permission denied" in result.stderr, folder
    for module in (
        "autograder.reference",
        "autograder.hidden",
        "autograder.mistakes",
        "autograder.grader",
    ):
        result = room.as_user(me, str(room.student_python()), "-c", f"import {module}")
        assert "ModuleNotFoundError" in result.stderr, (module, result.stderr)
    # The controls: the same account reads its own feedback and imports the student modules.
    assert room.as_user(me, "cat", str(mine_released[0])).returncode == 0
    result = room.as_user(me, str(room.student_python()), "-c", "import autograder.student.checks")
    assert result.returncode == 0, result.stderr


def released_to(room, name: str) -> list[Path]:
    """Feedback files in the exchange that belong to ``name``."""
    uid = room.home(name).stat().st_uid
    feedback = room.exchange / COURSE_ID / "feedback"
    return [p for p in feedback.glob("*.html") if p.stat().st_uid == uid]


def ensure_graded(room, name: str, lang: str) -> None:
    """A graded submission with released feedback for ``name`` (through the exchange, as
    the browser test makes one, when that test did not run)."""
    if released_to(room, name):
        return
    assignment = f"{LESSON}-{lang}"
    room.nbgrader(name, "fetch_assignment", assignment)
    room.write_answer(name, assignment, answered(LESSON, lang))
    room.nbgrader(name, "submit", assignment)
    deadline = time.monotonic() + FEEDBACK_SECONDS
    while not released_to(room, name) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert released_to(room, name), f"no feedback for {name} within {FEEDBACK_SECONDS} s"


def test_grading_service_killed_mid_burst_grades_every_submission_once(room):
    """Eight submissions at once; the service is killed as the first are graded; the hub
    starts it again and every submission is graded exactly once."""
    import concurrent.futures

    before = {r["key"] for r in room.ledger()}
    for name in room.extra:
        room.nbgrader(name, "fetch_assignment", f"{LESSON}-en")
        room.write_answer(name, f"{LESSON}-en", answered(LESSON, "en"))

    def submit(name: str) -> None:
        room.nbgrader(name, "submit", f"{LESSON}-en")

    first = room.service_pid()
    with concurrent.futures.ThreadPoolExecutor(len(room.extra)) as pool:
        list(pool.map(submit, room.extra))
        deadline = time.monotonic() + 120
        while len(room.ledger()) == len(before) and time.monotonic() < deadline:
            time.sleep(0.2)
        os_kill(first)
        list(pool.map(submit, room.extra))  # a second submission each, while it is down
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        new = [r for r in room.ledger() if r["key"] not in before]
        if len({r["key"] for r in new}) == BURST:
            break
        time.sleep(1)
    second = room.service_pid()
    assert second and second != first, "the hub did not start the grading service again"
    counts = Counter(r["key"] for r in room.ledger() if r["key"] not in before)
    assert len(counts) == BURST and set(counts.values()) == {1}, counts
    new = [r for r in room.ledger() if r["key"] not in before]
    assert all(r["status"] == "graded" and r["score"] == r["max_score"] for r in new), new
    assert "exited with status" in room.log.read_text()


def os_kill(pid: int | None) -> None:
    import os

    assert pid, "no grading service is running"
    os.kill(pid, signal.SIGKILL)
