"""Spans in right-to-left text inside a left-to-right paragraph are drawn at their full extent.

At a direction boundary a logical position has two visual places, so boxes built from the
cursor x of each edge came out as hairlines (or over the neighbouring word); the article view
now measures such lines by their glyph runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetricsF
from pytestqt.qtbot import QtBot

from desktop.app import build_window
from desktop.core.model import Document
from desktop.core.offsets import sha256_text
from desktop.store import open_project
from desktop.ui.main_window import MainWindow
from desktop.ui.views.span_index import has_rtl

TEXT = ("The spokesman said قال المتحدث in Arabic, then added in English that the talks "
        "would go on. Later he wrote שלום עכשיו on the board.\n"
        "🇫🇷 👍🏽 𝔘 He then said الحكومة once more.")


@pytest.fixture
def rtl_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    path = tmp_path / "rtl.claimdesk"
    with open_project(path, create=True) as project, project.transaction():
        project.documents.insert_many([Document(id="r1", title="Mixed directions", text=TEXT,
                                                sha256=sha256_text(TEXT))])
    window = build_window(path, "alice")
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    for dock in (window.annotation_dock, window.actor_dock, window.guidelines_dock):
        dock.hide()  # the article gets the width: every test sentence fits on one line
    window.resize(1400, 600)
    window.show()
    qtbot.waitExposed(window)
    return window


def _boxes_of(window: MainWindow, span_id: str) -> list[tuple[float, float]]:
    window.article_view.repaint()
    return sorted((b.rect.left(), b.rect.right()) for b in window.article_view.boxes()
                  if b.piece.span.id == span_id)


# The last word sits after emoji and a flag: Qt counts them as two units each.
@pytest.mark.parametrize("word", ["المتحدث", "قال", "قال المتحدث", "עכשיו", "שלום עכשיו",
                                  "الحكومة"])
def test_an_rtl_word_in_an_english_sentence_is_drawn_over_its_glyphs(
        rtl_window: MainWindow, word: str) -> None:
    ws = rtl_window.ws
    start = TEXT.index(word)
    span = ws.add_span("SOURCE", ((start, start + len(word)),))
    assert span is not None
    boxes = _boxes_of(rtl_window, span.id)
    assert len(boxes) == 1, boxes  # one visual run, one box
    left, right = boxes[0]
    advance = QFontMetricsF(rtl_window.article_view.font()).horizontalAdvance(word)
    assert right - left == pytest.approx(advance, rel=0.15)  # not a hairline, not wider

    # And the box covers exactly the word's glyphs: the glyph runs of those characters.
    view = rtl_window.article_view
    block = view.document().findBlock(view.bridge.to_qt(start))
    line = block.layout().lineForTextPosition(view.bridge.to_qt(start) - block.position())
    runs = line.glyphRuns(view.bridge.to_qt(start) - block.position(),
                          view.bridge.to_qt(start + len(word)) - view.bridge.to_qt(start))
    xs = [p.x() for r in runs for p in r.positions()]
    origin = block.layout().position().x() - view.horizontalScrollBar().value()
    assert left == pytest.approx(origin + min(xs), abs=1.0)


def test_a_span_crossing_from_english_into_arabic_gets_a_box_per_visual_run(
        rtl_window: MainWindow) -> None:
    needle = "said قال"
    start = TEXT.index(needle)
    span = rtl_window.ws.add_span("CLAIM", ((start, start + len(needle)),))
    assert span is not None
    boxes = _boxes_of(rtl_window, span.id)
    fm = QFontMetricsF(rtl_window.article_view.font())
    total = sum(r - left for left, r in boxes)
    assert total == pytest.approx(fm.horizontalAdvance(needle), rel=0.2)
    assert all(r - left > 4 for left, r in boxes)


def test_left_to_right_lines_keep_the_fast_path() -> None:
    assert not has_rtl("The minister said the truce is fragile. 👩‍👩‍👧 café 🇫🇷 Հայաստան")
    assert has_rtl("قال المتحدث")
    assert has_rtl("שלום")
