"""The theme in the site's language: footer, "page not found" page and the script's button names.

The texts are the catalogue's ``theme.*`` (build/engine.py passes them as extra.plansite_texts);
one real build of the tiny plan with ``theme.language: en`` shows them in English and escaped.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.build import engine, pipeline
from generator.i18n import texts

from .conftest import ROOT, make_package

THEME = ROOT / "site_theme"
CATALOGUE_TEXT = {"sv": texts.catalogue("sv"), "en": texts.catalogue("en")}


def _template_keys() -> set[str]:
    """Every theme.* key the templates and plansite.js read."""
    keys = set()
    for path in THEME.rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        for group in re.findall(r"set texts = config\.extra\.plansite_texts\.(\w+)", source):
            keys |= {f"theme.{group}.{name}" for name in re.findall(r"\btexts\.(\w+) \| e\b", source)}
        keys |= {f"theme.{m}" for m in re.findall(r"plansite_texts\.(\w+) \| tojson", source)}
    script = (THEME / "assets" / "plansite.js").read_text(encoding="utf-8")
    keys |= {f"theme.script.{name}" for name in re.findall(r"plansiteTexts\.(\w+)", script)}
    return keys


def test_every_text_the_theme_reads_is_in_the_catalogue():
    keys = _template_keys()
    assert {"theme.footer.about", "theme.not_found.home", "theme.script.menu", "theme.script"} <= keys
    for lang in ("sv", "en"):
        catalogue = CATALOGUE_TEXT[lang]
        for key in keys:
            assert key in catalogue or any(k.startswith(key + ".") for k in catalogue), (lang, key)


def test_theme_texts_are_the_catalogues_nested():
    en = engine.theme_texts("en")
    assert en["footer"] == {"label": "Site information", "accessibility": "Accessibility statement",
                            "about": "About this site", "data": "Download data"}
    assert en["script"] == {"menu": "Menu", "search": "Search"}
    assert engine.theme_texts("sv")["not_found"]["title"] == "Sidan finns inte"


def test_the_engine_config_carries_the_language_and_keeps_the_projects_extra(tmp_path: Path):
    settings = {"theme": {"name": "material"}, "extra": {"contact": "x"}}
    config = engine.config(ROOT, settings, tmp_path / "docs", tmp_path / "site", [], lang="en")
    assert config["extra"]["contact"] == "x"
    assert config["extra"]["plansite_texts"] == engine.theme_texts("en")
    assert config["theme"]["language"] == "en"  # filled in only when mkdocs.yml names none
    assert "plansite_texts" not in settings["extra"]
    named = engine.config(ROOT, {"theme": {"language": "sv"}}, tmp_path, tmp_path, [], lang="sv")
    assert named["theme"]["language"] == "sv" and named["extra"]["plansite_texts"]["footer"]["about"] == "Om webbplatsen"


def _swedish_only(lang_text: str) -> list[str]:
    """Swedish theme texts (longer than 6 characters, not the same in English) found in ``lang_text``."""
    sv, en = CATALOGUE_TEXT["sv"], CATALOGUE_TEXT["en"]
    return [str(v) for k, v in sv.items()
            if k.startswith("theme.") and len(str(v)) > 6 and v != en[k] and str(v) in lang_text]


@pytest.fixture(scope="module")
def english_site(tmp_path_factory) -> Path:
    """The tiny plan of tests/test_golden.py built for real with ``theme.language: en``, the site's
    only language (tests/test_languages.py builds it in both)."""
    root = tmp_path_factory.mktemp("english")
    settings = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    settings["theme"]["language"] = "en"
    settings["extra"]["languages"] = ["en"]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copytree(THEME, root / "site_theme")
    (root / "content").mkdir()
    make_package(root)
    pipeline.build_site(root, root / "site")
    return root / "site"


def test_the_english_site_has_the_theme_in_english(english_site: Path):
    index = (english_site / "index.html").read_text(encoding="utf-8")
    missing = (english_site / "404.html").read_text(encoding="utf-8")
    assert '<nav class="plansite-footer-links" aria-label="Site information">' in index
    for text, link in (("Accessibility statement", "tillganglighet/"), ("About this site", "om/"),
                       ("Download data", "data/")):
        assert re.search(rf'<a href="[^"]*{link}">{text}</a>', index), text
    assert "<h1>Page not found</h1>" in missing
    assert ">Go to the home page</a>" in missing
    assert "The page you are looking for is not here." in missing
    script = re.search(r'<script type="application/json" id="__plansite_texts">(.*?)</script>', index)
    assert json.loads(script.group(1)) == {"menu": "Menu", "search": "Search"}
    for page in english_site.rglob("*.html"):  # the theme's parts (the pages' own words are the renderers')
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        theme_parts = [soup.select_one(".md-copyright"), soup.select_one("#__plansite_texts")]
        if page.name == "404.html":
            theme_parts.append(soup.select_one("article"))
        assert all(theme_parts), page
        assert _swedish_only(" ".join(str(part) for part in theme_parts)) == [], page


def test_theme_texts_are_escaped_in_html_and_in_the_script_element(tmp_path: Path):
    """A text with markup reaches the page as text, and none can end the JSON's script element."""
    docs, site = tmp_path / "docs", tmp_path / "site"
    docs.mkdir()
    (docs / "index.md").write_text("# Start\n", encoding="utf-8")
    settings = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    settings.pop("not_in_nav", None)
    config = engine.config(ROOT, settings, docs, site, [{"Start": "index.md"}], lang="en")
    hostile = '</script><script>alert("x")</script> & <b>'
    config["extra"]["plansite_texts"]["footer"]["about"] = hostile
    config["extra"]["plansite_texts"]["script"]["menu"] = hostile
    engine.write_config(tmp_path / "mkdocs.yml", config)
    engine.run(tmp_path / "mkdocs.yml", 300)
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "&lt;/script&gt;&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;</a>" in page
    script = re.search(r'<script type="application/json" id="__plansite_texts">(.*?)</script>', page, re.S)
    assert "<" not in script.group(1) and json.loads(script.group(1))["menu"] == hostile
    assert page.count("<script>alert") == 0


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_the_header_buttons_get_english_names_from_the_script(english_site: Path):
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        page.goto((english_site / "index.html").as_uri())
        names = page.eval_on_selector_all("label.md-header__button button", "bs => bs.map(b => b.getAttribute('aria-label'))")
        browser.close()
    assert "Menu" in names and "Search" in names


def test_downloads_hold_no_catalogue_text(tmp_path: Path):
    """The downloads are the published data format: column names, codes and the plan's own words,
    the same whatever the site's language (so outputs/downloads.py takes no language)."""
    from generator.outputs import downloads
    from generator.validate.project import validate_project

    make_package(tmp_path)
    report = validate_project(tmp_path / "datapackages", tmp_path / "content")
    files = downloads.render_downloads([report.validated["testby-testnamnden-2024"].plan])
    assert files["data/observations.csv"].startswith(",".join(downloads.OBSERVATION_COLUMNS) + "\n")
    text = " ".join(files.values())
    assert "Väntetid i dagar" in text  # the plan's words are published as they are
    sv, en = CATALOGUE_TEXT["sv"], CATALOGUE_TEXT["en"]
    # a single word ("Verksamhetsplan") may be the plan's own word too; a phrase may not
    assert [k for k, v in sv.items() if len(str(v).split()) > 1 and v != en[k] and str(v) in text] == []
