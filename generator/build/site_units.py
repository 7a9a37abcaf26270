"""Every language's units (``units``): each one's navigation and configuration, taken from the
cache or built by the engine in a pool of workers, and merged into the new site (``merge``) with
the search index split by plan (``search``)."""

from __future__ import annotations

import html
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Mapping

from generator.build import engine, languages, links, merge, newsite, search, units
from generator.build.publish import BuildFailed
from generator.config import settings as config
from generator.render import pages
from generator.validate import site_links


def nav_yaml(items: list[pages.NavItem]) -> list:
    """The nav for mkdocs.yml; titles come from the data and the theme prints them unescaped."""
    out = []
    for item in items:
        title = html.escape(item.title)
        if item.children:
            out.append({title: nav_yaml(list(item.children))})
        else:
            out.append({title: item.path})
    return out


def nav_pages(items: list[pages.NavItem]) -> set[str]:
    out: set[str] = set()
    for item in items:
        if item.path:
            out.add(item.path)
        out |= nav_pages(list(item.children))
    return out


def unit_nav(items: list[tuple[pages.NavItem, frozenset[str]]], name: str) -> list[pages.NavItem]:
    """The navigation of unit ``name`` from the language's (each top item with the units its pages
    belong to, ``owned``): the site's unit has the whole; a plan's unit keeps the site's own sections
    and, of the municipalities, only its own (with that municipality's plans). Every page of a plan
    unit would otherwise carry every municipality of the country: about 1 KB of HTML each, 290 KB a
    page at 290 municipalities."""
    if name == units.SITE:
        return [item for item, _ in items]
    return [item for item, owners in items if owners <= {units.SITE} or name in owners]


def owned(items: list[pages.NavItem], plan_ids: frozenset[str]) -> list[tuple[pages.NavItem, frozenset[str]]]:
    return [(item, frozenset(units.owner(path, plan_ids) for path in nav_pages([item]))) for item in items]


def merged(built: dict[str, list], new_site: newsite.NewSite, settings: config.Settings,
            plan_ids: tuple[str, ...]) -> dict[str, list[str]]:
    """Every language's units merged into the new site (``merge``), with its search index split by
    plan; returns each merged page's links, as its unit listed them (for ``links.check``)."""
    known: dict[str, list[str]] = {}
    for lang, folder in languages.folders(settings).items():
        merged = merge.merge(built[lang], new_site, folder)
        known.update((folder + rel, found) for rel, found in merged.links.items())
        if anchors_checked(settings.engine):
            links.check_anchors(new_site.path / folder, merged.anchors)
        if merged.search is not None:  # each plan's pages search the plan's own index
            tokens = _index_tokens(built[lang])
            held = {plan for plan, token in tokens.items() if new_site.keep(f"{folder}{plan}/{search.INDEX}", token)}
            for rel, data in search.split_index(merged.search, plan_ids, held).items():
                new_site.write(folder + rel, data, token=tokens.get(rel.removesuffix("/" + search.INDEX)))
    return known


def _index_tokens(parts: list) -> dict[str, str]:
    """What each plan's own search index holds, named without making it: the entries of its unit's
    index, in the order of the site unit's pages, with the site unit's search settings (``merge``,
    ``search.split_index``). Both cache entries are never written once stored."""
    site = next(entry.name for unit, entry, _ in parts if unit.theme)
    return {unit.name: f"s{site[:32]}{entry.name[:32]}" for unit, entry, _ in parts if not unit.theme}


def anchors_checked(settings: Mapping) -> bool:
    """Whether MkDocs would fail the build for a link to a missing anchor (``validation`` in
    mkdocs.yml, read as validation reads it: ``site_links.LinkRules``; the engine runs with --strict)."""
    return site_links.LinkRules.of(settings).anchors == "warn"


def remove_staged(docs: Path) -> None:
    """A built unit's staged pages (its docs folder), gone; what cannot be removed goes with the
    build's staging folder at its end."""
    shutil.rmtree(docs, ignore_errors=True)


