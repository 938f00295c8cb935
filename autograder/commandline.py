"""What every ``backprop`` command shares: the instructor's language, help texts from the
catalogue, parameter types that check a course directory and a lesson, and one place that
turns bad input into one line naming what to fix (never a traceback)."""

from __future__ import annotations

import os
import shutil
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from autograder.course.errors import CourseError
from autograder.student.i18n import LANGUAGES, get_language, set_language, t

CONFIG_FILE = "nbgrader_config.py"


def language(environ: Mapping[str, str]) -> str:
    """``BACKPROP_LANG`` if it names a language; else Chinese when the locale does
    (``LC_ALL``, then ``LC_MESSAGES``, then ``LANG``, as POSIX ranks them), else English."""
    chosen = environ.get("BACKPROP_LANG", "").strip().lower()[:2]
    if chosen in LANGUAGES:
        return chosen
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


# ------------------------------------------------------------------ help from the catalogue
class Option(click.Option):
    """An option whose help is the catalogue text ``cli.option.<key>``, read when shown."""

    def __init__(self, *args: Any, key: str, **kwargs: Any) -> None:
        self.key = key
        super().__init__(*args, **kwargs)

    @property
    def help(self) -> str:
        return t(f"cli.option.{self.key}")

    @help.setter
    def help(self, value: str | None) -> None:
        """click sets the help it was given; the catalogue's is used instead."""


class Argument(click.Argument):
    """A positional argument whose help is the catalogue text ``cli.argument.<key>``."""

    def __init__(self, *args: Any, key: str, **kwargs: Any) -> None:
        self.key = key
        super().__init__(*args, **kwargs)

    @property
    def help(self) -> str:
        return t(f"cli.argument.{self.key}")

    @help.setter
    def help(self, value: str | None) -> None:
        """As :class:`Option`."""


def option(*decls: str, key: str, **kwargs: Any):
    return click.option(*decls, cls=Option, key=key, **kwargs)


def argument(name: str, key: str, **kwargs: Any):
    return click.argument(name, cls=Argument, key=key, **kwargs)


class _Localized:
    """Help of a command or group in the instructor's language: its text is the catalogue
    entry ``cli.command.<name>``, and click's headings come from the catalogue too."""

    name: str | None

    @property
    def help(self) -> str:
        return t(f"cli.command.{self.name}")

    @help.setter
    def help(self, value: str | None) -> None:
        """The docstring stays for readers of the code; the catalogue's text is shown."""

    def get_short_help_str(self, limit: int = 45) -> str:
        if get_language() != "zh":
            return super().get_short_help_str(limit)  # type: ignore[misc]
        # click shortens at spaces, which Chinese text has none of: cut at the sentence.
        return _cut(self.help.split("。")[0].split("：")[0], limit)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), t("cli.heading.usage"))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [
            record
            for param in self.get_params(ctx)  # type: ignore[attr-defined]
            if not isinstance(param, click.Argument)
            and (record := param.get_help_record(ctx)) is not None
        ]
        if rows:
            with formatter.section(t("cli.heading.options")):
                formatter.write_dl(rows)

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        params = self.get_params(ctx)  # type: ignore[attr-defined]
        arguments = [p for p in params if isinstance(p, click.Argument)]
        if any(a.help for a in arguments):
            with formatter.section(t("cli.heading.arguments")):
                formatter.write_dl([a.get_help_record(ctx) for a in arguments])

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        help_option = super().get_help_option(ctx)  # type: ignore[misc]
        if help_option is not None:
            help_option.help = t("cli.help_option")
        return help_option


class Command(_Localized, click.Command):  # type: ignore[misc]  # help: a property
    """A ``backprop`` command."""


