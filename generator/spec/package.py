"""The plan data package format: canonical Table Schemas and the datapackage.json descriptor.

Every plan is a folder ``datapackages/<plan-id>/`` with ``datapackage.json`` and one CSV per
resource. The schemas in ``generator/spec/schemas/`` are the format; each descriptor embeds them so a
package is self-contained and validates on its own (also after it is published).

Run ``python -m generator.spec.package datapackages/<plan-id>`` to (re)write the descriptor's
resources from the CSV files present, keeping the ``plan`` metadata and any extra resources.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

SCHEMA_DIR = Path(__file__).parent / "schemas"

#: Resources with a canonical schema, in the order they are listed in a descriptor.
CANONICAL_RESOURCES = (
    "goals",
    "indicators",
    "observations",
    "budget_tables",
    "budget_lines",
    "budget_values",
    "assignments",
    "risks",
    "premises_needs",
    "decisions",
    "corrections",
    "followups",
    "followup_values",
    "kolada_values",
)

#: Resources every plan must have (they may hold only a header row).
REQUIRED_RESOURCES = ("goals", "indicators", "observations")

#: Optional resources that need another one beside them: a follow-up's values name their follow-up.
NEEDED_RESOURCES = {"followup_values": "followups"}

#: The resources of a plan's follow-ups (delårsrapport, verksamhetsberättelse, årsredovisning): the
#: spreadsheet template always has their sheets, empty when the plan has no follow-up yet.
FOLLOWUP_RESOURCES = ("followups", "followup_values")

RESOURCE_TITLES = {
    "goals": "Mål",
    "indicators": "Indikatorer",
    "observations": "Värden (utfall, prognoser, mål)",
    "budget_tables": "Budgettabeller",
    "budget_lines": "Budgetrader",
    "budget_values": "Budgetbelopp",
    "assignments": "Uppdrag",
    "risks": "Risker (internkontroll)",
    "premises_needs": "Lokalbehov",
    "decisions": "Beslut",
    "corrections": "Rättelser av textutdraget",
    "followups": "Uppföljningar (delårsrapporter, verksamhetsberättelser, årsredovisningar)",
    "followup_values": "Värden från uppföljningar",
    "kolada_values": "Värden från Kolada",
}

LICENSE = {
    "name": "CC0-1.0",
    "title": "Creative Commons Zero v1.0 Universal",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
}


@cache
def _load_schema(name: str) -> str:
    return (SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8")


def canonical_schema(name: str) -> dict:
    """The Table Schema of a canonical resource (a fresh copy)."""
    return json.loads(_load_schema(name))


def plan_metadata_schema() -> dict:
    """The JSON Schema of the ``plan`` property of a descriptor."""
    return json.loads(_load_schema("plan"))


def plan_metadata_fields() -> list[tuple[str, dict, bool]]:
    """Every field of the plan metadata, nested ones too, as ``(path, schema, required)``: the
    fields of ``source`` as ``source.title``, those of each person in ``responsible`` as
    ``responsible[].name``; ``required`` within the object that holds the field."""
    out: list[tuple[str, dict, bool]] = []

    def walk(schema: dict, prefix: str) -> None:
        required = set(schema.get("required", []))
        for name, prop in schema.get("properties", {}).items():
            path = f"{prefix}{name}"
            out.append((path, prop, name in required))
            if prop.get("type") == "object":
                walk(prop, f"{path}.")
            elif prop.get("type") == "array" and prop.get("items", {}).get("type") == "object":
                walk(prop["items"], f"{path}[].")

    walk(plan_metadata_schema(), "")
    return out


def resource_descriptor(name: str) -> dict:
    return {
        "name": name,
        "title": RESOURCE_TITLES[name],
        "path": f"{name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": canonical_schema(name),
    }


def build_descriptor(plan_id: str, plan: dict, present: list[str], extra: list[dict] | None = None) -> dict:
    """A complete descriptor for a plan whose canonical CSV files ``present`` exist."""
    title = f"{plan.get('title', plan_id)} – {plan.get('board', '')}, {plan.get('municipality', '')} kommun"
    resources = [resource_descriptor(n) for n in CANONICAL_RESOURCES if n in present]
    return {
        "name": plan_id,
        "title": title,
        "licenses": [LICENSE],
        "plan": plan,
        "resources": resources + list(extra or []),
    }


def descriptor_text(descriptor: dict) -> str:
    """A descriptor as every tool of the project writes it: JSON, two-space indent, UTF-8, a final newline."""
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def write_descriptor(package_dir: Path) -> Path:
    """Rewrite ``package_dir/datapackage.json`` with canonical schemas for the CSVs present."""
    path = package_dir / "datapackage.json"
    old = json.loads(path.read_text(encoding="utf-8"))
    present = [n for n in CANONICAL_RESOURCES if (package_dir / f"{n}.csv").exists()]
    extra = [r for r in old.get("resources", []) if r.get("name") not in CANONICAL_RESOURCES]
    descriptor = build_descriptor(package_dir.name, old["plan"], present, extra)
    path.write_text(descriptor_text(descriptor), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover - a maintenance tool
    for arg in sys.argv[1:]:
        print(write_descriptor(Path(arg)))
