"""Matplotlib set-up that renders Chinese labels on a machine with no CJK font installed."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

CJK_FAMILY = "Noto Sans CJK SC"
# Noto Sans CJK SC (SIL Open Font License) ships inside the mpl-font package.
_CJK_FILES = ("NotoSansCJKsc-Regular.otf", "NotoSansCJKsc-Bold.otf")


def cjk_font_files() -> list[Path]:
    """Paths of the bundled CJK font files; an error says how to install them if missing."""
    spec = find_spec("mpl_font")
    if spec is None or spec.origin is None:
        raise RuntimeError("The CJK font package is missing: pip install -r requirements.txt")
    folder = Path(spec.origin).parent / "fonts" / "noto"
    return [folder / name for name in _CJK_FILES]


def use_course_style() -> None:
    """Register the CJK font and set readable defaults for every figure of the course.

    Latin text and mathtext keep DejaVu Sans; matplotlib falls back to the CJK font
    glyph by glyph, so one setting serves both languages.
    """
    known = {Path(f.fname) for f in font_manager.fontManager.ttflist}
    for path in cjk_font_files():
        if path not in known:
            font_manager.fontManager.addfont(str(path))
    mpl.rcParams.update(
        {
            # An explicit list (not the generic "sans-serif") enables per-glyph fallback.
            "font.family": ["DejaVu Sans", CJK_FAMILY],
            "figure.figsize": (6.4, 4.0),
            "figure.dpi": 100,
            "axes.grid": True,
            "grid.alpha": 0.3,
        }
    )
