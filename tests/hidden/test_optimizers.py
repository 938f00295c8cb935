"""Hidden tests of lesson 06: the torch-backed references, and submissions that misbehave."""

import numpy as np
import pytest

from autograder.grading import GradingFailure, check, passes
from autograder.hidden.optimizers import SPECS
from autograder.reference import optimizers as ref


@pytest.mark.parametrize("name", SPECS)
def test_numpy_reference_agrees_with_the_torch_reference(name):
    """Does the readable NumPy reference pass the hidden tests run against torch.optim?"""
    assert passes(SPECS[name], getattr(ref, SPECS[name].python_name))


OPTIMIZERS = [name for name, spec in SPECS.items() if spec.defines]


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_a_learning_rate_changed_between_steps_must_take_effect(name):
    """Does an optimizer that ignores `optimizer.lr = …` after construction fail?"""

    class Frozen(getattr(ref, SPECS[name].python_name)):
        def __setattr__(self, key, value):
            if key != "lr" or "lr" not in self.__dict__:
                super().__setattr__(key, value)

    with pytest.raises(GradingFailure):
        check(name, Frozen)


def test_constructor_defaults_are_graded():
    """Is a wrong default (ε = 1e-6 instead of 1e-8) caught, though every other case sets ε?"""

    class Adam(ref.Adam):
        def __init__(self, lr, betas=(0.9, 0.999), eps=1e-6):
            super().__init__(lr, betas, eps)

    with pytest.raises(GradingFailure):
        check("adam", Adam)


def test_parameters_that_change_shape_stop_the_run_early():
    """Does a step that returns broadcast (growing) arrays fail fast instead of eating memory?"""

    class Growing:
        def __init__(self, lr, momentum=0.9):
            self.lr = lr

        def step(self, params, grads):
            return [p - self.lr * np.add.outer(g, g) for p, g in zip(params, grads, strict=True)]

    with pytest.raises(GradingFailure, match="ValueError"):
        check("sgd_momentum", Growing)


def test_state_shared_between_optimizers_is_not_a_problem_of_the_grader():
    """Does each case use a fresh optimizer, so one run's state never leaks into the next?"""
    made = []

    class Counting(ref.SGDMomentum):
        def __init__(self, lr, momentum=0.9):
            super().__init__(lr, momentum)
            made.append(self)

    check("sgd_momentum", Counting)
    assert len(made) >= len(SPECS["sgd_momentum"].cases())


def test_schedule_returning_an_array_is_unreadable():
    with pytest.raises(GradingFailure):
        check("step_decay", lambda lr0, gamma, step_size, t: np.array([lr0, lr0]))
