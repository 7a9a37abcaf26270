"""Which part of the site each shard builds (``plansite build --shard K/N``): the plans of every
N-th municipality, their units and their files; the first shard also the site's own. The final
build reads every shard's caches (pipeline.py)."""

from __future__ import annotations

from typing import Callable

from generator.build import units


def plans_of(plans: list, shard: tuple[int, int]) -> frozenset[str]:
    """The plans of shard ``(k, n)``: those of every n-th municipality in the order of their codes
    (kommunkod), starting at the k-th."""
    k, n = shard
    codes = sorted({plan.meta.municipality_code for plan in plans})
    mine = {code for i, code in enumerate(codes) if i % n == k - 1}
    return frozenset(plan.plan_id for plan in plans if plan.meta.municipality_code in mine)


def units_of(plans: list, shard: tuple[int, int]) -> Callable[[units.Unit], bool]:
    """Which units shard ``(k, n)`` builds: its plans' (``plans_of``); the first shard also the
    site units."""
    ids = plans_of(plans, shard)
    return lambda unit: unit.name in ids or (unit.theme and shard[0] == 1)


def files_of(plans: list, shard: tuple[int, int]) -> Callable[[str], bool]:
    """Which files of the site shard ``(k, n)`` makes (the PNGs): its plans' (``data/<plan>/…``);
    the first shard also the site's own."""
    ids, every = plans_of(plans, shard), frozenset(plan.plan_id for plan in plans)
    return lambda path: (plan := units.plan_of(path, every)) in ids or (plan == "" and shard[0] == 1)
