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


@main.command("init-course")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--exchange",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="nbgrader exchange folder (default: DIRECTORY/exchange).",
)
def init_course(directory: Path, exchange: Path | None) -> None:
    """Create an nbgrader course directory with every lesson in both languages."""
    from autograder.course.directory import init_course as create

    assignments = create(directory, exchange)
    click.echo(f"course directory {directory} with assignments: {', '.join(assignments)}")


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
def export(directory: Path, output: Path) -> None:
    """Write one score per student per lesson (either language) to a CSV file."""
    from autograder.course.export import write_csv

    try:
        rows = write_csv(directory, output)
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{rows} students written to {output}")


@main.command("student-bundle")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def student_bundle(directory: Path) -> None:
    """Write the student-facing modules only (no reference, mistakes or hidden tests) to
    DIRECTORY, ready for `pip install DIRECTORY` in a student image."""
    from autograder.course.student_bundle import write_student_bundle

    package = write_student_bundle(directory)
    click.echo(f"student modules written to {package}; install with: pip install {directory}")


@main.command()
def site() -> None:
    """Build the course website into build/site/ (every lesson in English and Chinese)."""
    from autograder.site.build import build_site

    click.echo(str(build_site()))
