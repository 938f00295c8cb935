"""Bold and italic spans reach the site as emphasis, not as literal asterisks.

MyST parses the prose with markdown-it, which follows CommonMark's flanking rules: a closing
``**`` right after punctuation (``：``, ``。``, a code span's backtick) closes only when a space or
punctuation follows it, so ``**下一课：**第4课`` prints its asterisks. Chinese runs on without
spaces, so the punctuation belongs outside the bold: ``**下一课**：第4课``.
"""

from __future__ import annotations

import pytest
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from autograder.build.paths import CONTENT, lesson_name, lesson_sources
from autograder.build.source import for_language, read_source
from autograder.site.sphinx_conf import settings
from autograder.student.i18n import LANGUAGES

SOURCES = {lesson_name(path): path for path in lesson_sources(CONTENT)}


def site_parser():
    """markdown-it configured as the site's MyST is (its extensions from the Sphinx settings)."""
    extensions = set(settings("en")["myst_enable_extensions"])
    return create_md_parser(MdParserConfig(enable_extensions=extensions), RendererHTML)


def literal_asterisks(markdown: str, parser=None) -> list[str]:
    """The text runs of ``markdown`` that the parser left holding ``**``."""
    tokens = (parser or site_parser()).parse(markdown)
    found = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "text" and "**" in child.content:
                found.append(child.content)
    return found


def test_literal_asterisks_are_found():
    """A bold span closed after Chinese punctuation is caught; the same span fixed is not."""
    assert literal_asterisks("**下一课：**第4课") == ["**下一课：**第4课"]
    assert literal_asterisks("见**`Value`**类") == ["见**", "**类"]
    assert literal_asterisks("**下一课**：第4课") == []
    assert literal_asterisks("**Next:** lesson 4, **`Value`** class, $a^{**}$") == []


@pytest.mark.parametrize("lesson", SOURCES)
def test_bold_spans_render_in_both_languages(lesson):
    """Does every ``**`` of the lesson's prose, in both languages, open or close emphasis?"""
    source = read_source(SOURCES[lesson])
    parser = site_parser()
    found = [
        f"{lang}, cell {index}: {text}"
        for lang in LANGUAGES
        for index, cell in enumerate(for_language(source, lesson, lang).cells)
        if cell.cell_type == "markdown"
        for text in literal_asterisks(cell.source, parser)
    ]
    assert not found, "literal ** on the site:\n" + "\n".join(found)
