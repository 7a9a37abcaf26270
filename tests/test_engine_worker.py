"""What the engine's worker changes in MkDocs for speed (build/mkdocs_speedups.py) gives what MkDocs
gives: the anchors of a page's raw HTML, from only the tags that may name one, and the page's HTML
with its blocks of raw HTML set aside from Markdown and put back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.structure import pages

from generator.build import mkdocs_speedups, mkdocs_worker

RAW_TEXT = mkdocs_speedups.raw_text_elements(pages._HTMLHandler)
GOLDEN = Path(__file__).parent / "golden"


def stock(text: str) -> set[str]:
    parser = pages._HTMLHandler()
    parser.feed(text)
    parser.close()
    return parser.present_anchor_ids


def fewer(text: str) -> set[str] | None:
    tags = mkdocs_speedups.anchor_tags(text, RAW_TEXT)
    return None if tags is None else stock(tags)


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def plan_pages() -> list[str]:
    """The Markdown of one shipped plan's pages as the engine gets them, charts included (their
    ``<title id>`` and ``<desc id>`` are anchors), and of the golden pages."""
    from dataclasses import replace

    from generator.render import charts
    from generator.render import pages as plan_pages_of
    from generator.validate.project import validate_project

    report = validate_project(ROOT / "datapackages", ROOT / "content")
    validated = report.validated["vaxjo-arbete-och-valfard-2024"]
    plan = replace(validated.plan, chapters=validated.chapters)
    site = plan_pages_of.render_site([plan], {}, charts.to_svg)
    texts = [text for rel, text in sorted(site.pages.items()) if rel.startswith(plan.plan_id)]
    texts += [path.read_text(encoding="utf-8") for path in sorted(GOLDEN.rglob("*.md"))]
    return [text.split("---\n", 2)[2] if text.startswith("---\n") else text for text in texts]


def test_the_anchors_of_a_plans_pages_are_found_from_fewer_tags(plan_pages: list[str]):
    read, anchors = 0, 0
    for text in plan_pages:
        found = fewer(text)
        if found is not None:
            read += 1
            anchors += len(found)
            assert found == stock(text)
    assert read >= 0.9 * len(plan_pages) and anchors >= 4  # plain HTML; the budget page's two charts, a title and a desc each


def test_plain_tags_give_their_ids_and_anchor_names():
    text = ('# T\n\n<div class="x"><h2 id="a">A</h2><a name="b" href="#a">b</a><svg><title id="c">t</title></svg>'
            "<p NAME='not-an-anchor' ID=d>x &amp; y</p><input id=\"e&amp;f\"></div>\n")
    assert fewer(text) == stock(text) == {"a", "b", "c", "d", "e&f"}
    for bare in ('<p class="x" id/>', "<a name>", "<p\tID >"):  # an attribute without a value is None to the parser
        assert fewer(bare) == stock(bare) == {None}, bare


def test_text_the_parser_could_read_otherwise_is_read_whole():
    for text in ["<p\xa0a='x y=\"z'> \" id=w>", "<p\xa0a='x y=\"z' id=w> <b id=v> <i title=\"t\">",  # \xa0 ends no name
                 "<div\u2003class='a b=\"c'>text</div>\n<h2 id=\"sec\">S</h2>\n<p title=\"t\">",
                 "<p\x0ba='x y=\"z'>\n\nSee \" id=w>", "<p class=a\xa0id=x>",
                 "a < b <p id=x>", "<!-- <p id=x> -->", "<script>'<p id=x>'</script>", "<p title=\"<\" id=x>",
                 "<https://example.org> <p id=x>", "<p id=x></>", "<?pi <p id=x> ?>", "<style><b id=y></style>"]:
        assert fewer(text) is None, text


PIECES = st.sampled_from(["<", ">", "</", "/>", "<a", "<p", "<b", "<title", "<script", "<style", "</script>", "</a>",
                          " id=", " ID=", " name=", " id", " nAme", "/id", " href=", "=", '"', "'", "x", "y",
                          " ", "\n", "\t", "\xa0", "\x0b", "\u2003", "`", '="', "='",
                          "&amp;", "<!--", "-->", "<!", "<?", "?>", "/", ":", "-", "&#60;"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_wherever_the_fast_way_answers_it_finds_what_mkdocs_finds(text: str):
    found = fewer(text)
    if found is not None:
        assert found == stock(text)


def markdown_html(text: str) -> str:
    import markdown
    return markdown.markdown(text, extensions=["toc", "tables", "fenced_code", "attr_list"])


BLOCK_LEVEL = mkdocs_speedups._ASIDE


def test_markdown_gives_the_same_html_with_the_blocks_set_aside_and_put_back(plan_pages: list[str]):
    aside = 0
    chosen = ['# A\n\n<div class="a"><p id="x">1</p></div>\n\nText <b>bold</b>.\n\n<ul><li>1</li></ul>\n',
              "x\n\n\n<div>a</div>\n\n\n\n<p>b</p>", "<div>\n\n<p>a</p>\n\n</div>\n"]
    for text in plan_pages + chosen:
        light, blocks = mkdocs_speedups.set_aside(text, BLOCK_LEVEL)
        aside += len(blocks)
        assert mkdocs_speedups.put_back(markdown_html(light), blocks) == markdown_html(text)
    assert aside >= 4 * len(plan_pages)  # the rendered pages are mostly such blocks


def test_only_whole_blocks_of_one_element_in_plain_markdown_are_set_aside():
    kept = ['<div\xa0class="x">text</div>',
            "<div>a</div><div>b</div>", "<div><div>a</div>", "<div>a</div> text", "<span>a</span>", "<div>a\nb</div>",
            '<div markdown="1">*a*</div>', "<svg><title>t</title></svg>", "</div>", "text <div>a</div>"]
    for chunk in kept:
        assert mkdocs_speedups.set_aside(f"# T\n\n{chunk}\n", BLOCK_LEVEL)[1] == [], chunk
    for text in ["```\n\n<div>a</div>\n\n```\n", "~~~\n\n<div>a</div>\n\n~~~\n", "<div>\ta</div>\n", "<div>a</div>\r\n",
                 '<div data-plansite-aside="0"></div>\n\n<div>a</div>\n']:
        assert mkdocs_speedups.set_aside(text, BLOCK_LEVEL) == (text, []), text
    light, blocks = mkdocs_speedups.set_aside("# T\n\n<div>a<div>b</div><br/></div>\n\n<p>c</p>\n", BLOCK_LEVEL)
    assert blocks == ["<div>a<div>b</div><br/></div>", "<p>c</p>"]
    assert light == '# T\n\n<div data-plansite-aside="0"></div>\n\n<div data-plansite-aside="1"></div>\n'


#: Markdown that Python-Markdown does not pass through as written, or reads differently when a block
#: is missing (found by review): each is left whole, or set aside with the same HTML as a result.
TRICKY = [
    'Q &# A\n\n<div>see *[o](other.md#nowhere)*{: #z} and 5 * 3</div>\n\n# T\n',  # &# stops the parser
    'See Q&#A.\n\n<div class="card">one</div>\n\n<p>Text &amp; more.</p>\n\n<p>x</p>\n',
    '\nQ&#A here\n\n<p>Text</p>\n\n<p>&#169; 2024</p>\n\n## Sub\n\na &amp; b\n\n<p>Text</p>\n',
    "<div>&#169 x</div>\n", "<div>&#x41 b</div>\n", "<p>AT&#38T</p>\n",  # charrefs Markdown completes
    "<div><DIV></div>\n\n# H\n\n[x](other.md#nowhere)\n", "<div>a</DIV> b</div>\n",  # names in any case
    "<div><div class=x/></div>\n\n*a*\n",  # a bare value ending in /
    "<section>\n\n<div></section></div>\n\n*a*\n\n</section>\n",  # closes an element opened before
    '<div\fclass="x">a</div>\n',  # a form feed after the name
    '<p id="a\n  \nb">x</p>\n\n<div>y</div>\n',  # a line of spaces, which Markdown empties
    "<div><br><hr><img src=x></div>\n\n<p>b<br/></p>\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_markdown_that_could_read_otherwise_gives_the_same_html(text: str):
    light, blocks = mkdocs_speedups.set_aside(text, BLOCK_LEVEL)
    assert mkdocs_speedups.put_back(markdown_html(light), blocks) == markdown_html(text)


CHUNKS = st.sampled_from(["<div>", "</div>", "<DIV>", "<p>", "</p>", "<section>", "</section>", "<br>", "<hr>", "<b>",
                          "</b>", "<div class=x/>", "<img src=y/>", '<h2 id="h">', "</h2>", "*a*", "# T", "x", " ",
                          "&amp;", "&#169;", "&#", ";", "[l](other.md#n)", "{: #z}", "\n", "\n\n", "  \n", "- ", "> "])


@settings(max_examples=1500, deadline=None)
@given(st.lists(CHUNKS, max_size=30).map("".join))
def test_wherever_blocks_are_set_aside_markdown_gives_the_same_html(text: str):
    light, blocks = mkdocs_speedups.set_aside(text, BLOCK_LEVEL)
    if blocks:
        assert mkdocs_speedups.put_back(markdown_html(light), blocks) == markdown_html(text)


def test_a_block_that_does_not_come_back_stops_the_page():
    with pytest.raises(RuntimeError):
        mkdocs_speedups.put_back("<p>lost</p>", ["<div>a</div>"])


def test_mkdocs_finds_the_anchors_of_the_blocks_set_aside(tmp_path: Path):
    """Built by the worker as the build runs it: a link to an anchor inside a block set aside
    passes MkDocs' strict anchor validation, a link to an anchor no page has still fails it."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Start\n\n[there](other.md#in-block)\n", encoding="utf-8")
    (docs / "other.md").write_text('# Other\n\n<div class="x"><h2 id="in-block">B</h2><p>text</p></div>\n',
                                   encoding="utf-8")
    answers = []
    for link in ("other.md#in-block", "other.md#nowhere"):
        (docs / "index.md").write_text(f"# Start\n\n[there]({link})\n", encoding="utf-8")
        config = tmp_path / "mkdocs.yml"
        config.write_text(f"site_name: T\ndocs_dir: {docs}\nsite_dir: {tmp_path / 'out'}\n"
                          "markdown_extensions: [toc, tables, attr_list]\nvalidation:\n  anchors: warn\n",
                          encoding="utf-8")
        done = subprocess.run([sys.executable, str(Path(mkdocs_worker.__file__)), str(tmp_path)], input=f"{config}\n",
                              capture_output=True, text=True, timeout=120)
        answers.append(json.loads(done.stdout.splitlines()[-1]))
    assert answers[0] == {"ok": True}
    assert answers[1]["ok"] is False and "nowhere" in answers[1]["detail"]
    page = (tmp_path / "out" / "other" / "index.html").read_text(encoding="utf-8")
    assert '<div class="x"><h2 id="in-block">B</h2><p>text</p></div>' in page and "data-plansite-aside" not in page
