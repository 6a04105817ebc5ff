"""Reviewing suggestions in the window: F7 suggests (one undo step), Enter accepts and
Backspace rejects the suggestion under the caret, Alt+Enter / Ctrl+Shift+Backspace decide the
whole document, N / Shift+N move, each decision is one undo step, and rejected suggestions are
not proposed again."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.windows import caret_to, key, open_doc, open_window, settle
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.core.model import DocStatus, Layer, SpanState
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import AUTO_SUGGEST

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
PENDING, ACCEPTED, REJECTED = SpanState.PENDING, SpanState.ACCEPTED, SpanState.REJECTED
CLAIM1 = '"We are moving towards a truce tonight,"'


def layer(window: MainWindow) -> Layer:
    """The open document's layer, fresh from the store."""
    assert window.ws.current is not None
    return window.ws.project.annotations.layer(window.ws.current.id, window.ws.annotator)


def states(window: MainWindow) -> dict[str, SpanState]:
    """Span text (or frame id) -> state."""
    lay = layer(window)
    out = {s.text: s.state for s in lay.spans}
    out.update({f.id: f.state for f in lay.frames})
    return out


def wait_for_assist(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.assist._busy(), timeout=15000)
    settle(qtbot, window)


def suggest(qtbot: QtBot, window: MainWindow) -> None:
    key(qtbot, window, Qt.Key.Key_F7)
    wait_for_assist(qtbot, window)


