"""The `backprop` command line: exit codes, one-line errors, and its two languages."""

import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from autograder.cli import main
from autograder.commandline import language
from autograder.student.i18n import catalogue, get_language, t

LESSON = "01-gradient-descent"
ENGLISH = {"BACKPROP_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "en_US.UTF-8"}
CHINESE = {**ENGLISH, "LANG": "zh_CN.UTF-8"}


def invoke(*args, env=ENGLISH):
    return CliRunner(env=env).invoke(main, [str(a) for a in args])


def refused(*args, env=ENGLISH) -> str:
    """Run a command that must refuse its input: non-zero exit, one line, no traceback."""
    result = invoke(*args, env=env)
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def fake_course(folder, db_url=None):
    """A folder `backprop` takes for a course: nbgrader_config.py (the gradebook's URL)."""
    folder.mkdir(parents=True, exist_ok=True)
    config = "c = get_config()  # noqa: F821\n"
    if db_url:
        config += f"c.CourseDirectory.db_url = {db_url!r}\n"
    (folder / "nbgrader_config.py").write_text(config, encoding="utf-8")
    return folder


def test_help_lists_every_command():
    result = invoke("--help")
    assert result.exit_code == 0
    for command in (
        "build",
        "check-drift",
        "init",
        "roster",
        "release",
        "collect",
        "autograde",
        "feedback",
        "export",
        "report",
        "student-bundle",
        "new-lesson",
        "site",
    ):
        assert command in result.output


@pytest.mark.slow  # rebuilds every notebook; the fast loop checks one lesson (tests/build)
def test_check_drift_passes_on_this_tree():
    result = invoke("check-drift")
    assert result.exit_code == 0, result.output
    assert "match their sources" in result.output


def test_check_drift_fails_and_names_the_file(monkeypatch):
    import autograder.build.notebooks as notebooks

    monkeypatch.setattr(
        notebooks, "drift", lambda: ["lessons/zh/01-x.ipynb: differs from its source"]
    )
    result = invoke("check-drift")
    assert result.exit_code == 1
    assert "lessons/zh/01-x.ipynb" in result.output


def test_student_bundle_command(tmp_path):
    result = invoke("student-bundle", tmp_path / "pkg")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pkg" / "autograder" / "student" / "catalogue" / "common.toml").is_file()
    assert not (tmp_path / "pkg" / "autograder" / "reference").exists()
    # The instructor's texts stay out of a student image.
    assert not (tmp_path / "pkg" / "autograder" / "student" / "instructor.toml").exists()


# ------------------------------------------------------------------ one line per bad input
@pytest.mark.parametrize(
    "command", ["roster", "release", "collect", "autograde", "feedback", "export", "report"]
)
def test_every_course_command_refuses_a_missing_directory(tmp_path, command):
    extra = {"roster": [tmp_path / "r.csv"], "export": [tmp_path / "g.csv"]}.get(command, [LESSON])
    (tmp_path / "r.csv").write_text("id\na\n", encoding="utf-8")
    line = refused(command, tmp_path / "nowhere", *extra)
    assert "nowhere does not exist or is not a folder" in line


def test_a_folder_that_is_no_course_is_refused(tmp_path):
    line = refused("export", tmp_path, tmp_path / "g.csv")
    assert "is not a course directory" in line and "backprop init" in line
    assert not (tmp_path / "gradebook.db").exists()


def test_an_unknown_lesson_is_refused_with_the_lessons_there_are(tmp_path):
    line = refused("release", fake_course(tmp_path / "c"), "99-nothing")
    assert "'99-nothing' is not a lesson" in line and LESSON in line


def test_a_missing_argument_is_one_line(tmp_path):
    line = refused("release", fake_course(tmp_path / "c"))
    assert "LESSON is missing" in line and "release --help" in line


def test_a_malformed_roster_names_its_line_and_changes_nothing(tmp_path):
    roster = tmp_path / "r.csv"
    roster.write_text("id,name,lang\na,Ann,en\nb,Bo,fr\n", encoding="utf-8")
    line = refused("init", tmp_path / "c", "--roster", roster)
    assert "line 3" in line and "'fr'" in line
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"name,email\nAnn,a@x\n", "no `id` column"),
        (b"id\na\na\n", "line 3: student id 'a' appears twice"),
        (b"id\n.hidden\n", "line 2: '.hidden' cannot be a student id"),
        (b"id\n\xff\xfe\x00a\n", "not a CSV text file in UTF-8"),
    ],
)
def test_roster_command_names_what_is_wrong(tmp_path, content, expected):
    roster = tmp_path / "r.csv"
    roster.write_bytes(content)
    assert expected in refused("roster", fake_course(tmp_path / "c"), roster)


