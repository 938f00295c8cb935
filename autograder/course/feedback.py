"""nbgrader's feedback page in the language of the notebook it shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from autograder.student.i18n import LANGUAGES, t

TEMPLATES = Path(__file__).resolve().parent / "templates"


def tr(key: str, nb: Any) -> str:
    """Jinja filter: catalogue text ``feedback.<key>`` in the notebook's language."""
    lang = (nb.get("metadata", {}).get("backprop", {}) or {}).get("lang", "en")
    return t(f"feedback.{key}", lang=lang if lang in LANGUAGES else "en")
