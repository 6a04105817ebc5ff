"""The Adjudication window: accept from a layer, accept all agreed, reject, undo each, next
undecided difference, per-document adjudication status, export of the gold layer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.team_windows import lead_window
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.core.model import GOLD, DocStatus, SpanState
from desktop.formats.exporting import export
from desktop.quality import DiffKind
from desktop.ui.main_window import MainWindow
from desktop.ui.views.adjudication_view import AdjudicationWindow

ALT = Qt.KeyboardModifier.AltModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    return lead_window(qtbot, tmp_path)


@pytest.fixture
def adj(qtbot: QtBot, window: MainWindow) -> AdjudicationWindow:
    win = window.team.open_adjudication("p1")
    qtbot.waitExposed(win)
    win.activateWindow()
    win.table.setFocus()
    qtbot.waitUntil(lambda: win.table.hasFocus())
    return win


def _gold(window: MainWindow) -> list[tuple[str, str, str]]:
    return sorted((s.label, s.text, s.state.value) for s in
                  window.ws.project.annotations.spans("p1", GOLD))


def _row(adj: AdjudicationWindow, kind: DiffKind, label: str = "") -> int:
    return next(i for i, item in enumerate(adj.controller.items) if item.kind is kind
                and (not label or any(s.label == label for s in item.spans.values())))


def test_the_window_lists_every_difference_side_by_side(adj: AdjudicationWindow) -> None:
    c = adj.controller
    assert c.annotators == ["alice", "bob"]
    assert list(adj.panes) == ["alice", "bob", GOLD]
    # In text order: the quote's CLAIM and its frame (whose content differs), the office
    # (SOURCE or ACTOR), "said", AFP (alice only), the second quote, its "said", its frame.
    assert [(i.kind, i.is_frame) for i in c.items] == [
        (DiffKind.BOUNDARY, False), (DiffKind.ROLES, True), (DiffKind.LABEL, False),
        (DiffKind.AGREED, False), (DiffKind.ONLY_SOME, False), (DiffKind.AGREED, False),
        (DiffKind.AGREED, False), (DiffKind.AGREED, True)]
    assert adj.model.rowCount() == len(c.items)
    assert adj.model.headerData(2, Qt.Orientation.Horizontal) == "alice"
    assert adj.model.data(adj.model.index(0, 4)) == "undecided"
    # Every span of alice's layer is shaded in her pane.
    assert len(adj.panes["alice"].extraSelections()) >= len(c.layers["alice"].spans)
    assert "undecided" in adj.state.text()


def test_accept_from_a_layer_then_undo_and_redo(qtbot: QtBot, window: MainWindow,
                                                adj: AdjudicationWindow) -> None:
    row = _row(adj, DiffKind.BOUNDARY, "CLAIM")
    adj.select(row)
    qtbot.keyClick(adj.table, Qt.Key.Key_2, ALT)  # bob's version
    assert _gold(window) == [("CLAIM", "We are moving towards a truce tonight", "accepted")]
    assert adj.controller.decisions[row].taken_from == ("bob",)
    assert adj.model.data(adj.model.index(row, 4)) == "= bob"
    assert window.ws.undo_stack.undoText() == "Accept CLAIM from bob"
    # Taking alice's version instead replaces bob's: still one gold span.
    qtbot.keyClick(adj.table, Qt.Key.Key_1, ALT)
    assert _gold(window) == [("CLAIM", '"We are moving towards a truce tonight,"', "accepted")]
    window.ws.undo_stack.undo()
    assert _gold(window) == [("CLAIM", "We are moving towards a truce tonight", "accepted")]
    window.ws.undo_stack.undo()
    assert _gold(window) == []
    assert not adj.controller.decisions[row].decided
    window.ws.undo_stack.redo()
    assert adj.controller.decisions[row].decided
    # The gold layer's edits are logged as the lead's.
    assert window.ws.project.log.recent(limit=1)[0].who == "lead"


def test_accept_all_agreed_is_one_undo_step(qtbot: QtBot, window: MainWindow,
                                            adj: AdjudicationWindow) -> None:
    c = adj.controller
    agreed = [i for i, item in enumerate(c.items) if item.kind is DiffKind.AGREED]
    assert agreed
    qtbot.keyClick(adj.table, Qt.Key.Key_A, CTRL_SHIFT)
    assert all(c.decisions[i].decided for i in agreed)
    gold = window.ws.project.annotations.layer("p1", GOLD)
    assert {(s.label, s.text) for s in gold.spans} >= {("CUE", "said"),
                                                       ("CLAIM", '"is final."')}
    assert len(gold.frames) == 1  # the agreed frame, its fillers shared with the spans
    assert set(gold.frames[0].roles) == {"content", "cue"}
    assert window.ws.undo_stack.undoText() == f"Accept {len(agreed)} agreed items"
    window.ws.undo_stack.undo()
    assert _gold(window) == []
    assert window.ws.project.annotations.frames("p1", GOLD) == []
    assert not any(c.decisions[i].decided for i in agreed)


def test_reject_and_clear_a_decision(qtbot: QtBot, window: MainWindow,
                                     adj: AdjudicationWindow) -> None:
    row = _row(adj, DiffKind.ONLY_SOME, "ACTOR")
    adj.select(row)
    qtbot.keyClick(adj.table, Qt.Key.Key_0, ALT)
    assert _gold(window) == [("ACTOR", "AFP", SpanState.REJECTED.value)]
    assert adj.model.data(adj.model.index(row, 4)) == "rejected"
    qtbot.keyClick(adj.table, Qt.Key.Key_Backspace, ALT)
    assert _gold(window) == []
    window.ws.undo_stack.undo()
    assert _gold(window) == [("ACTOR", "AFP", "rejected")]


def test_next_undecided_difference_skips_decided_ones(qtbot: QtBot,
                                                      adj: AdjudicationWindow) -> None:
    c = adj.controller
    adj.select(0)
    qtbot.keyClick(adj.table, Qt.Key.Key_1, ALT)  # decide the first item
    adj.select(0)
    qtbot.keyClick(adj.table, Qt.Key.Key_F8)
    first = adj.current
    assert first == c.undecided()[0]
    assert first != 0
    qtbot.keyClick(adj.table, Qt.Key.Key_F8)
    assert adj.current == c.undecided()[1]
    assert adj.table.currentIndex().row() == adj.current


def test_per_document_adjudication_status(qtbot: QtBot, window: MainWindow,
                                          adj: AdjudicationWindow) -> None:
    assert adj.controller.status is DocStatus.NEW
    assert adj.docs.currentText().endswith("gold: new")
    qtbot.keyClick(adj.table, Qt.Key.Key_A, CTRL_SHIFT)
    assert adj.controller.status is DocStatus.IN_PROGRESS  # editing gold starts it
    qtbot.keyClick(adj.table, Qt.Key.Key_D, CTRL_SHIFT)
    assert window.ws.project.annotations.status("p1", GOLD) is DocStatus.DONE
    assert "Adjudication: done" in adj.state.text()
    adj.refresh_documents()
    assert adj.docs.currentText().endswith("gold: done")
    window.ws.undo_stack.undo()
    assert adj.controller.status is DocStatus.IN_PROGRESS


def test_relabel_edits_the_gold_span(window: MainWindow, adj: AdjudicationWindow) -> None:
    row = _row(adj, DiffKind.LABEL)
    adj.select(row)
    adj.accept_from(0)
    assert _gold(window) == [("SOURCE", "President Emmanuel Macron's office", "accepted")]
    adj.relabel_box.setCurrentIndex(adj.relabel_box.findData("ACTOR"))
    adj.relabel_box.activated.emit(adj.relabel_box.currentIndex())
    assert _gold(window) == [("ACTOR", "President Emmanuel Macron's office", "accepted")]
    assert adj.controller.decisions[row].taken_from == ("bob",)
    window.ws.undo_stack.undo()
    assert _gold(window) == [("SOURCE", "President Emmanuel Macron's office", "accepted")]


def test_the_adjudicated_gold_layer_exports(tmp_path: Path, window: MainWindow,
                                            adj: AdjudicationWindow) -> None:
    adj.controller.accept_all_agreed()
    adj.select(_row(adj, DiffKind.BOUNDARY, "CLAIM"))
    adj.accept_from(0)
    adj.controller.set_adjudicated()
    out = tmp_path / "gold.jsonl"
    report = export(window.ws.project, fmt="jsonl", out=out, gold=True,
                    statuses=frozenset({DocStatus.DONE}))
    assert report.documents == 1
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert row["annotator"] == GOLD
    assert {s["text"] for s in row["spans"]} >= {'"is final."', "said",
                                                 '"We are moving towards a truce tonight,"'}
    assert len(row["frames"]) == 1


def test_gold_span_boundaries_are_edited_with_the_arrow_keys(
        qtbot: QtBot, window: MainWindow, adj: AdjudicationWindow) -> None:
    row = _row(adj, DiffKind.ONLY_SOME)  # AFP, in alice's layer only
    adj.select(row)
    qtbot.keyClick(adj.table, Qt.Key.Key_1, ALT)
    (before,) = [s for s in window.ws.project.annotations.spans("p1", GOLD)
                 if s.text == "AFP"]
    adj.select(row)
    qtbot.keyClick(adj.table, Qt.Key.Key_Left, ALT | Qt.KeyboardModifier.ShiftModifier)
    moved = window.ws.project.annotations.span("p1", GOLD, before.id)
    assert moved.start < before.start  # the start took in the word before
    assert moved.end == before.end
    assert moved.text.endswith("AFP")
    window.ws.undo_stack.undo()
    assert window.ws.project.annotations.span("p1", GOLD, before.id) == before
    adj.controller.reload()
    adj.select(row)
    assert not adj.controller.move_edge(_row(adj, DiffKind.AGREED), "end", 1)  # undecided
