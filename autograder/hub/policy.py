"""When students see their feedback, and which submission counts: ``hub_policy.toml`` in
the course directory, read again on every submission so that changes apply at once.

```toml
counts = "latest"          # or "best": the submission whose score the gradebook keeps
[default]
feedback = "immediate"     # or "after_deadline"
attempts = 0               # immediate only: graded submissions per lesson, 0 = no limit
[lessons.01-gradient-descent]
attempts = 3
[lessons.02-chain-rule]
feedback = "after_deadline"
deadline = 2026-12-20T23:59:00+08:00
```
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from autograder.errors import CourseError

POLICY = "hub_policy.toml"
FEEDBACK = ("immediate", "after_deadline")
COUNTS = ("latest", "best")
DEFAULT_POLICY = """\
# When students see feedback on the hub, and which submission counts (backprop hub init).
# counts: "latest" (the last submission's score is kept) or "best" (the highest is kept).
counts = "latest"

[default]
# feedback: "immediate" (seconds after Submit) or "after_deadline" (needs a deadline)
feedback = "immediate"
# attempts: with immediate feedback, how many submissions per lesson are graded (0: no limit)
attempts = 0

# One table per lesson overrides the default, for example:
# [lessons.02-chain-rule]
# feedback = "after_deadline"
# deadline = 2026-12-20T23:59:00+08:00
"""


class PolicyError(CourseError, ValueError):
    """``hub_policy.toml`` cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class LessonPolicy:
    feedback: str = "immediate"
    attempts: int = 0
    deadline: dt.datetime | None = None

    def feedback_due(self, now: dt.datetime) -> bool:
        """Whether a graded submission's feedback may be released at ``now``."""
        if self.feedback == "immediate":
            return True
        return self.deadline is not None and now >= self.deadline


@dataclass(frozen=True)
class Policy:
    counts: str
    default: LessonPolicy
    lessons: dict[str, LessonPolicy]

    def lesson(self, lesson: str) -> LessonPolicy:
        return self.lessons.get(lesson, self.default)


def load_policy(course: Path) -> Policy:
    """The course's policy (the defaults if it has no ``hub_policy.toml``)."""
    path = course / POLICY
    raw = {}
    if path.is_file():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise PolicyError("cli.policy.unreadable", path=path, reason=error) from None
    counts = raw.get("counts", "latest")
    if counts not in COUNTS:
        raise PolicyError("cli.policy.counts", path=path, value=counts)
    default = _lesson(raw.get("default", {}), LessonPolicy(), path, "default")
    lessons = {
        name: _lesson(table, default, path, f"lessons.{name}")
        for name, table in raw.get("lessons", {}).items()
    }
    return Policy(counts, default, lessons)


def _lesson(table: dict, base: LessonPolicy, path: Path, where: str) -> LessonPolicy:
    feedback = table.get("feedback", base.feedback)
    attempts = table.get("attempts", base.attempts)
    deadline = table.get("deadline", base.deadline)
    if feedback not in FEEDBACK:
        raise PolicyError("cli.policy.feedback", path=path, where=where, value=feedback)
    if not isinstance(attempts, int) or attempts < 0:
        raise PolicyError("cli.policy.attempts", path=path, where=where)
    if deadline is not None and not isinstance(deadline, dt.datetime):
        raise PolicyError("cli.policy.deadline", path=path, where=where)
    if deadline is not None and deadline.tzinfo is None:
        raise PolicyError("cli.policy.time_zone", path=path, where=where)
    if feedback == "after_deadline" and deadline is None:
        raise PolicyError("cli.policy.needs_deadline", path=path, where=where)
    return LessonPolicy(feedback, attempts, deadline)
