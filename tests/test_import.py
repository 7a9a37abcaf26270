"""plansite import: every shipped plan round-trips through the template and through CSV files saved
the way offices save them; what cannot be read is named by sheet, row and column and nothing is written."""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from generator.cli import cli
from generator.ingest.written_numbers import read_number, read_printed

from .conftest import ROOT, read_csv

PLANS = sorted(p for p in (ROOT / "datapackages").iterdir() if (p / "datapackage.json").exists())


def run(*args: str):
    return CliRunner().invoke(cli, list(args), env={"LANG": "sv_SE.UTF-8"})


def export(plan_dir: Path, out: Path) -> Path:
    result = run("export-template", plan_dir.name, "--datapackages", str(plan_dir.parent), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def import_(source: Path, datapackages: Path, *args: str):
    return run("import", str(source), "--datapackages", str(datapackages), *args)


def assert_same_package(original: Path, copy: Path) -> None:
    """Every table equal value for value (rows parsed) and the plan metadata equal."""
    before = json.loads((original / "datapackage.json").read_text(encoding="utf-8"))
    after = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    assert after["plan"] == before["plan"]
    assert [r["name"] for r in after["resources"]] == [r["name"] for r in before["resources"]]
    assert after == before
    for resource in before["resources"]:
        assert read_csv(copy / resource["path"]) == read_csv(original / resource["path"]), resource["name"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("plan_dir", PLANS, ids=lambda p: p.name)
def test_every_shipped_plan_round_trips_through_the_template(plan_dir: Path, tmp_path: Path):
    book = export(plan_dir, tmp_path / "mall.xlsx")
    result = import_(book, tmp_path / "empty" / "datapackages")
    assert result.exit_code == 0, result.output
    assert "Skapade planen" in result.output and "goals: ny" in result.output
    assert_same_package(plan_dir, tmp_path / "empty" / "datapackages" / plan_dir.name)
    again = import_(book, tmp_path / "empty" / "datapackages")
    assert again.exit_code == 0 and "Inget att ändra" in again.output and "goals: oförändrad" in again.output


def test_a_workbook_without_the_marks_of_required_fields_reads_the_same(tmp_path: Path):
    """A template written before the marks (``Mål-id``, not ``Mål-id *``), or one whose marks a person
    removed, is read as the same plan; the marks are really in the template this test starts from."""
    plan_dir = ROOT / "datapackages" / "varnamo-medborgarnamnden-2024-2026"
    book_path = export(plan_dir, tmp_path / "mall.xlsx")
    book = load_workbook(book_path)
    marks = 0
    for sheet in book.worksheets:
        cells = list(sheet[1]) if sheet.title not in ("plan", "hjälp") else \
            [row[0] for row in sheet.iter_rows(min_row=2)] if sheet.title == "plan" else []
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.endswith(" *"):
                cell.value, marks = cell.value.removesuffix(" *"), marks + 1
    assert marks > 30
    book.save(book_path)
    result = import_(book_path, tmp_path / "empty" / "datapackages")
    assert result.exit_code == 0, result.output
    assert_same_package(plan_dir, tmp_path / "empty" / "datapackages" / plan_dir.name)


# --- the same through CSV files saved as offices save them --------------------------------------

def swedish(plain: str, group: str) -> str:
    """A plain number as a Swedish spreadsheet writes it: decimal comma, grouped thousands, − sign."""
    sign, digits = ("−", plain[1:]) if plain.startswith("-") else ("", plain)
    whole, _, fraction = digits.partition(".")
    grouped = f"{int(whole):,}".replace(",", group) if len(whole) > 3 else whole
    return sign + grouped + ("," + fraction if fraction else "")


def quirky_cells(sheet: str, header: list[str], rows: list[list[str]], units: dict[str, str]) -> list[list[str]]:
    """The sheet's cells as an office might type them, meaning the same (the headers keep the template's
    marks of required columns, ``Indikator-id *``)."""
    header = [str(name).removesuffix(" *") for name in header]
    col = {name: i for i, name in enumerate(header)}
    out = []
    for n, row in enumerate(rows):
        row = list(row)
        for i, cell in enumerate(row):
            if sheet != "plan" and header[i] in ("Värde", "Övre värde", "Belopp") and read_number(cell):
                row[i] = swedish(cell, "\u00a0" if n % 2 else " ")
        if sheet == "observations":
            value, printed = row[col["Värde"]], row[col["Som tryckt"]]
            comparator, upper = row[col["Jämförelse"]], row[col["Övre värde"]]
            if value and printed and n % 5 == 0 and comparator in ("<=", ">="):
                row[col["Värde"]] = {"<=": "≤", ">=": "≥ "}[comparator] + value
                row[col["Jämförelse"]] = ""
            elif value and printed and upper and not comparator:
                row[col["Värde"]], row[col["Övre värde"]] = f"{value}-{upper}", ""
            elif value and printed and n % 7 == 0 and comparator == "":
                row[col["Värde"]] = f"{value} ({row[col['År']]})"
                row[col["År"]] = ""
            elif value and printed and not comparator and units.get(row[col["Indikator-id"]]) == "procent":
                row[col["Värde"]] = f"{value} %"
            elif not value and printed and printed == row[col["Anmärkning"]] and not any(c.isdigit() for c in printed):
                row[col["Värde"]], row[col["Som tryckt"]], row[col["Anmärkning"]] = printed, "", ""
        out.append(row)
    return out


def save_as_office_csv(book_path: Path, folder: Path) -> None:
    """Every sheet as ``<sheet>.csv``: semicolons or commas, Windows-1252 or UTF-8 with or without BOM,
    CRLF, Swedish numbers, printed values in the value cells, a trailing blank row."""
    book = load_workbook(book_path)
    folder.mkdir()
    indicators = [[c.value for c in row] for row in book["indicators"].iter_rows()] if "indicators" in book else []
    units = {r[0]: r[3] for r in indicators[1:]} if indicators else {}
    for index, sheet in enumerate(book.worksheets):
        rows = [["" if c.value is None else c.value for c in row] for row in sheet.iter_rows()]
        rows = [[_as_text(v, c.number_format) for v, c in zip(row, cells)] for row, cells in zip(rows, sheet.iter_rows())]
        header, body = (rows[0], rows[1:]) if rows else ([], [])
        body = quirky_cells(sheet.title, header, body, units)
        delimiter = ";" if index % 3 != 1 else ","
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
        writer.writerows([header, *body, [""] * max(len(header), 1)])
        text = out.getvalue()
        encodings = ["cp1252", "utf-8-sig", "utf-8"]
        for encoding in encodings[index % 3:] + ["utf-8-sig"]:
            try:
                (folder / f"{sheet.title}.csv").write_bytes(text.encode(encoding))
                break
            except UnicodeEncodeError:
                continue


def _as_text(value: object, number_format: str) -> str:
    """A cell as the plain text the package holds (the workbook's numbers show their decimals)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        places = len(number_format.partition(".")[2]) if "." in number_format else 0
        return f"{Decimal(repr(value)):.{places}f}"
    return str(value)


@pytest.mark.parametrize("plan_dir", PLANS, ids=lambda p: p.name)
def test_every_shipped_plan_round_trips_through_csv_files_saved_with_office_habits(plan_dir: Path, tmp_path: Path):
    folder = tmp_path / "flikar"
    save_as_office_csv(export(plan_dir, tmp_path / "mall.xlsx"), folder)
    encodings = {p.name: p.read_bytes()[:3] == b"\xef\xbb\xbf" for p in folder.iterdir()}
    assert any(encodings.values()) and not all(encodings.values())  # with and without BOM
    assert any(";" in p.read_text(encoding="cp1252", errors="replace").split("\n")[0] for p in folder.iterdir())
    result = import_(folder, tmp_path / "empty" / "datapackages")
    assert result.exit_code == 0, result.output
    assert_same_package(plan_dir, tmp_path / "empty" / "datapackages" / plan_dir.name)


def test_the_office_habits_are_really_in_the_files(tmp_path: Path):
    """The quirky files hold what the import must read (else the round trip above proves little)."""
    folder = tmp_path / "flikar"
    save_as_office_csv(export(ROOT / "datapackages" / "mark-socialnamnden-2024-2025", tmp_path / "m.xlsx"), folder)
    text = "\n".join(p.read_bytes().decode("utf-8-sig", errors="replace") + p.read_bytes().decode("cp1252", "replace")
                     for p in folder.iterdir())
    for habit in ("≤", "−", "\u00a0", " %", "70-100", ";", "\r\n"):
        assert habit in text, habit

    def utf8(raw: bytes) -> bool:
        try:
            raw.decode("utf-8")
            return True
        except UnicodeDecodeError:
            return False

    assert any(not utf8(p.read_bytes()) for p in folder.iterdir())  # Windows-1252
    varnamo = tmp_path / "v"
    save_as_office_csv(export(ROOT / "datapackages" / "varnamo-medborgarnamnden-2024-2026", tmp_path / "v.xlsx"), varnamo)
    observations = (varnamo / "observations.csv").read_bytes()
    assert "Uppnått".encode("cp1252") in observations or "Uppnått".encode() in observations
    assert any(read_printed(cell) and read_printed(cell).year for line in csv.reader(
        io.StringIO(observations.decode("utf-8-sig", "replace")), delimiter=";") for cell in line)


# --- bad spreadsheets: sheet, row and column, exit 1, nothing touched ----------------------------

@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    """A project holding the Värnamo plan, and its template."""
    datapackages = tmp_path / "datapackages"
    shutil.copytree(ROOT / "datapackages" / "varnamo-medborgarnamnden-2024-2026",
                    datapackages / "varnamo-medborgarnamnden-2024-2026")
    return datapackages, export(datapackages / "varnamo-medborgarnamnden-2024-2026", tmp_path / "mall.xlsx")


def _edit(book_path: Path, change) -> Path:
    book = load_workbook(book_path)
    change(book)
    book.save(book_path)
    return book_path


def test_a_bad_spreadsheet_names_sheet_row_and_column_and_touches_nothing(project):
    datapackages, book_path = project
    plan = datapackages / "varnamo-medborgarnamnden-2024-2026"
    before = snapshot(plan)

    def spoil(book):
        book["budget_values"]["F3"] = "trettio"         # a word in a number cell
        book["goals"]["L4"] = "tre"                     # a word in an integer cell
        book.create_sheet("Blad2")["A1"] = "anteckning"  # an unknown sheet
        book["observations"].delete_cols(3)             # the required column Värdetyp

    result = import_(_edit(book_path, spoil), datapackages, "--force")
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("FEL:")]
    assert any('flik budget_values, rad 3, kolumn F (Belopp): "trettio" är inget tal' in line for line in lines), lines
    assert any('flik goals, rad 4, kolumn L (Ordning): "tre" är inget heltal' in line for line in lines), lines
    assert any('flik Blad2: okänd flik "Blad2"' in line for line in lines), lines
    assert any("flik observations, rad 1, kolumn Värdetyp: kolumnen Värdetyp saknas men krävs" in line
               for line in lines), lines
    assert "inget har skrivits" in result.output
    assert snapshot(plan) == before
    assert [p.name for p in datapackages.iterdir()] == [plan.name]  # no half-written folder left


def test_a_problem_found_by_validation_is_shown_on_its_sheet(project):
    datapackages, book_path = project
    plan = datapackages / "varnamo-medborgarnamnden-2024-2026"
    before = snapshot(plan)
    result = import_(_edit(book_path, lambda b: b["observations"].__setitem__("A5", "finns-inte")), datapackages,
                     "--force", "--lang", "en")
    assert result.exit_code == 1
    assert 'sheet observations, row 5, column A (Indikator-id): "finns-inte" does not exist in indicators.indicator_id' \
        in result.output, result.output
    assert snapshot(plan) == before


def test_an_existing_plan_changes_only_with_force_and_a_dry_run_writes_nothing(project):
    datapackages, book_path = project
    plan = datapackages / "varnamo-medborgarnamnden-2024-2026"
    before = snapshot(plan)

    def edit(book):
        book["goals"]["F2"] = book["goals"]["F2"].value + " (reviderad)"
        book["observations"].delete_rows(book["observations"].max_row)

    _edit(book_path, edit)
    refused = import_(book_path, datapackages)
    assert refused.exit_code == 1 and "--force" in refused.output and snapshot(plan) == before
    assert "goals: 0 tillagda, 1 ändrad, 0 borttagna (nu 14 rader)" in refused.output
    assert "observations: 0 tillagda, 0 ändrade, 1 borttagen (nu 159 rader)" in refused.output
    dry = import_(book_path, datapackages, "--dry-run", "--force")
    assert dry.exit_code == 0 and "inget har skrivits" in dry.output and snapshot(plan) == before
    forced = import_(book_path, datapackages, "--force")
    assert forced.exit_code == 0 and "Uppdaterade planen" in forced.output
    goals = read_csv(plan / "goals.csv")
    assert goals[0]["title"].endswith(" (reviderad)") and len(read_csv(plan / "observations.csv")) == 159
    assert read_csv(plan / "indicators.csv") == read_csv(ROOT / "datapackages" / plan.name / "indicators.csv")
    assert [p.name for p in datapackages.iterdir()] == [plan.name]


def test_a_folder_with_only_some_tables_changes_only_those(project, tmp_path: Path):
    datapackages, _ = project
    plan = datapackages / "varnamo-medborgarnamnden-2024-2026"
    folder = tmp_path / "bara-mal"
    folder.mkdir()
    text = (plan / "goals.csv").read_text(encoding="utf-8").replace(",", ";")
    (folder / "goals.csv").write_bytes(text.replace("Trygghet", "Trygghet och hälsa").encode("cp1252"))
    missing_plan = import_(folder, datapackages, "--force")
    assert missing_plan.exit_code == 1 and "plan_id" in missing_plan.output
    result = import_(folder, datapackages, "--plan", plan.name, "--force")
    assert result.exit_code == 0, result.output
    assert "indicators: oförändrad" in result.output


def test_a_link_in_the_folder_is_refused(project, tmp_path: Path):
    datapackages, _ = project
    folder = tmp_path / "lankar"
    folder.mkdir()
    (folder / "goals.csv").symlink_to("/etc/passwd")
    result = import_(folder, datapackages, "--plan", "varnamo-medborgarnamnden-2024-2026", "--force")
    assert result.exit_code == 1 and "symbolisk länk" in result.output


def test_something_that_is_no_workbook_is_one_clean_error(tmp_path: Path):
    fake = tmp_path / "plan.xlsx"
    fake.write_bytes(b"not a zip")
    result = import_(fake, tmp_path / "datapackages")
    assert result.exit_code == 1 and "ingen Excel-arbetsbok" in result.output and "Traceback" not in result.output


def test_a_dry_run_or_a_failed_import_into_an_empty_project_leaves_it_empty(tmp_path: Path):
    book = export(ROOT / "datapackages" / "mark-socialnamnden-2024-2025", tmp_path / "mall.xlsx")
    dry = import_(book, tmp_path / "projekt" / "datapackages", "--dry-run")
    assert dry.exit_code == 0 and "goals: ny" in dry.output and "Provkörning" in dry.output
    assert not (tmp_path / "projekt" / "datapackages").exists()
    broken = _edit(book, lambda b: b["indicators"].__setitem__("A2", "Fel Id"))
    failed = import_(broken, tmp_path / "projekt" / "datapackages")
    assert failed.exit_code == 1 and "flik indicators, rad 2, kolumn A (Indikator-id)" in failed.output, failed.output
    assert not (tmp_path / "projekt" / "datapackages").exists()


def test_a_workbook_that_unpacks_to_too_much_or_expands_entities_is_refused(project, tmp_path: Path, monkeypatch):
    import zipfile

    datapackages, book_path = project
    monkeypatch.setenv("PLANSITE_MAX_FILE_BYTES", "1000000")  # a workbook may unpack to 20 MB
    laughs = ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
              '<c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>')
    for name, member, payload in (("entities.xlsx", "xl/worksheets/sheet1.xml", laughs.encode()),
                                  ("bomb.xlsx", "xl/padding.xml", b"0" * 30_000_000)):
        bad = tmp_path / name
        with zipfile.ZipFile(book_path) as source, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                if item.filename != member:
                    target.writestr(item, source.read(item.filename))
            target.writestr(member, payload)
        result = run("import", str(bad), "--datapackages", str(datapackages), "--force")
        assert result.exit_code == 1 and "Traceback" not in result.output, (name, result.output)
        assert ("ingen Excel-arbetsbok" if name == "entities.xlsx" else "för stor") in result.output, result.output


def test_a_new_plan_filled_in_from_the_template_validates_in_one_round(tmp_path: Path):
    """The issue's new user: 2 goals, 3 indicators and a 3-line budget, typed into the template as an
    office types them, published with one import and no validation error."""
    from generator.validate.project import validate_project

    plan_id = "vetlanda-socialnamnden-2025-2027"
    created = CliRunner().invoke(cli, ["new", plan_id, "--municipality-code", "0685", "--board", "Socialnämnden",
                                       "--title", "Nämndplan 2025–2027", "--type", "nämndplan", "--period", "2025-2027",
                                       "--root", str(tmp_path)], env={"LANG": "sv_SE.UTF-8"})
    assert created.exit_code == 0, created.output
    datapackages = tmp_path / "datapackages"
    book_path = export(datapackages / plan_id, tmp_path / "mall.xlsx")
    book = load_workbook(book_path)

    def fill(sheet: str, rows: list[dict]) -> None:
        ws = book[sheet]
        columns = {c.value.removesuffix(" *"): c.column for c in ws[1]}
        for r, row in enumerate(rows, start=2):
            for title, value in row.items():
                ws.cell(r, columns[title], value)

    fill("goals", [{"Mål-id": "trygghet", "Nivå": "area", "Rubrik": "Trygghet", "Ordning": 1},
                   {"Mål-id": "snabbare-beslut", "Överordnat mål": "trygghet", "Nivå": "board_goal",
                    "Rubrik": "Snabbare beslut", "Ordning": 2}])
    fill("indicators", [
        {"Indikator-id": "handlaggningstid", "Mål": "snabbare-beslut", "Namn": "Handläggningstid", "Enhet": "dagar",
         "Typ": "target", "Riktning": "lower", "Ordning": 1},
        {"Indikator-id": "nojdhet", "Mål": "snabbare-beslut", "Namn": "Nöjda brukare", "Enhet": "procent",
         "Typ": "target", "Riktning": "higher", "Ordning": 2},
        {"Indikator-id": "arenden", "Namn": "Antal ärenden", "Enhet": "antal", "Typ": "monitoring", "Ordning": 3}])
    fill("observations", [
        {"Indikator-id": "handlaggningstid", "År": 2025, "Värdetyp": "utfall", "Kön": "T", "Värde": "34,5"},
        {"Indikator-id": "handlaggningstid", "År": 2027, "Värdetyp": "mal", "Kön": "T", "Värde": "≤30"},
        {"Indikator-id": "nojdhet", "År": 2025, "Värdetyp": "utfall", "Kön": "T", "Värde": "81 %"},
        {"Indikator-id": "nojdhet", "År": 2027, "Värdetyp": "mal", "Kön": "T", "Värde": "Öka"},
        {"Indikator-id": "arenden", "År": 2025, "Värdetyp": "utfall", "Kön": "T", "Värde": "1 204"}])
    fill("budget_tables", [{"Tabell-id": "drift", "Budgettyp": "drift", "Rubrik": "Driftbudget", "Enhet": "mnkr",
                            "Ordning": 1}])
    fill("budget_lines", [
        {"Rad-id": "individ", "Tabell": "drift", "Summeras i": "summa", "Namn": "Individ och familj",
         "Summarad": "false", "Ordning": 1},
        {"Rad-id": "stod", "Tabell": "drift", "Summeras i": "summa", "Namn": "Stöd", "Summarad": "false", "Ordning": 2},
        {"Rad-id": "summa", "Tabell": "drift", "Namn": "Summa", "Summarad": "true", "Ordning": 3}])
    fill("budget_values", [
        {"Rad-id": line, "Kolumn": "Budget 2025", "År": 2025, "Värdetyp": "budget", "Mått": "netto", "Belopp": amount}
        for line, amount in (("individ", "−120,5"), ("stod", "−30,2"), ("summa", "−150,7"))])
    book.save(book_path)
    result = import_(book_path, datapackages, "--force")
    assert result.exit_code == 0, result.output
    report = validate_project(datapackages, tmp_path / "content")
    assert report.errors == () and report.plans == (plan_id,)
    plan = report.validated[plan_id].plan
    targets = {(o.indicator_id, o.value_type): o for o in plan.observations}
    assert targets[("handlaggningstid", "mal")].comparator == "<=" and str(targets[("handlaggningstid", "mal")].value) == "30"
    assert targets[("nojdhet", "mal")].value is None and targets[("nojdhet", "mal")].printed == "Öka"
    assert str(targets[("arenden", "utfall")].value) == "1204"
    assert [str(v.amount) for line in plan.budget_lines for v in line.values] == ["-120.5", "-30.2", "-150.7"]
