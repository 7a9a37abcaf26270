"""The site in two languages: Swedish at the root, English under /en/ (extra.languages).

The tiny plan of tests/conftest.py, with the real site pages (content/site/ and content/site/en/,
content/assets/ for their images) and a chapter with a table, is built once for the module in both languages and once in Swedish only;
the tests read the real output: parsed HTML, the files on disk, links resolved as a browser would.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import string
from pathlib import Path
from urllib.parse import urljoin, urlparse

import openpyxl
import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.build import engine, languages, pipeline
from generator.build.publish import BuildFailed
from generator.cli import cli
from generator.config import settings as config
from generator.i18n import texts
from generator.validate import site_links, site_pages

from .conftest import ROOT, make_package
from .screenshots import QuietHandler

PLAN = "testby-testnamnden-2024"
INDICATOR = f"{PLAN}/indikatorer/vantetid/"
CHAPTER = """---
title: "1 Inledning"
order: 1
---
Nämnden ansvarar för **individ- och familjeomsorg**.

| År | Antal |
|---|--:|
| 2023 | 12 |
"""


def _project(root: Path, languages_: list[str] | None = None) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    if languages_ is not None:
        settings = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
        settings["extra"]["languages"] = languages_
        (root / "mkdocs.yml").write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copytree(ROOT / "site_theme", root / "site_theme")
    shutil.copytree(ROOT / "content" / "site", root / "content" / "site")
    shutil.copytree(ROOT / "content" / "assets", root / "content" / "assets")  # the guide's screenshot
    (root / "content" / PLAN).mkdir()
    (root / "content" / PLAN / "01-inledning.md").write_text(CHAPTER, encoding="utf-8")
    make_package(root, PLAN)
    return root


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> Path:
    root = _project(tmp_path_factory.mktemp("both"))
    pipeline.build_site(root, root / "site")
    return root / "site"


@pytest.fixture(scope="module")
def swedish_only(tmp_path_factory) -> Path:
    root = _project(tmp_path_factory.mktemp("sv"), ["sv"])
    pipeline.build_site(root, root / "site")
    return root / "site"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _resolve(site: Path, page: Path, href: str) -> Path | None:
    """The file a relative href on ``page`` points at (None for another host or this page's anchor)."""
    parsed = urlparse(href)
    if parsed.scheme or parsed.netloc or href.startswith(("#", "mailto:")):
        return None
    page_url = "/" + str(page.relative_to(site)).replace("index.html", "")
    target = urljoin(page_url, parsed.path)
    assert not target.startswith("/.."), (page, href)
    path = site / target.lstrip("/")
    return path / "index.html" if target.endswith("/") or path.is_dir() else path


def _pages(site: Path, english: bool) -> list[Path]:
    """The site's pages in one language (the 404 page is no page of the site)."""
    en = site / "en"
    return sorted(p for p in (en if english else site).rglob("*.html")
                  if p.name != "404.html" and (english or en not in p.parents))


def test_the_english_pages_are_english(both: Path):
    home = _soup(both / "en" / "index.html")
    assert home.find("html")["lang"] == "en"
    assert _soup(both / "index.html").find("html")["lang"] == "sv"
    assert home.find("title").get_text() == "Open plans"
    plan = _soup(both / "en" / PLAN / "index.html")
    nav = [a.get_text(" ", strip=True) for a in plan.select("nav.md-nav--primary a, nav.md-nav--primary label")]
    for title in ("Home", "Goals and indicators", "Finances", "The plan's text", "About the document", "Download data",
                  "About this site", "Accessibility statement", "How to read the pages", "The data format for plans"):
        assert title in nav, title
    assert "Testnämnden: Verksamhetsplan 2024" in nav  # the plan's own words, as printed
    assert home.find("caption").get_text() == "Plans on this site"
    assert home.select_one(".md-copyright__highlight").get_text(strip=True).startswith("Data under CC0 1.0. Source")
    assert home.find("meta", attrs={"name": "description"})["content"].startswith("Municipal board plans as open data")
    indicator = _soup(both / "en" / INDICATOR / "index.html")
    assert indicator.find("h1").get_text() == "Väntetid i dagar"
    assert indicator.select_one(".plansite-status").get_text(" ", strip=True) == "? Cannot be assessed"
    assert f"en/{INDICATOR} (retrieved [date])" in indicator.select_one(".plansite-citation").get_text()
    toggles = [option["aria-label"] for option in indicator.select("input[name=__palette]")]
    assert toggles == ["Switch to dark mode", "Switch to light mode"]
    chapter = _soup(both / "en" / PLAN / "text" / "inledning" / "index.html")
    assert chapter.select_one("div.plansite-table")["aria-label"] == "Table 1 in the chapter"
    assert _soup(both / PLAN / "text" / "inledning" / "index.html").select_one(
        "div.plansite-table")["aria-label"] == "Tabell 1 i kapitlet"


def _in_swedish(element) -> bool:
    """Whether ``element`` is marked Swedish, on itself or on an ancestor inside the page's article."""
    for el in [element, *element.parents]:
        if el.get("lang"):
            return el["lang"] == "sv"
        if el.name == "article":
            return False
    return False


def test_the_plans_data_on_english_pages_is_marked_swedish(both: Path):
    """WCAG 3.1.2: a screen reader switches to a Swedish voice for the plan's own words, and reads the
    English interface around them in English."""
    indicator = _soup(both / "en" / INDICATOR / "index.html")
    h1 = indicator.find("h1")
    assert h1.get_text() == "Väntetid i dagar" and _in_swedish(h1)
    assert indicator.find("title").get_text().startswith("Väntetid i dagar")  # attr_list leaves the title alone
    values = next(h for h in indicator.find_all("h2") if h.get_text().startswith("Values"))
    assert not _in_swedish(values)
    caption = indicator.find("caption")
    assert caption.get_text() == "Values for Väntetid i dagar" and not _in_swedish(caption)
    assert _in_swedish(caption.find(string="Väntetid i dagar").parent)
    hidden = indicator.select("ul.plansite-downloads .sr-only")  # each download named by the indicator
    assert len(hidden) >= 5 and all(_in_swedish(h.find(string="Väntetid i dagar").parent) for h in hidden)
    units = [cell.select_one(".plansite-value") for cell in indicator.select("td[data-label=Value]")]
    assert units and all(v is not None and v.get_text().endswith("\u00a0dagar") and not _in_swedish(v)
                         and _in_swedish(v.find(string="dagar").parent) for v in units)  # the number is not
    for sentence in (indicator.select_one("p.plansite-summary"), indicator.select_one("p.plansite-status-line")):
        marked = sentence.find_all(lang="sv")  # "The actual for 2023 was 13 dagar": the unit, not the sentence
        assert marked and all(m.get_text() == "dagar" for m in marked) and not _in_swedish(sentence), sentence
    crumbs = indicator.select_one(".plansite-crumbs")
    assert not _in_swedish(crumbs) and _in_swedish(crumbs.find(string="Kortare väntetider").parent)
    assert not _in_swedish(crumbs.find(string="Goals and indicators").parent)
    goal = _soup(both / "en" / PLAN / "mal" / "mal-1" / "index.html").find("h1")
    assert goal.get_text() == "Kortare väntetider" and _in_swedish(goal)
    home = _soup(both / "en" / "index.html")
    title = home.find("a", string="Verksamhetsplan 2024")
    assert title is not None and _in_swedish(title.find(string=True).parent)
    assert _in_swedish(home.find(string="Värnamo").parent) and not _in_swedish(home.find("caption"))
    chapter = _soup(both / "en" / PLAN / "text" / "inledning" / "index.html")
    body = chapter.find(string=re.compile("Nämnden ansvarar för")).parent
    assert _in_swedish(body) and _in_swedish(chapter.find("h1"))
    region = chapter.select_one("div.plansite-table")  # its name is the interface's, its table the plan's
    assert region["aria-label"] == "Table 1 in the chapter" and region["lang"] == "en"
    assert _in_swedish(region.find("table")) and _in_swedish(region.find(string="Antal").parent)
    plan = _soup(both / "en" / PLAN / "index.html")
    assert _in_swedish(plan.find("h1")) and not _in_swedish(plan.find("h2"))
    # Swedish pages are in the data's language: nothing inside them is marked
    for page in (both / INDICATOR, both / PLAN / "text" / "inledning", both / PLAN, both):
        assert _soup(page / "index.html").select("article [lang]") == [], page


def test_the_phone_hint_after_a_wide_tables_caption_is_in_the_pages_language(both: Path):
    """A budget table scrolls sideways on a phone; the hint after its caption comes from the catalogue."""
    css = (both / "assets" / "plansite.css").read_text(encoding="utf-8")
    assert "rulla" not in css and "attr(data-hint)" in css
    for folder, hint in (("", "rulla tabellen i sidled"), ("en/", "scroll the table sideways")):
        budget = _soup(both / folder / PLAN / "ekonomi" / "index.html")
        caption = budget.select_one("table.plansite-budget caption")
        assert caption["data-hint"] == hint and hint not in caption.get_text()
        assert texts.t("labels.table.scroll_hint", folder.rstrip("/") or "sv") == hint


def test_each_language_has_its_own_search_index(both: Path):
    import json

    for index, lang, title in ((both / "search" / "search_index.json", "sv", "Om webbplatsen"),
                               (both / "en" / "search" / "search_index.json", "en", "About this site")):
        data = json.loads(index.read_text(encoding="utf-8"))
        assert data["config"]["lang"] == [lang]
        assert title in {doc["title"] for doc in data["docs"]}
        assert not any(doc["location"].startswith("en/") for doc in data["docs"])


@pytest.mark.parametrize("english", [False, True], ids=["sv", "en"])
def test_every_page_switches_to_the_same_page_in_the_other_language_and_back(both: Path, english: bool):
    pages = _pages(both, english)
    assert len(pages) == 16  # start, data, comparisons, 5 site pages; overview, goals, 2 goals, indicator, budget,
    #                          about, chapter
    here, there = ("en", "sv") if english else ("sv", "en")
    for page in pages:
        soup = _soup(page)
        links = soup.select("a.plansite-language__link")
        assert len(links) == 1, page
        link = links[0]
        assert (link["hreflang"], link["lang"], link.get_text()) == (there, there, texts.t("theme.language.switch", there))
        target = _resolve(both, page, link["href"])
        rel = page.relative_to(both / "en" if english else both)
        assert target == (both / rel if english else both / "en" / rel), page
        back = _soup(target).select_one("a.plansite-language__link")
        assert back["hreflang"] == here and _resolve(both, target, back["href"]) == page


@pytest.mark.parametrize("english", [False, True], ids=["sv", "en"])
def test_every_page_names_its_versions_with_hreflang(both: Path, english: bool):
    for page in _pages(both, english):
        rel = page.relative_to(both / "en" if english else both)
        links = {link["hreflang"]: link["href"] for link in _soup(page).find("head").find_all("link", rel="alternate")}
        assert set(links) == {"sv", "en", "x-default"}, page
        assert _resolve(both, page, links["sv"]) == both / rel
        assert _resolve(both, page, links["en"]) == both / "en" / rel
        assert _resolve(both, page, links["x-default"]) == both / rel
    assert '<link rel="alternate" hreflang="en" href="en/">' in (both / "index.html").read_text(encoding="utf-8")


def test_the_downloads_are_published_once_and_the_english_pages_reach_them(both: Path):
    """The data once, at the root; the charts (SVG, PNG, Vega-Lite) in each language beside its pages."""
    english = both / "en"
    copies = [p for p in (english / "data").rglob("*") if p.suffix in (".csv", ".json", ".svg", ".png")]
    assert sorted(str(p.relative_to(english)) for p in copies) == [
        f"data/{PLAN}/indikatorer/vantetid.{kind}" for kind in ("png", "svg", "vl.json")]
    assert (both / "data" / "observations.csv").is_file() and (both / "data" / PLAN / "datapackage.json").is_file()
    for folder, words in ((both, "Fält (* krävs)"), (english, "Field (* required)")):  # the blank template, each language's
        assert openpyxl.load_workbook(folder / "data" / "plan-mall.xlsx")["plan"]["A1"].value == words
    broken, to_data = [], set()
    for page in _pages(both, english=True):
        for el in _soup(page).find_all(["a", "link", "script", "img"]):
            href = el.get("href") or el.get("src")
            target = _resolve(both, page, href) if href else None
            if target is None:
                continue
            if not target.exists():
                broken.append(f"{page.relative_to(both)} → {href}")
            elif target.suffix in (".csv", ".json", ".svg", ".png") and target.parent.name != "search":
                to_data.add(str(target.relative_to(both)))
    assert broken == []
    assert {"data/observations.csv", "data/budget.csv", "data/indicators.csv", f"data/{PLAN}/datapackage.json",
            f"data/{PLAN}/indikatorer/vantetid.csv", f"data/{PLAN}/indikatorer/vantetid.json",
            f"en/data/{PLAN}/indikatorer/vantetid.svg", f"en/data/{PLAN}/indikatorer/vantetid.png",
            f"en/data/{PLAN}/indikatorer/vantetid.vl.json"} <= to_data
    swedish, english_svg = ((folder / "data" / PLAN / "indikatorer" / "vantetid.svg").read_text(encoding="utf-8")
                            for folder in (both, english))
    year = {lang: texts.t("chart.year", lang) for lang in ("sv", "en")}
    assert f">{year['en']}<" in english_svg and f">{year['sv']}<" not in english_svg  # drawn in English
    assert f">{year['sv']}<" in swedish


def _fragments(text: object) -> set[str]:
    forms = text.values() if isinstance(text, dict) else [text]
    return {literal.strip() for form in forms for literal, *_ in string.Formatter().parse(str(form))}


#: The plan's own words (they stay as the document printed them: MINIMAL_PLAN, MINIMAL_FILES and
#: CHAPTER), and Swedish the English pages quote on purpose: a value a plan prints in words, an
#: example of a document's section and of a follow-up's title in the format's description, and in the
#: guide (publicera.md) the Swedish template's column headings and a Swedish page's title under its
#: screenshot.
DATA = sorted({"Värnamo", "Testnämnden", "Verksamhetsplan 2024", "Testdokument", "Trygghet", "Kortare väntetider",
               "Väntetid i dagar", "dagar", "Driftbudget", "Verksamhet A", "Summa", "Budget 2024",
               "1 Inledning", "Nämnden ansvarar för", "individ- och familjeomsorg", "År", "Antal",
               "Uppnått", "4.1 Nämndens mål", "Delårsrapport augusti 2025",
               "Indikator-id", "Kolada-id", "Riktning", "Värdetyp", "Mål och indikatorer"}, key=len, reverse=True)


def test_no_swedish_interface_text_on_the_english_pages(both: Path):
    sv, en = texts.catalogue("sv"), texts.catalogue("en")
    unlike = {key: _fragments(text) - _fragments(en[key]) for key, text in sv.items()}
    long = {f for fs in unlike.values() for f in fs if len(f) > 6}
    short = {f for fs in unlike.values() for f in fs if 0 < len(f) <= 6}
    assert len(long) > 300 and len(short) > 20
    # one pattern for all the long fragments (the longest first): it matches where any of them does
    any_long = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in sorted(long, key=len, reverse=True)) + r")(?!\w)")
    leaks = {}
    for page in _pages(both, english=True) + [both / "en" / "404.html"]:
        soup = _soup(page)
        for el in soup.find_all(["script", "style", "code"]) + soup.find_all(lang=lambda v: v and v != "en"):
            el.decompose()  # the script's JSON is read elsewhere; code is literal (paths with the Swedish
            # slugs, codes, the format's examples); a part marked as another language is that language
        attributes = [str(v) for el in soup.find_all(True) for name, v in el.attrs.items()
                      if name in ("aria-label", "title", "alt", "placeholder", "content")]
        text = "\n".join([soup.get_text("\n"), *attributes])
        for data in DATA:
            text = text.replace(data, "")
        text = re.sub(r"\S*/\S*", "", text)  # addresses keep the Swedish slugs (en/<plan>/indikatorer/…)
        lines = {line.strip() for line in text.splitlines()}
        found = sorted(set(any_long.findall(text)))
        found += sorted(f for f in short if f in lines)
        if found:
            leaks[str(page.relative_to(both))] = found
    assert leaks == {}


