"""Validate stage: frictionless structure first, then the domain rules, every problem collected.

Problems are plain data (``Problem``), never exceptions; ``validate_project`` returns a
``Report`` holding all of them, so one run shows everything that is wrong. No input makes it
raise: anything unexpected while checking a package becomes a problem with code ``unreadable``.

``Problem.expected`` is language-neutral data: a value (``">= 2025"``) or ``"kind: argument"``
(``"enum: T | K | M"``, ``"row: 2"``); ``texts.problem_message`` picks the Swedish or English
sentence for the code (and kind) and fills in found, expected and argument.
"""

from __future__ import annotations

import ast
import csv
import functools
import io
import json
import re
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Iterator

from frictionless import FrictionlessException, system
from jsonschema import Draft202012Validator, validators

from generator.analysis import checks
from generator.ingest import characters, files, load, tables
from generator.ingest.limits import (  # noqa: F401
    MAX_FILE_BYTES,
    MAX_ROWS,
    MIN_DESCRIPTOR_LIMIT,
    max_file_bytes,
    max_rows,
)
from generator.model import plan as model
from generator.model.problems import Problem, Report, ValidatedPlan
from generator.spec.municipalities import COUNTIES, MUNICIPALITIES, name_matches
from generator.spec.names import name_problem, path_problem
from generator.spec.package import (
    CANONICAL_RESOURCES,
    REQUIRED_RESOURCES,
    canonical_schema,
    plan_metadata_schema,
)
from generator.validate import concordance
from generator.validate import content as chapters

#: A plan id is a folder name and the first part of every URL of the plan.
PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
#: Top-level folders of the site that a plan id must not take over (besides the pages in content/site).
RESERVED_PLAN_IDS = frozenset({"data", "assets", "search", "site", "text", "bilder", "404", "sitemap"})
#: Numbers in a CSV: an optional minus, digits, optionally a dot and digits. Nothing else, so that
#: "9,8", "15 722", "1e5", "NaN" or "١٢" are never silently read as something else.
NUMBER = re.compile(r"^-?[0-9]{1,15}(\.[0-9]{1,10})?$")
INTEGER = re.compile(r"^-?[0-9]{1,15}$")
DECIMAL_COMMA = re.compile(r"^[-−]?[0-9]{1,3}(\.[0-9]{3})*,[0-9]+$|^[-−]?[0-9]+,[0-9]+$")
THOUSANDS = re.compile(r"^[-−]?[0-9]{1,3}([ \u00a0\u202f\u2009'][0-9]{3})+([.,][0-9]+)?$")
#: An example for the fields whose pattern a reader cannot guess.
PATTERN_EXAMPLES = {"kolada_id": "N31814", "agenda2030": "1;3;10.2", "crc_articles": "2;3;12"}
ID_PATTERN = "^[a-z0-9][a-z0-9-]{0,79}$"


