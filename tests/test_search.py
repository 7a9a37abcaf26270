"""The search index split by plan (generator/build/search.py) and how the built site uses it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

from generator.build import search

from .conftest import ROOT, VARNAMO

CONFIG = {"lang": ["sv"], "separator": "[\\s]+"}


def test_each_plan_gets_its_pages_with_addresses_from_its_folder():
    docs = [{"location": "", "title": "Öppna planer", "text": ""},
            {"location": "data/#per-plan", "title": "Per plan", "text": ""},
            {"location": "plan-a/", "title": "Plan A", "text": "a"},
            {"location": "plan-a/#inledning", "title": "Inledning", "text": ""},
            {"location": "plan-a/indikatorer/x/", "title": "X", "text": ""},
            {"location": "plan-b/mal/", "title": "Mål", "text": ""},
            {"location": "plan-ab/", "title": "Ingen plan", "text": ""}]  # a page whose folder only starts alike
    files = search.split_index({"config": CONFIG, "docs": docs}, ["plan-a", "plan-b"])
    assert sorted(files) == sorted([search.INDEX, f"plan-a/{search.INDEX}", f"plan-b/{search.INDEX}"])
    own, a, b = (json.loads(files[path]) for path in (search.INDEX, f"plan-a/{search.INDEX}", f"plan-b/{search.INDEX}"))
    assert [d["location"] for d in own["docs"]] == ["", "data/#per-plan", "plan-a/", "plan-ab/"]  # a plan's first page too
    assert [d["location"] for d in a["docs"]] == ["", "#inledning", "indikatorer/x/"]
    assert [d["location"] for d in b["docs"]] == ["mal/"]
    assert own["config"] == a["config"] == b["config"] == CONFIG
    assert "Öppna planer".encode("utf-8") in files[search.INDEX]  # as the theme's index is written: not escaped


def test_the_built_site_searches_each_plan_in_its_own_index(built_site: Path):
    plans = sorted(p.name for p in (ROOT / "datapackages").iterdir() if p.is_dir())
    assert VARNAMO in plans and len(plans) == 5
    for root in (built_site, built_site / "en"):
        own = json.loads((root / search.INDEX).read_text(encoding="utf-8"))["docs"]
        assert not [d for d in own if d["location"].split("/")[0] in plans and d["location"].strip("/").count("/")]
        for plan in plans:
            docs = json.loads((root / plan / search.INDEX).read_text(encoding="utf-8"))["docs"]
            assert docs and all((root / plan / d["location"].split("#")[0] / "index.html").is_file() for d in docs)
    page = (built_site / VARNAMO / "indikatorer" / "langvarigt-ekonomiskt-bistand" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'settings\.base = settings\.base \+ "/" \+ "' + VARNAMO + r'" \+ "/"', page)
    assert page.index("__config") < page.index("settings.base") < page.index("bundle.")  # before the theme reads it
    assert "settings.base" not in (built_site / "index.html").read_text(encoding="utf-8")


def test_the_index_leaves_out_the_citation_and_download_blocks_but_keeps_the_values(built_site: Path):
    """The same sentences on every indicator page (how to cite, embed, download) match every search;
    their sections are left out whole (a heading alone, the same on every page, was found as well),
    but stay in the page's table of contents."""
    for root, lang in ((built_site, "sv"), (built_site / "en", "en")):
        cite, download = ("citera", "ladda-ner") if lang == "sv" else ("cite", "download")
        docs = json.loads((root / VARNAMO / search.INDEX).read_text(encoding="utf-8"))["docs"]
        page = "indikatorer/langvarigt-ekonomiskt-bistand/"
        sections = {d["location"].removeprefix(page): d for d in docs if d["location"].startswith(page)}
        assert f"#{cite}" not in sections and f"#{download}" not in sections and "" in sections
        assert not [d for d in docs if d["location"].endswith((f"#{cite}", f"#{download}"))]
        toc = BeautifulSoup((root / VARNAMO / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert {f"#{cite}", f"#{download}"} <= {a["href"] for a in toc.select(".md-nav--secondary a[href]")}
        assert all("<img" not in d["text"] and "[datum]" not in d["text"] and "[date]" not in d["text"] for d in docs)
        assert re.search(r"20\d\d", sections[""]["text"] + "".join(d["text"] for d in sections.values()))
    html = (built_site / VARNAMO / "indikatorer" / "langvarigt-ekonomiskt-bistand" / "index.html").read_text(encoding="utf-8")
    assert 'class="plansite-citation" data-search-exclude' in html  # still on the page, only not in the index