def _without_switch(text: str) -> str:
    """A page without the language switch and the hreflang links, whitespace-only lines dropped
    (Material's template writes a few blank lines differently once extra.alternate is set)."""
    text = re.sub(r'\n *<link rel="alternate" hreflang="[^"]*" href="[^"]*">', "", text)
    text = re.sub(r'<div class="md-header__option plansite-language">.*?</div>', "", text, flags=re.S)
    return "\n".join(line for line in text.splitlines() if line.strip())


def test_the_swedish_site_is_unchanged_but_for_the_switch_and_hreflang(both: Path, swedish_only: Path):
    def files(site: Path) -> dict[str, Path]:
        return {str(p.relative_to(site)): p for p in site.rglob("*") if p.is_file() and site / "en" not in p.parents}

    mine, alone = files(both), files(swedish_only)
    assert sorted(mine) == sorted(alone)
    assert not (swedish_only / "en").exists()
    changed = []
    for rel, path in mine.items():
        a, b = path.read_bytes(), alone[rel].read_bytes()
        if rel.endswith(".gz"):
            a, b = gzip.decompress(a), gzip.decompress(b)
        if rel.endswith(".html"):
            a, b = _without_switch(a.decode()).encode(), _without_switch(b.decode()).encode()
        if a != b:
            changed.append(rel)
    assert changed == []
    assert "plansite-language" not in (swedish_only / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="en"' in (both / "index.html").read_text(encoding="utf-8")


# Settings ----------------------------------------------------------------------------------------

def _settings(tmp_path: Path, **changes) -> config.Settings:
    data = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for path, value in changes.items():
        *parents, name = path.split("__")
        table = data
        for part in parents:
            table = table.setdefault(part, {})
        if value is None:
            table.pop(name, None)
        else:
            table[name] = value
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return config.read(tmp_path)


def test_the_languages_come_from_the_settings(tmp_path: Path):
    assert _settings(tmp_path).languages == ("sv", "en")
    assert _settings(tmp_path, extra__languages=None).languages == ("sv", "en")  # default: both
    assert _settings(tmp_path, extra__languages=None, theme__language="en").languages == ("en", "sv")
    assert _settings(tmp_path, extra__languages=["en"], theme__language=None).language == "en"
    only = _settings(tmp_path, extra__languages=["sv"])
    assert (only.language, only.languages) == ("sv", ("sv",))
    assert languages.folders(_settings(tmp_path)) == {"sv": "", "en": "en/"}


def test_the_settings_in_each_language(tmp_path: Path):
    read = _settings(tmp_path)
    assert read.texts("sv") == {"site_name": "Öppna planer", "copyright": "Data under CC0 1.0. Källa – kommunernas antagna planer.",
                                "site_description": "Kommunala nämndplaner som öppna data – mål, indikatorer och budget.",
                                "contact": "skriv ett ärende i ärendelistan där webbplatsens källkod finns"}
    assert read.texts("en")["site_name"] == "Open plans" and read.texts("en")["contact"].startswith("open an issue")
    partial = _settings(tmp_path, extra__translations={"en": {"site_name": "Plans"}})
    assert partial.texts("en")["site_name"] == "Plans" and partial.texts("en")["copyright"].startswith("Data under CC0 1.0. Källa")


@pytest.mark.parametrize("changes, code, words", [
    ({"extra__languages": ["sv", "de"]}, "settings-languages", "'de'"),
    ({"extra__languages": ["sv", "sv"]}, "settings-languages", "'sv'"),
    ({"extra__languages": "sv"}, "settings-languages", "'sv'"),
    ({"extra__languages": []}, "settings-languages", "[]"),
    ({"theme__language": "en"}, "settings-root-language", '"sv"'),
    ({"extra__translations": {"en": {"site_url": "https://x.se/"}}}, "settings-translation", "extra.translations.en.site_url"),
    ({"extra__translations": {"de": {"site_name": "Pläne"}}}, "settings-translation-language", '"de"'),
    ({"extra__translations": {"en": {"copyright": ["x"]}}}, "settings-type", "extra.translations.en.copyright"),
])
def test_a_bad_language_setting_is_one_line_naming_it(tmp_path: Path, changes: dict, code: str, words: str):
    with pytest.raises(config.SettingsError) as caught:
        _settings(tmp_path, **changes)
    assert caught.value.code == code
    for lang in texts.LANGUAGES:
        line = texts.t(f"build.{code}", lang, **caught.value.params)
        assert "\n" not in line and words in line and str(tmp_path / "mkdocs.yml") in line


@pytest.mark.parametrize("command", ["build", "validate"])
def test_an_unknown_language_stops_the_build_and_validate_with_one_line(project: Path, command: str):
    settings = project / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("languages: [sv, en]", "languages: [sv, fi]"),
                        encoding="utf-8")
    args = ["build", "--root", str(project), "--site-dir", str(project / "site"), "-q"] if command == "build" \
        else ["validate", str(project / "datapackages")]
    result = CliRunner().invoke(cli, args)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 1 and len(lines) == 1, result.output
    assert "extra.languages" in lines[0] and "'fi'" in lines[0] and "sv, en" in lines[0]
    assert not (project / "site").exists()


