"""A hand-written page written a folder deeper (``content/site/dataformat.md`` → ``dataformat/index.md``):
its Markdown links rebased, and nothing else of its text changed; links from the others to it follow it."""

from __future__ import annotations

import pytest

from generator.ingest.relocate import rebased
from generator.spec import urls

SOURCES = {"om.md", "data.md", "dataformat.md", "publicera.md", "index.md"}


def moved(path: str) -> str:
    return urls.site_page(path) if path in SOURCES else path


def on(markdown: str, source: str = "dataformat.md") -> str:
    return rebased(markdown, source, urls.site_page(source), moved)


@pytest.mark.parametrize("written, expected", [
    ("[Publicera](publicera.md)", "[Publicera](../publicera.md)"),
    ("[Data](data.md#filer)", "[Data](../data/index.md#filer)"),
    ('[mallen](data/plan-mall.xlsx "Mallen")', '[mallen](../data/plan-mall.xlsx "Mallen")'),
    ("![Bild](assets/x.png)", "![Bild](../assets/x.png)"),
    ("[start](index.md)", "[start](../index.md)"),
    ("[a](<data/en fil.csv>)", "[a](<../data/en fil.csv>)"),
    ("[a]: data.md\n", "[a]: ../data/index.md\n"),
    ("[ner](#rubrik) [ut](https://example.org/a.md) [post](mailto:a@b.se) [rot](/om/)",
     "[ner](#rubrik) [ut](https://example.org/a.md) [post](mailto:a@b.se) [rot](/om/)"),
    ("[upp](../utanför.md)", "[upp](../utanför.md)"),
    ("En länk skrivs `[bilagan](07-bilaga.md)`, också ``[x](`y`.md)``.",
     "En länk skrivs `[bilagan](07-bilaga.md)`, också ``[x](`y`.md)``."),
    ("```markdown\n[bilagan](07-bilaga.md)\n```\n[Om](om.md)\n", "```markdown\n[bilagan](07-bilaga.md)\n```\n[Om](../om.md)\n"),
    ("~~~~\n[a](om.md)\n~~~\nstill code [b](om.md)\n~~~~\n[c](om.md)", "~~~~\n[a](om.md)\n~~~\nstill code [b](om.md)\n~~~~\n[c](../om.md)"),
    ('<a href="plans.csv">raw HTML</a> [d](om.md)', '<a href="plans.csv">raw HTML</a> [d](../om.md)'),
    # found by review: link text over two lines, a linked image, brackets in the text, a reference
    # definition's destination on the next line
    ("Läs [sidan om\nwebbplatsen](om.md)", "Läs [sidan om\nwebbplatsen](../om.md)"),
    ("[![logo](bilder/a.png)](om.md)", "[![logo](../bilder/a.png)](../om.md)"),
    ("[se [1]](om.md)", "[se [1]](../om.md)"),
    ("[a]:\n  data.md 'Data'\n", "[a]:\n  ../data/index.md 'Data'\n"),
    # left alone: a footnote, a line that only looks like a definition, an escaped bracket, an
    # indented code block, an HTML block, a code span after an escaped backtick
    ("[^1]: Se sidan om.\n", "[^1]: Se sidan om.\n"),
    ("[not]: a definition but prose\n", "[not]: a definition but prose\n"),
    ("\\[inte länk\\](om.md)", "\\[inte länk\\](om.md)"),
    ("Text\n\n    [x](om.md)\n\n[y](om.md)", "Text\n\n    [x](om.md)\n\n[y](../om.md)"),
    ("<div>\n[x](om.md)\n</div>\n\n[y](om.md)", "<div>\n[x](om.md)\n</div>\n\n[y](../om.md)"),
    ("\\`ej kod` [x](om.md) `", "\\`ej kod` [x](om.md) `"),
])
def test_links_are_rebased_and_code_is_not(written: str, expected: str):
    assert on(written) == expected


def test_the_start_page_stays_and_its_links_go_to_the_pages_new_places():
    text = "- [Om](om.md), [format](dataformat.md#kolumner), [data](data.md) och [en fil](data/plans.csv)\n"
    assert rebased(text, "index.md", urls.site_page("index.md"), moved) == (
        "- [Om](om.md), [format](dataformat/index.md#kolumner), [data](data/index.md) och [en fil](data/plans.csv)\n")
    assert rebased(text, "om.md", "om.md", moved) == rebased(text, "index.md", "index.md", moved)


def test_a_code_span_does_not_reach_across_a_paragraph():
    assert on("a ` b\n\n[c](om.md) ` d") == "a ` b\n\n[c](../om.md) ` d"


def test_site_page_keeps_the_address():
    assert urls.site_page("data.md") == urls.DATA_PAGE == "data/index.md" and urls.FORMAT_PAGE == "dataformat/index.md"
    assert urls.site_page("om.md") == "om.md" and urls.site_page("index.md") == "index.md"
    assert urls.site_url("data.md") == urls.site_url("data/index.md") == "data/"


@pytest.mark.parametrize("hostile", ["[" * 200_000, "`" * 200_000, "` " * 100_000, "](" * 100_000,
                                     "[" * 100_000 + "]: x", ("`" * 50 + " ") * 4000])
def test_hostile_text_is_read_in_one_pass(hostile: str):
    """No pattern scans the text again from each bracket or backtick (the first patterns took 4.5 s
    on 60 000 brackets, growing with the square; these 200 000 take milliseconds), as
    test_security's front matter that never closes; the text comes back as it was."""
    assert on(hostile) == hostile