def package_dirs(datapackages: Path) -> list[Path]:
    """The plan folders below ``datapackages`` (or ``datapackages`` itself if it is one); a link
    to a folder is listed too, so that validation can refuse it."""
    if (datapackages / "datapackage.json").exists():
        return [datapackages]
    return sorted(p for p in datapackages.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def validate_project(datapackages: Path, content: Path | None = None) -> Report:
    """Validate every plan package below ``datapackages`` (and its chapters in ``content``).

    The report holds every problem and, for each valid plan, what was read and checked: the
    build publishes exactly that."""
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
    site_problems, assets = chapters.check_site_content(content)
    problems.extend(site_problems)
    concordance_problems, entries = concordance.check(datapackages)
    problems.extend(concordance_problems)
    for package_dir in dirs:
        found, result = _guarded(package_dir, content, frozenset(assets))
        problems.extend(found)
        if not any(p.severity == "error" for p in found):
            plans.append(package_dir.name)
            validated[package_dir.name] = result
    return Report(tuple(problems), tuple(plans), MappingProxyType(validated), assets, entries)


def _guarded(package_dir: Path, content: Path | None, assets: frozenset[str]) -> tuple[list[Problem], ValidatedPlan]:
    """``validate_package`` with every unexpected exception turned into an ``unreadable`` problem."""
    found: list[Problem] = []
    read: dict = {}
    try:
        for problem in validate_package(package_dir, content, read, assets):
            found.append(problem)
    except Exception as exc:  # a crash on any input is a bug; the user still gets one clear line
        found.append(Problem(f"{package_dir.name}/datapackage.json", "unreadable", found=_exc_text(exc)))
    return found, ValidatedPlan(MappingProxyType(read.get("files", {})), read.get("chapters", ()), read.get("plan"))


def _exc_text(exc: BaseException) -> str:
    return _short(f"{exc.__class__.__name__}: {exc}", 200)


def validate_package(package_dir: Path, content: Path | None = None, read: dict | None = None,
                     assets: frozenset[str] = frozenset()) -> Iterator[Problem]:
    """Every problem of one plan package. ``read``, if given, receives what was checked: ``files``
    (package path -> text of the descriptor and each resource), ``chapters`` and the ``plan``."""
    read = {} if read is None else read
    name = package_dir.name
    descriptor_file = f"{name}/datapackage.json"
    structural: list[Problem] = []
    if not PLAN_ID.match(name) or name in RESERVED_PLAN_IDS or name in _site_page_names(content):
        structural.append(Problem(descriptor_file, "bad-plan-id", field="name", found=_short(name),
                                  expected=f"pattern: {ID_PATTERN}"))
        yield structural[-1]
    elif name_problem(name):
        code, instead = name_problem(name)
        structural.append(Problem(descriptor_file, code, field="name", found=name, expected=instead))
        yield structural[-1]
    if package_dir.is_symlink():
        yield Problem(descriptor_file, "symlink", found=_short(name))
        return
    if content is not None:
        chapter_problems, read["chapters"] = chapters.check_chapters(content, name, assets)
        yield from chapter_problems
    descriptor = yield from _read_descriptor(package_dir, descriptor_file)
    if descriptor is None:
        return
    texts: dict[str, str] = {}
    for problem in _check_descriptor(package_dir, descriptor, descriptor_file, texts):
        structural.append(problem)
        yield problem
    for problem in _check_folder(package_dir, descriptor):
        structural.append(problem)
        yield problem
    if any(p.severity == "error" for p in structural):
        return
    split_rows: set[tuple[str, int]] = set()
    found_in_cells = list(_check_number_cells(package_dir, descriptor, texts, split_rows))
    cells = {(p.file, p.row, p.field): p for p in found_in_cells if p.severity == "error"}
    frictionless_problems = [p for p in _from_frictionless(package_dir, descriptor, texts)
                             if (p.file, p.row) not in split_rows]
    type_errors = {(p.file, p.row, p.field) for p in frictionless_problems if p.code == "type-error"}
    # a cell frictionless could not read keeps its type-error unless there is an exact fix to offer;
    # a cell it read too generously ("NaN", "1e5") is only reported here
    cells = {k: p for k, p in cells.items() if p.code != "bad-number" or k not in type_errors}
    yield from cells.values()
    yield from (p for p in found_in_cells if p.severity == "warning")
    for problem in frictionless_problems:
        if not (problem.code == "type-error" and (problem.file, problem.row, problem.field) in cells):
            yield problem
    if cells or any(p.severity == "error" for p in frictionless_problems):
        return
    plan = load.plan_from(descriptor, texts)
    yield from check_plan(plan)
    read["plan"] = plan
    paths = {r["name"]: r["path"] for r in descriptor["resources"]}
    read["files"] = {"datapackage.json": json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
                     **{paths[rname]: text for rname, text in texts.items()}}


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
            yield Problem(label, "symlink" if entry.kind == "symlink" else "not-a-regular-file", found=entry.rel)
        elif entry.rel not in parents and _ancestors(entry.rel) <= parents:
            yield Problem(label, "unknown-file", found=entry.rel, expected="resource", severity="warning")


def _ancestors(rel: str) -> set[str]:
    parts = rel.split("/")
    return {"/".join(parts[:i]) for i in range(1, len(parts))}


def _site_page_names(content: Path | None) -> set[str]:
    """The site's own pages and folders (``content/site/om.md`` is /om/): no plan may take their URL."""
    folder = content / "site" if content is not None else None
    if folder is None or not folder.is_dir():
        return set()
    return {p.stem if p.suffix == ".md" else p.name for p in folder.iterdir()}


def _read_descriptor(package_dir: Path, file: str):
    """The parsed ``datapackage.json`` (a generator: yields problems, returns the dict or None)."""
    path = package_dir / "datapackage.json"
    if path.is_symlink():
        yield Problem(file, "unsafe-path", found="datapackage.json")
        return None
    if files.kind(path) == "missing":
        yield Problem(file, "missing-descriptor")
        return None
    size = path.stat().st_size
    limit = max(max_file_bytes(), MIN_DESCRIPTOR_LIMIT)
    if size > limit:
        yield Problem(file, "file-too-large", found=str(size), expected=f"<= {limit}")
        return None
    try:
        raw = files.read_bytes(path, limit)
    except files.UnsafeFile as exc:
        yield Problem(file, exc.code, found=exc.found or "datapackage.json")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield Problem(file, "not-utf8", row=raw[: exc.start].count(b"\n") + 1, found=_encoding_guess(raw))
        return None
    if text.startswith("\ufeff"):
        yield Problem(file, "bom", row=1)
        return None
    try:
        descriptor = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        yield Problem(file, "invalid-json", row=exc.lineno, found=exc.msg)
        return None
    except ValueError as exc:
        yield Problem(file, "invalid-json", found=str(exc))
        return None
    if not isinstance(descriptor, dict):
        yield Problem(file, "invalid-json", found=type(descriptor).__name__, expected="object")
        return None
    return descriptor


def _reject_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _check_descriptor(package_dir: Path, descriptor: dict, file: str, texts: dict[str, str]) -> Iterator[Problem]:
    if descriptor.get("name") != package_dir.name:
        yield Problem(file, "name-mismatch", field="name", found=_short(descriptor.get("name")), expected=package_dir.name)
    plan = descriptor.get("plan")
    if not isinstance(plan, dict):
        yield Problem(file, "missing-plan", field="plan")
    else:
        yield from _check_plan_metadata(plan, file)
    for where, value in _strings({k: v for k, v in descriptor.items() if k != "plan"}, ""):
        yield from text_problems(value, file, None, where.lstrip("."))  # titles of tables and columns are shown
    yield from _check_profiles(descriptor, "", file)
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        yield Problem(file, "missing-resources", field="resources")
        return
    names = [r.get("name") for r in resources if isinstance(r, dict)]
    for required in REQUIRED_RESOURCES:
        if required not in names:
            yield Problem(file, "missing-resource", field="resources", expected=required)
    seen: set[str] = set()
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict):
            yield Problem(file, "invalid-resource", field=f"resources[{index}]", found=_short(resource))
            continue
        rname = resource.get("name")
        if not isinstance(rname, str) or not re.match(r"^[a-z0-9_.-]{1,80}$", rname):
            yield Problem(file, "invalid-resource", field=f"resources[{index}].name", found=_short(rname),
                          expected=r"pattern: ^[a-z0-9_.-]{1,80}$")
            continue
        if rname in seen:
            yield Problem(file, "duplicate-resource", field="resources", found=rname)
        if name_problem(rname):
            code, instead = name_problem(rname)
            yield Problem(file, code, field=f"resources[{index}].name", found=rname, expected=instead)
        seen.add(rname)
        yield from _check_resource_properties(resource, file, rname)
        yield from _check_profiles(resource, f"resources.{rname}.", file)
        if isinstance(resource.get("schema"), dict):
            yield from _check_profiles(resource["schema"], f"resources.{rname}.schema.", file)
        yield from _check_path(package_dir, resource, file, rname, texts)
        if rname in CANONICAL_RESOURCES:
            canonical = canonical_schema(rname)
            if resource.get("schema") != canonical:
                where, found = _first_difference(resource.get("schema"), canonical, "schema")
                yield Problem(file, "schema-mismatch", field=f"resources.{rname}.schema", found=f"{where}: {found}",
                              expected=f"generator/spec/schemas/{rname}.json")
        elif not isinstance(resource.get("schema"), dict):
            yield Problem(file, "missing-schema", field=f"resources.{rname}.schema")
        else:
            yield from _check_custom_patterns(resource["schema"], file, rname)


