"""The descriptor of a plan package: datapackage.json read safely, its plan metadata, resources,
schemas, profiles and paths checked, and each declared file read once."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Iterator

from jsonschema import Draft202012Validator, validators

from generator.config.limits import Limits
from generator.ingest import files
from generator.model.codes import Severity
from generator.model.problems import Problem, json_short, short
from generator.spec.municipalities import COUNTIES, MUNICIPALITIES, name_matches
from generator.spec.names import name_problem, path_problem
from generator.spec.package import (
    CANONICAL_RESOURCES,
    NEEDED_RESOURCES,
    REQUIRED_RESOURCES,
    canonical_schema,
    plan_metadata_schema,
)
from generator.validate.values import text_problems


def read_descriptor(package_dir: Path, file: str, limits: Limits):
    """The parsed ``datapackage.json`` (a generator: yields problems, returns the dict or None)."""
    path = package_dir / "datapackage.json"
    if path.is_symlink():
        yield Problem(file, "unsafe-path", found="datapackage.json")
        return None
    if files.kind(path) == "missing":
        yield Problem(file, "missing-descriptor")
        return None
    size = path.stat().st_size
    limit = limits.descriptor_bytes
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
        yield Problem(file, "not-utf8", row=raw[: exc.start].count(b"\n") + 1, found=encoding_guess(raw))
        return None
    text = text.removeprefix("\ufeff")  # Windows editors write a byte-order mark: read, not refused
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


def check_descriptor(package_dir: Path, descriptor: dict, file: str, texts: dict[str, str],
                     limits: Limits) -> Iterator[Problem]:
    if descriptor.get("name") != package_dir.name:
        yield Problem(file, "name-mismatch", field="name", found=short(descriptor.get("name")), expected=package_dir.name)
    plan = descriptor.get("plan")
    if not isinstance(plan, dict):
        yield Problem(file, "missing-plan", field="plan")
    else:
        yield from _check_plan_metadata(plan, file)
    for where, value in strings({k: v for k, v in descriptor.items() if k != "plan"}, ""):
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
    for name, needed in NEEDED_RESOURCES.items():
        if name in names and needed not in names:
            yield Problem(file, "missing-resource", field="resources", found=name, expected=needed)
    seen: set[str] = set()
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict):
            yield Problem(file, "invalid-resource", field=f"resources[{index}]", found=short(resource))
            continue
        rname = resource.get("name")
        if not isinstance(rname, str) or not re.match(r"^[a-z0-9_.-]{1,80}$", rname):
            yield Problem(file, "invalid-resource", field=f"resources[{index}].name", found=short(rname),
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
        yield from _check_path(package_dir, resource, file, rname, texts, limits)
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
                          found=short(constraints["pattern"]))


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
        yield Problem(file, "unsafe-path", field=f"{where}profile", found=short(profile))
    if schema is not None and not (isinstance(schema, str) and schema.startswith(_SCHEMA_URLS)
                                   and ".." not in schema and "?" not in schema):
        yield Problem(file, "unsafe-path", field=f"{where}$schema", found=short(schema))


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
    return where, json_short(given)


@functools.cache
def _format_patterns() -> frozenset[str]:
    """Every ``pattern`` the canonical Table Schemas use (ids, Kolada ids, Agenda 2030 goals …)."""
    return frozenset(spec["constraints"]["pattern"] for name in CANONICAL_RESOURCES
                     for spec in canonical_schema(name)["fields"] if "pattern" in spec.get("constraints", {}))


def _check_resource_properties(resource: dict, file: str, rname: str) -> Iterator[Problem]:
    for key, allowed in _RESOURCE_PROPERTIES.items():
        if key in resource and str(resource[key]).lower() not in allowed:
            yield Problem(file, "resource-property", field=f"resources.{rname}.{key}", found=short(resource[key]),
                          expected=sorted(allowed)[0])
    for key in _FORBIDDEN_PROPERTIES:
        if key in resource:
            yield Problem(file, "resource-property", field=f"resources.{rname}.{key}", found=json_short(resource[key]),
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
            yield Problem(file, "plan-metadata", field=where, found=json_short(err.instance),
                          expected=_schema_expectation(err.validator, err.validator_value, err.schema))
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
    for where, value in strings(plan, "plan"):
        yield from text_problems(value, file, None, where)


def strings(value: object, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{where}[{index}]")


def _schema_expectation(validator: str, value: object, schema: object = None) -> str:
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
    examples = schema.get("examples") if isinstance(schema, dict) else None
    if validator in ("pattern", "format") and examples:
        return f"{validator}: {value} ({json.dumps(examples[0], ensure_ascii=False)})"
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
                      expected=f"{code} {MUNICIPALITIES[code]}", severity=Severity.WARNING)


def _check_path(package_dir: Path, resource: dict, file: str, rname: str, texts: dict[str, str],
                limits: Limits) -> Iterator[Problem]:
    rpath = resource.get("path")
    field_name = f"resources.{rname}.path"
    if "data" in resource:
        yield Problem(file, "inline-data", field=f"resources.{rname}.data")
        return
    if not isinstance(rpath, str) or not rpath:
        yield Problem(file, "invalid-resource", field=field_name, found=short(rpath), expected="type: string")
        return
    p = Path(rpath)
    if (":" in rpath or p.is_absolute() or ".." in p.parts or rpath.startswith("~") or "\\" in rpath
            or "\x00" in rpath):
        yield Problem(file, "unsafe-path", field=field_name, found=short(rpath))
        return
    if path_problem(rpath):
        code, instead = path_problem(rpath)
        yield Problem(file, code, field=field_name, found=short(rpath), expected=instead)
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
    limit = limits.max_file_bytes
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
        yield Problem(label, "not-utf8", row=raw[: exc.start].count(b"\n") + 1, found=encoding_guess(raw))
        return
    text = text.removeprefix("\ufeff")  # Excel's "CSV UTF-8" starts with a byte-order mark
    bad = False
    if "\x00" in text:
        yield Problem(label, "binary-file", row=text[: text.index("\x00")].count("\n") + 1)
        bad = True
    first = text.split("\n", 1)[0]
    if ";" in first and "," not in first:
        yield Problem(label, "semicolon-delimiter", row=1)
        bad = True
    elif "\t" in first and "," not in first:
        yield Problem(label, "tab-delimiter", row=1)
        bad = True
    rows = text.count("\n") + (0 if text.endswith("\n") else 1)
    limit_rows = limits.max_rows
    if rows > limit_rows:
        yield Problem(label, "too-many-rows", found=str(rows), expected=f"<= {limit_rows}")
        bad = True
    if not text.strip():
        yield Problem(label, "empty-file")
        bad = True
    if not bad:
        texts[rname] = text


def encoding_guess(raw: bytes) -> str:
    """What a non-UTF-8 file most likely is: Excel's "CSV" on Windows writes Windows-1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return ""
    return "Windows-1252"
