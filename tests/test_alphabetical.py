"""Municipalities and boards in Swedish alphabetical order (i18n.order): on the start page, in the
navigation, the data page's list and the comparisons, in every language. Python's own order put
"Älmhult" before "Åmål" and "Härryda" before "Håbo"; of Sweden's 290 municipalities (the names
benchmarks/corpus.py gives its plans) 28 stood in another place than in Swedish order."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from generator.i18n.order import alphabetical
from generator.ingest.load import load_plan
from generator.render.data_page import plan_list
from generator.render.pages import home_page, render_site
from generator.spec.municipalities import MUNICIPALITIES

from .conftest import ROOT, VARNAMO

SWEDISH = ["Ale", "Håbo", "Härryda", "Hässleholm", "Upplands-Bro", "Upplands Väsby", "Åmål", "Åre", "Älmhult",
           "Ängelholm", "Öckerö", "Örebro", "Östersund", "Östra Göinge", "Övertorneå"]


def test_the_key_follows_the_swedish_alphabet():
    assert sorted(reversed(SWEDISH), key=alphabetical) == SWEDISH
    assert sorted(["Åre", "åre", "Are"], key=alphabetical) == ["Are", "Åre", "åre"]  # case apart only to break a tie
    assert sorted(["Örebro", "O\u0308rebro"], key=alphabetical)[0] in {"Örebro", "O\u0308rebro"}  # decomposed ö is ö
    assert alphabetical("O\u0308rebro")[0] == alphabetical("Örebro")[0]
    assert sorted(["Ödeshög", "Zinkgruvan", "Ystad"], key=alphabetical) == ["Ystad", "Zinkgruvan", "Ödeshög"]


def test_every_swedish_municipality_has_a_place_and_python_order_misplaced_some():
    names = list(MUNICIPALITIES.values())
    ours = sorted(names, key=alphabetical)
    assert len(ours) == 290 and ours[0] == "Ale" and ours[-1] == "Övertorneå"
    assert ours.index("Åmål") < ours.index("Älmhult") < ours.index("Örebro")
    assert sorted(names) != ours  # what the key is for


@pytest.fixture(scope="module")
def plans():
    base = load_plan(ROOT / "datapackages" / VARNAMO)
    return [dataclasses.replace(base, plan_id=f"plan-{i}", meta=dataclasses.replace(base.meta, municipality=name))
            for i, name in enumerate(["Örebro", "Älmhult", "Åmål", "Härryda", "Håbo"])]


ORDER = ["Håbo", "Härryda", "Åmål", "Älmhult", "Örebro"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_start_page_the_navigation_and_the_data_page_list_municipalities_alphabetically(plans, lang: str):
    home = BeautifulSoup(home_page(plans, "", lang=lang), "html.parser")
    assert [th.get_text() for th in home.select("tbody th[scope=row]")] == ORDER
    listed = BeautifulSoup(plan_list(plans, lang, ""), "html.parser")
    assert [li.get_text().split(", ")[1].split(" ")[0] for li in listed.select("li")] == ORDER  # "Nämnd, Kommun kommun, …"

    def renderer(plan, render_chart, inputs, progress):
        return SimpleNamespace(pages={}, files={}, sections=())

    site = render_site(plans, {"index.md": ""}, None, lang=lang, plan_renderer=renderer)
    assert [item.title for item in site.nav[1:1 + len(ORDER)]] == ORDER
