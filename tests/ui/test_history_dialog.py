"""File → History…: the change log in the window, filtered by document and person."""

from __future__ import annotations

from helpers.windows import key, label_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.ui.actions import ActionId
from desktop.ui.dialogs.history_dialog import EVERYONE, HistoryDialog
from desktop.ui.main_window import MainWindow


def _dialog(qtbot: QtBot, window: MainWindow) -> HistoryDialog:
    window.actions_by_id[ActionId.HISTORY].trigger()
    dialog = window.findChild(HistoryDialog)
    assert isinstance(dialog, HistoryDialog)
    qtbot.waitExposed(dialog)
    return dialog


def _rows(dialog: HistoryDialog) -> list[tuple[str, str, str]]:
    t = dialog.table
    return [(t.item(r, 1).text(), t.item(r, 2).text(), t.item(r, 3).text())
            for r in range(t.rowCount())]


def test_the_newest_edits_of_the_document_first(qtbot: QtBot, window: MainWindow) -> None:
    assert window.ws.current is not None
    doc = window.ws.current.id
    label_text(qtbot, window, "said", Qt.Key.Key_4)
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo is logged too
    dialog = _dialog(qtbot, window)
    assert dialog.this_document.isChecked()
    rows = _rows(dialog)
    assert rows[0][0] == "alice"
    assert rows[0][1].startswith("delete CUE")
    assert rows[1][1].startswith("add CUE")
    assert {r[2] for r in rows} == {doc}
    assert dialog.count.text().startswith(f"{len(rows)} newest changes of document {doc}")


def test_filters_by_person_and_widens_to_the_project(qtbot: QtBot, window: MainWindow) -> None:
    label_text(qtbot, window, "said", Qt.Key.Key_4)
    dialog = _dialog(qtbot, window)
    before = dialog.table.rowCount()
    dialog.this_document.setChecked(False)
    assert dialog.table.rowCount() >= before
    assert len({r[2] for r in _rows(dialog)}) > 1  # the import touched every document
    everyone = dialog.table.rowCount()
    dialog.person.setCurrentIndex(dialog.person.findText("alice"))
    assert {r[0] for r in _rows(dialog)} == {"alice"}
    assert dialog.table.rowCount() < everyone  # the import was not alice's
    assert dialog.count.text().endswith("by alice")
    dialog.person.setCurrentIndex(dialog.person.findText(EVERYONE))
    assert dialog.table.rowCount() == everyone
    dialog.limit.setValue(2)
    assert dialog.table.rowCount() == 2
    assert "there may be older ones" in dialog.count.text()
