"""What a class got wrong in a lesson: per graded item, how many passed and which catalogued
mistakes were most common — a table, and a bar chart with labels in the chosen language."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from autograder.course.errors import CourseError
from autograder.student.i18n import t

PASSED = "grade.passed"


def verdicts_file(course: Path, lesson: str) -> Path:
    return course / "reports" / f"{lesson}-verdicts.json"


@dataclass(frozen=True)
class ItemStatistics:
    item: str
    submissions: int
    passed: int
    reasons: list[tuple[str, int]]  # catalogue key, count; most common first


def statistics(course: Path, lesson: str) -> list[ItemStatistics]:
    """Per graded item of ``lesson``: submissions, passes, and the failures by reason."""
    path = verdicts_file(course, lesson)
    if not path.is_file():
        raise CourseError("cli.error.no_verdicts", path=path)
    records = json.loads(path.read_text(encoding="utf-8"))
    reasons: dict[str, Counter[str]] = {}
    for items in records.values():
        for item, verdict in items.items():
            reasons.setdefault(item, Counter())[verdict["reason"]] += 1
    return [
        ItemStatistics(
            item,
            sum(counts.values()),
            counts[PASSED],
            [(key, n) for key, n in counts.most_common() if key != PASSED],
        )
        for item, counts in reasons.items()
    ]


def reason_text(key: str, lang: str) -> str:
    """A failure reason as the students read it: the mistake's name, or the grader's word."""
    if key.startswith("mistake."):
        return t(f"{key}.name", lang=lang)
    return t(f"report.reason.{key.removeprefix('grade.')}", lang=lang)


def table(stats: list[ItemStatistics], lang: str) -> str:
    """A plain-text table, most common failure reasons first within each item."""
    lines = []
    for s in stats:
        lines.append(
            t("report.item_line", lang=lang, item=s.item, passed=s.passed, n=s.submissions)
        )
        for key, count in s.reasons:
            lines.append(f"    {count:>4}  {reason_text(key, lang)}")
    return "\n".join(lines)


def bar_chart(stats: list[ItemStatistics], lang: str, output: Path, top: int = 12) -> Path:
    """The ``top`` most common failure reasons across the lesson, as horizontal bars."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from autograder.student.plotting import use_course_style

    use_course_style()
    rows = sorted(
        ((f"{s.item}: {reason_text(key, lang)}", n) for s in stats for key, n in s.reasons),
        key=lambda row: row[1],
    )[-top:]
    fig, ax = plt.subplots(figsize=(9, 0.45 * max(len(rows), 2) + 1.2))
    ax.barh([label for label, _ in rows], [n for _, n in rows], color="tab:red")
    ax.set_xlabel(t("report.axis_students", lang=lang))
    ax.set_title(t("report.title", lang=lang))
    fig.tight_layout()
    output.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(output)
    plt.close(fig)
    return output
