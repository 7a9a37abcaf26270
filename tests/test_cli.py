"""The command line: exit codes, one-line errors with file and row, atomic builds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

from .conftest import csv_text, make_package


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_help_explains_both_commands():
    result = run("--help")
    assert result.exit_code == 0
    assert "validate" in result.output and "build" in result.output
    for command in ("validate", "build"):
        sub = run(command, "--help")
        assert sub.exit_code == 0 and "Exempel" in sub.output


def test_validate_accepts_a_valid_package(project: Path):
    result = run("validate", str(project / "datapackages"))
    assert result.exit_code == 0, result.output
    assert "0 fel" in result.output


def test_validate_reports_file_row_and_field(project: Path):
    bad = csv_text(["indicator_id", "period", "value_type", "gender", "comparator", "value", "value_max", "printed", "trend", "comparison", "note"],
                   [["vantetid", "2022", "utfall", "T", "", "13", "", "13", "", "", ""],
                    ["vantetid", "2025", "mal", "X", "<=", "två", "", "≤2", "", "", ""]])
    make_package(project, files={"observations.csv": bad})
    result = run("validate", str(project / "datapackages"), "--lang", "en")
    assert result.exit_code == 1
    lines = [l for l in result.output.splitlines() if l.startswith("ERROR")]
    assert any("observations.csv:3: gender:" in l for l in lines), lines
    assert any("observations.csv:3: value:" in l for l in lines), lines  # all errors in one run
    assert "Traceback" not in result.output


def test_validate_json_format(project: Path):
    make_package(project, plan={"municipality": "X"})
    result = run("validate", str(project / "datapackages"), "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert problems and all({"file", "row", "field", "code", "message"} <= set(p) for p in problems)
    assert any(p["code"] == "plan-metadata" for p in problems)


def test_build_writes_site_and_failed_build_leaves_it_untouched(project: Path):
    site = project / "site"
    ok = run("build", "--root", str(project), "--site-dir", str(site), "-q")
    assert ok.exit_code == 0, ok.output
    index = site / "index.html"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert index in before
    make_package(project, files={"budget_values.csv": "line_id,column\n"})  # broken
    failed = run("build", "--root", str(project), "--site-dir", str(site), "-q")
    assert failed.exit_code == 1
    assert "Traceback" not in failed.output
    assert "webbplatsen har inte ändrats" in failed.output
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]  # no half-built folders left



def test_the_build_speaks_english_when_asked(project):
    result = CliRunner().invoke(cli, ["build", "--root", str(project), "--site-dir", str(project / "site"), "-q",
                                      "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith("Built ")
    (project / "datapackages" / "testby-testnamnden-2024" / "goals.csv").write_text("goal_id\n", encoding="utf-8")
    failed = CliRunner().invoke(cli, ["build", "--root", str(project), "--site-dir", str(project / "site"), "-q",
                                      "--lang", "en"])
    assert failed.exit_code == 1 and "errors in the input – the site was not changed" in failed.output
    assert "ERROR: " in failed.output and "FEL:" not in failed.output


@pytest.mark.parametrize("change, words", [
    (lambda text: text + "site_url: exempel.se/planer\n", "site_url"),
    (lambda text: text.replace("language: sv", "language: de"), "theme.language"),
    (lambda text: text.replace('contact: "skriv', 'contact: ["skriv').replace('finns"', 'finns"]'), "contact"),
    (lambda text: "site_name: [\n", "kan inte läsas"),
    (None, "saknas"),
])
def test_a_bad_setting_is_one_clean_line_and_nothing_is_built(project, change, words: str):
    settings = project / "mkdocs.yml"
    if change is None:
        settings.unlink()
    else:
        settings.write_text(change(settings.read_text(encoding="utf-8")), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--root", str(project), "--site-dir", str(project / "site"), "-q"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and words in lines[0] and "webbplatsen har inte ändrats" in lines[0], lines
    assert not (project / "site").exists()


def test_settings_are_read_once_with_their_values(project):
    from generator.config import settings as config

    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8")
                                        + "site_url: https://exempel.se/planer/\n", encoding="utf-8")
    read = config.read(project)
    assert (read.site_name, read.site_url, read.language) == ("Öppna planer", "https://exempel.se/planer/", "sv")
    assert read.contact.startswith("skriv ett ärende")


def test_the_site_url_from_the_environment_wins_and_is_checked(project, monkeypatch):
    from generator.config import settings

    monkeypatch.setenv("PLANSITE_SITE_URL", "https://example.github.io/planer/")
    assert settings.read(project).site_url == "https://example.github.io/planer/"
    monkeypatch.setenv("PLANSITE_SITE_URL", "example.github.io/planer")
    result = CliRunner().invoke(cli, ["build", "--root", str(project), "-q", "--lang", "en"])
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert "PLANSITE_SITE_URL" in line and '"example.github.io/planer"' in line


@pytest.mark.parametrize("command", [[], ["validate"], ["build"], ["serve"], ["new"], ["export-template"], ["import"]])
def test_every_command_helps_in_the_language_of_the_environment(command, monkeypatch):
    from generator.i18n.texts import catalogue

    helps = {}
    for lang in ("sv", "en"):
        monkeypatch.setenv("LANG", f"{lang}_SE.UTF-8" if lang == "sv" else "en_GB.UTF-8")
        monkeypatch.delenv("LC_ALL", raising=False)
        monkeypatch.delenv("LC_MESSAGES", raising=False)
        result = CliRunner().invoke(cli, command + ["--help"])
        assert result.exit_code == 0, result.output
        helps[lang] = " ".join(result.output.split())
    swedish = [str(v) for k, v in catalogue("sv").items() if k.startswith("cli.") and isinstance(v, str)]
    english = [str(v) for k, v in catalogue("en").items() if k.startswith("cli.") and isinstance(v, str)]
    # each option's help is one of the language's texts, never the other's
    for text in swedish:
        if len(text) > 25 and "{" not in text and text not in english:
            assert " ".join(text.split())[:40] not in helps["en"], text
    assert "Visa den här hjälpen och avsluta." in helps["sv"] and "Show this message and exit." in helps["en"]
