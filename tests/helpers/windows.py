"""Builders for the main-window tests: a project on disk, the real window, key helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from desktop.app import build_window
from desktop.core.model import Document
from desktop.core.offsets import sha256_text
from desktop.store import open_project
from desktop.ui.main_window import MainWindow

# Astral characters, a flag, a ZWJ family, combining marks, Arabic and Armenian all come
# BEFORE the words the tests select, so any UTF-16/code-point mix-up shifts the offsets.
UNICODE_PREFIX = ("🇫🇷 Paris 👩\u200d👩\u200d👧 cafe\u0301 👍🏽 𝔘 — "
                  "قال المتحدث باسم الحكومة. Հայաստանի կառավարությունը հայտարարեց. ")
UNICODE_TEXT = (UNICODE_PREFIX + 'The foreign minister said "the truce is fragile" on '
                "Friday, and the envoy told reporters that talks would resume.")
PLAIN_TEXT = ('"We are moving towards a truce tonight," President Emmanuel Macron\'s office '
              'said in a statement to AFP. "The decision," he said, "is final."')
THIRD_TEXT = "Ministers failed to agree on the budget, a spokesperson told reporters."

DOCS = (("u1", "Unicode article", UNICODE_TEXT),
        ("p1", "Macron statement", PLAIN_TEXT),
        ("p2", "Budget talks", THIRD_TEXT),
        ("p3", "Fourth article", "The council said nothing at all."))


def make_project(path: Path) -> Path:
    with open_project(path, create=True) as project, project.transaction():
        project.documents.insert_many([
            Document(id=i, title=t, text=x, sha256=sha256_text(x),
                     meta={"outlet": "Test Wire", "published": "2026-01-02"})
            for i, t, x in DOCS])
    return path


def open_window(qtbot: QtBot, tmp_path: Path, annotator: str = "alice", *,
                busy_timeout: float | None = None) -> MainWindow:
    path = make_project(tmp_path / "gui.claimdesk")
    window = build_window(path, annotator, busy_timeout=busy_timeout)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.article_view.setFocus()
    qtbot.waitUntil(lambda: window.article_view.hasFocus())
    return window


def find_cursor(window: MainWindow, needle: str, nth: int = 0) -> QTextCursor:
    """A real QTextCursor selecting the ``nth`` occurrence of ``needle`` (Qt-side search)."""
    doc = window.article_view.document()
    cursor = doc.find(needle, 0)
    for _ in range(nth):
        cursor = doc.find(needle, cursor)
    assert not cursor.isNull(), needle
    return cursor


def select_text(window: MainWindow, needle: str, nth: int = 0) -> None:
    window.article_view.setTextCursor(find_cursor(window, needle, nth))


def caret_to(window: MainWindow, needle: str, nth: int = 0) -> None:
    """Put the caret (no selection) at the start of ``needle``."""
    cursor = find_cursor(window, needle, nth)
    cursor.setPosition(cursor.selectionStart())
    window.article_view.setTextCursor(cursor)


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Let the panels catch up: they refresh one event-loop turn after an edit."""
    panel = window.annotation_panel
    qtbot.waitUntil(lambda: not (window.ws.has_pending or panel.catching_up
                                 or panel.following), timeout=2000)


def key(qtbot: QtBot, window: MainWindow, k: Qt.Key,
        mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.article_view, k, mods)
    settle(qtbot, window)


def point_of(window: MainWindow, needle: str, nth: int = 0, into: int = 1) -> QPoint:
    """Viewport point just inside the ``into``-th character of ``needle``."""
    cursor = find_cursor(window, needle, nth)
    cursor.setPosition(cursor.selectionStart() + into)
    rect = window.article_view.cursorRect(cursor)
    return QPoint(rect.left() + 2, rect.center().y())


def click(qtbot: QtBot, window: MainWindow, needle: str, nth: int = 0, into: int = 1) -> None:
    qtbot.mouseClick(window.article_view.viewport(), Qt.MouseButton.LeftButton,
                     pos=point_of(window, needle, nth, into))
    settle(qtbot, window)


def spans(window: MainWindow) -> dict[str, tuple[str, str]]:
    """Span id -> (label, text) of the open document's layer, fresh from the store."""
    assert window.ws.current is not None
    return {s.id: (s.label, s.text) for s in window.ws.project.annotations.spans(
        window.ws.current.id, window.ws.annotator)}


def open_doc(window: MainWindow, doc_id: str) -> None:
    for r in range(window.navigator.model.rowCount()):
        if window.navigator.doc_id(r) == doc_id:
            window.navigator.go_to_row(r)
            break
    assert window.ws.current is not None
    assert window.ws.current.id == doc_id
    window.article_view.setFocus()


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    """The main window with "p1" open (tests/ui/conftest.py offers it; a module may override)."""
    w = open_window(qtbot, tmp_path)
    open_doc(w, "p1")
    return w


def label_text(qtbot: QtBot, window: MainWindow, needle: str, k: Qt.Key, nth: int = 0) -> str:
    """Select ``needle`` and press label key ``k``; the id of the span that is then selected."""
    select_text(window, needle, nth)
    key(qtbot, window, k)
    return window.ws.selected_span
