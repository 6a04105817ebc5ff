"""The direction of imports (docs/architecture.md, "Layers"), checked on the source itself.

Every ``import`` anywhere in a module counts: top level, inside functions and classes, under
``if TYPE_CHECKING:``, relative imports, and ``importlib.import_module("...")`` with a literal.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desktop"
QT = ("PySide6", "shiboken6")
SQL = ("sqlite3", "sqlite_utils")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(dotted: str) -> bool:
    base = ROOT.joinpath(*dotted.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imports_of(source: str, name: str, *, is_package: bool = False) -> set[str]:
    """Fully qualified names of every module that ``source`` (module ``name``) imports."""
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[:len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.add(base)
            for alias in node.names:  # `from desktop import ui` imports desktop.ui
                if _is_module(f"{base}.{alias.name}"):
                    found.add(f"{base}.{alias.name}")
        elif (isinstance(node, ast.Call) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
              and ((isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                   or (isinstance(node.func, ast.Name) and node.func.id == "__import__"))):
            found.add(node.args[0].value)
    return found


def _within(name: str, roots: tuple[str, ...]) -> bool:
    return any(name == r or name.startswith(r + ".") for r in roots)


MODULES = sorted(PACKAGE.rglob("*.py"))
GRAPH = {module_name(p): imports_of(p.read_text(encoding="utf-8"), module_name(p),
                                    is_package=p.name == "__init__.py") for p in MODULES}


def test_the_walk_sees_the_whole_package() -> None:
    assert "desktop.core.offsets" in GRAPH
    assert "desktop.store.project" in GRAPH
    assert "desktop.cli" in GRAPH
    assert "desktop.app" in GRAPH
    assert "desktop.quality.agreement" in GRAPH
    assert "sqlite3" in GRAPH["desktop.store.db"]


def test_the_collector_finds_hidden_imports() -> None:
    source = '''
import os
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from PySide6.QtCore import QObject
def later():
    import sqlite3
    from ..store import project
    from . import model
    importlib.import_module("shiboken6")
class K:
    def m(self):
        from desktop import formats
'''
    found = imports_of(source, "desktop.core.example")
    assert {"os", "PySide6.QtCore", "sqlite3", "desktop.store", "desktop.store.project",
            "desktop.core", "desktop.core.model", "shiboken6", "desktop.formats"} <= found


@pytest.mark.parametrize("name", [n for n in GRAPH if _within(n, ("desktop.core",))])
def test_core_is_pure(name: str) -> None:
    bad = {m for m in GRAPH[name]
           if _within(m, QT + SQL) or (_within(m, ("desktop",)) and not _within(
               m, ("desktop.core",)))}
    assert not bad, f"{name} imports {sorted(bad)}"


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_sql_lives_only_in_store(name: str) -> None:
    if _within(name, ("desktop.store",)):
        return
    bad = {m for m in GRAPH[name] if _within(m, SQL)}
    assert not bad, f"{name} imports {sorted(bad)}"


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_only_ui_and_app_import_qt(name: str) -> None:
    if _within(name, ("desktop.ui", "desktop.app")):
        return
    bad = {m for m in GRAPH[name] if _within(m, QT)}
    assert not bad, f"{name} imports {sorted(bad)}"


CLI_MODULES = sorted(n for n in GRAPH if n == "desktop.cli" or n.startswith("desktop.cli_"))


def test_the_command_line_modules_are_all_seen() -> None:
    assert {"desktop.cli", "desktop.cli_data", "desktop.cli_assist",
            "desktop.cli_teams"} <= set(CLI_MODULES)


@pytest.mark.parametrize("name", CLI_MODULES)
def test_cli_never_imports_the_gui(name: str) -> None:
    bad = {m for m in GRAPH[name] if _within(m, ("desktop.ui", "desktop.app", *QT))}
    assert not bad, f"{name} imports {sorted(bad)}"


@pytest.mark.parametrize("name", [n for n in GRAPH if _within(n, ("desktop.store",))])
def test_store_does_not_reach_up(name: str) -> None:
    bad = {m for m in GRAPH[name]
           if _within(m, ("desktop.formats", "desktop.ui", "desktop.app", "desktop.cli"))}
    assert not bad, f"{name} imports {sorted(bad)}"


@pytest.mark.parametrize("name", sorted(n for n in GRAPH if not _within(n, ("desktop.store",))))
def test_the_store_is_used_through_its_public_surface(name: str) -> None:
    bad = {m for m in GRAPH[name] if _within(m, ("desktop.store",)) and m != "desktop.store"}
    assert not bad, f"{name} imports {sorted(bad)}: import from desktop.store instead"


@pytest.mark.parametrize("path", [p for p in MODULES
                                  if not _within(module_name(p), ("desktop.store",))],
                         ids=module_name)
def test_nothing_outside_the_store_touches_the_database_handle(path: Path) -> None:
    handles = {"_db", "db", "conn"}
    bad = sorted({node.attr for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                  if isinstance(node, ast.Attribute) and node.attr in handles})
    assert not bad, f"{module_name(path)} uses .{', .'.join(bad)}"


@pytest.mark.parametrize("name", [n for n in GRAPH if _within(n, ("desktop.quality",))])
def test_quality_builds_only_on_core(name: str) -> None:
    """Agreement, adjudication and batches are pure computation: no store, Qt or SQL."""
    bad = {m for m in GRAPH[name]
           if _within(m, QT + SQL) or (_within(m, ("desktop",)) and not _within(
               m, ("desktop.core", "desktop.quality")))}
    assert not bad, f"{name} imports {sorted(bad)}"


@pytest.mark.parametrize("name", [n for n in GRAPH if _within(n, ("desktop.teams",))])
def test_teams_sits_between_the_gui_and_quality(name: str) -> None:
    """Team workflows glue store and quality for both the CLI and the GUI: no Qt, no SQL,
    nothing above them."""
    bad = {m for m in GRAPH[name]
           if _within(m, QT + SQL) or _within(m, ("desktop.ui", "desktop.app", "desktop.cli"))}
    assert not bad, f"{name} imports {sorted(bad)}"


@pytest.mark.parametrize("name", [n for n in GRAPH if _within(n, ("desktop.suggesting",))])
def test_suggesting_sits_between_the_gui_and_the_assistant(name: str) -> None:
    """The assistant over a project glues store and assist for the CLI and the GUI: no Qt,
    no SQL, nothing above it, and not the team workflows beside it."""
    bad = {m for m in GRAPH[name]
           if _within(m, QT + SQL) or _within(m, ("desktop.ui", "desktop.app", "desktop.cli",
                                                  "desktop.teams"))}
    assert not bad, f"{name} imports {sorted(bad)}"


@pytest.mark.parametrize("name", [n for n in GRAPH
                                  if _within(n, ("desktop.quality", "desktop.formats",
                                                 "desktop.assist", "desktop.store",
                                                 "desktop.core"))])
def test_nothing_below_teams_imports_it(name: str) -> None:
    bad = {m for m in GRAPH[name] if _within(m, ("desktop.teams", "desktop.suggesting"))}
    assert not bad, f"{name} imports {sorted(bad)}"


# desktop.resources only locates bundled files (the lexicon); it imports nothing of ours.
ASSIST_MAY_IMPORT = ("desktop.core", "desktop.assist", "desktop.resources")
OPTIONAL_EXTRAS = ("spacy", "thinc", "trafilatura", "datasets", "pyarrow")


def test_the_walk_sees_the_assistant() -> None:
    assert "desktop.assist.engine" in GRAPH
    assert "desktop.core.model" in GRAPH["desktop.assist.engine"]


@pytest.mark.parametrize("name", [n for n in GRAPH if _within(n, ("desktop.formats",))])
def test_formats_does_not_reach_up(name: str) -> None:
    bad = {m for m in GRAPH[name]
           if _within(m, ("desktop.assist", "desktop.quality", "desktop.teams", "desktop.ui",
                          "desktop.app", "desktop.cli"))}
    assert not bad, f"{name} imports {sorted(bad)}"


@pytest.mark.parametrize("name", [n for n in GRAPH if _within(n, ("desktop.assist",))])
def test_assist_imports_only_core(name: str) -> None:
    """The assistant sits beside formats: core only, no store, no Qt, no optional extra."""
    bad = {m for m in GRAPH[name]
           if (_within(m, ("desktop",)) and not _within(m, ASSIST_MAY_IMPORT))
           or _within(m, QT + SQL + OPTIONAL_EXTRAS)}
    assert not bad, f"{name} imports {sorted(bad)}"
