"""Annotation panel, spans: grouped by label, attributes and notes edited in place,
selection shared with the article view, every edit undoable."""

from __future__ import annotations

from pathlib import Path

from helpers.panels import add, next_turn, open_ws, redo, undo
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.core.model import Frame
from desktop.ui.models.annotation_model import AnnRole
from desktop.ui.views.annotation_panel import AnnotationPanel
from desktop.ui.workspace import Workspace


def stored(ws: Workspace, span_id: str) -> dict[str, object]:
    assert ws.current is not None
    s = ws.project.annotations.span(ws.current.id, "alice", span_id)
    return {"attrs": dict(s.attrs), "note": s.note, "actor": s.actor, "label": s.label}


def group_rows(panel: AnnotationPanel, label: str) -> list[str]:
    m = panel.span_model
    g = m.group_index(label)
    return [m.index(r, 0, g).data(AnnRole.SPAN_ID) for r in range(m.rowCount(g))]


def test_models_pass_qt_model_tester(qtmodeltester: ModelTester, panel: AnnotationPanel,
                                     ws: Workspace) -> None:
    claim = add(ws, "CLAIM", '"We are moving towards a truce tonight or tomorrow but it\'s '
                             'still fragile,"')
    src = add(ws, "SOURCE", "President Emmanuel Macron's office")
    add(ws, "CUE", "said")
    ws.add_frame(Frame(id="", type="attribution", roles={"content": (claim.id,),
                                                         "source": (src.id,)}))
    qtmodeltester.check(panel.span_model)
    qtmodeltester.check(panel.frame_model)


def test_spans_grouped_by_label_in_codebook_order(panel: AnnotationPanel,
                                                  ws: Workspace) -> None:
    assert panel.objectName() == "annotationPanel"
    assert panel.accessibleName()
    m = panel.span_model
    labels = [m.index(r, 0).data(AnnRole.LABEL) for r in range(m.rowCount())]
    assert labels == ["ACTOR", "CLAIM", "SOURCE", "CUE"]
    a1 = add(ws, "ACTOR", "AFP")
    a2 = add(ws, "ACTOR", "AFP", 1)
    cue = add(ws, "CUE", "said")
    assert group_rows(panel, "ACTOR") == [a1.id, a2.id]
    assert group_rows(panel, "CUE") == [cue.id]
    assert m.group_index("ACTOR").data() == "ACTOR  (2)"
    idx = m.span_index(cue.id)
    assert idx.data() == "said"
    assert cue.id not in str(idx.data())  # ids travel in roles, not in display text
    assert panel.spans_title.text() == "Spans (3)"
    assert "ACTOR" in str(m.group_index("ACTOR").data(Qt.ItemDataRole.ToolTipRole))
    undo(ws)
    assert group_rows(panel, "CUE") == []


def test_selection_follows_workspace_both_ways(qtbot: QtBot, panel: AnnotationPanel,
                                               ws: Workspace) -> None:
    cue = add(ws, "CUE", "said")
    afp = add(ws, "ACTOR", "AFP")
    afp2 = add(ws, "ACTOR", "AFP", 1)
    with qtbot.waitSignal(ws.span_selected) as sig:
        rect = panel.spans_view.visualRect(panel.span_model.span_index(afp.id))
        qtbot.mouseClick(panel.spans_view.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.center())
    assert sig.args == [afp.id]
    assert ws.selected_span == afp.id
    ws.select_span(cue.id)  # e.g. a click in the article view
    qtbot.waitUntil(lambda: not panel.following)
    assert panel.selected_span_id() == cue.id
    ws.select_span("")
    qtbot.waitUntil(lambda: not panel.following)
    assert not panel.spans_view.selectionModel().hasSelection()
    panel.spans_view.setFocus()
    ws.select_span(afp.id)
    qtbot.waitUntil(lambda: not panel.following)
    qtbot.keyClick(panel.spans_view, Qt.Key.Key_Down)  # keyboard moves the shared selection
    assert ws.selected_span == afp2.id


def test_selection_survives_refresh(qtbot: QtBot, panel: AnnotationPanel,
                                    ws: Workspace) -> None:
    afp = add(ws, "ACTOR", "AFP")
    ws.select_span(afp.id)
    qtbot.waitUntil(lambda: not panel.following)
    add(ws, "ACTOR", "AFP", 1)  # inserted after it in the same group
    add(ws, "CUE", "said")
    assert panel.selected_span_id() == afp.id
    assert ws.selected_span == afp.id


def edit_combo(qtbot: QtBot, panel: AnnotationPanel, index: QModelIndex, value: str) -> None:
    view = panel.spans_view
    view.setCurrentIndex(index)
    view.edit(index)
    combos = view.findChildren(QComboBox, "choiceEditor")
    assert len(combos) == 1
    combo = combos[0]
    i = combo.findData(value)
    assert i >= 0, f"{value!r} not offered"
    combo.setCurrentIndex(i)
    combo.activated.emit(i)  # what a click or Enter in the popup does
    qtbot.waitUntil(lambda: not view.findChildren(QComboBox, "choiceEditor"), timeout=1000)


