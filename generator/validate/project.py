"""Validate stage: frictionless structure first, then the domain rules, every problem collected.

Problems are plain data (``Problem``), never exceptions; ``validate_project`` returns a
``Report`` holding all of them, so one run shows everything that is wrong. No input makes it
raise: anything unexpected while checking a package becomes a problem with code ``unreadable``.

``Problem.expected`` is language-neutral data: a value (``">= 2025"``) or ``"kind: argument"``
(``"enum: T | K | M"``, ``"row: 2"``); ``texts.problem_message`` picks the Swedish or English
sentence for the code (and kind) and fills in found, expected and argument.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Iterator

from generator.analysis.shared import shared_measures
from generator.config.limits import Limits
from generator.config.settings import Settings
from generator.i18n.texts import LANGUAGES
from generator.ingest import files, load, parallel
from generator.model.codes import Severity
from generator.model.problems import Problem, Report, ValidatedPlan, short
from generator.spec import urls
from generator.spec.names import PLAN_ID, RESERVED_PLAN_IDS, name_problem
from generator.validate import cache as results_cache
from generator.validate import columns, concordance, site_links, site_pages
from generator.validate import content as chapters
from generator.validate.descriptor import check_descriptor, read_descriptor
from generator.validate.followups import check_followups
from generator.validate.kolada import check_kolada_values
from generator.validate.rules import check_plan
from generator.validate.table_errors import ID_PATTERN, from_frictionless
from generator.validate.values import check_number_cells


def package_dirs(datapackages: Path) -> list[Path]:
    """The plan folders below ``datapackages`` (or ``datapackages`` itself if it is one); a link
    to a folder is listed too, so that validation can refuse it."""
    if (datapackages / "datapackage.json").exists():
        return [datapackages]
    return sorted(p for p in datapackages.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def validate_project(datapackages: Path, content: Path | None = None, limits: Limits | None = None,
                     cache: Path | None = None, used: set[str] | None = None,
                     site: Settings | None = None) -> Report:
    """Validate every plan package below ``datapackages`` (and its chapters in ``content``), and the
    site's own pages (``content/site/``) as the site's settings (``site``, its mkdocs.yml) have the
    build make them: in its languages, their links read with its Markdown extensions and followed by
    its ``validation`` rules. Without settings (no mkdocs.yml), every language's pages are checked,
    none required, with MkDocs' defaults (``site_pages.check_site_pages``).

    ``limits`` default to ``Limits.from_environment()`` (which raises ``SettingsError`` for a bad value).
    With ``cache`` (a folder), a valid plan whose inputs are unchanged is read from it instead of
    validated again, and each newly valid plan is kept there (``validate.cache``); ``used`` receives
    the names of the entries that stand for this run's plans.

    The report holds every problem and, for each valid plan, what was read and checked: the
    build publishes exactly that."""
    limits = Limits.from_environment() if limits is None else limits
    problems: list[Problem] = []
    plans: list[str] = []
    validated: dict[str, ValidatedPlan] = {}
    if not datapackages.is_dir():
        return Report((Problem(str(datapackages), "no-such-folder"),))
    try:
        dirs = package_dirs(datapackages)
    except OSError as exc:
        return Report((Problem(str(datapackages), "unreadable", found=_exc_text(exc)),))
    if not dirs:
        problems.append(Problem(str(datapackages), "no-packages"))
    site_problems, assets = chapters.check_site_content(content, limits)
    problems.extend(site_problems)
    single = (datapackages / "datapackage.json").exists()  # one plan's folder: the concordance is beside it
    base = datapackages.parent if single else datapackages
    concordance_problems, entries = concordance.check(base, limits)
    problems.extend(concordance_problems)
    keys = None if files.kind(base / concordance.FILE) == "missing" else \
        concordance.known_keys(concordance_problems, entries)
    jobs = [(package_dir, content, frozenset(assets), limits, keys) for package_dir in dirs]
    for package_dir, ((found, files_read, chapters_read, plan), name) in zip(dirs, _results(jobs, cache, used)):
        problems.extend(found)
        if not any(p.severity == Severity.ERROR for p in found):
            plans.append(package_dir.name)
            validated[package_dir.name] = ValidatedPlan(MappingProxyType(files_read), chapters_read, plan, name or "")
    languages = None if site is None else site.languages
    for name, plan in validated.items():  # another language's pages are in its folder (/en/)
        if plan.plan is not None and plan.plan.plan_id in (languages or LANGUAGES)[1:]:
            problems.append(Problem(f"{name}/datapackage.json", "plan-id-language", field="name",
                                    found=plan.plan.plan_id))
    others = None  # one plan alone: the others' pages and files are not known, only their folders
    if single:
        try:
            others = [p.name for p in package_dirs(base)]
        except OSError:
            others = []
    made = made_by_build(validated.values(), site, others)
    page_problems, pages = site_pages.check_site_pages(content, site, limits, made, assets)
    problems.extend(page_problems)
    return Report(tuple(problems), tuple(plans), MappingProxyType(validated), assets, entries,
                  MappingProxyType({lang: MappingProxyType(texts) for lang, texts in pages.items()}))


def made_by_build(valid: Iterable[ValidatedPlan], site: Settings | None,
                  others: Iterable[str] | None = None) -> site_links.Made:
    """What the build makes of the ``valid`` plans (``site_links.Made``): their pages and the
    comparisons' (``urls.plan_pages``, ``urls.compare_page``), the downloads and the charts, each by
    name, when every plan of the site was validated; when one was validated alone, ``others``: the
    names of the project's plan folders beside it, whose plans' ids and files are not known here, so
    that a link into any plan's folder, ``jamfor/`` or ``data/`` is followed only as far as that."""
    valid = [v for v in valid if v.plan is not None]
    made = site_links.Made(frozenset(v.plan.plan_id for v in valid), data_site=site.data_site if site is not None else "")
    if others is not None:
        return replace(made, plans=made.plans | frozenset(others))
    pages = (urls.COMPARE_INDEX, *(urls.compare_page(m.key) for m in shared_measures([v.plan for v in valid])),
             *(page for v in valid for page in urls.plan_pages(v.plan, v.chapters)))
    downloads = (*urls.site_data_files(bool(site is not None and site.site_url)),
                 *(path for v in valid for path in urls.plan_data_files(
                     v.plan.plan_id, v.files, (ind.indicator_id for ind in v.plan.indicators))))
    charts = (path for v in valid for ind in v.plan.indicators if ind.drawn
              for path in urls.chart_files(v.plan.plan_id, ind.indicator_id))
    downloads, charts = frozenset(downloads), frozenset(charts)
    there = None  # what the site that publishes the downloads holds under data/, where another one does
    if site is not None and site.downloads_site:  # the downloads alone, with each chart's PNG and spec;
        # no data page, template or SVG (which stays beside the page that shows it)
        there = (frozenset(urls.site_data_files(True)) - {urls.TEMPLATE} | (downloads - {*urls.site_data_files(False)})
                 | {path for path in charts if not path.endswith(".svg")})
        charts = frozenset(path for path in charts if path.endswith(".svg"))
    elif made.data_site:  # the first language's site: its data page and charts as well
        page = urls.site_url(urls.DATA_PAGE)
        there = downloads | charts | {page, page + "index.html"}
    return replace(made, pages=frozenset(pages), downloads=downloads, charts=charts, there=there)


