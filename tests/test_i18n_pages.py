"""The site's own pages in English: start, data, navigation, plan overview, section pages, budget
and the format reference, rendered from the tiny plan of the golden files (with a few rows added so
every section page exists) and read as real output."""

from __future__ import annotations

import html
import json
import re
import string
from dataclasses import replace

import pytest

from generator.i18n import texts
from generator.model.plan import (
    Assignment,
    Correction,
    Decision,
    ExtraTable,
    PremisesNeed,
    Risk,
)
from generator.render import pages, reference, sections, svg
from generator.spec import urls
from generator.spec.package import (
    CANONICAL_RESOURCES,
    RESOURCE_TITLES,
    canonical_schema,
    plan_metadata_fields,
    plan_metadata_schema,
)
from generator.validate.project import validate_project

from .conftest import csv_text, make_package
from .test_golden import CHAPTER, PLAN

#: The catalogue areas these pages draw on.
AREAS = ("site", "nav", "plan", "sections", "budget", "reference")
#: The pages these modules write (the goal and indicator pages are rendered elsewhere).
PAGES = ("index.md", urls.DATA_PAGE, urls.FORMAT_PAGE, f"{PLAN}/index.md", f"{PLAN}/ekonomi/index.md", f"{PLAN}/uppdrag/index.md",
         f"{PLAN}/internkontroll/index.md", f"{PLAN}/lokalbehov/index.md", f"{PLAN}/tabeller/index.md", f"{PLAN}/om-dokumentet/index.md")
CONCORDANCE = [{"concordance_key": "waiting-time", "title": "Waiting time", "description": "Days of waiting.",
                "kolada_id": "N31814"}]


def chart(drawing, title: str, description: str, element_id: str) -> str:
    """A chart's SVG without its drawing: its title and description as ``charts.to_svg`` writes them."""
    return svg.document("", 100, 50, title=title, description=description, element_id=element_id)


def _plan(root):
    # Two lines for a chart; the printed total (1 031) is not their sum (20.4), so the page says so.
    lines = csv_text(["line_id", "table_id", "parent_id", "code", "name", "is_total", "section", "order", "note"],
                     [["a", "drift", "summa", "", "Verksamhet A", "false", "", "1", ""],
                      ["b", "drift", "summa", "", "Verksamhet B", "false", "", "2", ""],
                      ["summa", "drift", "", "", "Summa", "true", "", "3", ""]])
    values = csv_text(["line_id", "column", "period", "value_type", "measure", "amount", "printed", "note"],
                      [["a", "Budget 2024", "2024", "budget", "netto", "30.4", "30,4", ""],
                       ["b", "Budget 2024", "2024", "budget", "netto", "-10", "-10", ""],
                       ["summa", "Budget 2024", "2024", "budget", "netto", "1031", "1 031", ""]])
    make_package(root, PLAN, files={"budget_lines.csv": lines, "budget_values.csv": values})
    chapter = root / "content" / PLAN / "01-inledning.md"
    chapter.parent.mkdir(parents=True)
    chapter.write_text(CHAPTER, encoding="utf-8")
    report = validate_project(root / "datapackages", root / "content")
    assert report.ok, [p.line() for p in report.errors]
    validated = report.validated[PLAN]
    plan = validated.plan
    return replace(
        plan, chapters=validated.chapters,
        meta=replace(plan.meta, notes=("A note.",), valid_from="2024-01-01"),
        assignments=(Assignment("u1", "Plan the new school", 1, goal_id="mal-1", decided_by="KF"),
                     Assignment("u2", "Review the fees", 2)),
        risks=(Risk("r1", "Late payments", 1, probability=2, consequence=3, risk_value=6, risk_printed="(2x3=6)"),),
        premises_needs=(PremisesNeed("p1", "Larger office", 1, year=2025),),
        decisions=(Decision("d1", "Council", "Plan 2024", 1),),
        corrections=(Correction("goals", "mal-1", "title", "Kor-tare", "Kortare", "hyphen"),),
        extra_tables=(ExtraTable("x", "Staff", ("Year", "Staff"), (("2024", "12"),)),),
    )


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> pages.RenderedSite:
    plan = _plan(tmp_path_factory.mktemp("i18n-pages"))
    site_pages = {"index.md": "# Open plans\n", urls.FORMAT_PAGE: "# The data format\n", "om.md": "# About\n"}
    return pages.render_site([plan], site_pages, chart, concordance=CONCORDANCE, lang="en")


def _nav_titles(items) -> list[str]:
    return [title for item in items for title in (item.title, *_nav_titles(item.children))]


def _fragments(text: object) -> set[str]:
    """The literal parts of a catalogue text (every plural form), between its placeholders."""
    forms = text.values() if isinstance(text, dict) else [text]
    return {literal.strip() for form in forms for literal, *_ in string.Formatter().parse(str(form))}