def test_a_missing_roster_file_is_named(tmp_path):
    line = refused("roster", fake_course(tmp_path / "c"), tmp_path / "none.csv")
    assert "none.csv does not exist or is not a file" in line


def test_autograde_without_bubblewrap_says_how_to_install_it(tmp_path, monkeypatch):
    which = shutil.which

    def no_bwrap(name, *args, **kwargs):
        return None if name == "bwrap" else which(name, *args, **kwargs)

    monkeypatch.setattr(shutil, "which", no_bwrap)
    line = refused("autograde", fake_course(tmp_path / "c"), LESSON)
    assert "apt-get install bubblewrap" in line


@pytest.mark.parametrize("env", [ENGLISH, CHINESE], ids=["en", "zh"])
def test_autograde_with_an_unreadable_time_limit_names_it(tmp_path, env):
    line = refused(
        "autograde",
        fake_course(tmp_path / "c"),
        LESSON,
        env={**env, "BACKPROP_SUBMISSION_SECONDS": "a minute"},
    )
    assert "BACKPROP_SUBMISSION_SECONDS" in line and "'a minute'" in line


def test_a_locked_gradebook_is_one_line(tmp_path):
    database = tmp_path / "c" / "gradebook.db"
    course = fake_course(tmp_path / "c", f"sqlite:///{database}?timeout=0.1")
    holder = sqlite3.connect(database)
    holder.execute("CREATE TABLE held (x)")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        line = refused("export", course, tmp_path / "g.csv")
    finally:
        holder.rollback()
        holder.close()
    assert "is locked by another command" in line and str(database) in line


def test_an_unreachable_database_server_names_the_setting(tmp_path):
    course = fake_course(tmp_path / "c", "postgresql://teacher:secret@127.0.0.1:1/gradebook")
    line = refused("export", course, tmp_path / "g.csv")
    assert "cannot be opened" in line and "c.CourseDirectory.db_url" in line
    assert "secret" not in line and "teacher:***@127.0.0.1:1" in line


def test_a_broken_course_configuration_is_named(tmp_path):
    course = fake_course(tmp_path / "c")
    (course / "nbgrader_config.py").write_text("c = get_config(\n", encoding="utf-8")
    line = refused("release", course, LESSON)
    assert "nbgrader_config.py cannot be read" in line and "SyntaxError" in line


def test_an_output_file_that_cannot_be_written_is_one_line(tmp_path):
    line = refused("export", fake_course(tmp_path / "c"), tmp_path / "no" / "such" / "g.csv")
    assert "g.csv" in line


def test_report_before_autograde_says_what_to_run(tmp_path):
    line = refused("report", fake_course(tmp_path / "c"), LESSON)
    assert "run `backprop autograde`" in line


def test_collect_from_a_missing_folder_is_refused(tmp_path):
    course = fake_course(tmp_path / "c")
    line = refused("collect", course, LESSON, "--from-folder", tmp_path / "downloads")
    assert "downloads does not exist or is not a folder" in line


def test_zero_workers_is_refused(tmp_path):
    line = refused("autograde", fake_course(tmp_path / "c"), LESSON, "--workers", "0")
    assert "--workers" in line


