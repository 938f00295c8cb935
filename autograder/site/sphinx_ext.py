"""Sphinx extension of the course site: the language switch and a Chinese search that
knows the course's terms."""

from __future__ import annotations

import logging
from typing import Any

from sphinx.application import Sphinx
from sphinx.search.zh import SearchChinese

from autograder.student.i18n import LANGUAGES, t

# Sphinx's query splitter keeps a run of Chinese characters as one word, so a query that is not
# exactly one indexed word finds nothing. This one cuts such runs into the longest words the
# index holds (forward maximum matching), dropping single characters the index never keeps.
SPLIT_QUERY_JS = r"""
function splitQuery(query) {
  const index = (typeof Search !== "undefined" && Search._index) || {};
  const known = (w) => (index.terms && w in index.terms) ||
    (index.titleterms && w in index.titleterms);
  const words = [];
  const chunks = query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu);
  for (const chunk of chunks.filter((c) => c)) {
    for (const run of chunk.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu)) {
      if (!/\p{Script=Han}/u.test(run) || known(run)) {
        words.push(run);
        continue;
      }
      let i = 0;
      while (i < run.length) {
        let j = run.length;
        while (j > i + 1 && !known(run.slice(i, j))) j--;
        if (j > i + 1) words.push(run.slice(i, j));
        i = j;
      }
    }
  }
  return words;
}
"""


class CourseChinese(SearchChinese):
    """Chinese search: jieba with the course glossary as its user dictionary (the ``dict``
    search option), and a query splitter that segments Chinese queries against the index."""

    js_splitter_code = SPLIT_QUERY_JS
    # Sphinx 9.0 writes `window.Stemmer = <language_name>Stemmer` after the English stemmer's
    # code (Chinese has no stemmer of its own; Latin words are stemmed as English), so the name
    # must be the English one or the search page stops with "ChineseStemmer is not defined".
    language_name = "English"


def add_language_switch(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give every page a link to the same page in the other language."""
    lang = app.config.backprop_lang
    others = [other for other in LANGUAGES if other != lang]
    up = "../" * (pagename.count("/") + 1)
    context["backprop_languages"] = [
        {
            "href": f"{up}{other}/{pagename}.html",
            "name": t("site.language_name", other),
            "code": other,
        }
        for other in others
    ]
    context["backprop_switch_label"] = t("site.switch_label", lang)


def setup(app: Sphinx) -> dict[str, Any]:
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it reports building its dictionary on every run
    app.add_config_value("backprop_lang", "en", "html")
    app.add_search_language(CourseChinese)
    app.connect("html-page-context", add_language_switch)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
