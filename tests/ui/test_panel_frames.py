"""Annotation panel, frames: fillers, attributes in place, warnings, delete, remove filler;
and showing another annotator's layer read-only."""

from __future__ import annotations

import pytest
from helpers.panels import add, frag, next_turn, redo, undo
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from desktop.core.model import Frame, Span
from desktop.ui.models.annotation_model import AnnRole
from desktop.ui.models.tree_model import NodeKind
from desktop.ui.views.annotation_panel import AnnotationPanel
from desktop.ui.workspace import Workspace

QUOTE = '"We are moving towards a truce tonight or tomorrow but it\'s still fragile,"'


@pytest.fixture
def frame(ws: Workspace) -> Frame:
    claim = add(ws, "CLAIM", QUOTE)
    src = add(ws, "SOURCE", "President Emmanuel Macron's office")
    cue = add(ws, "CUE", "said")
    f = ws.add_frame(Frame(id="", type="attribution",
                           roles={"content": (claim.id,), "source": (src.id,),
                                  "cue": (cue.id,)}))
    assert f is not None
    return f


def stored_frames(ws: Workspace) -> list[Frame]:
    assert ws.current is not None
    return ws.project.annotations.frames(ws.current.id, "alice")


def test_frame_rows_show_fillers_and_attribute(panel: AnnotationPanel, ws: Workspace,
                                               frame: Frame) -> None:
    m = panel.frame_model
    fi = m.frame_index(frame.id)
    assert fi.data(AnnRole.FRAME_ID) == frame.id
    assert fi.data() == f"attribution {frame.id}"
    assert fi.siblingAtColumn(1).data() == QUOTE
    assert m.headerData(2, Qt.Orientation.Horizontal) == "channel"
    fillers = [(m.index(r, 0, fi).data(), m.index(r, 1, fi).data()) for r in range(3)]
    assert fillers == [("content", QUOTE), ("source", "President Emmanuel Macron's office"),
                       ("cue", "said")]
    assert m.index(1, 0, fi).data(AnnRole.SPAN_ID) == frame.roles["source"][0]
    assert m.index(0, 0, fi).data(Qt.ItemDataRole.DecorationRole) is None  # no warning
    assert panel.frames_view.isExpanded(fi)
    assert panel.frames_title.text() == "Frames (1)"


def test_incomplete_frame_shows_warning_icon_and_tooltip(panel: AnnotationPanel,
                                                         ws: Workspace) -> None:
    src = add(ws, "SOURCE", "President Emmanuel Macron's office")
    f = ws.add_frame(Frame(id="", type="attribution", roles={"source": (src.id,)}))
    next_turn()
    assert f is not None
    fi = panel.frame_model.frame_index(f.id)
    assert fi.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "content: needs at least 1, has 0" in fi.data(Qt.ItemDataRole.ToolTipRole)
    assert fi.siblingAtColumn(1).data() == "(no content)"


def test_channel_edited_with_combo_and_undone(qtbot: QtBot, panel: AnnotationPanel,
                                              ws: Workspace, frame: Frame) -> None:
    view = panel.frames_view
    index = panel.frame_model.frame_index(frame.id).siblingAtColumn(2)
    assert index.data(AnnRole.CHOICES)[:3] == ["", "statement", "interview"]
    view.setCurrentIndex(index)
    view.edit(index)
    combo = view.findChildren(QComboBox, "choiceEditor")[0]
    i = combo.findData("interview")
    combo.setCurrentIndex(i)
    combo.activated.emit(i)
    next_turn()
    assert stored_frames(ws)[0].attrs == {"channel": "interview"}
    assert panel.frame_model.frame_index(frame.id).siblingAtColumn(2).data() == "interview"
    undo(ws)
    assert stored_frames(ws)[0].attrs == {}
    redo(ws)
    assert stored_frames(ws)[0].attrs == {"channel": "interview"}


