"""The shape of the spreadsheet template, shared by the export and the import.

- A sheet ``plan`` with one row per field of the plan metadata: the field's path (``plan_id``,
  ``title``, ``source.url``, ``responsible[1].name``, ``notes[2]``), its value and its meaning.
- One sheet per table of the package, named like the table's CSV file (``goals`` for
  ``goals.csv``), its header row the columns' titles from the schema (``Mål-id``); the import also
  takes the column names (``goal_id``), in any order. The follow-ups' sheets (``followups``,
  ``followup_values``) are always there; left empty they add no table to the package.
- A field or column that must be filled in is marked: `` *`` after its path on the plan sheet (in
  bold) and after its header (``Mål-id *``), from the format's own lists of what is required (the
  plan metadata schema's ``required``, a Table Schema field's ``constraints.required``); the help
  sheet says what the mark means. The import reads a path or header with or without the mark.
- A sheet ``hjälp`` explaining every column, and, for a plan with tables of its own, a hidden sheet
  ``egna_tabeller`` holding their descriptions, so that the workbook alone recreates the package.
"""

from __future__ import annotations

import re
from decimal import Decimal

from generator.model.codes import FIELD_CODES
from generator.spec.package import plan_metadata_fields

PLAN_SHEET = "plan"
HELP_SHEET = "hjälp"
EXTRA_SHEET = "egna_tabeller"
PLAN_ID = "plan_id"
#: The plan sheet's columns: field, value, meaning.
PLAN_COLUMNS = ("field", "value", "meaning")
#: After the path or header of a field that must be filled in.
REQUIRED_MARK = " *"
_ITEM = re.compile(r"^(?P<list>responsible|notes)\[(?P<index>[1-9][0-9]{0,2})\](?:\.(?P<key>role|name))?$")


def scalar_fields() -> list[tuple[str, dict, bool]]:
    """The plan metadata's fields that hold one value (``source.url``, not ``source`` or ``notes``)."""
    return [(path, prop, required) for path, prop, required in plan_metadata_fields()
            if prop.get("type") not in ("object", "array") and "[]" not in path]


def plan_rows(plan_id: str, plan: dict) -> list[tuple[str, object]]:
    """The plan sheet's rows, ``(path, value)``: the plan's id, every field that holds one value,
    then each person in ``responsible`` and each note (an empty one when there are none)."""
    rows: list[tuple[str, object]] = [(PLAN_ID, plan_id)]
    for path, _, _ in scalar_fields():
        head, _, key = path.partition(".")
        value = plan.get(head, {}).get(key) if key else plan.get(head)
        rows.append((path, "" if value is None else value))
    people = plan.get("responsible") or [{}]
    for index, person in enumerate(people, start=1):
        rows += [(f"responsible[{index}].role", person.get("role", "")),
                 (f"responsible[{index}].name", person.get("name", ""))]
    for index, note in enumerate(plan.get("notes") or [""], start=1):
        rows.append((f"notes[{index}]", note))
    return rows


def plan_field(path: str) -> dict | None:
    """The schema of the field a plan sheet row names (``responsible[2].name`` → that of
    ``responsible[].name``), or ``None`` for a row the format does not know."""
    if path == PLAN_ID:
        return {"type": "string"}
    match = _ITEM.match(path)
    if match:
        if match["list"] == "notes":
            return None if match["key"] else {"type": "string"}
        if not match["key"]:
            return None
        path = f"responsible[].{match['key']}"
    return next((prop for p, prop, _ in plan_metadata_fields() if p == path and prop.get("type") != "object"
                 and prop.get("type") != "array"), None)


def plan_field_required(path: str) -> bool:
    """Whether a plan sheet row must be filled in: the plan's id (it names the plan), and a field the
    plan metadata schema requires at every level of its path – ``source.title`` (``source`` is
    required, and ``title`` in it), not ``responsible[1].name`` (the list itself may be left out)."""
    if path == PLAN_ID:
        return True
    match = _ITEM.match(path)
    if match:
        path = f"{match['list']}[]" + (f".{match['key']}" if match["key"] else "")
    required = {p: r for p, _, r in plan_metadata_fields()}
    parts = path.split(".")
    return all(required.get(".".join(parts[:n]).removesuffix("[]"), False) for n in range(1, len(parts) + 1))


def column_required(spec: dict) -> bool:
    """Whether a table's column must be filled in on every row (its ``constraints.required``)."""
    return bool((spec.get("constraints") or {}).get("required"))


def marked(text: str, required: bool) -> str:
    """A plan sheet path or a header as the template writes it: with the mark when required."""
    return text + REQUIRED_MARK if required else text


def unmarked(text: str) -> str:
    """A plan sheet path or a header as the import reads it: without the mark (a workbook written
    before the marks has none; one typed as ``Mål-id*`` is read too)."""
    text = text.strip()
    return text[:-1].rstrip() if text.endswith(REQUIRED_MARK.strip()) else text


def plan_from_rows(values: dict[str, object]) -> tuple[str, dict]:
    """The plan's id and metadata from the plan sheet's ``path -> value`` (empty values left out),
    in the order of the format, so that a plan read back equals the plan written out."""
    plan: dict = {}
    for path, _, _ in scalar_fields():
        value = values.get(path)
        if value in (None, ""):
            continue
        head, _, key = path.partition(".")
        if key:
            plan.setdefault(head, {})[key] = value
        else:
            plan[head] = value
    people: dict[int, dict] = {}
    notes: dict[int, str] = {}
    for path, value in values.items():
        match = _ITEM.match(path)
        if not match or value in (None, ""):
            continue
        if match["list"] == "notes":
            notes[int(match["index"])] = value
        else:
            people.setdefault(int(match["index"]), {})[match["key"]] = value
    if people:
        plan["responsible"] = [people[i] for i in sorted(people)]
    if notes:
        plan["notes"] = [notes[i] for i in sorted(notes)]
    ordered = {path.partition(".")[0]: None for path, _, _ in plan_metadata_fields()}
    plan = {key: plan[key] for key in ordered if key in plan}
    plan_id = values.get(PLAN_ID)
    return (plan_id if isinstance(plan_id, str) else "" if plan_id is None else str(plan_id)), plan


def column_title(spec: dict) -> str:
    """A column's header in the template: its title in the schema, else its name."""
    return str(spec.get("title") or spec["name"])


def header_names(fields: list[dict]) -> dict[str, str]:
    """Every header the import reads as a column (title and name, any case, without the mark of a
    required column: look up ``unmarked(header).casefold()``) -> the column's name."""
    out: dict[str, str] = {}
    for spec in fields:
        out.setdefault(spec["name"].casefold(), spec["name"])
    for spec in fields:
        out.setdefault(column_title(spec).strip().casefold(), spec["name"])
    return out


def allowed_values(spec: dict) -> list[str]:
    """The codes a column may hold (its enum; ``true``/``false`` for a yes-or-no column), else []."""
    if spec.get("type") == "boolean":
        return ["true", "false"]
    enum = FIELD_CODES.get(spec["name"])
    schema_values = (spec.get("constraints") or {}).get("enum") or []
    if enum is not None and [str(v) for v in schema_values] == [m.value for m in enum]:
        return [m.value for m in enum]
    return [str(v) for v in schema_values]


def decimals(plain: str) -> int:
    """How many decimals a number as the format writes it has ("30.40" → 2)."""
    return len(plain.partition(".")[2])


def plain_number(value: Decimal) -> str:
    """A Decimal as the format writes it: no exponent, the decimals it has."""
    return format(value, "f")
