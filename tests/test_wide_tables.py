"""Data tables on a tablet and a desktop (768, 1024 and 1280 px) in Chromium: a goal, indicator or
start-page table fits its column without scrolling sideways, and a link in it breaks only between words
(or after a hyphen), never inside one. Material lets links break anywhere, which squeezed the start
page's plan names to a few letters a line. Uses the session build and tests/browser.py's set-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import MARKS, lean_page
from .test_phone import _card_pages

pytestmark = MARKS

FOUND = """() => {
  const out = {scrolls: [], broken: []};
  document.querySelectorAll('article .plansite-table--cards').forEach(region => {
    const caption = (region.querySelector('caption') || {}).textContent || '';
    if (region.scrollWidth > region.clientWidth + 1) out.scrolls.push([caption.slice(0, 50), region.scrollWidth - region.clientWidth]);
    region.querySelectorAll('a').forEach(link => {
      const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        for (const word of text.data.matchAll(/[^\\s\\-–]+/g)) {
          const range = document.createRange();
          range.setStart(text, word.index);
          range.setEnd(text, word.index + word[0].length);
          if (new Set(Array.from(range.getClientRects(), r => Math.round(r.top))).size > 1) out.broken.push(word[0]);
        }
      }
    });
  });
  return out;
}"""


@pytest.mark.parametrize("width", [768, 1024, 1280])
def test_tables_fit_and_their_links_break_between_words(built_site: Path, server: str, browser, width: int):
    page = lean_page(browser, {"width": width, "height": 900})
    scrolls, broken, tables = [], [], 0
    for path in ["en/", *_card_pages(built_site)]:
        page.goto(server + path)
        found = page.evaluate(FOUND)
        tables += page.locator("article .plansite-table--cards").count()
        scrolls += [(path, *s) for s in found["scrolls"]]
        broken += [(path, word) for word in found["broken"]]
    page.context.close()
    assert scrolls == []
    assert broken == []
    assert tables >= 20
