"""The actor registry: create, rename, kind and aliases in place, merge (mentions follow),
delete, mentions across the corpus; every edit undoable."""

from __future__ import annotations

import pytest
from helpers.panels import actor, add, redo, undo
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.core.model import Actor
from desktop.ui.dialogs.link_actor import link_span
from desktop.ui.models.actor_model import ActorColumn, ActorRole, parse_aliases
from desktop.ui.views.actor_registry import ActorRegistry
from desktop.ui.workspace import Workspace


@pytest.fixture
def reg(qtbot: QtBot, ws: Workspace) -> ActorRegistry:
    r = ActorRegistry(ws)
    qtbot.addWidget(r)
    r.resize(560, 600)
    r.show()
    return r


def names(reg: ActorRegistry) -> list[str]:
    p = reg.proxy
    return [p.index(r, ActorColumn.NAME).data() for r in range(p.rowCount())]


def get(ws: Workspace, actor_id: str) -> Actor:
    return ws.project.actors.get(actor_id)


def test_model_tester(qtmodeltester: ModelTester, reg: ActorRegistry, ws: Workspace) -> None:
    actor(ws, "Emmanuel Macron", aliases=("Macron",))
    actor(ws, "AFP", kind="organisation")
    reg.reload()
    qtmodeltester.check(reg.model)
    qtmodeltester.check(reg.proxy)


def test_table_shows_actors_with_counts_and_filters(qtbot: QtBot, reg: ActorRegistry,
                                                    ws: Workspace) -> None:
    assert reg.objectName() == "actorRegistry"
    macron = actor(ws, "Emmanuel Macron", aliases=("Macron", "President Emmanuel Macron"))
    actor(ws, "AFP", kind="organisation", aliases=("Agence France-Presse",))
    span = add(ws, "SOURCE", "Macron", 0)
    link_span(ws, span.id, macron.id)
    assert names(reg) == ["AFP", "Emmanuel Macron"]
    idx = reg.proxy_index(macron.id)
    assert idx.data(ActorRole.ACTOR_ID) == macron.id
    assert idx.siblingAtColumn(ActorColumn.KIND).data() == "person"
    assert idx.siblingAtColumn(ActorColumn.ALIASES).data() == \
        "Macron; President Emmanuel Macron"
    assert idx.siblingAtColumn(ActorColumn.MENTIONS).data() == "1"
    qtbot.keyClicks(reg.filter_edit, "france")  # aliases are searched too
    assert names(reg) == ["AFP"]
    reg.filter_edit.clear()
    assert len(names(reg)) == 2
    undo(ws)  # unlink: the count follows
    assert reg.proxy_index(macron.id).siblingAtColumn(ActorColumn.MENTIONS).data() == "0"


def test_create_rename_and_undo(qtbot: QtBot, reg: ActorRegistry, ws: Workspace) -> None:
    reg.filter_edit.setText("Anton Varga")
    reg.new_button.click()
    made = ws.project.actors.by_name("Anton Varga")
    assert made is not None
    assert made.kind == "person"
    assert reg.selected_ids() == [made.id]
    index = reg.proxy_index(made.id, ActorColumn.NAME)
    reg.table.setCurrentIndex(index)
    reg.table.edit(index)
    editor = reg.table.findChildren(QLineEdit)[0]
    editor.setText("Deputy Minister Anton Varga")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: get(ws, made.id).name == "Deputy Minister Anton Varga",
                    timeout=1000)
    assert reg.selected_ids() == [made.id]  # the selection survives the re-sort
    undo(ws)
    assert get(ws, made.id).name == "Anton Varga"
    undo(ws)
    assert ws.project.actors.find(made.id) is None
    assert names(reg) == []
    redo(ws)
    assert get(ws, made.id).name == "Anton Varga"
    assert reg.rename(made.id, "  ") is False


def test_kind_with_combo_and_aliases_in_place(qtbot: QtBot, reg: ActorRegistry,
                                              ws: Workspace) -> None:
    a = actor(ws, "Highland Front")
    reg.reload()
    index = reg.proxy_index(a.id, ActorColumn.KIND)
    reg.table.setCurrentIndex(index)
    reg.table.edit(index)
    combo = reg.table.findChildren(QComboBox, "choiceEditor")[0]
    i = combo.findData("group")
    combo.setCurrentIndex(i)
    combo.activated.emit(i)
    assert get(ws, a.id).kind == "group"
    ok = reg.proxy.setData(reg.proxy_index(a.id, ActorColumn.ALIASES),
                           "the Front;  Highland Front ; HF; the Front")
    assert ok
    assert get(ws, a.id).aliases == ("the Front", "HF")  # trimmed, deduplicated, not the name
    undo(ws)
    assert get(ws, a.id).aliases == ()
    undo(ws)
    assert get(ws, a.id).kind == "person"
    assert parse_aliases("A, B; C\nD") == ("A, B", "C", "D")


