"""Submissions downloaded from an LMS (Canvas, Moodle, …) put where nbgrader expects them:
``submitted/<student>/<lesson>-<lang>/<lesson>.ipynb``. Each file is matched to a student
by an id from the roster (student id, LMS id or e-mail) that appears in its path."""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from autograder.build.paths import assignment_id
from autograder.course.roster import Student, load_roster
from autograder.student.i18n import t

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"  # as nbgrader's exchange writes it


@dataclass
class Collected:
    """What :func:`collect_folder` did with each file."""

    placed: dict[str, Path] = field(default_factory=dict)  # student -> notebook written
    unmatched: list[Path] = field(default_factory=list)  # no roster id in the path
    ambiguous: list[tuple[Path, list[str]]] = field(default_factory=list)
    duplicates: list[tuple[Path, str]] = field(default_factory=list)  # a second file
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # never read: why


def _keys(student: Student) -> list[str]:
    return [k for k in (student.id, student.lms_id, student.email) if k]


def _spans(text: str, key: str) -> list[tuple[int, int]]:
    """Where ``key`` appears in ``text`` as a whole token (not inside a longer word)."""
    pattern = rf"(?<![A-Za-z0-9]){re.escape(key)}(?![A-Za-z0-9])"
    return [m.span() for m in re.finditer(pattern, text, flags=re.IGNORECASE)]


def owners(relative: Path, roster: dict[str, Student]) -> list[Student]:
    """The students a downloaded file may belong to, by the ids in its path: one whose id
    is a whole folder or file name wins; otherwise every student with an id in the path,
    except one whose every mention lies inside another's longer one (ids ``x`` and ``x-2``:
    ``x-2_attempt 1`` is ``x-2``'s)."""
    names = {part.casefold() for part in (*relative.parent.parts, relative.stem)}
    whole = [s for s in roster.values() if any(k.casefold() in names for k in _keys(s))]
    if whole:
        return whole
    text = str(relative)
    spans = {s.id: [sp for k in _keys(s) for sp in _spans(text, k)] for s in roster.values()}
    found = {sid: sp for sid, sp in spans.items() if sp}

    def covered(span: tuple[int, int], sid: str) -> bool:
        return any(
            a <= span[0] and span[1] <= b and (a, b) != span
            for other, others in found.items()
            if other != sid
            for a, b in others
        )

    return [roster[sid] for sid, sp in found.items() if not all(covered(x, sid) for x in sp)]


def notebooks(folder: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The ``.ipynb`` files under ``folder`` that may be read, and what is skipped with the
    reason. Links are never followed (a link may point at the course's own solutions);
    hidden folders and files (``.ipynb_checkpoints``, ``.git``, macOS's ``._*``) are not
    submissions."""
    found, skipped = [], []
    for top, dirs, files in os.walk(folder, followlinks=False):
        here = Path(top)
        for name in list(dirs):
            if name.startswith("."):
                dirs.remove(name)
            elif (here / name).is_symlink():  # os.walk lists it but does not enter it
                skipped.append((here / name, t("cli.reason.symlink")))
            elif name.lower().endswith(".ipynb"):  # a folder named like a notebook
                skipped.append((here / name, t("cli.reason.not_a_file")))
        for name in files:
            path = here / name
            if name.startswith(".") or not name.lower().endswith(".ipynb"):
                continue
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                skipped.append((path, t("cli.reason.symlink")))
            elif not stat.S_ISREG(mode):
                skipped.append((path, t("cli.reason.not_a_file")))
            else:
                found.append(path)
        dirs.sort()
    return sorted(found), sorted(skipped)


def _read(path: Path) -> bytes | None:
    """The file's bytes, read without following a link (``None`` if it is not a regular
    file by the time it is opened)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        return handle.read()


def _language(content: bytes, default: str) -> str:
    """The notebook's own language, if it can be read; else the roster's preference."""
    try:
        lang = json.loads(content)["metadata"]["backprop"]["lang"]
    except (ValueError, LookupError, TypeError, RecursionError):
        return default
    return lang if lang in ("en", "zh") else default


def collect_folder(course: Path, lesson: str, folder: Path) -> Collected:
    """Copy every ``.ipynb`` under ``folder`` into ``course/submitted`` for ``lesson``."""
    roster = load_roster(course)
    result = Collected()
    found, result.skipped = notebooks(folder)
    for path in found:
        matches = owners(path.relative_to(folder), roster)
        if not matches:
            result.unmatched.append(path)
            continue
        if len(matches) > 1:
            result.ambiguous.append((path, [s.id for s in matches]))
            continue
        student = matches[0]
        if student.id in result.placed:
            result.duplicates.append((path, student.id))
            continue
        try:
            content = _read(path)
            mtime = path.lstat().st_mtime
        except OSError as error:  # e.g. turned into a link since the walk
            result.skipped.append((path, error.strerror or type(error).__name__))
            continue
        if content is None:
            result.skipped.append((path, t("cli.reason.not_a_file")))
            continue
        lang = _language(content, student.lang)
        target = course / "submitted" / student.id / assignment_id(lesson, lang) / f"{lesson}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        # nbgrader reads the submission time from here (late penalties, release_feedback).
        stamp = datetime.fromtimestamp(mtime, tz=UTC)
        (target.parent / "timestamp.txt").write_text(stamp.strftime(TIMESTAMP_FORMAT))
        result.placed[student.id] = target
    return result


def report(result: Collected) -> str:
    """Lines for the instructor: what was placed, and every file that was not."""
    lines = [t("cli.collect.placed", n=len(result.placed))]
    lines += [t("cli.collect.unmatched", path=p) for p in result.unmatched]
    lines += [t("cli.collect.ambiguous", ids=", ".join(ids), path=p) for p, ids in result.ambiguous]
    lines += [t("cli.collect.duplicate", student=sid, path=p) for p, sid in result.duplicates]
    lines += [t("cli.collect.skipped", reason=why, path=p) for p, why in result.skipped]
    return "\n".join(lines)
