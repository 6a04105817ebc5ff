"""Relations in the GUI: the R gesture, the panel's "Relations (n)" section, the tooltip."""

from __future__ import annotations

from helpers.windows import click, key, label_text, open_doc, select_text, settle, spans
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.core.model import Relation, Span
from desktop.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CLAIM_TEXT = "We are moving towards a truce tonight"


def stored(window: MainWindow, annotator: str = "alice") -> list[tuple[str, str, str]]:
    """(label, head, tail) of every relation in the store (not a cache)."""
    return [(r.label, r.head, r.tail)
            for r in window.ws.project.annotations.relations("p1", annotator)]


def message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def test_r_then_click_creates_about_relation_undoably(qtbot: QtBot,
                                                      window: MainWindow) -> None:
    actor = label_text(qtbot, window, "Emmanuel Macron", Qt.Key.Key_1)
    claim = label_text(qtbot, window, CLAIM_TEXT, Qt.Key.Key_2)
    undo_before = window.ws.undo_stack.count()
    key(qtbot, window, Qt.Key.Key_R)
    gesture = window.labelling.relating
    assert gesture.active
    assert "about" in message(window)
    assert "ACTOR" in message(window)  # which tails fit
    assert window.article_view.state.gesture == {claim: "head"}  # the head is outlined
    click(qtbot, window, "Emmanuel")
    assert not gesture.active
    assert stored(window) == [("about", claim, actor)]
    assert "saved" in message(window)
    assert window.ws.selected_span == claim
    assert window.ws.undo_stack.count() == undo_before + 1
    section = window.annotation_panel.relations
    assert section.title.text() == "Relations (1)"
    row = section.model.index(0, 1)
    texts = spans(window)
    head, tail = row.data().split(" → ")
    assert texts[claim][1].startswith(head.rstrip("…"))  # a long head is cut, not the tail
    assert tail == texts[actor][1] == "Emmanuel Macron's"
    assert f"tail {actor}" in row.data(Qt.ItemDataRole.ToolTipRole)
    assert section.model.index(0, 0).data().startswith("about ")
    # Undo / redo with the standard keys.
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored(window) == []
    assert section.title.text() == "Relations (0)"
    key(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert stored(window) == [("about", claim, actor)]
    assert section.title.text() == "Relations (1)"


def test_tail_created_during_gesture_is_one_undo_step(qtbot: QtBot,
                                                      window: MainWindow) -> None:
    claim = label_text(qtbot, window, CLAIM_TEXT, Qt.Key.Key_2)
    undo_before = window.ws.undo_stack.count()
    key(qtbot, window, Qt.Key.Key_R)
    select_text(window, "AFP")
    key(qtbot, window, Qt.Key.Key_1)  # a new ACTOR, made and picked inside the gesture
    assert not window.labelling.relating.active
    actor = next(sid for sid, (lab, text) in spans(window).items() if text == "AFP")
    assert spans(window)[actor][0] == "ACTOR"
    assert stored(window) == [("about", claim, actor)]
    assert window.ws.undo_stack.count() == undo_before + 1
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored(window) == []
    assert actor not in spans(window)
    key(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert stored(window) == [("about", claim, actor)]
    assert spans(window)[actor] == ("ACTOR", "AFP")


def test_selecting_an_existing_span_text_reuses_it(qtbot: QtBot, window: MainWindow) -> None:
    actor = label_text(qtbot, window, "AFP", Qt.Key.Key_1)
    claim = label_text(qtbot, window, CLAIM_TEXT, Qt.Key.Key_2)
    key(qtbot, window, Qt.Key.Key_R)
    select_text(window, "AFP")
    key(qtbot, window, Qt.Key.Key_1)  # keyboard-only: same label on the same text
    assert stored(window) == [("about", claim, actor)]
    assert [t for lab, t in spans(window).values() if lab == "ACTOR"] == ["AFP"]


def test_invalid_head_is_refused_with_a_message(qtbot: QtBot, window: MainWindow) -> None:
    label_text(qtbot, window, "said", Qt.Key.Key_4)
    key(qtbot, window, Qt.Key.Key_R)
    assert not window.labelling.relating.active
    assert "CUE span cannot be the head" in message(window)
    assert "CLAIM" in message(window)
    # Nothing selected at all: R says what to do.
    key(qtbot, window, Qt.Key.Key_Escape)
    key(qtbot, window, Qt.Key.Key_Escape)
    key(qtbot, window, Qt.Key.Key_R)
    assert not window.labelling.relating.active
    assert "select a CLAIM span first" in message(window)
    assert stored(window) == []


def test_invalid_tail_is_refused_and_escape_cancels(qtbot: QtBot, window: MainWindow) -> None:
    cue = label_text(qtbot, window, "said", Qt.Key.Key_4)
    claim = label_text(qtbot, window, CLAIM_TEXT, Qt.Key.Key_2)
    key(qtbot, window, Qt.Key.Key_R)
    click(qtbot, window, "said")  # a CUE cannot be the tail of `about`
    assert window.labelling.relating.active
    assert "CUE span cannot be the tail of about" in message(window)
    click(qtbot, window, "moving")  # nor the head itself
    assert window.labelling.relating.active
    assert "another span" in message(window)
    key(qtbot, window, Qt.Key.Key_Escape)
    assert not window.labelling.relating.active
    assert "cancelled" in message(window)
    assert window.article_view.state.gesture == {}
    assert stored(window) == []
    assert {cue, claim} <= set(spans(window))


def test_other_gestures_and_keys_wait_while_relating(qtbot: QtBot, window: MainWindow) -> None:
    claim = label_text(qtbot, window, CLAIM_TEXT, Qt.Key.Key_2)
    key(qtbot, window, Qt.Key.Key_R)
    key(qtbot, window, Qt.Key.Key_A)  # attribute is off during the gesture
    assert not window.labelling.gesture.active
    key(qtbot, window, Qt.Key.Key_1)  # no selection: does not relabel the head
    assert spans(window)[claim][0] == "CLAIM"
    key(qtbot, window, Qt.Key.Key_BracketRight)  # stepping would pick a tail: refused
    assert window.labelling.relating.active
    key(qtbot, window, Qt.Key.Key_Delete)  # delete span is off during the gesture
    assert claim in spans(window)
    open_doc(window, "p2")  # changing document cancels quietly
    assert not window.labelling.relating.active
    # And R is refused while the attribution gesture runs.
    open_doc(window, "p1")
    window.ws.select_span(claim)
    key(qtbot, window, Qt.Key.Key_A)
    assert window.labelling.gesture.active
    key(qtbot, window, Qt.Key.Key_R)
    assert not window.labelling.relating.active


def test_delete_from_panel_and_undo(qtbot: QtBot, window: MainWindow) -> None:
    actor = label_text(qtbot, window, "AFP", Qt.Key.Key_1)
    claim = label_text(qtbot, window, CLAIM_TEXT, Qt.Key.Key_2)
    key(qtbot, window, Qt.Key.Key_R)
    click(qtbot, window, "AFP")
    (rel,) = window.ws.project.annotations.relations("p1", "alice")
    window.ws.select_span(actor)
    section = window.annotation_panel.relations
    assert not section.delete_action.isEnabled()  # no row selected yet
    section.select_relation(rel.id)
    assert window.ws.selected_span == claim  # selecting a row selects the head span
    assert section.delete_action.isEnabled()
    section.view.setFocus()
    qtbot.keyClick(section.view, Qt.Key.Key_Delete)
    settle(qtbot, window)
    assert stored(window) == []
    assert section.title.text() == "Relations (0)"
    assert {actor, claim} <= set(spans(window))  # only the relation went
    window.article_view.setFocus()
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored(window) == [("about", claim, actor)]
    # The "Delete relation" action (in the Label menu) does the same.
    section.select_relation(rel.id)
    label_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Label")
    assert section.delete_action in label_menu.actions()
    section.delete_action.trigger()
    assert stored(window) == []
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert len(stored(window)) == 1


def test_other_layer_is_read_only(qtbot: QtBot, window: MainWindow) -> None:
    ws = window.ws
    assert ws.current is not None
    text = ws.current.text

    def bob_span(label: str, needle: str) -> Span:
        start = text.index(needle)
        return ws.project.spans.add(
            "p1", "bob", Span.from_text(text, id="", label=label,
                                        fragments=((start, start + len(needle)),)), who="bob").value

    claim = bob_span("CLAIM", CLAIM_TEXT)
    actor = bob_span("ACTOR", "AFP")
    ws.project.relations.add(
        "p1", "bob", Relation(id="", label="about", head=claim.id, tail=actor.id), who="bob")
    window.annotation_panel.show_layer("bob")
    section = window.annotation_panel.relations
    assert section.title.text() == "Relations (1)"
    assert section.model.index(0, 1).data() == "We are moving towards a truce… → AFP"
    (rel,) = ws.project.annotations.relations("p1", "bob")
    section.select_relation(rel.id)
    assert not section.delete_action.isEnabled()
    assert not section.delete_button.isEnabled()
    assert section.delete_selected() is False
    section.view.setFocus()
    qtbot.keyClick(section.view, Qt.Key.Key_Delete)
    assert len(stored(window, "bob")) == 1
    # The R gesture refuses too.
    window.article_view.setFocus()
    window.labelling.relate()
    assert not window.labelling.relating.active
    assert "read-only" in message(window)
    # The hover tooltip shows the other layer's relation.
    view = window.article_view
    (shown,) = [s for s in view.layer.spans if s.id == claim.id]
    assert "about → AFP" in view.tooltip_html([shown])


def test_tooltip_lists_relations_of_head_and_tail(qtbot: QtBot, window: MainWindow) -> None:
    actor = label_text(qtbot, window, "Emmanuel Macron", Qt.Key.Key_1)
    claim = label_text(qtbot, window, CLAIM_TEXT, Qt.Key.Key_2)
    key(qtbot, window, Qt.Key.Key_R)
    click(qtbot, window, "Emmanuel")
    view = window.article_view
    by_id = {s.id: s for s in view.layer.spans}
    assert "about → Emmanuel Macron" in view.tooltip_html([by_id[claim]])
    tail_tip = view.tooltip_html([by_id[actor]])
    assert "about ← " in tail_tip
    assert tail_tip.split("about ← ")[1].startswith("&quot;We are moving")  # escaped HTML
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    by_id = {s.id: s for s in view.layer.spans}
    assert "about" not in view.tooltip_html([by_id[claim]])
