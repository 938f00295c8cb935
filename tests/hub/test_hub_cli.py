"""`backprop hub`: help in both languages, and bad input told in one line of the command
line's language (no traceback, nothing created)."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from autograder.cli import main

ROSTER = "id,name,lang,role\nada,Ada,en,instructor\nli,Li,zh,student\n"


def run(lang: str, *args) -> tuple[int, str]:
    env = {"BACKPROP_LANG": lang, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
    result = CliRunner(env=env).invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "A class on JupyterHub"), ("zh", "在JupyterHub上开课")]
)
def test_hub_help_in_each_language(lang, words):
    code, output = run(lang, "hub", "--help")
    assert code == 0 and words in output
    code, output = run(lang, "hub", "init", "--help")
    assert code == 0 and "--roster" in output and "role" in output


def test_a_roster_without_an_instructor_is_one_line_in_chinese(tmp_path):
    roster = tmp_path / "students.csv"
    roster.write_text("id,name,lang\nli,Li,zh\n", encoding="utf-8")
    code, output = run("zh", "hub", "init", tmp_path / "hub", "--roster", roster)
    assert code == 1 and output.strip().count("\n") == 0, output
    assert output.startswith("错误：") and "instructor" in output and "role" in output
    assert not (tmp_path / "hub").exists()


def test_a_missing_roster_and_a_missing_hub_folder_are_one_line(tmp_path):
    code, output = run("en", "hub", "init", tmp_path / "hub", "--roster", tmp_path / "no.csv")
    assert code == 2 and "no.csv does not exist" in output and output.count("\n") == 1
    code, output = run("en", "hub", "start", tmp_path / "nothing")
    assert code == 2 and "nothing does not exist" in output and output.count("\n") == 1
    (tmp_path / "empty").mkdir()
    code, output = run("zh", "hub", "start", tmp_path / "empty")
    assert code == 1 and "请先运行`backprop hub init`" in output and output.count("\n") == 1


@pytest.mark.parametrize(("lang", "words"), [("en", "run it as root"), ("zh", "请以root运行")])
def test_not_root_is_one_line(tmp_path, monkeypatch, lang, words):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    roster = tmp_path / "students.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    code, output = run(lang, "hub", "init", tmp_path / "hub", "--roster", roster)
    assert code == 1 and words in output and output.count("\n") == 1, output
    assert not (tmp_path / "hub").exists()
