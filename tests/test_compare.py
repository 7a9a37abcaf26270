"""Comparison, provenance and citation, read back from one real build of a small project: two plans
that share a Kolada id (and give it in different units), one of them with a measure no other plan
reports, both transcribed from a source file whose internal name must never reach a page."""

from __future__ import annotations

import re
import shutil
import struct
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.analysis.shared import shared_measures
from generator.build import raster
from generator.build.pipeline import BuildResult, build_site
from generator.render import charts, compare_chart
from generator.render.compare import compare_page
from generator.validate.project import validate_project

from .conftest import MINIMAL_PLAN, ROOT, csv_text, make_package, read_csv

SITE_URL = "https://planer.example.se/oppna/"
FIRST, SECOND = "testby-testnamnden-2024", "harryda-socialnamnden-2023"
SOURCE_FILE = "001_d1ff6682e03788bc.txt"
SOURCE_URL = "https://www.example.se/protokoll/plan.pdf"
INDICATOR_HEADER = ["indicator_id", "goal_id", "name", "unit", "kind", "direction", "kolada_id", "concordance_key",
                    "decided_by", "measures", "agenda2030", "table_id", "section", "order", "note"]
OBSERVATION_HEADER = ["indicator_id", "period", "value_type", "gender", "comparator", "value", "value_max", "printed",
                      "trend", "comparison", "note"]
FIRST_FILES = {
    "indicators.csv": csv_text(INDICATOR_HEADER, [
        ["vantetid", "mal-1", "Väntetid i dagar", "dagar", "target", "lower", "N31814", "", "", "", "", "", "1", "1", ""],
        ["egen", "mal-1", "Eget mått", "antal", "monitoring", "", "N99999", "", "", "", "", "", "1", "2", ""]]),
    "observations.csv": csv_text(OBSERVATION_HEADER, [
        ["vantetid", "2022", "utfall", "T", "", "13", "", "13", "", "", ""],
        ["vantetid", "2023", "utfall", "T", "", "11", "", "11", "", "", ""],
        ["vantetid", "2025", "mal", "T", "<=", "2", "", "≤2", "", "", ""],
        ["egen", "2022", "utfall", "T", "", "4", "", "4", "", "", ""]]),
}
SECOND_FILES = {
    "indicators.csv": csv_text(INDICATOR_HEADER, [
        ["handlaggning", "mal-1", "Handläggningstid", "veckor", "target", "lower", "N31814", "", "", "", "", "", "1", "1", ""]]),
    "observations.csv": csv_text(OBSERVATION_HEADER, [
        ["handlaggning", "2021", "utfall", "T", "", "3", "", "3", "", "", ""],
        ["handlaggning", "2024", "mal", "T", "<=", "1", "", "≤1", "", "", ""]]),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("compare")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text.replace("site_name: Öppna planer\n", f"site_name: Öppna planer\nsite_url: {SITE_URL}\n", 1),
                                     encoding="utf-8")
    shutil.copytree(ROOT / "site_theme", root / "site_theme")
    (root / "content").mkdir()
    first = {**MINIMAL_PLAN, "source": {"title": "Testdokumentet (PDF)", "file": SOURCE_FILE, "url": SOURCE_URL}}
    make_package(root, FIRST, files=FIRST_FILES, plan=first)
    second = {**MINIMAL_PLAN, "municipality": "Härryda", "municipality_code": "1401", "board": "Socialnämnden",
              "period_start": 2023, "period_end": 2024, "data_start": 2021, "data_end": 2025,
              "adopted_date": "2023-03-08", "source": {"title": "Härrydas plan", "file": SOURCE_FILE}}
    make_package(root, SECOND, files=SECOND_FILES, plan=second)
    return root


@pytest.fixture(scope="module")
def built(project: Path) -> BuildResult:
    return build_site(project, project / "site")


@pytest.fixture(scope="module")
def site(built: BuildResult) -> Path:
    return built.site_dir


