"""The built site, read as a browser would: parsed HTML, working links, no third-party loads."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator
from urllib.parse import urljoin, urlparse

from bs4 import BeautifulSoup

from .conftest import ROOT, VARNAMO

INDICATOR = f"{VARNAMO}/indikatorer/langvarigt-ekonomiskt-bistand"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _resolve(site: Path, page: Path, href: str) -> Path | None:
    """The file a relative href on ``page`` points at (None for external or in-page links)."""
    parsed = urlparse(href)
    if parsed.scheme or parsed.netloc or href.startswith("#") or href.startswith("mailto:"):
        return None
    page_url = "/" + str(page.relative_to(site)).replace("index.html", "")
    target = urljoin(page_url, parsed.path)
    path = site / target.lstrip("/")
    return path / "index.html" if target.endswith("/") or path.is_dir() else path


def test_indicator_page_has_chart_table_and_downloads(built_site: Path):
    page = built_site / INDICATOR / "index.html"
    soup = _soup(page)
    assert soup.find("html")["lang"] == "sv"
    main = soup.find("article")
    assert main.find("h1").get_text(strip=True) == "Vuxna biståndsmottagare med långvarigt ekonomiskt bistånd"
    shown = main.find("figure").img  # the chart's SVG file, with its description as the image's text
    assert main.find("svg") is None and shown["alt"].startswith("Diagram över Vuxna biståndsmottagare")
    assert "Utfall 2021: 37" in shown["alt"]
    drawn = _soup(page.parent / shown["src"])
    assert drawn.find("svg")["role"] == "img"
    assert drawn.find("title").get_text() == "Vuxna biståndsmottagare med långvarigt ekonomiskt bistånd"
    assert "Utfall 2021: 37" in drawn.find("desc").get_text()
    table = main.find("table", string=None)
    caption = table.find("caption").get_text()
    assert "Värden för" in caption
    rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in table.find("tbody").find_all("tr")]
    assert rows[0][:4] == ["2021", "Utfall", "37\u00a0%", "37% (2021)"]
    assert [r[0] for r in rows] == ["2021", "2023", "2024", "2025", "2026"]
    assert all(th.get("scope") == "col" for th in table.find("thead").find_all("th"))
    summary = main.find(class_="plansite-summary").get_text()
    assert summary == "Utfallet 2021 var 37\u00a0%; målet för 2026 är 17\u00a0%."
    links = {a.get_text(" ", strip=True): a["href"] for a in main.select(".plansite-downloads a")}
    assert len(links) == 5  # the values as CSV and JSON, the chart as SVG, PNG and a Vega-Lite spec (under Citera)
    svg_file = _resolve(built_site, page, next(h for t, h in links.items() if "SVG" in t))
    assert svg_file.read_text(encoding="utf-8").lstrip().startswith("<svg")
    png_file = _resolve(built_site, page, next(h for t, h in links.items() if "PNG" in t))
    assert png_file == svg_file.with_suffix(".png") and png_file.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    spec = json.loads(_resolve(built_site, page, next(h for t, h in links.items() if "Vega-Lite" in t)).read_text("utf-8"))
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/") and spec["data"]["values"]
    csv_file = _resolve(built_site, page, next(h for t, h in links.items() if "CSV" in t))
    json_file = _resolve(built_site, page, next(h for t, h in links.items() if "JSON" in t))
    assert csv_file.read_text(encoding="utf-8").startswith("municipality_code,")
    assert json.loads(json_file.read_text(encoding="utf-8"))["indicator"]["indicator_id"] == "langvarigt-ekonomiskt-bistand"


_LINKING = {"a": "href", "link": "href", "script": "src", "img": "src"}


def _targets(site: Path, tags: dict) -> Iterator[tuple[Path, str, Path]]:
    """Each link of each page (``{page: its parsed tags}``) to a file of ``site``: ``(page, href, the file)``."""
    for page, parsed in tags.items():
        for tag, attrs, _ in parsed.tags:
            href = attrs.get(_LINKING[tag]) if tag in _LINKING else None
            target = _resolve(site, page, href) if href else None
            if target is not None:
                yield page, href, target


def test_all_internal_links_resolve(built_site: Path, site_tags):
    links = list(_targets(built_site, site_tags))
    broken = [f"{page.relative_to(built_site)} → {href}" for page, href, target in links if not target.exists()]
    assert broken == []
    assert len(links) > 10 * len(site_tags)  # the menu alone links every plan from every page


def test_no_resource_is_loaded_from_another_host(built_site: Path, site_tags):
    external = []
    url = re.compile(r"""url\(\s*['"]?(https?:)?//""")
    loading = {"script", "img", "iframe", "source", "video", "audio", "embed", "object"}
    for page, parsed in site_tags.items():
        for tag, attrs, _ in parsed.tags:
            if tag in loading:
                src = attrs.get("src") or attrs.get("data") or ""
                if urlparse(src).netloc or src.startswith("//"):
                    external.append(f"{page.name}: {src}")
            if tag == "link":
                rel = " ".join((attrs.get("rel") or "").split())  # as BeautifulSoup's list of rel values, joined
                href = attrs.get("href") or ""
                if rel in ("stylesheet", "preconnect", "dns-prefetch", "preload", "icon", "modulepreload") and urlparse(href).netloc:
                    external.append(f"{page.relative_to(built_site)}: {rel} {href}")
        for style in parsed.styles:
            if url.search(style):
                external.append(f"{page.name}: style url()")
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        if url.search(text) or "@import url(http" in text:
            external.append(str(css.relative_to(built_site)))
    assert external == []


def test_navigation_is_municipality_then_plan_and_lists_no_indicator(built_site: Path):
    soup = _soup(built_site / "index.html")
    nav = soup.find("nav", class_="md-nav--primary")
    text = nav.get_text(" ", strip=True)
    assert "Värnamo" in text and "Medborgarnämnden" in text
    hrefs = [a["href"] for a in nav.find_all("a", href=True)]
    assert not any("/indikatorer/" in h for h in hrefs)
    plans = len([p for p in (ROOT / "datapackages").iterdir() if (p / "datapackage.json").is_file()])
    assert len(hrefs) <= 20 + 20 * plans  # the nav is lean (written into every page): a few links per plan


def test_a_plans_pages_name_only_their_own_municipality_in_the_navigation(built_site: Path):
    """Every municipality in every plan page's nav would grow each page with the country (about
    1 KB a municipality); the start page lists them all, a plan's pages only their own."""
    def municipalities(page: Path) -> set[str]:
        nav = _soup(page).find("nav", class_="md-nav--primary")
        return {li.find(["a", "label"]).get_text(" ", strip=True)
                for li in nav.select("ul.md-nav__list > li.md-nav__item--nested")} & everywhere
    everywhere = {"Härryda", "Mark", "Tyresö", "Värnamo", "Växjö"}
    assert municipalities(built_site / "index.html") == everywhere
    for page in (VARNAMO + "/index.html", VARNAMO + "/indikatorer/langvarigt-ekonomiskt-bistand/index.html",
                 "en/" + VARNAMO + "/mal/index.html"):
        assert municipalities(built_site / page) == {"Värnamo"}, page
    nav = _soup(built_site / VARNAMO / "index.html").find("nav", class_="md-nav--primary").get_text(" ", strip=True)
    assert "Start" in nav and "Jämför kommuner" in nav and "Ladda ner data" in nav


def test_plan_page_shows_metadata_goals_and_budget_links(built_site: Path):
    soup = _soup(built_site / VARNAMO / "index.html")
    article = soup.find("article")
    facts = {dt.get_text(strip=True): dt.find_next("dd").get_text(" ", strip=True) for dt in article.find_all("dt")}
    assert facts["Kommun"] == "Värnamo (kommunkod 0683)"
    assert "2023-03-10" in facts["Antagen"] and "§ xxx" in facts["Antagen"]
    links = [a.get_text(strip=True) for a in article.find_all("a")]
    assert "Mål och indikatorer" in links and "Ekonomi" in links
    budget = _soup(built_site / VARNAMO / "ekonomi" / "index.html").find("article")
    assert "den tryckta summan 165,0 är inte lika med summan av raderna, 165,1" in budget.get_text()


def test_no_script_reaches_the_site_from_content(site_tags):
    in_articles = 0
    for page, parsed in site_tags.items():
        for tag, attrs, in_article in parsed.tags:
            if not in_article:
                continue
            in_articles += 1
            assert tag != "script", page
            assert not any(a.lower().startswith("on") for a in attrs), (page, tag)
            assert not str(attrs.get("href") or "").lower().startswith("javascript:")
    assert in_articles > 20 * len(site_tags)  # the pages' content was read


def test_status_is_shown_with_text_and_icon(built_site: Path):
    article = _soup(built_site / INDICATOR / "index.html").find("article")
    line = article.find(class_="plansite-status-line")
    assert line is not None
    badge = line.find(class_="plansite-status")
    assert badge.get_text(" ", strip=True) in {"✔ Uppnått", "➜ På väg", "✘ Ej uppnått", "? Kan inte bedömas"}
    assert badge.find(attrs={"aria-hidden": "true"}) is not None  # the icon is decoration; the word is read


def test_budget_page_has_an_accessible_chart_per_table(built_site: Path):
    article = _soup(built_site / VARNAMO / "ekonomi" / "index.html").find("article")
    svgs = article.find_all("svg")
    assert len(svgs) == 2  # operating and investment budget
    assert svgs[0].find("title").get_text() == "Driftbudget 2023 samt plan 2024-2026"
    desc = svgs[0].find("desc").get_text()
    assert "TOTAL NETTOKOSTNAD, Bokslut 2021: 160,9" in desc and "TOTAL NETTOKOSTNAD, Prel Budget 2026: 160,2" in desc


def test_every_page_links_the_accessibility_statement(built_site: Path):
    statement = built_site / "tillganglighet" / "index.html"
    text = _soup(statement).find("article").get_text(" ", strip=True)
    for heading in ("Hur tillgänglig är webbplatsen?", "Rapportera brister", "Tillsyn", "Innehåll som inte är tillgängligt"):
        assert heading in text
    assert "{{" not in text
    for page in [built_site / "index.html", built_site / INDICATOR / "index.html"]:
        footer = _soup(page).find("footer")
        link = next(a for a in footer.find_all("a") if a.get_text(strip=True) == "Tillgänglighetsredogörelse")
        assert _resolve(built_site, page, link["href"]) == statement


def test_no_text_is_escaped_twice_and_no_front_matter_leaks(built_site: Path):
    for page in built_site.rglob("*.html"):
        # a code block that shows HTML to copy (the chart's embed snippet) rightly escapes its &amp;
        text = re.sub(r"<pre\b.*?</pre>", "", page.read_text(encoding="utf-8"), flags=re.S)
        assert "&amp;#" not in text and "&amp;amp;" not in text, page
    for page in (built_site / "index.html", built_site / "data" / "index.html"):
        assert "title:" not in _soup(page).find("article").get_text()


def test_goal_tables_show_what_the_status_compares(built_site: Path):
    article = _soup(built_site / "mark-socialnamnden-2024-2025" / "mal" / "index.html").find("article")
    row = next(tr for tr in article.find_all("tr") if "Handläggningstider vid familjeenheten" in tr.get_text())
    cells = [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
    assert cells[1] == "Prognos 2023: 108\u00a0dagar"
    assert cells[2] == "2023: ≤ 108\u00a0dagar"
    assert cells[3] == "✔ Uppnås enligt prognos"  # judged on a forecast, and the label says so


def test_part_year_figures_say_so(built_site: Path):
    article = _soup(built_site / "mark-socialnamnden-2024-2025" / "indikatorer" / "sjukfranvaro" / "index.html").find("article")
    assert article.find(class_="plansite-summary").get_text().startswith("Utfallet delår 2023 var 8,6")


def test_budget_chart_draws_every_column_of_the_printed_total(built_site: Path):
    svgs = _soup(built_site / "mark-socialnamnden-2024-2025" / "ekonomi" / "index.html").find("article").find_all("svg")
    desc = svgs[0].find("desc").get_text()
    for column in ("Budget 2023", "Prognos 2023", "Budget 2024", "Budget 2025"):
        assert f"Nettokostnader, {column}: " in desc, column
    assert "Personalkostnader" not in desc  # the total, not also the cost types


def test_budget_columns_keep_the_printed_order(built_site: Path):
    article = _soup(built_site / "harryda-socialnamnden-2023-2025" / "ekonomi" / "index.html").find("article")
    table = next(t for t in article.find_all("table") if "Budget 2026 Utgift" in t.get_text())
    headers = [th.get_text(strip=True) for th in table.find("thead").find_all("th")][1:]
    years = [int(h.split()[1]) for h in headers]
    assert years == sorted(years) and headers[:2] == ["Budget 2023 Inkomst", "Budget 2023 Utgift"]
