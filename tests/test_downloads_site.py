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
from generator.i18n.texts import t
from generator.render import downloads_page

from .browser import ARGS, AXE, AXE_RUN, CHROMIUM, WCAG21
from .conftest import new_project

PLAN_ID = "testby-testnamnden-2024"  # make_package's plan
SV, EN, DATA = "https://planer.example.se/", "https://plans.example.org/", "https://data.example.se/"
#: The files of ``data/`` whose text names the address of the site they are on.
ADDRESSED = {"data/index.json", "data/catalog.rdf", "data/catalog.jsonld"}
#: The downloads' site's own page, at its root and at data/; and its page for an address it does not hold.
PAGES, NOT_FOUND = ("index.html", "data/index.html"), "404.html"


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
    out = {"alone": project / "site-alone", "en-alone": project / "site-en-alone"}
    assert _run(project, "--language", "sv", "--site-dir", str(out["alone"])).exit_code == 0
    assert _run(project, "--language", "en", "--site-dir", str(out["en-alone"])).exit_code == 0
    _configure(project, data_site=DATA)
    for name, args in (("sv", ["--language", "sv"]), ("en", ["--language", "en"]), ("data", ["--downloads"])):
        out[name] = project / f"site-{name}"
        result = _run(project, *args, "--site-dir", str(out[name]))
        assert result.exit_code == 0, result.output
    out["project"] = project
    return out