# The hand-written pages and the plans' folders ---------------------------------------------------

def _page(project: Path, rel: str, text: str = "# Sida\n") -> None:
    path = project / "content" / "site" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _problems(caught: pytest.ExceptionInfo[BuildFailed]) -> set[tuple[str, str, str]]:
    assert caught.value.code == "input-errors"
    return {(p.code, p.file, p.found) for p in caught.value.report.errors}


def _read(project: Path, settings: config.Settings) -> dict[str, dict[str, str]]:
    problems, read = site_pages.check_site_pages(project / "content", settings, settings.limits)
    assert problems == []
    return read


@pytest.mark.parametrize("present, missing", [("om.md", "content/site/en/om.md"),
                                              ("en/om.md", "content/site/om.md")])
def test_a_site_page_without_its_translation_stops_validate_and_the_build(project: Path, present: str, missing: str):
    _page(project, present)
    with pytest.raises(BuildFailed) as caught:
        pipeline.build_site(project, project / "site")
    other = "content/site/" + present
    assert _problems(caught) == {("site-page-missing", missing, other)}
    line = caught.value.report.errors[0].line("en")
    assert line.startswith(missing + ": ") and other in line and "extra.languages" in line
    assert not (project / "site").exists()
    result = CliRunner().invoke(cli, ["validate", str(project / "datapackages"), "--lang", "en"])
    assert result.exit_code == 1 and line in result.output


