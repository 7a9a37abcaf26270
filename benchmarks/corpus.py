"""A deterministic synthetic corpus: N plans, one per municipality, for benchmarks.

Each synthetic plan is one of the five shipped plans (round robin, in a fixed order) given to
another of Sweden's 290 municipalities: the package and its chapters are copied unchanged except
for the plan id, the municipality's name and code, the descriptor's title and each indicator's name,
which ends in the municipality's name (so that each plan's charts are its own drawings, as real
plans' are, and none is a copy the chart cache already holds), and for its indicators, which are
made up to ``INDICATORS`` (the issue's "about 60 indicators each"; the shipped plans have 29 to 57,
42 on average): the plan's own indicators again, in order, each copy with its values, an id and a
name of its own and no Kolada id or concordance key (a measure of this plan alone, so that the
comparisons across plans are those of the shipped plans). The values are the shipped plans' own,
so every synthetic plan validates as the shipped ones do and costs what a real plan of that shape
costs to build. The same N always gives the same files.

    python benchmarks/corpus.py 60 /tmp/corpus-60     # a project folder ready for `plansite build`
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.spec.municipalities import MUNICIPALITIES  # noqa: E402

TEMPLATES = (
    "varnamo-medborgarnamnden-2024-2026",
    "mark-socialnamnden-2024-2025",
    "vaxjo-arbete-och-valfard-2024",
    "harryda-socialnamnden-2023-2025",
    "tyreso-arbetsmarknad-och-social-2024",
)
#: Indicators in each synthetic plan (``_add_indicators``).
INDICATORS = 60
#: Files a project needs beside its plans.
PROJECT_FILES = ("mkdocs.yml",)
PROJECT_DIRS = ("site_theme", "content/site", "content/assets")


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())


def plan_ids(n: int) -> list[tuple[str, str, str, str]]:
    """``(plan_id, template, municipality code, municipality name)`` for the first ``n`` plans."""
    if not 1 <= n <= len(MUNICIPALITIES):
        raise ValueError(f"N must be between 1 and {len(MUNICIPALITIES)}, not {n}")
    out = []
    for i, code in enumerate(sorted(MUNICIPALITIES)[:n]):
        template = TEMPLATES[i % len(TEMPLATES)]
        board_and_years = template.split("-", 1)[1]
        out.append((f"{slug(MUNICIPALITIES[code])}-{board_and_years}", template, code, MUNICIPALITIES[code]))
    return out


def write_plan(target: Path, plan_id: str, template: str, code: str, name: str, source: Path = ROOT) -> None:
    """One synthetic plan: ``datapackages/<plan_id>`` and ``content/<plan_id>`` under ``target``."""
    package = target / "datapackages" / plan_id
    shutil.copytree(source / "datapackages" / template, package, symlinks=False)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    old = descriptor["plan"]["municipality"]
    descriptor["name"] = plan_id
    descriptor["plan"]["municipality"] = name
    descriptor["plan"]["municipality_code"] = code
    descriptor["title"] = descriptor["title"].replace(f"{old} kommun", f"{name} kommun")
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
                                              encoding="utf-8")
    _add_indicators(package, INDICATORS)
    _name_indicators(package / "indicators.csv", name)
    chapters = source / "content" / template
    if chapters.is_dir():
        shutil.copytree(chapters, target / "content" / plan_id, symlinks=False)


def _name_indicators(table: Path, municipality: str) -> None:
    """Each indicator's name followed by `` (<municipality>)``: its chart's title, so its drawing."""
    rows = _rows(table)
    if rows:
        _write_rows(table, list(rows[0]), [{**row, "name": f"{row['name']} ({municipality})"} for row in rows])


def _rows(table: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"), newline="")))


def _write_rows(table: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    table.write_text(out.getvalue(), encoding="utf-8", newline="")


def _add_indicators(package: Path, count: int) -> None:
    """The plan's indicators made up to ``count``: its own again, in order, as copies (``<id>-2``,
    named "… (2)", after the last in order, without a Kolada id or a concordance key), each with
    the original's observations under its own id."""
    indicators, observations = _rows(package / "indicators.csv"), _rows(package / "observations.csv")
    if not indicators or len(indicators) >= count:
        return
    taken = {row["indicator_id"] for row in indicators}
    by_indicator: dict[str, list[dict[str, str]]] = {}
    for row in observations:
        by_indicator.setdefault(row["indicator_id"], []).append(row)
    order = max(int(row["order"] or 0) for row in indicators)
    originals, added = list(indicators), []
    for i in range(count - len(originals)):
        original = originals[i % len(originals)]
        copy_no = 2 + i // len(originals)
        new_id = f"{original['indicator_id']}-{copy_no}"
        while new_id in taken:
            new_id += "x"
        taken.add(new_id)
        order += 1
        added.append({**original, "indicator_id": new_id, "name": f"{original['name']} ({copy_no})",
                      "kolada_id": "", "concordance_key": "", "order": str(order)})
        observations += [{**row, "indicator_id": new_id} for row in by_indicator.get(original["indicator_id"], [])]
    _write_rows(package / "indicators.csv", list(indicators[0]), indicators + added)
    _write_rows(package / "observations.csv", list(observations[0]), observations)


def write_corpus(n: int, target: Path, source: Path = ROOT) -> list[str]:
    """A whole project with ``n`` synthetic plans at ``target`` (replaced if it exists)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copy2(source / name, target / name)
    for name in PROJECT_DIRS:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, symlinks=False)
    (target / "datapackages").mkdir()
    shutil.copy2(source / "datapackages" / "concordance.csv", target / "datapackages" / "concordance.csv")
    ids = []
    for plan_id, template, code, name in plan_ids(n):
        write_plan(target, plan_id, template, code, name, source)
        ids.append(plan_id)
    return ids


if __name__ == "__main__":  # pragma: no cover - a command-line tool
    count, folder = int(sys.argv[1]), Path(sys.argv[2])
    made = write_corpus(count, folder)
    print(f"{len(made)} plans in {folder}")
