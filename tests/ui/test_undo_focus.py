"""Undo and redo bring the changed document into view; a failed undo says so."""

from __future__ import annotations

from pathlib import Path

from helpers.panels import redo, undo
from helpers.windows import PLAIN_TEXT, open_doc, open_window
from pytestqt.qtbot import QtBot


def test_undo_opens_the_document_it_changes(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    ws = window.ws
    open_doc(window, "p1")
    start = PLAIN_TEXT.index("AFP")
    span = ws.add_span("ACTOR", ((start, start + 3),))
    assert span is not None
    open_doc(window, "p2")
    undo(ws)
    assert ws.current is not None
    assert ws.current.id == "p1"
    assert ws.project.annotations.spans("p1", "alice") == []
    open_doc(window, "p3")
    redo(ws)
    assert ws.current.id == "p1"
    assert [s.text for s in ws.project.annotations.spans("p1", "alice")] == ["AFP"]


def test_failed_undo_is_reported_not_raised(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    ws = window.ws
    open_doc(window, "p1")
    start = PLAIN_TEXT.index("AFP")
    span = ws.add_span("ACTOR", ((start, start + 3),))
    assert span is not None
    # Someone else removed the span behind our back (another process on the same file).
    ws.project.spans.delete("p1", "alice", span.id, who="other")
    with qtbot.waitSignal(ws.error, timeout=2000) as blocker:
        undo(ws)
    assert "Could not undo" in blocker.args[0]
