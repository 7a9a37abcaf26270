"""Load stage: read a validated plan package and its Markdown into the model.

``plan_from`` assumes the package passed structural validation (the validate layer runs frictionless
first, on the same texts); it turns typed rows into frozen dataclasses and never writes anything.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import fields
from pathlib import Path
from typing import Any, Iterator

from frictionless import Resource

from generator.config.limits import Limits
from generator.ingest import files, frontmatter, tables
from generator.ingest.characters import strip_invisible
from generator.model import plan as model
from generator.model.codes import Gender, ObservationSource, ValueType, coded
from generator.spec.package import CANONICAL_RESOURCES

CHAPTER_FILE = re.compile(r"^(\d+)-([a-z0-9][a-z0-9-]*)\.md$")


class ContentError(ValueError):
    """A Markdown file that cannot be read as a chapter.

    ``code`` is the problem code validation reports (its messages in both languages live in
    ``texts.py``); ``message`` is a Swedish explanation for a traceback, ``row`` the line if known.
    """

    def __init__(self, file: str, message: str, code: str = "content-error", row: int | None = None,
                 found: str = ""):
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message
        self.code = code
        self.row = row
        self.found = found


def read_descriptor(package_dir: Path, limits: Limits = Limits()) -> dict:
    return json.loads(files.read_bytes(package_dir / "datapackage.json", limits.descriptor_bytes).decode("utf-8"))


def _rows(resource: Resource) -> Iterator[tuple[int, dict[str, Any]]]:
    with resource:
        for row in resource.row_stream:
            yield row.row_number, row.to_dict()


def _build(cls, row: dict[str, Any], source: model.Source, **extra):
    """One model object from a typed row; texts without invisible characters (validation warns of them)."""
    names = {f.name for f in fields(cls)}
    kwargs = {k: ("" if v is None and _is_str_field(cls, k) else coded(k, _visible(v))) for k, v in row.items()
              if k in names}
    kwargs.update(extra)
    return cls(source=source, **kwargs)


def _is_str_field(cls, name: str) -> bool:
    """A text or code field, where an empty cell is "" rather than None."""
    for f in fields(cls):
        if f.name == name:
            return f.type in ("str", str) or f.default == ""
    return False


def _visible(value: Any) -> Any:
    """``value`` with every text in it (also inside lists and dicts) without invisible characters."""
    if isinstance(value, str):
        return strip_invisible(value)
    if isinstance(value, dict):
        return {k: _visible(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_visible(v) for v in value]
    return value


def _meta(plan: dict) -> model.PlanMeta:
    plan = _visible(plan)
    source = plan.get("source", {})
    return model.PlanMeta(
        municipality=plan["municipality"],
        municipality_code=plan["municipality_code"],
        board=plan["board"],
        title=plan["title"],
        document_type=plan["document_type"],
        period_start=plan["period_start"],
        period_end=plan["period_end"],
        data_start=plan.get("data_start"),
        data_end=plan.get("data_end"),
        adopted_by=plan.get("adopted_by", ""),
        adopted_date=plan.get("adopted_date", ""),
        decision_reference=plan.get("decision_reference", ""),
        valid_from=plan.get("valid_from", ""),
        responsible=tuple(model.Person(p["name"], p.get("role", "")) for p in plan.get("responsible", [])),
        source_title=source.get("title", ""),
        source_file=source.get("file", ""),
        source_url=source.get("url", ""),
        source_note=source.get("note", ""),
        notes=tuple(plan.get("notes", [])),
    )


def read_chapter(path: Path, label: str, limit: int = Limits().max_file_bytes) -> model.Chapter:
    """One chapter file: YAML front matter with ``title`` and ``order``, then Markdown.

    Never read through a symbolic link, and at most ``limit`` bytes (``files.UnsafeFile`` otherwise)."""
    match = CHAPTER_FILE.match(path.name)
    if not match:
        raise ContentError(label, "filnamnet ska ha formen NN-namn.md (siffror, bindestreck, gemener a–z)",
                           "chapter-bad-filename", found=path.name)
    raw = files.read_bytes(path, limit)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(label, "filen är inte UTF-8", "chapter-not-utf8",
                           row=raw[: exc.start].count(b"\n") + 1) from None
    text = text.removeprefix("\ufeff")  # a BOM (Windows editors) is read, not misread as text
    try:
        parts = frontmatter.split(text)
        meta = frontmatter.read(parts.meta_text) or {}
    except frontmatter.FrontMatterError as exc:
        raise ContentError(label, f"front matter kan inte läsas ({exc.code})", exc.code, row=exc.row,
                           found=exc.found) from None
    if not isinstance(meta, dict) or not isinstance(meta.get("title"), str) or not meta["title"].strip():
        raise ContentError(label, "front matter saknar title (text)", "chapter-no-title",
                           found=repr(meta.get("title")) if isinstance(meta, dict) and "title" in meta else "")
    order = meta.get("order", int(match.group(1)))
    if not isinstance(order, int) or isinstance(order, bool):
        raise ContentError(label, "order i front matter ska vara ett heltal", "chapter-bad-order", found=repr(order))
    return model.Chapter(
        slug=match.group(2),
        title=meta["title"].strip(),
        order=order,
        markdown=parts.body.strip("\n") + "\n",
        first_row=parts.body_row + len(parts.body) - len(parts.body.lstrip("\n")),
        source=model.Source(label),
    )


def load_plan(package_dir: Path, limits: Limits = Limits()) -> model.Plan:
    """Read one plan package into a :class:`model.Plan` (without chapters: those come from
    validation, which reads, checks and renders them: ``validate.content``)."""
    descriptor = read_descriptor(package_dir, limits)
    texts = {spec["name"]: files.read_bytes(package_dir / spec["path"], limits.max_file_bytes).decode("utf-8")
             for spec in descriptor["resources"]}
    return plan_from(descriptor, texts)


def plan_from(descriptor: dict, texts: dict[str, str], chapters: tuple[model.Chapter, ...] = ()) -> model.Plan:
    """The model of a package whose resources' texts were read already (resource name -> CSV text)."""
    package = tables.package(descriptor, texts, references=False)  # validation checked them on these texts
    plan_id = descriptor["name"]
    src = lambda name, row: model.Source(f"{plan_id}/{name}.csv", row)  # noqa: E731

    rows: dict[str, list[tuple[int, dict]]] = {}
    extra: list[model.ExtraTable] = []
    for resource in package.resources:
        if resource.name in CANONICAL_RESOURCES:
            rows[resource.name] = list(_rows(resource))
        else:
            extra.append(_extra_table(resource))

    def objs(name: str, cls, **extra_kwargs):
        return [_build(cls, r, src(name, n), **extra_kwargs) for n, r in rows.get(name, [])]

    observations: dict[str, list[model.Observation]] = defaultdict(list)
    for obs in objs("observations", model.Observation):
        observations[obs.indicator_id].append(obs)
    reported: dict[str, list[model.Observation]] = defaultdict(list)
    followups = {f.followup_id: f for f in objs("followups", model.FollowUp)}
    for n, r in rows.get("followup_values", []):
        followup = followups.get(r["followup_id"])
        if followup is not None:  # else validation names the row (the schema's foreign key)
            reported[r["indicator_id"]].append(_followup_observation(r, followup, src("followup_values", n)))
    for n, r in rows.get("kolada_values", []):
        reported[r["indicator_id"]].append(_kolada_observation(r, src("kolada_values", n)))
    indicators = [
        _build(model.Indicator, r, src("indicators", n), observations=tuple(observations.get(r["indicator_id"], ())),
               reported=tuple(reported.get(r["indicator_id"], ())))
        for n, r in rows.get("indicators", [])
    ]
    values: dict[str, list[model.BudgetValue]] = defaultdict(list)
    for value in objs("budget_values", model.BudgetValue):
        values[value.line_id].append(value)
    lines: dict[str, list[model.BudgetLine]] = defaultdict(list)
    for n, r in rows.get("budget_lines", []):
        line = _build(model.BudgetLine, r, src("budget_lines", n), values=tuple(values.get(r["line_id"], ())))
        lines[line.table_id].append(line)
    budget_tables = [
        _build(model.BudgetTable, r, src("budget_tables", n),
               lines=tuple(sorted(lines.get(r["table_id"], ()), key=lambda x: x.order)))
        for n, r in rows.get("budget_tables", [])
    ]
    by_order = lambda items: tuple(sorted(items, key=lambda x: x.order))  # noqa: E731
    return model.Plan(
        plan_id=plan_id,
        meta=_meta(descriptor["plan"]),
        goals=by_order(objs("goals", model.Goal)),
        indicators=by_order(indicators),
        budget_tables=by_order(budget_tables),
        assignments=by_order(objs("assignments", model.Assignment)),
        risks=by_order(objs("risks", model.Risk)),
        premises_needs=by_order(objs("premises_needs", model.PremisesNeed)),
        decisions=by_order(objs("decisions", model.Decision)),
        corrections=tuple(objs("corrections", model.Correction)),
        followups=tuple(sorted(followups.values(), key=lambda f: (f.date, f.followup_id))),
        extra_tables=tuple(extra),
        chapters=chapters,
    )


