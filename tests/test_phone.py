"""The built site on a phone (390 × 844) in Chromium: no page scrolls sideways, no goal, indicator or
start-page table is wider than the screen, budget tables scroll inside their region with the line
names in place, chart text is at least 12 px, and axe-core finds nothing on the pages this round
changed. Uses the session build (``built_site``) and the browser set-up of tests/browser.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import AXE_RUN, MARKS, WCAG21, axe_page, lean_page

pytestmark = MARKS

PHONE = {"width": 390, "height": 844}
VAXJO_BY_GENDER = "vaxjo-arbete-och-valfard-2024/indikatorer/forvarvsarbetande-20-64/"
MARK_RANGE = "mark-socialnamnden-2024-2025/indikatorer/funktionsstod-overklaganden-bifall/"
TYRESO_GOALS = "tyreso-arbetsmarknad-och-social-2024/mal/"


def _card_pages(site: Path) -> list[str]:
    """The start page, every plan's goal overview, a goal page and an indicator page of each plan, and
    the indicators by gender and with a target range."""
    pages = ["", VAXJO_BY_GENDER, MARK_RANGE]
    for plan in sorted(p for p in site.iterdir() if (p / "mal" / "index.html").is_file()):
        pages.append(f"{plan.name}/mal/")
        goals = sorted(g.parent.name for g in (plan / "mal").glob("*/index.html"))
        with_table = [g for g in goals if "<table" in (plan / "mal" / g / "index.html").read_text(encoding="utf-8")]
        pages.append(f"{plan.name}/mal/{(with_table or goals)[0]}/")
        pages.append(f"{plan.name}/indikatorer/{sorted(i.name for i in (plan / 'indikatorer').iterdir())[0]}/")
    return pages


WIDTHS = """() => {
  const view = document.documentElement.clientWidth;
  const tables = Array.from(document.querySelectorAll('article table')).map(t => {
    const r = t.getBoundingClientRect();
    return {caption: (t.caption ? t.caption.textContent : '').slice(0, 50), left: r.left, right: r.right, width: r.width};
  });
  return {view, scroll: document.documentElement.scrollWidth, tables};
}"""


def test_no_page_scrolls_sideways_and_no_table_is_wider_than_a_phone(built_site: Path, server: str, browser):
    page = lean_page(browser, PHONE)
    wide, checked = [], 0
    for path in _card_pages(built_site):
        page.goto(server + path)
        found = page.evaluate(WIDTHS)
        assert found["view"] == 390
        if found["scroll"] > found["view"]:
            wide.append((path, "page", found["scroll"]))
        for table in found["tables"]:
            checked += 1
            if table["width"] > found["view"] or table["right"] > found["view"] + 0.5 or table["left"] < -0.5:
                wide.append((path, table["caption"], round(table["width"])))
    page.context.close()
    assert wide == []
    assert checked >= 20


def test_budget_tables_scroll_inside_their_region_with_the_line_names_in_place(built_site: Path, server: str, browser):
    page = lean_page(browser, PHONE)
    for plan in sorted(p.name for p in built_site.iterdir() if (p / "ekonomi" / "index.html").is_file()):
        page.goto(server + f"{plan}/ekonomi/")
        found = page.evaluate("""() => {
          const view = document.documentElement.clientWidth;
          const regions = Array.from(document.querySelectorAll('article .plansite-table--scroll')).map(region => {
            const before = region.querySelector('tbody th[scope=row]').getBoundingClientRect().left;
            region.scrollLeft = region.scrollWidth;
            const after = region.querySelector('tbody th[scope=row]').getBoundingClientRect().left;
            const r = region.getBoundingClientRect();
            return {right: r.right, scrolls: region.scrollWidth > region.clientWidth, moved: Math.abs(after - before),
                    sticky: getComputedStyle(region.querySelector('tbody th[scope=row]')).position};
          });
          return {view, scroll: document.documentElement.scrollWidth, regions};
        }""")
        assert found["scroll"] <= found["view"], plan  # the page itself never scrolls sideways
        assert found["regions"], plan
        for region in found["regions"]:
            assert region["right"] <= found["view"] + 0.5, plan
            assert region["sticky"] == "sticky", plan
            assert region["moved"] < 1, (plan, region)  # the years scrolled; the line names stayed
    page.context.close()


def test_chart_text_is_at_least_12_px_on_a_phone(built_site: Path, server: str, browser):
    page = lean_page(browser, PHONE)
    smallest = {}
    for path in (VAXJO_BY_GENDER, MARK_RANGE, "varnamo-medborgarnamnden-2024-2026/ekonomi/",
                 "vaxjo-arbete-och-valfard-2024/ekonomi/", "harryda-socialnamnden-2023-2025/ekonomi/"):
        page.goto(server + path)
        # a chart in the page (the budget's) or its file shown as an image (an indicator's)
        sizes = page.evaluate("""async () => Promise.all(Array.from(document.querySelectorAll('article figure svg, article figure img')).map(async shown => {
            const svg = shown.tagName === 'IMG' ? new DOMParser().parseFromString(
                await (await fetch(shown.src)).text(), 'image/svg+xml').documentElement : shown;
            const scale = shown.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return Math.min(...Array.from(svg.querySelectorAll('text')).map(t => parseFloat(t.getAttribute('font-size')) * scale));
        }))""")
        assert sizes, path
        smallest[path] = min(sizes)
    page.context.close()
    assert all(size >= 12 for size in smallest.values()), smallest


def test_the_desktop_menu_title_does_not_cover_the_first_municipality(built_site: Path, server: str, browser):
    page = lean_page(browser, {"width": 1280, "height": 700})
    page.goto(server + "varnamo-medborgarnamnden-2024-2026/mal/")
    overlap = page.evaluate("""() => {
        window.scrollTo(0, 400);
        document.querySelector('.md-sidebar--primary .md-sidebar__scrollwrap').scrollTop = 60;
        const title = document.querySelector('.md-sidebar--primary .md-nav--primary > .md-nav__title').getBoundingClientRect();
        const first = document.querySelector('.md-sidebar--primary .md-nav--primary > .md-nav__list > .md-nav__item--section > label, '
                                           + '.md-sidebar--primary .md-nav--primary > .md-nav__list > .md-nav__item--section > a')
                      .getBoundingClientRect();
        return Math.max(0, Math.min(title.bottom, first.bottom) - Math.max(title.top, first.top)) *
               Math.max(0, Math.min(title.right, first.right) - Math.max(title.left, first.left));
    }""")
    page.context.close()
    assert overlap == 0


@pytest.mark.parametrize("width,scheme", [(390, "light"), (1280, "dark")])
def test_axe_finds_nothing_on_the_pages_this_round_changed(server: str, browser, width: int, scheme: str):
    page = axe_page(browser, width, scheme)
    results = {}
    for path in (VAXJO_BY_GENDER, MARK_RANGE, TYRESO_GOALS, "tyreso-arbetsmarknad-och-social-2024/mal/valfard/",
                 "vaxjo-arbete-och-valfard-2024/ekonomi/", "mark-socialnamnden-2024-2025/om-dokumentet/"):
        page.goto(server + path)
        results[path] = page.evaluate(AXE_RUN, WCAG21)
    page.context.close()
    assert {k: v for k, v in results.items() if v} == {}


def test_search_suggests_words_without_punctuation(server: str, browser):
    """The index split words at spaces only, so a suggestion could be "bistånd," or a lone ","."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server)
    suggestions = []
    for query in ("bistånd", "plan", "mål"):
        page.fill("input.md-search__input", "")
        page.click("input.md-search__input")
        page.keyboard.type(query, delay=30)
        page.wait_for_function("document.querySelector('.md-search-result__meta') && "
                               "/\\d/.test(document.querySelector('.md-search-result__meta').textContent)")
        page.wait_for_timeout(300)
        suggestions.append(page.evaluate("(document.querySelector('.md-search__suggest') || {}).textContent || ''"))
    page.close()
    assert suggestions[0].startswith("bistånd")
    assert all(s and not any(mark in s for mark in ",;:()") for s in suggestions), suggestions


