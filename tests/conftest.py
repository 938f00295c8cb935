"""Shared fixtures: the repository's folders and the language setting; ``--lesson NN`` keeps
one lesson's tests (``make test-lesson lesson=NN``)."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Generator, Iterator
from pathlib import Path

import matplotlib
import pytest

from autograder import lessons
from autograder.hidden import specs
from autograder.student.i18n import set_language
from tests import schedule
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS, INSTALL, SCREENSHOTS

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parents[1]
# nbgrader and nbclient start tools (alembic, kernels) of this environment by name.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English, whatever the one before it chose."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(scope="session", autouse=True)
def alembic_version_asked_once() -> Iterator[None]:
    """nbgrader asks the ``alembic`` command for its database version (a new Python process,
    about 3 s of CPU) each time it creates a gradebook; the answer cannot change while the
    tests run, so each test process asks once."""
    import nbgrader.api

    asked = nbgrader.api.get_alembic_version
    nbgrader.api.get_alembic_version = functools.cache(asked)
    yield
    nbgrader.api.get_alembic_version = asked


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--lesson",
        metavar="NN",
        help="run only the tests of one lesson (01, 04-mlp, ...): its own test files and the "
        "generic tests' cases for it",
    )


def pick_lesson(given: str) -> str:
    """The lesson that ``given`` names: its number (``4``, ``04``) or its whole name."""
    number = given.split("-", 1)[0].zfill(2)
    chosen = [name for name in lessons.MODULES if name == given or name[:2] == number]
    if len(chosen) != 1:
        raise pytest.UsageError(f"--lesson {given}: choose one of {', '.join(lessons.MODULES)}")
    return chosen[0]


def lesson_words(lesson: str) -> set[str]:
    """Every name by which a test can refer to ``lesson``: the lesson, its module, its graded
    items."""
    return {lesson, lessons.MODULES[lesson], *specs(lesson)}


def belongs_to(item: pytest.Item, words: set[str]) -> bool:
    """Is the test about the lesson? Its file is named after the lesson's module
    (``test_mlp.py``, ``test_checks_mlp.py``), or a parameter names the lesson, its module, a
    graded item or a notebook of the lesson, or it names a mistake of one of its items."""
    module = Path(str(item.path)).stem.removeprefix("test_").removeprefix("checks_")
    if module in words:
        return True
    params = getattr(getattr(item, "callspec", None), "params", {})
    for value in params.values():
        if isinstance(value, Path):
            value = value.stem
        if getattr(value, "function", None) in words or (isinstance(value, str) and value in words):
            return True
    return False


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> Generator[None, None, None]:
    """Keep the tests of ``--lesson``; then (after pytest's own reordering) put the longest
    groups of tests first, the order in which `make test` hands them to its workers."""
    given = config.getoption("--lesson")
    if given:
        words = lesson_words(pick_lesson(given))
        keep = [item for item in items if belongs_to(item, words)]
        config.hook.pytest_deselected(items=[item for item in items if item not in keep])
        items[:] = keep
    yield
    items[:] = schedule.longest_first(items)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """``--dist loadfile``: whole groups of tests to each worker, longest first
    (tests/schedule.py)."""
    if config.getvalue("dist") == "loadfile":
        return schedule.LongestFirst(config, log)
    return None


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """A headless Chromium browser (Playwright ``Browser``)."""
    reason = f"the browser tests need Debian's Chromium at {CHROMIUM}; install it with: {INSTALL}"
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