#: From this many plans, they are validated on every core (``parallel.ordered``): a worker's start
#: (importing frictionless) costs about as much as four plans.
POOLED = 8


def _results(jobs: list[tuple], cache: Path | None, used: set[str] | None) -> list[tuple[tuple, str | None]]:
    """``_checked`` of each job, in order, with its cache key (None without a cache, or for a plan
    that gets none): from ``cache`` where it has the plan's unchanged inputs, the others each on its
    own, on every core (``parallel.ordered``), the valid ones then kept."""
    results: list[tuple | None] = [None] * len(jobs)
    names: list[str | None] = [None] * len(jobs)
    site_names = _site_names(jobs[0][1]) if jobs and cache is not None else None
    if site_names is not None:  # (None: no cache, or the site's pages could not be listed: nothing is kept)
        for i, (package_dir, content, assets, limits, keys) in enumerate(jobs):
            names[i] = results_cache.key(package_dir, content, site_names, assets, limits, keys)
            if names[i] is not None:
                results[i] = results_cache.load(cache, names[i])
                if used is not None:
                    used.add(names[i])
    todo = [i for i, result in enumerate(results) if result is None]
    for i, result in zip(todo, parallel.ordered(_checked, [jobs[i] for i in todo], pooled=POOLED, chunk=1)):
        results[i] = result
        if names[i] is not None and (results_cache.key(*jobs[i][:2], site_names, *jobs[i][2:]) != names[i]
                                     or _site_names(jobs[i][1]) != site_names):
            names[i] = None  # the plan (or the site's pages) changed while it was validated: what was read is not the key's
        if cache is not None and names[i] is not None and not any(p.severity == Severity.ERROR for p in result[0]):
            results_cache.store(cache, names[i], result)
    return list(zip(results, names))


