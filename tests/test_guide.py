"""The guide "Publicera er plan" (content/site/publicera.md and its English twin) and the blank
template the site offers (data/plan-mall.xlsx): the template is what export-template writes for an
empty plan, the same bytes at every build, safe to open, and a filled-in copy creates a plan; the
guide's commands are the CLI's own, its steps work as written, and its links resolve on the site."""

from __future__ import annotations

import io
import json
import re
import shlex
import shutil
from pathlib import Path

import click
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from openpyxl import load_workbook

from generator.authoring import layout
from generator.authoring.blank import blank_template_bytes
from generator.authoring.scaffold import TABLES
from generator.build.pipeline import build_site
from generator.cli import cli
from generator.spec import urls
from generator.spec.package import FOLLOWUP_RESOURCES
from generator.validate.project import validate_project

from .conftest import ROOT, make_package

GUIDES = {"sv": ROOT / "content" / "site" / "publicera.md", "en": ROOT / "content" / "site" / "en" / "publicera.md"}
PLAN = "vetlanda-socialnamnden-2025-2027"


def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


def _commands(guide: Path) -> list[list[str]]:
    """Every ``plansite …`` line in the guide's code blocks, continuation lines joined, as argv."""
    blocks = re.findall(r"```([a-z]*)\n(.*?)```", guide.read_text(encoding="utf-8"), re.S)
    lines = "".join(code for kind, code in blocks if kind in ("sh", "")).replace("\\\n", " ").splitlines()
    out = []
    for line in lines:
        line = line.strip().split("  #")[0]
        if line.startswith("plansite "):
            out.append(shlex.split(line)[1:])
    return out


# --- the blank template ---------------------------------------------------------------------------

def test_the_blank_template_has_the_plan_sheet_the_tables_of_a_new_plan_and_help():
    book = _book(blank_template_bytes())
    assert book.sheetnames == [layout.PLAN_SHEET, *TABLES, *FOLLOWUP_RESOURCES, layout.HELP_SHEET]
    plan = {row[0]: row[1] for row in book[layout.PLAN_SHEET].iter_rows(min_row=2, values_only=True)}
    assert "plan_id *" in plan and "municipality_code *" in plan and "source.url" in plan  # * = required
    assert set(plan.values()) == {None}  # nothing filled in
    for name in (*TABLES, *FOLLOWUP_RESOURCES):  # a new plan's tables, and the follow-ups' to fill in later
        sheet = book[name]
        assert sheet.max_row == 1 and sheet.cell(1, 1).value  # the header row only
        assert sheet.cell(1, 1).value.endswith(" *")  # every table's id is required
    lists = {str(v.sqref): v.formula1 for v in book["observations"].data_validations.dataValidation}
    assert '"utfall,prognos,mal,budget,plan"' in lists.values()
    help_text = [c for row in book[layout.HELP_SHEET].iter_rows(values_only=True) for c in row if c]
    assert any("plansite import" in str(c) for c in help_text)


def test_the_blank_template_is_the_same_bytes_every_time_and_runs_no_formula():
    data = blank_template_bytes()
    assert data == blank_template_bytes()
    book = _book(data)
    assert book.properties.created.year == 1980  # a fixed date, not the time of the build
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
    assert _book(blank_template_bytes(lang="en"))[layout.HELP_SHEET].cell(1, 1).value != \
        book[layout.HELP_SHEET].cell(1, 1).value  # the help in the site's language


def _fill_blank(path: Path, *, with_source: bool = True) -> None:
    book = _book(blank_template_bytes())
    plan = book[layout.PLAN_SHEET]
    rows = {layout.unmarked(row[0].value): row[0].row for row in plan.iter_rows(min_row=2)}
    values = {"plan_id": PLAN, "municipality": "Vetlanda", "municipality_code": "0685", "board": "Socialnämnden",
              "title": "Nämndplan 2025–2027", "document_type": "nämndplan", "period_start": 2025, "period_end": 2027}
    if with_source:
        values["source.title"] = "Nämndplan 2025–2027"
    for key, value in values.items():
        plan.cell(rows[key], 2).value = value
    book["goals"].append(["trygg-vard", None, "board_goal", None, "SN 1", "Äldre känner sig trygga", None, None,
                          None, None, None, 1, None])
    book.save(path)


