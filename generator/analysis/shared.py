"""Measures several plans report: indicators joined by a Kolada id or a concordance key they share.

Pure: plans in, groups out. Two indicators belong to the same measure when they share a Kolada id
or a concordance key (directly or through a third indicator); a measure is shared when indicators
of at least two plans report it. Its ``key`` names its comparison page: the concordance key where
one is given, else ``kolada-`` and the Kolada id in lower case.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.i18n.order import alphabetical
from generator.model.plan import Indicator, Plan


@dataclass(frozen=True)
class SharedMeasure:
    key: str
    concordance_keys: tuple[str, ...]
    kolada_ids: tuple[str, ...]
    members: tuple[tuple[Plan, Indicator], ...]  # by municipality, board, indicator


def _identifiers(ind: Indicator) -> list[str]:
    return ([f"c:{ind.concordance_key}"] if ind.concordance_key else []) + ([f"k:{ind.kolada_id}"] if ind.kolada_id else [])


def shared_measures(plans: list[Plan]) -> list[SharedMeasure]:
    """Every measure reported by at least two plans, sorted by key."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    members: list[tuple[Plan, Indicator]] = []
    for plan in plans:
        for ind in plan.indicators:
            ids = _identifiers(ind)
            if ids:
                members.append((plan, ind))
                for other in ids[1:]:
                    parent[root(other)] = root(ids[0])
    groups: dict[str, list[tuple[Plan, Indicator]]] = {}
    for plan, ind in members:
        groups.setdefault(root(_identifiers(ind)[0]), []).append((plan, ind))
    out = []
    for group in groups.values():
        if len({p.plan_id for p, _ in group}) < 2:
            continue
        keys = tuple(sorted({i.concordance_key for _, i in group if i.concordance_key}))
        kolada = tuple(sorted({i.kolada_id for _, i in group if i.kolada_id}))
        key = keys[0] if keys else "kolada-" + kolada[0].lower()
        group.sort(key=lambda m: (alphabetical(m[0].meta.municipality), alphabetical(m[0].meta.board), m[0].plan_id,
                                  m[1].order, m[1].indicator_id))
        out.append(SharedMeasure(key, keys, kolada, tuple(group)))
    return sorted(out, key=lambda m: m.key)


def measure_keys(plans: list[Plan]) -> dict[tuple[str, str], str]:
    """(plan id, indicator id) → the key of the shared measure the indicator belongs to."""
    return {(p.plan_id, i.indicator_id): m.key for m in shared_measures(plans) for p, i in m.members}
