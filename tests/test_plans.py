"""Every shipped plan: counts made by reading the document, and values checked against it.

Counts were made by reading each source document (not by counting the CSVs); the samples cite the
line of the source text (../shared/seeds) where each value is printed.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from .conftest import ROOT, read_csv

# plan-id: goals per level, indicators per kind, observations, budget tables/lines/values, assignments, risks
COUNTS = {
    "varnamo-medborgarnamnden-2024-2026": dict(
        goals={"area": 4, "council_goal": 6, "board_goal": 4},
        indicators={"target": 20, "monitoring": 21, "key_figure": 9},
        observations=160, budget=(2, 27, 92), assignments=0, risks=0),
    "mark-socialnamnden-2024-2025": dict(
        goals={"area": 5, "council_goal": 3, "mission": 2, "board_goal": 5},
        indicators={"target": 14, "monitoring": 26},
        observations=126, budget=(2, 10, 38), assignments=0, risks=5),
    "vaxjo-arbete-och-valfard-2024": dict(
        goals={"area": 7, "council_goal": 18},
        indicators={"key_figure": 34},
        observations=64, budget=(3, 12, 43), assignments=33, risks=0),
    "harryda-socialnamnden-2023-2025": dict(
        goals={"area": 5, "mission": 5, "council_goal": 4, "board_goal": 17, "direction": 7},
        indicators={"target": 4, "quality": 30, "monitoring": 23},
        observations=231, budget=(4, 28, 149), assignments=10, risks=0),
    "tyreso-arbetsmarknad-och-social-2024": dict(
        goals={"area": 4, "council_goal": 4, "direction": 4, "board_goal": 6},
        indicators={"target": 29},
        observations=16, budget=(2, 14, 28), assignments=6, risks=7),
}

# plan-id, indicator, period, value_type, gender, value (as in the CSV), source line
OBSERVATIONS = [
    ("mark-socialnamnden-2024-2025", "handlaggningstider-familjeenheten", 2023, "mal", "T", "108", 268),
    ("mark-socialnamnden-2024-2025", "barn-vid-vrakningar", 2024, "mal", "T", "0", 273),
    ("mark-socialnamnden-2024-2025", "timmar-timanstallda-fs", 2024, "mal", "T", "64000", 300),
    ("mark-socialnamnden-2024-2025", "personalomsattning", 2022, "utfall", "T", "20", 334),
    ("mark-socialnamnden-2024-2025", "personalomsattning-chefer", 2025, "mal", "T", "12", 335),
    ("mark-socialnamnden-2024-2025", "funktionsstod-overklaganden-bifall", 2024, "mal", "T", "70", 235),
    ("mark-socialnamnden-2024-2025", "ifo-overklaganden-bifall", 2024, "mal", "T", "75", 251),
    ("mark-socialnamnden-2024-2025", "barn-unga-varddygn-familjehem", 2021, "utfall", "T", "17349", 481),
    ("mark-socialnamnden-2024-2025", "sjukfranvaro", 2023, "utfall", "T", "8.6", 501),
    ("mark-socialnamnden-2024-2025", "timtid-timmar", 2021, "utfall", "T", "86713", 508),
    ("vaxjo-arbete-och-valfard-2024", "forvarvsarbetande-20-64", 2021, "utfall", "K", "78", 254),
    ("vaxjo-arbete-och-valfard-2024", "gymnasial-vuxenutbildning-slutfort-kurs", 2022, "utfall", "K", "75", 255),
    ("vaxjo-arbete-och-valfard-2024", "yrkesvux-verksamhet-6-manader", 2023, "utfall", "T", "99", 256),
    ("vaxjo-arbete-och-valfard-2024", "avvikelse-forvarvsarbetande-flyktingar", 2022, "utfall", "T", "-3", 280),
    ("vaxjo-arbete-och-valfard-2024", "kostnad-familje-och-hvb-hem-barn-unga", 2022, "utfall", "T", "3752", 414),
    ("vaxjo-arbete-och-valfard-2024", "ej-ateraktualiserade-barn-0-12", 2022, "utfall", "M", "81", 433),
    ("vaxjo-arbete-och-valfard-2024", "nettokostnad-ekonomiskt-bistand", 2022, "utfall", "T", "1109", 439),
    ("vaxjo-arbete-och-valfard-2024", "sjukfranvaro", 2023, "utfall", "T", "4.6", 549),
    ("harryda-socialnamnden-2023-2025", "vo-helhetsbedomning-hemtjanst", 2019, "utfall", "T", "92", 443),
    ("harryda-socialnamnden-2023-2025", "hb-avlider-med-mansklig-narvaro", 2018, "utfall", "T", "91.4", 518),
    ("harryda-socialnamnden-2023-2025", "vo-besok-dagverksamhet", 2022, "budget", "T", "3750", 457),
    ("harryda-socialnamnden-2023-2025", "bf-brukarbedomning-helhetssyn", 2020, "utfall", "T", "86", 710),
    ("harryda-socialnamnden-2023-2025", "bf-brukarbedomning-vardnadshavare-helhetssyn", 2021, "utfall", "T", "100", 711),
    ("harryda-socialnamnden-2023-2025", "kf-behov-sarskilt-boende", 2021, "utfall", "T", "274", 238),
    ("harryda-socialnamnden-2023-2025", "hf-studerande-yrkeskolan", 2025, "plan", "T", "250", 660),
    ("tyreso-arbetsmarknad-och-social-2024", "kvalitet-metoder-upptacka-forebygga-vald", 2024, "mal", "T", "100", 209),
    ("tyreso-arbetsmarknad-och-social-2024", "ekonomi-digitala-tjanster", 2024, "mal", "T", "1", 285),
    ("tyreso-arbetsmarknad-och-social-2024", "medarbetare-sjukfranvaro", 2024, "mal", "T", "", 179),
]
# blank cells that must stay blank (an empty cell keeps its column)
ABSENT = [
    ("mark-socialnamnden-2024-2025", "hushall-med-barn-ekonomiskt-bistand", 2023, "mal", "T"),
    ("mark-socialnamnden-2024-2025", "brukarundersokning-familjehem-planera-framtid", 2023, "mal", "T"),
    ("harryda-socialnamnden-2023-2025", "vo-helhetsbedomning-hemtjanst", 2018, "utfall", "T"),
    ("harryda-socialnamnden-2023-2025", "vo-helhetsbedomning-hemtjanst", 2021, "utfall", "T"),
    ("harryda-socialnamnden-2023-2025", "bf-brukarbedomning-helhetssyn", 2019, "utfall", "T"),
]
# plan-id, line, column, amount, source line
BUDGET = [
    ("mark-socialnamnden-2024-2025", "drift-personalkostnader", "Budget 2025", "-275.0", 348),
    ("mark-socialnamnden-2024-2025", "drift-individ-och-familjeomsorg", "Prognos 2023", "-144.0", 353),
    ("vaxjo-arbete-och-valfard-2024", "drift-avd-vuxna", "Nettobudget 2024", "-272179", 587),
    ("vaxjo-arbete-och-valfard-2024", "drift-summa", "Nettobudget 2023", "-748369", 588),
    ("vaxjo-arbete-och-valfard-2024", "kap-beslut-enl-kf", "Budget 2024", "-399", 601),
    ("vaxjo-arbete-och-valfard-2024", "inv-beslut-enl-kf", "Utgift 2025", "-1000", 615),
    ("harryda-socialnamnden-2023-2025", "res-nettokostnader", "Plan 2025", "802251", 382),
    ("harryda-socialnamnden-2023-2025", "drift-halsa-och-bistand", "Budget 2023", "384568", 390),
    ("harryda-socialnamnden-2023-2025", "proj-summa-inkomster-utgifter", "Budget 2026 Utgift", "2400", 771),
    ("tyreso-arbetsmarknad-och-social-2024", "asn-forvaltningsovergripande", "Utfall 2022", "-85797", 334),
    ("tyreso-arbetsmarknad-och-social-2024", "asn-resultat", "Budget 2024", "-308853", 340),
    ("tyreso-arbetsmarknad-och-social-2024", "kb-kommunbidrag-2023", "Belopp", "-300613", 348),
    ("tyreso-arbetsmarknad-och-social-2024", "kb-effektivisering", "Belopp", "8000", 352),
]
SEED_FILES = {
    "varnamo-medborgarnamnden-2024-2026": "000_ec315137f5e8e1bd.txt",
    "mark-socialnamnden-2024-2025": "001_d1ff6682e03788bc.txt",
    "vaxjo-arbete-och-valfard-2024": "002_ebc6e2b015f750ce.txt",
    "harryda-socialnamnden-2023-2025": "003_b0507ca6006fd263.txt",
    "tyreso-arbetsmarknad-och-social-2024": "004_0a857fa5a08c07d6.txt",
}


def _rows(plan_id: str, name: str) -> list[dict]:
    path = ROOT / "datapackages" / plan_id / f"{name}.csv"
    return read_csv(path) if path.exists() else []


def test_every_shipped_plan_is_there_with_its_counts():
    """The five transcribed plans are all shipped. A municipality's fork adds plans of its own
    beside them (the guide "Publicera er plan"); those have no counts here and must not stop the
    fork's Pages workflow, which runs these tests before it publishes."""
    shipped = {p.name for p in (ROOT / "datapackages").iterdir() if (p / "datapackage.json").exists()}
    assert set(COUNTS) <= shipped and len(COUNTS) == 5