def test_the_search_index_is_fetched_when_the_reader_turns_to_the_search(server: str, browser):
    """A first visit downloads no search index (Härryda's plan index is 44 KB gzip, more than the
    page); the search button fetches the plan's own index and the search answers."""
    plan = "harryda-socialnamnden-2023-2025"
    page = browser.new_page(viewport=PHONE)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "search_index" in request.url else None)
    page.goto(f"{server}{plan}/indikatorer/bf-aktualiseringar-barn-unga/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    before = list(asked)
    page.click("label.md-header__button[for=__search]")
    page.keyboard.type("bistånd", delay=30)
    page.wait_for_function("document.querySelector('.md-search-result__meta') && "
                           "/\\d/.test(document.querySelector('.md-search-result__meta').textContent)")
    found = page.evaluate("document.querySelectorAll('.md-search-result__item').length")
    page.close()
    assert before == []
    assert asked == [f"{server}{plan}/search/search_index.json"]
    assert found > 0


def test_a_page_asks_for_no_sitemap_and_the_language_switch_still_works(server: str, browser):
    """The theme asked for a sitemap.xml beside each hreflang link of every page (404s: the links
    name the page itself in each language); none is asked for, no error reaches the console, and
    the language switch goes to the page in English."""
    page = browser.new_page(viewport=PHONE)
    asked: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    plan = "harryda-socialnamnden-2023-2025"
    page.goto(f"{server}{plan}/indikatorer/bf-aktualiseringar-barn-unga/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert page.locator("link[rel=alternate][hreflang]").count() >= 2  # the hreflang links are still there
    assert [url for url in asked if "sitemap" in url] == [] and errors == []
    page.click(".plansite-language__link")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{server}en/{plan}/indikatorer/bf-aktualiseringar-barn-unga/"
    page.close()
