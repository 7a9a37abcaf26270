"""Each language as a site of its own (``extra.language_sites``, ``plansite build --language``): at
290 plans the site in two languages is about 1.8 GB, each language alone under GitHub Pages' 1 GB."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.cli import cli
from generator.config import settings as config
from generator.i18n import texts

from .conftest import ROOT, make_package

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
    project = tmp_path_factory.mktemp("sites")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "site_theme", project / "site_theme")
    (project / "content").mkdir()
    make_package(project)
    _configure(project, languages=["sv", "en"], language_sites={"sv": SV, "en": EN})
    _page(project, "om.md", "# Om webbplatsen\n")
    _page(project, "en/om.md", "# About the site\n")
    return {lang: _build(project, lang) for lang in ("en", "sv")}


@pytest.mark.parametrize("lang, other, here, there", [("sv", "en", SV, EN), ("en", "sv", EN, SV)])
def test_each_language_is_a_whole_site_at_its_root(sites, lang, other, here, there):
    site = sites[lang]
    assert not (site / other).exists() and not (site / lang).exists()
    assert _soup(site / "index.html").html["lang"] == lang
    heading = _soup(site / "om" / "index.html").h1.get_text(strip=True)
    assert heading == {"sv": "Om webbplatsen", "en": "About the site"}[lang]
    assert (site / PLAN_ID / "index.html").is_file() and (site / "data" / "observations.csv").is_file()


@pytest.mark.parametrize("lang, other, here, there", [("sv", "en", SV, EN), ("en", "sv", EN, SV)])
def test_the_language_switch_and_hreflang_lead_to_the_same_page_on_the_other_site(sites, lang, other, here, there):
    for rel, address in (("om/index.html", "om/"), (f"{PLAN_ID}/index.html", f"{PLAN_ID}/"), ("index.html", "")):
        page = _soup(sites[lang] / rel)
        switch = page.select_one(f".plansite-language a[hreflang='{other}']")
        assert switch is not None and switch["href"] == there + address, rel
        alternates = {link["hreflang"]: link["href"] for link in page.select("link[rel=alternate][hreflang]")}
        assert alternates == {lang: here + address, other: there + address, "x-default": here + address}, rel


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