@pytest.mark.parametrize("plan_id", sorted(COUNTS))
def test_counts_match_the_document(plan_id: str):
    expected = COUNTS[plan_id]
    assert dict(Counter(g["level"] for g in _rows(plan_id, "goals"))) == expected["goals"]
    assert dict(Counter(i["kind"] for i in _rows(plan_id, "indicators"))) == expected["indicators"]
    assert len(_rows(plan_id, "observations")) == expected["observations"]
    budget = (len(_rows(plan_id, "budget_tables")), len(_rows(plan_id, "budget_lines")), len(_rows(plan_id, "budget_values")))
    assert budget == expected["budget"]
    assert len(_rows(plan_id, "assignments")) == expected["assignments"]
    assert len(_rows(plan_id, "risks")) == expected["risks"]


def _seed_line(plan_id: str, line: int) -> str:
    path = ROOT.parent / "shared" / "seeds" / SEED_FILES[plan_id]
    if not path.exists():
        pytest.skip("the source texts are in ../shared/seeds")
    return path.read_text(encoding="utf-8").split("\n")[line - 1]


def _printed(value: str) -> str:
    """How a CSV value looks in the source: 3752 → "3 752", 4.6 → "4,6"."""
    sign = "-" if value.startswith("-") else ""
    whole, _, decimals = value.lstrip("-").partition(".")
    grouped = f"{int(whole):,}".replace(",", " ")
    return sign + grouped + ("," + decimals if decimals else "")