def test_two_site_pages_for_one_docs_path_stop_validate_and_the_build(project: Path):
    """``data.md`` is written as ``data/index.md`` (urls.site_page): a hand-written ``data/index.md``
    beside it would be the same page, and one of them was dropped without a word."""
    for rel in ("data.md", "data/index.md", "en/data.md", "en/data/index.md"):
        _page(project, rel, "# Data\n")
    with pytest.raises(BuildFailed) as caught:
        pipeline.build_site(project, project / "site")
    assert _problems(caught) == {("site-page-twice", "content/site/data/index.md", "content/site/data.md"),
                                 ("site-page-twice", "content/site/en/data/index.md", "content/site/en/data.md")}
    assert "(/data/)" in caught.value.report.errors[0].line("en") and not (project / "site").exists()


def test_two_site_pages_at_one_address_or_at_the_builds_stop_validate(project: Path):
    """``om.md`` and ``om/index.md`` are both /om/; /en/, /jamfor/ and /data/… are the build's: a
    page there was lost (or hid the build's page) without a word. A name the engine would skip or
    read as an index, or that is not text, is refused too; a byte-order mark is dropped."""
    for rel in ("om.md", "om/index.md", "en.md", "jamfor/index.md", "data/mer.md", ".utkast.md", "README.md",
                "Stor.md", "sida_(1).md"):
        _page(project, rel)
        _page(project, "en/" + rel)
    with pytest.raises(BuildFailed) as caught:
        pipeline.build_site(project, project / "site")
    got = _problems(caught)
    for prefix in ("content/site/", "content/site/en/"):
        assert ("site-page-twice", prefix + "om/index.md", prefix + "om.md") in got
        assert {("site-page-taken", prefix + "en.md", "/en/"), ("site-page-taken", prefix + "jamfor/index.md", "/jamfor/"),
                ("site-page-taken", prefix + "data/mer.md", "/data/")} <= got
        assert {("site-page-name", prefix + name, name) for name in (".utkast.md", "README.md", "Stor.md", "sida_(1).md")} <= got
    assert len(got) == 2 * 8, got


