import base64
import logging
import re
import warnings
from io import BytesIO

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb
from PIL import Image

from autograder.student.i18n import LANGUAGES, set_language, t
from autograder.student.plotting import animate, cjk_font_files, use_course_style


def test_bundled_cjk_font_exists():
    """Is the OFL Noto Sans CJK SC font installed by the project's own dependencies?"""
    assert all(path.is_file() for path in cjk_font_files())


def test_chinese_labels_render_without_missing_glyphs(tmp_path, caplog):
    """Does a figure with Chinese title, labels and legend draw every glyph?"""
    use_course_style()
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [3, 1, 2], label="学习率η = 0.3（合适）")
    ax.set(title="病态二次函数上的梯度下降：损失 −1", xlabel="迭代步数", ylabel="均方误差")
    ax.legend()
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        fig.savefig(tmp_path / "zh.png")
    plt.close(fig)
    messages = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    assert not [m for m in messages if "glyph" in m.lower()], messages
    assert (tmp_path / "zh.png").stat().st_size > 5000


def test_missing_glyphs_are_detected_without_the_cjk_font(tmp_path):
    """Would the test above notice a font without Chinese glyphs? (DejaVu Sans alone)"""
    use_course_style()
    with plt.rc_context({"font.family": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title("梯度下降")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(tmp_path / "tofu.png")
        plt.close(fig)
    assert any("glyph" in str(w.message).lower() for w in caught)


def _frames(html: str) -> list[Image.Image]:
    data = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", html)
    return [Image.open(BytesIO(base64.b64decode(frame))) for frame in data]


def _moving_dot(frames: int = 6):
    use_course_style()
    fig, ax = plt.subplots(figsize=(3, 2))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"][:6]
    lines = [ax.plot([], [], lw=2, color=c, label=str(i))[0] for i, c in enumerate(colours)]
    ax.set(xlim=(0, frames), ylim=(0, 7))
    ax.legend(fontsize=6)

    def update(k):
        for i, line in enumerate(lines):
            line.set_data([0, k + 1], [i + 0.5, i + 1])
        ax.set_title(t("label.step"))

    return fig, update, colours


def test_animation_plays_offline_with_every_frame(tmp_path):
    """Does animate embed one distinct PNG per frame, need nothing from the network, and
    close its figure?"""
    fig, update, _ = _moving_dot()
    html = animate(fig, update, 6).data
    frames = _frames(html)
    assert len(frames) == 6
    assert len({frame.tobytes() for frame in frames}) == 6  # every frame differs
    assert re.findall(r"(?:src|href)=\"?https?:", html) == []
    assert "font-awesome" not in html and 'class="fa ' not in html
    assert "new Animation(" in html
    assert not plt.fignum_exists(fig.number)


def test_animation_frames_keep_every_line_colour():
    """Do the palette frames keep the six colours of the lines and legend (no merged colours)?"""
    fig, update, colours = _moving_dot()
    last = _frames(animate(fig, update, 6).data)[-1].convert("RGB")
    pixels = np.asarray(last).reshape(-1, 3).astype(int)
    for colour in colours:
        target = np.array([round(255 * c) for c in to_rgb(colour)])
        assert np.abs(pixels - target).sum(axis=1).min() <= 6, colour


def test_palette_frames_are_smaller_than_matplotlibs():
    """Is the re-encoded frame smaller than the PNG matplotlib wrote?"""
    fig, update, _ = _moving_dot()
    update(5)
    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=72)
    plain = len(buffer.getvalue())
    last = _frames(animate(fig, update, 6).data)[-1]
    compact = BytesIO()
    last.save(compact, "PNG")
    assert last.mode == "P"
    assert len(compact.getvalue()) < plain


@pytest.mark.parametrize("lang", LANGUAGES)
def test_player_speaks_the_notebook_language(lang):
    """Are the player's buttons and repetition modes labelled from the catalogue?"""
    set_language(lang)
    try:
        fig, update, _ = _moving_dot(2)
        html = animate(fig, update, 2).data
    finally:
        set_language("en")
    for key in ("play", "pause", "once", "loop", "reflect", "first", "last"):
        assert t(f"label.animation.{key}", lang) in html
    assert ('aria-label="Play"' in html) == (lang == "en")
    assert (">Loop</label>" in html) == (lang == "en")
