"""The shipped plan packages: valid against the format, self-contained, and re-valid when published."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from frictionless import Package

from generator.spec.package import CANONICAL_RESOURCES, canonical_schema
from generator.validate.project import validate_project

from .conftest import ROOT

PACKAGES = sorted(p for p in (ROOT / "datapackages").iterdir() if (p / "datapackage.json").exists())


def test_at_least_one_plan_is_shipped():
    assert any(p.name == "varnamo-medborgarnamnden-2024-2026" for p in PACKAGES)


def test_every_shipped_package_validates_without_errors():
    report = validate_project(ROOT / "datapackages", ROOT / "content")
    assert [p.line() for p in report.errors] == []
    assert sorted(report.plans) == sorted(p.name for p in PACKAGES)


@pytest.mark.parametrize("package_dir", PACKAGES, ids=lambda p: p.name)
def test_frictionless_alone_says_valid(package_dir: Path):
    report = Package(str(package_dir / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize("package_dir", PACKAGES, ids=lambda p: p.name)
def test_descriptor_embeds_the_canonical_schemas(package_dir: Path):
    descriptor = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["name"] == package_dir.name
    assert descriptor["licenses"][0]["name"] == "CC0-1.0"
    for resource in descriptor["resources"]:
        if resource["name"] in CANONICAL_RESOURCES:
            assert resource["schema"] == canonical_schema(resource["name"])
            assert resource["path"] == f"{resource['name']}.csv"


def test_published_packages_revalidate(built_site: Path):
    for package_dir in PACKAGES:
        published = built_site / "data" / package_dir.name / "datapackage.json"
        assert published.exists()
        assert Package(str(published)).validate().valid
