"""Bad input: every case under tests/bad/ fails cleanly with the expected problem, in both languages.

Each case folder is a small project (``datapackages/<plan-id>/`` and sometimes ``content/``): the
minimal valid package with exactly one thing broken. ``expected.txt`` lists what validation must
report, one problem per line::

    error foreign-key varnamo-testnamnden-2024/observations.csv:3: indicator_id
    warning total-differs varnamo-testnamnden-2024/budget_lines.csv:3: amount
    env PLANSITE_MAX_ROWS=3

that is severity, code and the ``file:row: field`` prefix of the problem's line (row and field as
they apply). A case with only warnings must pass ``plansite validate`` and fail with ``--strict``.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.config.limits import Limits
from generator.i18n.texts import catalogue
from generator.spec.package import CANONICAL_RESOURCES
from generator.validate.project import Problem, validate_project

from .conftest import ROOT, make_package

BAD = Path(__file__).resolve().parent / "bad"
CASES = sorted(p for p in BAD.iterdir() if (p / "expected.txt").is_file())
PREFIX = re.compile(r"^(?P<file>[^:]+)(?::(?P<row>\d+))?:(?: (?P<field>\S+))?$")
CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Expected:
    severity: str
    code: str
    file: str
    row: int | None
    field: str | None


def read_expected(case: Path) -> tuple[list[Expected], dict[str, str]]:
    expected, env = [], {}
    for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("env "):
            name, _, value = line[4:].partition("=")
            env[name] = value
            continue
        severity, code, prefix = line.split(" ", 2)
        match = PREFIX.match(prefix)
        assert severity in ("error", "warning") and match, f"{case.name}: bad expected.txt line {line!r}"
        expected.append(Expected(severity, code, match["file"], int(match["row"]) if match["row"] else None,
                                 match["field"]))
    return expected, env


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 30
    warning_only = [c for c in CASES if all(e.severity == "warning" for e in read_expected(c)[0])]
    assert len(warning_only) >= 3


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_bad_case_fails_cleanly_with_the_expected_problem(case: Path, monkeypatch):
    expected, env = read_expected(case)
    assert expected, f"{case.name}: expected.txt names no problem"
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    target = str(case / "datapackages")

    results = {lang: run("validate", target, "--format", "json", "--lang", lang) for lang in ("sv", "en")}
    for result in results.values():
        assert "Traceback" not in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    problems = {lang: json.loads(result.stdout) for lang, result in results.items()}

    errors_expected = any(e.severity == "error" for e in expected)
    assert results["sv"].exit_code == (1 if errors_expected else 0), problems["sv"]
    if not errors_expected:
        strict = run("validate", target, "--strict", "--lang", "sv")
        assert strict.exit_code == 1 and "Traceback" not in strict.output

    for e in expected:
        matching = [p for p in problems["sv"] if p["code"] == e.code and p["severity"] == e.severity
                    and p["file"] == e.file and p["row"] == e.row and p["field"] == e.field]
        assert matching, f"{case.name}: no {e} in\n" + json.dumps(problems["sv"], ensure_ascii=False, indent=1)
    if errors_expected:  # no error the case did not ask for (warnings may come along)
        codes = {e.code for e in expected}
        assert {p["code"] for p in problems["sv"] if p["severity"] == "error"} <= codes, problems["sv"]
    else:
        assert all(p["severity"] == "warning" for p in problems["sv"]), problems["sv"]

    # the same problems in English, every message its own sentence
    assert [p["code"] for p in problems["en"]] == [p["code"] for p in problems["sv"]]
    for sv, en in zip(problems["sv"], problems["en"]):
        assert sv["message"] and en["message"] and sv["message"] != en["message"], (sv, en)
        assert "\n" not in sv["message"] and "\n" not in en["message"]
        assert CODE.match(sv["code"]), sv["code"]
        assert set(sv) == {"file", "row", "field", "code", "severity", "found", "expected", "message"}


@pytest.mark.parametrize("case", [c for c in CASES if c.name.split("-", 1)[1] in
                                  ("decimal-comma", "observation-unknown-indicator", "cp1252-csv", "unknown-column")],
                         ids=lambda p: p.name)
def test_text_format_is_one_line_per_problem_with_file_row_and_field(case: Path):
    expected, _ = read_expected(case)
    result = run("validate", str(case / "datapackages"), "--lang", "en")
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [l for l in result.output.splitlines() if l.startswith("ERROR: ")]
    for e in expected:
        prefix = e.file + (f":{e.row}" if e.row else "") + ":" + (f" {e.field}:" if e.field else "")
        assert any(l.startswith(f"ERROR: {prefix}") for l in lines), (prefix, lines)


def test_messages_exist_in_both_languages_and_differ():
    sv, en = catalogue("sv"), catalogue("en")
    codes = [key.removeprefix("problems.") for key in sv if key.startswith("problems.")]
    assert len(codes) > 100
    for code in codes:
        assert CODE.match(code.split("/")[0]), code
        assert sv[f"problems.{code}"] != en[f"problems.{code}"], code
    unknown = Problem("x.csv", "some-new-frictionless-error", found="a", expected="b")
    assert unknown.message("sv") != unknown.message("en")


def test_specific_messages_say_what_to_write_instead():
    decimal = Problem("p/observations.csv", "decimal-comma", 2, "value", "9,8", "9.8")
    assert decimal.message("sv") == 'decimalkomma i "9,8": använd punkt, 9.8'
    assert decimal.message("en") == 'decimal comma in "9,8": use a dot, 9.8'
    report = validate_project(BAD / "29-observation-unknown-indicator" / "datapackages")
    (fk,) = report.errors
    assert "okand" in fk.message("en") and "indicators.indicator_id" in fk.message("en")
    report = validate_project(BAD / "28-duplicate-indicator-id" / "datapackages")
    (pk,) = report.errors
    assert '"vantetid"' in pk.message("en") and "row 2" in pk.message("en")
    report = validate_project(BAD / "20-unknown-column" / "datapackages")
    (extra,) = report.errors
    assert '"extra"' in extra.message("en") and "goal_id, parent_id" in extra.message("en")


def test_limits_are_read_when_validating_not_at_import(tmp_path: Path, monkeypatch):
    make_package(tmp_path)
    monkeypatch.setenv("PLANSITE_MAX_FILE_BYTES", "100")
    assert {p.code for p in validate_project(tmp_path / "datapackages").errors} == {"file-too-large"}
    monkeypatch.setenv("PLANSITE_MAX_ROWS", "2")
    monkeypatch.delenv("PLANSITE_MAX_FILE_BYTES")
    assert {p.code for p in validate_project(tmp_path / "datapackages").errors} == {"too-many-rows"}
    assert {p.code for p in validate_project(tmp_path / "datapackages", limits=Limits(max_rows=2)).errors} == {
        "too-many-rows"}


@pytest.mark.parametrize("name, value", [("PLANSITE_MAX_ROWS", "not a number"), ("PLANSITE_MAX_FILE_BYTES", "-5"),
                                         ("PLANSITE_RENDER_TIMEOUT", "0"), ("PLANSITE_ENGINE_TIMEOUT", "inf")])
def test_a_bad_limit_is_one_clean_line_naming_the_variable(project: Path, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    for args in (["validate", str(project / "datapackages")], ["build", "--root", str(project), "-q"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, result.output
        (line,) = result.output.strip().splitlines()
        assert name in line and f'"{value}"' in line and "Traceback" not in result.output
    assert not (project / "site").exists()


GARBAGE = [
    b"\x00\x01\x02\xff\xfe",
    b"\xff\xfeg\x00o\x00a\x00l\x00",  # UTF-16
    b'"unterminated,quote\n',
    b"a,b\n" + b"x" * 200_000 + b"\n",
    "goal_id\n\u202e\u0000evil\n".encode(),
    b"\n\n\n",
    b",,,,\n,,,,\n",
]


@pytest.mark.parametrize("garbage", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_in_any_file_is_a_problem_not_a_crash(tmp_path: Path, garbage: bytes):
    folder = make_package(tmp_path)
    for name in [f"{n}.csv" for n in CANONICAL_RESOURCES if (folder / f"{n}.csv").exists()] + ["datapackage.json"]:
        original = (folder / name).read_bytes()
        (folder / name).write_bytes(garbage)
        report = validate_project(tmp_path / "datapackages")
        assert not report.ok, name
        assert all(p.code != "unreadable" for p in report.problems), [p.line("en") for p in report.problems]
        assert any(p.file.endswith(name) for p in report.errors), (name, [p.line("en") for p in report.errors])
        (folder / name).write_bytes(original)


def test_unexpected_exception_becomes_an_unreadable_problem(tmp_path: Path, monkeypatch):
    make_package(tmp_path)

    def boom(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("generator.validate.project.check_plan", boom)
    report = validate_project(tmp_path / "datapackages")
    (problem,) = report.errors
    assert problem.code == "unreadable" and problem.file.endswith("datapackage.json")
    assert "simulated bug" in problem.message("en")


# --- builds: a failed build never touches the published site -------------------------------------

BUILD_CASES = ["29-observation-unknown-indicator", "07-path-parent-dir", "15-cp1252-csv", "41-chapter-without-front-matter"]


def test_failed_builds_leave_the_old_site_byte_for_byte(project: Path):
    site = project / "site"
    ok = run("build", "--root", str(project), "--site-dir", str(site), "-q")
    assert ok.exit_code == 0, ok.output
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert before

    def swap_in(case_dir: Path | None) -> None:
        for name in ("datapackages", "content"):
            shutil.rmtree(project / name, ignore_errors=True)
        (project / "content").mkdir()
        if case_dir is not None:
            shutil.copytree(case_dir / "datapackages", project / "datapackages", symlinks=True)
            if (case_dir / "content").is_dir():
                shutil.rmtree(project / "content")
                shutil.copytree(case_dir / "content", project / "content")

    for name in BUILD_CASES:
        swap_in(BAD / name)
        failed = run("build", "--root", str(project), "--site-dir", str(site), "-q")
        assert failed.exit_code == 1, (name, failed.output)
        assert "Traceback" not in failed.output
        assert "webbplatsen har inte ändrats" in failed.output
        after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
        assert after == before, name


def test_a_build_that_fails_late_leaves_the_old_site_byte_for_byte(project: Path, monkeypatch):
    """mkdocs has written the new site into a temporary folder when the build fails: no swap."""
    from generator.build import engine
    from generator.build import pipeline as build

    site = project / "site"
    assert run("build", "--root", str(project), "--site-dir", str(site), "-q").exit_code == 0
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    chapter = project / "content" / "testby-testnamnden-2024" / "01-inledning.md"
    chapter.parent.mkdir(parents=True)
    chapter.write_text("---\ntitle: Inledning\n---\n\nNy text.\n", encoding="utf-8")
    real = engine.run_units

    def fail_after_writing(*args, **kwargs) -> None:
        real(*args, **kwargs)
        raise build.BuildFailed("mkdocs build misslyckades", detail="simulerat fel efter att sidorna skrivits")

    monkeypatch.setattr(engine, "run_units", fail_after_writing)
    late = run("build", "--root", str(project), "--site-dir", str(site), "-q")
    assert late.exit_code == 1 and "Traceback" not in late.output
    assert "webbplatsen har inte ändrats" in late.output
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]  # no half-built folders left


def test_a_dead_link_in_a_chapter_fails_the_build(project: Path):
    chapter = project / "content" / "testby-testnamnden-2024" / "01-inledning.md"
    chapter.parent.mkdir(parents=True)
    chapter.write_text("---\ntitle: Inledning\n---\n\nSe [bilagan](finns-inte.md).\n", encoding="utf-8")
    result = run("build", "--root", str(project), "--site-dir", str(project / "site"), "-q")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert not (project / "site").exists()


def test_shipped_plans_have_no_errors_with_the_new_rules():
    report = validate_project(ROOT / "datapackages", ROOT / "content")
    assert [p.line("en") for p in report.errors] == []
