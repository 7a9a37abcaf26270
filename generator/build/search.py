"""The search index split by plan, so that a first visit does not fetch the whole country.

The engine writes one index per language (``search/search_index.json``: the search's settings and
one entry per page and heading, each with its ``location`` from the language's root). After it,
each plan's entries move to an index of the plan's own (``<plan>/search/search_index.json``, their
locations from the plan's folder), and the language's index keeps the site's own pages and each
plan's first page, so that a search from the start page finds the plans. On a plan's pages the
theme's search reads the plan's index: ``site_theme/main.html`` points the theme's ``base`` at the
plan's folder (the theme resolves both the index and the results' addresses from it) for the pages
of a unit whose ``extra.plansite_search_scope`` is set: the build sets it to a plan unit's plan id.

With 5 plans the index every page loaded was 1.3 MB (180 KB gzip); each plan's is a fifth of that,
and it does not grow with the number of plans.
"""

from __future__ import annotations

import json
from typing import Iterable

from generator.build import units
from generator.spec import urls

INDEX = urls.SEARCH_INDEX


def split_index(index: dict, plan_ids: Iterable[str], made: Iterable[str] = ()) -> dict[str, bytes]:
    """A language's search index (``merge.search_index``) split by plan: the files to write, each
    path relative to the language's root (``INDEX`` the language's own, ``<plan>/INDEX`` each plan's);
    the plans of ``made`` are left out (their index is already there)."""
    plans, skipped = frozenset(plan_ids), frozenset(made)
    own: list[dict] = []
    by_plan: dict[str, list[dict]] = {plan: [] for plan in sorted(plans)}
    for doc in index.get("docs", []):
        location = str(doc.get("location", ""))
        plan = units.owner(location, plans)  # a page's address starts as its docs path does
        if plan == units.SITE:
            own.append(doc)
            continue
        rest = location[len(plan) + 1:]
        by_plan[plan].append({**doc, "location": rest})
        if rest == "":  # the plan's first page: found from the start page too
            own.append(doc)
    files = {INDEX: _text({**index, "docs": own})}
    for plan, docs in by_plan.items():
        if plan not in skipped:
            files[f"{plan}/{INDEX}"] = _text({**index, "docs": docs})
    return files


def _text(index: dict) -> bytes:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")