def test_no_swedish_text_of_these_pages_leaks_into_the_english_site(english: pages.RenderedSite):
    sv, en = texts.catalogue("sv"), texts.catalogue("en")
    output = "\n".join([*(english.pages[p] for p in PAGES), *_nav_titles(english.nav)])
    # The plan's own data stays as it is: take it out before looking for Swedish words.
    for data in ("Verksamhetsplan 2024", "Driftbudget", "Kortare väntetider"):
        output = output.replace(data, "")
    output = html.unescape(output)
    examples = {json.dumps(x, ensure_ascii=False) for _, prop, _ in plan_metadata_fields() for x in prop["examples"]}
    for example in sorted(examples, key=len, reverse=True):  # the format page's examples are data, as written
        output = output.replace(example, "")
    swedish = {fragment for key, text in sv.items() if key.split(".")[0] in AREAS
               for fragment in _fragments(text) - _fragments(en[key]) if len(fragment) > 6}
    assert len(swedish) > 150
    assert sorted(f for f in swedish if f in output) == []
    # Shorter words (column headers, "ja", "krävs") must not stand alone in an element either.
    short = {fragment for key, text in sv.items() if key.split(".")[0] in AREAS
             for fragment in _fragments(text) - _fragments(en[key]) if 0 < len(fragment) <= 6}
    assert len(short) > 20
    assert sorted(f for f in short if re.search(rf">\s*{re.escape(f)}\s*<", output)) == []


def _unmarked(page: str) -> str:
    """A page without the marks on the plan's own words (``<span lang="sv">``, tested in
    test_languages), so that the English around them reads as one text here."""
    return re.sub(r'<span lang="sv">((?:(?!</?span\b).)*)</span>', r"\1", page)


def test_the_english_pages_say_it_in_english(english: pages.RenderedSite):
    p = {path: _unmarked(page) for path, page in english.pages.items()}
    assert _nav_titles(english.nav)[:2] == ["Home", "Värnamo"]
    for title in ("Overview", "Goals and indicators", "Finances", "Assignments", "Internal control and risks",
                  "Premises needs", "More tables", "The plan's text", "About the document", "Download data",
                  "About this site"):
        assert title in _nav_titles(english.nav), title
    assert "\n# Open plans\n" in p["index.md"] and "<caption>Plans on this site</caption>" in p["index.md"]
    assert ('<th scope="col" role="columnheader">Municipality</th><th scope="col" role="columnheader">Board</th>'
            in p["index.md"])
    assert "## By plan" in p[urls.DATA_PAGE] and "Testnämnden, Värnamo municipality" in p[urls.DATA_PAGE]
    overview = p[f"{PLAN}/index.md"]
    assert "Testnämnden, Värnamo municipality · Operational plan for 2024–2025" in overview
    assert ": 2 goals, 1 target indicator</li>" in overview
    assert "<dt>Municipality</dt><dd>Värnamo (municipality code 0683)</dd>" in overview
    assert "<dd>2024–2025, from 2024-01-01</dd>" in overview
    assert "How it is going, by the plan's own figures" in html.unescape(overview) and "the Download data page" in overview
    assert 'title: "Assignments – Testnämnden, Värnamo municipality"' in p[f"{PLAN}/uppdrag/index.md"]
    assert "## Other assignments" in p[f"{PLAN}/uppdrag/index.md"] and "Municipal council" in p[f"{PLAN}/uppdrag/index.md"]
    assert "6 (printed: (2x3=6))" in p[f"{PLAN}/internkontroll/index.md"]
    assert '<th scope="col" role="columnheader">Likelihood</th>' in p[f"{PLAN}/internkontroll/index.md"]
    assert "<caption>Premises needs</caption>" in p[f"{PLAN}/lokalbehov/index.md"]
    about = p[f"{PLAN}/om-dokumentet/index.md"]
    assert "## Decisions" in about and "<caption>Corrections to the extracted text</caption>" in about
    assert "The whole plan as a data package" in about


def test_the_english_budget_page_has_english_words_and_numbers(english: pages.RenderedSite):
    budget = _unmarked(english.pages[f"{PLAN}/ekonomi/index.md"])
    assert "Operating budget · amounts in million kronor" in budget
    assert '<caption data-hint="scroll the table sideways">Driftbudget (million kronor)</caption>' in budget
    assert '<th scope="col">Line</th>' in budget and '<td class="num">1,031</td>' in budget
    assert ("<strong>Note:</strong> Summa, Budget 2024: the printed total 1,031 is not the sum of the lines, 20.4 "
            "(difference 1,010.6 mnkr).") in budget
    assert "-desc\">Bar chart, Driftbudget, amounts in million kronor: Verksamhet A, Budget 2024: 30.4; " in budget
    assert "<figcaption>Chart: Verksamhet A, " in budget
    assert 'All budget lines are available as CSV in <a href="../../data/budget.csv">budget.csv</a>.' in budget


