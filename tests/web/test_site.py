"""The course website in a real browser with no network: formulas, Chinese glyphs, figures,
folded solutions, the language switch and search, for every lesson in both languages."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fontTools.ttLib import TTFont

from autograder.build.paths import lesson_name, lesson_sources
from autograder.site.build import SITE, build_site
from autograder.site.build import TERMINOLOGY as ROOT_TERMS
from autograder.site.pages import glossary_terms
from autograder.student.i18n import LANGUAGES, t
from tests.web.conftest import offline_context, serve

pytestmark = pytest.mark.browser
LESSONS = [lesson_name(path) for path in lesson_sources()]
PAGES = [(lang, lesson) for lesson in LESSONS for lang in LANGUAGES]
HAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# Raw TeX that escaped the renderer: $…$, $$…$$, \( \) or \[ \] left in the visible text.
RAW_MATH = re.compile(r"\$[^$\n]+\$|\\\(|\\\)|\\\[|\\\]|\\frac|\\nabla|\\partial")
# The text a reader sees in the article, without code, code output or rendered formulas.
PROSE_JS = """() => {
  const article = document.querySelector("article").cloneNode(true);
  article.querySelectorAll("pre, code, mjx-container, .cell_output, script, style")
    .forEach((e) => e.remove());
  return article.innerText;
}"""
CODE = re.compile(r"<pre.*?</pre>", re.S)  # code and outputs: not searched, not prose
MATH_DONE_JS = "() => window.MathJax && MathJax.startup && MathJax.startup.promise"


@pytest.fixture(scope="module")
def site():
    """Build the site (executions come from the cache when the notebook tests ran first) and
    serve it on a loopback port."""
    report = build_site()
    print(report)
    server, origin = serve(SITE)
    yield origin
    server.shutdown()


@pytest.fixture
def offline(chromium, site):
    context, traffic = offline_context(chromium, site)
    page = context.new_page()
    yield page, traffic
    context.close()
    assert traffic.blocked == [], "the page tried to reach the network"
    assert traffic.failed == [], "a file the page needs is missing from the site"


def open_page(page, url: str) -> None:
    page.goto(url, wait_until="load")
    if page.locator("script[src*='tex-svg']").count():  # Sphinx adds MathJax where math is
        page.wait_for_function(MATH_DONE_JS)
        page.evaluate("() => MathJax.startup.promise")
    page.evaluate("() => document.fonts.ready.then(() => true)")


@pytest.mark.parametrize(("lang", "lesson"), PAGES, ids=[f"{la}-{le}" for la, le in PAGES])
def test_lesson_page_renders_offline(offline, site, screenshots, lang, lesson):
    """Do formulas, figures and Chinese text render with the network cut off, and does the
    language switch lead to the same lesson in the other language?"""
    page, _ = offline
    open_page(page, f"{site}/{lang}/{lesson}.html")
    assert page.get_attribute("html", "lang").startswith(lang)
    assert page.locator("mjx-container").count() > 0
    assert page.locator("mjx-merror, [data-mjx-error]").count() == 0
    prose = page.evaluate(PROSE_JS)
    assert RAW_MATH.findall(prose) == []
    figures = page.locator("article .cell_output img")
    assert figures.count() >= 4
    assert all(
        figures.nth(i).evaluate("(img) => img.complete && img.naturalWidth > 0")
        for i in range(figures.count())
    )
    if lang == "zh":
        assert_chinese_glyphs(page)
    page.screenshot(path=screenshots / f"site-{lang}-{lesson}.png")
    page.locator("div.math").first.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / f"site-{lang}-{lesson}-formula.png")
    figures.first.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / f"site-{lang}-{lesson}-figure.png")
    assert_switch_lands_on_the_same_lesson(page, site, lang, lesson)


def assert_switch_lands_on_the_same_lesson(page, site: str, lang: str, lesson: str) -> None:
    other = next(o for o in LANGUAGES if o != lang)
    page.locator(".backprop-lang-link").first.click()
    page.wait_for_load_state("load")
    assert page.url == f"{site}/{other}/{lesson}.html"
    assert page.get_attribute("html", "lang").startswith(other)


def assert_chinese_glyphs(page) -> None:
    """Is the site's CJK font loaded, and does it hold every Chinese character on the page?"""
    loaded = page.evaluate(
        """() => [...document.fonts].filter((f) => f.family.includes("Backprop CJK")
              && f.status === "loaded").length"""
    )
    assert loaded >= 1
    text = page.evaluate("() => document.body.innerText")
    needed = set(HAN.findall(text))
    assert len(needed) > 100
    cmap = TTFont(SITE / "_assets" / "fonts" / "cjk-regular.woff").getBestCmap()
    assert sorted(c for c in needed if ord(c) not in cmap) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_solutions_are_folded_until_revealed(offline, site, screenshots, lang):
    """Does every answer start folded, and does one click show the solution code?"""
    page, _ = offline
    lesson = LESSONS[0]
    open_page(page, f"{site}/{lang}/{lesson}.html")
    folded = page.locator("details.hide.above-input")
    assert folded.count() >= 1
    assert all(not folded.nth(i).evaluate("(d) => d.open") for i in range(folded.count()))
    first = folded.first
    assert not first.locator("pre").is_visible()
    first.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / f"site-{lang}-solution-folded.png")
    first.locator("summary").click()
    assert first.locator("pre").is_visible()
    assert "def " in first.locator("pre").inner_text()
    page.wait_for_timeout(600)  # the theme fades the code in
    page.screenshot(path=screenshots / f"site-{lang}-solution-revealed.png")


