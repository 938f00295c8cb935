"""``backprop hub``: set up and start a JupyterHub for the course. Help and messages come
from the catalogue (``cli.command.hub-*``), as for every ``backprop`` command."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from autograder.build.paths import ROOT
from autograder.commandline import Command, ExistingFile, ExistingFolder, Group, argument, option
from autograder.errors import CourseError
from autograder.student.i18n import t


class HubCommand(Command):
    """A ``backprop hub`` subcommand: its help is ``cli.command.hub-<name>`` (``init`` and
    ``start`` would otherwise take the help of ``backprop init``)."""

    @property
    def help(self) -> str:
        return t(f"cli.command.hub-{self.name}")

    @help.setter
    def help(self, value: str | None) -> None:
        """The docstring stays for readers of the code; the catalogue's text is shown."""


@click.group(cls=Group)
def hub() -> None:
    """A class on JupyterHub: one folder holds the hub, the course and the exchange."""


@hub.command(cls=HubCommand)
@argument("directory", "new_hub", type=click.Path(file_okay=False, path_type=Path))
@option("--roster", key="hub_roster", required=True, type=ExistingFile())
@option("--port", key="port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@option("--ip", key="ip", default="")
@option("--auth", key="auth", type=click.Choice(["pam", "dummy"]), default="pam", show_default=True)
@option(
    "--home-base",
    key="home_base",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("/home"),
    show_default=True,
)
@option("--group", key="group", default="backprop-graders", show_default=True)
def init(
    directory: Path, roster: Path, port: int, ip: str, auth: str, home_base: Path, group: str
) -> None:
    """Write everything a JupyterHub for this course needs into DIRECTORY."""
    from autograder.hub.roster import read_members
    from autograder.hub.setup import init_hub

    members = read_members(roster)  # a bad roster stops before any change
    config = init_hub(
        directory, members, port=port, ip=ip, auth=auth, home_base=home_base, group=group
    )
    students = sum(m.role == "student" for m in members)
    click.echo(
        t(
            "cli.done.hub_init",
            directory=directory,
            students=students,
            instructors=len(members) - students,
            config=config,
            course=directory / "course",
        )
    )


@hub.command(cls=HubCommand)
@argument("directory", "hub", type=ExistingFolder())
def start(directory: Path) -> None:
    """Start the JupyterHub in DIRECTORY (made by `backprop hub init`) and its grading service."""
    config = directory.resolve() / "jupyterhub_config.py"
    if not config.is_file():
        raise CourseError("cli.error.hub_not_made", path=config)
    state = directory.resolve() / "state"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    os.chdir(state)
    os.execvpe(sys.executable, [sys.executable, "-m", "jupyterhub", "-f", str(config)], env)


@hub.command("student-image", cls=HubCommand)
@argument("directory", "image_context", type=click.Path(file_okay=False, path_type=Path))
def student_image(directory: Path) -> None:
    """Write the build context of the students' image (Kubernetes) into DIRECTORY."""
    from autograder.hub.kubernetes import student_image_context

    student_image_context(directory)
    click.echo(t("cli.done.student_image", directory=directory))