def test_a_byte_order_mark_is_no_part_of_a_site_page(project: Path):
    _page(project, "om.md")
    _page(project, "en/om.md")
    (project / "content" / "site" / "om.md").write_bytes("\ufeff# Om oss\n".encode("utf-8"))
    settings = config.read(project)
    problems, read = site_pages.check_site_pages(project / "content", settings, settings.limits)
    assert problems == [] and read["sv"]["om.md"] == "# Om oss\n"


def test_a_site_page_that_is_not_utf8_or_too_large_is_one_line_not_a_traceback(project: Path, monkeypatch):
    _page(project, "om.md")
    _page(project, "en/om.md")
    (project / "content" / "site" / "en" / "om.md").write_bytes("# Om 2024 \u2013 sj\u00e4lv\n".encode("cp1252"))
    _page(project, "las-sidan.md", "# Läs\n" + "x" * 5000)
    _page(project, "en/las-sidan.md", "# Read\n")
    monkeypatch.setenv("PLANSITE_MAX_FILE_BYTES", "4096")
    with pytest.raises(BuildFailed) as caught:
        pipeline.build_site(project, project / "site")
    assert _problems(caught) == {("site-page-not-utf8", "content/site/en/om.md", "byte 11"),
                                 ("file-too-large", "content/site/las-sidan.md", "5007")}
    result = CliRunner().invoke(cli, ["validate", str(project / "datapackages"), "--lang", "en"])
    assert result.exit_code == 1 and "content/site/en/om.md: the page is not UTF-8" in result.output
    assert "Traceback" not in result.output and not (project / "site").exists()


#: The shipped mkdocs.yml's rules: every link the engine cannot follow stops the build.
WARN = site_links.LinkRules(absolute_links="warn", unrecognized_links="warn", anchors="warn")
WRONG_LINKS = ["saknas.md", "bilder/x.png", "annan-plan-2024/index.md", "jamfor/", "/om/", "../README.md", "./",
               "om.md#finns-inte", "saknas-2.md", "saknas-3.md"]
WRONG_PAGE = ("# Om\n\n"
              "[a](saknas.md) [b](bilder/x.png) [c](annan-plan-2024/index.md) [d](jamfor/) [e](/om/) [f](../README.md) "
              "[g](./) [h](om.md#finns-inte)\n\n"
              "- Punkt\n\n    Mer om [i](saknas-2.md).\n\n"
              "> Läs [mer][m].\n>\n> [m]: saknas-3.md\n")