def _check_custom_patterns(schema: dict, file: str, rname: str) -> Iterator[Problem]:
    """A ``pattern`` constraint is a regular expression run on every cell: one like ``(a+)+b``
    takes minutes on 30 bytes. Only the patterns of the format's own schemas may be used."""
    allowed = _format_patterns()
    for index, spec in enumerate(schema.get("fields") or []):
        constraints = spec.get("constraints") if isinstance(spec, dict) else None
        if isinstance(constraints, dict) and "pattern" in constraints and constraints["pattern"] not in allowed:
            name = spec.get("name") if isinstance(spec.get("name"), str) else index
            yield Problem(file, "custom-pattern", field=f"resources.{rname}.schema.fields[{name}].constraints.pattern",
                          found=_short(constraints["pattern"]))


#: What a resource may say about how its file is read: only UTF-8 CSV with the default dialect, so
#: that the file means the same to every reader (and to the published package).
_RESOURCE_PROPERTIES = {
    "format": {"csv"},
    "mediatype": {"text/csv"},
    "encoding": {"utf-8", "utf8"},
    "scheme": {"file"},
}
_FORBIDDEN_PROPERTIES = ("dialect", "compression", "innerpath", "control", "layout", "sources")


_PROFILES = {"data-package", "tabular-data-package", "data-resource", "tabular-data-resource", "table-schema"}
_SCHEMA_URLS = ("https://datapackage.org/profiles/", "https://specs.frictionlessdata.io/schemas/")


def _check_profiles(descriptor: dict, where: str, file: str) -> Iterator[Problem]:
    """Frictionless fetches a ``profile`` given as a URL or path: only the standard names are allowed."""
    profile, schema = descriptor.get("profile"), descriptor.get("$schema")
    if profile is not None and profile not in _PROFILES:
        yield Problem(file, "unsafe-path", field=f"{where}profile", found=_short(profile))
    if schema is not None and not (isinstance(schema, str) and schema.startswith(_SCHEMA_URLS)
                                   and ".." not in schema and "?" not in schema):
        yield Problem(file, "unsafe-path", field=f"{where}$schema", found=_short(schema))


