import pytest

from autograder.student.i18n import LANGUAGES, catalogue, placeholders, set_language, t


def test_every_entry_has_both_languages_with_the_same_placeholders():
    """Does every catalogue text exist in English and Chinese, asking for the same fields?"""
    entries = catalogue()
    assert len(entries) > 50
    for key, texts in entries.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(texts[lang].strip() for lang in LANGUAGES), key
        assert placeholders(texts["en"]) == placeholders(texts["zh"]), key


def test_no_text_is_left_to_do():
    """The catalogue entries that `backprop new-lesson` writes fail here until written (the
    command line's own texts speak of TODO markers)."""
    entries = [(key, texts) for key, texts in catalogue().items() if not key.startswith("cli.")]
    left = [key for key, texts in entries if any("TODO" in text for text in texts.values())]
    assert not left, f"catalogue texts still to write: {', '.join(left)}"


def test_chinese_entries_are_written_in_chinese():
    """Is every Chinese text more than a copy of the English one?"""
    for key, texts in catalogue().items():
        if key.startswith("label.") and texts["en"] == texts["zh"]:
            continue
        chinese = any(
            "\u4e00" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in texts["zh"]
        )
        assert chinese, key


def test_language_switch_changes_the_text():
    """Does set_language pick the text, and can a call ask for a language explicitly?"""
    set_language("zh")
    assert t("label.loss") == "损失"
    assert t("label.loss", lang="en") == "loss"
    set_language("en")
    assert (
        t("grade.not_implemented", name="f")
        == "f is not implemented (it raises NotImplementedError)."
    )


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="language must be one of"):
        set_language("fr")