RIGHT_PAGE = ("# Om\n\n"
              f"[ok](om.md#om) [ok](#om) [ok](data/index.md) [ok](data.md) [ok]({PLAN}/index.md) [ok](data/observations.csv) "
              "[ok](https://example.org/x.md) [ok](mailto:a@example.se) `[ok](kod.md)`\n\n"
              "    [ok](indraget.md)\n\n"
              '<a href="../jamfor/">ok</a> <a href="../data/observations.csv">ok</a>\n\n'
              "<!--\nAtt göra:\n\n[ok](saknas-5.md)\n-->\n\n"
              "Text\n<div>\n[ok](saknas-6.md)\n</div>\n\n"
              "[oanvänd]: saknas-7.md\n\n"
              "~~~\n[ok](saknas-8.md)\n~~~\n\n[ok](om\\.md) "
              '<a href="../om">ok</a> <a href="../om/index.html">ok</a>\n')


def test_a_link_from_a_site_page_to_nothing_stops_validate_and_the_build(project: Path):
    """The links the engine (``mkdocs build --strict``) or the build's link check refuses, found
    before either runs, as Python-Markdown reads the page: to a hand-written page that is not there,
    an image outside content/assets/, a plan that is not on the site, a folder (the engine wants its
    index.md), from the site's root, out of the docs, to a heading the page does not have, in a
    list item's indented paragraph or a quote's reference, in the page's own HTML, and from an English
    page to a download (published at the root only; the blank template is in each language's folder)."""
    _page(project, "om.md", WRONG_PAGE + '\n<a href="../saknas-4/">x</a>\n')
    _page(project, "en/om.md", "# About\n\nDownload [the template](data/plan-mall.xlsx), [the values](data/observations.csv) "
                               "or [the data](data/index.md).\n")
    _page(project, "data.md", "# Data\n")
    _page(project, "en/data.md", "# Data\n")
    with pytest.raises(BuildFailed) as caught:
        pipeline.build_site(project, project / "site")
    assert _problems(caught) == {("site-page-link", "content/site/om.md", link) for link in [*WRONG_LINKS, "../saknas-4/"]} | {
        ("site-page-link", "content/site/en/om.md", "data/observations.csv")}
    assert not (project / "site").exists()


def test_the_links_validate_refuses_the_build_refuses_and_those_it_accepts_build(project: Path, monkeypatch):
    """Validation finds no more than the build would: without its link check the engine refuses each
    wrong Markdown link and the link check the wrong HTML one; the right links build."""
    _page(project, "om.md", RIGHT_PAGE)
    _page(project, "en/om.md", "# About\n")
    _page(project, "data.md", "# Data\n")  # written as data/index.md: the link to data.md goes there
    _page(project, "en/data.md", "# Data\n")
    pipeline.build_site(project, project / "site")  # with validation's link check: nothing refused
    assert (project / "site" / "om" / "index.html").is_file()
    monkeypatch.setattr(site_links, "link_problems", lambda *args, **kwargs: [])
    _page(project, "om.md", WRONG_PAGE)
    with pytest.raises(BuildFailed) as caught:
        pipeline.build_site(project, project / "site")
    assert caught.value.code == "engine-failed"
    assert all(f"'{link}'" in caught.value.detail for link in WRONG_LINKS), caught.value.detail
    for html in ('<a href="../saknas-4/">x</a>', '<video src="../saknas.mp4"></video>', '<!-- <a href="../gammal/"> -->',
                 '<article><p>x</p></article> <a href="../saknas-9/">x</a>',
                 '![b](https://example.org/x.png){href="../saknas-10/"}'):
        _page(project, "om.md", f"# Om\n\n{html}\n")
        with pytest.raises(BuildFailed) as caught:
            pipeline.build_site(project, project / "site")
        assert caught.value.code == "broken-link" and html.split('"')[1] in caught.value.text("en")


def test_a_swedish_only_site_reads_no_other_languages_pages(project: Path):
    _page(project, "om.md", "# Om\n\nKontakt: {{ kontakt }}.\n")
    _page(project, "en/om.md", "# About\n")
    settings = config.read(project)
    assert languages.site_pages(_read(project, settings), settings)["en"] == {"om.md": "# About\n"}
    only = _settings(project, extra__languages=["sv"])
    assert site_pages.check_site_pages(project / "content", only, only.limits) == (
        [], {"sv": {"om.md": "# Om\n\nKontakt: {{ kontakt }}.\n"}})
    assert languages.site_pages(_read(project, only), only) == {
        "sv": {"om.md": "# Om\n\nKontakt: skriv ett ärende i ärendelistan där webbplatsens källkod finns.\n"}}


def test_the_placeholders_of_a_page_are_filled_in_its_language(project: Path):
    _page(project, "data.md", '[a](data/observations.csv) <a href="{{ data }}x.csv">x</a> {{ kontakt }}')
    _page(project, "en/data.md", '<a href="{{ data }}x.csv">x</a> {{ kontakt }}')
    _page(project, "en/om/index.md", '<a href="{{ data }}x.csv">x</a>')
    _page(project, "om/index.md", '<a href="{{ data }}x.csv">x</a>')
    settings = config.read(project)
    pages = languages.site_pages(_read(project, settings), settings)
    assert pages["sv"]["data/index.md"] == ('[a](observations.csv) <a href="./x.csv">x</a> skriv ett ärende i ärendelistan där '
                                            'webbplatsens källkod finns')  # the Markdown link from the page's new place
    assert pages["en"]["data/index.md"] == ('<a href="../../data/x.csv">x</a> open an issue in the issue tracker where the '
                                            'site\'s source code is kept')
    assert pages["en"]["om/index.md"] == '<a href="../../data/x.csv">x</a>'