def _first_difference(given: object, canonical: object, where: str) -> tuple[str, str]:
    """Where ``given`` first differs from ``canonical`` (fields are named by their name) and its value there."""
    if isinstance(given, dict) and isinstance(canonical, dict):
        for key in list(canonical) + [k for k in given if k not in canonical]:
            if given.get(key) != canonical.get(key):
                return _first_difference(given.get(key), canonical.get(key), f"{where}.{key}")
    elif isinstance(given, list) and isinstance(canonical, list):
        for index, (a, b) in enumerate(zip(given, canonical)):
            if a != b:
                label = b.get("name") if isinstance(b, dict) and b.get("name") else index
                return _first_difference(a, b, f"{where}[{label}]")
        if len(given) != len(canonical):
            return f"{where}[{min(len(given), len(canonical))}]", f"{len(given)} items, expected {len(canonical)}"
    return where, _json_short(given)


@functools.cache
def _format_patterns() -> frozenset[str]:
    """Every ``pattern`` the canonical Table Schemas use (ids, Kolada ids, Agenda 2030 goals …)."""
    return frozenset(spec["constraints"]["pattern"] for name in CANONICAL_RESOURCES
                     for spec in canonical_schema(name)["fields"] if "pattern" in spec.get("constraints", {}))


def _check_resource_properties(resource: dict, file: str, rname: str) -> Iterator[Problem]:
    for key, allowed in _RESOURCE_PROPERTIES.items():
        if key in resource and str(resource[key]).lower() not in allowed:
            yield Problem(file, "resource-property", field=f"resources.{rname}.{key}", found=_short(resource[key]),
                          expected=sorted(allowed)[0])
    for key in _FORBIDDEN_PROPERTIES:
        if key in resource:
            yield Problem(file, "resource-property", field=f"resources.{rname}.{key}", found=_json_short(resource[key]),
                          expected="none")


#: JSON Schema counts 2024.0 and 2.024e3 as integers; a year in the plan metadata is written 2024.
_PlanMetadataValidator = validators.extend(Draft202012Validator, type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
    "integer", lambda checker, value: isinstance(value, int) and not isinstance(value, bool)))


def _check_plan_metadata(plan: dict, file: str) -> Iterator[Problem]:
    schema = plan_metadata_schema()
    validator = _PlanMetadataValidator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for err in sorted(validator.iter_errors(plan), key=lambda e: [str(p) for p in e.path]):
        path = ["plan", *(str(p) for p in err.path)]
        where = ".".join(path)
        if err.validator == "required":
            present = err.instance if isinstance(err.instance, dict) else {}
            for key in err.validator_value:
                if key not in present:
                    yield Problem(file, "plan-metadata", field=f"{where}.{key}", expected="required")
        elif err.validator == "additionalProperties":
            allowed = sorted((err.schema.get("properties") or {}).keys())
            extra = sorted(k for k in (err.instance if isinstance(err.instance, dict) else {}) if k not in allowed)
            for key in extra:
                yield Problem(file, "unknown-plan-field", field=f"{where}.{key}", found=key,
                              expected="fields: " + ", ".join(allowed))
        else:
            yield Problem(file, "plan-metadata", field=where, found=_json_short(err.instance),
                          expected=_schema_expectation(err.validator, err.validator_value))
    start, end = plan.get("period_start"), plan.get("period_end")
    # numbers, not only integers: 2025.0 → 2024.0 is reported as reversed besides its type
    ints = lambda *values: all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)  # noqa: E731
    if ints(start, end) and end < start:
        yield Problem(file, "period-reversed", field="plan.period_end", found=str(end), expected=f">= {start}")
    if ints(plan.get("data_start"), start) and plan["data_start"] > start:
        yield Problem(file, "period-reversed", field="plan.data_start", found=str(plan["data_start"]), expected=f"<= {start}")
    if ints(plan.get("data_end"), end) and plan["data_end"] < end:
        yield Problem(file, "period-reversed", field="plan.data_end", found=str(plan["data_end"]), expected=f">= {end}")
    yield from _check_municipality(plan, file)
    for where, value in _strings(plan, "plan"):
        yield from text_problems(value, file, None, where)


