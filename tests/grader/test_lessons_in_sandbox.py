"""Every lesson graded the way `backprop autograde` grades it: in the sandbox, judged here."""

from __future__ import annotations

import nbformat
import pytest

from autograder import lessons
from autograder.build.paths import LESSONS, SOLUTIONS
from autograder.grader.bubblewrap import Sandbox
from autograder.grader.preprocessor import answers_of
from autograder.grader.verdicts import grade_answers
from autograder.grading import passes
from autograder.hidden import specs
from autograder.mistakes import mistakes_for
from tests.markers import needs_bubblewrap

pytestmark = [
    pytest.mark.slow,
    needs_bubblewrap,
]


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox() as box:
        yield box


def answers(folder, lesson: str, lang: str):
    return answers_of(nbformat.read(folder / lang / f"{lesson}.ipynb", as_version=4))


@pytest.mark.parametrize("lesson", list(lessons.MODULES))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_solution_passes_and_blank_scores_nothing(sandbox, lesson, lang):
    """Does the solution pass every item in the sandbox, and the untouched lesson none?"""
    solved = grade_answers(sandbox, lesson, lang, answers(SOLUTIONS, lesson, lang))
    assert {name: v.status for name, v in solved.items()} == dict.fromkeys(specs(lesson), "passed")
    blank = grade_answers(sandbox, lesson, lang, answers(LESSONS, lesson, lang))
    assert {v.reason for v in blank.values()} == {"grade.not_implemented"}


@pytest.mark.parametrize("lesson", list(lessons.MODULES))
def test_first_mistake_of_each_item_is_named_through_the_sandbox(sandbox, lesson):
    """Is a catalogued mistake still named when the submission runs in the sandbox?"""
    base = answers(SOLUTIONS, lesson, "zh")
    for name, spec in specs(lesson).items():
        # The first mistake of the item's answer cell that this item catches.
        mistake = next(m for m in mistakes_for(spec.answer_id) if not passes(spec, m.mutant))
        cells = [
            (gid, mistake.source_as(spec.python_name) if gid == spec.answer_id else source)
            for gid, source in base
        ]
        verdict = grade_answers(sandbox, lesson, "zh", cells)[name]
        assert verdict.reason == mistake.catalogue_key, verdict.message


def test_a_broken_layer_costs_only_its_own_points_in_the_sandbox(sandbox):
    """model_forward and model_backward call Linear.forward/backward and ReLU.forward/backward:
    in the sandbox those static methods answer from the reference's recorded calls, so a
    notebook whose ReLU lets every gradient through loses the ReLU's point, not the model's."""
    broken_relu = (
        "class ReLU:\n"
        "    @staticmethod\n"
        "    def forward(Z):\n"
        "        return np.abs(Z), Z\n"
        "    @staticmethod\n"
        "    def backward(dA, cache):\n"
        "        return dA\n"
    )
    cells = [
        (gid, broken_relu if gid == "relu_layer" else source)
        for gid, source in answers(SOLUTIONS, "04-mlp", "en")
    ]
    verdicts = grade_answers(sandbox, "04-mlp", "en", cells)
    assert verdicts["relu_layer"].status == "failed"
    assert verdicts["model_forward"].status == "passed"
    assert verdicts["model_backward"].status == "passed"
