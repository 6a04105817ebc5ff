"""Views hear of edits through ``Workspace.changed``: once per layer and operation."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.windows import open_window, select_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.core.changes import Change
from desktop.core.model import DocStatus


def test_a_label_key_shows_the_span_in_article_and_panel(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    panel = window.annotation_panel
    select_text(window, "minister")
    qtbot.keyClick(window.article_view, Qt.Key.Key_1)  # no event-loop turn after this
    new = window.ws.selected_span
    assert new
    # The key press returned with the span drawn in the article ...
    assert window.article_view.span(new) is not None
    # ... while the panel (a tree of every span) catches up in the next turn, row and
    # selection alike, so the article is repainted first.
    assert panel.catching_up
    assert not panel.span_model.span_index(new).isValid()
    qtbot.waitUntil(lambda: not (panel.catching_up or panel.following))
    index = panel.span_model.span_index(new)
    assert index.isValid()
    assert panel.spans_view.currentIndex().siblingAtColumn(0) == index


def test_edits_of_one_operation_reach_the_views_as_one_change(qtbot: QtBot,
                                                              tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    ws = window.ws
    text = ws.current.text if ws.current else ""
    heard: list[Change] = []
    ws.changed.connect(heard.append)
    spans = []
    with ws.group("Two actors"):
        for word in ("minister", "talks"):
            start = text.index(word)
            span = ws.add_span("ACTOR", ((start, start + len(word)),))
            assert span is not None
            spans.append(span.id)
        assert len(ws.layer().spans) == 2  # the cache is patched at once ...
        assert heard == []  # ... the views hear of it when the operation ends
    assert len(heard) == 1
    assert heard[0].spans_added == frozenset(spans)
    qtbot.waitUntil(lambda: not window.annotation_panel.catching_up)
    assert window.annotation_panel.span_model.span_index(spans[1]).isValid()
    heard.clear()
    window.ws.undo_stack.undo()  # one undo step, one change
    assert len(heard) == 1
    assert heard[0].spans_removed == frozenset(spans)


def test_a_change_outside_any_operation_is_told_at_the_end_of_the_turn(
        qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    heard: list[Change] = []
    window.ws.changed.connect(heard.append)
    window.ws.apply(Change(corpus=True))
    window.ws.apply(Change(actors=frozenset({"a1"})))
    assert heard == []
    qtbot.waitUntil(lambda: bool(heard))
    assert heard == [Change(corpus=True, actors=frozenset({"a1"}))]


def test_a_key_press_that_changes_no_status_counts_nothing(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, tmp_path)
    select_text(window, "minister")
    qtbot.keyClick(window.article_view, Qt.Key.Key_1)  # new -> in progress: counted once
    qtbot.waitUntil(lambda: not window.ws.has_pending)
    counts: list[object] = []
    project = window.ws.project
    real = project.status_counts
    monkeypatch.setattr(project, "status_counts", lambda a: counts.append(a) or real(a))
    monkeypatch.setattr(project.documents, "count_filtered", lambda f: counts.append(f))
    select_text(window, "talks")
    qtbot.keyClick(window.article_view, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: not window.ws.has_pending)
    assert window.ws.span(window.ws.selected_span) is not None
    window.navigator.step(1)  # a document switch counts nothing either
    qtbot.waitUntil(lambda: not window.ws.has_pending)
    assert counts == []
    window.ws.set_status(DocStatus.DONE)  # a status change does, once, from the index
    assert counts == ["alice"]
    assert window.status_fields.done.text() == "1 done"
