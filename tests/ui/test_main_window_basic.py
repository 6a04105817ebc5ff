"""The window opens on a project, lists the corpus and shows the selected article."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.app import build_window, ensure_default_project
from desktop.ui.main_window import MainWindow


def test_default_project_has_samples_and_window_shows_them(qtbot: QtBot, tmp_path: Path) -> None:
    path = ensure_default_project(tmp_path / "default.claimdesk")
    window = build_window(path, "alice")
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.show()
    assert window.corpus_model.rowCount() == 5
    assert window.ws.current is not None
    assert window.article_view.toPlainText() == window.ws.current.text
    window.corpus_list.selectRow(2)
    assert window.ws.current.id == window.corpus_model.doc_id(2)
    assert window.article_view.toPlainText() == window.ws.current.text