def test_a_failure_in_the_second_language_leaves_the_old_site_as_it_was(project: Path, monkeypatch):
    site = project / "site"
    pipeline.build_site(project, site)
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert Path("en/index.html") in before
    monkeypatch.setattr(site_links, "link_problems", lambda *args, **kwargs: [])  # validation would find it first
    _page(project, "om.md", "# Om\n")
    _page(project, "en/om.md", f"# About\n\n[a page that is not there]({PLAN}/saknas.md)\n")  # mkdocs --strict refuses it
    with pytest.raises(BuildFailed) as caught:
        pipeline.build_site(project, site)
    assert caught.value.code == "engine-failed" and f"{PLAN}/saknas.md" in caught.value.detail
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []


def test_a_plan_cannot_take_a_languages_folder(project: Path):
    make_package(project, "en")
    with pytest.raises(BuildFailed) as caught:
        pipeline.build_site(project, project / "site")
    assert _problems(caught) == {("plan-id-language", "en/datapackage.json", "en")}
    assert "/en/" in caught.value.report.errors[0].line("en")
    assert not (project / "site").exists()


# The engine's configuration per language ---------------------------------------------------------

def test_the_engine_gets_each_languages_settings_and_words(tmp_path: Path):
    read = config.read(ROOT)
    start = {"links": [["sv", "../"], ["en", "./"], ["x-default", "../"]], "switch": [["sv", "../"]]}
    page = {"links": [["sv", "../../a/b/"], ["en", "./"]], "switch": [["sv", "../../a/b/"]]}
    alternates = {"index.md": start, "a/b.md": page, "a/index.md": page}
    made = engine.config(ROOT, read.engine, tmp_path / "docs", tmp_path / "site" / "en", [], lang="en",
                         site_texts=read.texts("en"), alternates=alternates)
    assert (made["site_name"], made["theme"]["language"]) == ("Open plans", "en")
    assert made["copyright"].startswith("Data under CC0 1.0. Source") and made["extra"]["contact"].startswith("open an")
    assert [p["search"]["lang"] for p in made["plugins"]] == ["en"] and "separator" in made["plugins"][0]["search"]
    assert [p["toggle"]["name"] for p in made["theme"]["palette"]] == ["Switch to dark mode", "Switch to light mode"]
    assert made["extra"]["alternate"] is True  # keyed by page.url, which MkDocs and Zensical both give
    assert made["extra"]["plansite_alternates"] == {"": start, "a/b/": page, "a/": page}
    assert made["extra"]["plansite_languages"] == {"sv": "På svenska", "en": "In English"}
    assert "languages" not in made["extra"] and "translations" not in made["extra"]
    root = engine.config(ROOT, read.engine, tmp_path / "docs", tmp_path / "site", [], lang="sv", site_texts=read.texts("sv"))
    assert root["site_name"] == "Öppna planer" and [p["search"]["lang"] for p in root["plugins"]] == ["sv"]
    assert [p["toggle"]["name"] for p in root["theme"]["palette"]] == ["Byt till mörkt läge", "Byt till ljust läge"]
    assert "alternate" not in root["extra"]
    addressed = {**read.engine, "site_url": "https://exempel.se/planer/"}
    assert engine.config(ROOT, addressed, tmp_path, tmp_path, [], lang="en", folder="en/")["site_url"] == \
        "https://exempel.se/planer/en/"  # its canonical links and sitemap name the English pages
    assert engine.config(ROOT, addressed, tmp_path, tmp_path, [], lang="sv")["site_url"] == "https://exempel.se/planer/"


# In a browser -----------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
_missing = [str(p) for p in (CHROMIUM, AXE) if not p.exists()]


@pytest.mark.browser
@pytest.mark.skipif(bool(_missing) and os.environ.get("PLANSITE_REQUIRE_BROWSER") != "1",
                    reason=f"needs {', '.join(_missing)} (see README)")
def test_axe_finds_nothing_on_english_pages_and_the_switch_works(both: Path):
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    handler = functools.partial(QuietHandler, directory=str(both))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = f"http://127.0.0.1:{httpd.server_address[1]}/"
    results, external = {}, []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
            for width, scheme in ((390, "light"), (1280, "light"), (1280, "dark")):
                page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
                page.on("request", lambda req: external.append(req.url) if not req.url.startswith(server) else None)
                for path in ("en/", f"en/{INDICATOR}", f"en/{PLAN}/text/inledning/"):
                    page.goto(server + path)
                    page.add_script_tag(path=str(AXE))
                    results[f"{width}px {scheme} /{path}"] = page.evaluate(
                        """async () => (await axe.run(document, {runOnly: {type: 'tag', values:
                           ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations
                           .map(v => v.id + ': ' + v.nodes.length + ' × ' + v.nodes[0].target.join(' '))""")
                page.close()
            page = browser.new_page(viewport={"width": 390, "height": 900})
            page.goto(server + f"en/{INDICATOR}")
            page.click("a.plansite-language__link")  # with the theme's scripts running
            page.wait_for_load_state()
            landed = page.url
            page.close()
            browser.close()
    finally:
        httpd.shutdown()
    assert {k: v for k, v in results.items() if v} == {} and len(results) == 9
    assert external == []
    assert landed == server + INDICATOR