class Group(_Localized, click.Group):  # type: ignore[misc]  # help: a property
    """The ``backprop`` command group: sets the language, runs the command, and shows any
    bad input as one line on stderr with a non-zero exit code."""

    command_class = Command

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                commands.append((name, command))
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        rows = [(name, c.get_short_help_str(limit)) for name, c in commands]
        if rows:
            with formatter.section(t("cli.heading.commands")):
                formatter.write_dl(rows)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        previous = get_language()
        set_language(language(os.environ))
        try:
            if not standalone_mode:  # the caller handles errors itself
                return super().main(args, prog_name, complete_var, False, **extra)
            try:
                result = super().main(args, prog_name, complete_var, False, **extra)
            except click.exceptions.Abort:
                _fail(t("cli.error.line", message=t("cli.error.aborted")), 130)
            except click.ClickException as error:
                _fail(_one_line(error), error.exit_code)
            except Exception as error:
                known = as_course_error(error)
                if known is None:
                    raise
                _fail(t("cli.error.line", message=str(known)), known.exit_code)
            sys.exit(result if isinstance(result, int) else 0)
        finally:
            set_language(previous)


def _cut(text: str, columns: int) -> str:
    """``text`` shortened to ``columns`` terminal columns (a Chinese character takes two)."""
    used = 0
    for end, char in enumerate(text):
        used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used > columns:
            return text[: max(end - 1, 0)] + "…"
    return text


def _fail(line: str, code: int) -> NoReturn:
    click.echo(line, err=True)
    sys.exit(code)


def _one_line(error: click.ClickException) -> str:
    """click's error as one line in the instructor's language."""
    if isinstance(error, click.MissingParameter) and error.param is not None:
        message = t("cli.error.missing_argument", name=_name(error.param))
    elif isinstance(error, click.NoSuchOption):
        message = t("cli.error.no_such_option", name=error.option_name)
    elif isinstance(error, click.BadParameter) and error.param is not None:
        message = t("cli.error.bad_value", name=_name(error.param), message=error.message)
    else:
        message = error.format_message()
    message = " ".join(message.split())
    if isinstance(error, click.UsageError) and error.ctx is not None:
        return t("cli.error.see_help", message=message, command=error.ctx.command_path)
    return t("cli.error.line", message=message)


def _name(param: click.Parameter) -> str:
    if isinstance(param, click.Argument):
        return param.human_readable_name
    return "/".join(param.opts)


def as_course_error(error: Exception) -> CourseError | None:
    """The exceptions that are the instructor's to fix, as one-line messages; ``None`` for
    anything else (a bug, which keeps its traceback). A module's own such exception
    subclasses :class:`CourseError` rather than being listed here."""
    from autograder.grader.sandbox import SandboxUnavailable

    if isinstance(error, CourseError):
        return error
    if isinstance(error, SandboxUnavailable):
        if shutil.which("bwrap") is None:
            return CourseError("cli.error.no_bubblewrap")
        return CourseError("cli.error.sandbox", reason=_first_line(error))
    if isinstance(error, OSError):
        return CourseError("cli.error.os", message=_first_line(error))
    return None


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


# ------------------------------------------------------------------ parameter types
class CourseDirectory(click.ParamType):
    """A course directory made by ``backprop init``: a folder with ``nbgrader_config.py``.
    Converts to its absolute path."""

    name = "directory"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        if isinstance(value, Path):
            return value
        path = Path(value).expanduser()
        if not path.is_dir():
            self.fail(t("cli.error.no_folder", path=path), param, ctx)
        if not (path / CONFIG_FILE).is_file():
            self.fail(t("cli.error.not_a_course", path=path), param, ctx)
        return path.resolve()


class Lesson(click.ParamType):
    """A lesson of the course, by its file name (``01-gradient-descent``)."""

    name = "lesson"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        from autograder import lessons

        if value not in lessons.MODULES:
            known = ", ".join(lessons.MODULES)
            self.fail(t("cli.error.unknown_lesson", lesson=value, known=known), param, ctx)
        return value

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str):
        from click.shell_completion import CompletionItem

        from autograder import lessons

        return [CompletionItem(name) for name in lessons.MODULES if name.startswith(incomplete)]


class ExistingFile(click.ParamType):
    """A file that exists (a roster CSV)."""

    name = "file"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        path = Path(value).expanduser()
        if not path.is_file():
            self.fail(t("cli.error.no_file", path=path), param, ctx)
        return path


class ExistingFolder(click.ParamType):
    """A folder that exists (an LMS download)."""

    name = "folder"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        path = Path(value).expanduser()
        if not path.is_dir():
            self.fail(t("cli.error.no_folder", path=path), param, ctx)
        return path


COURSE = CourseDirectory()
LESSON = Lesson()
