"""Property-based: random valid packages validate and publish every value exactly; broken ones fail
cleanly with a problem pointing at the broken file.

Packages are built from random but valid ids, free unicode text (quotes, <, &, emoji, line
breaks), exact decimals with up to three decimals (negative too), periods inside the plan and
comparators only on targets.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.outputs import downloads
from generator.outputs.cells import safe_cell
from generator.spec.package import build_descriptor
from generator.validate.project import validate_project

from .conftest import csv_text

SETTINGS = settings(max_examples=40, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

GOAL_H = ["goal_id", "parent_id", "level", "level_label", "code", "title", "description", "decided_by", "agenda2030", "crc_articles", "section", "order", "note"]
IND_H = ["indicator_id", "goal_id", "name", "unit", "kind", "direction", "kolada_id", "concordance_key", "decided_by", "measures", "agenda2030", "table_id", "section", "order", "note"]
OBS_H = ["indicator_id", "period", "value_type", "gender", "comparator", "value", "value_max", "printed", "trend", "comparison", "note"]
TABLE_H = ["table_id", "budget_type", "title", "unit", "section", "order", "note"]
LINE_H = ["line_id", "table_id", "parent_id", "code", "name", "is_total", "section", "order", "note"]
VALUE_H = ["line_id", "column", "period", "value_type", "measure", "amount", "printed", "note"]
MUNICIPALITIES = [("Värnamo", "0683"), ("Mark", "1463"), ("Växjö", "0780"), ("Härryda", "1401"), ("Tyresö", "0138")]
PAYLOADS = ['"', "<b>&amp;</b>", "<script>alert(1)</script>", "a,b;c", "😀 emoji", "rad 1\nrad 2", "rad 1\r\nrad 2",
            "  mellanslag  ", "\t", "9,8", "−5",
            "=SUM(A1)", "{{ config }}", "\\", "'"]

ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True)
texts = st.one_of(
    st.sampled_from(PAYLOADS),
    # any text a plan could hold: no surrogates, no control characters except line feed and tab
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), whitelist_characters="\n\t"),
            min_size=1, max_size=24),
)
optional_texts = st.one_of(st.just(""), texts)


@st.composite
def decimals(draw, low: int = -10**9, high: int = 10**9) -> Decimal:
    """An exact decimal with 0–3 decimals, as a person would type it (``-12.340`` keeps its zero)."""
    places = draw(st.integers(0, 3))
    return Decimal(draw(st.integers(low, high))).scaleb(-places)


@dataclass
class Package:
    plan: dict
    files: dict[str, str]
    #: (indicator_id, period, value_type, gender) -> (value, value_max) as written
    observations: dict[tuple, tuple[Decimal | None, Decimal | None]] = field(default_factory=dict)
    #: (line_id, column) -> amount as written
    amounts: dict[tuple, Decimal | None] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


def cell(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


@st.composite
def packages(draw) -> Package:
    municipality, code = draw(st.sampled_from(MUNICIPALITIES))
    start = draw(st.integers(2015, 2030))
    end = start + draw(st.integers(0, 3))
    data_start = start - draw(st.integers(0, 3))
    plan = {"municipality": municipality, "municipality_code": code, "board": draw(texts), "title": draw(texts),
            "document_type": "verksamhetsplan", "period_start": start, "period_end": end, "data_start": data_start,
            "source": {"title": draw(texts)}}
    years = st.integers(data_start, end)

    goal_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    goals = [[gid, "" if i == 0 else goal_ids[0], "area" if i == 0 else "board_goal", draw(optional_texts), "", draw(texts),
              draw(optional_texts), "", "", "", "", str(i + 1), draw(optional_texts)]
             for i, gid in enumerate(goal_ids)]

    indicator_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    indicators, observations, package_obs, names = [], [], {}, {}
    for order, iid in enumerate(indicator_ids, start=1):
        kind = draw(st.sampled_from(["target", "monitoring", "key_figure"]))
        goal = draw(st.sampled_from(goal_ids)) if kind == "target" else draw(st.sampled_from(["", *goal_ids]))
        unit = draw(st.sampled_from(["antal", "dagar", "kr/inv", "", "procent"]))
        kolada = draw(st.one_of(st.just(""), st.from_regex(r"[A-Z][0-9]{5}", fullmatch=True)))
        name = draw(texts)
        names[iid] = name
        indicators.append([iid, goal, name, unit, kind, draw(st.sampled_from(["", "higher", "lower"])), kolada, "", "",
                           "", "", "", draw(optional_texts), str(order), draw(optional_texts)])
        keys = draw(st.lists(st.tuples(years, st.sampled_from(["utfall", "prognos", "mal"]), st.sampled_from("TKM")),
                             min_size=0, max_size=5, unique=True))
        for period, value_type, gender in keys:
            low, high = (0, 100) if unit == "procent" else (-10**9, 10**9)
            value = draw(st.one_of(st.none(), decimals(low * 1000, high * 1000)))
            comparator = draw(st.sampled_from(["", "<=", ">=", "=", "<", ">"])) if value_type == "mal" and value is not None else ""
            value_max = None
            if value_type == "mal" and value is not None and not comparator and draw(st.booleans()):
                value_max = value + draw(decimals(0, 10**6))
            note = draw(texts) if value is None else draw(optional_texts)
            observations.append([iid, str(period), value_type, gender, comparator, cell(value), cell(value_max),
                                 draw(optional_texts), "", "", note])
            package_obs[(iid, period, value_type, gender)] = (value, value_max)

    line_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    tables = [["drift", "drift", draw(texts), draw(st.sampled_from(["mnkr", "tkr", "kr"])), "", "1", draw(optional_texts)]]
    lines, values, amounts = [], [], {}
    columns = draw(st.lists(texts, min_size=1, max_size=2, unique=True))
    for order, lid in enumerate(line_ids, start=1):
        lines.append([lid, "drift", "", "", draw(texts), "false", "", str(order), draw(optional_texts)])
        for column in columns:
            amount = draw(st.one_of(st.none(), decimals()))
            values.append([lid, column, str(draw(years)), draw(st.sampled_from(["budget", "utfall", "prognos", "plan"])),
                           draw(st.sampled_from(["netto", "intakt", "kostnad"])), cell(amount), draw(optional_texts),
                           draw(optional_texts)])
            amounts[(lid, column)] = amount

    files = {
        "goals.csv": csv_text(GOAL_H, goals),
        "indicators.csv": csv_text(IND_H, indicators),
        "observations.csv": csv_text(OBS_H, observations),
        "budget_tables.csv": csv_text(TABLE_H, tables),
        "budget_lines.csv": csv_text(LINE_H, lines),
        "budget_values.csv": csv_text(VALUE_H, values),
    }
    return Package(plan, files, package_obs, amounts, names)


PLAN_ID = "prop-plan-2024"


def write(base: Path, package: Package) -> Path:
    folder = base / "datapackages" / PLAN_ID
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, text in package.files.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
    descriptor = build_descriptor(PLAN_ID, package.plan, [n[:-4] for n in package.files])
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@SETTINGS
@given(packages())
def test_valid_packages_validate_and_publish_every_value_exactly(package: Package):
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        write(base, package)
        report = validate_project(base / "datapackages")
        assert report.ok, [p.line("en") for p in report.errors]
        assert report.plans == (PLAN_ID,)
        plan = report.validated[PLAN_ID].plan  # the model validation loaded from the texts it checked

        published = rows(downloads.observations_csv([plan]))
        assert len(published) == len(package.observations)
        for row in published:
            key = (row["indicator_id"], int(row["period"]), row["value_type"], row["gender"])
            value, value_max = package.observations[key]
            assert row["value"] == cell(value)  # the same digits: no float artefacts, no exponent
            assert row["value_max"] == cell(value_max)
            if value is not None:
                assert Decimal(row["value"]) == value
            # text as published: what a spreadsheet would run as a formula gets a leading apostrophe
            assert row["indicator_name"] == safe_cell(package.names[row["indicator_id"]])
            assert row["municipality"] == safe_cell(package.plan["municipality"])

        budget = rows(downloads.budget_csv([plan]))
        assert len(budget) == len(package.amounts)
        amounts = {(line_id, safe_cell(column)): amount for (line_id, column), amount in package.amounts.items()}
        for row in budget:
            amount = amounts[(row["line_id"], row["column"])]
            assert row["amount"] == cell(amount)
            if amount is not None:
                factor = {"mnkr": 10**6, "tkr": 10**3, "kr": 1}[row["unit"]]
                assert Decimal(row["amount_sek"]) == amount * factor


# --- broken packages ---------------------------------------------------------------------------

MUTATIONS = {
    # file, column, new cell value (row 1 = first data row)
    "wrong-type-period": ("observations.csv", "period", "tjugo"),
    "wrong-type-value": ("observations.csv", "value", "9,8"),
    "wrong-type-amount": ("budget_values.csv", "amount", "12 345"),
    "not-a-number": ("observations.csv", "value", "NaN"),
    "bad-enum-value-type": ("observations.csv", "value_type", "actual"),
    "bad-enum-kind": ("indicators.csv", "kind", "goal"),
    "bad-gender": ("observations.csv", "gender", "X"),
    "bad-boolean": ("budget_lines.csv", "is_total", "kanske"),
    "bad-id": ("goals.csv", "goal_id", "Mål 1"),
    "dangling-indicator": ("observations.csv", "indicator_id", "finns-inte-alls"),
    "dangling-line": ("budget_values.csv", "line_id", "finns-inte-alls"),
    "dangling-goal": ("indicators.csv", "goal_id", "finns-inte-alls"),
    "empty-required": ("goals.csv", "title", ""),
    "bad-kolada": ("indicators.csv", "kolada_id", "abc"),
    "control-character": ("goals.csv", "title", "a\x85b"),
    "bare-carriage-return": ("budget_lines.csv", "name", "a\rb"),
}


def mutate(text: str, column: str, value: str, row_index: int) -> str:
    table = rows(text)
    header = list(table[0].keys())
    table[row_index][column] = value
    return csv_text(header, [[r[h] for h in header] for r in table])


def duplicate_first_row(text: str) -> str:
    table = rows(text)
    header = list(table[0].keys())
    return csv_text(header, [[r[h] for h in header] for r in [table[0], *table]])


@SETTINGS
@given(packages(), st.sampled_from(sorted(MUTATIONS) + ["duplicate-indicator", "duplicate-goal", "duplicate-line"]),
       st.integers(0, 10))
def test_broken_packages_fail_cleanly_pointing_at_the_file(package: Package, mutation: str, pick: int):
    if mutation.startswith("duplicate-"):
        file = {"indicator": "indicators.csv", "goal": "goals.csv", "line": "budget_lines.csv"}[mutation.split("-", 1)[1]]
        package.files[file] = duplicate_first_row(package.files[file])
    else:
        file, column, value = MUTATIONS[mutation]
        count = len(rows(package.files[file]))
        if count == 0:  # nothing to break in an empty table: break the goals instead
            file, column, value = MUTATIONS["bad-id"]
            count = len(rows(package.files[file]))
        package.files[file] = mutate(package.files[file], column, value, pick % count)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        write(base, package)
        report = validate_project(base / "datapackages")  # must not raise
    assert not report.ok
    assert all(p.code != "unreadable" for p in report.problems), [p.line("en") for p in report.problems]
    assert any(p.file == f"{PLAN_ID}/{file}" for p in report.errors), (file, [p.line("en") for p in report.errors])
    for problem in report.problems:
        assert "\n" not in problem.line("sv") and problem.message("sv") != problem.message("en")
