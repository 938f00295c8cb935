"""``backprop`` / ``python -m autograder``: the course's command line. Help and messages
come from the catalogue in the instructor's language (see :mod:`autograder.commandline`);
bad input raises a :class:`CourseError` or a click error, shown as one line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from autograder.commandline import (
    COURSE,
    LESSON,
    ExistingFile,
    ExistingFolder,
    Group,
    argument,
    option,
)
from autograder.errors import CourseError
from autograder.hub.cli import hub
from autograder.student.i18n import LANGUAGES, get_language, t


@click.group(cls=Group)
def main() -> None:
    """Backprop from Scratch: build the notebooks, set up and run an nbgrader course."""


main.add_command(hub)  # `backprop hub init|start|student-image`: a class on JupyterHub


@main.command()
def build() -> None:
    """Regenerate solutions/ and lessons/ from content/."""
    from autograder.build.notebooks import build_all

    build_all()
    click.echo(t("cli.done.build"))


@main.command("check-drift")
def check_drift() -> None:
    """Fail if solutions/ or lessons/ differ from what content/ gives."""
    from autograder.build.notebooks import drift

    problems = drift()
    for line in problems:
        click.echo(line, err=True)
    if problems:
        sys.exit(1)
    click.echo(t("cli.done.no_drift"))


def _check(result: dict, step: str, assignment: str) -> None:
    """An nbgrader API result that failed, as one line: its error's last line."""
    if not result["success"]:
        lines = (result.get("error") or result.get("log") or "").strip().splitlines()
        reason = lines[-1] if lines else "?"
        raise CourseError("cli.error.nbgrader", step=step, assignment=assignment, reason=reason)


@main.command()
@argument("directory", "new_course", type=click.Path(file_okay=False, path_type=Path))
@option("--roster", key="roster", type=ExistingFile())
@option("--exchange", key="exchange", type=click.Path(file_okay=False, path_type=Path))
@option("--db-url", key="db_url", default=None)
def init(directory: Path, roster: Path | None, exchange: Path | None, db_url: str | None) -> None:
    """Create an nbgrader course directory with every lesson in both languages."""
    from autograder.course.directory import init_course
    from autograder.course.roster import import_roster, read_roster

    students = read_roster(roster) if roster else []  # a bad roster stops before any change
    assignments = init_course(directory, exchange, db_url=db_url)
    import_roster(directory.resolve(), students)
    click.echo(
        t(
            "cli.done.init",
            directory=directory,
            assignments=len(assignments),
            students=len(students),
        )
    )


@main.command()
@argument("directory", "course", type=COURSE)
@argument("csv_file", "csv_file", type=ExistingFile())
def roster(directory: Path, csv_file: Path) -> None:
    """Add or update the students of CSV_FILE in the course's gradebook."""
    from autograder.course.roster import import_roster, read_roster

    students = read_roster(csv_file)
    import_roster(directory, students)
    click.echo(t("cli.done.roster", n=len(students)))


@main.command()
@argument("directory", "course", type=COURSE)
@argument("lesson", "lesson", type=LESSON)
def release(directory: Path, lesson: str) -> None:
    """Release LESSON to students through nbgrader's exchange, in both languages."""
    from autograder.build.paths import assignment_id
    from autograder.course.directory import open_course

    api = open_course(directory)
    for lang in LANGUAGES:
        aid = assignment_id(lesson, lang)
        _check(api.release_assignment(aid), "release_assignment", aid)
    click.echo(t("cli.done.release", lesson=lesson, langs=", ".join(LANGUAGES)))


@main.command()
@argument("directory", "course", type=COURSE)
@argument("lesson", "lesson", type=LESSON)
@option("--from-folder", key="from_folder", type=ExistingFolder())
def collect(directory: Path, lesson: str, from_folder: Path | None) -> None:
    """Collect LESSON's submissions from the exchange (and from an LMS download)."""
    from autograder.build.paths import assignment_id
    from autograder.course.directory import open_course
    from autograder.course.lms import collect_folder, report
    from autograder.course.lock import course_lock

    api = open_course(directory)
    with course_lock(directory, "collect"):
        # An LMS download needs no exchange: use the exchange only if it has an inbox.
        inbound = Path(api.exchange_root) / api.course_id / "inbound"
        if inbound.is_dir():
            for lang in LANGUAGES:
                aid = assignment_id(lesson, lang)
                _check(api.collect(aid), "collect", aid)
        elif from_folder is None:
            raise CourseError("cli.error.no_exchange", path=inbound)
        if from_folder is not None:
            click.echo(report(collect_folder(directory, lesson, from_folder)))
    click.echo(t("cli.done.collect", lesson=lesson))


