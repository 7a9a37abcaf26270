"""XSS: hostile text in every text field of a plan (and in a chapter) reaches the built site only
as text. The real build runs (MkDocs Material, the nh3 sanitising hook); every HTML page is parsed.

Each field gets a payload tagged with the field's name (``[G.title] <script>…``) so a failure says
which field leaked.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build.pipeline import build_site

from .conftest import ROOT, csv_text, make_package

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_LINK = "[klick](javascript:alert(1))"
SVG = "<svg onload=alert(1)>"
JINJA = "{{ config }}"
TITLE = "</title><script>"
PAYLOADS = [SCRIPT, IMG, JS_LINK, SVG, JINJA, TITLE]

PLAN_ID = "xss-testnamnden-2024"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4c30000000049454e44ae426082")
FIELDS: dict[str, str] = {}


def p(tag: str) -> str:
    """The payload for one field: its tag and one of the payloads, in turn."""
    value = f"[{tag}] {PAYLOADS[len(FIELDS) % len(PAYLOADS)]}"
    FIELDS[tag] = value
    return value


PLAN = {
    "municipality": p("plan.municipality"),
    "municipality_code": "0683",
    "board": p("plan.board"),
    "title": p("plan.title"),
    "document_type": "verksamhetsplan",
    "period_start": 2024,
    "period_end": 2025,
    "data_start": 2022,
    "adopted_by": p("plan.adopted_by"),
    "decision_reference": p("plan.decision_reference"),
    "responsible": [{"name": p("plan.responsible.name"), "role": p("plan.responsible.role")}],
    "source": {"title": p("plan.source.title"), "note": p("plan.source.note")},
    "notes": [p("plan.notes")],
}

FILES = {
    "goals.csv": csv_text(
        ["goal_id", "parent_id", "level", "level_label", "code", "title", "description", "decided_by", "agenda2030", "crc_articles", "section", "order", "note"],
        [["omrade", "", "area", "", p("G.code"), p("G.area.title"), p("G.area.description"), "", "", "", p("G.section"), "1", p("G.area.note")],
         ["mal-1", "omrade", "board_goal", p("G.level_label"), "", p("G.title"), p("G.description"), "KF", "1;10.2", "", "", "2", p("G.note")]]),
    "indicators.csv": csv_text(
        ["indicator_id", "goal_id", "name", "unit", "kind", "direction", "kolada_id", "concordance_key", "decided_by", "measures", "agenda2030", "table_id", "section", "order", "note"],
        [["vantetid", "mal-1", p("I.name"), p("I.unit"), "target", "lower", "N31814", "", "", "", "", "", p("I.section"), "1", p("I.note")],
         ["folj", "", p("I2.name"), "procent", "monitoring", "", "", "", "", "", "", "", "", "2", ""]]),
    "observations.csv": csv_text(
        ["indicator_id", "period", "value_type", "gender", "comparator", "value", "value_max", "printed", "trend", "comparison", "note"],
        [["vantetid", "2022", "utfall", "T", "", "13", "", p("O.printed"), "", p("O.comparison"), p("O.note")],
         ["vantetid", "2023", "utfall", "T", "", "", "", p("O.printed-text"), "", "", p("O.note-text")],
         ["vantetid", "2025", "mal", "T", "<=", "2", "", "≤2", "", "", ""],
         ["folj", "2023", "utfall", "T", "", "40.5", "", "", "", "", ""]]),
    "budget_tables.csv": csv_text(["table_id", "budget_type", "title", "unit", "section", "order", "note"],
                                  [["drift", "drift", p("B.table.title"), "mnkr", p("B.table.section"), "1", p("B.table.note")]]),
    "budget_lines.csv": csv_text(["line_id", "table_id", "parent_id", "code", "name", "is_total", "section", "order", "note"],
                                 [["a", "drift", "summa", p("B.line.code"), p("B.line.name"), "false", "", "1", p("B.line.note")],
                                  ["summa", "drift", "", "", p("B.total.name"), "true", "", "2", ""]]),
    "budget_values.csv": csv_text(["line_id", "column", "period", "value_type", "measure", "amount", "printed", "note"],
                                  [["a", p("B.value.column"), "2024", "budget", "netto", "30.4", p("B.value.printed"), p("B.value.note")],
                                   ["summa", FIELDS["B.value.column"], "2024", "budget", "netto", "30.4", "30,4", ""]]),
    "assignments.csv": csv_text(["assignment_id", "goal_id", "title", "decided_by", "financing", "target_images", "section", "order", "note"],
                                [["u-1", "mal-1", p("A.title"), "KF", p("A.financing"), p("A.target_images"), "", "1", p("A.note")]]),
    "risks.csv": csv_text(["risk_id", "area", "risk", "probability", "probability_label", "consequence", "consequence_label", "risk_value", "risk_printed", "control", "follow_up", "section", "order", "note"],
                          [["r-1", p("R.area"), p("R.risk"), "3", p("R.probability_label"), "4", p("R.consequence_label"), "12", p("R.risk_printed"), p("R.control"), p("R.follow_up"), "", "1", p("R.note")]]),
    "decisions.csv": csv_text(["decision_id", "body", "date", "paragraph", "reference", "title", "decision", "section", "order", "note"],
                              [["d-1", p("D.body"), "2023-11-20", p("D.paragraph"), p("D.reference"), p("D.title"), p("D.decision"), "", "1", p("D.note")]]),
}

CHAPTER_TITLE = p("chapter.title")
CHAPTER = f"""---
title: {json.dumps(CHAPTER_TITLE)}
order: 1
---

