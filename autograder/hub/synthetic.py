"""A hub folder without a hub (course, exchange, ``hub.json``) and submissions made with
nbgrader's own exchange code, for the service's tests and the burst benchmark."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange.default.submit import ExchangeSubmit
from nbgrader.utils import notebook_hash
from traitlets.config import Config

from autograder.build.release import COURSE_ID
from autograder.course.api import course_api
from autograder.course.synthetic import one_lesson_course


def hub_folder(root: Path, lesson: str) -> tuple[Path, Path]:
    """``root`` as the grading service sees a hub: the course (``lesson`` released in both
    languages), the exchange and the state folder. Returns the course and the exchange."""
    exchange = root / "exchange"
    course = one_lesson_course(root, lesson)
    api = course_api(course, exchange)
    for lang in ("en", "zh"):
        released = api.release_assignment(f"{lesson}-{lang}")
        if not released["success"]:
            raise RuntimeError(f"releasing {lesson}-{lang} failed: {released.get('error')}")
    (root / "state").mkdir()
    settings = {"course": str(course), "exchange": str(exchange), "state": str(root / "state")}
    (root / "hub.json").write_text(json.dumps(settings), encoding="utf-8")
    return course, exchange


def submit(root: Path, exchange: Path, student: str, lang: str, lesson: str, nb) -> Path:
    """``nbgrader submit`` as ``student`` (nbgrader's exchange code, the student id given as
    on a hub where every server runs as one user); returns the submission's cache folder,
    which holds its timestamp and secret as a student's does."""
    work = root / "work" / student
    assignment = f"{lesson}-{lang}"
    (work / assignment).mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, work / assignment / f"{lesson}.ipynb")
    config = Config()
    config.CourseDirectory.course_id = COURSE_ID
    config.CourseDirectory.student_id = student
    config.CourseDirectory.assignment_id = assignment
    config.Exchange.root = str(exchange)
    config.Exchange.cache = str(work / "cache")
    config.Exchange.assignment_dir = str(work)
    before = set((work / "cache" / COURSE_ID).glob("*"))
    ExchangeSubmit(
        coursedir=CourseDirectory(config=config),
        authenticator=Authenticator(config=config),
        config=config,
    ).start()
    (made,) = set((work / "cache" / COURSE_ID).glob(f"{student}+{assignment}+*")) - before
    return made


def feedback_path(exchange: Path, cache: Path, lesson: str) -> Path:
    """Where the feedback on the submission in ``cache`` appears (what the Assignments tab
    checks to offer *Fetch Feedback*)."""
    secret = (cache / "submission_secret.txt").read_text()
    digest = notebook_hash(secret=secret, notebook_id=lesson)
    return exchange / COURSE_ID / "feedback" / f"{digest}.html"
