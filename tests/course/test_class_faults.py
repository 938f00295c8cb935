"""`backprop autograde` on a class with malformed submissions, workers that raise or die, a
SIGKILL or a Ctrl-C in the middle, and a second command on the same course: every submission
that can be graded is graded and recorded once, every other one is a line of the summary."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from autograder.build.paths import assignment_id
from autograder.cli import main
from autograder.course import lock
from autograder.course.autograde import Graded, Submission, run_workers
from autograder.course.export import lesson_scores
from autograder.course.progress import graded_file
from autograder.course.report import verdicts_file
from autograder.course.synthetic import (
    answered,
    mistaken_students,
    one_lesson_course,
    place,
    points_of,
)
from autograder.student.i18n import t
from tests.markers import needs_bubblewrap

LESSON = "01-gradient-descent"
FULL = sum(points_of(LESSON).values())
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return one_lesson_course(tmp_path_factory.mktemp("template"), LESSON)


def fresh_course(template: Path, root: Path) -> Path:
    """A copy of the template course (its configuration pointing at the copy)."""
    course = root / "course"
    shutil.copytree(template, course)
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text().replace(str(template), str(course)))
    return course


def with_cell_metadata(lang: str, item: str, nbgrader: object) -> nbformat.NotebookNode:
    """A correct notebook whose answer cell of ``item`` carries ``nbgrader`` as metadata."""
    nb = answered(LESSON, lang)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == item:
            cell.metadata["nbgrader"] = nbgrader
    return nb


def a_class(course: Path) -> dict[str, tuple[str, float]]:
    """Honest and mistaken students placed in ``course``: student -> (language, score)."""
    expected = {}
    for lang in ("en", "zh"):
        place(course, f"honest_{lang}", LESSON, lang, answered(LESSON, lang))
        expected[f"honest_{lang}"] = (lang, FULL)
    for student, lang, mistakes in mistaken_students(LESSON)[:6]:
        place(course, student, LESSON, lang, answered(LESSON, lang, mistakes))
        lost = sum(points_of(LESSON)[m.function] for m in mistakes)
        expected[student] = (lang, FULL - lost)
    return expected


def scores(course: Path) -> dict[str, float]:
    _, by_student = lesson_scores(course)
    return {student: lessons[LESSON] for student, lessons in by_student.items()}


def assert_recorded_once(course: Path) -> None:
    """One submission row per student and assignment, one grade per cell of each."""
    with sqlite3.connect(course / "gradebook.db") as con:
        twice = con.execute(
            "select count(*) from (select 1 from submitted_assignment "
            "group by student_id, assignment_id having count(*) > 1)"
        ).fetchone()[0]
        grades = con.execute(
            "select count(*) from (select 1 from grade "
            "group by notebook_id, cell_id having count(*) > 1)"
        ).fetchone()[0]
    assert (twice, grades) == (0, 0)


# ------------------------------------------------------------------ one bad file, one line


@needs_bubblewrap
def test_malformed_submissions_fail_alone(template, tmp_path):
    """Do malformed metadata, deep JSON and a folder for a notebook each cost one line only?"""
    course = fresh_course(template, tmp_path)
    place(course, "honest", LESSON, "en", answered(LESSON, "en"))
    place(course, "meta_oops", LESSON, "zh", with_cell_metadata("zh", "mse_gradient", "oops"))
    listed = {"solution": True, "grade": False, "locked": False, "grade_id": ["mse_gradient"]}
    place(course, "grade_id_list", LESSON, "en", with_cell_metadata("en", "mse_gradient", listed))
    deep = '{"cells": [], "metadata": {"x": ' + "[" * 100_000 + "]" * 100_000 + "}}"
    place(course, "deep_json", LESSON, "en", deep.encode())
    folder = course / "submitted" / "a_folder" / assignment_id(LESSON, "en") / f"{LESSON}.ipynb"
    folder.mkdir(parents=True)

    result = CliRunner().invoke(main, ["autograde", str(course), LESSON, "--workers", "2"])

    assert result.exit_code == 0, result.output
    assert "3 graded, 2 unreadable, 0 failed, 0 flagged" in result.output
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.strip()}
    assert "RecursionError" in lines["deep_json"]
    assert t("cli.reason.not_a_file") in lines["a_folder"]
    lost = FULL - points_of(LESSON)["mse_gradient"]
    assert scores(course) == {"honest": FULL, "meta_oops": lost, "grade_id_list": lost}
    recorded = json.loads(verdicts_file(course, LESSON).read_text(encoding="utf-8"))
    assert set(recorded) == {
        f"honest/{LESSON}-en",
        f"meta_oops/{LESSON}-zh",
        f"grade_id_list/{LESSON}-en",
    }


# ------------------------------------------------------------------ workers that raise or die


def grade_or_misbehave(course: Path, submission: Submission) -> Graded:
    """A grading function whose worker raises for one student and dies for another."""
    if submission.student == "raises":
        raise ValueError("a reply the grader did not expect\nsecond line")
    if submission.student == "dies":
        os._exit(9)
    return Graded(submission)


def test_a_worker_that_raises_or_dies_costs_only_its_submission(tmp_path):
    """Does every other submission still get its result, exactly once?"""
    students = ["dies", "a", "b", "raises", "c", "d", "e"]
    todo = [
        Submission(s, f"{LESSON}-en", LESSON, "en", tmp_path / s, tmp_path / "released")
        for s in students
    ]
    results = list(run_workers(tmp_path, todo, 2, grade=grade_or_misbehave))
    assert sorted(r.submission.student for r in results) == sorted(students)
    by_student = {r.submission.student: r for r in results}
    assert by_student["raises"].failed == "ValueError: a reply the grader did not expect"
    assert by_student["dies"].failed.startswith("BrokenProcessPool")
    assert all(not by_student[s].failed for s in "abcde")


# ------------------------------------------------------------------ SIGKILL, Ctrl-C, a second run


def start_autograde(course: Path) -> subprocess.Popen:
    """`python -m autograder autograde` in a session of its own, as from a terminal."""
    return subprocess.Popen(
        [sys.executable, "-m", "autograder", "autograde", str(course), LESSON, "--workers", "2"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # Python turns SIGINT into KeyboardInterrupt only if it was not ignored on start.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def wait_until_graded(course: Path, process: subprocess.Popen, at_least: int) -> dict[str, str]:
    """What the run has recorded once it has recorded ``at_least`` submissions."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            done = json.loads(graded_file(course, LESSON).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            done = {}
        if len(done) >= at_least:
            return done
        time.sleep(0.05)
    raise AssertionError("autograde recorded nothing in 300 s")


