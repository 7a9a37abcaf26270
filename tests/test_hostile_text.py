"""Every word of the data reaches the pages as text, never as markup: the five shipped plans with
every free-text field (names, titles, notes, printed values, units, sections, decisions, risks, extra
tables' cells), a Kolada value and a follow-up on each indicator made hostile, rendered in both
languages, pages and charts. A renderer that forgets to escape one field shows here as an element
in the page."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from functools import cache

import markdown
import pytest
from bs4 import BeautifulSoup

from generator.model.codes import FollowUpType, ObservationSource, ValueType
from generator.model.plan import FollowUp, Indicator, Observation, Plan
from generator.render import charts, pages
from generator.render.html import without_front_matter
from generator.validate.project import validate_project

from .conftest import ROOT

MARK = "plansite-hostile"
PAYLOAD = (f'<b class="{MARK}">&amp;</b><img class="{MARK}" src=x onerror=alert(1)>'
           f'[länk](javascript:alert(1)) *{MARK}* `{MARK}` {{: .{MARK} }}')  # HTML, and Markdown a page would run
#: The fields that hold the document's words; ids, codes of kind, dates and the budget's unit of
#: amount (which decides kronor) are the data's keys and are left alone.
WORDS = frozenset({
    "name", "role", "municipality", "board", "title", "adopted_by", "decision_reference", "source_title",
    "source_note", "level_label", "code", "description", "note", "printed", "comparison", "unit", "financing",
    "target_images", "section", "body", "decision", "paragraph", "reference", "corrected", "found", "reason",
    "category", "motivation", "area", "consequence_label", "control", "follow_up", "probability_label", "risk",
    "risk_printed", "column", "headers", "rows", "notes", "crc_articles", "agenda2030", "resource", "key", "field",
    "source_url", "url", "concordance_key",
})  # a chapter's body is its Markdown made safe by validation (test_safe_markup); its title is text
KEPT = {("BudgetTable", "unit"), ("ExtraTable", "name"), ("Chapter", "body")}


def _hostile(value, owner: str = "", name: str = ""):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value).__name__
        return dataclasses.replace(value, **{f.name: _hostile(getattr(value, f.name), kind, f.name)
                                            for f in dataclasses.fields(value) if f.init})
    if isinstance(value, tuple):
        return tuple(_hostile(item, owner, name) for item in value)
    if type(value) is str and name in WORDS and (owner, name) not in KEPT:
        return value + PAYLOAD
    return value


def _reported(plan: Plan) -> Plan:
    """Each indicator with a Kolada value and a follow-up's actual beside its own values."""
    followup = FollowUp("delar", FollowUpType.INTERIM_REPORT, "Delårsrapport" + PAYLOAD, date(2024, 8, 31), 2024,
                        url="https://example.se/d.pdf", note="Not" + PAYLOAD)

    def more(ind: Indicator) -> Indicator:
        kolada = Observation(ind.indicator_id, 2023, ValueType.ACTUAL, "T", value=Decimal("6.5"),
                             origin=ObservationSource.KOLADA, origin_date="2026-01-01", note="K" + PAYLOAD)
        reported = Observation(ind.indicator_id, 2024, ValueType.ACTUAL, "T", value=Decimal(7), printed="7" + PAYLOAD,
                               origin=ObservationSource.FOLLOWUP, origin_date="2024-08-31", followup=followup,
                               section="Avsnitt" + PAYLOAD, note="F" + PAYLOAD)
        return dataclasses.replace(ind, kolada_id=ind.kolada_id or "N00001", reported=(*ind.reported, kolada, reported))

    return dataclasses.replace(plan, followups=(*plan.followups, followup),
                               indicators=tuple(more(i) for i in plan.indicators))


@cache
def _plans() -> tuple[Plan, ...]:
    report = validate_project(ROOT / "datapackages", ROOT / "content")
    assert report.ok and len(report.plans) == 5
    return tuple(_reported(_hostile(dataclasses.replace(report.validated[name].plan,
                                                        chapters=report.validated[name].chapters)))
                 for name in report.plans)


def test_the_hostile_plans_carry_the_payload_in_every_kind_of_text():
    """The test's own check: the payload reached the fields it is meant to (else it proves nothing)."""
    reached = set()

    def walk(value, owner: str = "", name: str = ""):
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name), type(value).__name__, f.name)
        elif isinstance(value, tuple):
            for item in value:
                walk(item, owner, name)
        elif isinstance(value, str) and PAYLOAD in value:
            reached.add((owner, name))

    for plan in _plans():
        walk(plan)
    assert {("Indicator", "unit"), ("Indicator", "name"), ("Observation", "printed"), ("PlanMeta", "municipality"),
            ("Goal", "title"), ("BudgetLine", "name"), ("BudgetValue", "column"), ("Risk", "risk"),
            ("ExtraTable", "rows"), ("ExtraTable", "headers"), ("Decision", "decision"), ("PremisesNeed", "motivation"),
            ("Assignment", "title"), ("Chapter", "title"), ("FollowUp", "title"), ("Correction", "reason"),
            ("Correction", "field"), ("Goal", "crc_articles")} <= reached


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_word_of_the_data_becomes_markup_on_any_page_or_chart(lang: str):
    site = pages.render_site(list(_plans()), {}, charts.to_svg, lang=lang)
    written = {**site.pages, **{path: data for path, data in site.files.items() if path.endswith(".svg")}}
    assert len(written) > 500
    shown = 0
    for path, text in written.items():
        text = text if isinstance(text, str) else text.decode("utf-8")
        if path.endswith(".md"):  # the page as the engine makes it: Markdown with mkdocs.yml's extensions
            text = markdown.markdown(without_front_matter(text), extensions=["tables", "attr_list", "toc"])
        soup = BeautifulSoup(text, "html.parser")
        assert soup.find(class_=MARK) is None, (path, str(soup.find(class_=MARK).parent)[:300])
        assert soup.find(["em", "code"], string=MARK) is None, path  # no Markdown ran in the data's words
        assert not soup.find_all("a", href=lambda href: href and href.lower().startswith("javascript")), path
        for snippet in soup.select("pre.plansite-embed"):  # HTML to copy, escaped once more on purpose
            snippet.decompose()
        assert "&lt;b class" not in soup.get_text(), path  # nothing escaped twice
        shown += soup.get_text().count(f'<b class="{MARK}">')
    assert shown > 1000  # the words are on the pages, as text
