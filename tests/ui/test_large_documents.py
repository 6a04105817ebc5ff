"""Very long documents never hold up the window (defect: a 50 MB document froze the window
for 37 s at 2.2 GB, and the first document opened by itself at start)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.app import build_window
from desktop.core.model import Document
from desktop.core.offsets import sha256_text
from desktop.store import open_project
from desktop.ui.main_window import MainWindow


def _project(path: Path, docs: list[tuple[str, str]]) -> Path:
    with open_project(path, create=True) as project, project.transaction():
        project.documents.insert_many([Document(id=i, title=i, text=t, sha256=sha256_text(t))
                                       for i, t in docs])
    return path


def _window(qtbot: QtBot, path: Path) -> MainWindow:
    window = build_window(path, "alice")
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.show()
    return window


HUGE = "A very long transcript line. " * 110_000  # 3.2 million characters
LONG = "A long report paragraph. " * 12_000  # 300,000 characters


def test_a_huge_first_document_is_not_opened_at_start_and_is_refused(qtbot: QtBot,
                                                                     tmp_path: Path) -> None:
    path = _project(tmp_path / "big.claimdesk", [("huge", HUGE), ("small", "Short text.")])
    window = _window(qtbot, path)
    assert window.ws.current is None
    assert window.article_view.toPlainText() == ""
    assert "is long" in window.statusBar().currentMessage()
    errors: list[str] = []
    window.ws.error.connect(errors.append)
    assert not window.navigator.go_to_row(0)
    assert window.ws.current is None
    assert errors
    assert "more than the 2,000,000 the article view opens" in errors[0]
    assert window.navigator.go_to_row(1)
    assert window.ws.current is not None
    assert window.ws.current.id == "small"


def test_long_documents_open_when_asked(qtbot: QtBot, tmp_path: Path) -> None:
    path = _project(tmp_path / "long.claimdesk", [("long", LONG), ("small", "Short text.")])
    window = _window(qtbot, path)
    assert window.ws.current is None  # not at start: that would hold up the window
    assert window.navigator.go_to_row(0)
    assert window.ws.current is not None
    assert window.article_view.toPlainText() == LONG


def test_the_limits_are_settings(qtbot: QtBot, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMDESK_AUTO_OPEN_CHARS", "400000")
    monkeypatch.setenv("CLAIMDESK_MAX_VIEW_CHARS", "100")
    path = _project(tmp_path / "s.claimdesk", [("long", LONG), ("small", "Short text.")])
    window = _window(qtbot, path)
    assert window.ws.current is None  # allowed at start, but longer than the view takes
    assert not window.navigator.go_to_row(0)
    assert window.navigator.go_to_row(1)
