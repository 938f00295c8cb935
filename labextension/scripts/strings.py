"""Write the extension's texts (the catalogue's ``lab.*`` entries) to ``src/strings.json``.

The catalogue (``autograder/student/catalogue/common.toml``) stays the one source of truth: the
extension imports the generated JSON, and ``--check`` fails when it differs from the catalogue
(tests/web/test_lab_extension.py runs it, as ``autograder check-drift`` does for notebooks).
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
CATALOGUE = HERE.parent / "autograder" / "student" / "catalogue" / "common.toml"
STRINGS = HERE / "src" / "strings.json"
LANGUAGES = ("en", "zh")
PREFIX = "lab"


def lab_entries(catalogue: Path = CATALOGUE) -> dict[str, dict[str, str]]:
    """The catalogue's ``lab.*`` entries as ``{lang: {key: text}}``, keys without ``lab.``."""
    table = tomllib.loads(catalogue.read_text("utf-8"))[PREFIX]
    texts: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}

    def walk(node: dict, prefix: str) -> None:
        if set(node) & set(LANGUAGES):
            for lang in LANGUAGES:
                texts[lang][prefix] = node[lang]
            return
        for key, value in node.items():
            walk(value, f"{prefix}.{key}" if prefix else key)

    walk(table, "")
    return texts


def render(catalogue: Path = CATALOGUE) -> str:
    """The text of ``src/strings.json`` for the catalogue as it is now."""
    return json.dumps(lab_entries(catalogue), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    expected = render()
    if "--check" in argv:
        current = STRINGS.read_text("utf-8") if STRINGS.exists() else ""
        if current != expected:
            print(
                f"{STRINGS.relative_to(HERE.parent)} differs from the catalogue's [lab] entries; "
                "run: python labextension/scripts/strings.py",
                file=sys.stderr,
            )
            return 1
        return 0
    STRINGS.write_text(expected, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
