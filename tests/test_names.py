"""Names that become pages or files: not a page the site makes itself, no Windows device, no dotfile."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.validate.project import validate_project

from .conftest import make_package

DEVICES = ["con", "CON", "nul", "aux", "prn", "com0", "com1", "com9", "lpt0", "lpt9", "Nul.csv", "con.tar.gz",
           "aux .csv", "com¹", "lpt³.txt", "conin$", "CONOUT$"]
NOT_DEVICES = ["console", "con-1", "nulla", "com10", "lpt", "com", "auxiliary.csv", "tabell.csv", "prn1", "a.con"]


@pytest.mark.parametrize("name", DEVICES)
def test_windows_device_names(name: str):
    from generator.spec.names import device_name

    assert device_name(name)


@pytest.mark.parametrize("name", NOT_DEVICES)
def test_names_that_are_no_devices(name: str):
    from generator.spec.names import device_name

    assert not device_name(name)


@pytest.mark.parametrize("slug, code", [("index", "reserved-name"), ("con", "device-name")])
def test_a_chapter_whose_page_name_is_reserved_is_refused(tmp_path: Path, slug: str, code: str):
    make_package(tmp_path)
    chapter = tmp_path / "content" / "testby-testnamnden-2024" / f"01-{slug}.md"
    chapter.parent.mkdir(parents=True)
    chapter.write_text("---\ntitle: Kapitel\n---\n\nText\n", encoding="utf-8")
    report = validate_project(tmp_path / "datapackages", tmp_path / "content")
    assert [(p.code, p.file, p.found) for p in report.errors] == [
        (code, f"content/testby-testnamnden-2024/01-{slug}.md", slug)]


def test_a_plan_folder_named_like_a_windows_device_is_refused(tmp_path: Path):
    """The case lives here, not in tests/bad/: Git for Windows cannot check out a folder named nul."""
    make_package(tmp_path, plan_id="nul")
    report = validate_project(tmp_path / "datapackages")
    assert [(p.code, p.file, p.field) for p in report.errors] == [("device-name", "nul/datapackage.json", "name")]
    (problem,) = report.errors
    assert "nul-1" in problem.message("sv") and "nul-1" in problem.message("en")


@pytest.mark.parametrize("path, problem", [
    (".tabell.csv", ("hidden-path", "tabell.csv")),
    ("data/.htaccess", ("hidden-path", "data/htaccess")),
    ("./tabell.csv", ("hidden-path", "tabell.csv")),
    ("data/Con.csv", ("device-name", "data/Con-1.csv")),
    ("nul/tabell.csv", ("device-name", "nul-1/tabell.csv")),
    ("tabeller/tabell.csv", None),
])
def test_resource_paths(path: str, problem):
    from generator.spec.names import path_problem

    assert path_problem(path) == problem


def test_an_extra_resource_named_like_a_device_is_refused(tmp_path: Path):
    def patch(descriptor):
        descriptor["resources"].append({"name": "aux", "path": "goals.csv", "schema": descriptor["resources"][0]["schema"]})

    make_package(tmp_path, descriptor_patch=patch)
    report = validate_project(tmp_path / "datapackages")
    assert [(p.code, p.field, p.expected) for p in report.errors] == [("device-name", "resources[6].name", "aux-1")]
