"""What a citizen reads, second round (issue 15): charts by gender and with target bands, budget
charts over every year, phone tables that name every value, and the document's own words.

Rendered from the shipped plans (their packages loaded as the build loads them) and from small
hand-made indicators; the browser checks at 390 px are in tests/test_phone.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from decimal import Decimal
from functools import cache

import pytest
from bs4 import BeautifulSoup

from generator.ingest.load import load_plan
from generator.model.codes import ObservationSource
from generator.model.plan import Indicator, Observation
from generator.render import budget_chart, charts, svg
from generator.render.budget import budget_page, minus_signs
from generator.render.goals import goal_page, goals_overview
from generator.render.html import agenda2030_text, data_table, units_marked, value_html
from generator.render.indicator import (
    indicator_page,
    status_summary,
    summary_sentence,
)
from generator.render.kolada_values import kolada_section
from generator.render.pages import home_page
from generator.render.sections import about_document_page, plan_overview

from .conftest import ROOT, SEEDS, read_csv

VARNAMO = "varnamo-medborgarnamnden-2024-2026"
VAXJO = "vaxjo-arbete-och-valfard-2024"
MARK = "mark-socialnamnden-2024-2025"
TYRESO = "tyreso-arbetsmarknad-och-social-2024"
PLANS = sorted(p.name for p in (ROOT / "datapackages").iterdir() if (p / "datapackage.json").is_file())
SEED_OF = {VARNAMO: "000_", MARK: "001_", VAXJO: "002_", "harryda-socialnamnden-2023-2025": "003_", TYRESO: "004_"}


@cache
def plan(plan_id: str):
    return load_plan(ROOT / "datapackages" / plan_id)


def _fake_chart(chart, title: str, description: str, element_id: str) -> str:
    """A chart's SVG without its drawing: its title and description as ``charts.to_svg`` writes them."""
    return svg.document("", 100, 50, title=title, description=description, element_id=element_id)


def _text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def _obs(period: int, value_type: str, gender: str, value: str | None, value_max: str | None = None, **kw) -> Observation:
    return Observation(indicator_id="i", period=period, value_type=value_type, gender=gender,
                       value=Decimal(value) if value is not None else None,
                       value_max=Decimal(value_max) if value_max is not None else None, **kw)


def _indicator(*observations: Observation, unit: str = "procent") -> Indicator:
    return Indicator(indicator_id="i", goal_id="", name="Andel", unit=unit, kind="key_figure", order=1,
                     observations=observations)


SVG = "{http://www.w3.org/2000/svg}"


def _drawn(chart) -> ET.Element:
    """The chart drawn as the build draws it, parsed."""
    return ET.fromstring(charts.to_svg(chart, "Titel", "Beskrivning", "diagram-i"))


def _parts(root: ET.Element, cls: str, series: str | None = None) -> list[ET.Element]:
    """The drawn parts of a kind ("point", "line", "band", "value", "key", "bar"), of one series."""
    return [el for el in root.iter() if el.get("class") == f"chart-{cls}"
            and (series is None or el.get("data-series") == series)]


def _x(path: ET.Element) -> float:
    """Where a marker stands: the middle of its outline's points (an arc's radii left out)."""
    xs = [float(x) for x in re.findall(r"(?<![A\d.])(-?[\d.]+),-?[\d.]+", path.get("d"))]
    return (min(xs) + max(xs)) / 2


# --- charts by gender, target ranges as bands, a key that matches ---------------------------------

GENDERED = _indicator(_obs(2021, "utfall", "T", "79"), _obs(2021, "utfall", "K", "78"), _obs(2021, "utfall", "M", "80"),
                      _obs(2022, "utfall", "T", "77"), _obs(2022, "utfall", "K", "75"), _obs(2022, "utfall", "M", "79"))


