"""A class submits at once: 100 students submit lesson 01 within one minute through nbgrader's
exchange (no browser), and the hub's grading service grades them as they arrive. Prints the
time from submit to feedback available (the moment the student's Assignments tab can fetch
it), beside plain nbgrader in the same run, where the instructor collects, autogrades and
releases feedback once everything is in.

    python benchmarks/submit_burst.py [--students 100] [--seconds 60] [--baseline-sample 10]
                                      [--autograde-class 300]

The class: 55 % correct, 30 % one catalogued mistake, 10 % blank, 5 % an answer that loops
forever (bounded by the sandbox's limit, 10 s per graded item here; reported apart). Plain
nbgrader runs each notebook in a kernel, about equally long for each: it is timed on a sample
and its total extrapolated (printed as such). With ``--autograde-class N`` it also times
``backprop autograde`` on a class of N on the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from autograder.course.api import course_api  # noqa: E402
from autograder.hub.synthetic import feedback_path, hub_folder, submit  # noqa: E402
from benchmarks.autograde_class import (  # noqa: E402
    LOOP,
    autograde_seconds,
    plain_nbgrader,
    synthetic_class,
)

HOW = """how the service keeps up:
- each worker keeps one sandbox for its life (a warm template process, forked per
  submission); the sandbox runs outside the course's lock
- workers hold the course's lock shared with each other (each writes its own student's
  folders; the gradebook has its own locking): both cores record and write feedback at
  once, and an instructor's command still has the course to itself
- nbgrader's autograde records the verdicts the sandbox computed (nothing runs twice), on
  one SQLAlchemy engine per gradebook in a worker (nbgrader opens the gradebook a dozen
  times per submission; each new engine compiled every query again)
- feedback pages come from an exporter that keeps its compiled templates and each code
  cell's highlighting, typesets formulas once per worker, and skips a whole-page HTML
  re-parse that changes nothing here
- first attempts go before resubmissions; a submission still running after 5 s (an
  answer looping to its time limit) hands its place to a spare worker"""


def percentiles(values: list[float]) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):6.1f} {p95:6.1f} {ordered[-1]:6.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", default="01-gradient-descent")
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--baseline-sample", type=int, default=10)
    parser.add_argument("--workers", type=int, default=0, help="grading processes (default: cores)")
    parser.add_argument(
        "--autograde-class", type=int, default=0, help="also time backprop autograde on N"
    )
    args = parser.parse_args()
    os.environ["BACKPROP_GRADE_SECONDS"] = "10"
    if args.workers:
        os.environ["BACKPROP_HUB_WORKERS"] = str(args.workers)
    students = synthetic_class(args.lesson, args.students, seed=1)
    loops = {s for s, _, nb in students if any(c.source == LOOP for c in nb.cells)}
    rng = random.Random(1)
    offsets = sorted(rng.uniform(0, args.seconds) for _ in students)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        course, exchange = hub_folder(root, args.lesson)
        log = (root / "service.log").open("w")
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        service = subprocess.Popen(
            [sys.executable, "-m", "autograder.hub.service", str(root)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        while "watching" not in (root / "service.log").read_text():
            time.sleep(0.2)
        submitted: dict[str, tuple[float, Path]] = {}
        start = time.monotonic()

        def one(index: int) -> None:
            student, lang, nb = students[index]
            time.sleep(max(0.0, start + offsets[index] - time.monotonic()))
            cache = submit(root, exchange, student, lang, args.lesson, nb)
            submitted[student] = (time.monotonic(), feedback_path(exchange, cache, args.lesson))

        threads = [threading.Thread(target=one, args=(i,)) for i in range(len(students))]
        for thread in threads:
            thread.start()
        available: dict[str, float] = {}
        deadline = time.monotonic() + args.seconds + 900
        while len(available) < len(students) and time.monotonic() < deadline:
            for student, (at, path) in list(submitted.items()):
                if student not in available and path.exists():
                    available[student] = time.monotonic() - at
            time.sleep(0.1)
        for thread in threads:
            thread.join()
        last_submit = max(at for at, _ in submitted.values())
        service.terminate()
        service.wait()
        lines = (root / "state" / "graded.jsonl").read_text().splitlines()
        work = [json.loads(line).get("seconds", 0.0) for line in lines]
        cpu = [json.loads(line).get("cpu", 0.0) for line in lines]
        # Plain nbgrader: collect, then autograde + feedback for everyone once all are in.
        sample = students[: args.baseline_sample]
        per_plain = plain_nbgrader(course, args.lesson, sample)
        api = course_api(course, exchange)
        started = time.perf_counter()
        for student, lang, _ in sample:
            api.generate_feedback(f"{args.lesson}-{lang}", student)
            api.release_feedback(f"{args.lesson}-{lang}", student)
        per_plain += (time.perf_counter() - started) / len(sample)
    finished = last_submit + per_plain * len(students)
    baseline = [finished - at for s, (at, _) in submitted.items() if s not in loops]
    ours = [available[s] for s in available if s not in loops]
    looped = [available[s] for s in available if s in loops]
    missing = sorted(set(submitted) - set(available))
    print(
        f"\n{len(students)} submissions of {args.lesson} in {args.seconds:.0f} s, "
        f"{os.cpu_count()} cores; submit -> feedback available, seconds"
    )
    print(f"{'':44}{'p50':>6} {'p95':>6} {'max':>6}")
    print(f"{'grading service, ' + str(len(ours)) + ' that end':44}{percentiles(ours)}")
    loop_label = f"grading service, {len(looped)} that loop forever"
    print(f"{loop_label:44}{percentiles(looped)}")
    print(f"{'plain nbgrader after the last submit*':44}{percentiles(baseline)}")
    print(
        f"* autograde + generate/release feedback timed on {args.baseline_sample} "
        f"submissions ({per_plain:.2f} s each), extrapolated to {len(students)}"
    )
    workers = os.environ.get("BACKPROP_HUB_WORKERS") or os.cpu_count()
    print(
        f"a worker spends {statistics.median(work):.2f} s per submission (median; grading, "
        f"nbgrader's autograde, feedback), of which {statistics.median(cpu):.2f} s its own CPU "
        f"(the sandbox's apart); {workers} workers; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    if missing:
        print(f"no feedback for {len(missing)}: {', '.join(missing[:10])}")
    if args.autograde_class:
        n = args.autograde_class
        total = autograde_seconds(args.lesson, n, args.workers or None)
        print(
            f"backprop autograde, a class of {n}: {total:.0f} s ({total / n:.2f} s per "
            f"notebook; plain nbgrader, autograde and feedback: about {per_plain * n:.0f} s)"
        )
    print(HOW)


if __name__ == "__main__":
    main()
