"""The whole-site checks of tests/test_site.py pointed at a folder (``zensical_compare.py``'s outputs).

    python benchmarks/zensical_site_checks.py OUT/site-mkdocs OUT/site-zensical

Calls each test function of tests/test_site.py with ``built_site`` = the folder and ``site_tags`` =
its pages read as conftest does; prints pass / FAIL and the first line of the failure, per folder.
The folders hold one language built whole (no /en/, no per-plan search index), so a check of those
fails on both engines; compare the columns, not the counts.
"""

from __future__ import annotations

import inspect
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import conftest, test_site  # noqa: E402


def run(site: Path) -> dict[str, str]:
    tags = {page: conftest.page_tags(page) for page in sorted(site.rglob("*.html"))}
    out = {}
    for name, func in inspect.getmembers(test_site, inspect.isfunction):
        if not name.startswith("test_"):
            continue
        given = {"built_site": site, "site_tags": tags}
        params = inspect.signature(func).parameters
        if set(params) - set(given):
            out[name] = f"skipped (needs {', '.join(sorted(set(params) - set(given)))})"
            continue
        try:
            func(**{p: given[p] for p in params})
            out[name] = "pass"
        except Exception as exc:  # an assertion or a missing file: the first line says which
            last = traceback.extract_tb(exc.__traceback__)[-1]
            text = (str(exc).splitlines() or [type(exc).__name__])[0][:160]
            out[name] = f"FAIL {type(exc).__name__} line {last.lineno}: {text}"
    return out


def main() -> None:
    results = {Path(arg).name: run(Path(arg).resolve()) for arg in sys.argv[1:]}
    for name in next(iter(results.values())):
        print(name)
        for site, got in results.items():
            print(f"    {site}: {got[name]}")


if __name__ == "__main__":
    main()
