"""Formulas typeset once, on the grader's machine, into the feedback page itself: each
``$…$`` and ``$$…$$`` of a notebook's markdown becomes an inline SVG made by MathJax (the
copy the ``django-static-mathjax`` package installs, run by Node.js), so the page needs no
script and no network to show its formulas. A formula is typeset once per process: every
feedback page of a lesson shows the same prose."""

from __future__ import annotations

import json
import shutil
import subprocess
from html import escape
from importlib.util import find_spec
from pathlib import Path

NODE_SECONDS = 120.0  # one call typesets every formula of a notebook
# Reads [[tex, display], …] on stdin, writes a JSON list: each formula's typeset container, or
# null where it fails. A student writes some of these formulas, and each one's picture is
# kept for every later page the process makes, so no formula may change how another is
# drawn or reach outside its own picture: the TeX input has no macro definitions
# (newcommand: \gdef would redefine \sigma on every page after), no loading of extensions
# (require, autoload) and no links, classes or styles (html); and each formula starts from
# a reset state (labels, equation numbers).
TYPESET = """
const [folder] = process.argv.slice(1);
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  require(folder + "/node-main.js").init({
    loader: { load: ["input/tex-base", "[tex]/ams", "[tex]/noundefined", "output/svg"] },
    tex: { packages: ["base", "ams", "noundefined"] },
    svg: { fontCache: "none" },
  }).then((MathJax) => {
    const adaptor = MathJax.startup.adaptor;
    const out = JSON.parse(input).map(([tex, display]) => {
      try {
        MathJax.texReset();
        return adaptor.outerHTML(MathJax.tex2svg(tex, { display }));
      } catch (error) {
        return null;
      }
    });
    process.stdout.write(JSON.stringify(out));
  }).catch((error) => { console.error(error); process.exit(1); });
});
"""

Formula = tuple[str, bool]  # TeX source, displayed (``$$``) or inline (``$``)
_TYPESET: dict[Formula, str] = {}
# Bounds on what a notebook can make a worker typeset and keep. The course's formulas: 708
# in all, the longest 262 characters, a notebook's at most about 150. Beyond the bounds a
# formula stays TeX, and a full store starts again empty (it only costs typesetting again).
LONGEST = 2_000
PER_NOTEBOOK = 1_000
KEPT = 4_000


def mathjax_folder() -> Path:
    """MathJax 3's distribution as installed by the ``django-static-mathjax`` package
    (plain static files: no Django needed)."""
    spec = find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("MathJax is missing: pip install -r requirements.txt")
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5"


def typeset(formulas: list[Formula]) -> None:
    """Typeset those of ``formulas`` not typeset yet in this process, in one Node.js call.
    Without Node.js, or if MathJax fails, they stay TeX (:func:`html` shows the source)."""
    todo = list(dict.fromkeys(f for f in formulas if f not in _TYPESET and len(f[0]) <= LONGEST))
    todo = todo[:PER_NOTEBOOK]
    node = shutil.which("node")
    if not todo or node is None:
        return
    try:
        done = subprocess.run(
            [node, "-e", TYPESET, str(mathjax_folder())],
            input=json.dumps(todo),
            capture_output=True,
            text=True,
            timeout=NODE_SECONDS,
            check=True,
        )
        svgs = json.loads(done.stdout)
    except (OSError, RuntimeError, ValueError, subprocess.SubprocessError):
        return
    if isinstance(svgs, list) and len(svgs) == len(todo):
        if len(_TYPESET) + len(todo) > KEPT:
            _TYPESET.clear()
        _TYPESET.update((f, svg) for f, svg in zip(todo, svgs, strict=True) if isinstance(svg, str))


def html(tex: str, display: bool) -> str:
    """``tex`` as typeset (the source, labelled, for a screen reader), or its TeX source
    between its delimiters if it could not be typeset."""
    svg = _TYPESET.get((tex, display))
    if svg is None:
        return escape(f"$${tex}$$" if display else f"${tex}$", quote=False)
    return svg.replace('role="img"', f'role="img" aria-label="{escape(tex)}"', 1)