def test_a_filled_in_blank_template_creates_the_plan_without_force(tmp_path: Path):
    _fill_blank(tmp_path / "plan-mall.xlsx")
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(tmp_path / "plan-mall.xlsx"), "--datapackages",
                                 str(tmp_path / "datapackages"), "--lang", "sv"])
    assert result.exit_code == 0, result.output
    assert validate_project(tmp_path / "datapackages").ok
    assert (tmp_path / "datapackages" / PLAN / "goals.csv").read_text(encoding="utf-8").count("\n") == 2


def test_a_missing_required_plan_field_names_the_field(tmp_path: Path):
    _fill_blank(tmp_path / "plan-mall.xlsx", with_source=False)
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "plan-mall.xlsx"), "--datapackages",
                                      str(tmp_path / "datapackages"), "--lang", "sv"])
    assert result.exit_code == 1
    assert "plan-mall.xlsx, flik plan, kolumn B (source): fältet saknas" in result.output
    assert not (tmp_path / "datapackages").exists() or not any((tmp_path / "datapackages").iterdir())


# --- the guide's commands -------------------------------------------------------------------------

@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_every_command_in_the_guide_is_one_the_cli_takes(lang: str):
    commands = _commands(GUIDES[lang])
    assert {c[0] for c in commands} >= {"new", "export-template", "import", "validate", "serve", "build", "kolada"}
    for argv in commands:
        command, ctx, args = cli, click.Context(cli, info_name="plansite"), list(argv)
        while isinstance(command, click.Group):
            name, args = args[0], args[1:]
            command = command.get_command(ctx, name)
            assert command is not None, argv
            ctx = click.Context(command, info_name=name, parent=ctx)
        command.make_context(ctx.info_name, args, parent=ctx.parent)  # a wrong option or argument fails here


def test_the_two_guides_give_the_same_commands():
    assert _commands(GUIDES["sv"]) == _commands(GUIDES["en"])


def test_the_guides_steps_publish_a_plan_with_one_validation(tmp_path: Path):
    """new → export-template → fill in as in Excel (decimal commas, "≤ 5", a percent) → import
    (refused without --force right after new, with a line saying so) → import --force → validate."""
    runner = CliRunner()
    new = next(c for c in _commands(GUIDES["sv"]) if c[0] == "new")
    result = runner.invoke(cli, [*new, "--root", str(tmp_path), "--lang", "sv"])
    assert result.exit_code == 0, result.output
    assert "plansite import mall.xlsx --force" in result.output  # the next step, named
    template = tmp_path / "mall.xlsx"
    result = runner.invoke(cli, ["export-template", PLAN, "-o", str(template), "--datapackages",
                                 str(tmp_path / "datapackages")])
    assert result.exit_code == 0, result.output
    book = load_workbook(template)
    book["goals"].append(["trygg-vard", None, "board_goal", "Nämndmål", "SN 1", "Äldre känner sig trygga", None,
                          "N/S", None, None, None, 1, None])
    book["indicators"].append(["trygghet", "trygg-vard", "Andel som känner sig trygga", "procent", "target",
                               "higher", None, None, None, None, None, None, None, 1, None])
    book["indicators"].append(["ekbist", "trygg-vard", "Andel med ekonomiskt bistånd", "procent", "target",
                               "lower", None, None, None, None, None, None, None, 2, None])
    for row in (["trygghet", 2025, "utfall", "T", None, "84,5 %"], ["trygghet", 2025, "mal", "T", None, "≥ 85 %"],
                ["ekbist", 2025, "utfall", "T", None, "5,8"], ["ekbist", 2025, "mal", "T", None, "≤ 5"]):
        book["observations"].append(row)
    book["budget_tables"].append(["drift", "drift", "Driftbudget", "tkr", None, 1, None])
    book["budget_lines"].append(["a", "drift", "summa", None, "Äldreomsorg", "false", None, 1, None])
    book["budget_lines"].append(["b", "drift", "summa", None, "IFO", "false", None, 2, None])
    book["budget_lines"].append(["summa", "drift", None, None, "Summa", "true", None, 3, None])
    for line, amount in (("a", "−312 450"), ("b", "−98 700,5"), ("summa", "−411 150,5")):
        book["budget_values"].append([line, "Budget 2025", 2025, "budget", "netto", amount])
    book.save(template)
    args = ["import", str(template), "--datapackages", str(tmp_path / "datapackages"), "--lang", "sv"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1 and "direkt efter plansite new" in result.output
    result = runner.invoke(cli, [*args, "--force"])
    assert result.exit_code == 0, result.output
    report = validate_project(tmp_path / "datapackages", tmp_path / "content")
    assert report.ok and report.plans == (PLAN,), [p.line() for p in report.errors]
    observations = (tmp_path / "datapackages" / PLAN / "observations.csv").read_text(encoding="utf-8")
    assert "ekbist,2025,mal,T,<=,5,,≤ 5," in observations and "trygghet,2025,utfall,T,,84.5," in observations


# --- the built site -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A site of one tiny plan with the project's own pages, the guide among them."""
    root = tmp_path_factory.mktemp("guide")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "site_theme", root / "site_theme")
    shutil.copytree(ROOT / "content" / "site", root / "content" / "site")
    shutil.copytree(ROOT / "content" / "assets", root / "content" / "assets")
    make_package(root)
    return build_site(root, root / "site").site_dir