Vanlig text före. {SCRIPT}

<img src=../../assets/logo.png onerror=alert(1)>

[klick här](javascript:alert(1)) och <a href="javascript:alert(1)">länk</a> och [data](data:text/html;base64,PHNjcmlwdD4=)

{SVG}<circle r=5 onmouseover=alert(1)></circle></svg>

{JINJA} och {{% include 'main.html' %}}

</title><script>alert(2)</script>

<iframe src="https://example.org"></iframe><object data="x"></object><style>body{{display:none}}</style>

<form action="https://example.org"><input name=x onfocus=alert(1) autofocus></form>

Ett stycke med attribut.
{{: onclick="alert(1)" style="background:url(javascript:alert(1))" }}

[länk med attribut](https://example.org){{: onmouseover="alert(1)" }}
"""

#: Inline scripts MkDocs Material writes into every page (checked against a normal build).
THEME_INLINE = ("__md_scope=new URL(", 'var palette=__md_get("__palette")', "var target=document.getElementById(location.hash",
                # ours (site_theme/main.html): a plan's pages search the plan's index; the plan id is a slug
                '(function () { var element = document.getElementById("__config")')
THEME_SRC = re.compile(r"^(\.\./)*/?assets/(javascripts/bundle\.[0-9a-f]+\.min\.js|plansite\.js|plansite-search\.js)$")
#: Where a page's own content is; everything else (head, header, navigation) is the theme's chrome.
CONTENT = "article"
#: Fields that are data but not shown on the site (the amount is shown instead of the printed form).
NOT_SHOWN = {"B.value.printed"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("xss")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "site_theme", root / "site_theme")
    make_package(root, PLAN_ID, files=FILES, plan=PLAN)
    chapter = root / "content" / PLAN_ID / "01-inledning.md"
    chapter.parent.mkdir(parents=True)
    chapter.write_text(CHAPTER, encoding="utf-8")
    (root / "content" / "assets").mkdir()
    (root / "content" / "assets" / "logo.png").write_bytes(PNG)  # an image the chapter may show
    result = build_site(root, root / "site")
    assert {w.code for w in result.report.warnings} <= {"municipality-name-mismatch"}, result.report.warnings
    return root / "site"


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[Path, BeautifulSoup]:
    return {f: BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser") for f in sorted(site.rglob("*.html"))}


def _where(f: Path, site: Path) -> str:
    return str(f.relative_to(site))


def _script_leaks(scripts, where: str) -> list[tuple[str, str]]:
    leaks = []
    for script in scripts:
        src = script.get("src")
        body = script.string or ""
        if src is not None:
            if not THEME_SRC.match(src):
                leaks.append((where, str(script)[:120]))
        elif script.get("id") in ("__config", "__plansite_texts") and script.get("type") == "application/json":
            json.loads(body)  # the theme's configuration and our texts: JSON, nothing else
        elif not body.strip().startswith(THEME_INLINE):
            leaks.append((where, str(script)[:120]))
        elif "</" in body or "alert(" in body:
            leaks.append((where, "payload inside a theme script: " + body[:120]))
        elif "settings.base" in body and not re.search(r'settings\.base \+ "/" \+ "[a-z0-9][a-z0-9-]*" \+ "/";', body):
            leaks.append((where, "the search scope is not a plan id: " + body[:160]))
    return leaks


def _attribute_leaks(tags, where: str) -> list[tuple[str, ...]]:
    leaks = []
    for tag in tags:
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            bare = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name.lower().startswith("on"):
                leaks.append((where, tag.name, name, value[:60]))
            elif name.lower() in ("href", "src", "action", "formaction", "data", "xlink:href") and \
                    bare.startswith(("javascript:", "data:", "vbscript:")):
                leaks.append((where, tag.name, name, value[:60]))
            elif name.lower() == "style" and ("javascript:" in bare or "expression(" in bare or "url(" in bare):
                leaks.append((where, tag.name, name, value[:60]))
    return leaks


def _chrome(soup: BeautifulSoup) -> list:
    """Every element outside the page content: head, header, navigation, footer."""
    content = soup.find(CONTENT)
    inside = set(map(id, content.find_all(True))) if content else set()
    return [t for t in soup.find_all(True) if id(t) not in inside and t is not content]


def test_page_content_has_no_script_handler_or_active_element(site: Path, pages):
    leaks = []
    for f, soup in pages.items():
        content = soup.find(CONTENT)
        if content is None:
            continue
        where = _where(f, site)
        leaks += _script_leaks(content.find_all("script"), where)
        leaks += _attribute_leaks(content.find_all(True), where)
        leaks += [(where, t.name, str(t)[:60]) for t in content.find_all(
            ["iframe", "object", "embed", "form", "input", "button", "style", "base", "meta", "link", "textarea"])]
    assert leaks == []


def test_head_header_and_navigation_have_no_script_or_handler_from_the_data(site: Path, pages):
    """Page titles, navigation labels and meta descriptions come from the data too (plan, goal
    and indicator names), but MkDocs renders them in the theme's templates, outside the content
    that the sanitising hook cleans."""
    leaks = []
    for f, soup in pages.items():
        where = _where(f, site)
        chrome = _chrome(soup)
        leaks += _script_leaks([t for t in chrome if t.name == "script"], where)
        leaks += _attribute_leaks(chrome, where)
        leaks += [(where, t.name, str(t)[:80]) for t in chrome if t.name in ("img", "svg", "iframe", "object", "embed")
                  and t.find_parent("svg") is None and "alert" in str(t)]
    assert leaks == [], f"{len(leaks)} leaks, e.g. {leaks[:5]}"


def test_every_title_element_holds_only_text(site: Path):
    """``<title>`` is raw text for a browser: one ``</title>`` inside a name ends it early."""
    broken = []
    for f in sorted(site.rglob("*.html")):
        raw = f.read_text(encoding="utf-8")
        head = raw.split("</head>", 1)[0]
        if head.count("<title>") != 1 or head.count("</title>") != 1:
            broken.append((_where(f, site), re.findall(r"<title>.{0,80}", head)))
    assert broken == []


def test_no_javascript_url_anywhere(site: Path, pages):
    leaks = []
    for f, soup in pages.items():
        for tag in soup.find_all(True):
            for name in ("href", "src", "action", "formaction", "xlink:href"):
                value = tag.get(name)
                if value and re.sub(r"[\s\x00-\x1f]", "", str(value)).lower().startswith(("javascript:", "vbscript:")):
                    leaks.append((_where(f, site), tag.name, name, str(value)[:60]))
    assert leaks == []


def test_every_field_appears_as_text(site: Path, pages):
    """Each payload is shown literally (escaped), not swallowed and not turned into markup."""
    text = "\n".join(soup.get_text(" ") for soup in pages.values())
    text = " ".join(text.split())
    missing = [tag for tag, value in FIELDS.items() if tag not in NOT_SHOWN and " ".join(value.split()) not in text]
    # fields the site does not show are no leak, but every listed field should be shown somewhere
    assert missing == [], f"not shown as text: {missing}"


def _page(pages, site: Path, rel: str) -> BeautifulSoup:
    return pages[site / rel]


def test_headings_hold_the_payload_as_text(site: Path, pages):
    cases = {
        f"{PLAN_ID}/text/inledning/index.html": FIELDS["chapter.title"],
        f"{PLAN_ID}/indikatorer/vantetid/index.html": FIELDS["I.name"],
        f"{PLAN_ID}/mal/mal-1/index.html": FIELDS["G.title"],
    }
    for rel, expected in cases.items():
        soup = _page(pages, site, rel)
        h1 = soup.find("h1")
        assert h1 is not None, rel
        assert h1.get_text(strip=True) == expected, rel
        assert h1.find_all(True) == [] or all(t.name in ("a", "span") for t in h1.find_all(True)), rel


def test_chart_titles_and_descriptions_are_text(site: Path, pages):
    files = {f: BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser") for f in site.rglob("*.svg")}
    svgs = [(f, svg) for f, soup in (pages | files).items() for svg in soup.find_all("svg") if svg.find("title")]
    assert svgs, "no chart with a title"
    names = {FIELDS["I.name"], FIELDS["I2.name"]}
    seen = set()
    for f, svg in svgs:
        for el in svg.find_all(["title", "desc"]):
            assert el.find_all(True) == [], (_where(f, site), str(el)[:200])
            seen |= {n for n in names if n in el.get_text()}
    assert FIELDS["I.name"] in seen


def test_search_index_has_no_markup_from_the_data(site: Path):
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    json.loads(index)
    lowered = index.lower()
    for needle in ("<script", "<img", "<svg", "<iframe", "</title>"):  # escaped (&lt;script) is fine
        assert needle not in lowered, needle


def test_templates_are_not_evaluated(site: Path, pages):
    chapter = _page(pages, site, f"{PLAN_ID}/text/inledning/index.html").get_text(" ")
    assert "{{ config }}" in chapter
    assert "site_name" not in chapter and "docs_dir" not in chapter
