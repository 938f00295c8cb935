"""nbgrader's feedback page in the language of the notebook it shows, its formulas typeset
into the page (no script, no network), made by an exporter that keeps its compiled
templates between pages."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import jinja2
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.exporters.html import Highlight2HTML, WidgetsDataTypeFilter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

from autograder.course import math
from autograder.student.i18n import LANGUAGES, t

TEMPLATES = Path(__file__).resolve().parent / "templates"


def tr(key: str, nb: Any) -> str:
    """Jinja filter: catalogue text ``feedback.<key>`` in the notebook's language."""
    lang = (nb.get("metadata", {}).get("backprop", {}) or {}).get("lang", "en")
    return t(f"feedback.{key}", lang=lang if lang in LANGUAGES else "en")


class _TypesetMath(IPythonRenderer):
    """nbconvert's markdown renderer with each formula typeset by :mod:`~autograder.course.math`
    (or, with ``found``, only collected there)."""

    def __init__(self, *args: Any, found: list[math.Formula] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.found = found

    def _formula(self, tex: str, display: bool) -> str:
        if self.found is not None:
            self.found.append((tex, display))
            return ""
        return math.html(tex, display)

    def block_math(self, body: str) -> str:
        return self._formula(body, True)

    def inline_math(self, body: str) -> str:
        return self._formula(body, False)

    def latex_environment(self, name: str, body: str) -> str:
        return self._formula(f"\\begin{{{name}}}{body}\\end{{{name}}}", True)


def formulas_of(sources: list[str]) -> list[math.Formula]:
    """Every formula in the markdown ``sources``, as nbconvert's markdown parser finds them."""
    found: list[math.Formula] = []
    for source in sources:
        MarkdownWithMath(renderer=_TypesetMath(escape=False, found=found)).render(source)
    return found


class _MemoryBytecode(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, checked against their source."""

    def __init__(self) -> None:
        self.stored: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.stored:
            bucket.bytecode_from_string(self.stored[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.stored[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _MemoryBytecode()


class FeedbackExporter(HTMLExporter):
    """nbgrader's HTML exporter for the feedback page (``GenerateFeedback.exporter_class``):
    formulas typeset into the page; the compiled templates shared by every page a process
    makes (nbgrader makes a new exporter for each); BeautifulSoup's pass, which only adds
    alt texts to images and tab stops to JupyterLab's cells, skipped when the page has
    neither."""

    def _create_environment(self) -> jinja2.Environment:
        environment = super()._create_environment()
        environment.bytecode_cache = _BYTECODE
        return environment

    @jinja2.pass_context
    def markdown2html(self, context: jinja2.runtime.Context, source: str) -> str:
        """nbconvert's markdown filter, with the formulas typeset (all of the notebook's at
        the first call: one Node.js call per notebook at most)."""
        nb = context.get("nb")
        if nb is not None and getattr(self, "_typeset_for", None) is not nb:
            self._typeset_for = nb
            cells = [c.source for c in nb.cells if c.cell_type == "markdown"]
            math.typeset(formulas_of(cells))
        cell = context.get("cell", {})
        renderer = _TypesetMath(
            escape=False,
            attachments=cell.get("attachments", {}),
            embed_images=self.embed_images,
            path=context.get("resources", {}).get("metadata", {}).get("path", ""),
            anchor_link_text=self.anchor_link_text,
            exclude_anchor_links=self.exclude_anchor_links,
            **self.lexer_options,
        )
        return MarkdownWithMath(renderer=renderer).render(source)

    def from_notebook_node(self, nb: Any, resources: dict | None = None, **kw: Any) -> Any:
        """HTMLExporter's page; its BeautifulSoup pass only where it changes something."""
        html, resources = _template_only(self, nb, resources, **kw)
        if not _IMAGE_OR_LAB.search(html):
            return html, resources
        soup = BeautifulSoup(html, features="html.parser")  # as HTMLExporter does
        for elem in soup.select("img:not([alt])"):
            elem.attrs["alt"] = "No description has been provided for this image"
        for elem in soup.select(".jp-Notebook div.jp-Cell-inputWrapper"):
            elem.attrs["tabindex"] = "0"
        for elem in soup.select(".jp-Notebook div.jp-OutputArea-output"):
            elem.attrs["tabindex"] = "0"
        return str(soup), resources


# The longest code cell a lesson gives is under 4,000 characters. A student's own cells are
# kept too when short, never when long: a worker lives for many submissions, and a student
# who submits again and again with large cells must not fill its memory.
KEPT_SOURCE_CHARS = 8_000


class _KeptHighlight(Highlight2HTML):
    """nbconvert's code highlighting, each short cell's HTML kept: every page of a lesson
    shows the same given cells, and highlighting them was a good part of making a page."""

    def __call__(self, source: str, language: str | None = None, metadata: Any = None) -> str:
        if len(source) > KEPT_SOURCE_CHARS:
            return super().__call__(source, language, metadata)
        magics = (metadata or {}).get("magics_language")
        options = tuple(sorted(self.extra_formatter_options.items()))
        try:
            return _highlighted(source, language or self.pygments_lexer, magics, options)
        except TypeError:  # an option that cannot be a key: highlighted as nbconvert does
            return super().__call__(source, language, metadata)


@functools.lru_cache(maxsize=1024)
def _highlighted(source: str, language: str, magics: str | None, options: tuple) -> str:
    highlight = Highlight2HTML(pygments_lexer=language, extra_formatter_options=dict(options))
    return highlight(source, language, {"magics_language": magics} if magics else None)


_IMAGE_OR_LAB = re.compile(r"<img\b|jp-Notebook")


def _template_only(exporter: HTMLExporter, nb: Any, resources: dict | None, **kw: Any) -> Any:
    """HTMLExporter.from_notebook_node up to its BeautifulSoup pass (highlighting kept)."""
    langinfo = nb.metadata.get("language_info", {})
    lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
    highlight = _KeptHighlight(pygments_lexer=lexer, parent=exporter)
    exporter.register_filter("highlight_code", exporter.filters.get("highlight_code", highlight))
    resources = exporter._init_resources(resources)
    exporter.register_filter(
        "filter_data_type",
        WidgetsDataTypeFilter(
            notebook_metadata=exporter._nb_metadata, parent=exporter, resources=resources
        ),
    )
    return TemplateExporter.from_notebook_node(exporter, nb, resources, **kw)
