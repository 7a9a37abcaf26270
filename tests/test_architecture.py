"""Data flows one way: every module of generator/ belongs to a layer and imports only from its own
layer or lower ones, and no modules import each other in a circle.

The layers are the subpackages generator/ is growing into (read → validate → model → analyse →
render → build). A new module must be given its layer here, which is the moment to decide where
it belongs. Imports under ``if TYPE_CHECKING:`` are annotations only and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"

LAYERS: dict[str, list[str]] = {
    "base": ["__init__", "limits", "characters", "files", "bounded", "escape", "municipalities", "names", "urls"],
    "i18n": ["texts"],
    "model": ["model", "problems"],
    "spec": ["package"],
    "ingest": ["frontmatter", "tables", "load", "markup"],
    "analysis": ["format", "checks", "status"],
    "validate": ["validate", "chapters", "concordance"],
    "render": ["pages", "charts"],
    "outputs": ["downloads", "cells"],
    "build": ["build", "engine", "publish"],
    "cli": ["cli"],
}
LEVEL = {module: level for level, modules in enumerate(LAYERS.values()) for module in modules}
LAYER = {module: name for name, modules in LAYERS.items() for module in modules}


def _runtime_imports(path: Path) -> set[str]:
    """The generator modules ``path`` imports at run time (relative imports, TYPE_CHECKING skipped)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
               and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING" for n in ast.walk(node)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator"):
            parts = node.module.split(".")
            found |= {parts[1]} if len(parts) > 1 else {a.name for a in node.names}
    return found


GRAPH = {p.stem: _runtime_imports(p) & {q.stem for q in GENERATOR.glob("*.py")} for p in GENERATOR.glob("*.py")}


def test_every_module_has_a_layer():
    assert sorted(set(GRAPH) - set(LEVEL)) == [], "give the new module its layer in LAYERS"
    assert sorted(set(LEVEL) - set(GRAPH)) == [], "LAYERS names a module that no longer exists"


def test_no_module_imports_from_a_higher_layer():
    upward = sorted(f"{m} ({LAYER[m]}) imports {d} ({LAYER[d]})"
                    for m, deps in GRAPH.items() for d in deps if LEVEL[d] > LEVEL[m])
    assert upward == []


def test_no_import_cycle():
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(module: str, path: list[str]) -> list[str]:
        state[module] = 1
        for dep in sorted(GRAPH[module]):
            if state.get(dep) == 1:
                return path + [module, dep]
            if dep not in state:
                cycle = visit(dep, path + [module])
                if cycle:
                    return cycle
        state[module] = 2
        return []

    for module in sorted(GRAPH):
        if module not in state:
            assert visit(module, []) == []


def test_the_checks_themselves_see_imports():
    """The graph is read from the real files: build imports validate, pages imports escape."""
    assert {"validate", "engine", "publish"} <= GRAPH["build"]
    assert "escape" in GRAPH["pages"] and "problems" not in GRAPH["texts"]
