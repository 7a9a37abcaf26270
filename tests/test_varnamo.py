"""Värnamo's plan: every number of the goal tables, budgets and HR tables equals the document.

The expected values are read straight from the source text (../shared/seeds), column by column,
independently of the package; a hand-checked sample is asserted as well.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from .conftest import ROOT, SEEDS, VARNAMO, read_csv

SEED = SEEDS / "000_ec315137f5e8e1bd.txt"
PKG = ROOT / "datapackages" / VARNAMO


def _num(cell: str) -> Decimal:
    cell = re.sub(r"\(\d{4}\)", "", cell).replace("%", "").replace(" ", "").replace(",", ".").strip()
    return Decimal(cell)


def _observations() -> dict[tuple[str, int, str], dict]:
    return {(r["indicator_id"], int(r["period"]), r["value_type"]): r for r in read_csv(PKG / "observations.csv")}


def _indicator_ids_by_name() -> dict[str, str]:
    return {r["name"]: r["indicator_id"] for r in read_csv(PKG / "indicators.csv")}


def test_counts_made_by_reading_the_document():
    # 4 areas, 6 council goals (extern/intern for three areas), 4 board goals
    goals = read_csv(PKG / "goals.csv")
    assert len(goals) == 14
    assert sorted(g["level"] for g in goals).count("board_goal") == 4
    indicators = read_csv(PKG / "indicators.csv")
    kinds = [i["kind"] for i in indicators]
    # 20 goal indicators, 21 HR figures (20 rows + pension forecast), 9 key figures
    assert (kinds.count("target"), kinds.count("monitoring"), kinds.count("key_figure")) == (20, 21, 9)
    assert len(read_csv(PKG / "observations.csv")) == 160
    # 22 activities + total; 3 investment lines + total
    assert len(read_csv(PKG / "budget_lines.csv")) == 27
    assert len(read_csv(PKG / "budget_values.csv")) == 92


@pytest.mark.skipif(not SEED.exists(), reason="the source text is in ../shared/seeds")
def test_goal_tables_equal_the_document():
    lines = SEED.read_text(encoding="utf-8").split("\n")
    obs = _observations()
    indicators = read_csv(PKG / "indicators.csv")
    by_name = {i["name"]: i["indicator_id"] for i in indicators}
    checked = 0
    for line in lines[213:290]:
        cells = line.split("\t")
        if len(cells) != 6 or cells[0] in ("", "Indikatorer") or not re.search(r"\d", cells[1] + cells[2]):
            continue
        name = re.sub(r"^[NU]\d{5} ", "", cells[0]).strip()
        iid = next((v for k, v in by_name.items() if k == name or k.startswith(name)), None)
        assert iid, f"no indicator for {name!r}"
        now = cells[1]
        year = 2021 if "(2021)" in now else 2022
        assert Decimal(obs[(iid, year, "utfall")]["value"]) == _num(now), name
        assert obs[(iid, year, "utfall")]["printed"] == now
        for column, target in zip(range(2023, 2027), cells[2:]):
            if not target:
                assert (iid, column, "mal") not in obs
            elif target == "Uppnått":
                assert obs[(iid, column, "mal")]["value"] == "" and obs[(iid, column, "mal")]["note"] == "Uppnått"
            else:
                assert Decimal(obs[(iid, column, "mal")]["value"]) == _num(target), (name, column)
            checked += 1
    assert checked == 20 * 4


@pytest.mark.skipif(not SEED.exists(), reason="the source text is in ../shared/seeds")
def test_operating_and_investment_budget_equal_the_document():
    lines = SEED.read_text(encoding="utf-8").split("\n")
    values = {(r["line_id"], r["column"]): r for r in read_csv(PKG / "budget_values.csv")}
    drift_columns = ["Bokslut 2021", "Bokslut 2022", "Budget 2023", "Prel Budget 2024", "Prel Budget 2025", "Prel Budget 2026"]
    checked = 0
    for line in lines[295:318]:
        cells = line.split("\t")
        line_id = "drift-total" if cells[0] == "TOTAL NETTOKOSTNAD" else "drift-" + cells[0].split(" ")[0]
        for column, cell in zip(drift_columns, cells[1:]):
            if cell:
                assert Decimal(values[(line_id, column)]["amount"]) == _num(cell)
                checked += 1
            else:
                assert (line_id, column) not in values
    inv_ids = ["inv-inventarier", "inv-it-utrustning", "inv-robotisering", "inv-summa"]
    inv_columns = ["Budget 2024", "Plan 2025", "Plan 2026", "Plan 2027", "Plan 2028"]
    for line_id, line in zip(inv_ids, lines[323:327]):
        for column, cell in zip(inv_columns, line.split("\t")[2:]):
            assert Decimal(values[(line_id, column)]["amount"]) == _num(cell)
            checked += 1
    assert checked == 22 * 3 + 6 + 4 * 5


@pytest.mark.skipif(not SEED.exists(), reason="the source text is in ../shared/seeds")
def test_hr_tables_equal_the_document():
    lines = SEED.read_text(encoding="utf-8").split("\n")
    obs = _observations()
    names = _indicator_ids_by_name()
    checked = 0
    for line in lines[344:380]:
        cells = line.split("\t")
        if len(cells) != 4 or not cells[0] or cells[0].startswith("\t"):
            continue
        name = re.sub(r"\s*\*+$", "", cells[0]).strip()
        iid = names[name]
        assert Decimal(obs[(iid, 2021, "utfall")]["value"]) == _num(cells[1])
        assert Decimal(obs[(iid, 2022, "utfall")]["value"]) == _num(cells[2])
        assert f"Förändring: {cells[3]}." in obs[(iid, 2022, "utfall")]["note"]
        checked += 1
    assert checked == 20
    forecast = lines[383].split("\t")
    assert forecast[0] == "Antal"
    for year, cell in zip(range(2023, 2028), forecast[1:]):
        assert Decimal(obs[("pensionsavgangar-prognos", year, "prognos")]["value"]) == _num(cell)


def test_hand_checked_sample():
    obs = _observations()
    assert obs[("langvarigt-ekonomiskt-bistand", 2021, "utfall")]["printed"] == "37% (2021)"
    assert obs[("placeringsdygn-externt", 2022, "utfall")]["value"] == "7874"
    assert obs[("personalomsattning-mal", 2022, "utfall")]["value"] == "9.8"
    assert obs[("personalomsattning-mal", 2026, "mal")]["value"] == "7.0"
    assert obs[("timlon-timmar", 2021, "utfall")]["value"] == "15722"
    assert obs[("kostnad-ifo", 2022, "utfall")]["value"] == ""
    assert obs[("kostnad-ifo", 2022, "utfall")]["note"] == "Kompletteras under året"
    indicators = {r["indicator_id"]: r for r in read_csv(PKG / "indicators.csv")}
    assert indicators["langvarigt-ekonomiskt-bistand"]["kolada_id"] == "N31814"
    assert indicators["mycket-langvarigt-ekonomiskt-bistand"]["kolada_id"] == "U31801"
    assert indicators["manadsavlonade-ifo"]["kolada_id"] == "N30010"
    assert indicators["pensionsavgangar-prognos"]["name"] == "Pensionsavgångar prognos (beräknat vid 65 års ålder)"


@pytest.mark.skipif(not SEED.exists(), reason="the source text is in ../shared/seeds")
def test_every_prose_paragraph_of_the_document_is_in_its_chapter():
    """Each long paragraph of running text between a chapter's heading and the next chapter's is in
    that chapter's file, word for word, or (a table's footnote) in a note of the package (the audit
    found the last paragraph of 5 Sammanfattning lost)."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    chapters = sorted((ROOT / "content" / VARNAMO).glob("*.md"))
    titles = [re.search(r'^title: "(.*)"$', c.read_text(encoding="utf-8"), re.M).group(1) for c in chapters]
    starts = [max(i for i, line in enumerate(lines) if line.strip() == title) for title in titles]
    package = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in PKG.glob("*.csv"))
    checked = 0
    for n, chapter in enumerate(chapters):
        text = " ".join(chapter.read_text(encoding="utf-8").split())
        end = starts[n + 1] if n + 1 < len(chapters) else len(lines)
        for line in lines[starts[n] + 1:end]:
            if len(line) > 200 and "\t" not in line:
                paragraph = " ".join(line.split())
                assert paragraph in text or paragraph.lstrip("*") in package, f"{chapter.name}: missing {line[:80]}…"
                checked += 1
    assert checked >= 10