def test_the_downloads_site_holds_what_the_first_languages_site_held_but_the_svgs_and_each_languages_charts(sites):
    """As the first language's site alone held them, byte for byte (but the files that name their
    site): the downloads, and each chart's PNG and Vega-Lite spec; the other language's as a site of
    both languages holds them, in en/. Not the SVG, which stays beside the page that shows it."""
    alone, data = _files(sites["alone"]), _files(sites["data"], ".")
    svgs = {path for path in alone if path.endswith(".svg")}
    assert svgs == {f"data/{PLAN_ID}/indikatorer/vantetid.svg"}
    pages_own = {"data/index.html", "data/plan-mall.xlsx"}  # the data page and the blank template, in each language
    english = {f"en/data/{PLAN_ID}/indikatorer/vantetid.{kind}" for kind in ("png", "vl.json")}
    assert set(data) - {*PAGES, NOT_FOUND} == set(alone) - svgs - pages_own | english
    assert {path for path in data if path not in {*PAGES, NOT_FOUND, *english} and data[path] != alone[path]} == ADDRESSED
    english_alone = _files(sites["en-alone"])  # the English site built alone, charts and all
    assert all(data[path] == english_alone[path.removeprefix("en/")] for path in english)
    assert data[f"data/{PLAN_ID}/indikatorer/vantetid.vl.json"] != data[f"en/data/{PLAN_ID}/indikatorer/vantetid.vl.json"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_each_language_links_its_downloads_to_the_downloads_site_and_publishes_only_its_svgs(sites, lang):
    site, data = sites[lang], sites["data"]
    own = set(_files(site))
    assert own == {"data/index.html", "data/plan-mall.xlsx", f"data/{PLAN_ID}/indikatorer/vantetid.svg"}
    linked = {a["href"][len(DATA):] for page in site.rglob("*.html")
              for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("a[href]")
              if a["href"].startswith(DATA)}
    said = " ".join(BeautifulSoup((site / "data" / "index.html").read_text(encoding="utf-8"), "html.parser").get_text().split())
    assert t("site.data.urls_base_charts_elsewhere", lang, base=DATA) in said  # the data page says where
    charts = "" if lang == "sv" else "en/"  # each language's PNG and spec in its folder of the downloads' site
    assert {"data/observations.csv", "data/plans.sqlite", "data/catalog.rdf", f"data/{PLAN_ID}/{PLAN_ID}.zip",
            f"data/{PLAN_ID}/indikatorer/vantetid.csv", f"{charts}data/{PLAN_ID}/indikatorer/vantetid.png",
            f"{charts}data/{PLAN_ID}/indikatorer/vantetid.vl.json"} <= linked
    assert sorted(path for path in linked if not (data / path).is_file()) == []


def test_the_index_and_the_catalogue_give_the_downloads_site_and_the_pages_site(sites):
    data = sites["data"]
    index = json.loads((data / "data" / "index.json").read_text(encoding="utf-8"))
    listed = index["files"]
    assert {entry["path"] for entry in listed} == set(_files(data)) - {"data/index.json", "data/index.html"}
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


@pytest.mark.parametrize("page", PAGES)
def test_the_downloads_site_has_a_page_that_lists_its_files_and_leads_to_the_pages(sites, page):
    """At its root and at data/ (a file's address shortened), not a 404: what the site holds, each
    language's data page, which explains it, and the accessibility statement; nothing loaded."""
    data = sites["data"]
    soup = BeautifulSoup((data / page).read_text(encoding="utf-8"), "html.parser")
    name = config.read(sites["project"], downloads=True).site_name
    assert soup.html["lang"] == "sv" and soup.h1.get_text() == soup.title.get_text() == f"Data från {name} att ladda ner"
    assert not soup.select("script, link, img, iframe, [style], [src]")
    links = [a["href"] for a in soup.select("a[href]")]
    outside = [href for href in links if href.startswith("https://")]
    assert outside == [SV, SV + "data/", EN + "data/", SV + "tillganglighet/"]
    assert soup.select_one(f'a[href="{EN}data/"]')["hreflang"] == "en"
    assert soup.select_one(f'a[href="{EN}data/"]').parent["lang"] == "en"
    here = (data / page).parent
    reached = {(here / href).resolve().relative_to(data.resolve()).as_posix()
               for href in links if not href.startswith("https://")}
    assert sorted(path for path in reached if not (data / path).is_file()) == []
    assert {"data/plans.csv", "data/observations.csv", "data/plans.sqlite", "data/plans.xlsx", "data/index.json",
            "data/catalog.rdf", f"data/{PLAN_ID}/datapackage.json", f"data/{PLAN_ID}/{PLAN_ID}.zip"} <= reached
    (sv_data_page,) = [a for a in soup.select("main a") if a["href"] == SV + "data/"]
    assert (sites["sv"] / "data" / "index.html").is_file() and "Ladda ner data" in sv_data_page.get_text()


def test_an_address_the_downloads_site_does_not_hold_leads_to_its_files_and_the_pages(sites):
    """A plan's folder (a file's address shortened) or a mistyped name: the host shows 404.html at
    that depth, so its links are full addresses: to this site's files and to each language's pages,
    named by the site's name (another site, not "the start page")."""
    data = sites["data"]
    assert not (data / "data" / PLAN_ID / "index.html").exists()  # what the page is for
    soup = BeautifulSoup((data / NOT_FOUND).read_text(encoding="utf-8"), "html.parser")
    title = t("site.downloads.not_found_title", "sv")
    assert soup.html["lang"] == "sv" and soup.h1.get_text() == soup.title.get_text() == title == "Filen eller sidan finns inte här"
    assert not soup.select("script, link, img, iframe, [style], [src]")
    name = config.read(sites["project"], downloads=True).site_name
    links = [(a["href"], " ".join(a.get_text().split()), a.get("hreflang")) for a in soup.select("a[href]")]
    assert links == [(DATA, f"Data från {name} att ladda ner", None), (SV, f"Till webbplatsen {name}", None),
                     (EN, f"Go to the site {name}", "en"),
                     (SV + "tillganglighet/", t("theme.footer.accessibility", "sv"), None)]
    assert soup.select_one(f'a[href="{EN}"]').parent["lang"] == "en"
    assert (data / "index.html").is_file() and (sites["sv"] / "index.html").is_file() and (sites["en"] / "index.html").is_file()
    assert NOT_FOUND not in {entry["path"] for entry in json.loads((data / "data" / "index.json").read_text())["files"]}


def test_the_not_found_page_escapes_the_site_name():
    page = downloads_page.not_found_page(site_url=DATA, site_name='<script>x</script>', pages=[("sv", SV)])
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


@pytest.mark.browser
@pytest.mark.skipif(not (CHROMIUM.exists() and AXE.exists()), reason="needs Chromium and axe-core (see README)")
@pytest.mark.parametrize("shown", ["index.html", NOT_FOUND])
def test_the_downloads_page_passes_axe_on_a_phone_and_a_desktop_in_both_schemes(sites, shown):
    from playwright.sync_api import sync_playwright

    html = (sites["data"] / shown).read_text(encoding="utf-8")
    found, requested = {}, []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        for width in (390, 1280):
            for scheme in ("light", "dark"):
                context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                page = context.new_page()
                page.on("request", lambda request: requested.append(request.url))
                page.set_content(html)
                page.add_script_tag(path=str(AXE))
                found[(width, scheme)] = page.evaluate(AXE_RUN, WCAG21)
                assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
                context.close()
        browser.close()
    assert found == {key: [] for key in found} and len(found) == 4
    assert requested == []  # nothing is loaded


def test_the_downloads_page_escapes_the_site_name():
    page = downloads_page.downloads_page([], page="index.md", site_url=DATA, site_name='<script>x</script> & "co"',
                                         pages=[("en", EN), ("sv", SV)])
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.select("script") and soup.html["lang"] == "en" and soup.select_one("p[lang=sv] a")["href"] == SV + "data/"
    assert soup.title.get_text() == 'Data from <script>x</script> & "co" to download'


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
    # each language's charts (PNG, spec) in its folder of the downloads' site, whichever site is built
    assert [config.read(project, **kind).chart_downloads(lang) for kind in ({}, {"language": "en"})
            for lang in ("sv", "en")] == [DATA, DATA + "en/"] * 2
    with pytest.raises(config.SettingsError) as caught:  # the catalogue needs the pages' address
        config.read(project, downloads=True)
    assert caught.value.code == "settings-pages-site-missing"
    _configure(project, language_sites={"sv": SV, "en": EN})
    settings = config.read(project, downloads=True)
    assert (settings.site_url, settings.pages_site, settings.language_sites) == (DATA, SV, ())
    assert settings.pages_sites == (("sv", SV), ("en", EN))
    _configure(project, language_sites={"sv": SV})  # English's pages at no known address: left out
    assert config.read(project, downloads=True).pages_sites == (("sv", SV),)
    alone = BeautifulSoup(downloads_page.downloads_page([], page="index.md", site_url=DATA, site_name="x",
                                                        pages=[("sv", SV)]), "html.parser")
    assert not alone.select("[lang=en], [hreflang]")  # no line that would lead nowhere
    # English in the site_url's site, in en/
    (project / "mkdocs.yml").write_text("site_url: https://example.se/planer/\n"
                                        + (project / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    assert config.read(project, downloads=True).pages_sites == (("sv", SV), ("en", "https://example.se/planer/en/"))
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
