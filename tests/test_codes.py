"""The codes in one place: the enums match the Table Schemas, and every code has its words."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from generator.i18n import texts
from generator.ingest.load import load_plan
from generator.model import codes
from generator.model.problems import Problem

from .conftest import make_package

SCHEMAS = Path(codes.__file__).resolve().parents[1] / "spec" / "schemas"
#: Groups whose codes readers see, with the label group naming them in the catalogue.
LABELLED = {"value_type": codes.ValueType, "gender": codes.Gender, "kind": codes.IndicatorKind,
            "level": codes.GoalLevel, "direction": codes.Direction, "comparator": codes.Comparator,
            "trend": codes.Trend, "budget_type": codes.BudgetType, "measure": codes.Measure,
            "decided_by": codes.DecidedBy, "followup_type": codes.FollowUpType}


def _schema_enums() -> list[tuple[str, str, list[str]]]:
    found = []
    for path in sorted(SCHEMAS.glob("*.json")):
        for spec in json.loads(path.read_text(encoding="utf-8")).get("fields", []):
            enum = spec.get("constraints", {}).get("enum")
            if enum and spec["name"] != "unit":  # a budget table's unit is a unit, not a code
                found.append((path.stem, spec["name"], enum))
    return found


def test_every_coded_column_of_the_schemas_has_its_enum():
    found = _schema_enums()
    assert len(found) >= 14
    for resource, column, enum in found:
        assert column in codes.FIELD_CODES, f"{resource}.{column}: add an enum to model/codes.py"
        assert set(enum) <= {m.value for m in codes.FIELD_CODES[column]}, f"{resource}.{column}"
    for column, enum in codes.FIELD_CODES.items():
        union = {v for _, c, values in found if c == column for v in values}
        assert union == {m.value for m in enum}, column


@pytest.mark.parametrize("lang", texts.LANGUAGES)
def test_every_code_readers_see_has_a_label(lang):
    for group, enum in LABELLED.items():
        assert set(texts.labels(group, lang)) == {m.value for m in enum}, (group, lang)


def test_the_model_holds_codes_as_enum_members(tmp_path):
    make_package(tmp_path)
    ind = load_plan(tmp_path / "datapackages" / "testby-testnamnden-2024").indicators[0]
    assert isinstance(ind.kind, codes.IndicatorKind)
    obs = ind.observations[0]
    assert isinstance(obs.value_type, codes.ValueType) and isinstance(obs.gender, codes.Gender)
    assert obs.value_type == obs.value_type.value  # still equal to the code as written
    assert isinstance(obs.value, Decimal)


def test_a_problem_severity_is_a_severity():
    problem = Problem("x.csv", "bom", severity="warning")
    assert problem.severity is codes.Severity.WARNING
    assert problem.to_dict()["severity"] == "warning"
    with pytest.raises(ValueError):
        Problem("x.csv", "bom", severity="fatal")