def _html(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_only_measures_two_plans_share_are_compared(project: Path):
    report = validate_project(project / "datapackages", project / "content")
    measures = shared_measures([report.validated[name].plan for name in report.plans])
    assert [m.key for m in measures] == ["kolada-n31814"]
    assert [(p.plan_id, i.indicator_id) for p, i in measures[0].members] == [(SECOND, "handlaggning"), (FIRST, "vantetid")]


def test_the_comparison_page_lists_every_municipality_with_values_targets_and_differences(site: Path):
    page = _html(site, "jamfor/kolada-n31814")
    table = page.find("table", class_="plansite-data")
    headers = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    assert headers[-5:] == ["2021", "2022", "2023", "2024", "2025"]
    rows = {(r.th.get_text(strip=True), r.find_all("td")[1].get_text(strip=True)): [td.get_text(strip=True).replace("\xa0", " ") for td in r.find_all("td")[2:]]
            for r in table.tbody.find_all("tr")}
    assert set(rows) == {("Härryda", "Utfall"), ("Härryda", "Mål"), ("Värnamo", "Utfall"), ("Värnamo", "Mål")}
    assert rows[("Värnamo", "Utfall")] == ["", "13 dagar", "11 dagar", "", ""]
    assert rows[("Härryda", "Utfall")] == ["3 veckor", "", "", "", ""]
    links = {a["href"] for a in table.find_all("a")}
    assert links == {f"../../{SECOND}/indikatorer/handlaggning/", f"../../{FIRST}/indikatorer/vantetid/"}
    text = page.get_text(" ", strip=True)
    assert "Enheterna skiljer sig åt: Härryda: veckor; Värnamo: dagar" in text
    assert "olika år: Härryda: 2021; Värnamo: 2022–2023" in text
    targets = [li.get_text(" ", strip=True).replace("\xa0", " ") for li in page.find("h2", string="Målen").find_next("ul").find_all("li")]
    assert targets == ["Socialnämnden, Härryda kommun: 2024: högst 1 veckor",
                       "Testnämnden, Värnamo kommun: 2025: högst 2 dagar"]
    kolada = page.find("a", string="N31814")
    assert kolada["href"].startswith("https://www.kolada.se/")
    index = _html(site, "jamfor")
    assert [a["href"] for a in index.find("table").find_all("a")] == ["kolada-n31814/", kolada["href"]]
    assert not (site / "jamfor" / "kolada-n99999").exists()


def test_the_comparison_tables_units_and_words_are_the_documents_escaped_and_marked_swedish(project: Path):
    """A unit is the document's word, escaped like any text of the data, and marked Swedish on an
    English page (WCAG 3.1.2), the number beside it not; a value in words wraps as text (no class num)."""
    measure = _measure(project)
    hostile = replace(measure, members=tuple((p, replace(i, unit="<b>dagar</b>")) for p, i in measure.members))
    table = BeautifulSoup(compare_page(hostile, [], lang="en"), "html.parser").find("table", class_="plansite-data")
    assert table.find("b") is None
    values = table.select("td.num .plansite-value")
    assert len(values) == 5 and all(v.find(string="<b>dagar</b>").parent.get("lang") == "sv" for v in values)
    assert all(v.get("lang") is None and v.parent.get("lang") is None for v in values)
    swedish = BeautifulSoup(compare_page(measure, [], lang="sv"), "html.parser")
    assert swedish.select("td.num [lang]") == []  # on a Swedish page nothing is marked
    # the years' headers stand right, over their numbers; the others left
    headers = swedish.find("table", class_="plansite-data").select("thead th")
    assert [th.get_text() for th in headers if "num" in (th.get("class") or [])] == ["2021", "2022", "2023", "2024", "2025"]
    words = replace(measure, members=tuple(
        (p, replace(i, observations=tuple(replace(o, value=None, printed="minska <jämfört>") for o in i.observations)))
        for p, i in measure.members))
    cells = BeautifulSoup(compare_page(words, [], lang="en"), "html.parser").select("tbody td span[lang=sv]")
    printed = [c for c in cells if c.get_text() == "minska <jämfört>"]
    assert len(printed) == 5 and all("num" not in (c.parent.get("class") or []) for c in printed)


def test_a_comparison_page_leaves_its_width_to_the_values_table(site: Path):
    """No table of contents beside a comparison (Material's ``hide: toc``): its four headings cost the
    table with a column a year a third of its width at 1280 px."""
    for lang in ("", "en/"):
        page = _html(site, f"{lang}jamfor/kolada-n31814")
        assert page.select_one('.md-sidebar--secondary[data-md-type="toc"]').has_attr("hidden"), lang
    indicator = _html(site, f"{FIRST}/indikatorer/vantetid")  # other pages keep theirs
    assert not indicator.select_one('.md-sidebar--secondary[data-md-type="toc"]').has_attr("hidden")


def test_compare_url_resolves_and_indicator_pages_link_their_comparison(site: Path):
    rows = {(r["plan_id"], r["indicator_id"]): r for r in read_csv(site / "data" / "indicators.csv")}
    assert rows[(FIRST, "egen")]["compare_url"] == ""
    for key in ((FIRST, "vantetid"), (SECOND, "handlaggning")):
        url = rows[key]["compare_url"]
        assert url == "jamfor/kolada-n31814/" and (site / url / "index.html").is_file()
        page = _html(site, rows[key]["page_url"])
        link = page.find("dt", string="Jämförelse").find_next("dd").a
        assert (site / rows[key]["page_url"] / link["href"] / "index.html").resolve() == (site / url / "index.html").resolve()
    assert _html(site, rows[(FIRST, "egen")]["page_url"]).find("dt", string="Jämförelse") is None
    nav = [a["href"] for a in _html(site, "data").find_all("a", class_="md-nav__link") if a.get_text(strip=True) == "Jämför kommuner"]
    assert nav == ["../jamfor/"]


def test_every_indicator_page_offers_a_citation_and_an_embed_snippet(site: Path):
    page = _html(site, f"{FIRST}/indikatorer/vantetid")
    citation = page.find("p", class_="plansite-citation").get_text()
    assert citation == (f"Värnamo kommun, Testnämnden: Verksamhetsplan 2024. Indikator: Väntetid i dagar, 2022–2025. "
                        f"{SITE_URL}{FIRST}/indikatorer/vantetid/ (hämtad [datum]).")
    other = _html(site, f"{SECOND}/indikatorer/handlaggning").find("p", class_="plansite-citation").get_text()
    assert "Verksamhetsplan 2024, antagen 2023-03-08" in other
    snippet = BeautifulSoup(page.find("pre", class_="plansite-embed").get_text(), "html.parser").img
    assert snippet["src"] == f"{SITE_URL}data/{FIRST}/indikatorer/vantetid.svg" and "Väntetid i dagar" in snippet["alt"]
    svg = (site / "data" / FIRST / "indikatorer" / "vantetid.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in svg
    shown = page.find("figure").img  # the page shows that file
    assert (site / FIRST / "indikatorer" / "vantetid" / shown["src"]).resolve() == \
        (site / "data" / FIRST / "indikatorer" / "vantetid.svg").resolve()
    assert shown["alt"].startswith("Diagram över Väntetid i dagar.")
    drawn = BeautifulSoup(svg, "html.parser").svg  # its box, before the file arrives, is the drawing's
    _, _, width, height = (float(n) for n in drawn["viewbox"].split())
    assert shown["width"] == drawn["width"] and int(shown["height"]) == round(height * int(drawn["width"]) / width)


def test_the_plan_names_and_links_its_source_and_no_page_shows_the_internal_file_name(site: Path):
    facts = _html(site, FIRST).find("dt", string="Originaldokument").find_next("dd")
    assert facts.a["href"] == SOURCE_URL and facts.get_text().startswith("Testdokumentet (PDF), Testnämnden, Värnamo kommun")
    second = _html(site, SECOND).find("dt", string="Originaldokument").find_next("dd").get_text()
    assert second.startswith("Härrydas plan, Socialnämnden, Härryda kommun, antagen 2023-03-08") and "ingen offentlig" in second
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    assert [p for p in pages if SOURCE_FILE in p.read_text(encoding="utf-8")] == []


def _measure(project: Path):
    report = validate_project(project / "datapackages", project / "content")
    return shared_measures([report.validated[name].plan for name in report.plans])[0]


def _svg(markdown: str) -> BeautifulSoup | None:
    return BeautifulSoup(markdown, "html.parser").find("svg", attrs={"role": "img"})


def test_the_comparison_chart_draws_one_series_per_plan_where_the_units_agree(project: Path):
    measure = _measure(project)
    same_unit = replace(measure, members=tuple((p, replace(i, unit="dagar")) for p, i in measure.members))
    page = compare_page(same_unit, [], lang="sv", render_chart=charts.to_svg)
    svg = _svg(page)
    assert svg is not None and svg.find("title").get_text() == "Handläggningstid"
    points = [(p["data-series"], p) for p in svg.find_all(class_="chart-point")]
    assert sorted({name for name, _ in points}) == ["Härryda: Mål", "Härryda: Utfall", "Värnamo: Mål", "Värnamo: Utfall"]
    assert len(points) == 5  # Härryda 2021, 2024; Värnamo 2022, 2023, 2025: every printed total once
    plans = {name.split(":")[0] for name, _ in points}
    assert plans == {"Härryda", "Värnamo"}
    for kind in ("Utfall", "Mål"):  # the plans differ in marker shape and colour, not colour alone
        a, b = (next(p for n, p in points if n == f"{plan}: {kind}") for plan in sorted(plans))
        assert a["stroke"] != b["stroke"] and re.sub("[^A-Za-z]", "", a["d"]) != re.sub("[^A-Za-z]", "", b["d"])
    desc = svg.find("desc").get_text().replace("\xa0", " ")
    assert "Härryda: utfall 2021: 3 dagar; mål 2024: ≤ 1 dagar" in desc and "Värnamo: utfall 2022: 13 dagar, 2023: 11 dagar" in desc
    soup = BeautifulSoup(page, "html.parser")
    assert "varje plan har en egen färg, markörform och linje" in soup.find("figcaption").get_text()
    assert soup.find("table", class_="plansite-data") is not None  # the table stays
    english = _svg(compare_page(same_unit, [], lang="en", render_chart=charts.to_svg))
    assert {p["data-series"] for p in english.find_all(class_="chart-point")} >= {"Härryda: Actual", "Värnamo: Target"}


def test_a_plan_without_drawn_values_does_not_stop_the_chart_by_its_unit(project: Path):
    """A plan with only a text target (or a range) draws nothing: its unit, often empty, is not
    compared with the others'."""
    measure = _measure(project)
    (first, first_ind), (second, second_ind) = measure.members[:2]
    texts_only = replace(second_ind, unit="", observations=tuple(
        replace(o, value=None, printed="minska") for o in second_ind.observations))
    members = ((first, replace(first_ind, unit="dagar")), (second, texts_only))
    svg = _svg(compare_page(replace(measure, members=members), [], lang="sv", render_chart=charts.to_svg))
    assert svg is not None
    assert {p["data-series"].split(":")[0] for p in svg.find_all(class_="chart-point")} == {first.meta.municipality}
    assert svg.find(string=re.compile("dagar")) is not None  # the axis names the drawn plan's unit
    notes = BeautifulSoup(compare_page(replace(measure, members=members), [], lang="sv"), "html.parser").get_text(" ")
    assert "Diagrammet ritar bara de planer som har tal att rita" in notes and "därför finns inget diagram" not in notes


def test_no_comparison_chart_where_units_differ_or_plans_outnumber_the_styles(project: Path, site: Path):
    page = _html(site, "jamfor/kolada-n31814")  # dagar and veckor
    assert page.find("article").find("svg") is None
    assert "därför finns inget diagram, bara tabellen" in page.get_text(" ", strip=True)
    measure = _measure(project)
    plan, ind = measure.members[1]
    many = tuple((replace(plan, plan_id=f"plan-{n}", meta=replace(plan.meta, municipality=f"Kommun {n}")), ind)
                 for n in range(len(compare_chart.PLAN_STYLES) + 1))
    text = compare_page(replace(measure, members=many), [], lang="sv", render_chart=charts.to_svg)
    assert _svg(text) is None and "visas bara i tabellen" in text


def test_every_indicator_chart_is_published_as_png_and_linked_under_citera(built: BuildResult, site: Path):
    svgs = sorted((site / "data").rglob("*.svg"))
    assert [p.stem for p in svgs] == ["handlaggning", "vantetid"]
    for svg in svgs:
        png = svg.with_suffix(".png").read_bytes()
        assert png.startswith(raster.PNG_SIGNATURE) and png[12:16] == b"IHDR"
        width, height = struct.unpack(">II", png[16:24])
        box = BeautifulSoup(svg.read_text(encoding="utf-8"), "html.parser").svg["viewbox"].split()
        drawn, tall = float(box[2]), float(box[3])  # the drawing's size, not the up-to-a-third-larger width shown
        assert (width, height) == (pytest.approx(drawn * raster.SCALE, abs=2), pytest.approx(tall * raster.SCALE, abs=2))
    assert built.rasterised == 4  # each chart in Swedish and in English
    page = _html(site, f"{FIRST}/indikatorer/vantetid")
    links = {a.get_text(" ", strip=True): a["href"] for a in page.select(".plansite-downloads a")}
    png_link = next(h for t, h in links.items() if "PNG" in t)
    assert (site / FIRST / "indikatorer" / "vantetid" / png_link).resolve() == (site / "data" / FIRST / "indikatorer" / "vantetid.png").resolve()
    english = _html(site, f"en/{FIRST}/indikatorer/vantetid")
    png_link = next(a["href"] for a in english.select(".plansite-downloads a") if "PNG image" in a.get_text())
    english_png = (site / "en" / FIRST / "indikatorer" / "vantetid" / png_link).resolve()
    assert english_png == (site / "en" / "data" / FIRST / "indikatorer" / "vantetid.png").resolve()
    assert english_png.read_bytes().startswith(raster.PNG_SIGNATURE)
    assert english_png.read_bytes() != (site / "data" / FIRST / "indikatorer" / "vantetid.png").read_bytes()  # drawn in English


def test_a_second_build_takes_the_unchanged_pngs_from_the_cache(project: Path, site: Path):
    cached = sorted(raster.cache_dir(project).iterdir())
    assert len(cached) == 4  # two charts, each in Swedish and in English
    again = build_site(project, project / "site")
    assert again.rasterised == 0 and sorted(raster.cache_dir(project).iterdir()) == cached
    assert (again.site_dir / "data" / FIRST / "indikatorer" / "vantetid.png").read_bytes() == cached_png(cached, again)


def cached_png(cached: list[Path], result: BuildResult) -> bytes:
    """The cache entry the site's PNG came from (the same bytes)."""
    data = (result.site_dir / "data" / FIRST / "indikatorer" / "vantetid.png").read_bytes()
    assert any(p.read_bytes() == data for p in cached)
    return data