def test_the_site_offers_the_blank_template_and_lists_it(site: Path):
    published = site / urls.TEMPLATE
    assert published.read_bytes() == blank_template_bytes(lang="sv")
    assert _book(published.read_bytes()).sheetnames == [layout.PLAN_SHEET, *TABLES, *FOLLOWUP_RESOURCES, layout.HELP_SHEET]
    index = json.loads((site / urls.DATA_INDEX).read_text(encoding="utf-8"))
    assert urls.TEMPLATE in [f["path"] for f in index["files"]]


def _resolves(site: Path, page: Path, href: str) -> bool:
    target = (page.parent / href.split("#")[0]).resolve()
    return target.is_file() or (target / "index.html").is_file()


def test_the_guide_page_links_resolve_and_the_start_and_format_pages_link_to_it(site: Path):
    page = site / "publicera" / "index.html"
    article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("article")
    assert article.find("h1").get_text(strip=True) == "Publicera er plan"
    fences = [line for line in GUIDES["sv"].read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("```")]
    assert len(article.find_all("pre")) == len(fences) // 2 and "```" not in article.get_text()  # every block a block
    local = [a["href"] for a in article.find_all("a", href=True) if not re.match(r"^(https?:|mailto:|#)", a["href"])]
    local += [img["src"] for img in article.find_all("img")]
    assert any(h.endswith("plan-mall.xlsx") for h in local) and any(h.endswith(".png") for h in local)
    assert [h for h in local if not _resolves(site, page, h)] == []
    assert all(img.get("alt") for img in article.find_all("img"))
    for other in (site / "index.html", site / "dataformat" / "index.html"):
        links = [a["href"] for a in BeautifulSoup(other.read_text(encoding="utf-8"), "html.parser").find("article")
                 .find_all("a", href=True)]
        assert any(h.rstrip("/").endswith("publicera") and _resolves(site, other, h) for h in links), other


def test_the_english_guide_links_its_own_languages_template():
    text = GUIDES["en"].read_text(encoding="utf-8")
    assert f"]({urls.TEMPLATE})" in text  # each language's folder has the template, its help in that language
    assert "(assets/publicera-mal-och-indikatorer.png)" in text and "(dataformat.md)" in text
    assert (ROOT / "content" / "assets" / "publicera-mal-och-indikatorer.png").stat().st_size < 150_000
