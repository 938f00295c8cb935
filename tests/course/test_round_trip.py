"""The whole instructor flow with real nbgrader, for every lesson: init, release, fetch and
submit through the exchange, collect, autograde, feedback, export — for perfect, empty and
mistaken students in both languages."""

from __future__ import annotations

import csv
import getpass
import html
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter

from autograder import lessons
from autograder.build.paths import LESSONS, assignment_id
from autograder.build.release import COURSE_ID
from autograder.course import math
from autograder.course.api import course_api
from autograder.course.export import write_csv
from autograder.course.feedback import FeedbackExporter, formulas_of
from autograder.course.synthetic import (
    answered,
    mistaken_students,
    notebook,
    one_lesson_course,
    points_lost,
    points_of,
)
from autograder.hidden import specs
from autograder.mistakes import mistakes_for
from autograder.student.i18n import t
from tests.markers import needs_bubblewrap

pytestmark = [
    pytest.mark.slow,
    needs_bubblewrap,
]


def submit_directly(course: Path, student: str, lesson: str, lang: str, nb) -> None:
    """A submission downloaded from an LMS and placed where `nbgrader collect` puts them."""
    folder = course / "submitted" / student / assignment_id(lesson, lang)
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{lesson}.ipynb")


def nbgrader_cli(*args: str, cwd: Path) -> None:
    command = [sys.executable, "-m", "nbgrader", *args, f"--course={COURSE_ID}"]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(
    scope="module",
    params=list(lessons.MODULES),
)
def graded_course(request, tmp_path_factory):
    """Run the flow once per lesson; the tests below read what it produced."""
    return run_flow(request.param, tmp_path_factory)


