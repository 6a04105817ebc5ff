"""Linking SOURCE/ACTOR spans to registry actors: completer, new actor in one keystroke,
all mentions in one undo step."""

from __future__ import annotations

import pytest
from helpers.panels import actor, add, next_turn, redo, undo
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.ui.dialogs.link_actor import (
    ACTOR_ID_ROLE,
    LinkActorDialog,
    link_span,
    new_actor_from_span,
    same_mentions,
)
from desktop.ui.views.annotation_panel import AnnotationPanel
from desktop.ui.workspace import Workspace


def linked(ws: Workspace, span_id: str) -> str | None:
    assert ws.current is not None
    return ws.project.annotations.span(ws.current.id, "alice", span_id).actor


@pytest.mark.qt_log_ignore("grabbing the keyboard")  # the completer popup, offscreen
def test_link_with_completer_over_aliases(qtbot: QtBot, panel: AnnotationPanel,
                                          ws: Workspace) -> None:
    macron = actor(ws, "Emmanuel Macron", aliases=("Macron", "President Emmanuel Macron"))
    actor(ws, "Marine Le Pen")
    src = add(ws, "SOURCE", "President Emmanuel Macron's office")
    ws.select_span(src.id)
    qtbot.waitUntil(lambda: not panel.following)
    assert panel.link_action.isEnabled()
    assert panel.link_action.shortcut().toString() == "Ctrl+K"
    dialog = panel.open_link_dialog()
    assert isinstance(dialog, LinkActorDialog)
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert not dialog.isModal()
    dialog.edit.clear()
    qtbot.keyClicks(dialog.edit, "macr")
    completer = dialog.completer
    assert completer.completionCount() == 3  # name and two aliases match "macr"
    texts = []
    for row in range(completer.completionCount()):
        completer.setCurrentRow(row)
        texts.append(completer.currentCompletion())
        assert completer.currentIndex().data(ACTOR_ID_ROLE) == macron.id
    assert "Macron → Emmanuel Macron" in texts
    completer.setCurrentRow(texts.index("Macron → Emmanuel Macron"))
    completer.activated[type(completer.currentIndex())].emit(  # type: ignore[index]
        completer.currentIndex())
    next_turn()
    assert linked(ws, src.id) == macron.id
    assert not dialog.isVisible()
    assert panel.span_model.span_index(src.id, panel.span_model.cols.actor).data() == \
        "Emmanuel Macron"
    undo(ws)
    assert linked(ws, src.id) is None
    assert panel.span_model.span_index(src.id, panel.span_model.cols.actor).data() == ""
    redo(ws)
    assert linked(ws, src.id) == macron.id


