"""How `make test` shares the suite between its workers (``--dist loadfile``).

A worker runs a group of tests whole, so that their module-scoped fixtures are built once: a
group is a module, except that the modules in ``SPLIT`` give one group per parametrization (a
graded course per lesson), so that both workers share them. The groups are handed out longest
first: a long group started last would leave the other worker idle at the end.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from xdist.scheduler import LoadFileScheduling

# Modules split into one group per test id parameters ("[...]" of the test's id).
SPLIT = {
    "tests/course/test_round_trip.py",
    "tests/grader/test_lessons_in_sandbox.py",
    "tests/hidden/test_line_mutations.py",
    "tests/notebooks/test_execution.py",
}

# Tests that join another module's group, by the start of their id: the site's build reuses
# the solution notebooks that the execution test ran (build/executed), so the two run on one
# worker, the executions first, and no notebook is executed twice.
JOINED = {
    "tests/notebooks/test_execution.py::test_solution_": "tests/web/test_site.py",
}

# Rough CPU seconds of the longest modules on one worker (`--durations`): only the order they
# give matters. Other modules count 3 s per slow or browser test and 0.05 s per fast one.
COST = {
    "tests/hub/test_class.py": 400,
    "tests/course/test_round_trip.py": 300,
    "tests/notebooks/test_execution.py": 90,  # the student notebooks
    "tests/web/test_site.py": 220,  # with the solution notebooks' executions
    "tests/web/test_lab_extension.py": 90,
    "tests/hidden/test_line_mutations.py": 60,
    "tests/hub/test_service.py": 60,
    "tests/grader/test_lessons_in_sandbox.py": 40,
    "tests/grader/test_hostile_submissions.py": 40,
}
SLOW_SECONDS, FAST_SECONDS = 3.0, 0.05


def group_of(nodeid: str) -> str:
    """The group of a test: the group it joins (``JOINED``), its module, or for a module in
    ``SPLIT`` its module and the parameters of its id."""
    for start, group in JOINED.items():
        if nodeid.startswith(start):
            return group
    module, _, name = nodeid.partition("::")
    if module in SPLIT and name.endswith("]") and "[" in name:
        return f"{module}[{name[name.index('[') + 1 : -1]}]"
    return module


def is_slow(item: pytest.Item) -> bool:
    return any(item.iter_markers("slow")) or any(item.iter_markers("browser"))


def longest_first(items: list[pytest.Item]) -> list[pytest.Item]:
    """``items`` with the groups in decreasing order of their estimated cost, the tests of
    each group in their order."""
    groups: dict[str, list[pytest.Item]] = defaultdict(list)
    for item in items:
        groups[group_of(item.nodeid)].append(item)
    split_count: dict[str, int] = defaultdict(int)
    for name in groups:
        split_count[name.partition("[")[0]] += 1

    def cost(name: str) -> float:
        module = name.partition("[")[0]
        if module in COST:
            return COST[module] / split_count[module]
        return sum(SLOW_SECONDS if is_slow(item) else FAST_SECONDS for item in groups[name])

    ordered = sorted(groups, key=cost, reverse=True)  # stable: equal costs keep their order
    return [item for name in ordered for item in groups[name]]


class LongestFirst(LoadFileScheduling):
    """pytest-xdist's ``loadfile``, with the groups of :func:`group_of`, handed out in the
    order the workers collected them (:func:`longest_first`)."""

    def __init__(self, config: pytest.Config, log=None) -> None:
        config.option.loadscopereorder = False  # xdist would sort the groups by size
        super().__init__(config, log)

    def _split_scope(self, nodeid: str) -> str:
        return group_of(nodeid)