def test_a_plan_that_splits_by_gender_gets_a_series_for_women_and_men():
    chart = charts.indicator_chart(GENDERED, lang="sv")
    names = [s.name for s in chart.series]
    assert names == ["Utfall, totalt", "Utfall, kvinnor/flickor", "Utfall, män/pojkar"]
    # told apart by marker and line style, not by colour alone
    assert len({s.shape for s in chart.series}) == 3 and len({s.dash for s in chart.series}) == 3
    root = _drawn(chart)
    for name in names:  # two years each: two markers joined by a line of the series' own dash
        assert len(_parts(root, "point", name)) == 2 and len(_parts(root, "line", name)) == 1
    # women, the total and men stand side by side within a year
    firsts = [min(_x(p) for p in _parts(root, "point", name)) for name in names]
    assert firsts[1] < firsts[0] < firsts[2]
    # the key is drawn with the chart's own marks: a line, a marker and the name of each series
    keys = _parts(root, "key")
    assert [k.get("data-series") for k in keys] == names
    for key, name in zip(keys, names):
        line, mark = key.findall(f"{SVG}path")
        drawn_line, drawn_mark = _parts(root, "line", name)[0], _parts(root, "point", name)[0]
        assert line.get("stroke-dasharray") == drawn_line.get("stroke-dasharray")
        assert (mark.get("fill"), mark.get("stroke")) == (drawn_mark.get("fill"), drawn_mark.get("stroke"))
        assert key.find(f"{SVG}text").text == name
    # the text alternative names every point
    page = indicator_page(plan(VAXJO), GENDERED, _fake_chart, lang="sv")
    assert "Utfall, kvinnor/flickor 2021: 78" in page and "Utfall, män/pojkar 2022: 79" in page
    assert "kvinnor/flickor (romber, streck och punkt), män/pojkar (trianglar nedåt, korta streck)" in page


def test_targets_are_open_in_the_chart_and_in_its_key_and_a_range_is_a_band():
    ind = _indicator(_obs(2022, "utfall", "T", "60"), _obs(2023, "mal", "T", "75", comparator=">="),
                     _obs(2024, "mal", "T", "70", "100"))
    root = _drawn(charts.indicator_chart(ind, lang="sv"))
    actual, target = _parts(root, "point", "Utfall")[0], _parts(root, "point", "Mål")[0]
    assert actual.get("fill") == charts.VALUE_TYPE_STYLES["utfall"][0]  # filled
    assert target.get("fill") == "none"  # open, in the chart and in the key
    assert _parts(root, "key", "Mål")[0].find(f"{SVG}path[2]").get("fill") == "none"
    # a range is a band from its lower to its upper bound, never a point at its lower bound
    assert not _parts(root, "point", "Mål, intervall")
    band, = _parts(root, "band", "Mål, intervall")
    assert band.get("fill") == charts.RANGE_FILL and float(band.get("height")) > 0
    key_band = _parts(root, "key", "Mål, intervall")[0].find(f"{SVG}rect")
    assert key_band.get("fill") == charts.RANGE_FILL
    # the values as the page prints them, the range's above its band
    values = {el.get("data-series"): el.text for el in _parts(root, "value")}
    assert values == {"Utfall": "60", "Mål": "≥ 75", "Mål, intervall": "70–100"}
    range_label = _parts(root, "value", "Mål, intervall")[0]
    assert float(range_label.get("y")) < float(band.get("y"))


def test_a_single_value_is_said_not_drawn_and_vaxjo_draws_its_genders():
    """Växjö printed one year per key figure: its chart was one dot (the total). With its women and
    men it is three marks side by side; a key figure without a split is the sentence and the table."""
    vaxjo = plan(VAXJO)
    by_gender = [i for i in vaxjo.indicators if any(o.gender == "K" for o in i.observations)]
    single = [i for i in vaxjo.indicators if i not in by_gender and len([o for o in i.observations if o.value is not None]) == 1]
    assert len(by_gender) == 15 and single
    assert all(charts.indicator_chart(i, lang="sv") is not None for i in by_gender)
    assert all(charts.indicator_chart(i, lang="sv") is None for i in single)
    page = indicator_page(vaxjo, single[0], _fake_chart, lang="sv")
    assert "<svg" not in page and "plansite-chart" not in page and "<table" in page


