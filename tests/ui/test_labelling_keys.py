"""Labelling through the real article view: keys 1-4, relabel, delete, boundaries, fragments."""

from __future__ import annotations

from helpers.windows import caret_to, click, key, select_text, spans
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.core.model import SpanState
from desktop.ui.actions import ActionId
from desktop.ui.main_window import MainWindow

ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def test_select_and_press_label_key(qtbot: QtBot, window: MainWindow) -> None:
    select_text(window, "President Emmanuel Macron's office")
    key(qtbot, window, Qt.Key.Key_3)
    assert list(spans(window).values()) == [("SOURCE", "President Emmanuel Macron's office")]
    sid = next(iter(spans(window)))
    assert window.ws.selected_span == sid  # the new span is selected, ready to relabel
    assert not window.article_view.textCursor().hasSelection()
    span = window.ws.span(sid)
    assert span is not None
    # The codebook default is not stored unconfirmed: it is shown as a default until the
    # annotator sets or confirms it.
    assert span.attrs == {}


def test_selection_snaps_to_words_and_trims(qtbot: QtBot, window: MainWindow) -> None:
    select_text(window, "resident Emmanuel Mac")  # starts and ends mid-word
    key(qtbot, window, Qt.Key.Key_1)
    select_text(window, " statement to ")  # surrounded by spaces
    key(qtbot, window, Qt.Key.Key_4)
    assert sorted(spans(window).values()) == [("ACTOR", "President Emmanuel Macron's"),
                                              ("CUE", "statement to")]


def test_claim_keeps_its_quotation_marks(qtbot: QtBot, window: MainWindow) -> None:
    select_text(window, "We are moving towards a truce tonight")
    key(qtbot, window, Qt.Key.Key_2)
    assert list(spans(window).values()) == [
        ("CLAIM", '"We are moving towards a truce tonight,"')]
    select_text(window, '"The decision,"')
    key(qtbot, window, Qt.Key.Key_3)  # SOURCE does not keep quotes
    assert ("SOURCE", "The decision") in spans(window).values()


def test_snapping_toggle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.article_view, Qt.Key.Key_W, CTRL | SHIFT)
    assert not window.actions_by_id[ActionId.SNAP_TO_WORDS].isChecked()
    select_text(window, "resident ")
    key(qtbot, window, Qt.Key.Key_1)
    assert list(spans(window).values()) == [("ACTOR", "resident ")]


def test_keyboard_selection_with_shift_arrows(qtbot: QtBot, window: MainWindow) -> None:
    caret_to(window, "Emmanuel")
    for _ in range(2):
        key(qtbot, window, Qt.Key.Key_Right, CTRL | SHIFT)
    key(qtbot, window, Qt.Key.Key_Left, SHIFT)  # back off the space (snapping trims it anyway)
    key(qtbot, window, Qt.Key.Key_1)
    assert list(spans(window).values()) == [("ACTOR", "Emmanuel Macron's")]


