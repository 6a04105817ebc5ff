"""Typing in the article: the article shows the new span first, the panel one turn later."""

from __future__ import annotations

from pathlib import Path

from _window_fixtures import open_window, select_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot


def test_panel_catches_up_after_the_article_key_press(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    panel = window.annotation_panel
    select_text(window, "minister")
    qtbot.keyClick(window.article_view, Qt.Key.Key_1)  # no event-loop turn after this
    new = window.ws.selected_span
    assert new
    assert window.article_view.span(new) is not None  # drawn in the article already
    assert panel.catching_up
    assert not panel.span_model.span_index(new).isValid()  # panel not refreshed yet
    qtbot.waitUntil(lambda: not panel.catching_up, timeout=2000)
    index = panel.span_model.span_index(new)
    assert index.isValid()
    assert panel.spans_view.currentIndex().siblingAtColumn(0) == index  # and selected


def test_edits_from_the_panel_side_show_at_once(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    panel = window.annotation_panel
    panel.spans_view.setFocus()
    qtbot.waitUntil(lambda: panel.spans_view.hasFocus())
    text = window.ws.current.text if window.ws.current else ""
    start = text.index("minister")
    span = window.ws.add_span("ACTOR", ((start, start + len("minister")),))
    assert span is not None
    assert not panel.catching_up
    assert panel.span_model.span_index(span.id).isValid()
