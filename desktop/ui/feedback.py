"""No silent no-ops: when a key's action cannot act, the status bar says why.

A disabled QAction ignores its shortcut, and the key then falls through to the focused
widget, which (read-only text, a list) usually does nothing with it either. The window filters
those key presses: when one matches a disabled action, ``why_disabled`` names the reason
(nothing selected, a read-only layer, a gesture in progress, nothing to undo ...).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence

from desktop.ui.actions import ActionId

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

SPAN_EDITS = {ActionId.DELETE_SPAN, ActionId.START_LEFT, ActionId.START_RIGHT,
              ActionId.END_LEFT, ActionId.END_RIGHT, ActionId.ADD_FRAGMENT,
              ActionId.CONFIRM_DEFAULTS}


def _plain(text: str) -> str:
    return text.replace("&", "").rstrip("…")


def not_editable_reason(window: MainWindow) -> str:
    ws = window.ws
    if ws.current is None:
        return "No document is open: choose one in the corpus list"
    return (f"You are viewing {ws.view_layer}'s layer, which is read-only: choose your own "
            f"layer ({ws.annotator}) in the Annotations panel to edit")


def why_disabled(window: MainWindow, act: QAction) -> str:
    """Why ``act`` cannot act now, as a status-bar sentence."""
    what = _plain(act.text())
    if act is window.undo_action:
        return "Nothing to undo"
    if act is window.redo_action:
        return "Nothing to redo"
    if not window.article_view.editable:
        return f"{what}: {not_editable_reason(window)}"
    aid = next((k for k, v in window.actions_by_id.items() if v is act), None)
    lab = window.labelling
    if lab.gesture.active and aid is not ActionId.RELATE:
        return f"{what}: finish the attribution frame first (Enter saves it, Esc cancels)"
    if lab.relating.active:
        return f"{what}: pick the relation's tail first (or press Esc to cancel)"
    if aid in SPAN_EDITS and not window.ws.selected_span:
        return f"{what}: nothing selected. Click a span (or press ] or [) first"
    return f"{what} is not available right now"


def _sequences(event: QKeyEvent) -> list[QKeySequence]:
    combo = event.keyCombination()
    out = [QKeySequence(combo)]
    if combo.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier:
        # "?" arrives as Shift+? on most layouts; shortcuts spell it without the Shift.
        out.append(QKeySequence(event.key()))
    return out


def disabled_action_for(window: MainWindow, event: QKeyEvent) -> QAction | None:
    """The disabled action of ``window`` whose shortcut ``event`` is, if any."""
    if event.key() in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta):
        return None
    pressed = _sequences(event)
    for act in window.findChildren(QAction):
        if act.isEnabled() or not act.shortcuts():
            continue
        for seq in act.shortcuts():
            if any(seq.matches(p) == QKeySequence.SequenceMatch.ExactMatch for p in pressed):
                return act
    return None


def explain_key(window: MainWindow, event: QKeyEvent) -> bool:
    """Say why a key press did nothing; True when it matched a disabled action."""
    act = disabled_action_for(window, event)
    if act is None:
        return False
    window.show_message(why_disabled(window, act))
    return True
