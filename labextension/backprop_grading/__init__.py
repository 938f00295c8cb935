"""The course's JupyterLab extension (the student's grading workflow), prebuilt.

Installing this package copies the built extension into ``share/jupyter/labextensions``;
no Node is needed on the student's machine. The TypeScript source is next to it, in
``labextension/src``; ``labextension/scripts/build`` rebuilds it.
"""

from __future__ import annotations

NAME = "backprop-grading"


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Where JupyterLab finds the built extension when this package is on the path."""
    return [{"src": "labextension", "dest": NAME}]