def test_the_english_format_reference_describes_every_column_in_english(english: pages.RenderedSite):
    ref = english.pages[urls.FORMAT_PAGE]
    assert ref.startswith("# The data format\n\n## Comparison keys\n")
    assert "<caption>Fields in plan</caption>" in ref and '<td role="cell" data-label="Required">yes</td>' in ref
    assert "## Goals: goals.csv" in ref and "<caption>Columns in observations.csv</caption>" in ref
    assert "required; one of: utfall, prognos, mal, budget, plan" in ref
    assert "The order in the document (1, 2, 3 …).</td>" in ref


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_field_of_the_plan_metadata_has_type_allowed_values_and_an_example(lang: str):
    from bs4 import BeautifulSoup

    table = BeautifulSoup(reference.plan_reference(lang=lang), "html.parser").table
    rows = {tr.th.text: [td.text for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")}
    assert list(rows) == [path for path, _, _ in plan_metadata_fields()]
    for path, (kind, required, allowed, example, description) in rows.items():
        assert kind and required and example and description, (path, rows[path])
    assert rows["document_type"][2].count(",") == 3 and "nämnd- och förvaltningsplan" in rows["document_type"][2]
    assert rows["period_start"][:3] == (["heltal", "ja", "1900–2100"] if lang == "sv" else ["integer", "yes", "1900–2100"])
    assert "https://" in rows["source.url"][2] and rows["source.title"][1] == rows["municipality"][1]
    assert rows["adopted_date"][3] == '"2023-03-10"' and "YYYY-MM-DD" in rows["adopted_date"][2] or lang == "sv"
    examples = {path: json.loads(row[3]) for path, row in rows.items()}
    plan = {k: v for k, v in examples.items() if "." not in k and "[]" not in k}
    assert reference_plan_is_valid(plan)


def reference_plan_is_valid(plan: dict) -> bool:
    """The examples together make valid plan metadata (so the page's examples cannot mislead)."""
    from generator.validate.descriptor import _check_plan_metadata

    return [p.line("en") for p in _check_plan_metadata(plan, "x") if p.severity == "error"] == []


def test_a_count_before_a_noun_takes_its_plural_form():
    assert texts.t("plan.kinds.quality", "sv", n=1) == "1 kvalitetsindikator"
    assert texts.t("plan.kinds.quality", "sv", n=30) == "30 kvalitetsindikatorer"
    assert texts.t("plan.kinds.monitoring", "en", n=1) == "1 monitoring figure"
    assert texts.t("plan.goals", "sv", n=1) == "1 mål" and texts.t("plan.goals", "en", n=14) == "14 goals"


def test_every_code_a_key_is_built_from_has_its_text():
    for lang in texts.LANGUAGES:
        for kind in texts.labels("kind", lang):
            assert texts.has(f"plan.kinds.{kind}", lang), kind
        for code in plan_metadata_schema()["properties"]["document_type"]["enum"]:
            assert texts.has(f"plan.document_type.{code}", lang), code
        for resource in CANONICAL_RESOURCES:
            assert texts.has(f"reference.resource.{resource}", lang), resource
        for title, _ in sections.SECTION_PAGES.values():
            assert texts.has(title, lang), title
    assert list(sections.SECTION_PAGES) == [name for name, _ in urls.SECTIONS]  # a renderer for each section page


def test_the_swedish_descriptions_say_what_the_schemas_say():
    """The catalogue describes exactly the columns the schemas describe, in the schemas' words."""
    for resource in CANONICAL_RESOURCES:
        assert texts.t(f"reference.resource.{resource}", "sv") == RESOURCE_TITLES[resource]
        fields = canonical_schema(resource)["fields"]
        for field in fields:
            for lang in texts.LANGUAGES:
                described = bool(reference.column_description(resource, field["name"], lang))
                assert described == bool(field.get("description")), (resource, field["name"], lang)
            assert reference.column_description(resource, field["name"], "sv") == field.get("description", "")
        own = {k.rsplit(".", 1)[1] for k in texts.catalogue("sv") if k.startswith(f"reference.column.{resource}.")}
        assert own <= {f["name"] for f in fields}, resource
    paths = [path for path, _, _ in plan_metadata_fields()]
    for path, prop, _ in plan_metadata_fields():
        assert prop.get("description"), path  # every field of the plan metadata is described
        assert reference.plan_field_description(path, "sv") == prop["description"]
        assert reference.plan_field_description(path, "en"), path
    assert {k.removeprefix("reference.plan_field.") for k in texts.catalogue("sv")
            if k.startswith("reference.plan_field.")} <= {p.replace("[]", "") for p in paths}
    shared = {k.rsplit(".", 1)[1] for k in texts.catalogue("sv") if k.startswith("reference.column.any.")}
    assert shared == {"section", "order", "note"}

