import logging
import warnings

import matplotlib.pyplot as plt

from autograder.student.plotting import cjk_font_files, use_course_style


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
