"""Sphinx settings of one language's site (each ``conf.py`` the build writes calls
:func:`settings`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from autograder.student.i18n import t

HERE = Path(__file__).parent
SPHINX_LANGUAGE = {"en": "en", "zh": "zh_CN"}
# MathJax and the CJK font are shared by both languages, in <site>/_assets; a relative
# mathjax_path is resolved against <site>/<lang>/_static.
MATHJAX_PATH = "../../_assets/mathjax/tex-svg.js"


def settings(lang: str, search_dict: str | None = None) -> dict[str, Any]:
    """The ``conf.py`` values for the site in ``lang``."""
    conf: dict[str, Any] = {
        "project": t("site.title", lang),
        "html_title": t("site.title", lang),
        "language": SPHINX_LANGUAGE[lang],
        "backprop_lang": lang,
        "extensions": ["myst_nb", "autograder.site.sphinx_ext"],
        "exclude_patterns": ["_build", "**.ipynb_checkpoints"],
        "myst_enable_extensions": ["dollarmath", "amsmath"],
        # Notebooks arrive executed (autograder.site.executions); Sphinx never runs them.
        "nb_execution_mode": "off",
        "nb_merge_streams": True,
        # Progress bars are widgets in a notebook; their scripts would come from a CDN.
        "nb_ipywidgets_js": {},
        "html_theme": "sphinx_book_theme",
        "html_theme_options": {
            "use_download_button": False,
            "home_page_in_toc": True,
            "show_toc_level": 2,
            "navigation_with_keys": False,
        },
        "html_sidebars": {
            "**": [
                "navbar-logo.html",
                "lang-switch.html",
                "sbt-sidebar-nav.html",
            ]
        },
        "templates_path": [str(HERE / "templates")],
        "html_static_path": [str(HERE / "static")],
        "html_css_files": ["site.css"],
        "html_show_sourcelink": False,
        "html_copy_source": False,
        "mathjax_path": MATHJAX_PATH,
        "mathjax3_config": {"svg": {"fontCache": "global"}},
        "suppress_warnings": ["mystnb.unknown_mime_type"],
    }
    if lang == "zh":
        conf["html_search_language"] = "zh"
        if search_dict:
            conf["html_search_options"] = {"dict": search_dict}
    return conf
