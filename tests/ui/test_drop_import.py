"""Dropping files and folders on the main window; the File menu's Import… and Export…."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.jobs import JOB_TIMEOUT_MS, annotated_jsonl, no_jobs_left, text_folder  # noqa: F401
from helpers.windows import open_window
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from desktop.ui.actions import ActionId
from desktop.ui.dialogs.import_dialog import ImportDialog
from desktop.ui.jobs import JobState
from desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("no_jobs_left")

COPY = Qt.DropAction.CopyAction
LEFT = Qt.MouseButton.LeftButton
NO_MODS = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    return open_window(qtbot, tmp_path)


def _mime(paths: list[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def _drop(window: MainWindow, mime: QMimeData) -> QDropEvent:
    """Deliver a drop through the window's event dispatch (``QWidget.event``).

    ``QApplication.sendEvent`` only delivers drops to the target of a real drag in progress,
    which offscreen tests cannot start.
    """
    event = QDropEvent(QPointF(200, 200), COPY, mime, LEFT, NO_MODS)
    event.setAccepted(False)
    window.event(event)
    return event


def test_drag_enter_accepts_local_files_only(window: MainWindow, tmp_path: Path) -> None:
    files = _mime([annotated_jsonl(tmp_path)])
    enter = QDragEnterEvent(QPoint(100, 100), COPY, files, LEFT, NO_MODS)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()

    text_only = QMimeData()
    text_only.setText("just some text")
    enter = QDragEnterEvent(QPoint(100, 100), COPY, text_only, LEFT, NO_MODS)
    enter.setAccepted(False)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()

    web = QMimeData()
    web.setUrls([QUrl("https://example.org/article.html")])
    enter = QDragEnterEvent(QPoint(100, 100), COPY, web, LEFT, NO_MODS)
    enter.setAccepted(False)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_drop_opens_the_dialog_prefilled_then_import(qtbot: QtBot, window: MainWindow,
                                                      tmp_path: Path) -> None:
    paths = [annotated_jsonl(tmp_path), text_folder(tmp_path)]
    assert not window.findChildren(ImportDialog)
    mime = _mime(paths)
    event = _drop(window, mime)
    assert event.isAccepted()

    dlg = window.import_dialog
    assert dlg is not None
    assert dlg.isVisible()
    assert dlg.paths() == paths
    assert dlg.fmt() == "auto"
    assert dlg.drop_note.isVisible()
    assert "2 dropped items" in dlg.drop_note.text()
    assert window.corpus_model.rowCount() == 4  # nothing is imported before confirming

    with qtbot.waitSignal(dlg.job_finished, timeout=JOB_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(dlg.import_button, LEFT)  # the confirmation
    assert blocker.args[0].state is JobState.OK
    assert not dlg.drop_note.isVisible()
    assert window.corpus_model.rowCount() == 9
    assert "5 documents added" in dlg.summary.toPlainText()


def test_second_drop_replaces_the_list(window: MainWindow, tmp_path: Path) -> None:
    first, second = annotated_jsonl(tmp_path), text_folder(tmp_path)
    _drop(window, _mime([first]))
    dlg = window.import_dialog
    assert dlg is not None
    _drop(window, _mime([second]))
    assert window.import_dialog is dlg  # one dialog per window
    assert dlg.paths() == [second]


def test_file_menu_import_and_export(window: MainWindow) -> None:
    imp = window.actions_by_id[ActionId.IMPORT]
    exp = window.actions_by_id[ActionId.EXPORT]
    portable = QKeySequence.SequenceFormat.PortableText
    assert imp.shortcut().toString(portable) == "Ctrl+I"
    assert exp.shortcut().toString(portable) == "Ctrl+E"
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    assert file_menu.title() == "&File"
    entries = [a for a in file_menu.actions() if not a.isSeparator()]
    assert entries[entries.index(imp) + 1] is exp  # Import then Export, after the projects
    imp.trigger()
    assert window.import_dialog is not None
    assert window.import_dialog.isVisible()
    exp.trigger()
    assert window.export_dialog is not None
    assert window.export_dialog.isVisible()
