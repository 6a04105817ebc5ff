"""The write path seen from the window: undo steps never mix, a busy file is no crash."""

from __future__ import annotations

import time
from pathlib import Path

from helpers.locking import LockHolder
from helpers.windows import click, key, label_text, open_doc, open_window, select_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.core.model import Actor
from desktop.ui.main_window import MainWindow

CLAIM_TEXT = '"We are moving towards a truce tonight,"'


def _errors(window: MainWindow) -> list[str]:
    seen: list[str] = []
    window.ws.error.connect(seen.append)
    return seen


def test_an_edit_made_during_a_gesture_is_its_own_undo_step(qtbot: QtBot,
                                                           tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    open_doc(window, "p1")
    ws = window.ws
    claim = label_text(qtbot, window, CLAIM_TEXT, Qt.Key.Key_2)
    click(qtbot, window, "We are")
    key(qtbot, window, Qt.Key.Key_A)  # attribute the claim
    assert window.labelling.gesture.active
    label_text(qtbot, window, "said", Qt.Key.Key_4)  # a new CUE inside the gesture
    cue = next(s.id for s in ws.layer().spans if s.label == "CUE")
    # Meanwhile, in the registry (or any panel): an unrelated edit.
    actor = ws.add_actor(Actor(id="", name="Agence France-Presse", kind="organisation"))
    assert actor is not None
    key(qtbot, window, Qt.Key.Key_Return)  # save the frame
    frames = ws.layer().frames
    assert len(frames) == 1
    assert frames[0].roles["cue"] == (cue,)
    # One Ctrl+Z undoes the frame only: the actor, made outside the gesture, stays.
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ws.layer().frames == ()
    assert ws.project.actors.find(actor.id) is not None
    assert ws.span(cue) is not None
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ws.project.actors.find(actor.id) is None  # the actor is a step of its own
    assert ws.span(cue) is not None
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ws.span(cue) is None  # the gesture's first part
    assert ws.span(claim) is not None


def test_a_gesture_without_interruptions_is_one_undo_step(qtbot: QtBot,
                                                          tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    open_doc(window, "p1")
    ws = window.ws
    claim = label_text(qtbot, window, CLAIM_TEXT, Qt.Key.Key_2)
    click(qtbot, window, "We are")
    key(qtbot, window, Qt.Key.Key_A)
    label_text(qtbot, window, "said", Qt.Key.Key_4)
    label_text(qtbot, window, "President Emmanuel Macron's office", Qt.Key.Key_3)
    key(qtbot, window, Qt.Key.Key_Return)
    assert len(ws.layer().spans) == 3
    assert ws.undo_stack.count() == 2  # the CLAIM, then the whole gesture
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [s.id for s in ws.layer().spans] == [claim]
    assert ws.layer().frames == ()


def test_a_label_key_waits_for_a_short_lock_and_saves(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path, busy_timeout=10)
    open_doc(window, "p1")
    errors = _errors(window)
    assert window.ws.path is not None
    with LockHolder(window.ws.path, 2) as holder:
        select_text(window, "AFP")
        key(qtbot, window, Qt.Key.Key_1)
        waited = time.monotonic() - holder.since
        holder.wait()
    assert waited >= 1.5
    assert errors == []
    span = window.ws.span(window.ws.selected_span)
    assert span is not None
    assert span.text == "AFP"
    assert span.id in {s.id for s in window.ws.project.annotations.spans("p1", "alice")}
    assert "Saved" in window.status_fields.saved.text()


def test_a_lock_held_past_the_timeout_says_busy_and_the_window_goes_on(
        qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path, busy_timeout=0.5)
    open_doc(window, "p1")
    errors = _errors(window)
    assert window.ws.path is not None
    with LockHolder(window.ws.path, 4):
        select_text(window, "AFP")
        key(qtbot, window, Qt.Key.Key_1)
        assert window.ws.layer().spans == ()
        assert len(errors) == 1
        assert "The project is busy: another Claimdesk process is writing it" in errors[0]
        assert "report" not in errors[0].lower()
        assert window.ws.undo_stack.count() == 0  # nothing half-done on the stack
    select_text(window, "AFP")
    key(qtbot, window, Qt.Key.Key_1)  # the lock is gone: the same key works
    assert [s.text for s in window.ws.layer().spans] == ["AFP"]
    assert len(errors) == 1


def test_a_failed_undo_leaves_the_stack_matching_the_file(qtbot: QtBot,
                                                         tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    open_doc(window, "p1")
    ws = window.ws
    first = label_text(qtbot, window, "AFP", Qt.Key.Key_1)
    second = label_text(qtbot, window, "said", Qt.Key.Key_4)
    assert ws.undo_stack.count() == 2
    ws.project.spans.delete("p1", "alice", second, who="someone else")
    errors = _errors(window)
    ws.undo_stack.undo()  # undoing "Add CUE" cannot work: the span is gone
    assert errors
    assert "Could not undo" in errors[0]
    assert ws.undo_stack.count() == 1  # the failed command was dropped ...
    ws.undo_stack.undo()  # ... and the next undo is the first span's
    assert ws.span(first) is None
    assert ws.project.annotations.spans("p1", "alice") == []
