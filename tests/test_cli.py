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



def test_the_build_speaks_english_when_asked(project, monkeypatch):
    monkeypatch.setattr("generator.cli._terminal", lambda: True)  # the progress bar, named in English
    result = CliRunner().invoke(cli, ["build", "--root", str(project), "--site-dir", str(project / "site"),
                                      "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith("Built ")
    assert "Charts and pages" in result.stderr and "Diagram och sidor" not in result.stderr
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


# --- progress of the authoring commands: at a terminal, in the CLI's language, never with --quiet ---

STEPS = {  # the lines each command shows, in order, as the catalogue words them
    "sv": {"new": ["Skriver den nya planen …", "Kontrollerar den nya planen som plansite validate gör …"],
           "export": ["Kontrollerar planen som plansite validate gör …", "Fyller i mallen …", "Sparar mallen i {file} …"],
           "import": ["Läser {source} …", "Läser tabellerna …", "Kontrollerar resultatet som plansite validate gör …",
                      "Skriver planen …"]},
    "en": {"new": ["Writing the new plan …", "Checking the new plan as plansite validate does …"],
           "export": ["Checking the plan as plansite validate does …", "Filling in the template …",
                      "Saving the template to {file} …"],
           "import": ["Reading {source} …", "Reading the tables …", "Checking the result as plansite validate does …",
                      "Writing the plan …"]},
}


def test_every_step_of_the_authoring_commands_has_its_words_in_both_languages():
    from generator.authoring import exporting, importing, scaffold
    from generator.i18n.texts import catalogue

    for command, module in (("new", scaffold), ("export", exporting), ("import", importing)):
        for lang in ("sv", "en"):
            worded = {k.rsplit(".", 1)[1] for k in catalogue(lang) if k.startswith(f"cli.{command}.step.")}
            assert worded == set(module.STEPS), (command, lang)
        assert len(module.STEPS) == len(STEPS["sv"][command])


def _authoring_runs(tmp_path: Path, lang: str, *extra: str) -> dict[str, object]:
    """new, export-template of the new plan, import of the template into an empty project (it writes)."""
    book, empty = tmp_path / "mall.xlsx", tmp_path / "tom" / "datapackages"
    new = ["new", "ny-plan-2025", "--municipality-code", "0683", "--board", "Nämnden", "--title", "Plan",
           "--type", "nämndplan", "--period", "2025", "--root", str(tmp_path)]
    runs = {}
    for name, argv in (("new", new),
                       ("export", ["export-template", "ny-plan-2025", "--datapackages", str(tmp_path / "datapackages"),
                                   "-o", str(book)]),
                       ("import", ["import", str(book), "--datapackages", str(empty)])):
        runs[name] = CliRunner().invoke(cli, [*argv, "--lang", lang, *extra])
        assert runs[name].exit_code == 0, runs[name].output
    return runs


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_new_export_and_import_show_their_steps_at_a_terminal_in_the_cli_language(tmp_path: Path, monkeypatch,
                                                                                  lang: str):
    monkeypatch.setattr("generator.cli._terminal", lambda: True)
    runs = _authoring_runs(tmp_path, lang)
    params = {"file": tmp_path / "mall.xlsx", "source": tmp_path / "mall.xlsx"}
    for command, result in runs.items():
        lines = result.stderr.splitlines()
        expected = [line.format(**params) for line in STEPS[lang][command]]
        assert lines[:len(expected)] == expected, (command, lines)  # each step before the result
        assert not any(line in result.stdout for line in expected)  # stdout: the results alone
    other = STEPS["en" if lang == "sv" else "sv"]
    assert not any(line.split(" ")[0] in runs["export"].stderr for line in other["export"][:2])


def test_a_dry_run_shows_no_writing_step(tmp_path: Path, monkeypatch):
    runs = _authoring_runs(tmp_path, "sv", "-q")
    monkeypatch.setattr("generator.cli._terminal", lambda: True)
    dry = CliRunner().invoke(cli, ["import", str(tmp_path / "mall.xlsx"), "--datapackages",
                                   str(tmp_path / "tom" / "datapackages"), "--dry-run", "--force", "--lang", "sv"])
    assert dry.exit_code == 0 and "Läser tabellerna …" in dry.stderr and "Skriver planen …" not in dry.stderr
    assert runs["import"].stderr == ""  # -q at a terminal: nothing on stderr


@pytest.mark.parametrize("quiet", [True, False])
def test_without_a_terminal_or_with_quiet_there_are_no_progress_lines(tmp_path: Path, monkeypatch, quiet: bool):
    monkeypatch.setattr("generator.cli._terminal", lambda: quiet)  # a terminal and --quiet, or CI (no terminal)
    runs = _authoring_runs(tmp_path, "sv", *(["--quiet"] if quiet else []))
    every_step = [line.split(" {")[0] for lines in STEPS["sv"].values() for line in lines]
    for command, result in runs.items():
        assert not any(step in result.output for step in every_step), (command, result.output)
    assert runs["export"].stderr.splitlines() == [f"Skrev mallen för ny-plan-2025 till {tmp_path / 'mall.xlsx'}"]
