"""The kiosk's modules import each other one way: no circle anywhere, widgets never import
screens, and screens reach the engine only through the sale flow."""

from __future__ import annotations

import ast
from pathlib import Path

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"

# Screens still on the old ways (the engine through ``flow.engine``); empty once converted.
STILL_REACHING_THE_ENGINE: set[str] = set()


def _module_name(path: Path) -> str:
    parts = path.relative_to(KIOSK.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(KIOSK.rglob("*.py"))}


def _imports(name: str, path: Path) -> set[str]:
    """The kiosk modules ``name`` imports, those under ``TYPE_CHECKING`` too (a circle of type
    hints is a circle a reader must untangle all the same)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in MODULES)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in MODULES:
                    found.add(submodule)
                elif base in MODULES:
                    found.add(base)
    found.discard(name)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _circles() -> list[list[str]]:
    """Every set of modules that import each other round (Tarjan's strongly connected parts)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in sorted(GRAPH[module]):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            part: list[str] = []
            while not part or part[-1] != module:
                part.append(stack.pop())
            if len(part) > 1:
                circles.append(sorted(part))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    return circles


def test_the_import_graph_is_read_from_the_real_modules() -> None:
    assert "kiosk.ui.screens.base" in GRAPH["kiosk.ui.router"]
    assert "kiosk.ui.routes" in GRAPH["kiosk.ui.screens.base"]


def test_no_module_of_the_kiosk_imports_itself_round_a_circle() -> None:
    assert _circles() == []


def test_no_widget_imports_a_screen() -> None:
    offending = {
        f"{name} imports {imported}"
        for name, imports in GRAPH.items()
        if name.startswith("kiosk.ui.widgets.")
        for imported in imports
        if imported.startswith("kiosk.ui.screens")
    }
    assert offending == set()


def test_screens_and_widgets_reach_the_engine_only_through_the_sale_flow() -> None:
    ui = KIOSK / "ui"
    offending = set()
    for path in [*ui.glob("screens/*.py"), *ui.glob("widgets/*.py")]:
        where = path.relative_to(ui).as_posix()
        if where in STILL_REACHING_THE_ENGINE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "engine":
                offending.add(f"{where}:{node.lineno}")
    assert offending == set()
