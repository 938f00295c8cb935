"""Create an nbgrader course directory holding every lesson in both languages."""

from __future__ import annotations

import shutil
from pathlib import Path

from nbgrader.apps import NbGraderAPI

from autograder.build.notebooks import course_api
from autograder.build.paths import SOLUTIONS, assignment_id
from autograder.course.errors import CourseError
from autograder.course.gradebook import course_config, open_gradebook
from autograder.student.i18n import LANGUAGES

CONFIG_TEMPLATE = '''\
"""nbgrader configuration of a Backprop from Scratch course (`backprop init`)."""

from autograder.course import settings

c = get_config()  # noqa: F821  (provided by nbgrader)
settings.apply(c)
c.CourseDirectory.root = {root!r}
c.Exchange.root = {exchange!r}
'''


def init_course(
    root: Path,
    exchange: Path | None = None,
    solutions: Path = SOLUTIONS,
    db_url: str | None = None,
) -> list[str]:
    """Write ``nbgrader_config.py``, copy every solution notebook into ``source/`` as one
    assignment per lesson and language, and generate the student versions in ``release/``.
    ``db_url`` puts the gradebook in a database server (default: SQLite in ``root``).
    Returns the assignment ids."""
    root = root.resolve()
    exchange = (exchange or root / "exchange").resolve()
    root.mkdir(parents=True, exist_ok=True)
    exchange.mkdir(parents=True, exist_ok=True)
    config = CONFIG_TEMPLATE.format(root=str(root), exchange=str(exchange))
    if db_url:
        config += f"c.CourseDirectory.db_url = {db_url!r}\n"
    (root / "nbgrader_config.py").write_text(config, encoding="utf-8")
    with open_gradebook(root):  # a database that cannot be reached stops here, named
        pass
    api = course_api(root, exchange)
    assignments = []
    for lang in LANGUAGES:
        for notebook in sorted((solutions / lang).glob("*.ipynb")):
            assignment = assignment_id(notebook.stem, lang)
            target = root / "source" / assignment / notebook.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(notebook, target)
            result = api.generate_assignment(assignment)
            if not result["success"]:
                lines = (result.get("error") or result.get("log") or "?").strip().splitlines()
                raise CourseError(
                    "cli.error.nbgrader",
                    step="generate_assignment",
                    assignment=assignment,
                    reason=lines[-1],
                )
            assignments.append(assignment)
    return assignments


class NotACourse(CourseError, FileNotFoundError):
    """The folder is not a course directory made by ``backprop init``."""


def open_course(root: Path) -> NbGraderAPI:
    """nbgrader's API on a course directory, with the exchange its configuration names."""
    config_file = root / "nbgrader_config.py"
    if not config_file.is_file():
        raise NotACourse("cli.error.not_a_course", path=root)
    config = course_config(root)
    return course_api(root.resolve(), Path(config.Exchange.root))
