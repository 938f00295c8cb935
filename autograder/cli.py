"""``backprop`` / ``python -m autograder``: the course's command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group()
def main() -> None:
    """Backprop from Scratch: build the notebooks, set up and run an nbgrader course."""


@main.command()
def build() -> None:
    """Regenerate solutions/ and lessons/ from content/."""
    from autograder.build.notebooks import build_all

    build_all()
    click.echo("solutions/ and lessons/ rebuilt from content/")


@main.command("check-drift")
def check_drift() -> None:
    """Fail if solutions/ or lessons/ differ from what content/ gives."""
    from autograder.build.notebooks import drift

    problems = drift()
    for line in problems:
        click.echo(line, err=True)
    if problems:
        sys.exit(1)
    click.echo("generated notebooks match their sources")


def _course(directory: Path):
    """nbgrader's API on an existing course directory, or a clear error."""
    from autograder.course.directory import NotACourse, open_course

    try:
        return open_course(directory)
    except NotACourse as error:
        raise click.ClickException(str(error)) from None


def _lesson(lesson: str) -> str:
    from autograder import lessons

    if lesson not in lessons.MODULES:
        known = ", ".join(lessons.MODULES)
        raise click.BadParameter(f"{lesson!r} is not a lesson; the lessons are: {known}")
    return lesson


COURSE = click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
LESSON = click.argument("lesson", callback=lambda ctx, param, value: _lesson(value))


@main.command()
@COURSE
@click.option(
    "--roster",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV of students: id, first_name, last_name (or name), email, lang.",
)
@click.option(
    "--exchange",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="nbgrader exchange folder (default: DIRECTORY/exchange).",
)
def init(directory: Path, roster: Path | None, exchange: Path | None) -> None:
    """Create an nbgrader course directory with every lesson in both languages."""
    from autograder.course.directory import init_course
    from autograder.course.roster import RosterError, import_roster, read_roster

    try:
        students = read_roster(roster) if roster else []
    except RosterError as error:
        raise click.ClickException(str(error)) from None
    assignments = init_course(directory, exchange)
    import_roster(directory.resolve(), students)
    click.echo(
        f"course directory {directory}: {len(assignments)} assignments, {len(students)} students"
    )


@main.command()
@COURSE
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def roster(directory: Path, csv_file: Path) -> None:
    """Add or update the students of CSV_FILE in the course's gradebook."""
    from autograder.course.roster import RosterError, import_roster, read_roster

    _course(directory)
    try:
        students = read_roster(csv_file)
    except RosterError as error:
        raise click.ClickException(str(error)) from None
    import_roster(directory.resolve(), students)
    click.echo(f"{len(students)} students added or updated")


@main.command()
@COURSE
@LESSON
def release(directory: Path, lesson: str) -> None:
    """Release LESSON to students through nbgrader's exchange, in both languages."""
    from autograder.build.paths import assignment_id
    from autograder.student.i18n import LANGUAGES

    api = _course(directory)
    for lang in LANGUAGES:
        _check(api.release_assignment(assignment_id(lesson, lang)))
    click.echo(f"{lesson} released in {', '.join(LANGUAGES)}")


@main.command()
@COURSE
@LESSON
@click.option(
    "--from-folder",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Also take notebooks downloaded from an LMS (any layout) from this folder.",
)
def collect(directory: Path, lesson: str, from_folder: Path | None) -> None:
    """Collect LESSON's submissions from the exchange (and from an LMS download)."""
    from autograder.build.paths import assignment_id
    from autograder.course.lms import collect_folder, report
    from autograder.student.i18n import LANGUAGES

    api = _course(directory)
    for lang in LANGUAGES:
        _check(api.collect(assignment_id(lesson, lang)))
    if from_folder is not None:
        click.echo(report(collect_folder(directory.resolve(), lesson, from_folder)))
    click.echo(f"{lesson}: submissions collected")


@main.command()
@COURSE
@LESSON
@click.option("--workers", type=int, default=None, help="Grading processes (default: cores).")
def autograde(directory: Path, lesson: str, workers: int | None) -> None:
    """Grade every submission of LESSON (both languages), each notebook's code in the
    sandbox, and record the scores in nbgrader's gradebook."""
    from autograder.course.autograde import autograde_lesson, summary
    from autograder.grader.sandbox import SandboxUnavailable, bubblewrap

    _course(directory)
    try:
        bubblewrap()
    except SandboxUnavailable as error:
        raise click.ClickException(str(error)) from None
    click.echo(summary(autograde_lesson(directory, lesson, workers)))


@main.command()
@COURSE
@LESSON
@click.option("--release/--no-release", default=True, help="Also put it in the exchange.")
def feedback(directory: Path, lesson: str, release: bool) -> None:
    """Write each student's feedback (HTML, in the language they submitted) for LESSON."""
    from autograder.build.paths import assignment_id
    from autograder.student.i18n import LANGUAGES

    api = _course(directory)
    released = 0
    for lang in LANGUAGES:
        aid = assignment_id(lesson, lang)
        _check(api.generate_feedback(aid))
        # Only submissions that came through the exchange can go back through it.
        for secret in sorted((directory / "submitted").glob(f"*/{aid}/submission_secret.txt")):
            if release:
                _check(api.release_feedback(aid, secret.parent.parent.name))
                released += 1
    click.echo(
        f"feedback for {lesson} in {directory / 'feedback'} "
        f"({released} released through the exchange; hand the others out through the LMS)"
    )


def _check(result: dict) -> None:
    if not result["success"]:
        raise click.ClickException(result.get("error") or result.get("log") or "nbgrader failed")


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["plain", "canvas", "moodle"]),
    default="plain",
    show_default=True,
    help="Column layout of the LMS to import into.",
)
def export(directory: Path, output: Path, fmt: str) -> None:
    """Write one score per student per lesson (either language) to a CSV file."""
    from autograder.course.export import write_csv

    try:
        rows = write_csv(directory, output, fmt)
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{rows} students written to {output}")


@main.command()
@COURSE
@LESSON
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
def report(directory: Path, lesson: str, lang: str) -> None:
    """Which mistakes were most common in LESSON across the class: a table and a bar chart."""
    from autograder.course import report as class_report

    try:
        stats = class_report.statistics(directory, lesson)
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from None
    click.echo(class_report.table(stats, lang))
    chart = directory / "reports" / f"{lesson}-mistakes-{lang}.png"
    click.echo(f"chart: {class_report.bar_chart(stats, lang, chart)}")


@main.command("student-bundle")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def student_bundle(directory: Path) -> None:
    """Write the student-facing modules only (no reference, mistakes or hidden tests) to
    DIRECTORY, ready for `pip install DIRECTORY` in a student image."""
    from autograder.course.student_bundle import write_student_bundle

    package = write_student_bundle(directory)
    click.echo(f"student modules written to {package}; install with: pip install {directory}")


def _hub_commands() -> None:
    """`backprop hub init|start`: a class on JupyterHub (autograder/hub)."""
    from autograder.hub.cli import hub

    main.add_command(hub)


_hub_commands()


@main.command()
def site() -> None:
    """Build the course website into build/site/ (every lesson in English and Chinese)."""
    from autograder.site.build import build_site

    click.echo(str(build_site()))