def test_the_summary_sentence_names_women_and_men():
    forvarv = next(i for i in plan(VAXJO).indicators if i.indicator_id == "forvarvsarbetande-20-64")
    nbsp = "\u00a0"
    assert summary_sentence(forvarv, "sv") == f"Utfallet 2021 var 79{nbsp}% (kvinnor/flickor 78{nbsp}%, män/pojkar 80{nbsp}%)."
    assert summary_sentence(forvarv, "en") == f"The actual for 2021 was 79{nbsp}% (women/girls 78{nbsp}%, men/boys 80{nbsp}%)."
    only_genders = _indicator(_obs(2023, "utfall", "K", "12"), _obs(2023, "utfall", "M", "9"), unit="dagar")
    assert summary_sentence(only_genders, "sv") == f"Utfallet 2023 var kvinnor/flickor 12{nbsp}dagar, män/pojkar 9{nbsp}dagar."


def test_every_chart_text_is_at_least_13_px_in_the_drawing():
    drawn = [charts.indicator_chart(GENDERED, lang="sv")]
    drawn += [budget_chart.bar_chart(t, lang="sv") for p in PLANS for t in plan(p).budget_tables]
    sizes = []
    for chart in filter(None, drawn):
        root = _drawn(chart)
        texts = list(root.iter(f"{SVG}text"))
        sizes += [float(el.get("font-size")) for el in texts]
        assert not any("…" in (el.text or "") for el in texts)
    assert sizes and min(sizes) >= 13


# --- budget charts over every year, one minus sign, each note once ---------------------------------

def test_the_budget_chart_covers_every_column_the_plan_budgets():
    drift = next(t for t in plan(VARNAMO).budget_tables if t.table_id == "driftbudget")
    rows = budget_chart.budget_rows(drift, lang="sv")
    assert [r["Kolumn"] for r in rows] == ["Bokslut 2021", "Bokslut 2022", "Budget 2023", "Prel Budget 2024",
                                           "Prel Budget 2025", "Prel Budget 2026"]
    assert {r["Rad"] for r in rows} == {"TOTAL NETTOKOSTNAD"}
    for p in PLANS:
        for table in plan(p).budget_tables:
            chart = budget_chart.bar_chart(table, lang="sv")
            if chart is None:
                continue
            rows = budget_chart.budget_rows(table, lang="sv")
            drawn = {r["Kolumn"] for r in rows}
            totals = {v.column for line in table.lines if line.is_total for v in line.values if v.amount is not None}
            assert totals <= drawn or len(drawn) == 1, (p, table.table_id, totals - drawn)
            root = _drawn(chart)
            texts = {el.text for el in root.iter(f"{SVG}text")}
            assert len(_parts(root, "bar")) == len(rows)  # a bar per amount, its amount as printed beside it
            assert sorted(el.text for el in _parts(root, "value")) == sorted(r["Etikett"] for r in rows)
            assert drawn <= texts or len(drawn) == 1, (p, table.table_id)  # no column's name is cut


def test_a_one_column_bridge_is_not_drawn():
    kommunbidrag = next(t for t in plan(TYRESO).budget_tables if t.table_id == "kommunbidrag")
    assert budget_chart.bar_chart(kommunbidrag, lang="sv") is None


def test_the_budget_page_writes_one_minus_sign_and_each_note_once():
    assert minus_signs("kostnad -26 328 och nettot -14 328 (2023-12-31, -2027)") == \
        "kostnad −26\u00a0328 och nettot −14\u00a0328 (2023-12-31, −2027)"
    for p in PLANS:
        soup = BeautifulSoup(budget_page(plan(p), _fake_chart, lang="sv"), "html.parser")
        text = " ".join(el.get_text(" ") for el in soup.select("ul.plansite-notes, table, svg"))
        assert not re.search(r"(?<![\w\-–])-\d", text), (p, re.findall(r".{20}(?<![\w\-–])-\d.{10}", text))
        assert "−" in text or p == VARNAMO, p
    vaxjo = _text(budget_page(plan(VAXJO), _fake_chart, lang="sv"))
    assert vaxjo.count("Nettobudget för 2023 inkluderar även kapitalkostnadsbudget.") == 1
    assert "Nettobudget 2023: Nettobudget för 2023 inkluderar även kapitalkostnadsbudget." in vaxjo


