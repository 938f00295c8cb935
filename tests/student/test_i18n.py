from pathlib import Path

import pytest

import autograder
from autograder import lessons
from autograder.student import i18n
from autograder.student.i18n import (
    LANGUAGES,
    catalogue,
    catalogue_files,
    entries,
    placeholders,
    set_language,
    t,
)

STUDENT = Path(i18n.__file__).parent / i18n.STUDENT_CATALOGUE
GRADER = Path(autograder.__file__).parent / i18n.GRADER_CATALOGUE
# What only the grading side reads: never in the student bundle.
GRADER_ONLY = ("grade.", "mistake.", "feedback.", "report.")


def test_every_entry_has_both_languages_with_the_same_placeholders():
    """Does every catalogue text exist in English and Chinese, asking for the same fields?"""
    entries = catalogue()
    assert len(entries) > 50
    for key, texts in entries.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(texts[lang].strip() for lang in LANGUAGES), key
        assert placeholders(texts["en"]) == placeholders(texts["zh"]), key


def texts_of(path: Path) -> dict[str, dict[str, str]]:
    return entries(path.read_text(encoding="utf-8"))


def lesson_files(lesson: str) -> list[Path]:
    """A lesson's own catalogue files: what learners read, and its mistakes (grader-only)."""
    module = lessons.MODULES[lesson]
    return [STUDENT / f"{module}.toml", GRADER / f"{module}.toml"]


@pytest.mark.parametrize("lesson", list(lessons.MODULES))
def test_no_text_of_a_lesson_is_left_to_do(lesson):
    """The catalogue files that `backprop new-lesson` writes fail here until written."""
    left = [
        f"{path.name}: {key}"
        for path in lesson_files(lesson)
        if path.is_file()
        for key, texts in texts_of(path).items()
        if any("TODO" in text for text in texts.values())
    ]
    assert not left, f"catalogue texts of {lesson} still to write: {', '.join(left)}"


def test_no_common_text_is_left_to_do():
    for path in (STUDENT / "common.toml", GRADER / "common.toml"):
        assert not [key for key, texts in texts_of(path).items() if "TODO" in str(texts)], path


def test_the_catalogue_is_its_files_and_no_key_is_in_two():
    """A key given in two files would silently take the later text."""
    where: dict[str, str] = {}
    for path in catalogue_files():
        for key in entries(path.read_text("utf-8")):
            assert key not in where, f"{key} is in {where[key]} and in {path.name}"
            where[key] = path.name
    assert set(where) == set(catalogue())


def test_a_file_per_lesson_and_grader_only_texts_on_the_grader_side():
    """Student side: the common texts and one file per lesson; grader side, beside the
    package (not in the student bundle): mistakes, grading messages, feedback, class report."""
    allowed = {"common", *lessons.MODULES.values()}
    for folder in (STUDENT, GRADER):
        assert {path.stem for path in folder.glob("*.toml")} <= allowed, folder
    for path in STUDENT.glob("*.toml"):
        assert not [key for key in texts_of(path) if key.startswith(GRADER_ONLY)], path.name
    for path in GRADER.glob("*.toml"):
        assert all(key.startswith(GRADER_ONLY) for key in texts_of(path)), path.name
    assert {"grade.passed", "mistake.common.modifies_input.name"} <= set(
        texts_of(GRADER / "common.toml")
    )


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