def test_remove_filler_and_delete_frame_with_keys_and_undo(
        qtbot: QtBot, panel: AnnotationPanel, ws: Workspace, frame: Frame) -> None:
    src_id = frame.roles["source"][0]
    panel.select_frame(frame.id, "source", src_id)
    assert ws.selected_span == src_id  # selecting a filler selects its span
    assert panel.remove_filler_action.isEnabled()
    panel.frames_view.setFocus()
    qtbot.keyClick(panel.frames_view, Qt.Key.Key_Delete)
    next_turn()
    assert "source" not in stored_frames(ws)[0].roles
    assert ws.span(src_id) is not None  # only the role filler went
    fi = panel.frame_model.frame_index(frame.id)
    assert panel.frame_model.rowCount(fi) == 2
    undo(ws)
    assert stored_frames(ws)[0].roles["source"] == (src_id,)
    assert panel.frame_model.rowCount(panel.frame_model.frame_index(frame.id)) == 3

    panel.select_frame(frame.id)
    assert ws.selected_span == frame.roles["content"][0]
    panel.frames_view.setFocus()
    qtbot.keyClick(panel.frames_view, Qt.Key.Key_Delete)
    next_turn()
    assert stored_frames(ws) == []
    assert panel.frame_model.rowCount() == 0
    undo(ws)
    assert [f.id for f in stored_frames(ws)] == [frame.id]
    assert panel.frame_model.frame_index(frame.id).isValid()


def test_buttons_delete_frame(panel: AnnotationPanel, ws: Workspace, frame: Frame) -> None:
    assert not panel.delete_frame_button.isEnabled()
    panel.select_frame(frame.id)
    assert panel.delete_frame_button.isEnabled()
    assert not panel.remove_filler_button.isEnabled()
    panel.delete_frame_button.click()
    assert stored_frames(ws) == []


def test_deleting_a_span_updates_its_frame(panel: AnnotationPanel, ws: Workspace,
                                           frame: Frame) -> None:
    ws.delete_span(frame.roles["cue"][0])
    fi = panel.frame_model.frame_index(frame.id)
    assert [panel.frame_model.index(r, 0, fi).data() for r in range(2)] == ["content",
                                                                           "source"]
    undo(ws)
    assert panel.frame_model.rowCount(panel.frame_model.frame_index(frame.id)) == 3


def test_other_layer_shown_read_only(qtbot: QtBot, panel: AnnotationPanel, ws: Workspace,
                                     frame: Frame) -> None:
    assert ws.current is not None
    text = ws.current.text
    bob_span = ws.project.spans.add(
        "d1", "bob", Span.from_text(text, id="", label="ACTOR", fragments=frag(text, "AFP")),
        who="bob").value
    panel._fill_layers()  # a new annotator appeared behind our back
    combo = panel.layer_combo
    assert combo.itemData(0) == "alice"
    i = combo.findData("bob")
    assert i > 0
    with qtbot.waitSignal(ws.view_layer_changed) as sig:
        combo.setCurrentIndex(i)
        combo.activated.emit(i)
    assert sig.args == ["bob"]
    assert ws.view_layer == "bob"
    assert not ws.viewing_own_layer
    assert panel.read_only_label.text() == "read-only"
    m = panel.span_model
    idx = m.span_index(bob_span.id, 1)
    assert idx.isValid()
    assert m.group_index("CLAIM").data() == "CLAIM  (0)"
    assert not idx.flags() & Qt.ItemFlag.ItemIsEditable
    assert m.setData(m.span_index(bob_span.id, m.cols.note), "x") is False
    assert panel.frame_model.rowCount() == 0
    ws.select_span(bob_span.id)
    assert not panel.link_action.isEnabled()
    panel.spans_view.setFocus()
    qtbot.keyClick(panel.spans_view, Qt.Key.Key_Delete)
    assert ws.project.annotations.span("d1", "bob", bob_span.id) is not None
    panel.show_layer("alice")
    assert ws.view_layer == "alice"
    assert combo.currentIndex() == 0
    assert panel.frame_model.rowCount() == 1
    assert panel.read_only_label.text() == ""
    n = panel.frame_model.frame_index(frame.id)
    assert panel.frame_model.node(n) is not None
    assert panel.frame_model.node(n).kind == NodeKind.FRAME  # type: ignore[union-attr]
