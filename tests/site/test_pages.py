"""The site's pages: folded answers, no grader-only code, glossary and language switch."""

import nbformat
import pytest

from autograder.build.paths import CONTENT, ROOT
from autograder.build.source import for_language, read_source
from autograder.site.pages import for_site, glossary_page, glossary_terms, index_page
from autograder.site.sphinx_ext import add_language_switch
from autograder.student.i18n import LANGUAGES, t

LESSON = "01-gradient-descent"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_answers_are_folded_and_grader_code_left_out(lang):
    nb = for_language(read_source(CONTENT / f"{LESSON}.md"), LESSON, lang)
    page = for_site(nb, lang)
    for before, after in zip(nb.cells, page.cells, strict=True):
        grading = before.metadata.get("nbgrader", {})
        tags = after.metadata.get("tags", [])
        assert ("hide-input" in tags) == bool(grading.get("solution"))
        assert ("remove-cell" in tags) == (grading.get("grade_id") == "setup")
        assert "HIDDEN TESTS" not in after.source
        assert "### BEGIN SOLUTION" not in after.source
        if grading.get("solution"):
            assert after.metadata["mystnb"]["code_prompt_show"] == t("site.solution_show", lang)
            assert "def " in after.source
        if grading.get("grade"):
            assert "checks.check_" in after.source
    assert nb.cells[0].metadata.get("tags") is None  # the notebook itself is left alone
    nbformat.validate(page)


def test_glossary_has_every_term_in_both_languages():
    terms = glossary_terms(ROOT / "TERMINOLOGY.md")
    assert ("gradient descent", "梯度下降") in terms
    assert len(terms) > 40
    assert all(en and zh and "---" not in en for en, zh in terms)
    zh_page = glossary_page("zh", terms)
    assert "| 梯度下降 | gradient descent |" in zh_page
    assert "| gradient descent | 梯度下降 |" in glossary_page("en", terms)


def test_index_lists_every_lesson_then_the_glossary():
    page = index_page("zh", ["01-a", "02-b"])
    assert page.startswith(f"# {t('site.title', 'zh')}")
    assert "01-a\n02-b\nglossary\n```" in page


@pytest.mark.parametrize(
    ("lang", "pagename", "href"),
    [
        ("en", "01-gradient-descent", "../zh/01-gradient-descent.html"),
        ("zh", "search", "../en/search.html"),
        ("zh", "sub/page", "../../en/sub/page.html"),
    ],
)
def test_language_switch_points_at_the_same_page(lang, pagename, href):
    class App:
        class config:
            backprop_lang = lang

    context = {}
    add_language_switch(App, pagename, "page.html", context, None)
    [link] = context["backprop_languages"]
    assert link["href"] == href
    assert link["name"] == t("site.language_name", link["code"])
