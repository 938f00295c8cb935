"""The one list of the course's lessons, in course order, and the module name each uses
across the package: a lesson ``NN-topic`` has ``content/NN-topic.md`` and
``autograder/{reference,mistakes,hidden,student/checks}/<module>.py`` (tests/test_lessons.py
checks both)."""

from __future__ import annotations

import importlib
from types import ModuleType

MODULES = {
    "01-gradient-descent": "gradient_descent",
    "02-chain-rule": "chain_rule",
    "03-backprop": "backprop",
    "04-mlp": "mlp",
    "05-pytorch": "pytorch",
    "06-optimizers": "optimizers",
    "07-gradient-flow": "gradient_flow",
    "08-generalization": "generalization",
}


def module(part: str, lesson: str) -> ModuleType:
    """``autograder.<part>.<lesson module>``, e.g. ``module("hidden", "01-gradient-descent")``."""
    return importlib.import_module(f"autograder.{part}.{MODULES[lesson]}")