def test_merge_keeps_the_first_selected_and_mentions_follow(
        qtbot: QtBot, reg: ActorRegistry, ws: Workspace) -> None:
    macron = actor(ws, "Emmanuel Macron", aliases=("Macron",))
    dup = actor(ws, "President Macron", aliases=("E. Macron",))
    s1 = add(ws, "SOURCE", "Macron", 0)
    s2 = add(ws, "SOURCE", "Macron", 1)
    link_span(ws, s1.id, macron.id)
    link_span(ws, s2.id, dup.id)
    reg.select_actors([dup.id, macron.id])
    assert reg.merge_bar.isVisible()
    assert reg.merge_label.text() == \
        "Merge <b>Emmanuel Macron</b> into <b>President Macron</b> (kept)"
    reg.swap_button.click()
    assert reg.merge_label.text() == \
        "Merge <b>President Macron</b> into <b>Emmanuel Macron</b> (kept)"
    assert reg.merge_action.isEnabled()
    reg.merge_button.click()
    assert ws.project.actors.find(dup.id) is None
    kept = get(ws, macron.id)
    assert kept.aliases == ("Macron", "President Macron", "E. Macron")
    assert ws.span(s2.id).actor == macron.id  # type: ignore[union-attr]
    assert names(reg) == ["Emmanuel Macron"]
    assert reg.proxy_index(macron.id).siblingAtColumn(ActorColumn.MENTIONS).data() == "2"
    assert not reg.merge_bar.isVisible()
    undo(ws)
    assert get(ws, dup.id).name == "President Macron"
    assert get(ws, macron.id).aliases == ("Macron",)
    assert ws.span(s2.id).actor == dup.id  # type: ignore[union-attr]
    assert ws.span(s1.id).actor == macron.id  # type: ignore[union-attr]
    redo(ws)
    assert ws.span(s2.id).actor == macron.id  # type: ignore[union-attr]


def test_merge_by_clicking_two_rows(qtbot: QtBot, reg: ActorRegistry, ws: Workspace) -> None:
    a = actor(ws, "Alpha")
    b = actor(ws, "Beta")
    reg.reload()
    view = reg.table
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(reg.proxy_index(b.id)).center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier,
                     pos=view.visualRect(reg.proxy_index(a.id)).center())
    pair = reg.merge_pair()
    assert pair is not None
    assert (pair[0].id, pair[1].id) == (b.id, a.id)  # the first clicked is kept
    assert reg.merge_selected()
    assert get(ws, b.id).aliases == ("Alpha",)


def test_delete_actor_unlinks_and_undo_relinks(reg: ActorRegistry, ws: Workspace) -> None:
    afp = actor(ws, "AFP", kind="organisation")
    span = add(ws, "ACTOR", "AFP")
    link_span(ws, span.id, afp.id)
    reg.select_actors([afp.id])
    reg.delete_button.click()
    assert ws.project.actors.find(afp.id) is None
    assert ws.span(span.id).actor is None  # type: ignore[union-attr]
    assert names(reg) == []
    assert ws.undo_stack.undoText() == "Delete actor AFP"
    undo(ws)
    assert get(ws, afp.id).name == "AFP"
    assert ws.span(span.id).actor == afp.id  # type: ignore[union-attr]
    assert names(reg) == ["AFP"]
    redo(ws)
    assert ws.project.actors.find(afp.id) is None


def test_mentions_across_corpus_and_double_click_opens(
        qtbot: QtBot, reg: ActorRegistry, ws: Workspace) -> None:
    afp = actor(ws, "AFP", kind="organisation")
    s1 = add(ws, "ACTOR", "AFP", 0)
    link_span(ws, s1.id, afp.id)
    ws.open_document("d2")
    s2 = add(ws, "SOURCE", "officials")
    link_span(ws, s2.id, afp.id)
    reg.select_actors([afp.id])
    m = reg.mentions_model
    assert m.rowCount() == 2
    assert reg.mentions_title.text() == "Mentions of AFP (2)"
    rows = [(m.index(r, 0).data(), m.index(r, 1).data(), m.index(r, 2).data())
            for r in range(2)]
    assert rows == [("Macron office says truce is fragile", "alice", "AFP"),
                    ("Storm hits the coast", "alice", "officials")]
    view = reg.mentions
    rect = view.visualRect(m.index(0, 2))
    with qtbot.waitSignal(ws.span_selected):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert ws.current is not None
    assert ws.current.id == "d1"
    assert ws.selected_span == s1.id


def test_actions_have_unique_shortcuts(reg: ActorRegistry) -> None:
    keys = [a.shortcut().toString() for a in reg.menu_actions() if not a.shortcut().isEmpty()]
    assert len(keys) == len(set(keys))
