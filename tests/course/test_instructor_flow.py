"""A class of 24 through the instructor's commands, as README gives them: init with a roster,
release, fetch and submit through the exchange or download from an LMS, collect, autograde,
feedback, export for Canvas and Moodle, and the class report."""

from __future__ import annotations

import csv
import getpass
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from autograder.build.paths import LESSONS, assignment_id
from autograder.cli import main
from autograder.course.gradebook import open_gradebook
from autograder.course.settings import COURSE_ID
from autograder.mistakes import mistakes_for
from autograder.student.i18n import t
from tests.course.submissions import answered, notebook, points_of
from tests.markers import needs_bubblewrap

LESSON = "01-gradient-descent"

pytestmark = [
    pytest.mark.slow,
    needs_bubblewrap,
]


def run(*args: str) -> str:
    result = CliRunner(env={"BACKPROP_LANG": "en"}).invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def class_of_24() -> list[dict]:
    """Students with their language, how they submit, what they submit and their score."""
    points = points_of(LESSON)
    full = sum(points.values())
    names = sorted(points)
    students = []
    for i in range(24):
        lang = "zh" if i % 2 else "en"
        wrong = () if i % 4 == 0 else (mistakes_for(names[i % 3])[i % 5],)
        blank = i % 7 == 3
        expected = 0 if blank else full - sum(points[m.function] for m in wrong)
        students.append(
            {
                "id": f"s{i:03d}",
                "name": f"学生{i}" if lang == "zh" else f"Student {i}",
                "lang": lang,
                "nb": notebook(LESSONS, LESSON, lang) if blank else answered(LESSON, lang, wrong),
                "expected": expected,
                "mistakes": () if blank else wrong,
            }
        )
    return students


@pytest.fixture(scope="module")
def flow(tmp_path_factory):
    root = tmp_path_factory.mktemp("flow")
    course, lms = root / "course", root / "lms-download"
    students = class_of_24()
    me = getpass.getuser()
    roster = root / "students.csv"
    with roster.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "email", "lang"])
        writer.writerow([me, "Exchange User", f"{me}@example.org", "en"])
        for s in students:
            writer.writerow([s["id"], s["name"], f"{s['id']}@example.org", s["lang"]])

    run("init", str(course), "--roster", str(roster))
    run("release", str(course), LESSON)

    # The instructor's own account fetches and submits through the exchange.
    home = root / "home"
    home.mkdir()
    aid = assignment_id(LESSON, "en")
    exchange = [f"--Exchange.root={course / 'exchange'}", f"--Exchange.cache={root / 'cache'}"]
    for step in ("fetch_assignment", "submit"):
        if step == "submit":
            nbformat.write(answered(LESSON, "en"), home / aid / f"{LESSON}.ipynb")
        command = [sys.executable, "-m", "nbgrader", step, aid, *exchange, f"--course={COURSE_ID}"]
        done = subprocess.run(command, cwd=home, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr

    # The class downloads from an LMS: names in its own style, with spaces and Chinese.
    for s in students:
        folder = lms / f"{s['name']}_{s['id']}_attempt 1"
        folder.mkdir(parents=True)
        nbformat.write(s["nb"], folder / f"{LESSON} 作业.ipynb")
    (lms / "stray").mkdir()
    nbformat.write(answered(LESSON, "en"), lms / "stray" / "someone_else.ipynb")

    collected = run("collect", str(course), LESSON, "--from-folder", str(lms))
    graded = run("autograde", str(course), LESSON, "--workers", "2")
    run("feedback", str(course), LESSON)
    for fmt in ("canvas", "moodle"):
        run("export", str(course), str(root / f"{fmt}.csv"), "--format", fmt)
    report = run("report", str(course), LESSON, "--lang", "zh")
    expected = {s["id"]: s["expected"] for s in students} | {me: sum(points_of(LESSON).values())}
    return root, course, expected, collected, graded, report


def test_collect_reports_files_it_cannot_match(flow):
    """Does `collect` name the downloaded file that belongs to no student?"""
    *_, collected, _, _ = flow
    assert "24 submissions placed" in collected
    assert "someone_else.ipynb" in collected


def test_canvas_export_holds_every_students_score(flow):
    """Does the Canvas CSV give every student of the roster the score their answers earn?"""
    root, _, expected, *_ = flow
    with (root / "canvas.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert {r["SIS User ID"]: float(r[LESSON]) for r in rows} == expected


def test_moodle_export_identifies_students_by_id_and_email(flow):
    """Does the Moodle CSV carry an identifier Moodle's grade import can map?"""
    root, _, expected, *_ = flow
    with (root / "moodle.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["ID number"]: float(r[LESSON]) for r in rows} == expected
    assert all(r["Email address"].endswith("@example.org") for r in rows)


def test_feedback_is_in_each_submissions_language(flow):
    """Is each student's feedback page, its headings included, in the language submitted?"""
    _, course, *_ = flow
    for student, lang in (("s001", "zh"), ("s002", "en")):  # each with a mistake
        pages = list((course / "feedback" / student).rglob("*.html"))
        assert len(pages) == 1 and pages[0].parent.name.endswith(f"-{lang}")
        text = pages[0].read_text(encoding="utf-8")
        assert (t("feedback.score", lang="zh") in text) == (lang == "zh")
        assert ("Score:" in text) == (lang == "en")
        assert ("Student's answer" in text) == (lang == "en")
        assert ("隐藏测试" in text) == (lang == "zh")


def test_report_counts_the_class_mistakes_in_chinese(flow):
    """Does the class report list mistakes by name in the chosen language, with a chart?"""
    _, course, _, _, _, report = flow
    made = {m.catalogue_key for s in class_of_24() for m in s["mistakes"]}
    assert made and all(t(f"{key}.name", lang="zh") in report for key in made)
    assert "份提交中有" in report and "submissions" not in report
    assert (course / "reports" / f"{LESSON}-mistakes-zh.png").stat().st_size > 5_000


def test_autograde_summary_counts_every_submission(flow):
    """Does the summary table end with a count of all 25 submissions?"""
    *_, graded, _ = flow
    assert "25 graded, 0 unreadable, 0 failed, 0 flagged" in graded


def test_students_of_the_roster_reach_the_gradebook(flow):
    _, course, expected, *_ = flow
    with open_gradebook(course) as gradebook:
        assert {s.id for s in gradebook.students} == set(expected)
        assert gradebook.find_student("s001").first_name == "学生1"
    assert Path(course / "roster.csv").read_text(encoding="utf-8").count("zh") >= 12
