"""Imports between the layers of ``dashboard/`` go one way (docs/architecture.md).

A small AST check of every module under ``dashboard/``: an import of one of ours goes
only to a lower layer (so no two packages import each other); components, figures and
analytics never reach the database; no module imports one of ours inside a function
(such an import used to hide a cycle).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"

# The layers, lowest first (transcribed from docs/architecture.md, not from the code).
RANK = {
    "config": 0,
    "db": 1,
    "params": 1,
    "cache": 2,
    "analytics": 2,
    "request_guard": 2,
    "limits": 2,
    "cache_store": 1,
    "disclosure_audit": 4,
    "queries": 3,
    "figures": 3,
    "export": 4,
    "components": 5,
    # NOTE: the plain routes (deck, brief, data files) answer requests as pages do, from
    # views (the brief is the region headline's view); nothing below imports them.
    "routes": 7,
    "views": 6,
    "pages": 7,
}
NEVER_QUERY = {"components", "figures", "analytics"}


def _unit(module: str) -> str:
    """``dashboard.views.scoreboard`` -> ``views``; ``dashboard.cache`` -> ``cache``."""
    return module.split(".")[1].split(":")[0]


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(module imported, line, inside a function) for each import of ours in a file;
    ``dashboard.db.DatabaseUnavailable`` (an exception to catch, not data access) is
    reported as ``dashboard.db:exception``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            if isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom) and child.level == 0:
                names = [child.module or ""]
                if child.module == "dashboard":  # from dashboard import cache
                    names = [f"dashboard.{a.name}" for a in child.names]
                elif child.module == "dashboard.db" and {
                    a.name for a in child.names
                } == {"DatabaseUnavailable"}:
                    names = ["dashboard.db:exception"]
            else:
                names = []
            for name in names:
                if name.startswith("dashboard."):
                    found.append((name, child.lineno, in_function))
            visit(child, inner)

    visit(tree, False)
    return found


def _modules() -> list[Path]:
    return sorted(p for p in DASHBOARD.rglob("*.py"))


def _where(path: Path) -> str:
    return _unit("dashboard." + ".".join(path.relative_to(DASHBOARD).parts))


def test_imp001_every_module_is_in_a_known_layer():
    units = {
        _where(p).removesuffix(".py") for p in _modules() if p.name != "__init__.py"
    }
    assert units <= set(RANK), sorted(units - set(RANK))


@pytest.mark.parametrize(
    "path", _modules(), ids=lambda p: str(p.relative_to(DASHBOARD))
)
def test_imp002_imports_go_down_the_layers(path: Path):
    here = _where(path).removesuffix(".py")
    if here not in RANK:
        return
    wrong = []
    for module, line, in_function in _imports(path):
        there = _unit(module)
        if there == here:
            if in_function:
                wrong.append(f"line {line}: {module} imported inside a function")
            continue
        if there not in RANK or RANK[there] >= RANK[here]:
            wrong.append(f"line {line}: {here} (layer {RANK[here]}) imports {module}")
        if here in NEVER_QUERY and (there == "queries" or module == "dashboard.db"):
            wrong.append(f"line {line}: {here} must not query ({module})")
        if in_function:
            wrong.append(f"line {line}: {module} imported inside a function")
    assert wrong == []


def test_imp003_no_cycle_between_packages():
    edges: dict[str, set[str]] = {}
    for path in _modules():
        here = _where(path).removesuffix(".py")
        for module, _line, _inner in _imports(path):
            there = _unit(module)
            if there != here:
                edges.setdefault(here, set()).add(there)
    # depth-first search for a back edge
    state: dict[str, int] = {}

    def cycle_from(node: str, trail: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*trail, node, nxt]
            if nxt not in state and (found := cycle_from(nxt, [*trail, node])):
                return found
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state:
            assert cycle_from(start, []) is None