def test_typing_a_name_and_enter_links(qtbot: QtBot, ws: Workspace) -> None:
    afp = actor(ws, "Agence France-Presse", kind="organisation", aliases=("AFP",))
    span = add(ws, "ACTOR", "AFP")
    dialog = LinkActorDialog(ws, span.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.edit.text() == "Agence France-Presse"  # guessed from the alias
    assert "Enter links to Agence France-Presse" in dialog.status.text()
    dialog.all_mentions.setChecked(False)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert linked(ws, span.id) == afp.id


def test_unknown_name_does_not_link_but_offers_to_create_it(qtbot: QtBot,
                                                            ws: Workspace) -> None:
    span = add(ws, "ACTOR", "AFP")
    dialog = LinkActorDialog(ws, span.id)
    qtbot.addWidget(dialog)
    dialog.edit.setText("Nobody at all")
    assert not dialog.accept_text()
    assert "creates “Nobody at all”" in dialog.status.text()
    assert not dialog.link_button.isEnabled()
    assert dialog.new_button.isEnabled()
    assert linked(ws, span.id) is None


def test_enter_on_a_new_name_creates_the_actor_as_typed(qtbot: QtBot, ws: Workspace) -> None:
    span = add(ws, "SOURCE", "President Emmanuel Macron's office")
    dialog = LinkActorDialog(ws, span.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.edit.text() == "Emmanuel Macron"  # proposed: no possessive, no title
    assert dialog.edit.selectedText() == "Emmanuel Macron"  # typing replaces it
    dialog.edit.setText("Élysée Palace office of eMmanuel")  # case kept, as typed
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    made = ws.project.actors.by_name("Élysée Palace office of eMmanuel")
    assert made is not None
    assert made.name == "Élysée Palace office of eMmanuel"
    assert linked(ws, span.id) == made.id


def test_new_actor_from_span_proposes_a_name_to_confirm(qtbot: QtBot, panel: AnnotationPanel,
                                                        ws: Workspace) -> None:
    span = add(ws, "SOURCE", "President Emmanuel Macron's office")
    ws.select_span(span.id)
    qtbot.waitUntil(lambda: not panel.following)
    assert panel.new_actor_action.shortcut().toString() == "Ctrl+Shift+K"
    panel.addActions(panel.menu_actions())
    with qtbot.waitActive(panel):
        panel.activateWindow()
    panel.spans_view.setFocus()
    qtbot.keyClick(panel.spans_view, Qt.Key.Key_K,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = panel.link_dialog
    assert dialog is not None
    assert linked(ws, span.id) is None  # nothing made before the user confirms
    assert dialog.edit.text() == "Emmanuel Macron"
    assert "creates “Emmanuel Macron”" in dialog.status.text()
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    created = ws.project.actors.by_name("Emmanuel Macron")
    assert created is not None
    assert created.kind == "person"
    assert linked(ws, span.id) == created.id
    assert ws.undo_stack.undoText().startswith("New actor Emmanuel Macron")
    undo(ws)  # one step undoes both the link and the new actor
    assert linked(ws, span.id) is None
    assert ws.project.actors.by_name("Emmanuel Macron") is None
    redo(ws)
    assert linked(ws, span.id) == created.id


def test_new_actor_defaults_to_person_and_reuses_existing(ws: Workspace) -> None:
    src = add(ws, "SOURCE", "President Emmanuel Macron's office")
    made = new_actor_from_span(ws, src.id)
    assert made is not None
    assert made.kind == "person"
    assert made.name == "Emmanuel Macron"
    organisation = add(ws, "ACTOR", "AFP", kind="organisation")
    afp = new_actor_from_span(ws, organisation.id)
    assert afp is not None
    assert afp.kind == "organisation"  # from the ACTOR span's kind attribute
    again = add(ws, "SOURCE", "Macron", 0)
    actor(ws, "Macron (alias holder)", aliases=("Macron",))
    reused = new_actor_from_span(ws, again.id)
    assert reused is not None
    assert reused.name == "Macron (alias holder)"  # no duplicate for a known alias
    cue = add(ws, "CUE", "said")
    assert new_actor_from_span(ws, cue.id) is None  # CUE does not link to actors


def test_link_all_mentions_is_one_undo_step(ws: Workspace) -> None:
    macron = actor(ws, "Emmanuel Macron", aliases=("Macron",))
    first = add(ws, "SOURCE", "Macron", 0)
    second = add(ws, "ACTOR", "Macron", 1)
    third = add(ws, "SOURCE", "Macron", 2)
    afp = add(ws, "ACTOR", "AFP")
    other = actor(ws, "Someone else")
    link_span(ws, third.id, other.id)  # already linked elsewhere: left alone
    assert [s.id for s in same_mentions(ws, ws.span(first.id), macron)] == [second.id]  # type: ignore[arg-type]
    depth = ws.undo_stack.count()
    assert link_span(ws, first.id, macron.id, all_mentions=True) == 2
    assert ws.undo_stack.count() == depth + 1
    assert linked(ws, first.id) == macron.id
    assert linked(ws, second.id) == macron.id
    assert linked(ws, third.id) == other.id
    assert linked(ws, afp.id) is None
    undo(ws)
    assert linked(ws, first.id) is None
    assert linked(ws, second.id) is None
    redo(ws)
    assert linked(ws, second.id) == macron.id


def test_dialog_checkbox_links_all_mentions(qtbot: QtBot, ws: Workspace) -> None:
    afp_actor = actor(ws, "AFP", kind="organisation")
    a1 = add(ws, "ACTOR", "AFP", 0)
    a2 = add(ws, "ACTOR", "AFP", 1)
    dialog = LinkActorDialog(ws, a1.id)
    qtbot.addWidget(dialog)
    assert dialog.all_mentions.isEnabled()
    assert "other 1 unlinked mention" in dialog.all_mentions.text()
    assert dialog.all_mentions.isChecked()
    assert dialog.accept_text()
    assert linked(ws, a1.id) == afp_actor.id
    assert linked(ws, a2.id) == afp_actor.id
    undo(ws)
    assert linked(ws, a2.id) is None


def test_dialog_new_actor_shortcut_and_unlink(qtbot: QtBot, ws: Workspace) -> None:
    span = add(ws, "ACTOR", "AFP")
    dialog = LinkActorDialog(ws, span.id)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.edit.setFocus()
    qtbot.keyClick(dialog.edit, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    made = ws.project.actors.by_name("AFP")
    assert made is not None
    assert linked(ws, span.id) == made.id
    dialog2 = LinkActorDialog(ws, span.id)
    qtbot.addWidget(dialog2)
    assert dialog2.unlink_button.isEnabled()
    assert dialog2.edit.text() == "AFP"
    dialog2.unlink_button.click()
    assert linked(ws, span.id) is None


def test_unlink_action(qtbot: QtBot, panel: AnnotationPanel, ws: Workspace) -> None:
    afp = actor(ws, "AFP")
    span = add(ws, "ACTOR", "AFP")
    link_span(ws, span.id, afp.id)
    ws.select_span(span.id)
    qtbot.waitUntil(lambda: not panel.following)
    assert panel.unlink_action.isEnabled()
    panel.unlink_action.trigger()
    next_turn()
    assert linked(ws, span.id) is None
    assert not panel.unlink_action.isEnabled()
    undo(ws)
    assert linked(ws, span.id) == afp.id


def test_link_actions_disabled_for_cues(qtbot: QtBot, panel: AnnotationPanel,
                                        ws: Workspace) -> None:
    cue = add(ws, "CUE", "said")
    ws.select_span(cue.id)
    qtbot.waitUntil(lambda: not panel.following)
    assert not panel.link_action.isEnabled()
    assert panel.open_link_dialog() is None
