"""Builders for the panel tests: a small project on disk and a Workspace over it.

The ``ws`` and ``panel`` fixtures are offered to every GUI test by tests/ui/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.core.model import Actor, Document, Span
from desktop.core.offsets import sha256_text
from desktop.store import Project, open_project
from desktop.ui.views.annotation_panel import AnnotationPanel
from desktop.ui.workspace import Workspace

MACRON = ('"We are moving towards a truce tonight or tomorrow but it\'s still fragile," '
          "President Emmanuel Macron's office said in a statement to AFP. Later Macron "
          "told AFP again that Macron would wait. 😀")
STORM = "A hurricane hit the coast on Monday, officials said. The storm weakened overnight."
BUDGET = "Ministers failed to agree on the budget, a spokesperson told reporters."

DOCS = (("d1", "Macron office says truce is fragile", MACRON, "Meridian Wire", "2020-10-09"),
        ("d2", "Storm hits the coast", STORM, "Coastal Daily", "2021-03-01"),
        ("d3", "Budget talks stall", BUDGET, "Meridian Wire", "2022-01-15"))


def make_project(path: Path) -> Project:
    project = open_project(path, create=True)
    with project.transaction():
        project.documents.insert_many([
            Document(id=i, title=t, text=x, sha256=sha256_text(x),
                     meta={"outlet": o, "published": p}) for i, t, x, o, p in DOCS])
    return project


def frag(text: str, needle: str, nth: int = 0) -> tuple[tuple[int, int], ...]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return ((start, start + len(needle)),)


def add(ws: Workspace, label: str, needle: str, nth: int = 0, **attrs: object) -> Span:
    """Label ``needle`` and let the views hear of it (as at the end of an event-loop turn)."""
    assert ws.current is not None
    span = ws.add_span(label, frag(ws.current.text, needle, nth), attrs=dict(attrs))
    assert span is not None
    next_turn()
    return span


def next_turn() -> None:
    """Let the event loop run once: the panels catch up with the last edits."""
    QApplication.processEvents()


def undo(ws: Workspace) -> None:
    """Ctrl+Z, then the next event-loop turn (the panels have caught up)."""
    ws.undo_stack.undo()
    next_turn()


def redo(ws: Workspace) -> None:
    ws.undo_stack.redo()
    next_turn()


def open_ws(tmp_path: Path, annotator: str = "alice") -> Iterator[Workspace]:
    """A Workspace on a fresh three-document project with d1 open (use in a fixture)."""
    project = make_project(tmp_path / "panels.claimdesk")
    w = Workspace(project, annotator=annotator)
    w.open_document("d1")
    yield w
    w.undo_stack.clear()
    project.close()


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    yield from open_ws(tmp_path)


@pytest.fixture
def panel(qtbot: QtBot, ws: Workspace) -> AnnotationPanel:
    p = AnnotationPanel(ws)
    qtbot.addWidget(p)
    p.resize(560, 700)
    p.show()
    return p


def actor(ws: Workspace, name: str, kind: str = "person", aliases: tuple[str, ...] = ()
          ) -> Actor:
    written = ws.project.actors.add(Actor(id="", name=name, kind=kind, aliases=aliases),
                                    who="test")
    ws.apply(written.change)
    ws.flush()
    next_turn()
    return written.value