def test_the_addresses_of_a_language_in_its_folder():
    from generator.spec import urls

    assert [urls.language_folder(lang, ("sv", "en")) for lang in ("sv", "en")] == ["", "en/"]
    en, root = urls.data_root("en/"), urls.data_root("")
    assert urls.rel(f"{PLAN}/indikatorer/vantetid/index.md", urls.shared("data/budget.csv", en)) == "../../../../data/budget.csv"
    assert urls.rel("index.md", urls.shared("data/budget.csv", en)) == "../data/budget.csv"
    assert urls.rel("index.md", urls.shared("data/budget.csv", root)) == "data/budget.csv"
    # a language built as a site of its own links to the downloads on the first language's site
    elsewhere = urls.data_root("", "https://sv.exempel.se/planer/")
    assert urls.rel(f"{PLAN}/index.md", urls.shared("data/budget.csv", elsewhere)) == "https://sv.exempel.se/planer/data/budget.csv"
    links, hrefs = urls.alternates("x/mal/g/index.md", "en/", {"sv": "", "en": "en/"}, "https://exempel.se/planer/")
    assert links == [("sv", "https://exempel.se/planer/x/mal/g/"), ("en", "https://exempel.se/planer/en/x/mal/g/"),
                     ("x-default", "https://exempel.se/planer/x/mal/g/")]
    assert hrefs == [("sv", "../../../../x/mal/g/")]
    assert urls.alternates("index.md", "", {"sv": "", "en": "en/"}) == (
        [("sv", "./"), ("en", "en/"), ("x-default", "./")], [("en", "en/")])


def test_each_language_is_written_before_the_next_is_drawn(tmp_path: Path, monkeypatch):
    """The build holds one language's files at a time (the peak of memory at 290 plans): when the
    English pages are drawn, the data and the Swedish charts are already in the new site (the index
    of the data, with the database and workbook, is written after the engine's units)."""
    (tmp_path / "project").mkdir()
    root = _project(tmp_path / "project")
    real, seen = pipeline.pages.render_site, {}

    def render_site(*args, lang: str, **kwargs):
        (new,) = (tmp_path / "project").glob(".site.new-*")
        seen[lang] = sorted(str(p.relative_to(new)) for p in new.rglob("*") if p.is_file())
        return real(*args, lang=lang, **kwargs)

    monkeypatch.setattr(pipeline.pages, "render_site", render_site)
    pipeline.build_site(root, root / "site")
    assert list(seen) == ["sv", "en"] and seen["sv"] == []
    assert {"data/observations.csv", f"data/{PLAN}/indikatorer/vantetid.svg",
            f"data/{PLAN}/indikatorer/vantetid.png"} <= set(seen["en"])
    assert (root / "site" / "data" / "index.json").is_file()
    assert not any(p.startswith("en/") for p in seen["en"])


def test_the_written_configuration_reads_back_as_mkdocs_reads_it(tmp_path: Path):
    """engine.write_config (libyaml's emitter where PyYAML has it): MkDocs' own YAML loader gives
    back the same settings, the empty-URL key of the start page and the slug function included."""
    from mkdocs.utils import yaml_load

    from generator.ingest import markup

    read = config.read(ROOT)
    start = {"links": [["sv", "./"], ["en", "en/"]], "switch": [["en", "en/"]]}
    made = engine.config(ROOT, read.engine, tmp_path / "docs", tmp_path / "site", [{"Start": "index.md"}, {"Å": [{"ä": "a/b.md"}]}],
                         lang="sv", site_texts=read.texts("sv"), alternates={"index.md": start}, search_scope="a-plan")
    engine.write_config(tmp_path / "mkdocs.yml", made)
    with (tmp_path / "mkdocs.yml").open(encoding="utf-8") as handle:
        back = yaml_load(handle)
    toc = next(item["toc"] for item in back["markdown_extensions"] if isinstance(item, dict) and "toc" in item)
    assert toc["slugify"] is markup.heading_id
    assert back["extra"]["plansite_alternates"] == {"": start} and back["extra"]["plansite_search_scope"] == "a-plan"
    assert back["nav"] == made["nav"] and back["theme"] == made["theme"] and back["site_name"] == made["site_name"]


def test_an_empty_site_page_has_no_links_and_takes_none_of_another_page():
    pages = {"sv": {"aaa.md": "", "b.md": "[x](saknas.md)", "c.md": "  \n", "d.md": "# Hej\n[y](c.md#hej)"}}
    problems = site_links.link_problems(pages, {"sv": ""}, site_links.Made(), (), lambda lang, rel: rel, rules=WARN)
    assert {(p.file, p.found) for p in problems} == {("b.md", "saknas.md"), ("d.md", "c.md#hej")}


def test_the_english_data_page_gives_the_english_pages_addresses(both: Path):
    """The downloads are at the root; the English pages in ``en/``: the data page's table of addresses
    says so in each language."""
    def patterns(site_folder: Path) -> dict[str, str]:
        page = _soup(site_folder / "data" / "index.html")
        rows = page.find("h2", id={"en": "addresses", "sv": "adresser"}[page.html["lang"]]).find_next("table").find_all("tr")
        return {tr.find_all("td")[1].get_text(strip=True): tr.find("td").get_text(strip=True) for tr in rows if tr.find("td")}
    english, swedish = patterns(both / "en"), patterns(both)
    assert english["The plan's page."] == "en/<plan-id>/" and swedish["Planens sida."] == "<plan-id>/"
    downloads = [p for p in english.values() if not p.startswith("en/")]
    assert len(downloads) == len(english) - 2 and all(p.startswith("data/") for p in downloads)  # at the root
