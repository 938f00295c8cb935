"""The `backprop` command line: thin wrappers, exit codes and messages."""

import pytest
from click.testing import CliRunner

from autograder.cli import main


def test_help_lists_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in (
        "build",
        "check-drift",
        "init",
        "release",
        "collect",
        "autograde",
        "feedback",
        "export",
        "report",
        "student-bundle",
    ):
        assert command in result.output


@pytest.mark.slow  # rebuilds every notebook; the fast loop checks one lesson (tests/build)
def test_check_drift_passes_on_this_tree():
    result = CliRunner().invoke(main, ["check-drift"])
    assert result.exit_code == 0, result.output
    assert "match their sources" in result.output


def test_check_drift_fails_and_names_the_file(monkeypatch):
    import autograder.build.notebooks as notebooks

    monkeypatch.setattr(
        notebooks, "drift", lambda: ["lessons/zh/01-x.ipynb: differs from its source"]
    )
    result = CliRunner().invoke(main, ["check-drift"])
    assert result.exit_code == 1
    assert "lessons/zh/01-x.ipynb" in result.output


def test_student_bundle_command(tmp_path):
    result = CliRunner().invoke(main, ["student-bundle", str(tmp_path / "pkg")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pkg" / "autograder" / "student" / "catalogue.toml").is_file()
    assert not (tmp_path / "pkg" / "autograder" / "reference").exists()


def test_export_refuses_a_missing_course(tmp_path):
    result = CliRunner().invoke(
        main, ["export", str(tmp_path / "nowhere"), str(tmp_path / "g.csv")]
    )
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_export_explains_a_folder_without_gradebook(tmp_path):
    result = CliRunner().invoke(main, ["export", str(tmp_path), str(tmp_path / "g.csv")])
    assert result.exit_code == 1
    assert "gradebook.db does not exist" in result.output
    assert not (tmp_path / "gradebook.db").exists()
