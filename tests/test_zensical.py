"""The site under Zensical, MkDocs-Material's successor (issue 14; benchmarks/ZENSICAL.md): the
shipped plans' root language written as one docs folder (``benchmarks/zensical_compare.py``, the
configuration as our engine writes it, the whole navigation, no unit hook), built by Zensical in
Material's look (``variant: classic``). Material reaches its end of life on 2027-05-05; these keep
the cost of a move measured: the site builds, every link of it resolves, and each page's article
links to what the real build's page links to."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build import engine, raster

from .conftest import ROOT, page_tags
from .test_site import _targets

_BESIDE = Path(sys.executable).with_name("zensical")  # the test environment's own, else one on the PATH
ZENSICAL = str(_BESIDE) if _BESIDE.is_file() else shutil.which("zensical")
pytestmark = pytest.mark.skipif(ZENSICAL is None, reason="Zensical is not installed (it is in the test extras)")


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory, built_site: Path) -> Path:
    """Zensical's site, made once the real build has drawn the charts' PNGs into the project's
    cache (``built_site``), which this build reads them from."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import zensical_compare
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    out = tmp_path_factory.mktemp("zensical")
    config = zensical_compare.write_docs(out, "sv", raster.cache_dir(ROOT))  # the PNGs the site build made
    config.pop("_pages"), config.pop("_files")
    engine.write_config(out / "zensical.yml", zensical_compare.zensical_config(config, out, "classic", by_url=True))
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)  # our slugify, importable
    ran = subprocess.run([ZENSICAL, "build", "--clean", "-f", "zensical.yml"], cwd=out, capture_output=True,
                         text=True, timeout=600, env={**os.environ, "PYTHONPATH": path})
    assert ran.returncode == 0, ran.stdout + ran.stderr
    return out / "site-zensical"


def test_every_link_of_the_site_resolves_under_zensical(zensical_site: Path):
    """Each ``href`` and ``src`` of every page, nav, header and article, points at a file of the
    site, but those into the other language's folder (``en/``), which this build does not make."""
    pages = sorted(zensical_site.rglob("*.html"))
    assert len(pages) > 300
    links = [(page, href, target) for page, href, target in _targets(zensical_site, {p: page_tags(p) for p in pages})
             if not target.is_relative_to(zensical_site / "en")]
    broken = [f"{page.relative_to(zensical_site)} → {href}" for page, href, target in links if not target.exists()]
    assert broken == [] and len(links) > 10 * len(pages)


def test_each_articles_links_and_heading_ids_are_the_real_builds(zensical_site: Path, built_site: Path):
    """The article of every page links where the real build's (MkDocs, in units) does, and its
    headings have the same ids (our slugify, which Zensical imports from the configuration): the
    generated links in HTML are written from the page's address, which Zensical reads from the
    page's source file (all but the chapters are their folder's index.md; spec/urls.py)."""
    compared = ids = 0
    for page in sorted(zensical_site.rglob("index.html")):
        ours = built_site / page.relative_to(zensical_site)
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("article")
        if article is None or not ours.is_file():
            continue
        theirs = BeautifulSoup(ours.read_text(encoding="utf-8"), "html.parser").find("article")
        links = [a["href"] for a in article.select("a[href]") if a["href"] != "#__skip"]  # Zensical's skip link
        assert links == [a["href"] for a in theirs.select("a[href]")], page.relative_to(zensical_site)
        headings = "h2[id], h3[id], h4[id]"  # ids from our slugify (toc's !!python/name:), which links name
        assert [h["id"] for h in article.select(headings)] == [h["id"] for h in theirs.select(headings)], page
        compared += len(links)
        ids += len(article.select(headings))
    assert compared > 2000 and ids > 500
