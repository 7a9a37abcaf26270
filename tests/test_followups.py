"""A plan's follow-ups (delårsrapport, verksamhetsberättelse, årsredovisning): validated like the plan,
their values beside the plan's (never in their place) on the page, in the status, the chart and the
downloads, and through the spreadsheet template and back."""

from __future__ import annotations

import csv
import datetime
import io
import json
import sqlite3
import tempfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.analysis.status import indicator_status
from generator.cli import cli
from generator.model.codes import FollowUpType, ObservationSource
from generator.model.plan import FollowUp, Observation
from generator.outputs import database, downloads, tables
from generator.render import charts, pages
from generator.render.indicator import status_reason
from generator.spec import urls
from generator.validate.project import validate_project

from .conftest import csv_text, make_package, read_csv

PLAN = "testby-testnamnden-2024"
FOLLOWUP_HEADER = ["followup_id", "document_type", "title", "date", "period", "url", "file", "note"]
VALUE_HEADER = ["followup_id", "indicator_id", "period", "value_type", "gender", "value", "printed", "section", "note"]
#: A sample follow-up of the tiny test plan (vantetid: actual 2022 13 days, target 2025 ≤ 2 days).
#: Invented for the tests only: no shipped plan has a follow-up.
FOLLOWUPS = [
    ["arsredovisning-2024", "arsredovisning", "Årsredovisning 2024", "2025-03-20", "2024",
     "https://www.example.org/arsredovisning-2024.pdf", "", ""],
    ["delarsrapport-2025", "delarsrapport", "Delårsrapport augusti 2025", "2025-09-30", "2025", "", "", ""],
]
VALUES = [
    # 2022 differs from the plan's printed 13: both are kept
    ["arsredovisning-2024", "vantetid", "2022", "utfall", "T", "14", "14 dagar", "3.2 Individ- och familjeomsorg", ""],
    ["arsredovisning-2024", "vantetid", "2024", "utfall", "T", "4", "4 dagar", "3.2 Individ- och familjeomsorg", ""],
    ["delarsrapport-2025", "vantetid", "2025", "utfall", "T", "1.5", "1,5 dagar", "Bilaga 1, s. 12", "delår"],
    ["delarsrapport-2025", "vantetid", "2025", "prognos", "T", "2", "2 dagar", "Bilaga 1, s. 12", ""],
]


def package(base: Path, followups=FOLLOWUPS, values=VALUES, **files) -> Path:
    texts = {"followups.csv": csv_text(FOLLOWUP_HEADER, followups) if followups is not None else None,
             "followup_values.csv": csv_text(VALUE_HEADER, values) if values is not None else None, **files}
    return make_package(base, PLAN, files=texts)


@pytest.fixture
def plan(tmp_path: Path):
    package(tmp_path)
    report = validate_project(tmp_path / "datapackages")
    assert report.ok and not report.warnings, [p.line() for p in report.problems]
    return report.validated[PLAN].plan


def test_a_follow_up_is_read_into_the_plan_beside_the_printed_values(plan):
    assert [(f.followup_id, f.document_type, f.date.isoformat(), f.period) for f in plan.followups] == [
        ("arsredovisning-2024", "arsredovisning", "2025-03-20", 2024), ("delarsrapport-2025", "delarsrapport", "2025-09-30", 2025)]
    (ind,) = plan.indicators
    assert [(o.period, o.value_type, o.value) for o in ind.observations] == [
        (2022, "utfall", Decimal(13)), (2025, "mal", Decimal(2))]  # the plan's own, untouched
    followed = ind.reported_by(ObservationSource.FOLLOWUP)
    assert [(o.period, o.value_type, o.value, o.origin_date, o.section) for o in followed][0] == (
        2022, "utfall", Decimal(14), "2025-03-20", "3.2 Individ- och familjeomsorg")
    assert followed[0].followup.title == "Årsredovisning 2024" and followed[2].printed == "1,5 dagar"
    assert followed[0].origin_url == "https://www.example.org/arsredovisning-2024.pdf"


def _problems(tmp_path: Path, **kwargs) -> list:
    package(tmp_path, **kwargs)
    return list(validate_project(tmp_path / "datapackages").errors)


def _value(**change) -> list[str]:
    row = dict(zip(VALUE_HEADER, VALUES[1]))
    row.update(change)
    return [row[c] for c in VALUE_HEADER]


