"""Build the generated notebooks and check them for drift.

``solutions/<lang>/<lesson>.ipynb`` comes from the lesson source; ``lessons/<lang>/<lesson>.ipynb``
is what nbgrader's ``generate_assignment`` makes of that solution notebook.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config

from autograder.build.paths import (
    CONTENT,
    LESSONS,
    SOLUTIONS,
    assignment_id,
    lesson_name,
    lesson_sources,
)
from autograder.build.source import for_language, read_source
from autograder.course import settings
from autograder.course.gradebook import course_config
from autograder.student.i18n import LANGUAGES


class ReleaseError(RuntimeError):
    """nbgrader could not generate a student notebook; the message holds nbgrader's log."""


def write_notebook(nb: nbformat.NotebookNode, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def build_solutions(content: Path, out: Path) -> list[Path]:
    """Write ``out/<lang>/<lesson>.ipynb`` for every lesson source and language."""
    written = []
    for source_path in lesson_sources(content):
        source = read_source(source_path)
        lesson = lesson_name(source_path)
        for lang in LANGUAGES:
            path = out / lang / f"{lesson}.ipynb"
            write_notebook(for_language(source, lesson, lang), path)
            written.append(path)
    return written


def release_notebooks(solutions: Path, out: Path) -> list[Path]:
    """Run nbgrader ``generate_assignment`` on every solution notebook into ``out/<lang>/``."""
    written = []
    with tempfile.TemporaryDirectory(prefix="backprop-release-") as tmp:
        course = Path(tmp)
        api = course_api(course)
        for lang in LANGUAGES:
            for notebook in sorted((solutions / lang).glob("*.ipynb")):
                lesson = notebook.stem
                assignment = assignment_id(lesson, lang)
                target = course / "source" / assignment / notebook.name
                target.parent.mkdir(parents=True)
                shutil.copyfile(notebook, target)
                result = api.generate_assignment(assignment)
                if not result["success"]:
                    raise ReleaseError(f"{notebook}: {result.get('error') or result.get('log')}")
                released = course / "release" / assignment / notebook.name
                path = out / lang / notebook.name
                write_notebook(nbformat.read(released, as_version=4), path)
                written.append(path)
    return written


def course_api(root: Path, exchange: Path | None = None) -> NbGraderAPI:
    """nbgrader's API on the course directory ``root``, with this course's settings."""
    # nbgrader runs the `alembic` script of its own environment by name.
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")
    exchange = exchange or root / "exchange"
    exchange.mkdir(parents=True, exist_ok=True)
    config = settings.apply(Config())
    # The course's own nbgrader_config.py (its db_url, …) wins over the defaults.
    config.merge(course_config(root))
    config.CourseDirectory.root = str(root)
    config.Exchange.root = str(exchange)
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config)


def build_all(
    content: Path = CONTENT, solutions: Path = SOLUTIONS, lessons: Path = LESSONS
) -> None:
    """Regenerate every solution and student notebook in place."""
    for folder in (solutions, lessons):
        for lang in LANGUAGES:
            for stale in (folder / lang).glob("*.ipynb"):
                stale.unlink()
    build_solutions(content, solutions)
    release_notebooks(solutions, lessons)


def drift(
    content: Path = CONTENT, solutions: Path = SOLUTIONS, lessons: Path = LESSONS
) -> list[str]:
    """Generated files that differ from what the sources give now (empty: no drift)."""
    with tempfile.TemporaryDirectory(prefix="backprop-drift-") as tmp:
        fresh_solutions, fresh_lessons = Path(tmp) / "solutions", Path(tmp) / "lessons"
        build_solutions(content, fresh_solutions)
        release_notebooks(fresh_solutions, fresh_lessons)
        problems = []
        for committed, fresh in ((solutions, fresh_solutions), (lessons, fresh_lessons)):
            for lang in LANGUAGES:
                problems += _compare(committed / lang, fresh / lang)
        return problems


def _compare(committed: Path, fresh: Path) -> list[str]:
    names = {p.name for p in committed.glob("*.ipynb")} | {p.name for p in fresh.glob("*.ipynb")}
    problems = []
    for name in sorted(names):
        old, new = committed / name, fresh / name
        if not old.exists():
            problems.append(f"{old}: missing (run `make build`)")
        elif not new.exists():
            problems.append(f"{old}: has no lesson source any more")
        elif not filecmp.cmp(old, new, shallow=False):
            problems.append(f"{old}: differs from its source (run `make build`)")
    return problems
