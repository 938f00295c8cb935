"""The grading service: a JupyterHub-managed service (the hub starts it, and starts it again
when it exits) that grades each submission as it arrives in the exchange.

It keeps a ledger, ``state/graded.jsonl``: one line per submission it has finished, keyed by
student, assignment and submission time. On start it grades everything in the inbound that
the ledger lacks, so submissions that arrived while it was down are graded, and none twice.
Submissions are graded in a pool of worker processes, each in the sandbox with its time
limits; two submissions of the same student and lesson are graded in order. When a burst
arrives, first attempts go before resubmissions (then oldest first), and a submission that
runs long (an answer that loops until its time limit) hands its place to the next one: the
pool keeps spare workers for that, so answers that hang never hold every worker.

``python -m autograder.hub.service HUB_FOLDER``
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import json
import logging
import multiprocessing
import os
import signal
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from autograder.build.release import COURSE_ID
from autograder.course.lock import CourseBusy
from autograder.hub import grading
from autograder.hub.hubconfig import load
from autograder.hub.policy import Policy, PolicyError, load_policy

LEDGER = "graded.jsonl"
POLL_SECONDS = 0.5
# Grading takes a second or two; a submission still running after this is most likely
# waiting for an answer's time limit, and a spare worker takes the next one meanwhile.
SLOW_SECONDS = 5.0
log = logging.getLogger("backprop-grader")


def reason(error: BaseException) -> str:
    """One line for the ledger on what went wrong."""
    return f"{type(error).__name__}: {error}"[:300]


class Ledger:
    """The submissions already graded (append-only JSON lines; the service is its only writer)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.results: dict[str, grading.Result] = {}
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    result = grading.Result(**json.loads(line))
                except (ValueError, TypeError):
                    continue  # a line cut short when the service was killed mid-write
                self.results[result.key] = result

    def add(self, result: grading.Result) -> None:
        self.results[result.key] = result
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(result.line() + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def attempts(self, student: str, lesson: str) -> list[grading.Result]:
        return [
            r
            for r in self.results.values()
            if r.student == student and r.assignment.rpartition("-")[0] == lesson
        ]


class Service:
    """The watch-grade-release loop over one hub folder."""

    def __init__(self, hub: Path, workers: int | None = None) -> None:
        settings = load(hub)
        self.course = Path(settings["course"])
        self.exchange = Path(settings["exchange"])
        self.inbound = self.exchange / COURSE_ID / "inbound"
        self.gid = os.stat(self.course).st_gid
        self.ledger = Ledger(Path(settings["state"]) / LEDGER)
        self.workers = (
            workers or int(os.environ.get("BACKPROP_HUB_WORKERS", 0)) or max(2, os.cpu_count() or 1)
        )
        # Spare workers, only for the submissions that run long (see SLOW_SECONDS).
        self.spare = max(1, self.workers // 2)
        self.running: dict[concurrent.futures.Future, tuple[str, str]] = {}
        self.started: dict[concurrent.futures.Future, float] = {}
        self.stopping = False
        self.broken = False  # a worker died: the pool is started again
        self.crashes: dict[str, int] = {}  # submission -> workers it was on when they died

    def pending(self) -> list[grading.Inbound]:
        """Submissions in the inbound that the ledger lacks: first attempts at a lesson
        first, then resubmissions, each oldest first."""
        found = []
        for path in self.inbound.iterdir():
            sub = grading.parse_inbound(path)
            if sub is not None and sub.key not in self.ledger.results:
                found.append(sub)
        tried = {(r.student, r.assignment.rpartition("-")[0]) for r in self.ledger.results.values()}
        return sorted(found, key=lambda s: ((s.student, s.lesson) in tried, s.timestamp))

    def free_slots(self) -> int:
        """How many more submissions the pool takes now: one per worker, plus one per
        submission that has run longer than :data:`SLOW_SECONDS`, up to the spare workers."""
        now = time.monotonic()
        slow = sum(now - started > SLOW_SECONDS for started in self.started.values())
        return self.workers + min(slow, self.spare) - len(self.running)

    def lock(self, sub: grading.Inbound) -> None:
        """nbgrader leaves a submission folder world-writable; the graders' group takes it."""
        if os.geteuid() != 0:
            return  # a service run by the course's owner, not by the hub: nothing to hand over
        for folder, _, files in os.walk(sub.path):
            os.chown(folder, 0, self.gid)
            os.chmod(folder, 0o2770)
            for name in files:
                os.chown(os.path.join(folder, name), 0, self.gid)
                os.chmod(os.path.join(folder, name), 0o660)

    def run(self, once: bool = False) -> None:
        """Grade until stopped (or, with ``once``, until nothing is left)."""
        while not self.stopping:
            pool = self._pool()
            try:
                while not self.stopping and not self.broken:
                    self._step(pool)
                    if once and not self.running and not self.pending():
                        return
            finally:
                # What was cut short is not in the ledger: it is graded again.
                for process in list(getattr(pool, "_processes", {}).values()):
                    process.kill()
                pool.shutdown(wait=False, cancel_futures=True)
            if self.broken:
                log.error("a grading worker died; starting the workers again")
                self.running.clear()
                self.started.clear()
                self.broken = False

    def _pool(self) -> concurrent.futures.ProcessPoolExecutor:
        context = multiprocessing.get_context("spawn")  # no fork of a process that ran torch
        size = self.workers + self.spare
        pool = concurrent.futures.ProcessPoolExecutor(
            size, mp_context=context, initializer=grading.worker_init
        )
        # Start every worker (and its sandbox) before the first student waits on one.
        concurrent.futures.wait([pool.submit(grading.warm) for _ in range(size)])
        log.info("watching %s with %d workers", self.inbound, self.workers)
        return pool

    def stop(self, *_: object) -> None:
        """Stop after this round (SIGTERM or SIGINT, as JupyterHub stops a service)."""
        self.stopping = True

    def _step(self, pool: concurrent.futures.ProcessPoolExecutor) -> None:
        policy = self._policy()
        busy = set(self.running.values())
        if policy is not None:
            for sub in self.pending():
                if self.free_slots() <= 0:
                    break
                slot = (sub.student, sub.lesson)
                if slot not in busy:
                    busy.add(slot)
                    self._start(pool, sub, policy)
            self._release_due(policy)
        if not self.running:
            time.sleep(POLL_SECONDS)
            return
        done, _ = concurrent.futures.wait(
            list(self.running),
            timeout=POLL_SECONDS,
            return_when=concurrent.futures.FIRST_COMPLETED,
        )
        for future in done:
            self._finish(future)

    def _policy(self) -> Policy | None:
        try:
            return load_policy(self.course)
        except PolicyError as error:
            log.error("%s; grading waits until it is fixed", error)
            return None

    def _start(self, pool, sub: grading.Inbound, policy: Policy) -> None:
        lesson = policy.lesson(sub.lesson)
        earlier = [r for r in self.ledger.attempts(sub.student, sub.lesson) if r.status == "graded"]
        if lesson.attempts and len(earlier) >= lesson.attempts:
            self.ledger.add(grading.Result.of(sub, "over_limit", detail=f"limit {lesson.attempts}"))
            log.info("%s: over the attempt limit (%d), not graded", sub.key, lesson.attempts)
            return
        best = None
        if policy.counts == "best":
            same = [r for r in earlier if r.assignment == sub.assignment]
            top = max(same, key=lambda r: r.score, default=None)
            best = (top.timestamp, top.score) if top is not None else None
        self.lock(sub)
        release = lesson.feedback_due(dt.datetime.now(dt.UTC))
        try:
            grade = grading.grade_submission
            future = pool.submit(grade, self.course, self.exchange, sub, release=release, best=best)
        except BrokenProcessPool:  # a worker died while idle
            self.broken = True
            return
        future.sub = sub
        self.running[future] = (sub.student, sub.lesson)
        self.started[future] = time.monotonic()

    def _finish(self, future: concurrent.futures.Future) -> None:
        self.running.pop(future)
        self.started.pop(future, None)
        sub: grading.Inbound = future.sub  # type: ignore[attr-defined]
        try:
            result = future.result()
        except BrokenProcessPool as error:
            # Every submission in flight fails with the worker that died; each is graded
            # again, unless it was in flight twice when a worker died: then it is flagged.
            self.broken = True
            self.crashes[sub.key] = self.crashes.get(sub.key, 0) + 1
            if self.crashes[sub.key] < 2:
                return
            result = grading.Result.of(sub, "failed", flags=["worker died"], detail=reason(error))
        except Exception as error:  # anything else: flag the submission, go on
            result = grading.Result.of(sub, "failed", detail=reason(error))
        if result.status == "busy":  # an instructor's command kept the course: grade it later
            log.warning("%s: %s; graded again shortly", sub.key, result.detail)
            return
        self.ledger.add(result)
        flagged = f" FLAGGED ({', '.join(result.flags)})" if result.flags else ""
        log.info(
            "%s: %s %g/%g, feedback %s%s",
            result.key,
            result.status,
            result.score,
            result.max_score,
            result.feedback,
            flagged,
        )

    def _release_due(self, policy: Policy) -> None:
        """Feedback held back until a deadline: release it once the deadline has passed."""
        now = dt.datetime.now(dt.UTC)
        busy = set(self.running.values())
        waiting: dict[tuple[str, str], list[grading.Result]] = {}
        for r in self.ledger.results.values():
            if r.feedback == "pending":
                waiting.setdefault((r.student, r.assignment), []).append(r)
        for (student, assignment), results in waiting.items():
            lesson = assignment.rpartition("-")[0]
            if (student, lesson) in busy or not policy.lesson(lesson).feedback_due(now):
                continue
            # nbgrader's feedback is on the submission the gradebook holds.
            try:  # never wait here: this loop starts everyone's grading
                outcome = grading.release_feedback(
                    self.course, self.exchange, student, assignment, wait=0
                )
            except CourseBusy:
                continue  # an instructor's command holds the course: next round
            for r in results:
                r.feedback = outcome
                self.ledger.add(r)
            log.info("%s %s: feedback after the deadline %s", student, assignment, outcome)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the hub service."""
    argv = sys.argv[1:] if argv is None else argv
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if len(argv) != 1:
        sys.exit("usage: python -m autograder.hub.service HUB_FOLDER")
    service = Service(Path(argv[0]))
    signal.signal(signal.SIGTERM, service.stop)
    signal.signal(signal.SIGINT, service.stop)
    service.run()
    log.info("stopped")


if __name__ == "__main__":
    main()
