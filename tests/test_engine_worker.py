"""What the engine's worker changes in MkDocs for speed (build/mkdocs_worker.py) finds what MkDocs
finds: the anchors of a page's raw HTML, from only the tags that may name one."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.structure import pages

from generator.build import mkdocs_worker

RAW_TEXT = frozenset(pages._HTMLHandler.CDATA_CONTENT_ELEMENTS) | frozenset(
    getattr(pages._HTMLHandler, "RCDATA_CONTENT_ELEMENTS", ()))
GOLDEN = Path(__file__).parent / "golden"


def stock(text: str) -> set[str]:
    parser = pages._HTMLHandler()
    parser.feed(text)
    parser.close()
    return parser.present_anchor_ids


def fewer(text: str) -> set[str] | None:
    tags = mkdocs_worker.anchor_tags(text, RAW_TEXT)
    return None if tags is None else stock(tags)


def test_the_anchors_of_every_golden_page_are_found_from_fewer_tags():
    pages_read = 0
    for path in sorted(GOLDEN.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        found = fewer(text)
        if found is not None:
            pages_read += 1
            assert found == stock(text), path
    assert pages_read >= 10  # the rendered pages are plain HTML: the fast way reads most of them


def test_plain_tags_give_their_ids_and_anchor_names():
    text = ('# T\n\n<div class="x"><h2 id="a">A</h2><a name="b" href="#a">b</a><svg><title id="c">t</title></svg>'
            "<p NAME='not-an-anchor' ID=d>x &amp; y</p><input id=\"e&amp;f\"></div>\n")
    assert fewer(text) == stock(text) == {"a", "b", "c", "d", "e&f"}
    for bare in ('<p class="x" id/>', "<a name>", "<p\tID >"):  # an attribute without a value is None to the parser
        assert fewer(bare) == stock(bare) == {None}, bare


def test_text_the_parser_could_read_otherwise_is_read_whole():
    for text in ["a < b <p id=x>", "<!-- <p id=x> -->", "<script>'<p id=x>'</script>", "<p title=\"<\" id=x>",
                 "<https://example.org> <p id=x>", "<p id=x></>", "<?pi <p id=x> ?>", "<style><b id=y></style>"]:
        assert fewer(text) is None, text


PIECES = st.sampled_from(["<", ">", "</", "/>", "<a", "<p", "<b", "<title", "<script", "<style", "</script>", "</a>",
                          " id=", " ID=", " name=", " id", " nAme", "/id", " href=", "=", '"', "'", "x", "y",
                          " ", "\n", "\t", "\xa0", "`",
                          "&amp;", "<!--", "-->", "<!", "<?", "?>", "/", ":", "-", "&#60;"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_wherever_the_fast_way_answers_it_finds_what_mkdocs_finds(text: str):
    found = fewer(text)
    if found is not None:
        assert found == stock(text)
