"""Each language as a site of its own (``extra.language_sites``, ``plansite build --language``): at
290 plans the site in two languages is about 1.8 GB, each language alone under GitHub Pages' 1 GB.
The downloads are published once, on the first language's site."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.cli import cli
from generator.config import settings as config
from generator.i18n import texts

from .conftest import new_project

PLAN_ID = "testby-testnamnden-2024"  # make_package's plan

SV, EN = "https://planer.example.se/", "https://plans.example.org/"


def _configure(project: Path, **extra) -> None:
    data = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    data.pop("site_url", None)
    data["extra"].update(extra)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _page(project: Path, rel: str, text: str) -> None:
    path = project / "content" / "site" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _build(project: Path, language: str) -> Path:
    site = project / f"site-{language}"
    result = CliRunner().invoke(cli, ["build", "--root", str(project), "--site-dir", str(site), "--language", language,
                                      "--quiet", "--lang", "en"])
    assert result.exit_code == 0, result.output
    return site


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    project = new_project(tmp_path_factory.mktemp("sites"))
    _configure(project, languages=["sv", "en"], language_sites={"sv": SV, "en": EN})
    _page(project, "om.md", '# Om webbplatsen\n\n<a id="data" href="{{ data }}observations.csv">Alla värden</a>\n')
    _page(project, "en/om.md", '# About the site\n\n<a id="data" href="{{ data }}observations.csv">All values</a>\n')
    return {lang: _build(project, lang) for lang in ("en", "sv")}


@pytest.mark.parametrize("lang, other, here, there", [("sv", "en", SV, EN), ("en", "sv", EN, SV)])
def test_each_language_is_a_whole_site_at_its_root(sites, lang, other, here, there):
    site = sites[lang]
    assert not (site / other).exists() and not (site / lang).exists()
    assert _soup(site / "index.html").html["lang"] == lang
    heading = _soup(site / "om" / "index.html").h1.get_text(strip=True)
    assert heading == {"sv": "Om webbplatsen", "en": "About the site"}[lang]
    assert (site / PLAN_ID / "index.html").is_file()
    assert any((site / "data" / PLAN_ID / "indikatorer").rglob("*.svg"))  # each language's own charts


def test_the_downloads_are_published_once_on_the_first_languages_site(sites):
    """The English site links to the Swedish site's downloads rather than publish a second copy (at
    290 plans about 160 MB, and a second catalogue of the same datasets)."""
    sv, en = sites["sv"], sites["en"]
    for name in ("observations.csv", "plans.sqlite", "plans.xlsx", "index.json", "catalog.rdf", "catalog.jsonld"):
        assert (sv / "data" / name).is_file() and not (en / "data" / name).exists(), name
    assert (sv / "data" / PLAN_ID / "datapackage.json").is_file()
    own = sorted(path.relative_to(en).as_posix() for path in (en / "data").rglob("*") if path.is_file())
    assert own == ["data/index.html", "data/plan-mall.xlsx",
                   *(f"data/{PLAN_ID}/indikatorer/vantetid.{kind}" for kind in ("png", "svg", "vl.json"))]
    for site, lang in ((sv, "sv"), (en, "en")):  # the blank template is each language's, its help in that language
        book = openpyxl.load_workbook(site / "data" / "plan-mall.xlsx")
        assert book["plan"]["A1"].value == {"sv": "Fält (* krävs)", "en": "Field (* required)"}[lang]
    linked = set()
    for page in en.rglob("*.html"):
        for a in _soup(page).select("a[href]"):
            if a["href"].startswith(SV + "data/"):
                linked.add(a["href"][len(SV):])
    assert {"data/observations.csv", "data/plans.sqlite", "data/catalog.rdf", f"data/{PLAN_ID}/datapackage.json",
            f"data/{PLAN_ID}/{PLAN_ID}.zip", "data/budget.csv"} <= linked
    assert any(path.endswith(".csv") and "/indikatorer/" in path for path in linked)
    missing = sorted(path for path in linked if not (sv / (path + "index.html" if path.endswith("/") else path)).is_file())
    assert missing == []  # every download the English site links to is on the Swedish site
    placeholder = _soup(en / "om" / "index.html").select_one("a#data")
    assert placeholder is not None and placeholder["href"] == SV + "data/observations.csv"
    assert _soup(sv / "om" / "index.html").select_one("a#data")["href"] == "../data/observations.csv"


@pytest.mark.parametrize("lang, other, here, there", [("sv", "en", SV, EN), ("en", "sv", EN, SV)])
def test_the_language_switch_and_hreflang_lead_to_the_same_page_on_the_other_site(sites, lang, other, here, there):
    for rel, address in (("om/index.html", "om/"), (f"{PLAN_ID}/index.html", f"{PLAN_ID}/"), ("index.html", "")):
        page = _soup(sites[lang] / rel)
        switch = page.select_one(f".plansite-language a[hreflang='{other}']")
        assert switch is not None and switch["href"] == there + address, rel
        alternates = {link["hreflang"]: link["href"] for link in page.select("link[rel=alternate][hreflang]")}
        assert alternates == {lang: here + address, other: there + address, "x-default": SV + address}, rel


def test_a_language_without_its_own_site_is_one_line(project: Path):
    _configure(project, languages=["sv", "en"], language_sites={"en": EN})
    result = CliRunner().invoke(cli, ["build", "--root", str(project), "--language", "sv", "--lang", "en"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "the language sv has no site of its own in extra.language_sites" in result.output
    assert not (project / "site").exists()


@pytest.mark.parametrize("sites, words", [({"en": "plans.example.org"}, "it must be a full address ending in /"),
                                          ({"fi": EN}, 'has the language "fi", which is not one of the site\'s languages')])
def test_a_wrong_language_site_is_one_line(project: Path, sites: dict, words: str):
    _configure(project, languages=["sv", "en"], language_sites=sites)
    with pytest.raises(config.SettingsError) as caught:
        config.read(project)
    assert words in texts.t(f"build.{caught.value.code}", "en", **caught.value.params)


def test_a_page_missing_on_the_other_languages_site_stops_the_build(project: Path):
    """The language switch leads to the same page on the other site: built alone, a language still
    needs every page in the other (validate without a language checks them all as well)."""
    _configure(project, languages=["sv", "en"], language_sites={"sv": SV, "en": EN})
    _page(project, "om.md", "# Om\n")
    result = CliRunner().invoke(cli, ["build", "--root", str(project), "--language", "en", "--lang", "en"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "content/site/en/om.md: the page is missing but content/site/om.md exists" in result.output
    assert "(en, sv, extra.languages in mkdocs.yml)" in result.output


def test_the_downloads_are_on_the_first_languages_site_only_when_it_has_one(project: Path):
    """Only the first language's own site publishes the downloads for the others; without its
    address a language built alone publishes its own (nothing is linked to a site that is not there)."""
    _configure(project, languages=["sv", "en"], language_sites={"sv": SV, "en": EN})
    assert [config.read(project, language=lang).data_site for lang in ("sv", "en")] == ["", SV]
    assert config.read(project).data_site == ""
    _configure(project, languages=["sv", "en"], language_sites={"en": EN})
    assert config.read(project, language="en").data_site == ""


def test_the_data_page_says_where_the_downloads_are(sites):
    en = _soup(sites["en"] / "data" / "index.html").get_text(" ", strip=True)
    assert (f"The site's address is {EN} . The downloads (the addresses that begin with data/) are published once, "
            f"on the site {SV} : their addresses are relative to that site's address (each indicator's chart and the "
            "blank template are beside these pages).") in en
    sv = _soup(sites["sv"] / "data" / "index.html").get_text(" ", strip=True)
    assert f"Webbplatsens adress är {SV} ." in sv


def test_validate_checks_a_language_as_build_language_builds_it(project: Path):
    """``validate --language en`` refuses what ``build --language en`` refuses: from the English
    site's root ``../../data/`` leads above the site (in the site in two languages it is the root's
    ``data/``, so plain ``validate`` lets it pass)."""
    _configure(project, languages=["sv", "en"], language_sites={"sv": SV, "en": EN})
    _page(project, "om.md", "# Om\n")
    _page(project, "en/om.md", '# About\n\n<a href="../../data/observations.csv">All values</a>\n')
    runner = CliRunner()
    both = runner.invoke(cli, ["validate", str(project / "datapackages"), "--lang", "en"])
    alone = runner.invoke(cli, ["validate", str(project / "datapackages"), "--language", "en", "--lang", "en"])
    assert both.exit_code == 0, both.output
    assert alone.exit_code == 1 and "Traceback" not in alone.output
    assert "content/site/en/om.md" in alone.output and "../../data/observations.csv" in alone.output
    built = runner.invoke(cli, ["build", "--root", str(project), "--language", "en", "--lang", "en"])
    assert built.exit_code == 1 and "../../data/observations.csv" in built.output
    unknown = runner.invoke(cli, ["validate", str(project / "datapackages"), "--language", "fi", "--lang", "en"])
    assert unknown.exit_code == 1 and "Traceback" not in unknown.output and "fi" in unknown.output


def test_languages_built_in_turn_keep_each_others_caches(project: Path):
    """``--language sv`` then ``--language en`` from one project: each build prunes the caches only
    of what no last build of any kind used (``build.caches``), so building a language again after
    the other reuses everything (it had emptied the other's rendered pages, units and data)."""
    from generator.build import pipeline

    _configure(project, languages=["sv", "en"], language_sites={"sv": SV, "en": EN})
    first = {lang: pipeline.build_site(project, project / f"site-{lang}", language=lang) for lang in ("sv", "en")}
    assert first["sv"].engine_runs > 0 and first["en"].engine_runs > 0
    again = {lang: pipeline.build_site(project, project / f"site-{lang}", language=lang) for lang in ("sv", "en")}
    assert [again[lang].engine_runs for lang in ("sv", "en")] == [0, 0]
    assert [again[lang].rasterised for lang in ("sv", "en")] == [0, 0]
    records = sorted(p.name for p in (project / "build" / "cache" / "used").iterdir())
    assert records == sorted(f"{cache}-{kind}.json" for cache in ("data", "png", "rendered", "units", "validated")
                             for kind in ("en", "sv"))
    both = pipeline.build_site(project, project / "site")  # the site in two languages: a kind of its own
    assert both.engine_runs > 0
    assert pipeline.build_site(project, project / "site-sv", language="sv").engine_runs == 0