def search(page, site: str, lang: str, query: str) -> list[str]:
    """The pages the site's search lists for ``query`` (as the search page shows them)."""
    page.goto(f"{site}/{lang}/search.html?q={quote(query)}", wait_until="load")
    page.wait_for_selector("#search-results p.search-summary", timeout=15_000)
    return [a.get_attribute("href") for a in page.locator("#search-results ul.search a").all()]


SEARCHES = [
    ("en", "learning rate", "01-gradient-descent"),
    ("zh", "学习率", "01-gradient-descent"),
    ("zh", "梯度下降", "01-gradient-descent"),
    # Not one word of the index: the query is cut into 小批量 / 随机梯度下降.
    ("zh", "小批量随机梯度下降", "01-gradient-descent"),
]


@pytest.mark.parametrize(("lang", "query", "expected"), SEARCHES)
def test_search_finds_a_glossary_term(offline, site, screenshots, lang, query, expected):
    page, _ = offline
    hits = search(page, site, lang, query)
    assert any(expected in href for href in hits), hits
    if lang == "zh":
        page.evaluate("() => document.fonts.ready.then(() => true)")
        assert_chinese_glyphs(page)  # the search page's own messages too
    number = sum(
        1 for la, *_ in SEARCHES[: SEARCHES.index((lang, query, expected)) + 1] if la == lang
    )
    page.screenshot(path=screenshots / f"site-{lang}-search-{number}.png")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_finds_every_glossary_term_the_lessons_use(offline, site, lang):
    """Does each glossary term that a lesson's prose uses lead to a lesson page?"""
    page, _ = offline
    search(page, site, lang, "x")
    prose = " ".join(
        CODE.sub(" ", (SITE / lang / f"{lesson}.html").read_text("utf-8")).lower()
        for lesson in LESSONS
    )
    terms = [zh if lang == "zh" else en for en, zh in glossary_terms(ROOT_TERMS)]
    used = [term for term in terms if term.lower() in prose and "(" not in term]
    assert len(used) > 20
    missing = page.evaluate(
        """(terms) => terms.filter((term) => {
             const [query, words, excluded, highlight, objects] = Search._parseQuery(term);
             const results = Search._performSearch(query, words, excluded, highlight, objects);
             return !results.some((r) => /\\d\\d-/.test(r[0]));
           })""",
        used,
    )
    assert missing == []


def test_landing_page_links_both_languages(offline, site, screenshots):
    page, _ = offline
    page.goto(f"{site}/index.html", wait_until="load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    hrefs = [a.get_attribute("href") for a in page.locator("a").all()]
    assert hrefs == [f"{lang}/index.html" for lang in LANGUAGES]
    page.screenshot(path=screenshots / "site-landing.png")
    page.locator("a[lang=zh]").click()
    open_page(page, page.url)
    toc = [a.get_attribute("href") for a in page.locator(".bd-sidebar-primary nav a").all()]
    assert [href for href in toc if href.endswith(tuple(f"{le}.html" for le in LESSONS))] == [
        f"{lesson}.html" for lesson in LESSONS
    ]
    page.screenshot(path=screenshots / "site-zh-index.png")


ANIMATED = ["01-gradient-descent", "06-optimizers", "07-gradient-flow"]
ANIMATED_PAGES = [(lang, lesson) for lesson in ANIMATED for lang in LANGUAGES]
# The frame on show and the slider's position of every animation player on the page.
PLAYER_STATE_JS = """() => [...document.querySelectorAll("article .animation")].map((a) => ({
  src: a.querySelector("img").src, frame: Number(a.querySelector("input.anim-slider").value),
  frames: Number(a.querySelector("input.anim-slider").max)}))"""


@pytest.mark.parametrize(
    ("lang", "lesson"), ANIMATED_PAGES, ids=[f"{la}-{le}" for la, le in ANIMATED_PAGES]
)
def test_animations_play_offline(offline, site, screenshots, lang, lesson):
    """Is every animation of the lesson on its page, labelled in the page's language, and do
    its frames change once Play is pressed, with the network cut off?"""
    page, _ = offline
    open_page(page, f"{site}/{lang}/{lesson}.html")
    players = page.locator("article .cell_output .animation")
    assert players.count() >= 1
    page.wait_for_function(
        "() => [...document.querySelectorAll('article .animation img')].every((i) => i.src)"
    )
    before = page.evaluate(PLAYER_STATE_JS)
    assert all(state["frame"] == 0 and state["frames"] >= 20 for state in before)
    for i in range(players.count()):
        player = players.nth(i)
        player.scroll_into_view_if_needed()
        play = player.locator("button[onclick$='play_animation()']")
        assert play.get_attribute("title") == t("label.animation.play", lang)
        play.click()
    page.wait_for_timeout(1500)
    after = page.evaluate(PLAYER_STATE_JS)
    for old, new in zip(before, after, strict=True):
        assert new["frame"] > old["frame"]
        assert new["src"] != old["src"] and new["src"].startswith("data:image/png;base64,")
    assert all(
        players.nth(i).locator("img").evaluate("(img) => img.complete && img.naturalWidth > 0")
        for i in range(players.count())
    )
    players.first.screenshot(path=screenshots / f"site-{lang}-{lesson}-animation.png")
