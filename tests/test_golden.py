"""Golden files: every page source and download rendered from a tiny plan, compared word for word.

Fast (no site engine, no charts) and exact: a change to a page's words, order or markup shows as a
diff here, so a refactoring (one text catalogue, layered modules) can prove the Swedish site stays
the same. After an intended change, regenerate with ``PLANSITE_UPDATE_GOLDEN=1 pytest
tests/test_golden.py`` and read the diff before committing it.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from generator.outputs import downloads
from generator.render import pages
from generator.spec import urls
from generator.validate.project import validate_project

from .conftest import make_package

GOLDEN = Path(__file__).resolve().parent / "golden"
PLAN = "testby-testnamnden-2024"
CHAPTER = """---
title: "1 Inledning"
order: 1
---

Nämnden ansvarar för **individ- och familjeomsorg**.

## 1.1 Uppdrag

- Stöd till barn och unga
- Ekonomiskt bistånd

| År | Antal |
|---|--:|
| 2023 | 12 |
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("golden")
    make_package(root, PLAN)
    chapter = root / "content" / PLAN / "01-inledning.md"
    chapter.parent.mkdir(parents=True)
    chapter.write_text(CHAPTER, encoding="utf-8")
    report = validate_project(root / "datapackages", root / "content")
    assert report.ok, [p.line() for p in report.errors]
    validated = report.validated[PLAN]
    plan = replace(validated.plan, chapters=validated.chapters)
    site = pages.render_site([plan], {"index.md": "# Öppna planer\n", urls.FORMAT_PAGE: "# Dataformatet\n"}, None)
    return {**site.pages, **downloads.render_downloads([plan])}


def _golden_files() -> list[str]:
    return sorted(str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*") if p.is_file())


def test_the_golden_files_cover_every_rendered_file(rendered: dict[str, str]):
    if os.environ.get("PLANSITE_UPDATE_GOLDEN"):
        for rel, text in rendered.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
    assert _golden_files() == sorted(rendered)


@pytest.mark.parametrize("rel", _golden_files())
def test_each_rendered_file_equals_its_golden_file(rendered: dict[str, str], rel: str):
    assert rendered.get(rel) == (GOLDEN / rel).read_text(encoding="utf-8")


def test_every_page_the_site_makes_is_a_folders_index_so_its_links_read_the_same_from_its_url_and_its_file(
        rendered: dict[str, str]):
    """Zensical reads a relative link in a page's HTML from the page's source file, MkDocs from its
    URL; for ``…/x/index.md`` (URL ``…/x/``) both are the same folder (spec/urls.py)."""
    hand_written = {"index.md"}  # content/site/index.md: the start page, at the root
    made = [p for p in rendered if p.endswith(".md") and p not in hand_written]
    chapters = [p for p in made if p.startswith(f"{PLAN}/text/")]  # see spec/urls.py: navigation.indexes
    others = [p for p in made if p not in chapters]
    assert chapters == [f"{PLAN}/text/inledning.md"]
    for kind in ("indikatorer/", "mal/", "ekonomi/", "om-dokumentet/", "jamfor/"):
        assert any(kind in p for p in others), kind
    assert [p for p in others if not p.endswith("/index.md")] == []
