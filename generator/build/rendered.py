"""Each plan's rendered pages, kept between builds (``build/cache/rendered/``).

``render.pages.render_site`` takes a plan's pages from a ``PlanRenderer``; ``cached`` gives one that
reads them from here when nothing they depend on changed, and renders (``render_plan``) and keeps
them otherwise. An entry's name is a hash of the plan's inputs as validation saw them
(``ValidatedPlan.inputs``: every file of its package and chapters, and the generator's files and
packages, see ``validate.cache``), the ``PlanInputs`` (language, folder, address, comparison pages,
the reading guide) and whether charts are drawn. A plan without ``inputs`` is rendered every time.
An entry is JSON (pages, files, the navigation's sections), zlib-compressed, written whole or not at
all; one that cannot be read is rendered again, one that cannot be written only costs time. It is
trusted as far as ``build/cache/units/``, which holds the pages built from these.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Callable, Mapping

from generator.ingest import kept
from generator.model.plan import Plan
from generator.render import pages
from generator.render.html import ChartRenderer


def cache_dir(root: Path) -> Path:
    return root / "build" / "cache" / "rendered"


def _nav(items: tuple[pages.NavItem, ...]) -> list:
    return [[item.title, item.path, _nav(item.children)] for item in items]


def _items(data: list) -> tuple[pages.NavItem, ...]:
    out = []
    for title, path, children in data:
        if not isinstance(title, str) or not isinstance(path, str):
            raise ValueError("a navigation entry")
        out.append(pages.NavItem(title, path, _items(children)))
    return tuple(out)


def _load(path: Path) -> pages.PlanPages | None:
    try:
        data = kept.load_json(path)
        part = pages.PlanPages(kept.strings(data["pages"]), kept.strings(data["files"]), _items(data["sections"]))
        if not all(kept.inside(rel) for rel in [*part.pages, *part.files]):
            return None  # a path that would leave the site: an entry edited by hand
        return part
    except Exception:  # missing, cut short, of another version, tampered with: rendered again
        return None


def _store(path: Path, part: pages.PlanPages) -> None:
    kept.store_json(path, {"pages": part.pages, "files": part.files, "sections": _nav(part.sections)})


def key(plan_inputs: str, inputs: pages.PlanInputs, charts: bool) -> str:
    given = {"plan": plan_inputs, "inputs": asdict(inputs), "charts": charts}
    return hashlib.sha256(json.dumps(given, ensure_ascii=True, sort_keys=True).encode("ascii")).hexdigest()


def cached(cache: Path, plan_inputs: Mapping[str, str], used: set[str]) -> pages.PlanRenderer:
    """A ``PlanRenderer`` that reads each plan from ``cache`` where it can (``plan_inputs``: plan id →
    ``ValidatedPlan.inputs``); ``used`` receives the names of the entries it read or wrote."""

    def render(plan: Plan, render_chart: ChartRenderer | None, inputs: pages.PlanInputs,
               progress: Callable[[int], None] | None = None) -> pages.PlanPages:
        if not plan_inputs.get(plan.plan_id):
            return pages.render_plan(plan, render_chart, inputs, progress)
        name = key(plan_inputs[plan.plan_id], inputs, render_chart is not None)
        used.add(name)
        part = _load(cache / f"{name}.json.z")
        if part is None:
            part = pages.render_plan(plan, render_chart, inputs, progress)
            _store(cache / f"{name}.json.z", part)
        elif progress:
            for _ in plan.indicators:
                progress(1)
        return part

    return render


def prune(cache: Path, used: set[str]) -> int:
    """Remove the entries a whole build did not use, and half-written files (``kept.prune``)."""
    return kept.prune(cache, used, ".json.z")
