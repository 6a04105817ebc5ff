"""Offsets stay exact through the GUI when astral, ZWJ, combining, Arabic and Armenian text
comes before the selected words; edits are on disk before the key press returns."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

import pytest
from helpers.windows import (
    UNICODE_PREFIX,
    UNICODE_TEXT,
    caret_to,
    key,
    open_window,
    select_text,
    spans,
)
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.core.offsets import utf16_length
from desktop.formats.exporting import export
from desktop.ui.main_window import MainWindow

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    w = open_window(qtbot, tmp_path)
    assert w.ws.current is not None
    assert w.ws.current.id == "u1"
    return w


def _exported(window: MainWindow) -> dict[str, object]:
    """The u1 record of a real native JSONL export (the file users ship)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "export.jsonl"
        export(window.ws.project, fmt="jsonl", out=out, annotator="alice")
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    (record,) = [r for r in records if r["id"] == "u1"]
    return dict(record)


def test_the_prefix_really_differs_between_utf16_and_code_points() -> None:
    assert utf16_length(UNICODE_PREFIX) - len(UNICODE_PREFIX) >= 8


def test_view_shows_the_text_exactly(window: MainWindow) -> None:
    assert window.article_view.toPlainText() == UNICODE_TEXT
    assert window.article_view.bridge.length_utf16 == utf16_length(UNICODE_TEXT)


def test_cursor_selection_then_key_gives_exact_code_points(qtbot: QtBot,
                                                           window: MainWindow) -> None:
    select_text(window, "foreign minister")
    key(qtbot, window, Qt.Key.Key_3)
    select_text(window, "the truce is fragile")
    key(qtbot, window, Qt.Key.Key_2)
    text = UNICODE_TEXT
    got = {label: t for label, t in spans(window).values()}
    assert got == {"SOURCE": "foreign minister", "CLAIM": '"the truce is fragile"'}
    for span in window.ws.project.annotations.spans("u1", "alice"):
        assert text[span.start:span.end] == span.text
    claim = next(s for s in window.ws.project.annotations.spans("u1", "alice")
                 if s.label == "CLAIM")
    assert claim.start == text.index('"the truce')
    assert claim.end == text.index(" on Friday")


def test_keyboard_selection_and_export_are_exact(qtbot: QtBot, window: MainWindow) -> None:
    caret_to(window, "envoy told")
    key(qtbot, window, Qt.Key.Key_Right, CTRL | SHIFT)  # "envoy "
    key(qtbot, window, Qt.Key.Key_1)
    caret_to(window, "told reporters")
    for _ in range(4):
        key(qtbot, window, Qt.Key.Key_Right, SHIFT)
    key(qtbot, window, Qt.Key.Key_4)
    # A selection that starts inside the emoji-laden prefix: Armenian words.
    select_text(window, "Հայաստանի կառավարությունը")
    key(qtbot, window, Qt.Key.Key_1)
    record = _exported(window)
    assert record["text"] == UNICODE_TEXT
    by_text = {s["text"]: s for s in record["spans"]}  # type: ignore[attr-defined]
    assert set(by_text) == {"envoy", "told", "Հայաստանի կառավարությունը"}
    for text, s in by_text.items():
        assert UNICODE_TEXT[s["start"]:s["end"]] == text
    envoy = by_text["envoy"]
    assert envoy["start"] == UNICODE_TEXT.index("envoy")
    assert envoy["end"] == UNICODE_TEXT.index("envoy") + len("envoy")
    # Round trip through JSON keeps the offsets (code points, not UTF-16 units).
    again = json.loads(json.dumps(record, ensure_ascii=False))
    assert again["spans"] == record["spans"]


def test_snapping_never_splits_a_cluster_in_the_gui(qtbot: QtBot, window: MainWindow) -> None:
    # Select from the middle of the ZWJ family to the middle of "café" (e + combining acute).
    doc = window.article_view.document()
    fam = doc.find("👩").selectionStart()
    cafe = doc.find("cafe").selectionEnd()  # just before the combining mark
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(doc)
    cursor.setPosition(fam + 3)
    cursor.setPosition(cafe, QTextCursor.MoveMode.KeepAnchor)
    window.article_view.setTextCursor(cursor)
    key(qtbot, window, Qt.Key.Key_1)
    ((_label, text),) = spans(window).values()
    assert text == "👩\u200d👩\u200d👧 cafe\u0301"


def test_edit_is_committed_before_the_key_press_returns(qtbot: QtBot, window: MainWindow,
                                                         tmp_path: Path) -> None:
    select_text(window, "reporters")
    key(qtbot, window, Qt.Key.Key_1)
    # Another connection, as another process would open the file, sees it at once.
    other = sqlite3.connect(tmp_path / "gui.claimdesk")
    try:
        rows = other.execute('SELECT label, start, "end", text FROM spans').fetchall()
    finally:
        other.close()
    start = UNICODE_TEXT.index("reporters")
    assert rows == [("ACTOR", start, start + len("reporters"), "reporters")]
    assert "Saved" in window.status_fields.saved.text()
