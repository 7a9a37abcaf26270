"""The downloads as a site of their own (``extra.data_site``, ``plansite build --downloads``): at 290
plans the first language's site is over GitHub Pages' 1 GB with them and under it without; each
language's site links its downloads to the downloads' site, which publishes them once."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import rdflib
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.cli import cli
from generator.config import settings as config

from .conftest import new_project

PLAN_ID = "testby-testnamnden-2024"  # make_package's plan
SV, EN, DATA = "https://planer.example.se/", "https://plans.example.org/", "https://data.example.se/"
#: The files of ``data/`` whose text names the address of the site they are on.
ADDRESSED = {"data/index.json", "data/catalog.rdf", "data/catalog.jsonld"}


def _configure(project: Path, **extra) -> None:
    data = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    data.pop("site_url", None)
    data["extra"].update(extra)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _run(project: Path, *args: str):
    """``plansite build`` of ``project``, into its own ``site/`` unless ``args`` name a folder (the
    default, ``site``, is relative to the working folder)."""
    where = [] if "--site-dir" in args else ["--site-dir", str(project / "site")]
    return CliRunner().invoke(cli, ["build", "--root", str(project), "--quiet", "--lang", "en", *where, *args])


def _files(site: Path, under: str = "data") -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted((site / under).rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The first language's site as it is without a downloads' site ("alone"), then with one: each
    language's site and the downloads' site."""
    project = new_project(tmp_path_factory.mktemp("downloads"))
    _configure(project, languages=["sv", "en"], language_sites={"sv": SV, "en": EN})
    out = {"alone": project / "site-alone"}
    assert _run(project, "--language", "sv", "--site-dir", str(out["alone"])).exit_code == 0
    _configure(project, data_site=DATA)
    for name, args in (("sv", ["--language", "sv"]), ("en", ["--language", "en"]), ("data", ["--downloads"])):
        out[name] = project / f"site-{name}"
        result = _run(project, *args, "--site-dir", str(out[name]))
        assert result.exit_code == 0, result.output
    out["project"] = project
    return out


def test_the_downloads_site_holds_what_the_first_languages_site_held_but_the_charts(sites):
    alone, data = _files(sites["alone"]), _files(sites["data"], ".")
    charts = {path for path in alone if path.endswith((".png", ".svg", ".vl.json"))}
    assert charts and all(f"data/{PLAN_ID}/indikatorer/" in path for path in charts)
    pages_own = {"data/index.html", "data/plan-mall.xlsx"}  # the data page and the blank template, in each language
    assert set(data) == set(alone) - charts - pages_own
    assert {path for path in data if data[path] != alone[path]} == ADDRESSED


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_each_language_links_its_downloads_to_the_downloads_site_and_publishes_only_its_charts(sites, lang):
    site, data = sites[lang], sites["data"]
    own = set(_files(site))
    assert own == {"data/index.html", "data/plan-mall.xlsx",
                   *(f"data/{PLAN_ID}/indikatorer/vantetid.{kind}" for kind in ("png", "svg", "vl.json"))}
    linked = {a["href"][len(DATA):] for page in site.rglob("*.html")
              for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("a[href]")
              if a["href"].startswith(DATA)}
    assert {"data/observations.csv", "data/plans.sqlite", "data/catalog.rdf", f"data/{PLAN_ID}/{PLAN_ID}.zip",
            f"data/{PLAN_ID}/indikatorer/vantetid.csv"} <= linked
    assert sorted(path for path in linked if not (data / path).is_file()) == []


def test_the_index_and_the_catalogue_give_the_downloads_site_and_the_pages_site(sites):
    data = sites["data"]
    index = json.loads((data / "data" / "index.json").read_text(encoding="utf-8"))
    listed = index["files"]
    assert {entry["path"] for entry in listed} == set(_files(data)) - {"data/index.json"}
    for entry in listed:
        content = (data / entry["path"]).read_bytes()
        assert entry["url"] == DATA + entry["path"] and entry["bytes"] == len(content)
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()
    graph = rdflib.Graph().parse(data / "data" / "catalog.rdf")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    downloads = {str(o) for o in graph.objects(None, dcat.downloadURL)}
    assert downloads and all(url.startswith(DATA) and (data / url[len(DATA):]).is_file() for url in downloads)
    landing = {str(o) for o in graph.objects(None, dcat.landingPage)}
    assert landing == {SV + f"{PLAN_ID}/"} and (sites["sv"] / PLAN_ID / "index.html").is_file()


def test_the_downloads_site_needs_its_address(project: Path):
    _configure(project, languages=["sv", "en"])
    result = _run(project, "--downloads")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "gives no extra.data_site" in result.output and not (project / "site").exists()
    with pytest.raises(config.SettingsError):
        config.read(project, downloads=True)


def test_the_downloads_site_is_built_alone(project: Path):
    _configure(project, languages=["sv", "en"], language_sites={"en": EN}, data_site=DATA)
    for other in (["--language", "en"], ["--shard", "1/2"]):
        result = _run(project, "--downloads", *other)
        assert result.exit_code == 2 and "leave out --language and --shard" in result.output
    assert not (project / "site").exists()


def test_with_a_downloads_site_no_site_of_pages_publishes_them(project: Path):
    _configure(project, languages=["sv", "en"], language_sites={"en": EN}, data_site=DATA)
    assert {config.read(project).data_site, config.read(project, language="en").data_site} == {DATA}
    with pytest.raises(config.SettingsError) as caught:  # the catalogue needs the pages' address
        config.read(project, downloads=True)
    assert caught.value.code == "settings-pages-site-missing"
    _configure(project, language_sites={"sv": SV, "en": EN})
    settings = config.read(project, downloads=True)
    assert (settings.site_url, settings.pages_site, settings.language_sites) == (DATA, SV, ())
    _configure(project, data_site="data.example.se")
    with pytest.raises(config.SettingsError) as caught:
        config.read(project)
    assert "extra.data_site" in str(caught.value.params["path"])


def test_a_link_to_a_download_the_downloads_site_lacks_is_refused(project: Path):
    """``{{ data }}`` leads to the downloads' own site: a link there is checked against what it
    publishes, as a link into ``data/`` is on a site that publishes its own."""
    _configure(project, languages=["sv", "en"], language_sites={"sv": SV, "en": EN}, data_site=DATA)
    page = project / "content" / "site" / "om.md"
    page.parent.mkdir(parents=True)
    (project / "content" / "site" / "en").mkdir()
    (project / "content" / "site" / "en" / "om.md").write_text("# About\n", encoding="utf-8")
    runner = CliRunner()
    for link, ok in (("observations.csv", True), (f"{PLAN_ID}/{PLAN_ID}.zip", True), ("saknas.csv", False),
                     ("plan-mall.xlsx", False)):  # the blank template is on each language's own site
        page.write_text(f'# Om\n\nSe [alla värden]({{{{ data }}}}{link}) och <a href="{{{{ data }}}}{link}">dem</a>.\n',
                        encoding="utf-8")
        checked = runner.invoke(cli, ["validate", str(project / "datapackages"), "--language", "sv", "--lang", "en"])
        built = _run(project, "--language", "sv")
        assert (checked.exit_code, built.exit_code) == ((0, 0) if ok else (1, 1)), (link, checked.output, built.output)
        if not ok:
            assert f"{DATA}data/{link}" in checked.output and "Traceback" not in checked.output + built.output
