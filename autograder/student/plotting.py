"""Matplotlib set-up that renders Chinese labels on a machine with no CJK font installed, and
animations that play offline."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from importlib.util import find_spec
from io import BytesIO
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.animation import HTMLWriter
from matplotlib.figure import Figure
from PIL import Image

if TYPE_CHECKING:
    from IPython.display import HTML

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


# Font Awesome classes of matplotlib's player buttons -> glyphs that common fonts hold, so that
# the player needs no icon font from the network.
_BUTTON_GLYPHS = {
    "fa fa-minus": "−",
    "fa fa-fast-backward": "|◀◀",
    "fa fa-step-backward": "|◀",
    "fa fa-play fa-flip-horizontal": "◀",
    "fa fa-pause": "❚❚",
    "fa fa-play": "▶",
    "fa fa-step-forward": "▶|",
    "fa fa-fast-forward": "▶▶|",
    "fa fa-plus": "+",
}
# The player's English words -> catalogue keys.
_PLAYER_WORDS = {
    "Decrease speed": "label.animation.slower",
    "First frame": "label.animation.first",
    "Previous frame": "label.animation.previous",
    "Play backwards": "label.animation.backwards",
    "Pause": "label.animation.pause",
    "Play": "label.animation.play",
    "Next frame": "label.animation.next",
    "Last frame": "label.animation.last",
    "Increase speed": "label.animation.faster",
    "Repetition mode": "label.animation.mode",
}
_MODE_WORDS = {
    "Once": "label.animation.once",
    "Loop": "label.animation.loop",
    "Reflect": "label.animation.reflect",
}
# Colours kept per frame: the figures are line drawings, and a palette PNG is about four times
# smaller than matplotlib's RGBA one. The octree method keeps small areas of a rare colour (a
# thin line in a legend) that median cut merges into their neighbours.
PALETTE_COLOURS = 128
_EMBEDDED_PNG = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=\\\n]+)")
# The embedded frames of one animation may not exceed this many MB (matplotlib drops the
# rest with a warning, which the notebook tests catch on stderr).
EMBED_LIMIT_MB = 10.0


def _palette_png(match: re.Match[str]) -> str:
    """One embedded frame re-encoded as a palette PNG."""
    data = base64.b64decode(match.group(1).replace("\\", "").replace("\n", ""))
    image = Image.open(BytesIO(data)).convert("RGB")
    buffer = BytesIO()
    image.quantize(
        PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    ).save(buffer, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def offline_player(html: str, lang: str | None = None) -> str:
    """matplotlib's JavaScript player without its icon font from the network, its words in
    the notebook's language."""
    from autograder.student.i18n import t

    html = re.sub(r"<link[^>]*font-awesome[^>]*>", "", html)
    html = _EMBEDDED_PNG.sub(_palette_png, html)
    for css, glyph in _BUTTON_GLYPHS.items():
        html = html.replace(f'<i class="{css}"></i>', glyph)
    for word, key in _PLAYER_WORDS.items():
        text = t(key, lang)
        html = html.replace(
            f'title="{word}" aria-label="{word}"', f'title="{text}" aria-label="{text}"'
        )
    for word, key in _MODE_WORDS.items():
        html = html.replace(f">{word}</label>", f">{t(key, lang)}</label>")
    return html


def animate(
    fig: Figure,
    update: Callable[[int], object],
    frames: int,
    *,
    interval: int = 120,
    dpi: int = 72,
    mode: str = "once",
) -> HTML:
    """A self-contained animation of ``fig`` to show in a notebook or on the course site.

    ``update(i)`` changes the figure for frame ``i`` of ``frames``. The frames are PNG images
    embedded in the HTML with matplotlib's JavaScript player (`HTMLWriter`, what
    `FuncAnimation.to_jshtml` uses): it plays offline, with no widget server. The figure is
    closed, so that it is not shown a second time as a still.
    """
    from IPython.display import HTML

    # HTMLWriter directly rather than FuncAnimation.save, which draws every frame three times.
    writer = HTMLWriter(
        fps=1000 / interval,  # type: ignore[arg-type]  # a float rate works
        embed_frames=True,
        default_mode=mode,
        embed_limit=EMBED_LIMIT_MB,
    )
    if fig.get_layout_engine() is not None:
        # Lay the figure out once and keep that layout: a layout engine would make savefig
        # draw every frame twice.
        fig.canvas.draw()
        fig.set_layout_engine(None)
    with TemporaryDirectory() as folder:
        target = Path(folder) / "animation.html"
        with mpl.rc_context({"savefig.bbox": None}), writer.saving(fig, target, dpi):
            for frame in range(frames):
                update(frame)
                writer.grab_frame()
        html = target.read_text("utf-8")
    plt.close(fig)
    return HTML(offline_player(html))
