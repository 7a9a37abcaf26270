"""The pages without their indentation (build/compact.py): what a browser shows is unchanged, the
markup byte for byte, and pre, textarea, script and style keep their white space."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from generator.build.compact import compact, compact_site

PAGE = """<!doctype html>
<html lang="sv">
  <head>
    <style>
      .a  { color: red }
    </style>
    <script>
      var s = "a\n    b";
    </script>
  </head>
  <body>
    <p class="x"   title="två
        rader">Ett
        två  <a href="../a/">tre</a>
    </p>
    <PRE><code>rad 1
    indragen

efter en tom rad</code></PRE>
    <textarea>
  kvar
    </textarea>
  </body>
</html>
"""


class _Seen(HTMLParser):
    """Tags, attributes and text as a browser would show them (white-space runs as one space)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.items.append(("start", tag, [(k, re.sub(r"\s+", " ", v or "")) for k, v in attrs]))

    def handle_endtag(self, tag):
        self.items.append(("end", tag))

    def handle_data(self, data):
        if data.strip():
            self.items.append(("text", re.sub(r"\s+", " ", data).strip()))


def _seen(text: str) -> list[tuple]:
    parser = _Seen()
    parser.feed(text)
    return parser.items


def _kept(text: str, tag: str) -> str:
    return re.search(rf"<{tag}\b.*?</{tag}>", text, re.S | re.I).group(0)


def test_indentation_goes_and_what_the_browser_shows_stays():
    out = compact(PAGE)
    assert _seen(out) == _seen(PAGE)
    assert '<p class="x"   title="två\nrader">Ett\ntvå  <a href="../a/">tre</a>\n</p>' in out
    for tag in ("style", "script", "pre", "textarea"):  # as written, blank lines and all
        assert _kept(out, tag) == _kept(PAGE, tag)
    outside = re.sub(r"<(pre|textarea|script|style)\b.*?</\1>", "", out, flags=re.S | re.I)
    assert not re.search(r"\n[ \t]", outside) and len(out) < len(PAGE)


def test_a_no_break_space_after_a_line_break_is_text_and_stays():
    assert compact("<td>\n    \u00a01 366\n  \u202f</td>") == "<td>\n\u00a01 366\n\u202f</td>"


def test_an_element_never_closed_is_kept_to_the_end():
    assert compact("<p>a\n  b</p>\n  <pre>x\n   y") == "<p>a\nb</p>\n<pre>x\n   y"
    assert compact("<script>a\n  b</scriptx>\n  c") == "<script>a\n  b</scriptx>\n  c"


def test_compact_site_rewrites_html_only_and_never_through_a_link(tmp_path: Path):
    (tmp_path / "out" / "a").mkdir(parents=True)
    (tmp_path / "out" / "a" / "index.html").write_text("<p>\n    x\n</p>\n", encoding="utf-8")
    (tmp_path / "out" / "a" / "data.json").write_text('{\n    "x": 1\n}\n', encoding="utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "index.html").write_text("<p>\n    y\n</p>\n", encoding="utf-8")
    (tmp_path / "out" / "linked").symlink_to(outside)
    (tmp_path / "out" / "page.html").symlink_to(outside / "index.html")
    assert compact_site(tmp_path / "out") == 4
    assert (tmp_path / "out" / "a" / "index.html").read_text(encoding="utf-8") == "<p>\nx\n</p>\n"
    assert (tmp_path / "out" / "a" / "data.json").read_text(encoding="utf-8") == '{\n    "x": 1\n}\n'
    assert (outside / "index.html").read_text(encoding="utf-8") == "<p>\n    y\n</p>\n"


def test_the_built_pages_carry_no_indentation_and_their_code_blocks_keep_theirs(built_site: Path):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 400
    for page in pages:
        text = page.read_text(encoding="utf-8")
        outside = re.sub(r"<(pre|textarea|script|style)\b.*?</\1\s*>", "", text, flags=re.S | re.I)
        assert not re.search(r"\n[ \t]", outside), page
    example = _kept((built_site / "data" / "index.html").read_text(encoding="utf-8"), "pre")
    assert "\n\n" in example  # the blank lines of the pandas example are kept