@pytest.mark.parametrize("plan_id, indicator, period, value_type, gender, value, line", OBSERVATIONS)
def test_observation_equals_the_document(plan_id, indicator, period, value_type, gender, value, line):
    rows = {(r["indicator_id"], int(r["period"]), r["value_type"], r["gender"]): r for r in _rows(plan_id, "observations")}
    row = rows[(indicator, period, value_type, gender)]
    assert row["value"] == value
    source = _seed_line(plan_id, line)
    assert row["printed"] in source
    if value and any(ch.isdigit() for ch in row["printed"]):
        assert _printed(value) in source or value in source, source
    if not value:
        assert row["printed"] and row["note"]


@pytest.mark.parametrize("plan_id, indicator, period, value_type, gender", ABSENT)
def test_blank_cells_stay_blank(plan_id, indicator, period, value_type, gender):
    rows = {(r["indicator_id"], int(r["period"]), r["value_type"], r["gender"]) for r in _rows(plan_id, "observations")}
    assert (indicator, period, value_type, gender) not in rows


@pytest.mark.parametrize("plan_id, line_id, column, amount, line", BUDGET)
def test_budget_amount_equals_the_document(plan_id, line_id, column, amount, line):
    rows = {(r["line_id"], r["column"]): r for r in _rows(plan_id, "budget_values")}
    row = rows[(line_id, column)]
    assert Decimal(row["amount"]) == Decimal(amount)
    assert row["printed"] in _seed_line(plan_id, line)
    assert _printed(amount) in _seed_line(plan_id, line)


@pytest.mark.parametrize("plan_id", sorted(COUNTS))
def test_every_correction_is_recorded_with_its_reason(plan_id: str):
    for row in _rows(plan_id, "corrections"):
        assert row["found"] != row["corrected"] and row["reason"], row


def test_shared_measures_are_linked_across_plans():
    keys: dict[str, set[str]] = {}
    for plan_id in COUNTS:
        for ind in _rows(plan_id, "indicators"):
            if ind["concordance_key"]:
                keys.setdefault(ind["concordance_key"], set()).add(plan_id)
    assert {"varnamo-medborgarnamnden-2024-2026", "vaxjo-arbete-och-valfard-2024", "harryda-socialnamnden-2023-2025"} <= keys["vuxna-langvarigt-ekonomiskt-bistand"]
    assert len(keys["personalomsattning"]) >= 3
    assert len(keys["sjukfranvaro"]) >= 3


def test_every_concordance_key_is_documented():
    documented = {r["concordance_key"] for r in read_csv(ROOT / "datapackages" / "concordance.csv")}
    used = {i["concordance_key"] for plan_id in COUNTS for i in _rows(plan_id, "indicators") if i["concordance_key"]}
    assert used <= documented


def test_comparators_and_ranges_as_printed():
    rows = {(r["indicator_id"], int(r["period"]), r["value_type"]): r for r in _rows("mark-socialnamnden-2024-2025", "observations")}
    assert (rows[("handlaggningstider-familjeenheten", 2023, "mal")]["comparator"], rows[("handlaggningstider-familjeenheten", 2023, "mal")]["printed"]) == ("<=", "≤108")
    assert rows[("barn-vid-vrakningar", 2024, "mal")]["comparator"] == "="  # a target of 0 is a real target
    assert rows[("funktionsstod-overklaganden-bifall", 2024, "mal")]["value_max"] == "100"
    assert rows[("personalomsattning-chefer", 2025, "mal")]["comparator"] == ""  # no sign printed