# --- values in table cells ---------------------------------------------------------------------------

def test_a_number_in_a_table_never_breaks_and_a_value_in_words_wraps_as_text():
    assert value_html(_obs(2025, "mal", "T", "60000", comparator="<="), "timmar", "sv") == (
        '<span class="plansite-value">≤ 60\u00a0000\u00a0timmar</span>')
    words = _obs(2024, "mal", "T", None, printed="behålla eller öka jämfört <2023>")
    assert value_html(words, "procent", "sv") == "behålla eller öka jämfört &lt;2023&gt;"  # escaped, no span
    assert value_html(words, "procent", "en") == '<span lang="sv">behålla eller öka jämfört &lt;2023&gt;</span>'
    # on a page in another language a unit that is a word is the document's, marked Swedish; the number is not
    assert value_html(_obs(2025, "mal", "T", "60000", comparator="<="), "timmar", "en") == (
        '<span class="plansite-value">≤ 60,000\u00a0<span lang="sv">timmar</span></span>')
    assert value_html(_obs(2025, "mal", "T", "70", value_max="100"), "dagar", "en") == (
        '<span class="plansite-value">70–100\u00a0<span lang="sv">dagar</span></span>')
    assert value_html(_obs(2025, "utfall", "T", "9.5"), "procent", "en") == (
        '<span class="plansite-value">9.5\u00a0%</span>')  # "%" is no word
    assert value_html(_obs(2025, "utfall", "T", "12"), "antal", "en") == '<span class="plansite-value">12</span>'
    assert value_html(_obs(2025, "utfall", "T", "3"), "‰", "en") == '<span class="plansite-value">3\u00a0‰</span>'
    assert value_html(_obs(2025, "utfall", "T", None), "dagar", "en") == "–"  # ours, not the document's: unmarked
    # in a sentence, a number's unit is marked as in a cell; the same word in a name, or in a longer word, is not
    sentence = "Väntetid i dagar <2>: the actual for 2023 was 13\u00a0dagar; 4\u00a0dagarna; at most 2\u00a0dagar."
    assert units_marked(sentence, "dagar", "en") == (
        'Väntetid i dagar &lt;2&gt;: the actual for 2023 was 13\u00a0<span lang="sv">dagar</span>; 4\u00a0dagarna; '
        'at most 2\u00a0<span lang="sv">dagar</span>.')
    assert units_marked(sentence, "dagar", "sv") == sentence.replace("<", "&lt;").replace(">", "&gt;")
    assert units_marked("9,5\u00a0% <", "procent", "en") == "9,5\u00a0% &lt;"
    # the Kolada comparison's values carry the unit as the number cells do: escaped, marked on an English page
    kolada = Observation(indicator_id="i", period=2023, value_type="utfall", gender="T", value=Decimal(6),
                         origin=ObservationSource.KOLADA, origin_date="2026-01-01")
    hostile = replace(_indicator(_obs(2023, "utfall", "T", "5"), unit="<img src=x onerror=alert(1)>"),
                      reported=(kolada,), kolada_id="N1")
    for lang in ("sv", "en"):
        soup = BeautifulSoup(kolada_section(hostile, lang=lang), "html.parser")
        assert soup.find("img") is None, lang
        values = soup.select("td.num .plansite-value")
        assert len(values) == 2 and all(v.get_text().endswith("\u00a0<img src=x onerror=alert(1)>") for v in values)
        marked = [v.find("span", lang="sv") for v in values]  # the unit alone, on an English page
        assert all((m is not None and m.get_text() == "<img src=x onerror=alert(1)>") == (lang == "en") for m in marked)
    # in the observations table a number is right-aligned (class num), words are not
    table = BeautifulSoup(indicator_page(plan(TYRESO), next(
        i for i in plan(TYRESO).indicators if any(o.value is None and o.printed for o in i.observations)),
        None, lang="sv"), "html.parser")
    cells = [td for td in table.select("td[data-label=Värde]")]
    assert any("num" not in td.get("class", []) and not td.find("span") for td in cells)
    assert all(td.find("span", class_="plansite-value") for td in cells if "num" in td.get("class", []))


