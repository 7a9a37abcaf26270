"""The tidy downloads: exact column contract, exact values, and files that parse."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from generator.outputs.downloads import (
    BUDGET_COLUMNS,
    INDICATOR_COLUMNS,
    OBSERVATION_COLUMNS,
)

from .conftest import VARNAMO, read_csv

CONTRACT_OBSERVATIONS = ["municipality_code", "municipality", "plan_id", "indicator_id", "indicator_name", "unit",
                         "kolada_id", "period", "value_type", "gender", "comparator", "value", "value_max", "note"]
CONTRACT_BUDGET = ["municipality_code", "municipality", "plan_id", "budget_type", "line_id", "line_name", "period",
                   "value_type", "amount", "unit", "amount_sek", "note"]


def _header(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n", 1)[0].split(",")


def test_observations_csv_starts_with_the_contract_columns(built_site: Path):
    header = _header(built_site / "data" / "observations.csv")
    assert header[: len(CONTRACT_OBSERVATIONS)] == CONTRACT_OBSERVATIONS
    assert header == list(OBSERVATION_COLUMNS) and "concordance_key" in header


def test_budget_csv_starts_with_the_contract_columns(built_site: Path):
    header = _header(built_site / "data" / "budget.csv")
    assert header[: len(CONTRACT_BUDGET)] == CONTRACT_BUDGET
    assert header == list(BUDGET_COLUMNS)


def test_observation_values_and_enums(built_site: Path):
    rows = read_csv(built_site / "data" / "observations.csv")
    assert {r["value_type"] for r in rows} <= {"utfall", "prognos", "mal", "budget", "plan"}
    assert {r["gender"] for r in rows} <= {"T", "K", "M"}
    assert {r["comparator"] for r in rows} <= {"", "<=", ">=", "=", "<", ">"}
    for r in rows:
        assert len(r["period"]) == 4 and r["period"].isdigit()
        if r["value"]:
            assert "," not in r["value"] and " " not in r["value"] and "E" not in r["value"].upper()
            Decimal(r["value"])
        else:
            assert r["note"], r  # a value the document lacks carries a note
    varnamo = {(r["indicator_id"], r["period"], r["value_type"]): r for r in rows if r["plan_id"] == VARNAMO}
    row = varnamo[("langvarigt-ekonomiskt-bistand", "2021", "utfall")]
    assert (row["value"], row["kolada_id"], row["municipality_code"], row["municipality"]) == ("37", "N31814", "0683", "Värnamo")
    assert varnamo[("personalomsattning-mal", "2022", "utfall")]["value"] == "9.8"
    assert varnamo[("miljobilar", "2026", "mal")]["value"] == "" and varnamo[("miljobilar", "2026", "mal")]["note"] == "Uppnått"
    assert ("langvarigt-ekonomiskt-bistand", "2022", "utfall") not in varnamo  # "(2021)" moved the value to 2021


def test_budget_amounts_in_kronor_are_exact(built_site: Path):
    rows = read_csv(built_site / "data" / "budget.csv")
    varnamo = {(r["line_id"], r["period"], r["value_type"]): r for r in rows if r["plan_id"] == VARNAMO}
    r = varnamo[("drift-5750", "2021", "utfall")]
    assert (r["amount"], r["unit"], r["amount_sek"], r["budget_type"]) == ("30.4", "mnkr", "30400000", "drift")
    assert varnamo[("drift-6000", "2021", "utfall")]["amount_sek"] == "-400000"
    assert varnamo[("drift-total", "2024", "budget")]["amount"] == "160.8"
    assert varnamo[("drift-total", "2024", "budget")]["is_total"] == "true"
    assert varnamo[("inv-robotisering", "2024", "budget")]["budget_type"] == "investering"
    for r in rows:
        if r["amount"]:
            factor = {"mnkr": Decimal(1_000_000), "tkr": Decimal(1000), "kr": Decimal(1)}[r["unit"]]
            assert Decimal(r["amount_sek"]) == Decimal(r["amount"]) * factor


def test_indicators_csv_points_at_existing_files(built_site: Path):
    rows = read_csv(built_site / "data" / "indicators.csv")
    assert _header(built_site / "data" / "indicators.csv") == list(INDICATOR_COLUMNS)
    assert rows
    for r in rows:
        assert (built_site / r["page_url"] / "index.html").is_file(), r["page_url"]
        per_indicator = read_csv(built_site / r["csv_url"])
        assert len(per_indicator) == int(r["observation_count"])
        assert all(x["indicator_id"] == r["indicator_id"] for x in per_indicator)
        doc = json.loads((built_site / r["json_url"]).read_text(encoding="utf-8"))
        assert doc["indicator"]["indicator_id"] == r["indicator_id"]
        assert len(doc["observations"]) == int(r["observation_count"])


def test_every_observation_is_in_the_tidy_csv(built_site: Path):
    from generator.ingest.load import load_plan

    from .conftest import ROOT

    plan = load_plan(ROOT / "datapackages" / VARNAMO)
    rows = read_csv(built_site / "data" / "observations.csv")
    published = {(r["indicator_id"], int(r["period"]), r["value_type"], r["gender"]): r["value"]
                 for r in rows if r["plan_id"] == VARNAMO}
    assert len(published) == len(plan.observations) == 160
    for obs in plan.observations:
        value = published[(obs.indicator_id, obs.period, obs.value_type, obs.gender)]
        assert value == ("" if obs.value is None else format(obs.value, "f"))


def test_the_site_tables_joined_from_each_plans_rows_are_the_tables_made_whole():
    """The build keeps each plan's rows of the site-wide tables (build.plan_data) and joins them."""
    from generator.outputs import downloads
    from generator.validate.project import validate_project

    from .conftest import ROOT

    report = validate_project(ROOT / "datapackages", ROOT / "content")
    plans = [report.validated[name].plan for name in report.plans]
    whole = downloads.site_downloads(plans)
    parts = {plan.plan_id: downloads.plan_site_rows(plan) for plan in plans}
    assert downloads.site_downloads(plans, parts) == whole
    assert all(text.count("\n") > len(plans) for path, text in whole.items() if "budget" in path or "observations" in path)
    assert downloads.site_downloads(plans, {plans[0].plan_id: parts[plans[0].plan_id]}) == whole  # a plan without: made whole
