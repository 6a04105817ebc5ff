"""A document whose text was changed outside Claimdesk is not opened (defect: the article
view failed with a ValueError); a title is never shown as rich text in the corpus list."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.app import build_window
from desktop.core.model import Document, Span
from desktop.core.offsets import sha256_text
from desktop.store import open_project
from desktop.ui.main_window import MainWindow
from desktop.ui.models.corpus_model import Column

TEXT = "The minister said the talks would resume on Friday in the capital."


def _project(path: Path, title: str = "Talks") -> Path:
    with open_project(path, create=True) as project:
        with project.transaction():
            project.documents.insert_many([
                Document(id="d1", title=title, text=TEXT, sha256=sha256_text(TEXT)),
                Document(id="d2", title="Other", text="Short text.",
                         sha256=sha256_text("Short text."))])
        start = TEXT.index("capital")
        project.spans.add("d1", "alice", Span.from_text(
            TEXT, id="", label="ACTOR", fragments=((start, start + 7),)), who="alice")
    return path


def _window(qtbot: QtBot, path: Path) -> MainWindow:
    window = build_window(path, "alice")
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.show()
    return window


def test_tampered_text_is_refused_with_a_plain_message(qtbot: QtBot, tmp_path: Path) -> None:
    path = _project(tmp_path / "t.claimdesk")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE documents SET text = substr(text, 1, 30) WHERE id = 'd1'")
    conn.commit()
    conn.close()
    errors: list[str] = []
    window = _window(qtbot, path)
    window.ws.error.connect(errors.append)
    assert window.ws.current is None  # the first document was not opened at start ...
    assert not window.navigator.go_to_row(0)  # ... nor on request
    assert "was changed outside Claimdesk" in errors[-1]
    assert "claimdesk check" in errors[-1]
    assert window.navigator.go_to_row(1)  # the rest of the project works


def test_spans_tampered_alone_are_caught_too(qtbot: QtBot, tmp_path: Path) -> None:
    path = _project(tmp_path / "s.claimdesk")
    conn = sqlite3.connect(path)
    conn.execute('UPDATE spans SET "end" = 500')
    conn.commit()
    conn.close()
    errors: list[str] = []
    window = _window(qtbot, path)
    window.ws.error.connect(errors.append)
    assert not window.navigator.go_to_row(0)
    assert "no longer matches the text" in errors[-1]


def test_titles_are_plain_text_in_tooltips(qtbot: QtBot, tmp_path: Path) -> None:
    title = '<img src="file:///etc/passwd"><b>Bold</b> & co'
    window = _window(qtbot, _project(tmp_path / "h.claimdesk", title=title))
    model = window.corpus_model
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data(Qt.ItemDataRole.DisplayRole) == title)
    tip = model.index(row, Column.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;&lt;b&gt;Bold&lt;/b&gt; &amp; co" in tip


