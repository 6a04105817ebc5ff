"""Actions and menus: unique shortcuts, all in menus, document flow, status bar, zoom, find."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.windows import key, open_doc, open_window, select_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget
from pytestqt.qtbot import QtBot

from desktop.core.model import DocStatus
from desktop.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    return open_window(qtbot, tmp_path)


def _menu_actions(window: MainWindow) -> set[QAction]:
    out: set[QAction] = set()

    def walk(menu: QMenu) -> None:
        for act in menu.actions():
            out.add(act)
            if act.menu() is not None:
                walk(act.menu())  # type: ignore[arg-type]

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu())  # type: ignore[arg-type]
    return out


def _top_window(act: QAction) -> object:
    """The window whose keys ``act`` takes: shortcuts only clash within one window."""
    parent = act.parent()
    return parent.window() if isinstance(parent, QWidget) else parent


def test_no_two_actions_share_a_shortcut(window: MainWindow) -> None:
    seen: dict[str, str] = {}
    for act in window.findChildren(QAction):
        if _top_window(act) is not window:
            continue  # e.g. the Adjudication window: its own keys
        for seq in act.shortcuts():
            k = seq.toString(QKeySequence.SequenceFormat.PortableText)
            if not k:
                continue
            assert k not in seen, f"{k!r} is used by {seen[k]!r} and {act.text()!r}"
            seen[k] = act.text()
    for expected in ("1", "2", "3", "4", "A", "F", "Del", "Esc", "Return", "Ctrl+Return",
                     "Ctrl+Z", "Ctrl+Shift+Z", "Alt+Shift+Left", "Alt+Right", "Ctrl+F",
                     "Ctrl++", "Ctrl+-", "Ctrl+0"):
        assert expected in seen, expected


def test_every_shortcut_action_is_in_a_menu_showing_it(window: MainWindow) -> None:
    in_menus = _menu_actions(window)
    for act in window.findChildren(QAction):
        if act.shortcuts():
            assert act in in_menus, act.text()
            assert act.isShortcutVisibleInContextMenu()


def test_undo_redo_actions_have_the_standard_keys(window: MainWindow) -> None:
    assert window.undo_action.shortcut() == QKeySequence("Ctrl+Z")
    keys = {s.toString() for s in window.redo_action.shortcuts()}
    assert keys == {"Ctrl+Shift+Z", "Ctrl+Y"}


def test_ctrl_enter_marks_done_and_opens_next_unfinished(qtbot: QtBot,
                                                         window: MainWindow) -> None:
    ws = window.ws
    ws.set_status(DocStatus.DONE, "p1")  # the next one in list order is already done
    assert ws.current is not None
    assert ws.current.id == "u1"
    key(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert ws.project.annotations.status("u1", "alice") is DocStatus.DONE
    assert ws.current.id == "p2"
    assert window.corpus_list.selectionModel().selectedRows()[0].row() == 2
    assert window.article_view.hasFocus()
    assert window.status_fields.done.text() == "2 done"
    assert window.status_fields.position.text() == "Document 3 of 4"
    # Skip goes on to the next unfinished too, wrapping past the end of the list.
    key(qtbot, window, Qt.Key.Key_Return, CTRL | SHIFT)
    assert ws.project.annotations.status("p2", "alice") is DocStatus.SKIPPED
    assert ws.current.id == "p3"
    key(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert "done or skipped" in window.statusBar().currentMessage()
    # Marking done is undoable like any edit.
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert ws.project.annotations.status("p3", "alice") is not DocStatus.DONE


def test_next_and_previous_document(qtbot: QtBot, window: MainWindow) -> None:
    key(qtbot, window, Qt.Key.Key_PageDown, CTRL)
    assert window.ws.current is not None
    assert window.ws.current.id == "p1"
    key(qtbot, window, Qt.Key.Key_PageUp, CTRL)
    assert window.ws.current.id == "u1"
    key(qtbot, window, Qt.Key.Key_PageUp, CTRL)
    assert window.ws.current.id == "u1"
    assert "No more" in window.statusBar().currentMessage()


def test_status_bar_fields(window: MainWindow) -> None:
    f = window.status_fields
    assert "alice" in f.annotator.text()
    assert f.position.text() == "Document 1 of 4"
    assert f.done.text() == "0 done"
    assert "saved" in f.saved.text().lower()


def test_refused_edit_shows_in_status_bar(window: MainWindow) -> None:
    window.ws.error.emit("no such span")
    assert "no such span" in window.statusBar().currentMessage()
    assert "refused" in window.status_fields.saved.text()


def test_zoom_keys(qtbot: QtBot, window: MainWindow) -> None:
    view = window.article_view
    base = view.point_size
    key(qtbot, window, Qt.Key.Key_Plus, CTRL)
    key(qtbot, window, Qt.Key.Key_Plus, CTRL)
    assert view.point_size == base + 2
    key(qtbot, window, Qt.Key.Key_Minus, CTRL)
    assert view.point_size == base + 1
    key(qtbot, window, Qt.Key.Key_0, CTRL)
    assert view.point_size == base


def test_zoom_keeps_spans_on_their_text(qtbot: QtBot, window: MainWindow) -> None:
    open_doc(window, "p1")
    select_text(window, "AFP")
    key(qtbot, window, Qt.Key.Key_1)
    before = window.article_view.boxes()[0].rect
    key(qtbot, window, Qt.Key.Key_Plus, CTRL)
    after = window.article_view.boxes()[0].rect
    assert after.height() > before.height()


def test_find_bar(qtbot: QtBot, window: MainWindow) -> None:
    open_doc(window, "p1")
    bar = window.article_pane.find_bar
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    assert bar.isVisible()
    assert bar.edit.hasFocus()
    qtbot.keyClicks(bar.edit, "said")
    assert bar.count.text() == "1 of 2"
    assert window.article_view.textCursor().selectedText() == "said"
    assert len(window.article_view.extraSelections()) == 2
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.count.text() == "2 of 2"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, SHIFT)
    assert bar.count.text() == "1 of 2"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert window.article_view.hasFocus()
    # The found text is the selection: a label key labels it.
    key(qtbot, window, Qt.Key.Key_4)
    span = window.ws.span(window.ws.selected_span)
    assert span is not None
    assert (span.label, span.text) == ("CUE", "said")
    qtbot.keyClicks(bar.edit, "nothing-like-this")
    bar.open_bar()
    bar.edit.setText("zzzz")
    assert bar.count.text() == "no match"


def test_main_widgets_have_names(window: MainWindow) -> None:
    from PySide6.QtWidgets import QWidget

    for name in ("corpusList", "articleView", "annotationPanel", "actorRegistry"):
        w = window.findChild(QWidget, name)
        assert w is not None, name
        assert w.accessibleName(), name


def test_the_codebook_knows_every_single_key_command() -> None:
    """Codebooks refuse label keys that article commands use (core.codebook.RESERVED_KEYS):
    the two lists must not drift apart."""
    from desktop.core.codebook import RESERVED_KEYS
    from desktop.ui.actions import SPECS

    single = {key.upper() for spec in SPECS if spec.article for key in spec.shortcuts
              if len(key) == 1}
    # The Assist menu's review keys act on the article too (N, Shift+N).
    single.add("N")
    assert single == set(RESERVED_KEYS)


def test_no_single_key_of_the_window_is_a_codebook_label_key(window: MainWindow) -> None:
    """Every plain-letter shortcut on the article view, whichever menu made it, is reserved."""
    from desktop.core.codebook import RESERVED_KEYS

    labels = {label.key.upper() for label in window.ws.codebook.labels if label.key}
    plain = {seq.toString().upper() for act in window.article_view.actions()
             for seq in act.shortcuts() if len(seq.toString()) == 1}
    assert plain - labels <= set(RESERVED_KEYS), plain - labels - set(RESERVED_KEYS)
    assert "N" in plain


def test_moving_on_loads_more_of_a_paged_list(qtbot: QtBot, window: MainWindow,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.ui.models import corpus_model

    monkeypatch.setattr(corpus_model, "_FETCH", 1)
    window.corpus_panel.set_statuses(frozenset({DocStatus.NEW}))
    model = window.corpus_model
    assert model.rowCount() < 4 or not model.canFetchMore()  # the view fetches what it shows
    open_doc(window, "u1")
    key(qtbot, window, Qt.Key.Key_PageDown, CTRL)
    assert window.ws.current is not None
    assert window.ws.current.id == "p1"
    assert window.status_fields.position.text() == "Document 2 of 4"
    window.ws.set_status(DocStatus.DONE, "p2")  # done: no longer in "new"
    key(qtbot, window, Qt.Key.Key_Return, CTRL)  # done, and on to the next unfinished
    assert window.ws.current.id == "p3"
    assert window.corpus_list.selectionModel().selectedRows()[0].row() == model.row_of("p3")
