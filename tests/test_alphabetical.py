"""Municipalities and boards in Swedish alphabetical order (i18n.order): on the start page, in the
navigation, the data page's list and the comparisons, in every language. Python's own order put
"Älmhult" before "Åmål" and "Härryda" before "Håbo"; of Sweden's 290 municipalities (the names
benchmarks/corpus.py gives its plans) 28 stood in another place than in Swedish order."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from generator.i18n.order import alphabetical, first_letter
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
    assert alphabetical("O\u0308rebro")[0] == alphabetical("Örebro")[0]  # a decomposed ö is ö
    assert sorted([" Ekerö", "Ale"], key=alphabetical) == ["Ale", " Ekerö"]  # spaces around a name do not count
    assert [first_letter(n) for n in ("Åmål", " ekerö", "Élan", "Ærø", "über", "")] == ["Å", "E", "E", "Ä", "Y", ""]
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


def _no_pages(plan, render_chart, inputs, progress):
    """A plan renderer for render_site that draws nothing: only the navigation's order is looked at."""
    return SimpleNamespace(pages={}, files={}, sections=())


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_start_page_the_navigation_and_the_data_page_list_municipalities_alphabetically(plans, lang: str):
    home = BeautifulSoup(home_page(plans, "", lang=lang), "html.parser")
    assert [th.get_text() for th in home.select("tbody th[scope=row]")] == ORDER
    listed = BeautifulSoup(plan_list(plans, lang, ""), "html.parser")
    assert [li.get_text().split(", ")[1].split(" ")[0] for li in listed.select("li")] == ORDER  # "Nämnd, Kommun kommun, …"

    site = render_site(plans, {"index.md": ""}, None, lang=lang, plan_renderer=_no_pages)
    assert [item.title for item in site.nav[1:1 + len(ORDER)]] == ORDER


def test_from_30_plans_the_start_page_begins_with_a_link_to_each_first_letter(plans):
    base = plans[0]
    names = sorted(MUNICIPALITIES.values(), key=alphabetical)
    chosen = names[:20] + names[-20:]  # A… and Å Ä Ö
    many = [dataclasses.replace(base, plan_id=f"p{i}", meta=dataclasses.replace(base.meta, municipality=name))
            for i, name in enumerate(reversed(chosen))]
    soup = BeautifulSoup(home_page(many, "", lang="en"), "html.parser")
    links = soup.select("nav.plansite-letters a")
    assert soup.select_one("nav.plansite-letters")["aria-label"] == "Municipalities by first letter"
    letters = [a.get_text() for a in links]
    assert letters == list(dict.fromkeys(name[0] for name in chosen)) and letters[-3:] == ["Å", "Ä", "Ö"]
    rows = soup.select("tbody tr")
    for link in links:  # each leads to the first row under its letter, by an id of the site's own
        target = link["href"].removeprefix("#")
        assert target.startswith("plansite-letter-") and target.isascii()
        (row,) = soup.select(f'[id="{target}"]')
        first = next(r for r in rows if r.th.get_text()[0] == link.get_text())
        assert row is first
    assert len({a["href"] for a in links}) == len(links)
    thirty = BeautifulSoup(home_page(many[:30], "", lang="sv"), "html.parser")
    assert thirty.select("nav.plansite-letters a") and len(thirty.select("tr[id]")) == len(thirty.select("nav.plansite-letters a"))
    few = BeautifulSoup(home_page(many[:29], "", lang="sv"), "html.parser")
    assert few.select("nav.plansite-letters") == [] and few.select("tr[id]") == []


def test_the_comparisons_are_listed_by_their_title_alphabetically():
    from generator.analysis.shared import SharedMeasure
    from generator.render.compare import compare_index

    base = load_plan(ROOT / "datapackages" / VARNAMO)
    ind = base.indicators[0]
    titles = {"b-key": "Överklaganden", "a-key": "Ärenden", "c-key": "Åtgärder", "d-key": "Boende"}
    measures = [SharedMeasure(key, (key,), (), ((base, ind), (base, ind))) for key in sorted(titles)]
    concordance = [{"concordance_key": key, "title": title} for key, title in titles.items()]
    soup = BeautifulSoup(compare_index(measures, concordance, lang="sv"), "html.parser")
    assert [th.get_text() for th in soup.select("tbody th")] == ["Boende", "Åtgärder", "Ärenden", "Överklaganden"]


def test_boards_of_one_municipality_and_the_members_of_a_comparison_are_in_swedish_order(plans):
    from generator.analysis.shared import shared_measures
    from generator.render.compare import compare_index

    base = plans[0]
    boards = ["Äldrenämnden", "Miljönämnden", "Ålandsnämnden", "kulturnämnden"]  # code points: M k Ä Å
    one = [dataclasses.replace(base, plan_id=f"b{i}", meta=dataclasses.replace(base.meta, municipality="Ale", board=board))
           for i, board in enumerate(boards)]

    site = render_site(one, {"index.md": ""}, None, lang="sv", plan_renderer=_no_pages)
    (ale,) = [item for item in site.nav if item.title == "Ale"]
    expected = ["kulturnämnden", "Miljönämnden", "Ålandsnämnden", "Äldrenämnden"]
    assert [child.title.split(":")[0] for child in ale.children] == expected
    listed = BeautifulSoup(plan_list(one, "sv", ""), "html.parser")
    assert [li.get_text().split(",")[0] for li in listed.select("li")] == expected
    home = BeautifulSoup(home_page(one, "", lang="sv"), "html.parser")
    assert [row.select("td")[0].get_text() for row in home.select("tbody tr")] == expected

    kolada = next(i.kolada_id for i in base.indicators if i.kolada_id)
    shared = shared_measures(plans)  # the five plans, each with the same indicators
    measure = next(m for m in shared if kolada in m.kolada_ids)
    assert list(dict.fromkeys(p.meta.municipality for p, _ in measure.members)) == ORDER
    index = BeautifulSoup(compare_index([measure], [], lang="sv"), "html.parser")
    assert index.select("tbody td")[0].get_text() == ", ".join(ORDER)
