"""Indicator, goal and status pages and charts in English: no Swedish interface text, real English.

Rendered from the tiny plan of the golden test, and from the same plan with more indicators
(part-year figures, forecasts, genders, a target in words, loose indicators), so that every kind of
sentence these pages make is seen in English.
"""

from __future__ import annotations

import re
import string

import pytest

from generator.i18n import texts
from generator.render import charts, svg
from generator.render.goals import goal_page, goals_overview
from generator.render.indicator import indicator_page, status_summary
from generator.validate.project import validate_project

from .conftest import MINIMAL_FILES, csv_text, make_package

PLAN = "testby-testnamnden-2024"
AREAS = ("indicator", "goals", "chart", "status")
#: Code names these pages show (labels.toml), checked with the page texts.
LABEL_GROUPS = ("value_type", "gender", "kind", "kind_plural", "level", "direction", "trend", "decided_by")

GOALS = csv_text(
    ["goal_id", "parent_id", "level", "level_label", "code", "title", "description", "decided_by", "agenda2030", "crc_articles", "section", "order", "note"],
    [["omrade", "", "area", "", "", "Trygghet", "", "", "", "", "1", "1", ""],
     ["mal-1", "omrade", "board_goal", "", "", "Kortare väntetider", "", "", "1;10.2", "", "1", "2", ""],
     ["mal-2", "omrade", "board_goal", "Nämndsmål", "B2", "Fler i arbete", "Text om målet.", "KF", "", "3;12", "1", "3", "En not."]])
INDICATORS = csv_text(
    ["indicator_id", "goal_id", "name", "unit", "kind", "direction", "kolada_id", "concordance_key", "decided_by", "measures", "agenda2030", "table_id", "section", "order", "note"],
    [["vantetid", "mal-1", "Väntetid i dagar", "dagar", "target", "lower", "N31814", "", "", "", "", "", "1", "1", ""],
     ["andel", "mal-1", "Andel nöjda", "procent", "target", "higher", "", "", "KF", "R/K", "3", "", "1", "2", "Mäts i enkät."],
     ["kon", "mal-1", "Deltagare", "antal", "monitoring", "", "", "", "", "E", "", "", "", "3", ""],
     ["los", "", "Sjukfrånvaro", "procent", "key_figure", "lower", "", "", "", "", "", "", "", "4", ""]])
OBSERVATIONS = csv_text(
    ["indicator_id", "period", "value_type", "gender", "comparator", "value", "value_max", "printed", "trend", "comparison", "note"],
    [["vantetid", "2022", "utfall", "T", "", "13", "", "13", "", "", ""],
     ["vantetid", "2025", "mal", "T", "<=", "2", "", "≤2", "", "", ""],
     ["andel", "2022", "utfall", "T", "", "40", "", "40", "up", "grön", ""],
     ["andel", "2023", "utfall", "T", "", "45.5", "", "45,5", "", "", "Utfall delår 2023"],
     ["andel", "2024", "prognos", "T", "", "47", "", "47", "", "", ""],
     ["andel", "2024", "mal", "T", "", "50", "60", "50–60", "", "", ""],
     ["andel", "2025", "mal", "T", "", "", "", "Öka", "", "", ""],
     ["kon", "2023", "utfall", "K", "", "1200", "", "1 200", "", "", ""],
     ["kon", "2023", "utfall", "M", "", "900", "", "900", "", "", ""],
     ["los", "2023", "utfall", "T", "", "7.5", "", "7,5", "", "", ""]])


def _plan(root, files=None):
    make_package(root, PLAN, files=files)
    report = validate_project(root / "datapackages", root / "content")
    assert report.ok, [p.line() for p in report.errors]
    return report.validated[PLAN].plan


def _fake_chart(chart, title: str, description: str, element_id: str) -> str:
    """A chart's SVG without its drawing: its title and description as ``charts.to_svg`` writes them."""
    return svg.document("", 100, 50, title=title, description=description, element_id=element_id)


