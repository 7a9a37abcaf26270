"""Data flows one way: generator/ is a stack of layered subpackages; a module imports only from
its own layer or lower ones, and no modules import each other in a circle.

read (ingest) → validate → model → analyse → render → outputs → build, with the text catalogue
(i18n), the model and the format (spec) underneath and the command line on top. A new
subpackage must be given its place in LAYERS. Imports under ``if TYPE_CHECKING:`` are
annotations only and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"

#: Lowest first: a layer may import itself and the layers before it.
LAYERS = ["i18n", "config", "model", "spec", "ingest", "analysis", "validate", "render", "outputs",
          "authoring",  # writes packages from what people give: needs validation, the format page's words, safe cells
          "build", "cli"]
LEVEL = {name: level for level, name in enumerate(LAYERS)}
MAX_LINES = 400  # one job per module


def _name(path: Path) -> str:
    parts = path.relative_to(GENERATOR).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "generator"


def _layer(module: str) -> str:
    head = module.split(".")[0]
    return "cli" if head in ("cli", "generator") else head


MODULES = {_name(p): p for p in GENERATOR.rglob("*.py")}


def _runtime_imports(path: Path) -> set[str]:
    """The generator modules ``path`` imports at run time (TYPE_CHECKING blocks skipped)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
               and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING" for n in ast.walk(node)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped or not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}: use absolute imports (from generator.… import …)"
            if not (node.module or "").startswith("generator"):
                continue
            base = node.module.removeprefix("generator").lstrip(".")
            for alias in node.names:
                candidate = f"{base}.{alias.name}" if base else alias.name
                found.add(candidate if candidate in MODULES else base)
        else:
            found |= {a.name.removeprefix("generator.") for a in node.names if a.name.startswith("generator.")}
    return {m for m in found if m in MODULES and m != "generator"}


GRAPH = {module: _runtime_imports(path) for module, path in MODULES.items()}


def test_every_subpackage_has_a_layer():
    assert sorted({_layer(m) for m in MODULES} - set(LAYERS)) == [], "give the new subpackage its place in LAYERS"


def test_no_module_imports_from_a_higher_layer():
    upward = sorted(f"{m} imports {d}" for m, deps in GRAPH.items() for d in deps
                    if LEVEL[_layer(d)] > LEVEL[_layer(m)])
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


def test_modules_stay_readable():
    long = {m: n for m, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_checks_themselves_see_imports():
    """The graph is read from the real files: the pipeline imports validation, pages the escaping."""
    assert {"validate.project", "build.site_units", "build.publish"} <= GRAPH["build.pipeline"]
    assert "build.engine" in GRAPH["build.site_units"]
    assert "ingest.escape" in GRAPH["render.indicator"] and "model.problems" not in GRAPH["i18n.texts"]
