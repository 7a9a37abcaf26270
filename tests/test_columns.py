"""Reading what people write: columns by name in any order, optional columns left out, a byte-order
mark anywhere, and every problem still reported in one run; what is published has the documented shape."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from generator.spec.package import canonical_schema
from generator.validate.project import validate_project

from .conftest import MINIMAL_FILES, make_package

PLAN = "testby-testnamnden-2024"


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _reshape(text: str, order: list[str]) -> str:
    """``text`` with only the columns ``order`` names, in that order."""
    rows = _rows(text)
    index = [rows[0].index(name) for name in order]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[row[i] for i in index] for row in rows])
    return out.getvalue()


def _validate(tmp_path: Path, files: dict, plan_id: str = PLAN):
    make_package(tmp_path, plan_id, files=files)
    return validate_project(tmp_path / "datapackages", None)


def test_columns_in_any_order_and_optional_ones_left_out_are_read_and_published_in_the_schema_order(tmp_path):
    goals = _reshape(MINIMAL_FILES["goals.csv"], ["title", "order", "level", "goal_id", "section", "parent_id", "agenda2030"])
    observations = _reshape(MINIMAL_FILES["observations.csv"],
                            ["value", "printed", "indicator_id", "gender", "period", "value_type", "comparator"])
    reordered = _validate(tmp_path / "a", {"goals.csv": goals, "observations.csv": observations})
    original = _validate(tmp_path / "b", {})
    assert reordered.errors == () and reordered.plans == (PLAN,)
    got, want = reordered.validated[PLAN], original.validated[PLAN]
    # the published tables have every column in the documented order, and the same cells
    assert got.files["goals.csv"] == want.files["goals.csv"] == MINIMAL_FILES["goals.csv"]
    assert got.files["observations.csv"] == MINIMAL_FILES["observations.csv"]
    header = _rows(got.files["goals.csv"])[0]
    assert header == [f["name"] for f in canonical_schema("goals")["fields"]]
    assert got.plan.goals == want.plan.goals
    assert [o.value for o in got.plan.observations] == [o.value for o in want.plan.observations]


def test_a_byte_order_mark_is_read_in_every_file(tmp_path):
    files = {name: "\ufeff" + text for name, text in MINIMAL_FILES.items()}
    folder = make_package(tmp_path, PLAN, files=files)
    descriptor = (folder / "datapackage.json").read_text(encoding="utf-8")
    (folder / "datapackage.json").write_text("\ufeff" + descriptor, encoding="utf-8")
    report = validate_project(tmp_path / "datapackages", None)
    assert report.errors == () and report.plans == (PLAN,)
    published = report.validated[PLAN].files
    assert not any(text.startswith("\ufeff") for text in published.values())
    assert json.loads(published["datapackage.json"])["name"] == PLAN


def test_a_byte_order_mark_in_one_file_hides_no_problem_in_another(tmp_path):
    bad_goals = MINIMAL_FILES["goals.csv"].replace("board_goal", "nämndmål")
    report = _validate(tmp_path, {"observations.csv": "\ufeff" + MINIMAL_FILES["observations.csv"],
                                  "goals.csv": bad_goals, "budget_lines.csv": "\ufeff" + MINIMAL_FILES["budget_lines.csv"]})
    assert [(p.code, p.file, p.row, p.field) for p in report.errors] == [
        ("constraint-error", f"{PLAN}/goals.csv", 3, "level")]


def test_an_unknown_column_is_one_error_listing_the_known_ones_and_the_rest_is_still_checked(tmp_path):
    goals = MINIMAL_FILES["goals.csv"].replace("goal_id,parent_id", "parent_id,goal_id,typ", 1)
    rows = _rows(MINIMAL_FILES["goals.csv"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["parent_id", "goal_id", "typ"] + rows[0][2:])
    for row in rows[1:]:
        writer.writerow([row[1], row[0], "x"] + row[2:])
    goals = out.getvalue()
    indicators = MINIMAL_FILES["indicators.csv"].replace(",target,", ",mål,")
    report = _validate(tmp_path, {"goals.csv": goals, "indicators.csv": indicators})
    found = sorted((p.code, p.file, p.row, p.field) for p in report.errors)
    assert found == [("constraint-error", f"{PLAN}/indicators.csv", 2, "kind"),
                     ("extra-label", f"{PLAN}/goals.csv", 1, "typ")]
    (extra,) = [p for p in report.errors if p.code == "extra-label"]
    assert '"typ"' in extra.message("en") and "goal_id, parent_id, level" in extra.message("en")
    assert '"typ"' in extra.message("sv") and "okänd kolumn" in extra.message("sv")


def test_a_missing_required_column_is_one_error_not_one_per_row(tmp_path):
    observations = _reshape(MINIMAL_FILES["observations.csv"], ["indicator_id", "period", "gender", "value", "printed"])
    report = _validate(tmp_path, {"observations.csv": observations})
    assert [(p.code, p.row, p.field) for p in report.errors] == [("missing-label", 1, "value_type")]
    assert "value_type" in report.errors[0].message("sv")


def test_rows_of_a_reordered_table_keep_their_numbers_and_their_problems(tmp_path):
    rows = _rows(MINIMAL_FILES["observations.csv"])
    order = ["value", "indicator_id", "period", "value_type", "gender", "printed"]
    index = [rows[0].index(n) for n in order]
    lines = [",".join(order)]
    lines.append(",".join(rows[1][i] for i in index))
    lines.append("")                                          # row 3: a blank line
    lines.append('"9,8",vantetid,2025,mal,T,"9,8"')           # row 4: a decimal comma, quoted
    lines.append("2,vantetid,2025,mal,K")                     # row 5: a cell missing
    report = _validate(tmp_path, {"observations.csv": "\n".join(lines) + "\n"})
    found = sorted((p.code, p.row, p.field) for p in report.errors)
    assert found == [("blank-row", 3, ""), ("decimal-comma", 4, "value"), ("missing-cell", 5, "")]


def test_a_header_already_in_order_is_published_byte_for_byte(tmp_path):
    report = _validate(tmp_path, {})
    assert report.validated[PLAN].files["goals.csv"] == MINIMAL_FILES["goals.csv"]