@pytest.fixture
def suggested(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """The Macron article with the assistant's suggestions (two frames)."""
    suggest(qtbot, window)
    assert len(layer(window).frames) == 2
    return window


def test_f7_writes_pending_suggestions_as_one_undo_step(qtbot: QtBot,
                                                        suggested: MainWindow) -> None:
    window = suggested
    lay = layer(window)
    assert {s.state for s in lay.spans} == {PENDING}
    assert {f.state for f in lay.frames} == {PENDING}
    assert len(lay.spans) == 6
    # The first suggestion is selected, ready for Enter or Backspace.
    assert window.ws.span(window.ws.selected_span).text == CLAIM1  # type: ignore[union-attr]
    assert "Enter accepts" in window.statusBar().currentMessage()
    # Drawn: hatched spans, and the pending frames as dashed arcs from their claims.
    assert len(window.article_view.state.pending_links) == 4
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert layer(window).spans == ()
    key(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert len(layer(window).spans) == 6


def test_enter_accepts_the_frame_under_the_caret_with_its_fillers(
        qtbot: QtBot, suggested: MainWindow) -> None:
    window = suggested
    window.ws.select_span("")
    caret_to(window, "moving towards")
    key(qtbot, window, Qt.Key.Key_Return)
    s = states(window)
    assert s[CLAIM1] is ACCEPTED
    assert s["President Emmanuel Macron's office"] is ACCEPTED
    assert s["said in a statement"] is ACCEPTED
    assert s["f1"] is ACCEPTED
    assert s["f2"] is PENDING
    assert s['"The decision," "is final."'] is PENDING
    # The next suggestion is selected: the second claim.
    assert window.ws.span(window.ws.selected_span).text == '"The decision," "is final."'  # type: ignore[union-attr]
    key(qtbot, window, Qt.Key.Key_Z, CTRL)  # one undo step puts all four back
    assert set(states(window).values()) == {PENDING}


def test_backspace_on_a_claim_rejects_the_frame_and_hides_it(qtbot: QtBot,
                                                              suggested: MainWindow) -> None:
    window = suggested
    window.ws.select_span("")
    caret_to(window, "decision")
    key(qtbot, window, Qt.Key.Key_Backspace)
    s = states(window)
    assert s["f2"] is REJECTED
    assert s['"The decision," "is final."'] is REJECTED
    assert s["he"] is REJECTED
    assert s["f1"] is PENDING
    shown = {sp.text for sp in window.article_view.index.spans.values()}
    assert '"The decision," "is final."' not in shown  # rejected: kept, not drawn
    assert CLAIM1 in shown
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert set(states(window).values()) == {PENDING}
    assert '"The decision," "is final."' in {
        sp.text for sp in window.article_view.index.spans.values()}


def test_backspace_on_a_source_rejects_it_and_the_frame_it_fills(
        qtbot: QtBot, suggested: MainWindow) -> None:
    window = suggested
    window.ws.select_span("")
    caret_to(window, "Emmanuel")
    key(qtbot, window, Qt.Key.Key_Backspace)
    s = states(window)
    assert s["President Emmanuel Macron's office"] is REJECTED
    assert s["f1"] is REJECTED
    assert s[CLAIM1] is PENDING  # the claim stays to be decided on its own
    assert "also rejected the suggested frame it filled (f1)" in \
        window.statusBar().currentMessage()


def test_accept_all_and_reject_all_are_one_undo_step_each(qtbot: QtBot,
                                                          suggested: MainWindow) -> None:
    window = suggested
    key(qtbot, window, Qt.Key.Key_Return, ALT)
    assert set(states(window).values()) == {ACCEPTED}
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert set(states(window).values()) == {PENDING}
    key(qtbot, window, Qt.Key.Key_Backspace, CTRL | SHIFT)
    assert set(states(window).values()) == {REJECTED}
    assert window.article_view.index.spans == {}
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert set(states(window).values()) == {PENDING}


def test_rejected_suggestions_are_not_proposed_again(qtbot: QtBot,
                                                     suggested: MainWindow) -> None:
    window = suggested
    window.ws.select_span("")
    caret_to(window, "decision")
    key(qtbot, window, Qt.Key.Key_Backspace)  # the second frame with its claim, source, cue
    caret_to(window, "moving towards")
    key(qtbot, window, Qt.Key.Key_Return)  # the first frame
    before = layer(window)
    suggest(qtbot, window)
    after = layer(window)
    assert after == before  # nothing new: nothing proposed twice
    assert [f.state for f in after.frames] == [ACCEPTED, REJECTED]
    assert "0 suggested spans and 0 frames" in window.statusBar().currentMessage()


def test_a_rejected_source_leaves_its_claim_pending_and_unframed(
        qtbot: QtBot, suggested: MainWindow) -> None:
    window = suggested
    window.ws.select_span("")
    caret_to(window, "he said")
    key(qtbot, window, Qt.Key.Key_Backspace)  # "he": its frame goes too
    assert states(window)["f2"] is REJECTED
    suggest(qtbot, window)
    lay = layer(window)
    claim = [s for s in lay.spans if s.text == '"The decision," "is final."']
    assert [s.state for s in claim] == [PENDING]  # still there, once
    framed = [f for f in lay.frames if claim[0].id in f.roles["content"]]
    assert [f.state for f in framed] == [REJECTED]  # no second frame proposed
    assert [s.state for s in lay.spans if s.text == "he"] == [REJECTED]


def test_n_and_shift_n_move_between_suggestions(qtbot: QtBot, suggested: MainWindow) -> None:
    window = suggested
    view = window.article_view
    assert window.ws.span(window.ws.selected_span).text == CLAIM1  # type: ignore[union-attr]
    key(qtbot, window, Qt.Key.Key_N)
    second = window.ws.span(window.ws.selected_span)
    assert second is not None
    assert second.text == '"The decision," "is final."'
    assert view.caret() == second.start
    assert "Suggestion 2 of 2" in window.statusBar().currentMessage()
    assert "rules:" in window.statusBar().currentMessage()  # the evidence
    key(qtbot, window, Qt.Key.Key_N)  # wraps around
    assert window.ws.span(window.ws.selected_span).text == CLAIM1  # type: ignore[union-attr]
    key(qtbot, window, Qt.Key.Key_N, SHIFT)
    assert window.ws.span(window.ws.selected_span).text == second.text  # type: ignore[union-attr]


def test_enter_during_the_frame_gesture_still_finishes_the_frame(
        qtbot: QtBot, suggested: MainWindow) -> None:
    window = suggested
    claim = next(s for s in layer(window).spans if s.text == CLAIM1)
    window.ws.select_span(claim.id)
    key(qtbot, window, Qt.Key.Key_A)
    assert window.labelling.gesture.active
    key(qtbot, window, Qt.Key.Key_Return)
    assert not window.labelling.gesture.active
    assert states(window)[CLAIM1] is PENDING  # finishing the gesture accepted nothing


def test_the_tooltip_shows_why_a_span_was_suggested(suggested: MainWindow) -> None:
    window = suggested
    view = window.article_view
    claim = next(s for s in view.index.spans.values() if s.text == CLAIM1)
    html = view.tooltip_html([claim])
    assert "suggested by rules:" in html
    assert "score" in html
    assert "Enter accepts" in html
    assert "content of attribution frame f1 <i>(suggested, rules:" in html


def test_the_annotation_panel_marks_pending_frames(qtbot: QtBot,
                                                   suggested: MainWindow) -> None:
    settle(qtbot, suggested)
    model = suggested.annotation_panel.frame_model
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names == ["attribution f1 · pending", "attribution f2 · pending"]


@pytest.fixture
def auto_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    window = open_window(qtbot, tmp_path)
    window.settings.set_value(AUTO_SUGGEST, True)
    return window


def test_suggest_automatically_when_a_document_opens(qtbot: QtBot,
                                                     auto_window: MainWindow) -> None:
    window = auto_window
    assert window.assist.auto_action.isChecked()
    window.ws.set_status(DocStatus.DONE, "p2")
    depth = window.ws.undo_stack.count()
    open_doc(window, "p1")
    wait_for_assist(qtbot, window)
    qtbot.waitUntil(lambda: len(layer(window).frames) == 2, timeout=5000)
    assert len(window.article_view.index.spans) == 6  # the view caught up
    assert window.ws.undo_stack.count() == depth  # written in the background, not an edit
    key(qtbot, window, Qt.Key.Key_Return, ALT)
    open_doc(window, "p3")
    wait_for_assist(qtbot, window)
    open_doc(window, "p1")  # nothing pending any more: a new run adds nothing it rejected
    wait_for_assist(qtbot, window)
    assert set(states(window).values()) == {ACCEPTED}
    open_doc(window, "p2")  # done: never suggested for
    wait_for_assist(qtbot, window)
    assert layer(window).spans == ()
    window.assist.auto_action.setChecked(False)
    assert not window.settings.value(AUTO_SUGGEST)


def test_the_preferences_setting_takes_effect_at_the_next_opening(
        qtbot: QtBot, window: MainWindow) -> None:
    from desktop.ui.dialogs.preferences import PreferencesDialog

    assert not window.assist.auto_action.isChecked()
    prefs = PreferencesDialog(window.settings, window)
    qtbot.addWidget(prefs)
    prefs.auto_suggest.click()
    assert window.assist.auto_action.isChecked()  # the menu follows at once
    open_doc(window, "p2")
    assert window.assist.auto_action.isChecked()
    wait_for_assist(qtbot, window)
    qtbot.waitUntil(lambda: len(layer(window).frames) == 1, timeout=5000)
