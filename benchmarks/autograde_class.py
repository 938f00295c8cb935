"""Autograde a synthetic class: plain sequential `nbgrader autograde` against `backprop
autograde` (sandboxed, parallel), measured in one run on this machine.

    python benchmarks/autograde_class.py [--students 300] [--baseline-sample 10]

The class is a realistic mix: 55 % correct, 30 % with one catalogued mistake, 10 % blank,
5 % with an answer that loops forever. Plain nbgrader runs every notebook in a kernel, about
as long for each: it is timed on a sample of the class and its total extrapolated (printed
as such). The sandbox's limit per graded item is 10 s here (BACKPROP_GRADE_SECONDS).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.build.paths import LESSONS  # noqa: E402
from autograder.course.api import course_api  # noqa: E402
from autograder.course.autograde import autograde_lesson  # noqa: E402
from autograder.course.synthetic import answered, notebook, one_lesson_course, place  # noqa: E402
from autograder.hidden import specs  # noqa: E402
from autograder.mistakes import mistakes_for  # noqa: E402

LOOP = "while True:\n    pass\n"


def synthetic_class(lesson: str, n: int, seed: int = 0) -> list[tuple[str, str, object]]:
    """``(student, lang, notebook)`` for ``n`` students."""
    rng = random.Random(seed)
    items = list(specs(lesson))
    students = []
    for i in range(n):
        lang, roll = rng.choice(["en", "zh"]), rng.random()
        if roll < 0.55:
            nb = answered(lesson, lang)
        elif roll < 0.85:
            nb = answered(lesson, lang, (rng.choice(mistakes_for(rng.choice(items))),))
        elif roll < 0.95:
            nb = notebook(LESSONS, lesson, lang)
        else:
            nb = answered(lesson, lang)
            target = rng.choice(items)
            for cell in nb.cells:
                if cell.metadata.get("nbgrader", {}).get("grade_id") == target:
                    cell.source = LOOP
        students.append((f"student{i:03d}", lang, nb))
    return students


def make_course(root: Path, lesson: str, students) -> Path:
    course = one_lesson_course(root, lesson)
    for student, lang, nb in students:
        place(course, student, lesson, lang, nb)
    return course


def plain_nbgrader(course: Path, lesson: str, sample) -> float:
    """Seconds per submission of nbgrader's own autograde (kernel per notebook)."""
    api = course_api(course)
    plain = Config()
    plain.merge(api.config)
    del plain.Autograde["autograde_preprocessors"]
    del plain.Autograde["sanitize_preprocessors"]
    plain.ExecutePreprocessor.timeout = 10
    api = type(api)(coursedir=api.coursedir, config=plain)
    started = time.perf_counter()
    for student, lang, _ in sample:
        api.autograde(f"{lesson}-{lang}", student, force=True)
    return (time.perf_counter() - started) / len(sample)


def autograde_seconds(lesson: str, n: int, workers: int | None) -> float:
    """Seconds ``backprop autograde`` takes on a synthetic class of ``n``."""
    with tempfile.TemporaryDirectory() as tmp:
        course = make_course(Path(tmp), lesson, synthetic_class(lesson, n))
        started = time.perf_counter()
        autograde_lesson(course, lesson, workers)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", default="01-gradient-descent")
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--baseline-sample", type=int, default=10)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    args = parser.parse_args()
    os.environ["BACKPROP_GRADE_SECONDS"] = "10"
    students = synthetic_class(args.lesson, args.students)
    with tempfile.TemporaryDirectory() as tmp:
        course = make_course(Path(tmp), args.lesson, students)
        started = time.perf_counter()
        autograde_lesson(course, args.lesson, args.workers)
        ours = time.perf_counter() - started
        per_plain = plain_nbgrader(course, args.lesson, students[: args.baseline_sample])
    n = len(students)
    plain_total = per_plain * n
    print(f"\n{n} submissions of {args.lesson} on {os.cpu_count()} cores")
    print(f"{'':32}{'total s':>10}{'per min':>10}{'s/notebook':>12}")
    print(
        f"{'plain nbgrader (sequential)*':32}{plain_total:>10.0f}"
        f"{60 * n / plain_total:>10.0f}{per_plain:>12.2f}"
    )
    print(f"{'backprop autograde':32}{ours:>10.0f}{60 * n / ours:>10.0f}{ours / n:>12.2f}")
    print(f"speed-up: {plain_total / ours:.1f}x")
    print(f"* timed on {args.baseline_sample} submissions, extrapolated to {n}")


if __name__ == "__main__":
    main()
