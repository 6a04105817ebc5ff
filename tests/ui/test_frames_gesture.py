"""The attribution frame in one gesture: A, pick SOURCE/CUE (click or select + key), Enter."""

from __future__ import annotations

from helpers.windows import click, key, label_text, open_doc, select_text, settle, spans
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.core.model import Frame
from desktop.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


def test_gesture_with_clicked_and_new_spans_is_one_undo_step(qtbot: QtBot,
                                                             window: MainWindow) -> None:
    source = label_text(qtbot, window, "President Emmanuel Macron's office", Qt.Key.Key_3)
    claim = label_text(qtbot, window, "We are moving towards a truce tonight", Qt.Key.Key_2)
    undo_before = window.ws.undo_stack.count()
    key(qtbot, window, Qt.Key.Key_A)
    assert window.labelling.gesture.active
    assert "Attribute" in window.statusBar().currentMessage()
    click(qtbot, window, "Emmanuel")  # an existing SOURCE fills the source role
    select_text(window, "said", 0)
    key(qtbot, window, Qt.Key.Key_4)  # a new CUE, created inside the gesture
    assert window.labelling.gesture.members()[source] == "source"
    assert window.article_view.state.gesture  # picked spans are outlined
    key(qtbot, window, Qt.Key.Key_Return)
    assert not window.labelling.gesture.active
    (frame,) = window.ws.layer().frames
    cue = next(sid for sid, (lab, _t) in spans(window).items() if lab == "CUE")
    assert dict(frame.roles) == {"content": (claim,), "source": (source,), "cue": (cue,)}
    assert window.ws.selected_span == claim
    assert "saved" in window.statusBar().currentMessage()
    # The whole gesture (new CUE + frame) is one undo step.
    assert window.ws.undo_stack.count() == undo_before + 1
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.ws.layer().frames == ()
    assert "CUE" not in {lab for lab, _t in spans(window).values()}
    key(qtbot, window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert len(window.ws.layer().frames) == 1


def test_escape_cancels_without_a_frame(qtbot: QtBot, window: MainWindow) -> None:
    label_text(qtbot, window, '"The decision,"', Qt.Key.Key_2)
    key(qtbot, window, Qt.Key.Key_A)
    select_text(window, "he", 0)
    select_text(window, " he said")
    key(qtbot, window, Qt.Key.Key_3)
    key(qtbot, window, Qt.Key.Key_Escape)
    assert not window.labelling.gesture.active
    assert window.ws.layer().frames == ()
    assert ("SOURCE", "he said") in spans(window).values()  # spans made are kept
    assert "cancelled" in window.statusBar().currentMessage()
    assert not window.ws.undo_stack.isClean() or window.ws.undo_stack.count() > 0


def test_incomplete_frame_is_saved_but_flagged(qtbot: QtBot, window: MainWindow) -> None:
    cue = label_text(qtbot, window, "said", Qt.Key.Key_4)
    claim = label_text(qtbot, window, "We are moving towards a truce tonight", Qt.Key.Key_2)
    key(qtbot, window, Qt.Key.Key_A)
    click(qtbot, window, "said")
    key(qtbot, window, Qt.Key.Key_Return)
    (frame,) = window.ws.layer().frames
    assert frame.roles["cue"] == (cue,)
    # Relabelling the CLAIM to a label its role does not take is refused, not saved.
    window.ws.select_span(claim)
    key(qtbot, window, Qt.Key.Key_1)
    assert spans(window)[claim][0] == "CLAIM"
    assert "role takes CLAIM" in window.statusBar().currentMessage()
    # A frame without its content (made by an import, say) is kept, but flagged everywhere.
    window.ws.add_frame(Frame(id="", type="attribution", roles={"cue": (cue,)}))
    settle(qtbot, window)
    view = window.article_view
    assert cue in view.state.flagged
    assert any("content" in p for p in view.frame_problems(cue)), view.frame_problems(cue)
    assert "⚠" in view.tooltip_html([s for s in view.layer.spans if s.id == cue])


def test_attribute_needs_a_claim(qtbot: QtBot, window: MainWindow) -> None:
    label_text(qtbot, window, "AFP", Qt.Key.Key_1)
    key(qtbot, window, Qt.Key.Key_A)
    assert not window.labelling.gesture.active
    assert "CLAIM" in window.statusBar().currentMessage()


def test_attribute_on_a_claim_in_a_frame_edits_that_frame(qtbot: QtBot,
                                                          window: MainWindow) -> None:
    cue1 = label_text(qtbot, window, "said", Qt.Key.Key_4)
    cue2 = label_text(qtbot, window, "said", Qt.Key.Key_4, nth=1)
    claim = label_text(qtbot, window, '"The decision,"', Qt.Key.Key_2)
    key(qtbot, window, Qt.Key.Key_A)
    click(qtbot, window, "said")
    key(qtbot, window, Qt.Key.Key_Return)
    window.ws.select_span(claim)
    key(qtbot, window, Qt.Key.Key_A)
    click(qtbot, window, "said", nth=1)  # add the second cue
    click(qtbot, window, "said", nth=0)  # and drop the first
    key(qtbot, window, Qt.Key.Key_Return)
    (frame,) = window.ws.layer().frames
    assert frame.roles["cue"] == (cue2,)
    assert cue1 not in frame.span_ids()
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    (frame,) = window.ws.layer().frames
    assert frame.roles["cue"] == (cue1,)


def test_opening_another_document_cancels_the_gesture(qtbot: QtBot,
                                                      window: MainWindow) -> None:
    label_text(qtbot, window, '"The decision,"', Qt.Key.Key_2)
    key(qtbot, window, Qt.Key.Key_A)
    open_doc(window, "p2")
    assert not window.labelling.gesture.active
    assert window.ws.undo_stack.canUndo()  # no macro left open


def test_deleting_a_claim_removes_its_frame_in_the_same_undo_step(qtbot: QtBot,
                                                                   window: MainWindow) -> None:
    cue = label_text(qtbot, window, "said", Qt.Key.Key_4)
    claim = label_text(qtbot, window, '"The decision,"', Qt.Key.Key_2)
    key(qtbot, window, Qt.Key.Key_A)
    click(qtbot, window, "said")
    key(qtbot, window, Qt.Key.Key_Return)
    (frame,) = window.ws.layer().frames
    steps = window.ws.undo_stack.count()
    key(qtbot, window, Qt.Key.Key_Delete)  # the CLAIM is selected after the gesture
    # The frame cannot stand without its content: it goes too, and the user is told.
    assert window.ws.layer().frames == ()
    assert set(spans(window)) == {cue}
    message = window.statusBar().currentMessage()
    assert f"Deleted CLAIM {claim} and its frame {frame.id}" in message, message
    assert window.ws.undo_stack.count() == steps + 1  # one step for both
    assert window.ws.undo_stack.undoText() == f"Delete CLAIM {claim} and its attribution " \
                                              f"frame {frame.id}"
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.ws.layer().frames == (frame,)  # both back, the frame whole again
    assert set(spans(window)) == {cue, claim}
    assert window.article_view.frame_problems(cue) == []


def test_deleting_a_source_keeps_the_frame_and_says_so(qtbot: QtBot, window: MainWindow) -> None:
    source = label_text(qtbot, window, "he", Qt.Key.Key_3, nth=1)  # not the "he" of "The"
    assert spans(window)[source] == ("SOURCE", "he")
    label_text(qtbot, window, '"The decision,"', Qt.Key.Key_2)
    key(qtbot, window, Qt.Key.Key_A)
    click(qtbot, window, "he", nth=1)
    key(qtbot, window, Qt.Key.Key_Return)
    (frame,) = window.ws.layer().frames
    window.ws.select_span(source)
    key(qtbot, window, Qt.Key.Key_Delete)
    (kept,) = window.ws.layer().frames
    assert kept.id == frame.id
    assert "source" not in kept.roles
    assert f"taken out of frame {frame.id}" in window.statusBar().currentMessage()


def test_label_key_without_selection_does_not_relabel_during_gesture(
        qtbot: QtBot, window: MainWindow) -> None:
    claim = label_text(qtbot, window, '"The decision,"', Qt.Key.Key_2)
    key(qtbot, window, Qt.Key.Key_A)
    key(qtbot, window, Qt.Key.Key_3)
    span = window.ws.span(claim)
    assert span is not None
    assert span.label == "CLAIM"
    assert window.labelling.gesture.active
