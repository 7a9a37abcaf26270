"""The render cache (build/rendered.py): a plan whose inputs are unchanged gives the pages it gave,
read instead of rendered; any change to the plan or to what its pages depend on renders it again."""

from __future__ import annotations

import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from generator.build import pipeline, rendered
from generator.render import charts, pages
from generator.validate import cache
from generator.validate.project import validate_project

from .conftest import ROOT, make_package

OTHER = "annanby-testnamnden-2024"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> tuple[list, dict[str, str]]:
    folder = tmp_path_factory.mktemp("validated")
    report = validate_project(ROOT / "datapackages", ROOT / "content", None, folder, set())
    plans = [replace(report.validated[n].plan, chapters=report.validated[n].chapters) for n in report.plans]
    inputs = {n: report.validated[n].inputs for n in report.plans}
    assert all(len(v) == 64 for v in inputs.values())
    return plans, inputs


def _counting(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = pages.render_plan

    def counting(plan, *args, **kwargs):
        calls.append(plan.plan_id)
        return real(plan, *args, **kwargs)

    monkeypatch.setattr(pages, "render_plan", counting)
    return calls


def test_a_plan_read_from_the_cache_gives_the_pages_it_rendered(shipped, tmp_path: Path, monkeypatch):
    plans, inputs = shipped
    site_pages = {"index.md": "# Start\n", "las-sidan.md": "# Läs sidan\n"}
    plain = pages.render_site(plans, site_pages, charts.to_svg, lang="en", folder="en/")
    calls = _counting(monkeypatch)
    ticks: list[int] = []
    renderer = rendered.cached(tmp_path, inputs, set())
    first = pages.render_site(plans, site_pages, charts.to_svg, ticks.append, lang="en", folder="en/",
                              plan_renderer=renderer)
    assert sorted(calls) == sorted(p.plan_id for p in plans)
    calls.clear()
    ticked = len(ticks)
    second = pages.render_site(plans, site_pages, charts.to_svg, ticks.append, lang="en", folder="en/",
                               plan_renderer=renderer)
    assert calls == []  # every plan read
    assert len(ticks) - ticked == ticked == sum(len(p.indicators) for p in plans)  # the same progress
    for made in (first, second):
        assert made.pages == plain.pages and made.files == plain.files and made.nav == plain.nav


@pytest.mark.parametrize("change", ["lang", "folder", "site_url", "guide", "compared", "plan", "charts"])
def test_what_a_plans_pages_depend_on_is_in_its_key(shipped, change: str):
    _, inputs = shipped
    plan_inputs = next(iter(inputs.values()))
    base = pages.PlanInputs("sv", "", "", (("a", "jamfor/a/index.md"),), True)
    other = {"lang": replace(base, lang="en"), "folder": replace(base, folder="en/"),
             "site_url": replace(base, site_url="https://exempel.se/"), "guide": replace(base, guide=False),
             "compared": replace(base, compared=()), "plan": base, "charts": base}[change]
    changed = rendered.key("0" * 64 if change == "plan" else plan_inputs, other, change != "charts")
    assert changed != rendered.key(plan_inputs, base, True)


@pytest.mark.parametrize("damage", [b"", b"not zlib", zlib.compress(b'{"pages": {"a": 1}, "files": {}, "sections": []}'),
                                    zlib.compress(b'{"pages": {}, "files": {}, "sections": [["t", 2, []]]}'),
                                    zlib.compress(b'{"pages": {}, "files": {"../../x.svg": "<svg/>"}, "sections": []}'),
                                    zlib.compress(b'{"pages": {"/etc/x.md": "x"}, "files": {}, "sections": []}')])
def test_a_broken_or_tampered_entry_is_rendered_again(shipped, tmp_path: Path, monkeypatch, damage: bytes):
    plans, inputs = shipped
    renderer = rendered.cached(tmp_path, inputs, set())
    first = pages.render_site(plans[:1], {}, charts.to_svg, plan_renderer=renderer)
    [entry] = tmp_path.glob("*.json.z")
    entry.write_bytes(damage)
    calls = _counting(monkeypatch)
    again = pages.render_site(plans[:1], {}, charts.to_svg, plan_renderer=renderer)
    assert calls == [plans[0].plan_id] and again.pages == first.pages and again.nav == first.nav


def test_a_plan_without_inputs_is_rendered_every_time(shipped, tmp_path: Path, monkeypatch):
    plans, _ = shipped
    renderer = rendered.cached(tmp_path, {}, set())
    calls = _counting(monkeypatch)
    pages.render_site(plans[:1], {}, None, plan_renderer=renderer)
    pages.render_site(plans[:1], {}, None, plan_renderer=renderer)
    assert calls == [plans[0].plan_id] * 2 and list(tmp_path.iterdir()) == []


def test_a_build_renders_again_only_the_plan_that_changed(project: Path, monkeypatch):
    make_package(project, OTHER, plan={"municipality": "Ljungby", "municipality_code": "0781", "board": "Testnämnden",
                                       "title": "Verksamhetsplan 2024", "document_type": "verksamhetsplan",
                                       "period_start": 2024, "period_end": 2025, "data_start": 2022,
                                       "source": {"title": "Testdokument"}})
    pipeline.build_site(project, project / "site")
    calls = _counting(monkeypatch)
    pipeline.build_site(project, project / "site")
    assert calls == []
    obs = project / "datapackages" / OTHER / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace(",13,", ",14,", 1), encoding="utf-8")
    pipeline.build_site(project, project / "site")
    assert calls == [OTHER, OTHER]  # in Swedish and in English
    page = (project / "site" / OTHER / "indikatorer" / "vantetid" / "index.html").read_text(encoding="utf-8")
    chart = (project / "site" / "data" / OTHER / "indikatorer" / "vantetid.svg").read_text(encoding="utf-8")
    assert ">14<" in chart and ": 14;" in page  # the chart drawn again, and its description on the page
    assert len(list(rendered.cache_dir(project).iterdir())) == 4  # 2 plans × 2 languages, the old entries pruned
    assert len(list(cache.cache_dir(project).iterdir())) == 2