def _strings(value: object, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{where}[{index}]")


def _schema_expectation(validator: str, value: object) -> str:
    if validator == "enum" and isinstance(value, list):
        return "enum: " + " | ".join(str(v) for v in value)
    if validator == "type":
        return f"type: {value if isinstance(value, str) else ' | '.join(map(str, value))}"
    if validator == "minimum":
        return f">= {value}"
    if validator == "maximum":
        return f"<= {value}"
    if validator == "minLength":
        return "not-empty"
    return f"{validator}: {value}"


def _check_municipality(plan: dict, file: str) -> Iterator[Problem]:
    code, name = plan.get("municipality_code"), plan.get("municipality")
    if not isinstance(code, str) or not re.match(r"^[0-9]{4}$", code):
        return  # the metadata schema already reports it
    if code[:2] not in COUNTIES:
        yield Problem(file, "bad-municipality-code", field="plan.municipality_code", found=code,
                      expected="county: " + ", ".join(sorted(COUNTIES)))
    elif code not in MUNICIPALITIES:
        yield Problem(file, "unknown-municipality-code", field="plan.municipality_code", found=code,
                      expected=f"county: {code[:2]} {COUNTIES[code[:2]]}")
    elif isinstance(name, str) and name.strip() and not name_matches(name, code):
        yield Problem(file, "municipality-name-mismatch", field="plan.municipality", found=name,
                      expected=f"{code} {MUNICIPALITIES[code]}", severity="warning")


def _check_path(package_dir: Path, resource: dict, file: str, rname: str, texts: dict[str, str]) -> Iterator[Problem]:
    rpath = resource.get("path")
    field_name = f"resources.{rname}.path"
    if "data" in resource:
        yield Problem(file, "inline-data", field=f"resources.{rname}.data")
        return
    if not isinstance(rpath, str) or not rpath:
        yield Problem(file, "invalid-resource", field=field_name, found=_short(rpath), expected="type: string")
        return
    p = Path(rpath)
    if (":" in rpath or p.is_absolute() or ".." in p.parts or rpath.startswith("~") or "\\" in rpath
            or "\x00" in rpath):
        yield Problem(file, "unsafe-path", field=field_name, found=_short(rpath))
        return
    if path_problem(rpath):
        code, instead = path_problem(rpath)
        yield Problem(file, code, field=field_name, found=_short(rpath), expected=instead)
        return
    full = package_dir / p
    if full.is_symlink() or any(parent.is_symlink() for parent in full.parents if package_dir in parent.parents) \
            or not full.resolve().is_relative_to(package_dir.resolve()):
        yield Problem(file, "unsafe-path", field=field_name, found=rpath)
        return
    if rname in CANONICAL_RESOURCES and rpath != f"{rname}.csv":
        yield Problem(file, "unexpected-path", field=field_name, found=rpath, expected=f"{rname}.csv")
        return
    label = f"{package_dir.name}/{rpath}"
    kind = files.kind(full)
    if kind != "file":
        yield Problem(label, "missing-file" if kind == "missing" else "not-a-regular-file", field=field_name,
                      found="" if kind == "missing" else rpath)
        return
    size = full.stat().st_size
    limit = max_file_bytes()
    if size == 0:
        yield Problem(label, "empty-file")
        return
    if size > limit:
        yield Problem(label, "file-too-large", found=str(size), expected=f"<= {limit}")
        return
    try:
        raw = files.read_bytes(full, limit)
    except files.UnsafeFile as exc:
        yield Problem(label, exc.code, field=field_name, found=exc.found or rpath)
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield Problem(label, "not-utf8", row=raw[: exc.start].count(b"\n") + 1, found=_encoding_guess(raw))
        return
    bad = False
    if text.startswith("\ufeff"):
        yield Problem(label, "bom", row=1)
        bad = True
    if "\x00" in text:
        yield Problem(label, "binary-file", row=text[: text.index("\x00")].count("\n") + 1)
        bad = True
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    if ";" in first and "," not in first:
        yield Problem(label, "semicolon-delimiter", row=1)
        bad = True
    elif "\t" in first and "," not in first:
        yield Problem(label, "tab-delimiter", row=1)
        bad = True
    rows = text.count("\n") + (0 if text.endswith("\n") else 1)
    limit_rows = max_rows()
    if rows > limit_rows:
        yield Problem(label, "too-many-rows", found=str(rows), expected=f"<= {limit_rows}")
        bad = True
    if not text.strip():
        yield Problem(label, "empty-file")
        bad = True
    if not bad:
        texts[rname] = text


def _encoding_guess(raw: bytes) -> str:
    """What a non-UTF-8 file most likely is: Excel's "CSV" on Windows writes Windows-1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return ""
    return "Windows-1252"


# --- cells frictionless would read too generously (or report too vaguely) ----------------------

def _check_number_cells(package_dir: Path, descriptor: dict, texts: dict[str, str],
                        split_rows: set[tuple[str, int]]) -> Iterator[Problem]:
    """Number and integer cells must be plain ``-1234.5``: a decimal comma, a thousands space, an
    exponent, ``NaN`` or other digits are reported here, each with what to write instead.

    An unquoted decimal comma (``…,9,8,…``) splits the number into two cells and shifts the rest
    of the row; such a row is reported once as a decimal comma and added to ``split_rows``."""
    for resource in descriptor.get("resources", []):
        rname = resource.get("name")
        text = texts.get(rname)
        schema = resource.get("schema")
        if text is None or not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            continue
        kinds = {f.get("name"): f.get("type") for f in schema["fields"] if isinstance(f, dict)}
        label = f"{package_dir.name}/{resource['path']}"
        try:
            yield from _number_cells_of(text, kinds, label, split_rows)
        except csv.Error:
            continue  # a file csv cannot parse: frictionless reports it with the row


def _number_cells_of(text: str, kinds: dict, label: str, split_rows: set[tuple[str, int]]) -> Iterator[Problem]:
    reader = csv.reader(io.StringIO(text, newline=""))  # quoted cells may hold line breaks
    header = next(reader, [])
    columns = [(i, name, kinds.get(name)) for i, name in enumerate(header) if kinds.get(name) in ("number", "integer")]
    for row_number, row in enumerate(reader, start=2):
        for index, value in enumerate(row):
            yield from text_problems(value, label, row_number, header[index] if index < len(header) else "")
        if len(row) == len(header) + 1:
            split = _split_decimal(row, columns)
            if split:
                name, whole, fraction = split
                split_rows.add((label, row_number))
                yield Problem(label, "decimal-comma", row_number, name, f"{whole},{fraction}", f"{whole}.{fraction}")
                continue
        for index, name, kind in columns:
            if index >= len(row) or row[index] == "":
                continue
            problem = _number_problem(row[index], kind)
            if problem:
                code, expected = problem
                yield Problem(label, code, row_number, name, _short(row[index]), expected)


def _control_character(text: str) -> str:
    """``"U+000D"`` for the first forbidden control character in ``text``, else ``""``."""
    return next((found for code, _, found, _ in characters.scan(text) if code == "control-character"), "")


def text_problems(text: str, file: str, row: int | None, field_name: str) -> Iterator[Problem]:
    """A control character or a bidi control (an error) and a zero-width character (a warning) in ``text``."""
    found = list(characters.scan(text))
    for code, _, what, severity in found:
        if code == "bidi-control" and any(c == "control-character" for c, *_ in found):
            continue  # one error for the text is enough
        yield Problem(file, code, row, field_name, what, "text", severity)


def _split_decimal(row: list[str], columns: list[tuple[int, str, str]]) -> tuple[str, str, str] | None:
    """The number column whose unquoted decimal comma split it in two (``"9"``, ``"8"``), if any."""
    for index, name, kind in columns:
        if kind == "number" and index + 1 < len(row) and re.match(r"^-?[0-9]+$", row[index]) \
                and re.match(r"^[0-9]+$", row[index + 1]):
            return name, row[index], row[index + 1]
    return None


def _number_problem(cell: str, kind: str) -> tuple[str, str] | None:
    if (INTEGER if kind == "integer" else NUMBER).match(cell):
        return None
    text = cell.strip()
    if DECIMAL_COMMA.match(text):
        if kind == "number":
            return "decimal-comma", text.replace(".", "").replace(",", ".").replace("−", "-")
    elif THOUSANDS.match(text):
        fixed = re.sub(r"[ \u00a0\u202f\u2009']", "", text).replace(",", ".").replace("−", "-")
        if (INTEGER if kind == "integer" else NUMBER).match(fixed):
            return "thousands-separator", fixed
    elif text.startswith("−") and (INTEGER if kind == "integer" else NUMBER).match("-" + text[1:]):
        return "minus-sign", "-" + text[1:]
    return "bad-number", "-1234.5" if kind == "number" else "-1234"


# --- frictionless ----------------------------------------------------------------------------

_ROW_AT = re.compile(r"row at position (\d+)")
_FK_NOTE = re.compile(r'values "(.*)" not found in the lookup table "(.*)" as "(.*)"')
_CONSTRAINT_NOTE = re.compile(r'constraint "(\w+)" is "(.*)"', re.S)
_TYPE_NOTE = re.compile(r'type is "(\w+)')


def _from_frictionless(package_dir: Path, descriptor: dict, texts: dict[str, str]) -> Iterator[Problem]:
    """Frictionless' errors, on the texts already read, as problems with file, row, field, found
    and expected filled in."""
    paths = {r.get("name"): r.get("path") for r in descriptor.get("resources", []) if isinstance(r, dict)}
    schemas = {r.get("name"): r.get("schema") for r in descriptor.get("resources", []) if isinstance(r, dict)}
    try:
        with system.use_context(trusted=False):
            report = tables.package(descriptor, texts).validate(limit_errors=1000)
    except FrictionlessException as exc:  # e.g. an extra resource whose Table Schema is malformed
        error = getattr(exc, "error", None)
        reasons = getattr(exc, "reasons", None) or []
        message = "; ".join(r.message for r in reasons) or str(exc)
        yield Problem(f"{package_dir.name}/datapackage.json", getattr(error, "type", "") or "package-error",
                      found=_short(re.sub(r"^\[[\w-]+\]\s*", "", message), 200))
        return
    for error in report.errors:
        yield Problem(f"{package_dir.name}/datapackage.json", error.type, found=_short(error.note or error.message, 200))
    for task in report.tasks:
        rname = getattr(task, "name", "")
        file = f"{package_dir.name}/{paths.get(rname) or rname}"
        schema = schemas.get(rname) if isinstance(schemas.get(rname), dict) else {}
        fields = [f.get("name") for f in schema.get("fields", []) if isinstance(f, dict)]
        primary_key = schema.get("primaryKey") or []
        primary_key = [primary_key] if isinstance(primary_key, str) else list(primary_key)
        blank_rows = {getattr(e, "row_number", None) for e in task.errors if e.type == "blank-row"}
        pk_rows = {getattr(e, "row_number", None) for e in task.errors if e.type == "primary-key"}
        for error in task.errors:
            row = getattr(error, "row_number", None)
            if error.type == "primary-key" and row in blank_rows:
                continue  # the blank row says it; its empty key is no second problem
            if error.type == "unique-error" and row in pk_rows and [getattr(error, "field_name", "")] == primary_key:
                continue  # the same duplicate id as the primary-key problem on this row
            yield _frictionless_problem(error, file, rname, fields, primary_key)


def _frictionless_problem(error, file: str, rname: str, fields: list[str], primary_key: list[str]) -> Problem:
    row = getattr(error, "row_number", None)
    field_name = getattr(error, "field_name", "") or ""
    note = error.note or ""
    cell = getattr(error, "cell", None)
    found = _short(cell) if isinstance(cell, str) else ""
    expected = _short(note or error.title, 200)
    kind = error.type
    if kind == "type-error":
        match = _TYPE_NOTE.search(note)
        expected = match.group(1) if match else expected
    elif kind == "constraint-error":
        expected = _constraint_expectation(note, field_name)
    elif kind in ("extra-label", "missing-label", "incorrect-label", "duplicate-label", "blank-label"):
        row = 1
        label = getattr(error, "label", "") or ""
        found = _short(label)
        if kind == "extra-label":
            field_name = label or f"#{getattr(error, 'field_number', '')}"
        expected = "columns: " + ", ".join(fields)
    elif kind in ("extra-cell", "missing-cell"):
        expected = f"columns: {len(fields)}"
    elif kind == "primary-key":
        field_name = "+".join(primary_key)
        found = ", ".join(_key_values(error, fields, primary_key))
        match = _ROW_AT.search(note)
        expected = f"row: {match.group(1)}" if match else "unique"
    elif kind == "unique-error":
        match = _ROW_AT.search(note)
        expected = f"row: {match.group(1)}" if match else "unique"
    elif kind == "foreign-key":
        names = list(getattr(error, "field_names", None) or [])
        field_name = "+".join(names)
        match = _FK_NOTE.search(note)
        if match:
            found = match.group(1)
            target = match.group(2) or rname
            expected = f"reference: {target}.{match.group(3)}"
        else:
            found = ", ".join(_key_values(error, fields, names))
            expected = f"reference: {getattr(error, 'reference_name', '') or rname}"
    elif not found:  # any other frictionless error: what it says is what was found
        found, expected = _short(note or error.message, 200), ""
    return Problem(file, kind, row, field_name, found, expected)


def _key_values(error, fields: list[str], names: list[str]) -> list[str]:
    cells = list(getattr(error, "cells", None) or [])
    out = []
    for name in names:
        index = fields.index(name) if name in fields else -1
        out.append(str(cells[index]) if 0 <= index < len(cells) else "")
    return out


def _constraint_expectation(note: str, field_name: str) -> str:
    match = _CONSTRAINT_NOTE.search(note)
    if not match:
        return _short(note, 200)
    constraint, value = match.groups()
    if constraint == "enum":
        try:
            values = ast.literal_eval(value)
            return "enum: " + " | ".join(str(v) for v in values)
        except (ValueError, SyntaxError):
            return f"enum: {value}"
    if constraint == "pattern":
        example = PATTERN_EXAMPLES.get(field_name, "mal-1" if value == ID_PATTERN else "")
        return f"pattern: {value}" + (f" ({example})" if example else "")
    if constraint == "minimum":
        return f">= {value}"
    if constraint == "maximum":
        return f"<= {value}"
    if constraint in ("required", "minLength"):
        return "required"
    return f"{constraint}: {value}"


def _short(value: object, limit: int = 60) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = text.replace("\r", "␍").replace("\n", "⏎")  # one problem, one line
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _json_short(value: object) -> str:
    try:
        return _short(json.dumps(value, ensure_ascii=False))
    except (TypeError, ValueError):
        return _short(value)


# --- domain rules -------------------------------------------------------------------------------

def check_plan(plan: model.Plan) -> Iterator[Problem]:
    """Every domain rule, on a plan that passed structural validation."""
    for rule in (_check_page_names, _check_periods, _check_observations, _check_baselines, _check_indicators,
                 _check_goals, _check_budget_lines, _check_budget_totals):
        yield from rule(plan)


def _check_page_names(plan: model.Plan) -> Iterator[Problem]:
    """Goal and indicator ids become page and file names: not ``index``, not a Windows device."""
    for field_name, items in (("goal_id", plan.goals), ("indicator_id", plan.indicators)):
        for item in items:
            problem = name_problem(getattr(item, field_name))
            if problem:
                yield Problem(item.source.file, problem[0], item.source.row, field_name, getattr(item, field_name),
                              problem[1])


def _check_periods(plan: model.Plan) -> Iterator[Problem]:
    first, last = plan.meta.first_year, plan.meta.last_year
    expected = f"{first}–{last}"
    for obs in plan.observations:
        if not first <= obs.period <= last:
            yield Problem(obs.source.file, "period-outside-plan", obs.source.row, "period", str(obs.period), expected)
    for line in plan.budget_lines:
        for value in line.values:
            if not first <= value.period <= last:
                yield Problem(value.source.file, "period-outside-plan", value.source.row, "period", str(value.period), expected)


def _check_observations(plan: model.Plan) -> Iterator[Problem]:
    units = {i.indicator_id: i.unit for i in plan.indicators}
    for obs in plan.observations:
        file, row = obs.source.file, obs.source.row
        if obs.comparator and obs.value_type != "mal":
            yield Problem(file, "comparator-not-target", row, "comparator", obs.comparator, "mal")
        if obs.value_max is not None:
            if obs.value_type != "mal":
                yield Problem(file, "range-not-target", row, "value_max", str(obs.value_max), "mal")
            if obs.value is None or obs.value_max < obs.value:
                yield Problem(file, "range-reversed", row, "value_max", str(obs.value_max), f">= {obs.value}")
        if obs.value is None and not obs.note:
            yield Problem(file, "empty-value-without-note", row, "note", "", "", "warning")
        if units.get(obs.indicator_id) == "procent":
            for name, value in (("value", obs.value), ("value_max", obs.value_max)):
                if value is not None and not 0 <= value <= 100:
                    yield Problem(file, "percent-out-of-range", row, name, str(value), "0–100", "warning")


def _check_baselines(plan: model.Plan) -> Iterator[Problem]:
    """A target for an indicator without any outcome cannot be followed up: worth a warning."""
    for ind in plan.indicators:
        targets = [o for o in ind.observations if o.value_type == "mal"]
        if targets and not any(o.value_type == "utfall" for o in ind.observations):
            first = min(targets, key=lambda o: o.source.row or 0)
            yield Problem(first.source.file, "target-without-baseline", first.source.row, "value_type", ind.indicator_id,
                          "utfall", "warning")


def _check_indicators(plan: model.Plan) -> Iterator[Problem]:
    for ind in plan.indicators:
        if ind.kind == "target" and not ind.goal_id:
            yield Problem(ind.source.file, "indicator-without-goal", ind.source.row, "goal_id", "", "goal_id")


def _in_cycle(start: str, parents: dict[str, str]) -> bool:
    """Whether following parent links from ``start`` comes back to an id already passed."""
    seen, current = set(), start
    while current:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current, "")
    return False


def _check_goals(plan: model.Plan) -> Iterator[Problem]:
    parents = {g.goal_id: g.parent_id for g in plan.goals}
    for goal in plan.goals:
        if _in_cycle(goal.goal_id, parents):
            yield Problem(goal.source.file, "goal-cycle", goal.source.row, "parent_id", goal.parent_id)


def _check_budget_lines(plan: model.Plan) -> Iterator[Problem]:
    """A line sums into a total of its own table; totals must not sum into themselves."""
    lines = {line.line_id: (table, line) for table in plan.budget_tables for line in table.lines}
    for table, line in lines.values():
        if not line.parent_id or line.parent_id not in lines:
            continue
        parent_table, parent = lines[line.parent_id]
        if parent_table.table_id != table.table_id:
            yield Problem(line.source.file, "parent-other-table", line.source.row, "parent_id", line.parent_id,
                          table.table_id)
    parents = {line_id: line.parent_id for line_id, (_, line) in lines.items()}
    for _, line in lines.values():
        if _in_cycle(line.line_id, parents):
            yield Problem(line.source.file, "line-cycle", line.source.row, "parent_id", line.parent_id)


def _check_budget_totals(plan: model.Plan) -> Iterator[Problem]:
    for diff in checks.total_differences(plan):
        yield Problem(
            diff.line.source.file,
            {"sum": "total-differs", "blank": "total-without-lines", "net": "net-differs"}[diff.kind],
            diff.line.source.row,
            "amount",
            f"{diff.printed} ({diff.column})",
            str(diff.computed),
            "warning",
        )


def problems_as_json(problems: Iterable[Problem], lang: str = "sv") -> str:
    return json.dumps([p.to_dict(lang) for p in problems], ensure_ascii=False, indent=2)