def _checked(job: tuple[Path, Path | None, frozenset[str], Limits, frozenset[str] | None]) -> tuple:
    """``_guarded`` of one plan as plain, picklable data: ``(problems, files read, chapters, plan)``."""
    package_dir, content, assets, limits, keys = job
    found, read = _guarded(package_dir, content, assets, limits, keys)
    return found, read.get("files", {}), read.get("chapters", ()), read.get("plan")


def _guarded(package_dir: Path, content: Path | None, assets: frozenset[str], limits: Limits,
             keys: frozenset[str] | None = None) -> tuple[list[Problem], dict]:
    """``validate_package`` with every unexpected exception turned into an ``unreadable`` problem;
    returns the problems and what was read (``validate_package``'s ``read``)."""
    found: list[Problem] = []
    read: dict = {}
    try:
        for problem in validate_package(package_dir, content, read, assets, limits, keys):
            found.append(problem)
    except Exception as exc:  # a crash on any input is a bug; the user still gets one clear line
        found.append(Problem(f"{package_dir.name}/datapackage.json", "unreadable", found=_exc_text(exc)))
    return found, read


def _exc_text(exc: BaseException) -> str:
    return short(f"{exc.__class__.__name__}: {exc}", 200)


def validate_package(package_dir: Path, content: Path | None = None, read: dict | None = None,
                     assets: frozenset[str] = frozenset(), limits: Limits = Limits(),
                     concordance_keys: frozenset[str] | None = None) -> Iterator[Problem]:
    """Every problem of one plan package. ``read``, if given, receives what was checked: ``files``
    (package path -> text of the descriptor and each resource), ``chapters`` and the ``plan``.
    ``concordance_keys`` are the keys an indicator may use (``None``: not checked)."""
    read = {} if read is None else read
    name = package_dir.name
    descriptor_file = f"{name}/datapackage.json"
    structural: list[Problem] = []
    if not PLAN_ID.match(name) or name in RESERVED_PLAN_IDS or name in _site_page_names(content):
        structural.append(Problem(descriptor_file, "bad-plan-id", field="name", found=short(name),
                                  expected=f"pattern: {ID_PATTERN}"))
        yield structural[-1]
    elif name_problem(name):
        code, instead = name_problem(name)
        structural.append(Problem(descriptor_file, code, field="name", found=name, expected=instead))
        yield structural[-1]
    if package_dir.is_symlink():
        yield Problem(descriptor_file, "symlink", found=short(name))
        return
    if content is not None:
        chapter_problems, read["chapters"] = chapters.check_chapters(content, name, limits, assets)
        yield from chapter_problems
    descriptor = yield from read_descriptor(package_dir, descriptor_file, limits)
    if descriptor is None:
        return
    texts: dict[str, str] = {}
    for problem in check_descriptor(package_dir, descriptor, descriptor_file, texts, limits):
        structural.append(problem)
        yield problem
    for problem in _check_folder(package_dir, descriptor):
        structural.append(problem)
        yield problem
    if any(p.severity == Severity.ERROR for p in structural):
        return
    split_rows: set[tuple[str, int]] = set()
    found_in_cells = list(check_number_cells(package_dir, descriptor, texts, split_rows))
    cells = {(p.file, p.row, p.field): p for p in found_in_cells if p.severity == Severity.ERROR}
    header_problems, absent, descriptor = _canonical_columns(package_dir, descriptor, texts)
    header_problems = [p for p in header_problems if (p.file, p.row) not in split_rows]
    frictionless_problems = [p for p in from_frictionless(package_dir, descriptor, texts)
                             if (p.file, p.row) not in split_rows
                             and not columns.concerns_absent(p, absent.get(p.file, frozenset()))]
    yield from header_problems
    type_errors = {(p.file, p.row, p.field) for p in frictionless_problems if p.code == "type-error"}
    # a cell frictionless could not read keeps its type-error unless there is an exact fix to offer;
    # a cell it read too generously ("NaN", "1e5") is only reported here
    cells = {k: p for k, p in cells.items() if p.code != "bad-number" or k not in type_errors}
    yield from cells.values()
    yield from (p for p in found_in_cells if p.severity == Severity.WARNING)
    for problem in frictionless_problems:
        if not (problem.code == "type-error" and (problem.file, problem.row, problem.field) in cells):
            yield problem
    if cells or header_problems or any(p.severity == Severity.ERROR for p in frictionless_problems):
        return
    plan = load.plan_from(descriptor, texts)
    yield from check_plan(plan)
    yield from check_followups(plan)
    yield from check_kolada_values(plan, texts.get("kolada_values"))
    yield from concordance.check_keys(plan, concordance_keys)
    read["plan"] = plan
    paths = {r["name"]: r["path"] for r in descriptor["resources"]}
    read["files"] = {"datapackage.json": json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
                     **{paths[rname]: text for rname, text in texts.items()}}