def test_relabel_delete_undo_redo_by_keys(qtbot: QtBot, window: MainWindow) -> None:
    select_text(window, "AFP")
    key(qtbot, window, Qt.Key.Key_3)
    key(qtbot, window, Qt.Key.Key_1)  # no text selection: relabels the selected span
    assert list(spans(window).values()) == [("ACTOR", "AFP")]
    sid = window.ws.selected_span
    ws_span = window.ws.span(sid)
    assert ws_span is not None
    assert ws_span.attrs == {}  # SOURCE's anonymity does not carry over to ACTOR
    key(qtbot, window, Qt.Key.Key_Delete)
    assert spans(window) == {}
    assert window.ws.selected_span == ""
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert list(spans(window).values()) == [("ACTOR", "AFP")]
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert list(spans(window).values()) == [("SOURCE", "AFP")]
    key(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    key(qtbot, window, Qt.Key.Key_Y, CTRL)
    assert spans(window) == {}


def test_boundary_keys(qtbot: QtBot, window: MainWindow) -> None:
    select_text(window, "Emmanuel")
    key(qtbot, window, Qt.Key.Key_1)
    key(qtbot, window, Qt.Key.Key_Right, ALT)  # end right: one more word
    assert list(spans(window).values()) == [("ACTOR", "Emmanuel Macron's")]
    key(qtbot, window, Qt.Key.Key_Left, ALT | SHIFT)  # start left: one more word
    assert list(spans(window).values()) == [("ACTOR", "President Emmanuel Macron's")]
    key(qtbot, window, Qt.Key.Key_Right, ALT | SHIFT)  # start right: one word less
    key(qtbot, window, Qt.Key.Key_Left, ALT)  # end left: one word less
    assert list(spans(window).values()) == [("ACTOR", "Emmanuel")]
    key(qtbot, window, Qt.Key.Key_Left, ALT)  # would empty the span: refused
    assert list(spans(window).values()) == [("ACTOR", "Emmanuel")]
    assert "cannot move" in window.statusBar().currentMessage()


def test_add_fragment_for_a_split_quote(qtbot: QtBot, window: MainWindow) -> None:
    select_text(window, '"The decision,"')
    key(qtbot, window, Qt.Key.Key_2)
    select_text(window, '"is final."')
    key(qtbot, window, Qt.Key.Key_F)
    (sid, (label, text)), = spans(window).items()
    assert (label, text) == ("CLAIM", '"The decision," "is final."')
    span = window.ws.span(sid)
    assert span is not None
    assert len(span.fragments) == 2
    doc = window.ws.current
    assert doc is not None
    assert [doc.text[s:e] for s, e in span.fragments] == ['"The decision,"', '"is final."']
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    again = window.ws.span(sid)
    assert again is not None
    assert len(again.fragments) == 1


def test_click_selects_innermost_then_cycles(qtbot: QtBot, window: MainWindow) -> None:
    select_text(window, "President Emmanuel Macron's office")
    key(qtbot, window, Qt.Key.Key_3)
    outer = window.ws.selected_span
    select_text(window, "Emmanuel Macron")
    key(qtbot, window, Qt.Key.Key_1)
    inner = window.ws.selected_span
    key(qtbot, window, Qt.Key.Key_Escape)
    assert window.ws.selected_span == ""
    click(qtbot, window, "Macron", nth=0, into=2)
    assert window.ws.selected_span == inner
    click(qtbot, window, "Macron", nth=0, into=2)
    assert window.ws.selected_span == outer
    click(qtbot, window, "Macron", nth=0, into=2)
    assert window.ws.selected_span == inner
    click(qtbot, window, "statement")
    assert window.ws.selected_span == ""


def test_double_click_selects_a_word(qtbot: QtBot, window: MainWindow) -> None:
    from helpers.windows import point_of

    qtbot.mouseDClick(window.article_view.viewport(), Qt.MouseButton.LeftButton,
                      pos=point_of(window, "Macron's", into=3))
    assert window.article_view.selection_range() is not None
    assert window.article_view.textCursor().selectedText() == "Macron's"


def test_escape_clears_text_then_span_selection(qtbot: QtBot, window: MainWindow) -> None:
    select_text(window, "AFP")
    key(qtbot, window, Qt.Key.Key_1)
    select_text(window, "statement")
    key(qtbot, window, Qt.Key.Key_Escape)
    assert not window.article_view.textCursor().hasSelection()
    assert window.ws.selected_span != ""
    key(qtbot, window, Qt.Key.Key_Escape)
    assert window.ws.selected_span == ""


def test_context_menu_offers_labels_and_span_actions(window: MainWindow) -> None:
    menu = window.article_context_menu()
    texts = [a.text() for a in menu.actions()]
    for name in ("Actor", "Claim", "Source", "Cue"):
        assert name in texts
    assert window.actions_by_id[ActionId.ATTRIBUTE] in menu.actions()
    window.label_actions["CUE"].trigger()  # no selection: a message, no span
    assert spans(window) == {}


def test_next_and_previous_span_keys(qtbot: QtBot, window: MainWindow) -> None:
    for needle, k in (("AFP", Qt.Key.Key_1), ("said", Qt.Key.Key_4)):
        select_text(window, needle)
        key(qtbot, window, k)
    key(qtbot, window, Qt.Key.Key_Escape)
    caret_to(window, "President")
    key(qtbot, window, Qt.Key.Key_BracketRight)
    first = window.ws.span(window.ws.selected_span)
    assert first is not None
    assert first.text == "said"
    key(qtbot, window, Qt.Key.Key_BracketRight)
    second = window.ws.span(window.ws.selected_span)
    assert second is not None
    assert second.text == "AFP"
    key(qtbot, window, Qt.Key.Key_BracketLeft)
    back = window.ws.span(window.ws.selected_span)
    assert back is not None
    assert back.text == "said"


def test_same_key_on_a_pending_suggestion_accepts_it(qtbot: QtBot, window: MainWindow) -> None:
    from desktop.core.model import Origin, Span

    doc = window.ws.current
    assert doc is not None
    s = doc.text.index("AFP")
    written = window.ws.project.spans.add(
        doc.id, "alice", Span.from_text(doc.text, id="", label="ACTOR", fragments=((s, s + 3),),
                                        origin=Origin.SUGGESTED, state=SpanState.PENDING),
        who="suggest")
    window.ws.apply(written.change)
    window.ws.flush()
    click(qtbot, window, "AFP")
    key(qtbot, window, Qt.Key.Key_1)
    span = window.ws.span(window.ws.selected_span)
    assert span is not None
    assert span.state is SpanState.ACCEPTED


def test_read_only_layer_refuses_edits(qtbot: QtBot, window: MainWindow) -> None:
    window.ws.set_view_layer("bob")
    assert not window.article_view.editable
    select_text(window, "AFP")
    window.labelling.label("ACTOR")
    assert spans(window) == {}
    assert "read-only" in window.statusBar().currentMessage()
