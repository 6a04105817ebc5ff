"""The article first: a readable measure, inline label tags, frame connectors, light and dark."""

from __future__ import annotations

from helpers.windows import click, key, label_text, settle
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ui.actions import ActionId
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import FRAME_ARCS, INLINE_TAGS
from desktop.ui.theme import apply_theme, is_dark, label_colour, on_colour
from desktop.ui.views.article_view import MEASURE
from desktop.ui.views.span_decorations import tag_font, tag_rects


def test_the_text_column_keeps_a_readable_measure(qtbot: QtBot, window: MainWindow) -> None:
    view = window.article_view
    for dock in (window.annotation_dock, window.actor_dock, window.guidelines_dock):
        dock.hide()
    window.splitter.setSizes([0, 2000])
    qtbot.waitUntil(lambda: view.viewport().width() > view.measure_width() + 60)
    line = view.document().firstBlock().layout().lineAt(0)
    # A wide window: the lines stop at the measure and the column sits in the middle.
    assert line.width() <= view.measure_width() + 1
    assert 55 <= line.textLength() <= MEASURE * 1.2  # typographers ask for 45 to 90
    fmt = view.document().rootFrame().frameFormat()
    assert fmt.leftMargin() > 20
    assert abs(fmt.leftMargin() - fmt.rightMargin()) < 1


def test_the_article_keeps_a_minimum_width(window: MainWindow) -> None:
    assert window.article_pane.minimumWidth() >= window.fontMetrics().averageCharWidth() * 40
    assert window.splitter.isCollapsible(0)  # the corpus list gives way
    assert not window.splitter.isCollapsible(1)  # the article does not


def test_inline_tags_show_each_label_at_its_span(qtbot: QtBot, window: MainWindow) -> None:
    view = window.article_view
    label_text(qtbot, window, "said", Qt.Key.Key_4)
    label_text(qtbot, window, "AFP", Qt.Key.Key_1)
    def text_height() -> float:
        layout = view.document().documentLayout()
        return layout.blockBoundingRect(view.document().firstBlock()).height()

    before = text_height()
    window.actions_by_id[ActionId.INLINE_TAGS].trigger()
    assert window.settings.value(INLINE_TAGS)
    assert view.state.tags
    assert text_height() > before * 1.25  # room for the tags above the text
    view.repaint()
    boxes = view.boxes()
    rects = tag_rects(boxes, QFontMetricsF(tag_font(view.font())))
    by_label = {box.piece.span.label: (box, rect) for box, rect in rects}
    assert set(by_label) == {"CUE", "ACTOR"}
    for box, rect in by_label.values():
        assert rect.bottom() <= box.rect.top()  # above its span, not over the text
        assert abs(rect.left() - box.rect.left()) < 1
    grab = view.viewport().grab().toImage()
    box, rect = by_label["CUE"]
    colour = grab.pixelColor(int(rect.left()) + 1, int(rect.center().y()))
    assert colour.name() == view.state.colours["CUE"].name()  # the tag is drawn there


def test_frame_connectors_join_the_selected_claim_to_its_spans(qtbot: QtBot,
                                                               window: MainWindow) -> None:
    source = label_text(qtbot, window, "he", Qt.Key.Key_3, nth=1)
    cue = label_text(qtbot, window, "said", Qt.Key.Key_4, nth=1)
    claim = label_text(qtbot, window, '"The decision,"', Qt.Key.Key_2)
    key(qtbot, window, Qt.Key.Key_A)
    assert window.article_view.state.links == ()  # nothing picked yet
    click(qtbot, window, "he", nth=1)
    assert window.article_view.state.links == ((claim, source, "source"),)
    click(qtbot, window, "said", nth=1)
    key(qtbot, window, Qt.Key.Key_Return)
    window.ws.select_span(source)  # any member shows its whole frame
    settle(qtbot, window)
    assert set(window.article_view.state.links) == {(claim, source, "source"),
                                                    (claim, cue, "cue")}
    window.settings.set_value(FRAME_ARCS, False)
    assert not window.actions_by_id[ActionId.FRAME_LINKS].isChecked()
    assert window.article_view.state.links == ()


def test_dark_appearance_keeps_labels_legible(qtbot: QtBot, window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        apply_theme(app, "dark")
        qtbot.waitUntil(lambda: window.article_view.state.dark)
        view = window.article_view
        base = view.palette().color(view.palette().ColorRole.Base)
        assert is_dark(view.palette())
        for name, colour in view.state.colours.items():
            # Underlines stand out from the dark page: clearly lighter than it.
            assert colour.lightnessF() - base.lightnessF() > 0.35, name
        assert view.state.ink.lightnessF() > 0.7  # the gesture outline is light text colour
    finally:
        apply_theme(app, "light")
    qtbot.waitUntil(lambda: not window.article_view.state.dark)
    for lab in window.ws.codebook.labels:
        assert label_colour(lab.color, dark=False).lightnessF() <= 0.46


def test_tag_text_contrasts_with_its_colour() -> None:
    from PySide6.QtGui import QColor

    assert on_colour(QColor("#e0a100")).name() == "#000000"
    assert on_colour(QColor("#2f7ed8")).name() == "#000000"
    assert on_colour(QColor("#1c3d6e")).name() == "#ffffff"
