"""nbgrader's gradebook of a course, wherever the course's ``nbgrader_config.py`` puts it:
``CourseDirectory.db_url`` (SQLite in the course directory unless set, or PostgreSQL, …)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import nbgrader.api
import sqlalchemy
import sqlalchemy.exc
from nbgrader.api import Gradebook
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config
from traitlets.config.loader import ConfigFileNotFound, PyFileConfigLoader

from autograder.build.release import nbgrader_scripts_on_path
from autograder.errors import CourseError

CONFIG_FILE = "nbgrader_config.py"


def course_config(course: Path) -> Config:
    """The configuration ``course/nbgrader_config.py`` gives (empty without one), read the
    way nbgrader reads it, with ``CourseDirectory.root`` set to ``course`` itself."""
    try:
        config = PyFileConfigLoader(CONFIG_FILE, path=str(course)).load_config()
    except ConfigFileNotFound:
        config = Config()
    except Exception as error:  # the instructor's own Python: any error is theirs to fix
        reason = f"{type(error).__name__}: {error}".strip().splitlines()[0]
        path = course / CONFIG_FILE
        raise CourseError("cli.error.bad_course_config", path=path, reason=reason) from None
    config.CourseDirectory.root = str(course.resolve())
    return config


def db_url(course: Path) -> str:
    """The course's gradebook URL as nbgrader resolves it (``CourseDirectory.db_url``;
    by default ``sqlite:///<course>/gradebook.db``)."""
    return CourseDirectory(config=course_config(course)).db_url


def without_password(url: str) -> str:
    """``url`` fit to print: any password replaced by ``***``."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


@contextmanager
def open_gradebook(course: Path) -> Iterator[Gradebook]:
    """nbgrader's :class:`Gradebook` of ``course``. A database that cannot be reached, or
    that another command holds locked, is a :class:`CourseError` naming it."""
    coursedir = CourseDirectory(config=course_config(course))
    url = coursedir.db_url
    nbgrader_scripts_on_path()
    try:
        gradebook = Gradebook(url, coursedir.course_id or "default_course")
    except sqlalchemy.exc.OperationalError as error:
        raise gradebook_error(error, url) from None
    try:
        with gradebook:
            yield gradebook
    except sqlalchemy.exc.OperationalError as error:
        raise gradebook_error(error, url) from None


def gradebook_error(error: sqlalchemy.exc.OperationalError, url: str) -> CourseError:
    """The one line an instructor reads for a database error of the gradebook at ``url``."""
    shown = without_password(url)
    if "locked" in str(error.orig):
        return CourseError("cli.error.gradebook_locked", url=shown)
    reason = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else ""
    return CourseError("cli.error.gradebook_unreachable", url=shown, reason=reason)


def share_engines() -> None:
    """In a grading process: one SQLAlchemy engine per gradebook URL for the life of the
    process. nbgrader makes a new engine for each ``Gradebook`` (a dozen per submission
    recorded), and SQLAlchemy caches compiled queries per engine, so every query was
    compiled again each time: the largest part of recording a submission. A ``Gradebook``
    still closes its connections when it is closed (``engine.dispose()``)."""
    if getattr(nbgrader.api.create_engine, "shared", False):
        return
    engines: dict[tuple[str, str], sqlalchemy.Engine] = {}
    create = sqlalchemy.create_engine

    def shared_engine(url: Any, **options: Any) -> sqlalchemy.Engine:
        key = (str(url), repr(sorted(options.items())))
        if key not in engines:
            engines[key] = create(url, **options)
        return engines[key]

    shared_engine.shared = True  # type: ignore[attr-defined]
    nbgrader.api.create_engine = shared_engine


def quiet_add_submission() -> None:
    """In a grading process: drop SQLAlchemy 2's warning that nbgrader's ``add_submission``
    raises for every new submission ("Object of type <SubmittedAssignment> not in session,
    add operation along 'Assignment.submissions' will not proceed"). nbgrader builds the
    submission's rows before adding them to the session and then adds them all at once, so
    nothing is lost; the warning would only bury the command's own output."""
    warnings.filterwarnings(
        "ignore",
        message=r"Object of type <Submitted\w+> not in session",
        category=sqlalchemy.exc.SAWarning,
    )