def _followup_observation(row: dict[str, Any], followup: model.FollowUp, source: model.Source) -> model.Observation:
    """A row of followup_values.csv as an actual or forecast from its follow-up (dated by it)."""
    text = lambda name: _visible(row.get(name) or "")  # noqa: E731
    return model.Observation(
        indicator_id=row["indicator_id"], period=row["period"], value_type=ValueType(row["value_type"]),
        gender=Gender(row["gender"]), value=row.get("value"), printed=text("printed"), note=text("note"),
        source=source, origin=ObservationSource.FOLLOWUP, origin_date=followup.date.isoformat(),
        origin_url=followup.url, followup=followup, section=text("section"),
    )


def _kolada_observation(row: dict[str, Any], source: model.Source) -> model.Observation:
    """A row of kolada_values.csv as an actual from Kolada (its status flag as the note)."""
    return model.Observation(
        indicator_id=row["indicator_id"], period=row["period"], value_type=ValueType.ACTUAL,
        gender=Gender(row["gender"]), value=row["value"], note=_visible(row.get("status") or ""), source=source,
        origin=ObservationSource.KOLADA, origin_date=row["retrieved"].isoformat(), origin_url=row["request_url"],
    )


def _extra_table(resource: Resource) -> model.ExtraTable:
    schema_fields = resource.schema.fields
    headers = tuple(f.title or f.name for f in schema_fields)
    out = []
    for _, row in _rows(resource):
        out.append(tuple("" if row.get(f.name) is None else _visible(str(row.get(f.name))) for f in schema_fields))
    return model.ExtraTable(
        name=resource.name,
        title=resource.title or resource.name,
        headers=headers,
        rows=tuple(out),
        description=resource.description or "",
    )