# ------------------------------------------------------------------ the instructor's language
@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),
        ({"LC_ALL": "zh_CN.UTF-8", "BACKPROP_LANG": "en"}, "en"),
        ({"LANG": "C", "BACKPROP_LANG": "zh"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "BACKPROP_LANG": "fr"}, "zh"),
    ],
)
def test_language_follows_backprop_lang_then_the_locale(environ, expected):
    assert language(environ) == expected


@pytest.mark.parametrize("command", [[], *[[name] for name in main.commands]])
def test_every_help_is_in_the_instructors_language(command):
    name = command[0] if command else "main"
    english = invoke(*command, "--help", env=ENGLISH)
    chinese = invoke(*command, "--help", env=CHINESE)
    assert english.exit_code == chinese.exit_code == 0
    assert "Usage:" in english.output and "Options:" in english.output
    assert "用法：" in chinese.output and "选项:" in chinese.output
    assert "显示本帮助信息并退出" in chinese.output and "Show this message" not in chinese.output
    opening = t(f"cli.command.{name}", lang="zh")[:12]
    assert opening in chinese.output.replace("\n  ", "")
    assert t(f"cli.command.{name}", lang="en")[:12] in english.output
    # Every option and argument explains itself in Chinese too.
    for param in (main if not command else main.commands[name]).params:
        if param.help:
            assert t(f"cli.{type(param).__name__.lower()}.{param.key}", lang="zh")[:6] in (
                chinese.output.replace("\n", "").replace(" ", "")
            )


def test_backprop_lang_chooses_chinese_whatever_the_locale():
    result = invoke("--help", env={**ENGLISH, "BACKPROP_LANG": "zh"})
    assert "命令:" in result.output and "Commands:" not in result.output
    assert get_language() == "en"  # the command leaves the process's language as it was


def test_an_error_in_chinese_and_in_english(tmp_path):
    chinese = refused("release", fake_course(tmp_path / "c"), "99-nothing", env=CHINESE)
    assert chinese.startswith("错误：") and "没有名为'99-nothing'的课" in chinese
    english = refused("release", tmp_path / "c", "99-nothing", env=ENGLISH)
    assert english.startswith("Error: ") and "is not a lesson" in english


def test_a_roster_error_in_chinese_names_the_line(tmp_path):
    roster = tmp_path / "r.csv"
    roster.write_text("id,lang\na,en\nb,fr\n", encoding="utf-8")
    line = refused("init", tmp_path / "c", "--roster", roster, env=CHINESE)
    assert "第3行" in line and "'fr'" in line


def test_instructor_texts_are_in_the_one_catalogue():
    entries = catalogue()
    assert {"cli.command.init", "cli.summary.counts", "cli.error.gradebook_locked"} <= set(entries)


def test_init_with_an_unreachable_database_stops_before_generating(tmp_path):
    url = "postgresql://teacher:secret@127.0.0.1:1/gradebook"
    line = refused("init", tmp_path / "c", "--db-url", url)
    assert "cannot be opened" in line and "secret" not in line
    assert not (tmp_path / "c" / "source").exists()


def test_any_course_error_a_command_meets_is_one_line_in_its_language(tmp_path, monkeypatch):
    """A lock, a guard, a check elsewhere: raising CourseError is all it takes."""
    import autograder.course.export as export
    from autograder.errors import CourseError

    def busy(*args, **kwargs):
        raise CourseError("cli.error.gradebook_locked", url="sqlite:///g.db")

    monkeypatch.setattr(export, "write_csv", busy)
    course = fake_course(tmp_path / "c")
    assert "is locked by another command" in refused("export", course, tmp_path / "g.csv")
    chinese = refused("export", course, tmp_path / "g.csv", env=CHINESE)
    assert (
        chinese
        == "错误：成绩库sqlite:///g.db正被本课程的另一条命令锁定：请等它结束后再运行本命令。"
    )


def test_ctrl_c_stops_with_one_line_and_the_shells_code(tmp_path, monkeypatch):
    import autograder.course.export as export

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "write_csv", interrupted)
    result = invoke("export", fake_course(tmp_path / "c"), tmp_path / "g.csv")
    assert result.exit_code == 130
    assert result.output.strip() == "Error: Stopped."