@pytest.mark.parametrize("values, followups, code, field, found, sv, en", [
    ([_value(indicator_id="finns-inte")], FOLLOWUPS, "foreign-key", "indicator_id", "finns-inte",
     "finns inte i indicators.indicator_id", "write an id that exists there"),
    ([_value(followup_id="arsredovisning-2023")], FOLLOWUPS, "foreign-key", "followup_id", "arsredovisning-2023",
     "finns inte i followups.followup_id", "or add that row there first"),
    ([_value(period="2019")], FOLLOWUPS, "period-outside-plan", "period", "2019",
     "sätta data_start till 2019", "setting data_start to 2019"),
    ([_value(period="2026", value_type="prognos")], FOLLOWUPS, "period-outside-plan", "period", "2026",
     "sätta data_end till 2026", "setting data_end to 2026"),
    ([_value(followup_id="delarsrapport-2025", period="2025"), _value(followup_id="delarsrapport-2025", period="2025")],
     FOLLOWUPS, "primary-key", "followup_id+indicator_id+period+value_type+gender",
     "delarsrapport-2025, vantetid, 2025, utfall, T", "ta bort den ena raden", "remove one of the rows"),
    ([_value(value="", printed="")], FOLLOWUPS, "followup-value-empty", "value", "",
     "skriv talet i value", "write the number in value"),
    ([_value(period="2025")], [[*FOLLOWUPS[0][:3], "2024-11-30", *FOLLOWUPS[0][4:]]], "followup-actual-after-date",
     "period", "2025", "daterad 2024-11-30, före året; rätta året", "dated 2024-11-30, before the year"),
])
def test_a_wrong_follow_up_value_is_one_line_naming_row_field_and_fix(tmp_path, values, followups, code, field,
                                                                      found, sv, en):
    problems = _problems(tmp_path, followups=followups, values=values)
    assert [(p.code, p.field, p.found) for p in problems] == [(code, field, found)], [p.line() for p in problems]
    (problem,) = problems
    assert problem.file == f"{PLAN}/followup_values.csv" and problem.row == 1 + len(values)
    assert sv in problem.message("sv") and en in problem.message("en")
    assert problem.line().startswith(f"{PLAN}/followup_values.csv:{problem.row}: {field}:")


def test_a_follow_up_with_a_bad_date_or_kind_is_named_in_followups_csv(tmp_path):
    bad = [[*FOLLOWUPS[0][:3], "20.3.2025", *FOLLOWUPS[0][4:]], [FOLLOWUPS[1][0], "kvartalsrapport", *FOLLOWUPS[1][2:]]]
    problems = _problems(tmp_path, followups=bad, values=[])
    assert [(p.file, p.row, p.field, p.code) for p in problems] == [
        (f"{PLAN}/followups.csv", 2, "date", "type-error"), (f"{PLAN}/followups.csv", 3, "document_type", "constraint-error")]
    assert "ÅÅÅÅ-MM-DD" in problems[0].message("sv") and "YYYY-MM-DD" in problems[0].message("en")
    assert "delarsrapport" in problems[1].message("sv")


def test_values_without_their_follow_ups_or_twice_on_one_day_are_refused(tmp_path):
    (problem,) = _problems(tmp_path / "a", followups=None)
    assert (problem.code, problem.expected) == ("missing-resource", "followups")
    assert "lägg till followups.csv" in problem.message("sv") and "add followups.csv" in problem.message("en")
    same_day = [FOLLOWUPS[0], ["verksamhetsberattelse-2024", "verksamhetsberattelse", "Verksamhetsberättelse 2024",
                               "2025-03-20", "2024", "", "", ""]]
    values = [VALUES[1], _value(followup_id="verksamhetsberattelse-2024")]
    (problem,) = _problems(tmp_path / "b", followups=same_day, values=values)
    assert (problem.code, problem.row, problem.found, problem.expected) == (
        "followup-same-day", 3, "verksamhetsberattelse-2024", "arsredovisning-2024")
    assert "behåll det i en av dem" in problem.message("sv") and "keep it in one of them" in problem.message("en")


# --- the status --------------------------------------------------------------------------------

def test_the_status_rests_on_the_follow_ups_actual_and_names_the_document(plan):
    st = indicator_status(plan.indicators[0])
    assert (st.key, st.compared.origin, st.compared.period, st.compared.value_type) == ("uppnatt", "followup", 2025, "utfall")
    assert status_reason(st, "sv").startswith(
        "Utfallet delår 2025 enligt Delårsrapport augusti 2025 (1,5\u00a0dagar) når målet för 2025 (högst 2\u00a0dagar).")
    assert status_reason(st, "en").startswith(
        "The actual for part-year 2025 according to Delårsrapport augusti 2025 (1.5\u00a0dagar) meets the target")


def _obs(period: int, value: str, origin=ObservationSource.PLAN, date: str = "", note: str = "", title: str = ""):
    followup = FollowUp(title, FollowUpType.ANNUAL_REPORT, title, datetime.date.fromisoformat(date), period) \
        if origin == ObservationSource.FOLLOWUP else None
    return Observation("vantetid", period, "utfall", "T", "", Decimal(value), note=note, origin=origin,
                       origin_date=date, followup=followup)


