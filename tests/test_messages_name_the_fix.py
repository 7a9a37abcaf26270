"""Messages name the fix: a year before the plan names data_start, a misspelt comparison key names the
key it was probably meant to be; and the address of the plan's document is shown on its pages."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bs4 import BeautifulSoup

from generator.render import sections
from generator.validate.project import validate_project

from .conftest import MINIMAL_FILES, MINIMAL_PLAN, make_package

PLAN = "testby-testnamnden-2024"


def test_an_actual_before_the_plan_names_data_start_and_the_other_way_out(tmp_path: Path):
    observations = MINIMAL_FILES["observations.csv"] + "vantetid,2019,utfall,T,,15,,15,,,\n"
    make_package(tmp_path, PLAN, files={"observations.csv": observations})
    (problem,) = validate_project(tmp_path / "datapackages").errors
    assert (problem.code, problem.row, problem.field, problem.found) == ("period-outside-plan", 4, "period", "2019")
    assert "lägg till 2019 genom att sätta data_start till 2019" in problem.message("sv")
    assert "ta bort raden" in problem.message("sv") and "2022–2025" in problem.message("sv")
    assert "add 2019 by setting data_start to 2019" in problem.message("en")
    assert "remove the row" in problem.message("en")


def test_a_value_after_the_plan_names_data_end(tmp_path: Path):
    observations = MINIMAL_FILES["observations.csv"] + "vantetid,2027,mal,T,,1,,1,,,\n"
    make_package(tmp_path, PLAN, files={"observations.csv": observations})
    (problem,) = validate_project(tmp_path / "datapackages").errors
    assert "data_end till 2027" in problem.message("sv") and "data_end to 2027" in problem.message("en")


def _with_key(tmp_path: Path, key: str, concordance: str | None) -> list:
    indicators = MINIMAL_FILES["indicators.csv"].replace(",N31814,,", f",N31814,{key},")
    make_package(tmp_path, PLAN, files={"indicators.csv": indicators})
    if concordance is not None:
        (tmp_path / "datapackages" / "concordance.csv").write_text(concordance, encoding="utf-8")
    return list(validate_project(tmp_path / "datapackages").errors)


CONCORDANCE = "concordance_key,title,description,kolada_id\nsjukfranvaro,Sjukfrånvaro,Sjukfrånvaro i procent.,\n"


def test_a_misspelt_concordance_key_is_an_error_offering_the_nearest_key(tmp_path: Path):
    (problem,) = _with_key(tmp_path, "sjukfranvar", CONCORDANCE)
    assert (problem.code, problem.file, problem.row, problem.field) == (
        "unknown-concordance-key", f"{PLAN}/indicators.csv", 2, "concordance_key")
    assert "menade du sjukfranvaro?" in problem.message("sv") and "did you mean sjukfranvaro?" in problem.message("en")


def test_a_key_far_from_every_known_one_says_where_keys_are_added(tmp_path: Path):
    (problem,) = _with_key(tmp_path, "vantetid", CONCORDANCE)
    assert "concordance.csv" in problem.message("en") and "did you mean" not in problem.message("en")


def test_a_known_key_passes_and_keys_are_not_checked_in_a_project_without_a_concordance(tmp_path: Path):
    assert _with_key(tmp_path / "a", "sjukfranvaro", CONCORDANCE) == []
    assert _with_key(tmp_path / "b", "sjukfranvaro", None) == []
    header_only = "concordance_key,title,description,kolada_id\n"
    assert [p.code for p in _with_key(tmp_path / "c", "sjukfranvaro", header_only)] == ["unknown-concordance-key"]


def test_one_plan_folder_is_checked_against_the_concordance_beside_it(tmp_path: Path):
    _with_key(tmp_path, "sjukfranvaro", CONCORDANCE)
    assert validate_project(tmp_path / "datapackages" / PLAN).errors == ()


def _plan(tmp_path: Path, url: str):
    plan = {**MINIMAL_PLAN, "source": {"title": "Verksamhetsplan 2024 (PDF)", "url": url}}
    make_package(tmp_path, PLAN, plan=plan)
    report = validate_project(tmp_path / "datapackages")
    return report, report.validated.get(PLAN)


def test_the_source_address_is_a_link_on_the_overview_and_the_about_page(tmp_path: Path):
    url = "https://www.varnamo.se/download/plan_2024.pdf?a=1&b=2"
    report, validated = _plan(tmp_path, url)
    assert report.errors == ()
    plan = replace(validated.plan, chapters=())
    for lang in ("sv", "en"):
        for page in (sections.plan_overview(plan, lang=lang), sections.about_document_page(plan, lang=lang)):
            html = page.split("---", 2)[2]
            links = [a for a in BeautifulSoup(html, "html.parser").find_all("a") if a["href"].startswith("https:")]
            assert [a["href"] for a in links] == [url], links
    overview = BeautifulSoup(sections.plan_overview(plan, lang="sv").split("---", 2)[2], "html.parser")
    (dt,) = [d for d in overview.find_all("dt") if d.text == "Originaldokument"]
    assert dt.find_next_sibling("dd").a.text == "Verksamhetsplan 2024 (PDF)"


def test_an_address_that_is_not_http_is_a_validation_error(tmp_path: Path):
    report, validated = _plan(tmp_path, "javascript:alert(1)")
    assert [(p.code, p.field) for p in report.errors] == [("plan-metadata", "plan.source.url")]
    assert validated is None or validated.plan is None
