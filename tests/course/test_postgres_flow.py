"""The instructor's commands on a gradebook in a real PostgreSQL server, beside SQLite:
the course's ``db_url`` is the one place every command reads and writes grades."""

from __future__ import annotations

import csv

import nbformat
import pytest
import sqlalchemy
from click.testing import CliRunner

from autograder.build.paths import LESSONS
from autograder.cli import main
from autograder.course.gradebook import db_url, open_gradebook
from autograder.mistakes import mistakes_for
from autograder.student.i18n import t
from tests.course.postgres import needs_postgres, postgres_server
from tests.course.submissions import answered, notebook, one_lesson_course, points_of
from tests.markers import needs_bubblewrap

LESSON = "01-gradient-descent"

pytestmark = [pytest.mark.slow, needs_bubblewrap]


def run(*args: str, lang: str = "en") -> str:
    result = CliRunner(env={"BACKPROP_LANG": lang}).invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def server():
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_postgres)])
def flow(request, tmp_path):
    """A class of three through roster, release, collect, autograde, feedback and export."""
    url = request.getfixturevalue("server") if request.param == "postgresql" else None
    course = one_lesson_course(tmp_path, LESSON, db_url=url)
    roster = tmp_path / "students.csv"
    roster.write_text(
        "id,name,email,lang\nada,Ada L,ada@example.org,en\nbo,王博,bo@example.org,zh\n"
        "cy,Cy N,cy@example.org,en\n",
        encoding="utf-8",
    )
    points = points_of(LESSON)
    wrong = mistakes_for(sorted(points)[0])[0]
    lms = tmp_path / "lms"
    for sid, nb in (
        ("ada", answered(LESSON, "en")),
        ("bo", answered(LESSON, "zh", (wrong,))),
        ("cy", notebook(LESSONS, LESSON, "en")),
    ):
        (lms / sid).mkdir(parents=True)
        nbformat.write(nb, lms / sid / f"{LESSON}.ipynb")
    run("roster", str(course), str(roster))
    run("release", str(course), LESSON)
    # One run speaks Chinese to its instructor: the same flow, the messages in Chinese.
    lang = "zh" if request.param == "sqlite" else "en"
    collected = run("collect", str(course), LESSON, "--from-folder", str(lms), lang=lang)
    assert t("cli.collect.placed", lang=lang, n=3) in collected
    graded = run("autograde", str(course), LESSON, "--workers", "2", lang=lang)
    run("feedback", str(course), LESSON)
    run("export", str(course), str(tmp_path / "grades.csv"))
    full = sum(points.values())
    expected = {"ada": full, "bo": full - points[wrong.function], "cy": 0}
    return request.param, url, course, graded, tmp_path / "grades.csv", expected


def test_every_command_keeps_its_grades_in_the_configured_gradebook(flow):
    """Do the exported scores come out of the database the course names, and only it?"""
    backend, url, course, graded, grades, expected = flow
    counts = {"graded": 3, "unreadable": 0, "failed": 0, "flagged": 0}
    lang = "zh" if backend == "sqlite" else "en"
    assert t("cli.summary.counts", lang=lang, **counts) in graded
    with grades.open(encoding="utf-8") as handle:
        assert {r["student_id"]: float(r[LESSON]) for r in csv.DictReader(handle)} == expected
    if backend == "postgresql":
        assert db_url(course) == url
        assert not (course / "gradebook.db").exists()
        engine = sqlalchemy.create_engine(url)
        with engine.connect() as connection:
            count = "SELECT count(*) FROM submitted_assignment"
            assert connection.execute(sqlalchemy.text(count)).scalar() == 3
        engine.dispose()
    else:
        assert db_url(course) == f"sqlite:///{course / 'gradebook.db'}"
    with open_gradebook(course) as gradebook:
        assert gradebook.find_student("bo").first_name == "王博"
    assert len(list((course / "feedback").rglob("*.html"))) == 3