@pytest.mark.parametrize("values, judged", [
    # the plan's printed actual of the year first, then a follow-up's, then Kolada's
    ([_obs(2025, "3"), _obs(2025, "1", ObservationSource.FOLLOWUP, "2026-03-01", title="ÅR 2025")], "3"),
    ([_obs(2025, "1", ObservationSource.KOLADA, "2026-05-01"), _obs(2025, "3", ObservationSource.FOLLOWUP, "2026-03-01",
                                                                     title="ÅR 2025")], "3"),
    # a full-year actual before a part-year one, whatever its source
    ([_obs(2025, "3", note="Delår"), _obs(2025, "1", ObservationSource.FOLLOWUP, "2026-03-01", title="ÅR 2025")], "1"),
    # of two follow-ups, the later one
    ([_obs(2025, "3", ObservationSource.FOLLOWUP, "2025-10-01", title="Delår"),
      _obs(2025, "1", ObservationSource.FOLLOWUP, "2026-03-01", title="ÅR 2025")], "1"),
])
def test_within_one_year_the_status_takes_one_value_by_a_fixed_order(plan, values, judged):
    ind = replace(plan.indicators[0], observations=plan.indicators[0].observations[1:],  # the target only
                  reported=tuple(v for v in values if v.origin != "plan"))
    ind = replace(ind, observations=ind.observations + tuple(v for v in values if v.origin == "plan"))
    assert indicator_status(ind).compared.value == Decimal(judged)


# --- the pages -----------------------------------------------------------------------------------

def _pages(plan, lang: str = "sv") -> dict[str, str]:
    return pages.render_site([plan], {"index.md": "# Planer\n"}, None, lang=lang).pages


def _table_rows(page: str) -> list[list[str]]:
    soup = BeautifulSoup(page, "html.parser")
    table = next(t for t in soup.select("table") if t.caption and t.caption.get_text().startswith(("Värden för", "Values")))
    return [[c.get_text(" ", strip=True) for c in tr.select("th, td")] for tr in table.select("tr")]


def test_the_indicator_page_shows_each_follow_up_value_with_its_source_beside_the_plans(plan):
    page = _pages(plan)[f"{PLAN}/indikatorer/vantetid/index.md"]
    rows = _table_rows(page)
    assert rows[0] == ["År", "Värdetyp", "Värde", "Som tryckt", "Anmärkning", "Källa"]
    assert rows[1] == ["2022", "Utfall", "13\u00a0dagar", "13", "", "Planen"]
    assert rows[2] == ["2022", "Utfall", "14\u00a0dagar", "14 dagar", "Planen anger ett annat värde: 13\u00a0dagar.",
                       "Årsredovisning 2024 , 2025-03-20, avsnitt 3.2 Individ- och familjeomsorg"]
    assert rows[4][0] == "delår 2025" and rows[4][-1] == "Delårsrapport augusti 2025, 2025-09-30, avsnitt Bilaga 1, s. 12"
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one('a[href="https://www.example.org/arsredovisning-2024.pdf"]').get_text() == "Årsredovisning 2024"
    assert "Planens egna värden ändras inte" in soup.get_text()
    status = soup.select_one(".plansite-status-line").get_text(" ", strip=True)
    assert "Uppnått" in status and "enligt Delårsrapport augusti 2025" in status
    english = _table_rows(_pages(plan, "en")[f"{PLAN}/indikatorer/vantetid/index.md"])
    assert english[0][-1] == "Source" and english[1][-1] == "The plan"
    assert english[2][4] == "The plan gives another value: 13\u00a0dagar."  # units are the document's words


def test_a_plan_without_follow_ups_shows_no_source_column(tmp_path):
    make_package(tmp_path, PLAN)
    plan = validate_project(tmp_path / "datapackages").validated[PLAN].plan
    page = _pages(plan)[f"{PLAN}/indikatorer/vantetid/index.md"]
    assert _table_rows(page)[0] == ["År", "Värdetyp", "Värde", "Som tryckt", "Anmärkning"]
    assert "Uppföljningar" not in _pages(plan)[f"{PLAN}/om-dokumentet/index.md"]


def test_the_about_page_lists_the_follow_ups(plan):
    soup = BeautifulSoup(_pages(plan)[f"{PLAN}/om-dokumentet/index.md"], "html.parser")
    table = next(t for t in soup.select("table") if t.caption.get_text() == "Uppföljningar av planen")
    rows = [[c.get_text(" ", strip=True) for c in tr.select("th, td")] for tr in table.select("tbody tr")]
    assert rows == [["Årsredovisning 2024", "Årsredovisning", "2025-03-20", "2024", "2", ""],
                    ["Delårsrapport augusti 2025", "Delårsrapport", "2025-09-30", "2025", "2", ""]]


