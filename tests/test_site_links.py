"""validate.site_links: the site's own pages read as the engine reads them, followed by the site's
rules, and bounded. The build itself decides every case here too (``validate rejects whatever build
would``, and no more): where a test builds, validation's link check is switched off to let the
engine and the build's link check speak for themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.build import pipeline
from generator.build.publish import BuildFailed
from generator.cli import cli
from generator.config import settings as config
from generator.spec import urls
from generator.validate import site_links, site_pages
from generator.validate.project import made_by_build, validate_project

from .conftest import make_package

ROOT = Path(__file__).resolve().parent.parent

WARN = site_links.LinkRules(absolute_links="warn", unrecognized_links="warn", anchors="warn")


def _links(pages: dict, folders: dict | None = None, *, data_site: str = "", made: dict | None = None,
           **options) -> set[tuple[str, str]]:
    """The wrong links of ``pages`` (``(file, link)``), with the plan en-plan-2024 valid and ``made``
    (``site_links.Made``'s fields) known of what the build makes."""
    folders = folders or {lang: "" if i == 0 else f"{lang}/" for i, lang in enumerate(pages)}
    known = site_links.Made(frozenset({"en-plan-2024"}), data_site=data_site,
                            **{name: frozenset(value) for name, value in (made or {}).items()})
    problems = site_links.link_problems(pages, folders, known, ("bild.png",),
                                        lambda lang, rel: f"{lang}:{rel}", **{"rules": WARN, **options})
    return {(p.file, p.found) for p in problems}


def _page(project: Path, rel: str, text: str = "# Sida\n") -> None:
    path = project / "content" / "site" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _settings(project: Path, **changes) -> None:
    data = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    (project / "mkdocs.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_fenced_code_is_code_and_escapes_are_undone_before_a_link_is_followed():
    """MkDocs always loads ``fenced_code`` (and ``toc``, ``tables``) and follows a link after
    Markdown's escapes are undone: a link in a code fence is an example, ``om\\_oss.md`` is ``om_oss.md``."""
    page = ("# Om\n\n~~~\n[exempel](saknas.md)\n~~~\n\n[oss](om\\_oss.md) [rubrik](#om)\n\n"
            "| a | b |\n|---|---|\n| [c](saknas-i-tabell.md) | d |\n")
    assert _links({"sv": {"om.md": page, "om_oss.md": "# Oss\n"}}) == {("sv:om.md", "saknas-i-tabell.md")}


def test_the_site_markdown_extensions_add_to_the_engines_own():
    """With no extensions named the engine has no ``attr_list``: ``{#id}`` is text, and no anchor."""
    pages = {"sv": {"om.md": "# Om {#egen}\n\n[a](#egen) [b](#om-egen)\n"}}
    assert _links(pages) == {("sv:om.md", "#egen")}
    assert _links(pages, extensions=["attr_list"]) == {("sv:om.md", "#om-egen")}


def test_placeholders_are_filled_before_links_are_followed():
    """``{{ data }}`` is the way from the page to the downloads: an English page reaches them through
    HTML; through Markdown the engine (which knows its own language's pages only) does not."""
    pages = {"sv": {"om.md": "# Om\n"},
             "en": {"om.md": '# About\n\n<a href="{{ data }}observations.csv">ok</a> [no]({{ data }}observations.csv)\n'}}
    assert _links(pages) == {("en:om.md", "../../data/observations.csv")}


def test_a_language_built_alone_reaches_the_downloads_on_the_first_languages_site():
    """Built as a site of its own, a later language publishes no downloads (``Settings.data_site``):
    ``{{ data }}`` leads to the first language's site; a link into this site's own ``data/`` reaches
    only its charts and the data page."""
    page = ('# About\n\n<a href="{{ data }}observations.csv">a</a> <a href="{{ data }}budget.csv">b</a>\n\n'
            '<a href="../data/observations.csv">c</a> [d](data/budget.csv) <a href="../data/en-plan-2024/indikatorer/x.svg">e</a>\n')
    elsewhere = {("en:om.md", "../data/observations.csv"), ("en:om.md", "data/budget.csv")}
    assert _links({"en": {"om.md": page}}, {"en": ""}, data_site="https://planer.example.se/") == elsewhere
    assert _links({"en": {"om.md": page}}, {"en": ""}) == set()  # publishing its own downloads


def test_a_link_to_a_download_the_build_does_not_make_is_refused():
    """With the downloads and charts known (``urls.site_data_files``, ``plan_data_files``,
    ``chart_files``), a link into ``data/`` must name one of them (the build stops at
    ``data/saknas.csv``, at the chart of an indicator that has none, and, where anchors are checked,
    at an anchor in a download); the charts are in each language's folder, the downloads at the root."""
    known = [*urls.site_data_files(False), *urls.plan_data_files("en-plan-2024", ["datapackage.json"], ["x", "y"])]
    charts = urls.chart_files("en-plan-2024", "x")  # y has a single value: no chart
    page = ("# Om\n\n[a](data/observations.csv) [b](data/saknas.csv) [c](data/en-plan-2024/indikatorer/x.csv) "
            "[d](data/en-plan-2024/indikatorer/z.csv) [e](data/en-plan-2024/datapackage.json) [f](data/catalog.rdf) "
            "[g](data/en-plan-2024/indikatorer/y.svg) [h](data/en-plan-2024/indikatorer/x.svg) [i](data/budget.csv#rad)\n")
    english = ('# About\n\n<a href="../data/en-plan-2024/indikatorer/x.csv">j</a> '
               '<a href="../data/en-plan-2024/indikatorer/x.png">k</a> <a href="../data/en-plan-2024/indikatorer/y.png">l</a>\n')
    found = _links({"sv": {"om.md": page}, "en": {"om.md": english}}, made={"downloads": known, "charts": charts})
    assert found == {("sv:om.md", "data/saknas.csv"), ("sv:om.md", "data/en-plan-2024/indikatorer/z.csv"),
                     ("sv:om.md", "data/catalog.rdf"), ("sv:om.md", "data/en-plan-2024/indikatorer/y.svg"),
                     ("sv:om.md", "data/budget.csv#rad"), ("en:om.md", "../data/en-plan-2024/indikatorer/x.csv"),
                     ("en:om.md", "../data/en-plan-2024/indikatorer/y.png")}
    unknown = _links({"sv": {"om.md": page}})  # only as far as data/ (one plan validated alone)
    assert unknown == {("sv:om.md", "data/budget.csv#rad")}
    assert _links({"sv": {"om.md": page}}, rules=site_links.LinkRules()) == set()  # anchors not checked


def test_a_link_to_a_plan_page_or_comparison_the_build_does_not_make_is_refused():
    """With the plans' pages known (``urls.plan_pages``, ``Made.pages``), a link into a plan's folder or
    ``jamfor/`` must name one of them, from Markdown or the page's own HTML (the build's link check
    stops at ``<plan>/indikatorer/saknas/``; the plan's own search index is the build's too); with one
    plan validated alone, only as far as the folder."""
    pages = {"sv": {"om.md": '# Om\n\n<a href="../en-plan-2024/indikatorer/x/">a</a> '
                              '<a href="../en-plan-2024/indikatorer/saknas/">b</a> <a href="../jamfor/k/">c</a> '
                              '<a href="../jamfor/saknas/">d</a> <a href="../en-plan-2024/search/search_index.json">e</a>\n\n'
                              '[f](en-plan-2024/indikatorer/x/index.md) [g](en-plan-2024/indikatorer/y/index.md) '
                              '[h](jamfor/index.md) <a href="../en-plan-2024/text/inledning/">i</a> '
                              '[j](en-plan-2024/text/inledning.md) [k](en-plan-2024/text/inledning/index.md)\n'}}
    known = {"pages": {"en-plan-2024/indikatorer/x/index.md", "jamfor/k/index.md", "jamfor/index.md",
                       "en-plan-2024/text/inledning.md"}}
    assert _links(pages, made=known) == {("sv:om.md", "../en-plan-2024/indikatorer/saknas/"),
                                         ("sv:om.md", "../jamfor/saknas/"),
                                         ("sv:om.md", "en-plan-2024/indikatorer/y/index.md"),
                                         ("sv:om.md", "en-plan-2024/text/inledning/index.md")}
    assert _links(pages) == set()


def test_validate_knows_every_page_the_build_makes_of_the_plans(built_site: Path):
    """``made_by_build`` (``urls.plan_pages``, the comparisons' ``urls.compare_page``) names exactly the
    pages the build writes into the plans' folders and ``jamfor/``, in each language's folder."""
    settings = config.read(ROOT)
    report = validate_project(ROOT / "datapackages", ROOT / "content", site=settings)
    made = made_by_build(report.validated.values(), settings)
    assert len(made.plans) == 5 and urls.COMPARE_INDEX in made.pages
    for folder in ("", "en/"):
        built = {p.relative_to(built_site / folder).as_posix() for p in (built_site / folder).rglob("index.html")}
        assert {page for page in built if page.partition("/")[0] in {*made.plans, "jamfor"}} == {
            f"{urls.site_url(page)}index.html" for page in made.pages}, folder


def test_validating_one_plan_alone_does_not_refuse_links_to_the_others_pages_and_downloads(project: Path):
    """``plansite validate datapackages/<plan>`` knows only that plan: a link to another plan's pages
    (a folder of the project's plans) or downloads is followed only as far as the folder, as the build
    would follow it; validating every plan knows them all."""
    make_package(project, "annan-plan-2024")
    _page(project, "om.md", "# Om\n\n[a](data/annan-plan-2024/saknas.csv) [b](data/saknas.csv) "
                            "[c](annan-plan-2024/index.md) [d](annan-plan-2024/saknas/index.md)\n\n"
                            '<a href="../annan-plan-2024/mal/">e</a> <a href="../ingen-plan-2024/">f</a>\n')
    site = config.read(project)
    one = validate_project(project / "datapackages" / "testby-testnamnden-2024", project / "content", site=site)
    every = validate_project(project / "datapackages", project / "content", site=site)
    assert [p.found for p in one.errors if p.code == "site-page-link"] == ["../ingen-plan-2024/"]
    assert sorted(p.found for p in every.errors if p.code == "site-page-link") == [
        "../ingen-plan-2024/", "annan-plan-2024/saknas/index.md", "data/annan-plan-2024/saknas.csv", "data/saknas.csv"]


def test_the_pages_html_is_followed_as_the_build_follows_it():
    """From the page's address, as the build's link check (``build.links``) does: a page without its
    slash or as its index.html, every tag that loads something, the other language's pages, the
    charts in the language's own data folder; nothing above the site; and the comments too."""
    sv = ('# Om\n\n<a href="../om">ok</a> <a href="../om/index.html">ok</a> <img src="../assets/bild.png" alt="">\n\n'
          '<video src="../saknas.mp4"></video>\n\n<a href="../../../utanfor/">x</a>\n\n'
          '<!-- <a href="../gammal/">x</a> -->\n')
    en = ('# About\n\n<a href="../../om/">ok</a> <img src="../data/en-plan-2024/indikatorer/a.svg" alt="">\n\n'
          '<a href="../data/observations.csv">x</a> <a href="/var/som/helst/">ok</a>\n')
    assert _links({"sv": {"om.md": sv}, "en": {"om.md": en}}) == {
        ("sv:om.md", "../saknas.mp4"), ("sv:om.md", "../../../utanfor/"), ("sv:om.md", "../gammal/"),
        ("en:om.md", "../data/observations.csv")}


@pytest.mark.parametrize("rules, refused", [
    (site_links.LinkRules(), {"saknas.md", "saknas/", "\\om/"}),  # MkDocs' defaults
    (WARN, {"saknas.md", "saknas/", "/om/", "\\om/", "om.md#saknas", "../om/", "/om.md"}),
    (site_links.LinkRules(absolute_links="relative_to_docs"), {"saknas.md", "saknas/", "/om/", "\\om/"}),
    (site_links.LinkRules(not_found="ignore"), {"saknas.md", "saknas/", "\\om/"}),  # left as written, then broken
])
def test_the_sites_validation_rules_decide_what_the_engine_refuses(rules, refused):
    """A link the rules make a warning is refused (the engine runs with --strict); one the engine
    leaves as written is followed from the page's address as the build's link check does."""
    page = "# Om\n\n[a](saknas.md) [b](saknas/) [c](/om/) [d](\\om/) [e](om.md#saknas) [f](../om/) [g](/om.md)\n"
    assert {found for _, found in _links({"sv": {"om.md": page}}, rules=rules)} == refused


def test_the_rules_are_read_as_mkdocs_reads_them():
    assert site_links.LinkRules.of({}) == site_links.LinkRules()
    assert site_links.LinkRules.of({"validation": {"anchors": "warn", "links": {"anchors": "ignore"}}}).anchors == "ignore"
    assert site_links.LinkRules.of({"validation": {"absolute_links": "warn"}}).absolute_links == "warn"
    shipped = yaml.safe_load((Path(__file__).parents[1] / "mkdocs.yml").read_text(encoding="utf-8"))
    assert site_links.LinkRules.of(shipped) == WARN
    assert site_links.LinkRules.of({"validation": {"anchors": None, "links": None}}) == site_links.LinkRules()
    for wrong in ({"links": {"not_found": "loud"}}, {"omitted_files": "loud"}, {"nav": {"omitted_files": 1}}, None,
                  "warn", {"links": "warn"}, {"anchor": "warn"}, {"links": {"anchor": "warn"}}):
        with pytest.raises(site_links.ValidationSettingError):  # the engine refuses each (under --strict)
            site_links.LinkRules.of({"validation": wrong})


def test_under_mkdockss_defaults_validate_and_the_build_agree(project: Path, monkeypatch):
    """No ``validation`` in mkdocs.yml: an absolute link and a missing anchor pass the engine and
    validate alike; a link the engine leaves as written and the page cannot reach stops both."""
    _settings(project, validation=None, extra={"languages": ["sv"]})
    _page(project, "om.md", "# Om\n\n[a](/om/) [b](om.md#saknas) [c](../om/) [d](annan.md)\n")
    _page(project, "annan.md", "# Annan\n")
    pipeline.build_site(project, project / "site")
    assert (project / "site" / "om" / "index.html").is_file()
    _page(project, "om.md", "# Om\n\n[a](saknas/)\n")
    with pytest.raises(BuildFailed) as caught:
        pipeline.build_site(project, project / "site")
    assert caught.value.code == "input-errors"
    assert [(p.code, p.found) for p in caught.value.report.errors] == [("site-page-link", "saknas/")]
    monkeypatch.setattr(site_links, "link_problems", lambda *args, **kwargs: [])
    with pytest.raises(BuildFailed) as caught:
        pipeline.build_site(project, project / "site")
    assert caught.value.code == "broken-link" and "saknas/" in caught.value.text("en")


def test_a_validation_setting_the_engine_refuses_is_one_line(project: Path):
    _settings(project, validation={"links": {"anchors": "högt"}})
    result = CliRunner().invoke(cli, ["validate", str(project / "datapackages"), "--lang", "en"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert ("mkdocs.yml: validation.links.anchors: MkDocs does not accept 'högt' here: validation is a mapping of "
            "settings, each warn, info or ignore") in result.output


@pytest.mark.parametrize("text", ["[" * 40_000, "".join("    " * depth + "- x\n" for depth in range(2000))])
def test_a_page_markdown_cannot_finish_is_one_line_not_a_wait(project: Path, monkeypatch, text: str):
    """Thousands of ``[`` or lists nested thousands deep: Python-Markdown would take minutes or
    exhaust its recursion; the page is read in a child process with a time limit."""
    monkeypatch.setenv("PLANSITE_RENDER_TIMEOUT", "1")
    _settings(project, extra={"languages": ["sv"]})
    _page(project, "om.md", text)
    result = CliRunner().invoke(cli, ["validate", str(project / "datapackages"), "--lang", "en"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "content/site/om.md: the page could not be read as Markdown within the time limit" in result.output


def test_many_pages_markdown_cannot_finish_do_not_add_up(project: Path, monkeypatch):
    """After two pages took the whole time limit the others are not read (one line each), so many
    hostile pages do not take a limit each."""
    monkeypatch.setenv("PLANSITE_RENDER_TIMEOUT", "1")
    _settings(project, extra={"languages": ["sv"]})
    for i in range(5):
        _page(project, f"sida-{i}.md", "[" * 40_000)
    result = CliRunner().invoke(cli, ["validate", str(project / "datapackages"), "--lang", "en"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.count("the page could not be read as Markdown within the time limit") == 2
    assert result.output.count("not read: other pages took the time limit first") == 3
    assert "leads to no page" not in result.output  # a page not read is still a page


def test_a_link_to_a_page_that_was_not_read_is_not_told_as_wrong():
    hostile = "[" * 40_000
    pages = {"sv": {"a.md": "# A\n\n[b](b.md) [c](c.md#rubrik)\n", "b.md": hostile, "b2.md": hostile, "c.md": "# C\n"}}
    found = _links(pages, timeout=0.5)
    assert ("sv:a.md", "b.md") not in found and ("sv:a.md", "c.md#rubrik") not in found


def test_a_page_in_the_first_languages_own_folder_or_in_templates_is_not_lost_unseen(project: Path):
    """``content/site/sv/om.md`` on a Swedish-first site was skipped without a word; MkDocs leaves
    ``templates/`` out of the site."""
    _settings(project, extra={"languages": ["sv"]})
    _page(project, "sv/om.md")
    _page(project, "templates/sida.md")
    _page(project, "a/b/c/d/e/sida.md")
    settings = config.read(project)
    problems, read = site_pages.check_site_pages(project / "content", settings, settings.limits)
    assert {(p.code, p.file, p.expected) for p in problems} == {
        ("site-page-root-language", "content/site/sv/om.md", "content/site/om.md"),
        ("site-page-name", "content/site/templates/sida.md", ""), ("site-page-name", "content/site/a/b/c/d/e/sida.md", "")}
    assert "at most four deep" in next(p for p in problems if "e/sida" in p.file).line("en")
    assert read == {"sv": {}}


def test_markdown_made_addresses_and_escapes_are_followed_as_the_page_holds_them():
    """``attr_list`` can give any element an address, which the engine leaves as written; a link's
    text is not HTML (``&nbsp`` stays ``&nbsp``, the page holds ``&amp;nbsp``); ids in raw HTML are
    read by Markdown's own parser, as MkDocs reads them; charts of the page's own language."""
    pages = {"sv": {"om.md": '# Om\n\n![b](https://example.org/x.png){href="../saknas/"} [x](../om/&nbsp)\n\n'
                             '<?x > <div id="k">y</div> ?>\n\n[a](#k)\n'},
             "en": {"om.md": "# About\n\n![c](data/en-plan-2024/indikatorer/a.svg) <a href=\"../404.html\">x</a> "
                             "<a href=\"../sitemap.xml\">x</a>\n"}}
    assert _links(pages, extensions=["attr_list"], rules=site_links.LinkRules()) == {
        ("sv:om.md", "../saknas/"), ("sv:om.md", "../om/&nbsp")}
    assert ("sv:om.md", "#k") in _links(pages, extensions=["attr_list"])  # anchors warn: MkDocs finds no #k


def test_a_page_full_of_wrong_links_is_told_in_a_few_lines():
    page = "# Om\n\n" + "[a](saknas.md) " * 5000
    told = site_links.link_problems({"sv": {"om.md": page}}, {"sv": ""}, site_links.Made(), (), lambda lang, rel: rel)
    assert [p.code for p in told] == ["site-page-link"] * site_links.MAX_LINKS_TOLD + ["site-page-links-more"]
    assert told[-1].found == str(5000 - site_links.MAX_LINKS_TOLD)


def test_extensions_that_are_no_list_are_one_line(project: Path):
    _settings(project, markdown_extensions=5)
    result = CliRunner().invoke(cli, ["validate", str(project / "datapackages"), "--lang", "en"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "mkdocs.yml: markdown_extensions: the Markdown extensions cannot be loaded (5)" in result.output


def test_an_id_without_a_value_names_nothing_and_stops_nothing():
    """``<a name>`` or ``<div id>`` (the shipped publicera page has such a line in its examples)."""
    assert _links({"sv": {"om.md": "# Om\n\n<a name>x</a> <div id>y</div>\n\n[a](#om)\n"}}) == set()
