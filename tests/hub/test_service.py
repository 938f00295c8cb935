"""The grading service on a hub folder, without the hub: each submission graded once and its
feedback released; nothing graded twice across restarts; the policy (attempt limit, best
submission, feedback after the deadline); an answer that loops forever flagged."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from autograder.build.paths import LESSONS
from autograder.build.release import COURSE_ID
from autograder.course import autograde
from autograder.course.lock import course_lock
from autograder.course.synthetic import answered, notebook, place, points_of
from autograder.hub import grading
from autograder.hub.grading import Result
from autograder.hub.policy import POLICY
from autograder.hub.service import LEDGER, SLOW_SECONDS, Service
from autograder.hub.synthetic import feedback_path, hub_folder, submit
from autograder.mistakes import mistakes_for
from benchmarks.autograde_class import LOOP
from tests.markers import needs_bubblewrap

pytestmark = [pytest.mark.slow, needs_bubblewrap]
LESSON = "01-gradient-descent"
SLIP = next(m for m in mistakes_for("mse_gradient") if m.id == "sign")
FULL = sum(points_of(LESSON).values())


@pytest.fixture
def hub(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_GRADE_SECONDS", "3")
    course, exchange = hub_folder(tmp_path, LESSON)
    return tmp_path, course, exchange


def ledger(root) -> list[dict]:
    return [json.loads(line) for line in (root / "state" / LEDGER).read_text().splitlines()]


def score(course, student: str, lang: str) -> float:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return gradebook.find_submission(f"{LESSON}-{lang}", student).score


def test_each_submission_is_graded_once_with_its_feedback(hub):
    root, course, exchange = hub
    looping = answered(LESSON, "en")
    for cell in looping.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "gradient_descent":
            cell.source = LOOP
    caches = {
        "right": submit(root, exchange, "right", "en", LESSON, answered(LESSON, "en")),
        "slip": submit(root, exchange, "slip", "zh", LESSON, answered(LESSON, "zh", (SLIP,))),
        "blank": submit(root, exchange, "blank", "en", LESSON, notebook(LESSONS, LESSON, "en")),
        "loops": submit(root, exchange, "loops", "en", LESSON, looping),
    }
    Service(root, workers=2).run(once=True)
    results = {r["student"]: r for r in ledger(root)}
    assert set(results) == set(caches) and len(ledger(root)) == 4
    assert results["right"]["score"] == FULL and results["blank"]["score"] == 0
    assert results["slip"]["mistakes"] == [SLIP.catalogue_key]
    assert results["loops"]["flags"] == ["gradient_descent"]  # flagged, the rest graded
    assert 0 < results["loops"]["score"] < FULL
    for student, cache in caches.items():
        assert feedback_path(exchange, cache, LESSON).is_file(), student
        assert results[student]["feedback"] == "released"
    assert score(course, "slip", "zh") == FULL - points_of(LESSON)["mse_gradient"]

    Service(root, workers=1).run(once=True)  # started again: nothing new, nothing twice
    assert len(ledger(root)) == 4


def test_best_submission_counts_and_the_attempt_limit_holds(hub):
    root, course, exchange = hub
    (course / POLICY).write_text('counts = "best"\n[default]\nattempts = 2\n', encoding="utf-8")
    submit(root, exchange, "ana", "en", LESSON, answered(LESSON, "en"))
    Service(root, workers=1).run(once=True)
    submit(root, exchange, "ana", "en", LESSON, answered(LESSON, "en", (SLIP,)))
    Service(root, workers=1).run(once=True)
    assert score(course, "ana", "en") == FULL  # the worse second attempt does not count
    submit(root, exchange, "ana", "en", LESSON, answered(LESSON, "en"))
    Service(root, workers=1).run(once=True)
    statuses = [r["status"] for r in ledger(root)]
    assert statuses == ["graded", "graded", "over_limit"]
    slipped = FULL - points_of(LESSON)["mse_gradient"]
    assert [r["score"] for r in ledger(root)][:2] == [FULL, slipped]


def test_autograde_leaves_what_the_service_graded_unless_forced(hub, monkeypatch):
    """The service and `backprop autograde` keep one record: the command grades only the
    submissions the service has not recorded (or that changed since), and all with force."""
    root, course, exchange = hub
    submit(root, exchange, "dee", "en", LESSON, answered(LESSON, "en"))
    submit(root, exchange, "eli", "zh", LESSON, answered(LESSON, "zh", (SLIP,)))
    Service(root, workers=2).run(once=True)
    place(course, "fay", LESSON, "en", answered(LESSON, "en"))  # from an LMS, not the service
    graded: list[list[str]] = []
    real = autograde.run_workers

    def spy(course, todo, workers, *args):
        graded.append(sorted(s.student for s in todo))
        return real(course, todo, workers, *args)

    monkeypatch.setattr(autograde, "run_workers", spy)
    outcomes = autograde.autograde_lesson(course, LESSON, workers=1)
    assert graded == [["fay"]]  # dee and eli: graded by the service, not again
    scores = {o.student: o.score for o in outcomes}
    assert scores == {"dee": FULL, "eli": FULL - points_of(LESSON)["mse_gradient"], "fay": FULL}
    assert {o.student: o.flags for o in outcomes} == {"dee": [], "eli": [], "fay": []}
    autograde.autograde_lesson(course, LESSON, workers=1, force=True)
    assert graded[-1] == ["dee", "eli", "fay"]


def test_first_attempts_go_first_and_long_runs_free_a_spare_worker(hub):
    """In a burst, a resubmission waits for the first attempts that arrived before it; a
    submission running longer than SLOW_SECONDS lets the pool take one more, up to the
    spare workers."""
    root, _, exchange = hub
    inbound = exchange / COURSE_ID / "inbound"
    for student, lang, second in (("ana", "en", 1), ("bo", "en", 2), ("cy", "zh", 3)):
        (inbound / f"{student}+{LESSON}-{lang}+2026-01-01 10:00:0{second}+x").mkdir(parents=True)
    (inbound / "not a submission").mkdir()
    service = Service(root, workers=2)
    earlier = Result("bo+x+0", "bo", f"{LESSON}-zh", "2025-12-31 09:00:00", "graded")
    service.ledger.results[earlier.key] = earlier  # bo tried this lesson before
    assert [s.student for s in service.pending()] == ["ana", "cy", "bo"]

    assert service.workers == 2 and service.spare == 1
    assert service.free_slots() == 2
    now = time.monotonic()
    service.running = {"first": ("ana", LESSON), "second": ("cy", LESSON)}
    service.started = {"first": now, "second": now}
    assert service.free_slots() == 0
    service.started = {"first": now - SLOW_SECONDS - 1, "second": now - SLOW_SECONDS - 1}
    assert service.free_slots() == 1  # one spare worker, however many run long


def test_feedback_waits_for_the_deadline(hub):
    root, course, exchange = hub
    future = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    policy = '[default]\nfeedback = "after_deadline"\ndeadline = {}\n'
    (course / POLICY).write_text(policy.format(future.isoformat()), encoding="utf-8")
    cache = submit(root, exchange, "ben", "zh", LESSON, answered(LESSON, "zh"))
    Service(root, workers=1).run(once=True)
    assert ledger(root)[-1]["feedback"] == "pending"
    assert not feedback_path(exchange, cache, LESSON).exists()
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    (course / POLICY).write_text(policy.format(past.isoformat()), encoding="utf-8")
    service = Service(root, workers=1)
    service._release_due(service._policy())
    assert feedback_path(exchange, cache, LESSON).is_file()
    assert Result(**ledger(root)[-1]).feedback == "released"


def test_a_worker_that_dies_is_replaced_and_nothing_is_lost(hub):
    """A grading worker killed (as the kernel's OOM killer would): the service starts its
    workers again and grades the submission that arrives next, once."""
    root, _, exchange = hub
    service = Service(root, workers=1)
    thread = threading.Thread(target=service.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not workers() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)  # the workers are idle: started, their sandboxes warm
    first, *_ = workers()  # one of them (the pool also keeps a spare one)
    os.kill(first, signal.SIGKILL)
    cache = submit(root, exchange, "cy", "en", LESSON, answered(LESSON, "en"))
    while not (root / "state" / LEDGER).exists() and time.monotonic() < deadline + 120:
        time.sleep(0.2)
    service.stop()
    thread.join(30)
    graded = [(r["student"], r["status"], r["score"]) for r in ledger(root)]
    assert graded == [("cy", "graded", FULL)]
    assert feedback_path(exchange, cache, LESSON).is_file()
    assert first not in workers()


def workers() -> list[int]:
    """This process's grading workers (multiprocessing's spawned children)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            stat = (proc / "stat").read_text()
            command = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"spawn_main" in command:
            found.append(int(proc.name))
    return found


def test_a_command_holding_the_course_defers_grading_without_losing_it(hub, monkeypatch):
    """While an instructor's command holds the course's lock, a submission is sandboxed but
    not recorded (status busy, which the service keeps out of its ledger); once the command
    ends, the same submission is recorded."""
    root, course, exchange = hub
    submit(root, exchange, "ada", "en", LESSON, answered(LESSON, "en"))
    sub = grading.parse_inbound(next((exchange / COURSE_ID / "inbound").iterdir()))
    monkeypatch.setattr(grading, "LOCK_WAIT_SECONDS", 0.5)
    with course_lock(course, "autograde"):
        busy = grading.grade_submission(course, exchange, sub, release=True)
    assert busy.status == "busy" and "autograde" in busy.detail
    assert not (course / "submitted" / "ada").exists()
    done = grading.grade_submission(course, exchange, sub, release=True)
    assert (done.status, done.feedback, done.score) == ("graded", "released", FULL)
    assert score(course, "ada", "en") == FULL