def test_the_start_page_lists_each_status_with_its_count_as_one_item():
    """A list, so that a count never wraps apart from its status and no separator ends a line."""
    soup = BeautifulSoup(home_page([plan(MARK)], "", lang="sv"), "html.parser")
    items = soup.select("ul.plansite-status-counts > li")
    assert len(items) == 4 and all(li.select_one(".plansite-status") for li in items)
    texts = [" ".join(li.get_text().split()) for li in items]
    assert all(re.fullmatch(r"\S+ [^·]+ \d+", text) for text in texts), texts
    assert sum(int(text.rsplit(" ", 1)[1]) for text in texts) == sum(
        1 for i in plan(MARK).indicators if i.kind == "target" or any(o.value_type == "mal" for o in i.observations))


# --- phone tables ---------------------------------------------------------------------------------

def test_every_cell_of_a_data_table_is_labelled_with_its_column_and_the_table_stays_a_table():
    html = data_table("Värden &amp; mål", ["År", "Värde", "Anmärkning &lt;x&gt;"],
                      ['<tr><th scope="row">2022</th><td class="num">13</td><td></td></tr>'])
    soup = BeautifulSoup(html, "html.parser")
    table = soup.find("table")
    assert table["role"] == "table" and table.find("caption").get_text() == "Värden & mål"
    assert [th["scope"] for th in table.find("thead").find_all("th")] == ["col"] * 3
    cells = table.find("tbody").find_all(["th", "td"])
    assert [c.get("data-label") for c in cells] == ["År", "Värde", "Anmärkning <x>"]
    assert cells[0]["scope"] == "row" and cells[0]["role"] == "rowheader" and cells[1]["role"] == "cell"
    assert 'data-label="Anmärkning &lt;x&gt;"' in html
    assert "plansite-table--cards" in soup.find("div")["class"]
    budget = BeautifulSoup(data_table("Drift", ["Rad", "2024"], ['<tr><th scope="row">A</th><td>1</td></tr>'],
                                      css="plansite-budget"), "html.parser")
    assert "plansite-table--scroll" in budget.find("div")["class"]  # its years scroll, its first column stays


def test_the_goal_indicator_and_start_tables_are_cards_with_labels():
    pages = [home_page([plan(p) for p in PLANS], "# Öppna planer\n", lang="sv"),
             goals_overview(plan(TYRESO), lang="sv")]
    forvarv = next(i for i in plan(VAXJO).indicators if i.indicator_id == "forvarvsarbetande-20-64")
    pages.append(indicator_page(plan(VAXJO), forvarv, _fake_chart, lang="sv"))
    for page in pages:
        soup = BeautifulSoup(page, "html.parser")
        tables = soup.find_all("table")
        assert tables
        for table in tables:
            headers = [th.get_text(" ", strip=True) for th in table.find("thead").find_all("th")]
            for row in table.find("tbody").find_all("tr"):
                assert [c["data-label"] for c in row.find_all(["th", "td"])] == headers


# --- the document's own words ---------------------------------------------------------------------

def _labelled(source: str, label: str) -> str:
    """What the document prints after ``label`` at the start of a line ("Nämndsmål: …"), with the list
    that follows it ("Nämnd- och förvaltningsmål:" and its points)."""
    found = []
    for match in re.finditer(r"(?m)^" + re.escape(label) + r"[: ]", source):
        lines = source[match.end():].split("\n")
        block = [lines[0]]
        for line in lines[1:]:
            if line.strip() and not line.lstrip().startswith("-"):
                break
            block.append(line)
        found.append(" ".join(s.strip(" -") for s in block))
    return "\n".join(found)


