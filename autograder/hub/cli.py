"""``backprop hub``: set up and start a JupyterHub for the course."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from autograder.build.paths import ROOT

HUB = click.argument("directory", type=click.Path(file_okay=False, path_type=Path))


@click.group()
def hub() -> None:
    """A class on JupyterHub: one folder holds the hub, the course and the exchange."""


@hub.command()
@HUB
@click.option(
    "--roster",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV: id, name or first/last name, email, lang (en|zh), role (student|instructor).",
)
@click.option("--port", type=int, default=8000, show_default=True, help="The hub's port.")
@click.option("--ip", default="", help="Address to listen on (default: all).")
@click.option(
    "--auth",
    type=click.Choice(["pam", "dummy"]),
    default="pam",
    show_default=True,
    help="pam: Unix passwords; dummy: any password (tests only).",
)
@click.option(
    "--home-base",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("/home"),
    show_default=True,
    help="Where the users' home folders are made.",
)
@click.option("--group", default="backprop-graders", show_default=True, help="Graders' group.")
def init(
    directory: Path, roster: Path, port: int, ip: str, auth: str, home_base: Path, group: str
) -> None:
    """Write everything a JupyterHub for this course needs into DIRECTORY."""
    from autograder.course.roster import RosterError
    from autograder.hub.accounts import AccountError
    from autograder.hub.environments import EnvironmentUnusable
    from autograder.hub.roster import read_members
    from autograder.hub.setup import HubSetupError, init_hub

    try:
        members = read_members(roster)
        config = init_hub(
            directory, members, port=port, ip=ip, auth=auth, home_base=home_base, group=group
        )
    except (RosterError, AccountError, EnvironmentUnusable, HubSetupError) as error:
        raise click.ClickException(str(error)) from None
    students = sum(m.role == "student" for m in members)
    click.echo(
        f"hub in {directory}: {students} students, {len(members) - students} instructors; "
        f"{config}\nrelease a lesson: backprop release {directory / 'course'} 01-gradient-descent"
        f"\nstart the hub:    backprop hub start {directory}"
    )


@hub.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def start(directory: Path) -> None:
    """Start the JupyterHub in DIRECTORY (made by `backprop hub init`) and its grading service."""
    config = directory.resolve() / "jupyterhub_config.py"
    if not config.is_file():
        raise click.ClickException(f"{config} does not exist: run `backprop hub init` first")
    state = directory.resolve() / "state"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    os.chdir(state)
    os.execvpe(sys.executable, [sys.executable, "-m", "jupyterhub", "-f", str(config)], env)


@hub.command("student-image")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def student_image(directory: Path) -> None:
    """Write the build context of the students' image (Kubernetes) into DIRECTORY."""
    from autograder.hub.kubernetes import student_image_context

    student_image_context(directory)
    click.echo(f"build it with: docker build -t backprop-student:0.1.0 {directory}")
