"""The groups in which `make test` hands the tests to its workers (tests/schedule.py)."""

from pathlib import Path

from tests import schedule

ROOT = Path(__file__).resolve().parents[1]


def test_a_module_is_one_group_unless_split_or_joined():
    assert schedule.group_of("tests/test_cli.py::test_help_lists_every_command") == (
        "tests/test_cli.py"
    )
    trip = "tests/course/test_round_trip.py::test_export_has_one_score_per_student_per_lesson"
    assert schedule.group_of(f"{trip}[04-mlp]") == "tests/course/test_round_trip.py[04-mlp]"
    solution = "tests/notebooks/test_execution.py::test_solution_notebook_runs_clean[en/04-mlp]"
    assert schedule.group_of(solution) == "tests/web/test_site.py"
    fresh = "tests/notebooks/test_execution.py::test_fresh_lesson_says_what_to_do_in_its_language"
    assert (
        schedule.group_of(f"{fresh}[en/04-mlp]") == "tests/notebooks/test_execution.py[en/04-mlp]"
    )


def test_every_module_the_schedule_names_exists():
    """A renamed module would silently lose its place in the schedule."""
    named = {*schedule.SPLIT, *schedule.COST, *schedule.JOINED.values()}
    named |= {start.partition("::")[0] for start in schedule.JOINED}
    assert [name for name in named if not (ROOT / name).is_file()] == []