def _canonical_columns(package_dir: Path, descriptor: dict,
                       texts: dict[str, str]) -> tuple[list[Problem], dict[str, frozenset[str]], dict]:
    """Each table's text (in ``texts``, replaced) with its columns in its schema's order: the
    problems of the headers, by file the required columns that are missing altogether, and the
    descriptor without the ``bytes`` and ``hash`` of a table so rewritten (they described its file)."""
    problems: list[Problem] = []
    absent: dict[str, frozenset[str]] = {}
    rewritten: set[str] = set()
    for resource in descriptor.get("resources", []):
        rname = resource.get("name")
        schema = resource.get("schema")
        if rname not in texts or not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            continue
        label = f"{package_dir.name}/{resource['path']}"
        canonical = columns.canonical_text(texts[rname], schema["fields"], label)
        if canonical.text != texts[rname]:
            texts[rname] = canonical.text
            rewritten.add(rname)
        problems.extend(canonical.problems)
        absent[label] = canonical.absent
    if rewritten:
        descriptor = {**descriptor, "resources": [
            {k: v for k, v in r.items() if k not in ("bytes", "hash")} if r.get("name") in rewritten else r
            for r in descriptor["resources"]]}
    return problems, absent, descriptor


def _check_folder(package_dir: Path, descriptor: dict) -> Iterator[Problem]:
    """What the plan folder holds besides its declared files: a link or a FIFO is an error (nothing
    is read through it); any other file or folder is a warning – it is never published."""
    declared = {"datapackage.json"} | {r.get("path") for r in descriptor.get("resources", [])
                                       if isinstance(r, dict) and isinstance(r.get("path"), str)}
    parents = {p.rsplit("/", 1)[0] for p in declared if "/" in p}
    parents |= {p.rsplit("/", 1)[0] for p in parents if "/" in p}
    for entry in files.walk(package_dir):
        label = f"{package_dir.name}/{entry.rel}"
        if entry.rel in declared:
            continue  # checked with its resource (``_check_path``)
        if entry.kind in ("symlink", "other"):
            yield chapters.kind_problem(label, entry.kind, entry.rel)
        elif entry.rel not in parents and _ancestors(entry.rel) <= parents:
            yield Problem(label, "unknown-file", found=entry.rel, expected="resource", severity=Severity.WARNING)


def _ancestors(rel: str) -> set[str]:
    parts = rel.split("/")
    return {"/".join(parts[:i]) for i in range(1, len(parts))}


def _site_names(content: Path | None) -> frozenset[str] | None:
    """``_site_page_names`` for a cache key, or None when they cannot be listed."""
    try:
        return frozenset(_site_page_names(content))
    except OSError:
        return None


def _site_page_names(content: Path | None) -> set[str]:
    """The site's own pages and folders (``content/site/om.md`` is /om/): no plan may take their URL."""
    folder = content / "site" if content is not None else None
    if folder is None or not folder.is_dir():
        return set()
    return {p.stem if p.suffix == ".md" else p.name for p in folder.iterdir()}



def problems_as_json(problems: Iterable[Problem], lang: str = "sv") -> str:
    return json.dumps([p.to_dict(lang) for p in problems], ensure_ascii=False, indent=2)
