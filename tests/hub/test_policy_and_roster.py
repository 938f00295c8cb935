"""The hub's settings files: the feedback policy and the roster's role column."""

from __future__ import annotations

import datetime as dt

import pytest

from autograder.course.roster import RosterError
from autograder.hub.policy import DEFAULT_POLICY, POLICY, PolicyError, load_policy
from autograder.hub.roster import read_members

UTC = dt.UTC


def write_policy(tmp_path, text: str):
    (tmp_path / POLICY).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_written_default_policy_is_immediate_latest_unlimited(tmp_path):
    policy = load_policy(write_policy(tmp_path, DEFAULT_POLICY))
    assert policy.counts == "latest"
    lesson = policy.lesson("01-gradient-descent")
    assert (lesson.feedback, lesson.attempts) == ("immediate", 0)
    assert lesson.feedback_due(dt.datetime(2000, 1, 1, tzinfo=UTC))


def test_a_lesson_overrides_the_default_and_waits_for_its_deadline(tmp_path):
    policy = load_policy(
        write_policy(
            tmp_path,
            'counts = "best"\n[default]\nattempts = 3\n'
            '[lessons.02-chain-rule]\nfeedback = "after_deadline"\n'
            "deadline = 2026-12-20T23:59:00+08:00\n",
        )
    )
    assert policy.counts == "best"
    assert policy.lesson("01-gradient-descent").attempts == 3
    chain = policy.lesson("02-chain-rule")
    assert chain.attempts == 3  # inherited from [default]
    before = dt.datetime(2026, 12, 20, 15, 58, tzinfo=UTC)
    after = dt.datetime(2026, 12, 20, 16, 0, tzinfo=UTC)
    assert not chain.feedback_due(before) and chain.feedback_due(after)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('counts = "first"\n', "counts"),
        ('[default]\nfeedback = "never"\n', "feedback"),
        ('[default]\nfeedback = "after_deadline"\n', "needs a deadline"),
        ("[default]\nattempts = -1\n", "attempts"),
        ('[default]\nfeedback = "after_deadline"\ndeadline = 2026-12-20T23:59:00\n', "time zone"),
        ("counts = \n", POLICY),
    ],
)
def test_a_bad_policy_names_what_to_fix(tmp_path, text, words):
    with pytest.raises(PolicyError, match=words):
        load_policy(write_policy(tmp_path, text))


def test_no_policy_file_means_the_defaults(tmp_path):
    assert load_policy(tmp_path).lesson("01-gradient-descent").feedback == "immediate"


def write_roster(tmp_path, rows: list[str]):
    path = tmp_path / "students.csv"
    path.write_text("\n".join(["id,name,lang,role", *rows]) + "\n", encoding="utf-8")
    return path


def test_roles_default_to_student(tmp_path):
    members = read_members(write_roster(tmp_path, ["ada,Ada L,en,instructor", "li,Li Wei,zh,"]))
    assert [(m.name, m.role, m.lang) for m in members] == [
        ("ada", "instructor", "en"),
        ("li", "student", "zh"),
    ]


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        (["ada,Ada,en,teacher"], "line 2: role 'teacher'"),
        (["ada,Ada,en,instructor", "Li.Wei,Li,zh,student"], "line 3: 'Li.Wei' cannot be a Unix"),
        (["li,Li,zh,student"], "no one has the role `instructor`"),
    ],
)
def test_a_bad_roster_names_the_line(tmp_path, rows, words):
    with pytest.raises(RosterError, match=words):
        read_members(write_roster(tmp_path, rows))