def run_units(root: Path, settings: config.Settings, plans: list, rendered: dict, statics: dict, alternates: dict,
               staging: Path, only: Callable[[units.Unit], bool] | None = None) -> tuple[dict[str, list], int]:
    """Every unit of every language (``units``), from the cache or built now by the engine in a
    pool of os.cpu_count() workers, each finished unit stored in the cache at once. Each language's
    page sources (``rendered[lang].pages``) are taken over as bytes and let go unit by unit, once
    each is keyed and, if built now, written out: the engine's workers run without the main process
    holding the country's pages. Returns ``{lang: [(unit, cache entry, its files)]}`` (each unit as
    ``Unit.built`` keeps it), the site unit first, and how many units the engine built. With ``only``, just the units it accepts (a shard) are looked
    up and built."""
    engine_settings = {**settings.engine, "site_url": settings.site_url} if settings.site_url else settings.engine
    fingerprint = engine.fingerprint(root, settings.engine)
    cache = units.cache_dir(root)
    plan_ids = frozenset(p.plan_id for p in plans)
    found: dict[str, list] = {}
    missing: list[tuple[str, units.Unit, Path, Path]] = []
    for lang, folder in languages.folders(settings).items():
        site = rendered[lang]
        versions = alternates[lang]
        own: dict[str, dict[str, bytes]] = {units.SITE: {}}
        for rel, text in site.pages.items():
            own.setdefault(units.owner(rel, plan_ids), {})[rel] = text.encode("utf-8")
        paths = units.Paths(sorted(set(site.pages) | set(statics[lang])), plan_ids)
        site.pages = {}  # held as bytes in ``own`` until each unit is keyed
        found[lang] = []
        top = owned(site.nav, plan_ids)
        for name in list(own):  # each unit's sources let go once it is keyed (and written where it is built)
            pages_of = own.pop(name)
            its_nav = unit_nav(top, name)
            in_nav, nav = nav_pages(its_nav), nav_yaml(its_nav)
            unit_config = engine.config(root, engine_settings, Path("docs"), Path("out"), nav, lang=lang,
                                        folder=folder, site_texts=settings.texts(lang),
                                        alternates={p: versions[p] for p in sorted(pages_of) if p in versions},
                                        search_scope="" if name == units.SITE else name)
            unit = units.Unit(lang, name, pages_of, paths.stand_ins(name, pages_of, in_nav),
                              units.hashable_config(unit_config, root))
            if only is not None and not only(unit):
                continue
            entry = cache / unit.key(fingerprint)
            listed, kept = units.cached(entry), unit.built()
            if listed is None:
                work = staging / "units" / f"{lang}-{len(missing)}"
                missing.append((lang, kept, entry, units.prepare(unit, work, unit_config)))
            found[lang].append((kept, entry, listed))
    where: dict[Path, Path] = {}  # a cache entry → where the unit's output is (the entry, unless it could not be written)
    if missing:
        # each built unit's staged pages are removed by a thread of their own: removing a unit's
        # folders took the main process a fifth of a second (40 plans: 18 of the engine's 29 s), and a
        # worker that finished meanwhile waited for its next unit
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="plansite-remove") as removing:
            def done(i: int) -> None:  # stored, and its staged pages removed while the workers build the next units
                where[missing[i][2]] = units.store(missing[i][3].parent / "out", missing[i][2])
                removing.submit(remove_staged, missing[i][3].parent / "docs")
            try:
                engine.run_units([m[3] for m in missing], settings.limits.engine_timeout, os.cpu_count() or 1, staging,
                                 done)
            except BaseException:  # the build stops: the staging folder goes whole, so no removal waits
                removing.shutdown(cancel_futures=True)
                raise
    out = {}
    for lang, parts in found.items():
        out[lang] = []
        for unit, entry, listed in parts:
            entry = where.get(entry, entry)
            listed = listed if listed is not None else units.cached(entry)
            if listed is None:
                raise BuildFailed.of("engine-failed", detail=f"{entry} is not a whole unit")
            out[lang].append((unit, entry, listed))
    return out, len(missing)
