"""``data/index.json``: every data file of the site with its size, sha256 and date, for mirroring.

A script fetches index.json, compares each file's ``sha256`` with its copy and fetches what
differs. ``modified`` must be the same for the same input, so it is not the time of the build nor
a file's time on disk (a fresh checkout changes those): it is the date the plan itself states, the
day it was adopted or else the day it applies from, for a plan's files; for a file that holds every
plan, the newest of those dates; ``null`` when no plan states one. It says how current the data
is; whether a file changed since the last fetch is what ``sha256`` says.
"""

from __future__ import annotations

import datetime
import hashlib
import posixpath
from typing import Mapping

from generator.model.plan import Plan
from generator.outputs.downloads import json_rows

MEDIA_TYPES = {
    ".csv": "text/csv",
    ".json": "application/json",
    ".zip": "application/zip",
    ".sqlite": "application/vnd.sqlite3",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".rdf": "application/rdf+xml",
    ".jsonld": "application/ld+json",
    ".svg": "image/svg+xml",
}


def media_type(path: str) -> str:
    return MEDIA_TYPES.get(posixpath.splitext(path)[1], "application/octet-stream")


def plan_date(plan: Plan) -> str | None:
    """The date the plan states: adopted, else in force from (``YYYY-MM-DD``), else ``None``."""
    for text in (plan.meta.adopted_date, plan.meta.valid_from):
        try:
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:  # empty, or not a real day
            continue
    return None


def newest_date(plans: list[Plan]) -> str | None:
    dates = [d for d in (plan_date(p) for p in plans) if d]
    return max(dates) if dates else None


def file_plan(path: str, plans: list[Plan]) -> Plan | None:
    """The plan a file under ``data/<plan-id>/`` belongs to; ``None`` for a site-wide file."""
    parts = path.split("/")
    if len(parts) > 2 and parts[0] == "data":
        return next((p for p in plans if p.plan_id == parts[1]), None)
    return None


def digests(files: Mapping[str, bytes]) -> dict[str, tuple[int, str]]:
    """Each file's size and SHA-256 (hex), as the index lists them."""
    return {path: (len(data), hashlib.sha256(data).hexdigest()) for path, data in files.items()}


def index_json(files: dict[str, bytes], plans: list[Plan], site_url: str) -> str:
    """The index of ``files`` (path in the site → bytes): ``index_of`` their ``digests``."""
    return index_of(digests(files), plans, site_url)


def index_of(files: Mapping[str, tuple[int, str]], plans: list[Plan], site_url: str) -> str:
    """The index of ``files`` (path in the site → size and SHA-256), sorted by path. ``url`` is
    absolute when the site's address is known (``site_url``), else ``null``; ``path`` is relative to
    the site."""
    newest = newest_date(plans)
    by_id = {plan.plan_id: plan for plan in plans}
    entries = []
    for path in sorted(files):
        parts = path.split("/")
        plan = by_id.get(parts[1]) if len(parts) > 2 and parts[0] == "data" else None  # ``file_plan``, by id
        size, sha256 = files[path]
        entries.append({
            "path": path,
            "url": site_url + path if site_url else None,
            "plan_id": plan.plan_id if plan else None,
            "media_type": media_type(path),
            "bytes": size,
            "sha256": sha256,
            "modified": plan_date(plan) if plan else newest,
        })
    return json_rows({"license": "CC0-1.0", "files": entries}, "files")