def test_the_chart_draws_the_follow_ups_numbers_where_the_plan_has_none(plan):
    rows = charts.chart_rows(plan.indicators[0], "sv")
    points = sorted((r["year"], r["value_type"], r["value"]) for r in rows)
    # the plan's 2022 stays (the follow-up's 14 is in the table); 2024 and 2025 come from the follow-ups
    assert points == [("2022", "utfall", 13.0), ("2024", "utfall", 4.0), ("2025", "mal", 2.0),
                      ("2025", "prognos", 2.0), ("2025", "utfall", 1.5)]


# --- the downloads -------------------------------------------------------------------------------

def test_the_downloads_carry_each_follow_up_value_with_source_and_date(plan):
    files = downloads.render_downloads([plan])
    rows = list(csv.DictReader(io.StringIO(files[f"data/{PLAN}/indikatorer/vantetid.csv"])))
    assert list(rows[0])[-3:] == ["source", "source_date", "source_url"]
    mine = [(r["period"], r["value_type"], r["value"], r["source"], r["source_date"]) for r in rows]
    assert ("2022", "utfall", "13", "plan", "") in mine and ("2022", "utfall", "14", "followup", "2025-03-20") in mine
    assert ("2025", "prognos", "2", "followup", "2025-09-30") in mine
    assert files["data/observations.csv"].count(",followup,") == 4
    document = json.loads(files[f"data/{PLAN}/indikatorer/vantetid.json"])
    followed = [o for o in document["observations"] if o["source"] == "followup"]
    assert followed[0]["source_date"] == "2025-03-20" and followed[0]["printed"] == "14 dagar"
    site_wide = list(csv.DictReader(io.StringIO(files["data/followups.csv"])))
    assert list(site_wide[0]) == list(downloads.FOLLOWUP_COLUMNS)
    assert [(r["plan_id"], r["followup_id"], r["date"], r["value_count"]) for r in site_wide] == [
        (PLAN, "arsredovisning-2024", "2025-03-20", "2"), (PLAN, "delarsrapport-2025", "2025-09-30", "2")]


def test_the_database_keeps_the_plans_and_the_follow_ups_value_of_the_same_year(plan):
    data = database.database_bytes(tables.site_tables([plan]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plans.sqlite"
        path.write_bytes(data)
        db = sqlite3.connect(path)
        found = db.execute("select value, source from observations where period = 2022 order by source").fetchall()
        assert found == [(14.0, "followup"), (13.0, "plan")]
        assert db.execute("select count(*) from followups").fetchone() == (2,)
        db.close()


def test_the_data_page_lists_the_follow_ups_and_the_format_page_documents_them(plan):
    site = pages.render_site([plan], {"index.md": "# P\n", urls.FORMAT_PAGE: "# Dataformatet\n"}, None).pages
    assert "<h3>followups.csv</h3>" in site[urls.DATA_PAGE] or "### followups.csv" in site[urls.DATA_PAGE]
    assert f'"{PLAN}/followups.csv"' in site[urls.DATA_PAGE] and f'"{PLAN}/followup_values.csv"' in site[urls.DATA_PAGE]
    assert "followups.csv" in site[urls.FORMAT_PAGE] and "followup_values.csv" in site[urls.FORMAT_PAGE]
    english = pages.render_site([plan], {"index.md": "# P\n", urls.FORMAT_PAGE: "# Format\n"}, None, lang="en").pages
    assert "The follow-up the value stands in (followups.csv)." in english[urls.FORMAT_PAGE]


# --- the spreadsheet path ---------------------------------------------------------------------------

def test_the_follow_ups_go_through_the_template_and_back(tmp_path):
    folder = package(tmp_path / "a")
    run = lambda *args: CliRunner().invoke(cli, list(args), env={"LANG": "sv_SE.UTF-8"})  # noqa: E731
    book = tmp_path / "mall.xlsx"
    result = run("export-template", PLAN, "--datapackages", str(folder.parent), "-o", str(book))
    assert result.exit_code == 0, result.output
    result = run("import", str(book), "--datapackages", str(tmp_path / "b" / "datapackages"))
    assert result.exit_code == 0 and "followup_values: ny, 4 rader" in result.output, result.output
    copy = tmp_path / "b" / "datapackages" / PLAN
    for name in ("followups.csv", "followup_values.csv"):
        assert read_csv(copy / name) == read_csv(folder / name), name
    assert json.loads((copy / "datapackage.json").read_text()) == json.loads((folder / "datapackage.json").read_text())
    assert validate_project(tmp_path / "b" / "datapackages").ok