@main.command()
@argument("directory", "course", type=COURSE)
@argument("lesson", "lesson", type=LESSON)
@option("--workers", key="workers", type=click.IntRange(min=1), default=None)
@option("--force", key="force", is_flag=True, default=False)
def autograde(directory: Path, lesson: str, workers: int | None, force: bool) -> None:
    """Grade every submission of LESSON (both languages), each notebook's code in the
    sandbox, and record the scores in nbgrader's gradebook."""
    from autograder.course.autograde import autograde_lesson, summary
    from autograder.grader.bubblewrap import bubblewrap
    from autograder.grader.preprocessor import limits_from_environment

    bubblewrap()  # before any work: no sandbox, no grading
    limits_from_environment()  # and no time limit that cannot be read
    # The course's lock, Ctrl-C (exit 130) and each failed submission are handled inside.
    click.echo(summary(autograde_lesson(directory, lesson, workers, force)))


@main.command()
@argument("directory", "course", type=COURSE)
@argument("lesson", "lesson", type=LESSON)
@option("--release/--no-release", key="release", default=True)
def feedback(directory: Path, lesson: str, release: bool) -> None:
    """Write each student's feedback (HTML, in the language they submitted) for LESSON."""
    from autograder.build.paths import assignment_id
    from autograder.course.directory import open_course
    from autograder.course.lock import course_lock

    api = open_course(directory)
    released = 0
    with course_lock(directory, "feedback"):
        for lang in LANGUAGES:
            aid = assignment_id(lesson, lang)
            _check(api.generate_feedback(aid), "generate_feedback", aid)
            # Only submissions that came through the exchange can go back through it.
            for secret in sorted((directory / "submitted").glob(f"*/{aid}/submission_secret.txt")):
                if release:
                    student = secret.parent.parent.name
                    _check(api.release_feedback(aid, student), "release_feedback", aid)
                    released += 1
    folder = directory / "feedback"
    click.echo(t("cli.done.feedback", lesson=lesson, folder=folder, released=released))


@main.command()
@argument("directory", "course", type=COURSE)
@argument("output", "output", type=click.Path(dir_okay=False, path_type=Path))
@option(
    "--format",
    "fmt",
    key="format",
    type=click.Choice(["plain", "canvas", "moodle"]),
    default="plain",
    show_default=True,
)
def export(directory: Path, output: Path, fmt: str) -> None:
    """Write one score per student per lesson (either language) to a CSV file."""
    from autograder.course.export import write_csv

    rows = write_csv(directory, output, fmt)
    click.echo(t("cli.done.export", n=rows, output=output))


@main.command()
@argument("directory", "course", type=COURSE)
@argument("lesson", "lesson", type=LESSON)
@option("--lang", key="lang", type=click.Choice(list(LANGUAGES)), default=None)
def report(directory: Path, lesson: str, lang: str | None) -> None:
    """Which mistakes were most common in LESSON across the class: a table and a bar chart."""
    from autograder.course import report as class_report

    lang = lang or get_language()
    stats = class_report.statistics(directory, lesson)
    click.echo(class_report.table(stats, lang))
    chart = directory / "reports" / f"{lesson}-mistakes-{lang}.png"
    click.echo(t("cli.done.chart", path=class_report.bar_chart(stats, lang, chart)))


@main.command("new-lesson")
@argument("lesson", "new_lesson")
def new_lesson(lesson: str) -> None:
    """Write every file a new lesson needs, each part still to write marked TODO."""
    from autograder.build import paths
    from autograder.build.scaffold import new_lesson as scaffold

    written = scaffold(lesson)
    click.echo(t("cli.done.new_lesson", lesson=lesson, n=len(written), number=lesson[:2]))
    for path in written:
        click.echo(f"  {path.relative_to(paths.ROOT)}")


@main.command("student-bundle")
@argument("directory", "bundle", type=click.Path(file_okay=False, path_type=Path))
def student_bundle(directory: Path) -> None:
    """Write the student-facing modules only (no reference, mistakes or hidden tests) to
    DIRECTORY, ready for `pip install DIRECTORY` in a student image."""
    from autograder.course.student_bundle import write_student_bundle

    package = write_student_bundle(directory)
    click.echo(t("cli.done.student_bundle", package=package, directory=directory))


@main.command()
def site() -> None:
    """Build the course website into build/site/ (every lesson in English and Chinese)."""
    from autograder.site.build import build_site

    click.echo(str(build_site()))
