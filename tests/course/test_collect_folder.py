"""`backprop collect --from-folder` on downloads a careless LMS export or a student could
shape: links, checkpoints, folders named like notebooks, ids inside other ids, deeply nested
JSON, and a course that never used nbgrader's exchange. Each honest student's own notebook is
placed; nothing outside the folder is ever read."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from autograder.build.paths import LESSONS, assignment_id
from autograder.cli import main
from autograder.course.roster import Student, import_roster
from autograder.student.i18n import t
from tests.course.submissions import answered, notebook, one_lesson_course

LESSON = "01-gradient-descent"

pytestmark = pytest.mark.slow

STUDENTS = [
    Student("x", email="x@example.org"),
    Student("x-2", email="x-2@example.org", lang="zh"),
    Student("ann", email="ann@example.org"),
    Student("bo", email="bo@example.org"),
]


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A course on which `release` never ran: its exchange has no inbound folder."""
    course = one_lesson_course(tmp_path_factory.mktemp("collect"), LESSON)
    import_roster(course, STUDENTS)
    return course


@pytest.fixture
def download(course, tmp_path) -> Path:
    """An empty download folder, and a course with nothing submitted yet."""
    shutil.rmtree(course / "submitted", ignore_errors=True)
    folder = tmp_path / "lms"
    folder.mkdir()
    return folder


def collect(course: Path, folder: Path) -> str:
    result = CliRunner().invoke(
        main, ["collect", str(course), LESSON, "--from-folder", str(folder)]
    )
    assert result.exit_code == 0, result.output
    return result.output


def placed(course: Path, student: str, lang: str = "en") -> nbformat.NotebookNode:
    path = course / "submitted" / student / assignment_id(LESSON, lang) / f"{LESSON}.ipynb"
    return nbformat.read(path, as_version=4)


def write(path: Path, nb: nbformat.NotebookNode) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def test_a_link_to_the_course_solution_is_never_read(course, download):
    """Does a link in the download (to the course's own source notebook) stay unread?"""
    source = course / "source" / assignment_id(LESSON, "en") / f"{LESSON}.ipynb"
    (download / "ann").mkdir()
    (download / "ann" / f"{LESSON}.ipynb").symlink_to(source)
    (download / "bo").symlink_to(source.parent, target_is_directory=True)
    output = collect(course, download)
    assert not (course / "submitted").exists() or not any((course / "submitted").iterdir())
    link = t("cli.reason.symlink")
    for path in (download / "ann" / f"{LESSON}.ipynb", download / "bo"):
        assert t("cli.collect.skipped", reason=link, path=path) in output
    assert "0 submissions placed" in output


def test_checkpoints_and_hidden_folders_are_ignored(course, download):
    """Does the real notebook win over Jupyter's checkpoint copy that sorts before it?"""
    real = answered(LESSON, "en")
    write(
        download / "ann" / ".ipynb_checkpoints" / f"{LESSON}-checkpoint.ipynb",
        notebook(LESSONS, LESSON, "en"),
    )
    write(download / ".trash" / "ann" / f"{LESSON}.ipynb", notebook(LESSONS, LESSON, "en"))
    write(download / "ann" / f"{LESSON}.ipynb", real)
    output = collect(course, download)
    assert "1 submissions placed" in output and "second file" not in output
    assert placed(course, "ann").cells == real.cells


def test_an_id_inside_another_id_matches_its_own_student(course, download):
    """Ids `x` and `x-2`: does each get their own file, by folder name or in a Canvas name?"""
    write(download / "x" / f"{LESSON}.ipynb", answered(LESSON, "en"))
    write(download / "x-2" / f"{LESSON}.ipynb", answered(LESSON, "zh"))
    output = collect(course, download)
    assert "2 submissions placed" in output and "several students" not in output
    assert placed(course, "x-2", "zh").metadata.backprop.lang == "zh"

    shutil.rmtree(course / "submitted")
    shutil.rmtree(download)
    write(download / f"Second Student_x-2_attempt 1_{LESSON}.ipynb", answered(LESSON, "zh"))
    write(download / f"First Student_x_attempt 1_{LESSON}.ipynb", answered(LESSON, "en"))
    output = collect(course, download)
    assert "2 submissions placed" in output and "several students" not in output
    assert placed(course, "x").metadata.backprop.lang == "en"


def test_a_folder_named_like_a_notebook_and_a_fifo_are_listed_not_read(course, download):
    """Does a folder `01-gradient-descent.ipynb`, or a named pipe, stop the files after it?"""
    (download / "ann" / f"{LESSON}.ipynb").mkdir(parents=True)
    os.mkfifo(download / f"bo-{LESSON}.ipynb")  # reading it would wait forever
    write(download / "x" / f"{LESSON}.ipynb", answered(LESSON, "en"))
    output = collect(course, download)
    assert "1 submissions placed" in output
    for path in (download / "ann" / f"{LESSON}.ipynb", download / f"bo-{LESSON}.ipynb"):
        assert t("cli.collect.skipped", reason=t("cli.reason.not_a_file"), path=path) in output


def test_deeply_nested_json_is_placed_for_autograde_to_judge(course, download):
    """Does a notebook nested past Python's recursion limit stop `collect`?"""
    nested = '{"metadata": {"x": ' + "[" * 100_000 + "]" * 100_000 + "}}"
    (download / "ann").mkdir()
    (download / "ann" / f"{LESSON}.ipynb").write_text(nested, encoding="utf-8")
    write(download / "bo" / f"{LESSON}.ipynb", answered(LESSON, "en"))
    output = collect(course, download)
    assert "2 submissions placed" in output
    assert placed(course, "bo").cells == answered(LESSON, "en").cells


def test_without_a_folder_a_course_that_never_released_says_what_to_do(course):
    """Without --from-folder and without an exchange: one line naming both ways on."""
    result = CliRunner().invoke(main, ["collect", str(course), LESSON])
    assert result.exit_code == 1
    assert "backprop release" in result.output and "--from-folder" in result.output
    assert "Traceback" not in result.output