def _pages(plan, lang: str, render_chart=_fake_chart) -> dict[str, str]:
    """Every page of these kinds, with no-break spaces (between a number and its unit) as spaces."""
    pages = {"overview": goals_overview(plan, lang=lang), "summary": status_summary(plan.indicators, lang=lang)}
    pages |= {f"goal/{g.goal_id}": goal_page(plan, g, lang=lang) for g in plan.goals}
    pages |= {f"indicator/{i.indicator_id}": indicator_page(plan, i, render_chart, lang=lang) for i in plan.indicators}
    return {name: html.replace("\u00a0", " ") for name, html in pages.items()}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return _plan(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    files = {**MINIMAL_FILES, "goals.csv": GOALS, "indicators.csv": INDICATORS, "observations.csv": OBSERVATIONS}
    return _plan(tmp_path_factory.mktemp("rich"), files)


def _swedish_fragments() -> set[str]:
    """The Swedish texts of these pages (and the code names they show), cut at the placeholders:
    each literal piece longer than 6 characters that the English text does not also have."""
    sv, en = texts.catalogue("sv"), texts.catalogue("en")
    keys = [k for k in sv if k.split(".")[0] in AREAS or (k.startswith("labels.") and k.split(".")[1] in LABEL_GROUPS)]
    found = set()
    for key in keys:
        forms = sv[key].values() if isinstance(sv[key], dict) else [sv[key]]
        english = " ".join(en[key].values()) if isinstance(en[key], dict) else str(en[key])
        for form in forms:
            for literal, *_ in string.Formatter().parse(str(form)):
                piece = literal.strip(" ;:,.()")
                if len(piece) > 6 and piece not in english:
                    found.add(piece)
    return found


def _visible(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def test_the_check_knows_the_swedish_texts():
    fragments = _swedish_fragments()
    assert {"Du är här", "Utfallet", "når inte målet för", "Kan inte bedömas", "Ladda ner", "Mål och indikatorer",
            "Målindikator"} <= fragments


@pytest.mark.parametrize("which", ["tiny", "rich"])
def test_no_swedish_interface_text_in_english(which, request):
    plan = request.getfixturevalue(which)
    fragments = _swedish_fragments()
    for name, html in _pages(plan, "en").items():
        leaks = sorted(f for f in fragments if f in _visible(html))
        assert not leaks, (name, leaks)


def test_the_tiny_plan_in_english(tiny):
    pages = _pages(tiny, "en")
    page = pages["indicator/vantetid"]
    assert 'description: "The actual for 2022 was 13 dagar; the target for 2025 is at most 2 dagar."' in page
    assert '<nav class="plansite-crumbs" aria-label="You are here">' in page
    assert ('Cannot be assessed</span> The actual for 2022 (13 <span lang="sv">dagar</span>) does not yet meet the '
            'target for 2025 (at most 2 <span lang="sv">dagar</span>); there are too few values to see which way it '
            "is going.") in page
    assert "## Values\n" in page and "## Download { data-search-exclude }\n" in page and "## About the indicator\n" in page
    assert "<dt>Type</dt><dd>Target indicator</dd>" in page and "A lower value is better" in page
    assert "Chart of Väntetid i dagar. Actual 2022: 13; Target 2025: ≤ 2." in page
    assert "<figcaption>Chart: actual (solid line, circles), target (dotted line, open squares)." in page
    overview = pages["overview"]
    assert "# Goals and indicators\n" in overview
    assert "Status of the indicators (1 indicator with a target):" in overview
    assert ('<td role="cell" data-label="Latest value">Actual 2022: <span class="plansite-value">13 <span lang="sv">dagar</span></span></td>' in overview
            and "More about the goal" in overview)
    assert "<dt>Level</dt><dd>Board goal</dd>" in pages["goal/mal-1"]


def test_richer_sentences_in_english(rich):
    pages = _pages(rich, "en")
    andel = pages["indicator/andel"]
    assert ("The actual for part-year 2023 was 45.5 %; the forecast for 2024 is 47 %; the target for 2024 is "
            "between 50 and 60 %, and for 2025 the plan says “Öka”.") in andel
    assert "The forecast for 2024 (47 %) does not meet the target for 2024 (between 50 and 60 %)." in andel
    assert ('<th scope="row" role="rowheader" data-label="Year">part-year 2023</th>'
            '<td role="cell" data-label="Type of value">Actual</td>') in andel
    assert "Trend: ↗ rising" in andel and "Compared with larger cities: grön" in andel
    assert '<strong>Note:</strong> <span lang="sv">Mäts i enkät.</span>' in andel
    assert "<dt>Measures</dt><dd>Results/quality</dd>" in andel and "<dt>Decided by</dt><dd>Municipal council</dd>" in andel
    kon = pages["indicator/kon"]
    assert "Actual, women/girls 2023: 1,200; Actual, men/boys 2023: 900" in kon
    assert '<th scope="col" role="columnheader">Gender</th>' in kon and "<dt>Measures</dt><dd>Efficiency</dd>" in kon
    assert "The actual for 2023 was women/girls 1,200, men/boys 900." in kon  # no total printed: the genders
    assert "Status of the indicators (2 indicators with targets):" in pages["overview"]
    assert "## Monitoring figures, key figures and staff figures" in pages["overview"]
    assert "### Key figures" in pages["overview"]
    goal = pages["goal/mal-2"]
    assert "The plan sets no measurable indicators for this goal." in goal
    assert "<dt>Convention on the Rights of the Child, articles</dt><dd>3, 12</dd>" in goal
    assert "## Goals under this one" in pages["goal/omrade"]


def test_the_swedish_pages_say_the_same_in_swedish(rich):
    andel = _pages(rich, "sv")["indicator/andel"]
    assert ("Utfallet delår 2023 var 45,5 %; prognosen för 2024 är 47 %; målet för 2024 är mellan 50 och 60 % "
            "och för 2025 skriver planen ”Öka”.") in andel


def test_a_chart_by_gender_filters_on_codes_and_names_series_in_the_language(rich):
    kon = next(i for i in rich.indicators if i.indicator_id == "kon")
    for lang, names in (("sv", ["Utfall, kvinnor/flickor", "Utfall, män/pojkar"]),
                        ("en", ["Actual, women/girls", "Actual, men/boys"])):
        chart = charts.indicator_chart(kon, lang=lang)
        assert chart.lang == lang and [s.name for s in chart.series] == names
        assert {r["value_type"] for r in chart.rows} == {"utfall"} and {r["gender"] for r in chart.rows} == {"K", "M"}
        svg = charts.to_svg(chart, kon.name, "", "diagram-kon")
        assert all(f'data-series="{name}"' in svg for name in names)
        assert ("Utfall" in svg) == (lang == "sv") and ("Actual" in svg) == (lang == "en")


def test_an_english_chart_is_drawn_with_english_numbers_and_titles(rich):
    andel = next(i for i in rich.indicators if i.indicator_id == "andel")
    drawn = []  # the chart the page shows, as its SVG file holds it

    def recording(*args) -> str:
        drawn.append(charts.to_svg(*args))
        return drawn[-1]

    page = indicator_page(rich, andel, recording, lang="en")
    svg, = drawn
    assert "<svg" not in page and 'alt="Chart of ' in page and 'src="../../../data/' in page
    assert ">Year</text>" in svg and ">45.5</text>" in svg and ">Actual</text>" in svg and ">Forecast</text>" in svg
    assert "Utfall" not in svg and "Prognos" not in svg


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_code_these_pages_name_has_its_words(lang):
    """Keys built from codes: the drawn series (chart.key.*) and every measures code of the format."""
    import json
    from pathlib import Path

    for code in charts.SERIES:
        assert texts.has(f"chart.key.{code}", lang), code
    schema = json.loads((Path(texts.__file__).parents[1] / "spec" / "schemas" / "indicators.json").read_text("utf-8"))
    measures = next(f for f in schema["fields"] if f["name"] == "measures")["constraints"]["enum"]
    for code in measures:
        assert texts.has(f"indicator.measures.{code}", lang), code