def test_closed_attribute_edited_with_combo_and_undone(qtbot: QtBot, panel: AnnotationPanel,
                                                       ws: Workspace) -> None:
    claim = add(ws, "CLAIM", '"We are moving towards a truce tonight or tomorrow but it\'s '
                             'still fragile,"')
    assert stored(ws, claim.id)["attrs"] == {}  # the default is shown, not stored
    m = panel.span_model
    attr_col = 1
    index = m.span_index(claim.id, attr_col)
    assert index.data(AnnRole.ATTR) == "form"
    assert index.data(AnnRole.CHOICES) == ["", "direct", "indirect", "mixed", "partial"]
    assert index.data() == "direct (default)"
    assert index.data(Qt.ItemDataRole.EditRole) == ""
    assert "Not confirmed" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.FontRole).italic()
    assert index.flags() & Qt.ItemFlag.ItemIsEditable
    edit_combo(qtbot, panel, index, "direct")  # confirming the default stores it
    assert stored(ws, claim.id)["attrs"] == {"form": "direct"}
    assert m.span_index(claim.id, attr_col).data() == "direct"
    edit_combo(qtbot, panel, m.span_index(claim.id, attr_col), "indirect")
    assert stored(ws, claim.id)["attrs"] == {"form": "indirect"}
    assert m.span_index(claim.id, attr_col).data() == "indirect"
    assert ws.undo_stack.undoText() == "Set CLAIM form"
    edit_combo(qtbot, panel, m.span_index(claim.id, attr_col), "")  # "—": unset
    assert stored(ws, claim.id)["attrs"] == {}
    undo(ws)
    assert stored(ws, claim.id)["attrs"] == {"form": "indirect"}
    undo(ws)
    assert stored(ws, claim.id)["attrs"] == {"form": "direct"}
    assert m.span_index(claim.id, attr_col).data() == "direct"
    redo(ws)
    assert stored(ws, claim.id)["attrs"] == {"form": "indirect"}
    assert m.setData(m.span_index(claim.id, attr_col), "bogus") is False  # closed values only
    assert stored(ws, claim.id)["attrs"] == {"form": "indirect"}


def test_cue_has_no_attribute_cell(panel: AnnotationPanel, ws: Workspace) -> None:
    cue = add(ws, "CUE", "said")
    index = panel.span_model.span_index(cue.id, 1)
    assert not index.flags() & Qt.ItemFlag.ItemIsEditable
    assert panel.span_model.setData(index, "x") is False


def test_note_edited_with_line_edit_and_undone(qtbot: QtBot, panel: AnnotationPanel,
                                               ws: Workspace) -> None:
    src = add(ws, "SOURCE", "President Emmanuel Macron's office")
    m = panel.span_model
    note_col = m.cols.note
    index = m.span_index(src.id, note_col)
    view = panel.spans_view
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.findChildren(QLineEdit)
    assert len(editor) == 1
    editor[0].setText("check the Élysée 😀 wording")
    qtbot.keyClick(editor[0], Qt.Key.Key_Return)  # the delegate commits on the next loop
    qtbot.waitUntil(lambda: stored(ws, src.id)["note"] == "check the Élysée 😀 wording",
                    timeout=1000)
    assert m.span_index(src.id, note_col).data() == "check the Élysée 😀 wording"
    undo(ws)
    assert stored(ws, src.id)["note"] == ""
    redo(ws)
    assert stored(ws, src.id)["note"] == "check the Élysée 😀 wording"


def test_open_attribute_uses_line_edit(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop.core.codebook import load_codebook, parse_codebook
    from desktop.resources import default_codebook_path

    src = load_codebook(default_codebook_path()).source + (
        '\n[[labels]]\nname = "TOPIC"\nkey = "5"\ncolor = "#777777"\n'
        '  [[labels.attributes]]\n  name = "verb"\n'
        '  description = "Lemma of the reporting verb."\n')
    codebook = parse_codebook(src)
    gen = open_ws(tmp_path)
    ws = next(gen)
    ws.project.set_codebook(codebook, who="test")
    panel = AnnotationPanel(ws)
    qtbot.addWidget(panel)
    panel.show()
    cue = add(ws, "TOPIC", "said")
    index = panel.span_model.span_index(cue.id, 1)
    assert index.data(AnnRole.ATTR) == "verb"
    assert index.data(AnnRole.CHOICES) == []
    panel.spans_view.edit(index)
    editors = panel.spans_view.findChildren(QLineEdit)
    assert len(editors) == 1
    editors[0].setText("say")
    qtbot.keyClick(editors[0], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored(ws, cue.id)["attrs"] == {"verb": "say"}, timeout=1000)
    undo(ws)
    assert stored(ws, cue.id)["attrs"] == {}
    panel.close()
    gen.close()


def test_delete_key_in_span_list_deletes_span_undoably(qtbot: QtBot, panel: AnnotationPanel,
                                                       ws: Workspace) -> None:
    afp = add(ws, "ACTOR", "AFP")
    ws.select_span(afp.id)
    qtbot.waitUntil(lambda: not panel.following)
    panel.spans_view.setFocus()
    qtbot.keyClick(panel.spans_view, Qt.Key.Key_Delete)
    next_turn()
    assert ws.span(afp.id) is None
    assert group_rows(panel, "ACTOR") == []
    undo(ws)
    assert group_rows(panel, "ACTOR") == [afp.id]


def test_panel_follows_document_changes(panel: AnnotationPanel, ws: Workspace) -> None:
    add(ws, "CUE", "said")
    ws.open_document("d2")
    assert group_rows(panel, "CUE") == []
    assert panel.spans_title.text() == "Spans (0)"
    cue = add(ws, "CUE", "said")
    assert group_rows(panel, "CUE") == [cue.id]
    ws.open_document("d1")
    assert len(group_rows(panel, "CUE")) == 1
    assert not panel.spans_view.selectionModel().hasSelection()
