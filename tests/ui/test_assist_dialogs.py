"""Assist → Suggest for many documents… and Train the assistant…: background jobs whose results
reach the views and the dialog."""

from __future__ import annotations

import time

import pytest
from helpers.windows import key, settle
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.core.model import DocStatus, SpanState
from desktop.formats.progress import CancelToken
from desktop.suggesting import stored_model, suggest_documents
from desktop.ui.main_window import MainWindow

SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_suggest_for_many_documents_writes_every_open_document(qtbot: QtBot,
                                                               window: MainWindow) -> None:
    ws = window.ws
    ws.set_status(DocStatus.DONE, "p3")
    key(qtbot, window, Qt.Key.Key_F7, SHIFT)
    dialog = window.assist.suggest_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.open_docs.isChecked()
    job = dialog.start()
    assert job is not None
    with qtbot.waitSignal(dialog.job_finished, timeout=20000):
        pass
    settle(qtbot, window)
    assert "3 documents:" in dialog.summary.toPlainText()
    assert ws.project.suggestions.documents_with_pending("alice") == ["u1", "p1", "p2"]
    # The open document's view shows them without reopening it.
    assert len(window.article_view.index.spans) == 6
    assert ws.undo_stack.count() == 1  # only the status change: a background run is no edit


def test_train_dialog_trains_and_shows_held_out_scores(qtbot: QtBot,
                                                       window: MainWindow) -> None:
    ws = window.ws
    dialog = window.assist.open_train_dialog()
    assert not dialog.action.isEnabled()
    assert "at least 4" in dialog.intro.text()
    assert dialog.table.rowCount() == 0
    project = ws.project
    suggest_documents(project, "alice")
    for doc in project.documents.ids():
        lay = project.annotations.layer(doc, "alice")
        project.suggestions.decide(doc, "alice", spans={s.id: SpanState.ACCEPTED
                                                        for s in lay.spans},
                                   frames={f.id: SpanState.ACCEPTED for f in lay.frames},
                                   who="alice")
        project.status.set(doc, "alice", DocStatus.DONE, who="alice")
    dialog = window.assist.open_train_dialog()
    assert dialog.action.isEnabled()
    assert "the 4 documents marked done" in dialog.intro.text()
    dialog.start()
    with qtbot.waitSignal(dialog.job_finished, timeout=60000):
        pass
    assert "Trained on 4 documents" in dialog.summary.toPlainText()
    assert dialog.table.rowCount() >= 3
    labels = {dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())}
    assert {"CLAIM", "SOURCE", "CUE"} <= labels
    stored = stored_model(project, "alice")
    assert stored is not None
    assert "trained on 4 documents" in dialog.intro.text()


def test_training_can_be_cancelled_and_keeps_the_stored_model(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    import desktop.ui.dialogs.assist_dialogs as dialogs

    def slow_training(project: object, annotator: str, *, progress: object,
                      cancel: CancelToken) -> None:
        while not cancel.cancelled:  # a long training, checking Cancel as train() does
            time.sleep(0.01)
        cancel.check()

    monkeypatch.setattr(dialogs, "train_model", slow_training)
    monkeypatch.setattr(dialogs, "training_documents", lambda _p, _a: 5)
    dialog = window.assist.open_train_dialog()
    assert dialog.action.isEnabled()
    job = dialog.start()
    assert job is not None
    qtbot.wait(50)
    assert job.running  # the window stays responsive meanwhile
    with qtbot.waitSignal(dialog.job_finished, timeout=10000):
        dialog.cancel()
    assert "cancelled" in dialog.summary.toPlainText()
    assert stored_model(window.ws.project, "alice") is None