def run_flow(lesson: str, tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp(lesson)
    # A course of this lesson alone: the flow touches no other assignment.
    course = one_lesson_course(root, lesson)
    exchange, home = (course / "exchange").resolve(), root / "home"
    api = course_api(course, exchange)
    full = sum(points_of(lesson).values())
    expected: dict[str, dict[str, float]] = {}

    for lang in ("en", "zh"):
        assert api.release_assignment(assignment_id(lesson, lang))["success"]

    # One student goes through the exchange as a student would, in English.
    me, aid = getpass.getuser(), assignment_id(lesson, "en")
    home.mkdir()
    exchange_opts = (f"--Exchange.root={exchange}", f"--Exchange.cache={root / 'cache'}")
    nbgrader_cli("fetch_assignment", aid, *exchange_opts, cwd=home)
    nbformat.write(answered(lesson, "en"), home / aid / f"{lesson}.ipynb")
    nbgrader_cli("submit", aid, *exchange_opts, cwd=home)
    assert api.collect(aid)["success"]
    expected[me] = {"en": full}

    submit_directly(course, "perfect_zh", lesson, "zh", answered(lesson, "zh"))
    expected["perfect_zh"] = {"zh": full}
    for lang in ("en", "zh"):
        submit_directly(course, f"empty_{lang}", lesson, lang, notebook(LESSONS, lesson, lang))
        expected[f"empty_{lang}"] = {lang: 0}
    # Both languages submitted: the better one counts.
    submit_directly(course, "both", lesson, "en", notebook(LESSONS, lesson, "en"))
    submit_directly(course, "both", lesson, "zh", answered(lesson, "zh"))
    expected["both"] = {"en": 0, "zh": full}

    mistaken = mistaken_students(lesson)
    for student, lang, mistakes in mistaken:
        submit_directly(course, student, lesson, lang, answered(lesson, lang, mistakes))
        lost = sum(points_lost(lesson, m) for m in mistakes)
        expected[student] = {lang: full - lost}

    for student, per_lang in expected.items():
        for lang in per_lang:
            result = api.autograde(assignment_id(lesson, lang), student)
            assert result["success"], result.get("log")
    for lang in ("en", "zh"):
        assert api.generate_feedback(assignment_id(lesson, lang))["success"]
    csv_path = root / "grades.csv"
    write_csv(course, csv_path)
    return {
        "lesson": lesson,
        "course": course,
        "expected": expected,
        "mistaken": mistaken,
        "csv": csv_path,
        "api": api,
    }


def feedback_page(run, student: str, lang: str) -> str:
    lesson = run["lesson"]
    path = run["course"] / "feedback" / student / assignment_id(lesson, lang) / f"{lesson}.html"
    return html.unescape(path.read_text(encoding="utf-8"))


def test_every_submission_gets_its_expected_score(graded_course):
    """Full marks for the solution, 0 for a blank lesson, partial marks for mistakes."""
    api, lesson = graded_course["api"], graded_course["lesson"]
    for student, per_lang in graded_course["expected"].items():
        for lang, score in per_lang.items():
            submission = api.get_submission(assignment_id(lesson, lang), student)
            assert submission["score"] == score, (student, lang)


def test_export_has_one_score_per_student_per_lesson(graded_course):
    """Does the CSV hold one row per student with the better of their languages' scores?"""
    with graded_course["csv"].open(encoding="utf-8") as handle:
        rows = {
            row["student_id"]: float(row[graded_course["lesson"]]) for row in csv.DictReader(handle)
        }
    expected = {s: max(per_lang.values()) for s, per_lang in graded_course["expected"].items()}
    assert rows == expected


def test_feedback_names_each_mistake_in_the_submission_language(graded_course):
    """Does every catalogued mistake appear, named, in its student's feedback, in that language?"""
    covered = set()
    for student, lang, mistakes in graded_course["mistaken"]:
        other = "zh" if lang == "en" else "en"
        page = feedback_page(graded_course, student, lang)
        for mistake in mistakes:
            assert t(f"{mistake.catalogue_key}.name", lang=lang) in page, (student, mistake)
            assert t(f"{mistake.catalogue_key}.name", lang=other) not in page
            covered.add((mistake.function, mistake.id))
    every = {
        (m.function, m.id)
        for spec in specs(graded_course["lesson"]).values()
        for m in mistakes_for(spec.answer_id)
    }
    assert covered == every


def test_empty_submission_feedback_says_not_implemented(graded_course):
    for lang, words in (("en", "is not implemented"), ("zh", "尚未实现")):
        assert words in feedback_page(graded_course, f"empty_{lang}", lang)


# A resource the page would fetch from elsewhere: src/href/url()/@import to another host.
EXTERNAL = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?|url\(\s*["']?|@import\s+["']?)(?:https?:)?//"""
)


def test_feedback_page_shows_its_formulas_offline(graded_course):
    """Every formula of the lesson's prose is typeset into the page, which fetches nothing:
    no script, no stylesheet, no font from another host."""
    lesson = graded_course["lesson"]
    for lang in ("en", "zh"):
        page = feedback_page(graded_course, f"empty_{lang}", lang)
        assert not EXTERNAL.search(page), EXTERNAL.search(page)
        assert "<script" not in page
        released = nbformat.read(
            graded_course["course"] / "release" / assignment_id(lesson, lang) / f"{lesson}.ipynb",
            as_version=4,
        )
        formulas = formulas_of([c.source for c in released.cells if c.cell_type == "markdown"])
        assert formulas, lesson  # every lesson has formulas in its prose
        assert page.count("<mjx-container") == len(formulas)


def test_feedback_exporter_makes_nbconverts_page(graded_course, monkeypatch):
    """The feedback exporter's shortcuts change nothing but the formulas: with them left as
    TeX, its page is HTMLExporter's, up to BeautifulSoup's re-serialisation of the latter."""
    course, lesson = graded_course["course"], graded_course["lesson"]
    aid = assignment_id(lesson, "zh")
    page = course / "feedback" / "perfect_zh" / aid / f"{lesson}.html"
    monkeypatch.setattr(math, "_TYPESET", {})
    monkeypatch.setattr(math, "typeset", lambda formulas: None)
    pages = []
    for exporter in (HTMLExporter, FeedbackExporter):
        api = course_api(course)
        api.config.GenerateFeedback.exporter_class = exporter
        assert api.generate_feedback(aid, "perfect_zh")["success"]
        pages.append(page.read_text(encoding="utf-8"))
    assert str(BeautifulSoup(pages[1], features="html.parser")) == pages[0]
    monkeypatch.undo()
    assert course_api(course).generate_feedback(aid, "perfect_zh")["success"]  # as it was
