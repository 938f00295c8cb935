"""Public checks: they accept the reference, reject what is wrong with a helpful message in the
lesson's language, and know no answer."""

import numpy as np
import pytest

from autograder.student.checks import gradient_descent as checks
from autograder.student.checks.common import CheckFailed
from autograder.student.i18n import set_language


def test_wrong_shapes_are_reported_by_name():
    """Is a gradient of the wrong shape reported as such, in Chinese for a Chinese lesson?"""
    set_language("zh")
    with pytest.raises(CheckFailed, match="grad_w的形状应为"):
        checks.check_mse_gradient(lambda X, y, w, b: (np.zeros(len(w) + 1), 0.0))


def test_input_changed_in_place_is_reported():
    def in_place(grad_fn, w0, lr, n_steps):
        path = [w0.copy()]
        for _ in range(n_steps):
            w0 -= lr * grad_fn(w0)
            path.append(w0.copy())
        return np.array(path)

    with pytest.raises(CheckFailed, match="in place"):
        checks.check_gradient_descent(in_place)
