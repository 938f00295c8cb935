"""Submissions downloaded from an LMS (Canvas, Moodle, …) put where nbgrader expects them:
``submitted/<student>/<lesson>-<lang>/<lesson>.ipynb``. Each file is matched to a student
by an id from the roster (student id, LMS id or e-mail) that appears in its path."""

from __future__ import annotations

import json
import re
import shutil
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


def _keys(student: Student) -> list[str]:
    return [k for k in (student.id, student.lms_id, student.email) if k]


def _mentions(text: str, key: str) -> bool:
    """Whether ``key`` appears in ``text`` as a whole token (not inside a longer id)."""
    pattern = rf"(?<![A-Za-z0-9]){re.escape(key)}(?![A-Za-z0-9])"
    return re.search(pattern, text, flags=re.IGNORECASE) is not None


def _language(path: Path, default: str) -> str:
    """The notebook's own language, if it can be read; else the roster's preference."""
    try:
        lang = json.loads(path.read_text(encoding="utf-8"))["metadata"]["backprop"]["lang"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, OSError):
        return default
    return lang if lang in ("en", "zh") else default


def collect_folder(course: Path, lesson: str, folder: Path) -> Collected:
    """Copy every ``.ipynb`` under ``folder`` into ``course/submitted`` for ``lesson``."""
    roster = load_roster(course)
    result = Collected()
    for path in sorted(folder.rglob("*.ipynb")):
        text = str(path.relative_to(folder))
        matches = [s for s in roster.values() if any(_mentions(text, k) for k in _keys(s))]
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
        lang = _language(path, student.lang)
        target = course / "submitted" / student.id / assignment_id(lesson, lang) / f"{lesson}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        # nbgrader reads the submission time from here (late penalties, release_feedback).
        stamp = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
        (target.parent / "timestamp.txt").write_text(stamp.strftime(TIMESTAMP_FORMAT))
        result.placed[student.id] = target
    return result


def report(result: Collected) -> str:
    """Lines for the instructor: what was placed, and every file that was not."""
    lines = [t("cli.collect.placed", n=len(result.placed))]
    lines += [t("cli.collect.unmatched", path=p) for p in result.unmatched]
    lines += [t("cli.collect.ambiguous", ids=", ".join(ids), path=p) for p, ids in result.ambiguous]
    lines += [t("cli.collect.duplicate", student=sid, path=p) for p, sid in result.duplicates]
    return "\n".join(lines)
