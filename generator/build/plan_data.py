"""Each plan's own data files, kept between builds (``build/cache/data/``): its indicators' CSV and
JSON downloads, its package as published and the package's zip, and its rows of the site-wide
tables that are every plan's rows in turn (``downloads.plan_site_rows``).

They depend on the plan alone, so an entry's name is a hash of the plan's inputs as validation saw
them (``ValidatedPlan.inputs``: every file of its package and chapters, and the generator's files
and packages, see ``validate.cache``). At 290 plans making them again took about a fifth of a build
in which one plan changed. A plan without ``inputs`` is made every time. An entry is JSON (the zip
in base64), zlib-compressed, written whole or not at all; one that cannot be read, or whose files
are not exactly the plan's (its indicators' downloads, the files its validation read), is made
again; one that cannot be written only costs time. Its contents are trusted as far as
``build/cache/units/``: the build's own output, so clear all of ``build/cache/`` to start afresh.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from generator.ingest import kept
from generator.model.plan import Plan
from generator.outputs import archive, downloads
from generator.spec import urls

VERSION = "plan-data 2"


def cache_dir(root: Path) -> Path:
    return root / "build" / "cache" / "data"


@dataclass(frozen=True)
class PlanData:
    downloads: dict[str, str]  # path in the site → text: the plan's indicators as CSV and JSON
    package: dict[str, str]  # file name → text: the package as published (``pipeline._published_package``)
    zip: bytes  # the package's zip (``archive.package_zip``)
    site_rows: dict[str, str]  # site-wide table → the plan's rows of it as CSV (``downloads.plan_site_rows``)


def make(plan: Plan, package: Callable[[], dict[str, str]]) -> PlanData:
    published = package()
    return PlanData(downloads.plan_downloads(plan), published, archive.package_zip(published),
                    downloads.plan_site_rows(plan))


def _load(path: Path) -> PlanData | None:
    try:
        data = kept.load_json(path)
        return PlanData(kept.strings(data["downloads"]), kept.strings(data["package"]),
                        base64.b64decode(data["zip"].encode("ascii"), validate=True), kept.strings(data["site_rows"]))
    except Exception:  # missing, cut short, of another version, tampered with: made again
        return None


def _store(path: Path, part: PlanData) -> None:
    kept.store_json(path, {"downloads": part.downloads, "package": part.package,
                           "zip": base64.b64encode(part.zip).decode("ascii"), "site_rows": part.site_rows})


def key(plan_inputs: str) -> str:
    return hashlib.sha256(f"{VERSION}\n{plan_inputs}".encode("ascii")).hexdigest()


def _downloads(plan: Plan) -> set[str]:
    return {path for ind in plan.indicators
            for path in (urls.indicator_csv(plan.plan_id, ind.indicator_id), urls.indicator_json(plan.plan_id, ind.indicator_id))}


Getter = Callable[[Plan, Callable[[], dict[str, str]], frozenset[str]], PlanData]


def cached(cache: Path, plan_inputs: Mapping[str, str], used: set[str]) -> Getter:
    """A ``make`` that reads each plan's files from ``cache`` where it can (``plan_inputs``: plan id →
    ``ValidatedPlan.inputs``; ``names``: the files of its published package, those validation read);
    ``used`` receives the names of the entries it read or wrote."""

    def get(plan: Plan, package: Callable[[], dict[str, str]], names: frozenset[str]) -> PlanData:
        if not plan_inputs.get(plan.plan_id):
            return make(plan, package)
        name = key(plan_inputs[plan.plan_id])
        used.add(name)
        part = _load(cache / f"{name}.json.z")
        if part is not None and (set(part.downloads) != _downloads(plan) or set(part.package) != names
                                 or set(part.site_rows) != set(downloads.PLAN_BY_PLAN)):
            part = None  # not this plan's files: an entry edited by hand
        if part is None:
            part = make(plan, package)
            _store(cache / f"{name}.json.z", part)
        return part

    return get


def prune(cache: Path, used: set[str]) -> int:
    """Remove the entries a whole build did not use, and half-written files (``kept.prune``)."""
    return kept.prune(cache, used, ".json.z")