def processes_using(course: Path) -> list[str]:
    """Command lines of the processes still running on ``course`` (workers included)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            cwd = os.readlink(proc / "cwd")
        except OSError:
            continue
        if str(course) in cmdline or cwd.startswith(str(course)):
            found.append(cmdline)
    return found


def modified(course: Path, done: dict[str, str]) -> dict[str, float]:
    """When each recorded submission's autograded notebook was written."""
    times = {}
    for key in done:
        student, assignment = key.split("/")
        path = course / "autograded" / student / assignment / f"{LESSON}.ipynb"
        times[key] = path.stat().st_mtime_ns
    return times


def finish_and_check(course: Path, expected: dict[str, tuple[str, float]], done: dict) -> None:
    """Run autograde again: it grades only what was left, and every grade is there once."""
    before = modified(course, done)
    again = subprocess.run(
        [sys.executable, "-m", "autograder", "autograde", str(course), LESSON, "--workers", "2"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stderr
    n = len(expected)
    assert f"{n} graded, 0 unreadable, 0 failed, 0 flagged" in again.stdout
    assert scores(course) == {student: score for student, (_, score) in expected.items()}
    assert modified(course, done) == before  # what was recorded was not graded again
    assert len(json.loads(verdicts_file(course, LESSON).read_text(encoding="utf-8"))) == n
    assert_recorded_once(course)


@needs_bubblewrap
def test_sigkill_mid_class_then_rerun_grades_what_is_left(template, tmp_path):
    """Killed with SIGKILL after a few submissions: does a rerun finish with every grade once?"""
    course = fresh_course(template, tmp_path)
    expected = a_class(course)
    process = start_autograde(course)
    done = wait_until_graded(course, process, at_least=2)
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10  # the workers die with it (and their sandboxes)
    while processes_using(course) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_using(course) == []
    done = json.loads(graded_file(course, LESSON).read_text(encoding="utf-8"))
    assert 2 <= len(done) < len(expected)
    finish_and_check(course, expected, done)


@needs_bubblewrap
def test_ctrl_c_stops_with_one_message_and_a_rerun_finishes(template, tmp_path):
    """Ctrl-C (SIGINT to the whole foreground group): one line, no traceback, then resume."""
    course = fresh_course(template, tmp_path)
    expected = a_class(course)
    process = start_autograde(course)
    wait_until_graded(course, process, at_least=1)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    done = json.loads(graded_file(course, LESSON).read_text(encoding="utf-8"))
    message = t("cli.error.interrupted", done=len(done), total=len(expected))
    assert stderr.count(t("cli.error.line", message=message)) == 1
    assert stderr.count("stopped after") == 1
    assert processes_using(course) == []
    finish_and_check(course, expected, done)


# ------------------------------------------------------------------ two commands on one course


def test_a_second_command_refuses_while_the_course_is_busy(template, tmp_path, monkeypatch):
    """Does `autograde` on a course another command holds say so, without touching it?"""
    course = fresh_course(template, tmp_path)
    place(course, "honest", LESSON, "en", answered(LESSON, "en"))
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.5)
    with lock.course_lock(course.resolve(), "collect"):
        result = CliRunner().invoke(main, ["autograde", str(course), LESSON])
    assert result.exit_code == 1
    assert f"in use by backprop collect (pid {os.getpid()})" in result.output
    assert "Traceback" not in result.output
    assert not (course / "autograded").exists() and scores(course) == {}


@needs_bubblewrap
def test_a_second_command_waits_for_a_command_that_is_finishing(template, tmp_path):
    """If the first command ends within the wait, does the second one run after it?"""
    course = fresh_course(template, tmp_path)
    place(course, "honest", LESSON, "en", answered(LESSON, "en"))
    held, release = threading.Event(), threading.Event()

    def first_command() -> None:
        with lock.course_lock(course.resolve(), "feedback"):
            held.set()
            release.wait()

    first = threading.Thread(target=first_command)
    first.start()
    held.wait()
    threading.Timer(1.0, release.set).start()
    result = CliRunner().invoke(main, ["autograde", str(course), LESSON, "--workers", "1"])
    first.join()
    assert result.exit_code == 0, result.output
    assert scores(course) == {"honest": FULL}
