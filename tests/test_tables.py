"""ingest.tables: frictionless over the texts validation read, its descriptor checks remembered."""

from __future__ import annotations

import pytest
from frictionless import Field, FrictionlessException, Schema
from frictionless.fields import IntegerField

from generator.ingest import tables

GOOD = {"fields": [{"name": "year", "type": "integer", "constraints": {"minimum": 2000}}]}
BAD = {"fields": [{"name": "year", "type": "integer", "constraints": {"pattern": "^2"}}]}  # no pattern on integers


def test_a_wrong_schema_is_refused_every_time_and_a_right_one_never():
    for _ in range(3):
        with pytest.raises(FrictionlessException, match="not supported"):
            Schema.from_descriptor(BAD)
        assert Schema.from_descriptor(GOOD).fields[0].constraints == {"minimum": 2000}
        assert [e.note for e in IntegerField.metadata_validate(BAD["fields"][0])] == [
            'constraint "pattern" is not supported by type "integer"']


def test_the_checks_are_remembered_by_descriptor_not_by_name(monkeypatch):
    monkeypatch.setattr(tables, "_checks", {})
    schema = Schema.from_descriptor(GOOD).to_copy()  # a copy checks under the version its original resolved
    remembered = len(tables._checks)
    assert remembered >= 2  # the schema's and its field's
    for _ in range(5):
        schema.to_copy()
    assert len(tables._checks) == remembered
    with pytest.raises(FrictionlessException):
        Schema.from_descriptor(BAD)  # same names, another descriptor: checked, not taken from memory
    assert len(tables._checks) > remembered


def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(tables, "_checks", {})
    monkeypatch.setattr(tables, "REMEMBERED", 10)
    for i in range(25):
        Field.from_descriptor({"name": f"f{i}", "type": "string"})
    assert len(tables._checks) <= 10
