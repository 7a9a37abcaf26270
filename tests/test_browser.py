"""The built site in a real browser: axe-core (WCAG 2.1 A/AA), keyboard, and pages without JavaScript.

Needs Debian's chromium (/usr/bin/chromium) and npm's axe-core (node_modules/); .ci/run installs both
and sets PLANSITE_REQUIRE_BROWSER=1 so that these tests fail instead of skipping there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .browser import AXE_RUN, MARKS, PHONE_WIDTH, WCAG21, axe_page, lean_page
from .conftest import ROOT, VARNAMO

pytestmark = MARKS


def _pages(built_site: Path) -> dict[str, str]:
    """The pages axe-core reads, each with its kind: the start page and of each plan its overview, goals,
    budget, first indicator and a chapter; the English start page and an English indicator page."""
    pages = {"": "start"}
    for plan in sorted((ROOT / "datapackages").iterdir()):
        if not (built_site / plan.name).is_dir():
            continue
        pages[f"{plan.name}/"] = "plan"
        pages[f"{plan.name}/mal/"] = "goals"
        if (built_site / plan.name / "ekonomi").is_dir():
            pages[f"{plan.name}/ekonomi/"] = "budget"
        indicators = sorted((built_site / plan.name / "indikatorer").iterdir())
        if indicators:
            pages[f"{plan.name}/indikatorer/{indicators[0].name}/"] = "indicator"
        chapters = sorted((built_site / plan.name / "text").glob("*/index.html")) if (built_site / plan.name / "text").is_dir() else []
        with_table = [c for c in chapters if "<table" in c.read_text(encoding="utf-8")]
        if with_table or chapters:  # a chapter as the sanitiser wrote it, with a table where there is one
            pages[f"{plan.name}/text/{(with_table or chapters)[0].parent.name}/"] = "chapter"
    # the real English pages too (the plans' data marked Swedish in them); tests/test_languages.py
    # checks a tiny site's English pages in every mode
    pages["en/"] = "English start"
    pages[f"en/{VARNAMO}/indikatorer/langvarigt-ekonomiskt-bistand/"] = "English indicator"
    return pages


def _one_of_each_kind(built_site: Path, pages: dict[str, str]) -> set[str]:
    """Of each kind of page the one with the most kinds of element (distinct class names): Mark's goals
    with every status, the budget with the most tables, …"""
    def kinds(path: str) -> int:
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        return len({name for names in re.findall(r'class="([^"]*)"', html) for name in names.split()})
    best: dict[str, tuple[int, str]] = {}
    for path, kind in pages.items():
        best[kind] = max(best.get(kind, (-1, "")), (kinds(path), path), key=lambda found: found[0])
    return {path for _, path in best.values()}


@pytest.mark.parametrize("width,scheme,half", [
    pytest.param(1280, "light", 0, id="1280-light-half1"), pytest.param(1280, "light", 1, id="1280-light-half2"),
    pytest.param(390, "light", None, id="390-light"), pytest.param(1280, "dark", None, id="1280-dark")])
def test_axe_finds_no_wcag21_aa_violations(built_site: Path, server: str, browser, width: int, scheme: str,
                                           half: int | None):
    """Every page with every WCAG 2.1 A/AA rule on a desktop (every other page in each half, so that
    two workers share them), and narrowed to 390 px with the rule its content decides there
    (PHONE_WIDTH). Loaded on a phone and in the dark scheme, every rule on one page of each kind
    (_one_of_each_kind): what a phone or the dark scheme changes beyond that is the theme's (the
    layout, the menu drawer, the colours of Material's "slate" palette and of plansite.css), the same
    on every page of a kind."""
    pages = _pages(built_site)
    sample = _one_of_each_kind(built_site, pages)
    paths = list(pages)[half::2] if half is not None else [p for p in pages if p in sample]
    results, external = {}, []
    page = axe_page(browser, width, scheme)
    page.on("request", lambda req: external.append(req.url) if not req.url.startswith(server) and not req.url.startswith("data:") else None)
    for path in paths:
        page.goto(server + path)
        results[f"{width}px {scheme} /{path}"] = page.evaluate(AXE_RUN, WCAG21)
        if half is not None:  # the same page narrowed to a phone's width: the layout follows the CSS at once
            page.set_viewport_size({"width": 390, "height": 900})
            results[f"390px (narrowed) {scheme} /{path}"] = page.evaluate(AXE_RUN, PHONE_WIDTH)
            page.set_viewport_size({"width": width, "height": 900})
    page.context.close()
    assert external == [], external  # nothing is requested from another host
    failing = {k: v for k, v in results.items() if v}
    assert failing == {}
    assert len(results) == (2 * len(paths) if half is not None else len(set(pages.values()))) and len(paths) >= 8


def _tab_stops(page, presses: int, describe: str) -> list:
    """Press Tab ``presses`` times; ``describe`` is a JS function of the focused element ``a``."""
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(f"() => {{ const a = document.activeElement; {describe} }}"))
    return stops


def test_keyboard_reaches_downloads_and_data_table(built_site: Path, server: str, browser):
    page = lean_page(browser, {"width": 1280, "height": 900})
    page.goto(server + f"{VARNAMO}/indikatorer/langvarigt-ekonomiskt-bistand/")
    reached = _tab_stops(page, 80, "return [a.tagName, a.textContent.trim().slice(0, 40), !!a.closest('article'), "
                                   "getComputedStyle(a).outlineStyle + '/' + getComputedStyle(a).outlineWidth]")
    texts = [r[1] for r in reached if r[2]]
    assert any(t.startswith("Värdena som CSV") for t in texts), texts
    assert any(t.startswith("Värdena och beskrivningen som JSON") for t in texts)
    focused = [r for r in reached if r[1].startswith("Värdena som CSV")][0]
    assert not focused[3].startswith("none"), focused  # a visible focus ring
    first = reached[0]
    assert first[0] == "A" and "innehåll" in first[1].lower()  # the skip link comes first
    page.context.close()


def test_indicator_page_works_without_javascript(built_site: Path, server: str, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + f"{VARNAMO}/indikatorer/langvarigt-ekonomiskt-bistand/")
    chart = page.locator("article figure img")
    assert chart.get_attribute("alt").startswith("Diagram över Vuxna biståndsmottagare med långvarigt ekonomiskt bistånd.")
    assert chart.evaluate("img => img.complete && img.naturalWidth") > 0  # the chart's file is shown
    assert page.locator("article table caption").first.inner_text().startswith("Värden för")
    assert page.locator("article table tbody tr").count() == 5
    context.close()


def test_phone_keyboard_skips_the_closed_menu(built_site: Path, server: str, browser):
    page = lean_page(browser, {"width": 390, "height": 844})
    page.goto(server + f"{VARNAMO}/indikatorer/langvarigt-ekonomiskt-bistand/")
    stops = _tab_stops(page, 12, "const r = a.getBoundingClientRect(); "
                                 "return [a.getAttribute('aria-label') || a.textContent.trim().slice(0, 30), "
                                 "!!a.closest('.md-sidebar--primary'), r.right > 0 && r.width > 0]")
    hidden_menu_links = [name for name, in_menu, visible in stops if in_menu and not visible]
    assert hidden_menu_links == [], stops  # the closed drawer's links are out of the tab order
    assert any(name == "Meny" for name, _, _ in stops)  # the menu button is reachable
    page.keyboard.press("Shift+Tab")
    page.context.close()


@pytest.mark.parametrize("primary", ["indigo", "white"])
def test_the_logo_takes_the_headers_colour_in_the_header_and_the_menu(server: str, browser, primary: str):
    """The logo (a shared file drawn as a CSS mask) is filled with the header's text colour, as
    Material's inline logo is: white on the indigo header, dark on a white one, never invisible; in
    the header on a desktop, in the opened menu on a phone."""
    found = []
    for width, where in ((1280, ".md-header"), (390, ".md-nav__title")):
        page = lean_page(browser, {"width": width, "height": 900})
        page.goto(server)
        page.evaluate(f"document.body.setAttribute('data-md-color-primary', '{primary}')")
        if width == 390:
            page.click("label.md-header__button[for=__drawer]")
        found.append(page.evaluate("""where => {
            const link = document.querySelector(where + ' .md-logo'), logo = link.querySelector('.plansite-logo');
            const box = logo.getBoundingClientRect(), style = getComputedStyle(logo);
            return [style.backgroundColor, getComputedStyle(link).color,
                    getComputedStyle(link.closest(where)).backgroundColor, box.width, box.height,
                    style.maskImage.startsWith('url("data:image/svg+xml')];
        }""", where))
        page.context.close()
    for fill, text, ground, width, height, masked in found:
        assert fill == text != ground and width >= 20 and height >= 20 and masked
    assert found[0][0] == ("rgb(255, 255, 255)" if primary == "indigo" else "rgba(0, 0, 0, 0.87)")
