"""Executed solution notebooks, cached by content so that the site never runs a lesson twice.

The key is the notebook as generated (before execution) plus the source of the ``autograder``
package (messages, checks and plot labels change the outputs). The notebook execution test
stores what it ran, so a site build after the tests reuses those runs.
"""

from __future__ import annotations

import hashlib
import os
import time
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat import NotebookNode

from autograder.build.paths import ROOT

CACHE = ROOT / "build" / "executed"
PACKAGE = ROOT / "autograder"
TIMEOUT = 120  # seconds per cell, as in the notebook execution tests


@cache
def package_digest() -> str:
    """Hash of every source file of the package that a lesson's outputs can depend on."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in {".py", ".toml"} and "site" not in path.relative_to(PACKAGE).parts:
            digest.update(str(path.relative_to(PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def key(nb: NotebookNode) -> str:
    """Cache key of an unexecuted notebook."""
    text = nbformat.writes(nb) + package_digest()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def cached(nb: NotebookNode, cache_dir: Path = CACHE) -> NotebookNode | None:
    """The executed form of ``nb`` if it was run before with the same sources, else None."""
    path = cache_dir / f"{key(nb)}.ipynb"
    return nbformat.read(path, as_version=4) if path.exists() else None


def store(nb: NotebookNode, executed: NotebookNode, cache_dir: Path = CACHE) -> None:
    """Remember that ``nb`` (unexecuted) runs to ``executed``."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"{key(nb)}.ipynb"
    partial = path.with_suffix(f".{os.getpid()}.partial")  # one per writer (tests run in parallel)
    nbformat.write(executed, partial)
    partial.replace(path)  # atomic: a reader never sees half a notebook


def execute(nb: NotebookNode, workdir: Path) -> NotebookNode:
    """Run ``nb`` top to bottom in a fresh kernel, in ``workdir``; a failing cell raises."""
    executed = nbformat.reads(nbformat.writes(nb), as_version=4)
    NotebookClient(
        executed,
        timeout=TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(workdir)}},
    ).execute()
    return executed


def _execute_text(text: str, workdir: str) -> str:
    return nbformat.writes(execute(nbformat.reads(text, as_version=4), Path(workdir)))


def executed_all(
    notebooks: list[NotebookNode], workdir: Path, cache_dir: Path = CACHE, workers: int = 2
) -> tuple[list[NotebookNode], int, float]:
    """Every notebook executed (from the cache where possible, the rest in parallel).

    Returns the executed notebooks, how many had to run, and the seconds that took.
    """
    results: list[NotebookNode | None] = [cached(nb, cache_dir) for nb in notebooks]
    missing = [i for i, nb in enumerate(results) if nb is None]
    started = time.perf_counter()
    if missing:
        workdir.mkdir(parents=True, exist_ok=True)
        with ProcessPoolExecutor(max_workers=min(workers, len(missing))) as pool:
            texts = pool.map(
                _execute_text,
                [nbformat.writes(notebooks[i]) for i in missing],
                [str(workdir)] * len(missing),
            )
            for i, text in zip(missing, texts, strict=True):
                executed = nbformat.reads(text, as_version=4)
                results[i] = executed
                store(notebooks[i], executed, cache_dir)
    return [nb for nb in results if nb is not None], len(missing), time.perf_counter() - started
