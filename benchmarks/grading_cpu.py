"""CPU seconds a grading worker of the hub's service spends on each submission, measured in
this process on a few submissions of lesson 01 (one more first, to warm the worker up):
the worker's own CPU (nbgrader's autograde, the gradebook, the feedback page) and its
sandbox's apart. CPU time, unlike wall-clock time, hardly depends on what else the machine
is running.

    python benchmarks/grading_cpu.py [--submissions 8] [--profile 40]

``--profile N`` prints cProfile's N most expensive calls (by cumulative time).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.build.release import COURSE_ID  # noqa: E402
from autograder.hub import grading  # noqa: E402
from autograder.hub.synthetic import hub_folder, submit  # noqa: E402
from benchmarks.autograde_class import LOOP, synthetic_class  # noqa: E402


def sandbox_cpu() -> float:
    """CPU seconds of this process's running descendants (the sandbox never exits) and of
    the children they have reaped (the sandbox's process per submission)."""
    stats: dict[int, tuple[int, float]] = {}  # pid -> (parent, CPU seconds)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except (OSError, ValueError):
            continue
        fields = text.rpartition(")")[2].split()  # after "pid (name)"
        ticks = sum(int(f) for f in fields[11:15])  # its own and its ended children's
        stats[int(entry.name)] = (int(fields[1]), ticks / os.sysconf("SC_CLK_TCK"))
    mine, total, grew = {os.getpid()}, 0.0, True
    while grew:
        grew = False
        for pid, (parent, seconds) in stats.items():
            if parent in mine and pid not in mine:
                mine.add(pid)
                total += seconds
                grew = True
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", default="01-gradient-descent")
    parser.add_argument("--submissions", type=int, default=8)
    parser.add_argument("--profile", type=int, default=0)
    args = parser.parse_args()
    os.environ["BACKPROP_GRADE_SECONDS"] = "10"
    everyone = synthetic_class(args.lesson, 4 * args.submissions + 10, seed=1)
    ending = [s for s in everyone if not any(c.source == LOOP for c in s[2].cells)]
    students = ending[: args.submissions + 1]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        course, exchange = hub_folder(root, args.lesson)
        for student, lang, nb in students:
            submit(root, exchange, student, lang, args.lesson, nb)
        inbound = exchange / COURSE_ID / "inbound"
        found = [grading.parse_inbound(path) for path in inbound.iterdir()]
        subs = sorted((s for s in found if s is not None), key=lambda s: s.timestamp)
        grading.worker_init()
        grading.grade_submission(course, exchange, subs[0], release=True)  # warm
        profile = cProfile.Profile()
        cpu, sandbox, wall = time.process_time(), sandbox_cpu(), time.perf_counter()
        if args.profile:
            profile.enable()
        results = [grading.grade_submission(course, exchange, s, release=True) for s in subs[1:]]
        profile.disable()
        n = len(results)
        own = (time.process_time() - cpu) / n
        boxed = (sandbox_cpu() - sandbox) / n
        seconds = (time.perf_counter() - wall) / n
    assert all(r.status == "graded" and r.feedback == "released" for r in results), results
    print(
        f"{n} submissions of {args.lesson}, per submission: worker CPU {own:.3f} s, sandbox "
        f"CPU {boxed:.3f} s, wall {seconds:.2f} s (load average {os.getloadavg()[0]:.1f})"
    )
    if args.profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