@pytest.mark.parametrize("plan_id", sorted(SEED_OF))  # the shipped plans, not a fork's own
def test_goal_levels_are_the_words_the_document_prints(plan_id: str):
    seeds = list(SEEDS.glob(SEED_OF[plan_id] + "*.txt"))
    if not seeds:
        pytest.skip("the source text is in ../shared/seeds")
    source = seeds[0].read_text(encoding="utf-8")
    listed_under_heading = {"kf-basta-foretagskommun": "Kommungemensamma mål"}  # Mark 1.2: a list under the heading
    for goal in read_csv(ROOT / "datapackages" / plan_id / "goals.csv"):
        label = goal["level_label"]
        if not label:
            continue
        if goal["goal_id"] in listed_under_heading:
            heading = listed_under_heading[goal["goal_id"]]
            assert re.search(re.escape(heading) + r"\s*\n(?:.*\n){0,4}\s*" + re.escape(goal["title"]), source)
            assert re.search(re.escape(label) + r"[: ]", source)
            continue
        assert goal["title"][:40] in _labelled(source, label), (goal["goal_id"], label)


def test_the_pages_show_the_documents_level_words():
    varnamo = goals_overview(plan(VARNAMO), lang="sv")
    for words in ("Nämndsmål", "Externt mål", "Internt mål", "Extern"):
        assert f'<p class="plansite-level">{words} · ' in varnamo, words
    assert "Nämndens mål" not in _text(varnamo[varnamo.index("\n# "):])
    tyreso = goals_overview(plan(TYRESO), lang="sv")
    assert '<p class="plansite-level">Kommunövergripande mål · ' in tyreso
    assert '<p class="plansite-level">Nämnd- och förvaltningsmål · ' in tyreso
    assert "Kommunfullmäktiges mål" not in tyreso
    goal = next(g for g in plan(VARNAMO).goals if g.goal_id == "delaktighet-externt")
    page = goal_page(plan(VARNAMO), goal, lang="sv")
    assert "<dt>Nivå</dt><dd>Externt mål</dd>" in page
    assert "Externt mål." not in page  # the label is no longer kept in the description
    # a plan that prints no label keeps the format's name for the level
    assert '<p class="plansite-level">Kommunfullmäktiges mål · ' in goals_overview(plan(VAXJO), lang="sv")


def test_agenda_2030_goals_have_their_names():
    assert agenda2030_text("3;12", "sv") == "Mål 3: Hälsa och välbefinnande; Mål 12: Hållbar konsumtion och produktion"
    assert agenda2030_text("10.2", "en") == "Goal 10: Reduced inequalities, target 10.2"
    assert agenda2030_text("18", "sv") == "18"  # not one of the 17: as written
    mark = plan(MARK)
    goal = next(g for g in mark.goals if g.agenda2030)
    assert "Mål " in goal_page(mark, goal, lang="sv").split("<dt>Agenda 2030</dt>")[1][:80]


def test_about_the_document_has_no_publishers_jargon():
    for p in PLANS:  # the notes on the document (the corrections table is the record of every change)
        soup = BeautifulSoup(about_document_page(plan(p), lang="sv"), "html.parser")
        text = " ".join(el.get_text(" ") for el in [soup.find("dl"), *soup.find_all("ul")])
        for word in ("value_max", "comparator", "value =", "Konvention", "fältet", "fälten", "(monitoring)", " lagras "):
            assert word not in text, (p, word)
    fmt = (ROOT / "content" / "site" / "dataformat.md").read_text(encoding="utf-8")
    assert "`value_max`" in fmt and "planperiodens första år" in fmt and "`level_label`" in fmt


def test_counts_of_indicators_with_targets_say_which_kinds():
    mark = plan(MARK)
    overview = _text(plan_overview(mark, lang="sv"))
    assert "14 målindikatorer" in overview
    assert "(21 indikatorer med mål: 14 målindikatorer, 7 följetal)" in overview
    assert "(1 indikator med mål)" in _text(status_summary(mark.indicators[:1], lang="sv")) or \
        mark.indicators[0].kind != "target"


def test_the_start_page_is_titled_once():
    page = home_page([plan(p) for p in PLANS], "# Öppna planer\n", lang="sv")
    front = page.split("---")[1]
    assert "title:" not in front and "description:" in front
