"""No silent no-ops: a key that cannot act says why in the status bar."""

from __future__ import annotations

from helpers.windows import click, key, label_text, select_text, settle
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.core.model import DocStatus
from desktop.ui.actions import ActionId
from desktop.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def said(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def test_span_keys_with_nothing_selected(qtbot: QtBot, window: MainWindow) -> None:
    for k, mods in ((Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier),
                    (Qt.Key.Key_Right, ALT), (Qt.Key.Key_F, Qt.KeyboardModifier.NoModifier),
                    (Qt.Key.Key_D, Qt.KeyboardModifier.NoModifier)):
        window.statusBar().clearMessage()
        key(qtbot, window, k, mods)
        assert "nothing selected" in said(window), (k, said(window))


def test_a_label_key_on_a_read_only_layer(qtbot: QtBot, window: MainWindow) -> None:
    label_text(qtbot, window, "said", Qt.Key.Key_4)
    window.ws.set_view_layer("bob")
    select_text(window, "office")
    key(qtbot, window, Qt.Key.Key_2)
    assert "bob's layer, which is read-only" in said(window)
    assert "(alice)" in said(window)
    window.statusBar().clearMessage()
    key(qtbot, window, Qt.Key.Key_A)
    assert "read-only" in said(window)
    window.statusBar().clearMessage()
    key(qtbot, window, Qt.Key.Key_Return, CTRL)  # mark done: not on someone else's layer
    assert "read-only" in said(window)


def test_a_click_outside_any_span_during_the_gesture(qtbot: QtBot, window: MainWindow) -> None:
    label_text(qtbot, window, '"The decision,"', Qt.Key.Key_2)
    key(qtbot, window, Qt.Key.Key_A)
    click(qtbot, window, "statement")  # plain text, no span there
    assert "not on a span" in said(window)
    assert window.labelling.gesture.active  # the gesture goes on


def test_keys_during_the_gesture_name_it(qtbot: QtBot, window: MainWindow) -> None:
    label_text(qtbot, window, '"The decision,"', Qt.Key.Key_2)
    key(qtbot, window, Qt.Key.Key_A)
    key(qtbot, window, Qt.Key.Key_Delete)
    assert "finish the attribution frame first" in said(window)


def test_nothing_to_undo_and_nothing_to_step_to(qtbot: QtBot, window: MainWindow) -> None:
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert said(window) == "Nothing to undo"
    key(qtbot, window, Qt.Key.Key_BracketRight)
    assert "No spans in this document yet" in said(window)
    key(qtbot, window, Qt.Key.Key_Return)
    assert "Enter:" in said(window)


def test_zoom_at_its_limit_says_so(qtbot: QtBot, window: MainWindow) -> None:
    for _ in range(30):
        window.actions_by_id[ActionId.ZOOM_IN].trigger()
    assert "already the largest" in said(window)


def test_done_with_findings_asks_for_a_second_press(qtbot: QtBot, window: MainWindow) -> None:
    claim = label_text(qtbot, window, '"The decision,"', Qt.Key.Key_2)
    window.ws.select_span("")
    settle(qtbot, window)
    key(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert window.ws.current is not None
    assert window.ws.current.id == "p1"  # not marked, still here
    assert window.ws.layer().status is DocStatus.IN_PROGRESS
    message = said(window)
    assert message.startswith("⚠ Not marked done: 1 span without its frame")
    assert f"CLAIM {claim}" in message
    assert "Ctrl+Enter again" in message
    assert window.ws.selected_span == claim  # shown where it is
    key(qtbot, window, Qt.Key.Key_Return, CTRL)  # deliberate: done anyway
    with window.ws.project.transaction():
        assert window.ws.project.annotations.layer("p1", "alice").status is DocStatus.DONE
    assert window.ws.current.id != "p1"


def test_done_without_findings_needs_one_press(qtbot: QtBot, window: MainWindow) -> None:
    label_text(qtbot, window, "said", Qt.Key.Key_4)  # a CUE alone is fine
    key(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert window.ws.current is not None
    assert window.ws.current.id != "p1"


def test_d_stores_the_defaults_shown_and_ctrl_z_takes_them_back(qtbot: QtBot,
                                                                window: MainWindow) -> None:
    """A default the codebook only shows (CLAIM form, "direct (default)") becomes the
    annotator's choice with D, in one undo step."""
    sid = label_text(qtbot, window, '"The decision,"', Qt.Key.Key_2)
    assert window.ws.current is not None
    label = window.ws.codebook.label("CLAIM")
    assert label is not None
    shown = label.unconfirmed(window.ws.span(sid).attrs)
    assert shown, "the CLAIM label should show an unconfirmed default"
    key(qtbot, window, Qt.Key.Key_D)
    stored = window.ws.project.annotations.span(window.ws.current.id, "alice", sid)
    assert stored is not None
    for attr in shown:
        assert stored.attrs[attr.name] == attr.default
    assert "Confirmed" in said(window)
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    back = window.ws.project.annotations.span(window.ws.current.id, "alice", sid)
    assert back is not None
    assert all(a.name not in back.attrs for a in shown)
