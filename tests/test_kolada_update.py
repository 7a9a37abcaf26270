"""plansite kolada update: the real client against a local Kolada, into a real package, then the site."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.ingest.load import load_plan
from generator.validate.project import validate_project

from .test_kolada import LocalKolada, no_proxy, page, row  # noqa: F401 – the fixture is used by name

PLAN = "testby-testnamnden-2024"
# the tiny plan: indicator vantetid, Kolada id N31814, Värnamo (0683), data years 2022–2025; it prints 13 for 2022
PATH = "/v3/data/kpi/N31814/municipality/0683/year/2022,2023,2024,2025"


@pytest.fixture
def local():
    server = LocalKolada()
    yield server
    server.close()


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _update(project: Path, local: LocalKolada, *args: str):
    return CliRunner().invoke(cli, ["kolada", "update", "--datapackages", str(project / "datapackages"),
                                    "--api-url", local.url, "--lang", "en", *args])


def test_values_are_stored_beside_the_printed_ones_and_differences_reported(project: Path, local: LocalKolada):
    local.answer(PATH, page(row("N31814", 2022, ("T", 12.4), municipality="0683"),
                            row("N31814", 2023, ("T", 11), ("K", 10), ("M", 12), municipality="0683")))
    package = project / "datapackages" / PLAN
    observations_before = (package / "observations.csv").read_bytes()
    result = _update(project, local)
    assert result.exit_code == 0, result.output
    assert "4 values from Kolada; 3 new values, 0 equal, 0 rounded, 1 differ from the plan" in result.output
    assert "vantetid 2022 T: the plan 13, Kolada 12.4 (both are shown)" in result.output
    assert (package / "observations.csv").read_bytes() == observations_before  # the printed values stay
    with (package / "kolada_values.csv").open(encoding="utf-8", newline="") as handle:
        stored = list(csv.DictReader(handle))
    assert [(r["period"], r["gender"], r["value"]) for r in stored] == [
        ("2022", "T", "12.4"), ("2023", "T", "11"), ("2023", "K", "10"), ("2023", "M", "12")]
    assert all(r["request_url"].startswith(local.url) and r["retrieved"] for r in stored)
    assert validate_project(project / "datapackages").ok
    indicator = load_plan(package).indicators[0]
    assert [o.value for o in indicator.observations if o.value_type == "utfall"] == [13]  # printed, untouched
    assert {(o.period, o.gender, o.origin) for o in indicator.reported} >= {(2022, "T", "kolada")}
    again = _snapshot(package)
    assert _update(project, local).exit_code == 0
    assert _snapshot(package) == again  # nothing new: no file changes, not even the day


def test_a_failure_is_one_line_and_leaves_every_package_untouched(project: Path, local: LocalKolada):
    package = project / "datapackages" / PLAN
    before = _snapshot(package)
    local.answer(PATH, "oops", status=500)
    result = _update(project, local)
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = result.output.strip().splitlines()
    assert "no package was changed" in line
    assert _snapshot(package) == before
    local.answer(PATH, "{not json")
    assert _update(project, local).exit_code == 1 and _snapshot(package) == before


def test_a_dry_run_writes_nothing(project: Path, local: LocalKolada):
    local.answer(PATH, page(row("N31814", 2023, ("T", 11), municipality="0683")))
    package = project / "datapackages" / PLAN
    before = _snapshot(package)
    result = _update(project, local, "--dry-run")
    assert result.exit_code == 0 and "would write kolada_values.csv" in result.output
    assert _snapshot(package) == before


def test_the_site_publishes_kolada_values_with_their_source(project: Path, local: LocalKolada):
    local.answer(PATH, page(row("N31814", 2023, ("T", 11), municipality="0683")))
    assert _update(project, local).exit_code == 0
    build = CliRunner().invoke(cli, ["build", "--root", str(project), "--site-dir", str(project / "site"), "-q"])
    assert build.exit_code == 0, build.output
    with (project / "site" / "data" / "observations.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    kolada_rows = [r for r in rows if r["source"] == "kolada"]
    assert [(r["period"], r["value"], r["value_type"]) for r in kolada_rows] == [("2023", "11", "utfall")]
    assert kolada_rows[0]["source_url"].startswith(local.url) and kolada_rows[0]["source_date"]
    assert {r["source"] for r in rows if r not in kolada_rows} == {"plan"}
    assert (project / "site" / "data" / PLAN / "kolada_values.csv").is_file()
    from bs4 import BeautifulSoup
    html = BeautifulSoup((project / "site" / PLAN / "indikatorer" / "vantetid" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    table = next(t for t in html.select("table") if "Kolada" in t.caption.get_text())
    cells = [[c.get_text(" ", strip=True) for c in tr.select("th, td")] for tr in table.select("tbody tr")]
    assert cells == [["2023", "Totalt", "11\u00a0dagar", "–", "Nytt utfall från Kolada"]]
    assert "Källa: Kolada." in html.get_text()
    status = html.select_one(".plansite-status-line").get_text(" ", strip=True)
    assert "Utfallet 2023 (11\u00a0dagar) har gått åt rätt håll sedan 2022" in status and status.endswith("Källa: Kolada.")  # no reading guide in this project: no link to one


def test_a_stored_value_for_another_municipality_is_refused(project: Path):
    package = project / "datapackages" / PLAN
    from generator.spec.package import write_descriptor
    (package / "kolada_values.csv").write_text(
        "indicator_id,kolada_id,municipality_code,period,gender,value,status,retrieved,request_url\n"
        "vantetid,N31814,0780,2023,T,11,,2026-12-01,https://api.kolada.se/v3/x\n"
        "vantetid,N99999,0683,2024,T,11,,2026-12-01,https://api.kolada.se/v3/x\n", encoding="utf-8")
    write_descriptor(package)
    errors = {(p.code, p.row, p.field) for p in validate_project(project / "datapackages").errors}
    assert errors == {("kolada-other-municipality", 2, "municipality_code"), ("kolada-id-mismatch", 3, "kolada_id")}
