"""The corpus pane: lazy model, status filter, debounced FTS search, selection opens."""

from __future__ import annotations

import pytest
from helpers.panels import add, undo
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.core.model import DocStatus
from desktop.ui.models.corpus_model import Column, CorpusRole
from desktop.ui.views.corpus_panel import CorpusPanel
from desktop.ui.workspace import Workspace


@pytest.fixture
def panel(qtbot: QtBot, ws: Workspace) -> CorpusPanel:
    p = CorpusPanel(ws)
    qtbot.addWidget(p)
    p.resize(520, 400)
    p.show()
    return p


def shown(panel: CorpusPanel) -> list[str]:
    return panel.model.ids()


def test_model_passes_qt_model_tester(qtbot: QtBot, qtmodeltester: ModelTester,
                                      ws: Workspace) -> None:
    panel = CorpusPanel(ws)
    qtbot.addWidget(panel)
    qtmodeltester.check(panel.model)
    panel.set_statuses(frozenset({DocStatus.NEW}))
    panel.search.setText("storm")
    panel.apply_search()
    qtmodeltester.check(panel.model)


def test_lists_documents_with_columns_and_ids_in_roles(panel: CorpusPanel) -> None:
    t = panel.table
    assert t.objectName() == "corpusList"
    assert t.accessibleName()
    m = panel.model
    assert m.rowCount() == 3
    assert panel.count_label.text() == "3 of 3 documents"
    assert m.index(0, Column.TITLE).data() == "Macron office says truce is fragile"
    assert m.index(0, Column.OUTLET).data() == "Meridian Wire"
    assert m.index(0, Column.DATE).data() == "2020-10-09"
    assert m.index(0, Column.STATUS).data() == "new"
    assert m.index(0, Column.SPANS).data() == 0
    assert m.index(1, 0).data(CorpusRole.DOC_ID) == "d2"
    assert all("d2" not in str(m.index(1, c).data()) for c in range(m.columnCount()))


def test_selecting_a_row_opens_the_document_and_opening_selects(
        qtbot: QtBot, panel: CorpusPanel, ws: Workspace) -> None:
    assert panel.current_doc_id() == "d1"  # the open document is selected on creation
    with qtbot.waitSignal(ws.document_opened) as sig:
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton,
                         pos=panel.table.visualRect(panel.model.index(1, 0)).center())
    assert sig.args == ["d2"]
    assert ws.current is not None
    assert ws.current.id == "d2"
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    assert ws.current.id == "d3"
    ws.open_document("d1")
    assert panel.current_doc_id() == "d1"


def test_span_count_and_status_follow_edits(panel: CorpusPanel, ws: Workspace) -> None:
    add(ws, "CUE", "said")
    assert panel.model.index(0, Column.SPANS).data() == 1
    assert panel.model.index(0, Column.STATUS).data() == "in progress"
    undo(ws)
    assert panel.model.index(0, Column.SPANS).data() == 0
    ws.set_status(DocStatus.DONE, "d3")
    assert panel.model.index(2, Column.STATUS).data() == "done"


def test_status_filter(qtbot: QtBot, panel: CorpusPanel, ws: Workspace) -> None:
    ws.set_status(DocStatus.DONE, "d2")
    ws.set_status(DocStatus.SKIPPED, "d3")
    combo = panel.status_filter
    combo.setCurrentIndex(combo.findText("Done"))
    assert shown(panel) == ["d2"]
    assert panel.count_label.text() == "1 of 3 documents"
    combo.setCurrentIndex(combo.findText("Skipped"))
    assert shown(panel) == ["d3"]
    combo.setCurrentIndex(combo.findText("New"))
    assert shown(panel) == ["d1"]
    assert panel.current_doc_id() == "d1"  # the open document stays selected
    combo.setCurrentIndex(combo.findText("To do (new + in progress)"))
    assert shown(panel) == ["d1"]
    panel.set_statuses(frozenset({DocStatus.DONE, DocStatus.SKIPPED}))
    assert shown(panel) == ["d2", "d3"]
    assert panel.current_doc_id() is None
    combo.setCurrentIndex(0)
    assert shown(panel) == ["d1", "d2", "d3"]


def test_search_is_debounced_and_searches_title_and_text(
        qtbot: QtBot, panel: CorpusPanel) -> None:
    qtbot.keyClicks(panel.search, "hurrican")
    assert shown(panel) == ["d1", "d2", "d3"]  # not yet: the search waits for a pause
    qtbot.waitUntil(lambda: shown(panel) == ["d2"], timeout=2000)  # text, prefix match
    assert panel.count_label.text() == "1 of 3 documents"
    panel.search.setText("budget talks")  # title words
    panel.apply_search()
    assert shown(panel) == ["d3"]
    panel.search.setText("spokesperson")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)  # Enter searches at once
    assert shown(panel) == ["d3"]
    panel.search.setText('"; DROP')  # user input never breaks the FTS query
    panel.apply_search()
    assert shown(panel) == []
    panel.search.clear()
    panel.apply_search()
    assert len(shown(panel)) == 3


def test_search_and_status_combine(panel: CorpusPanel, ws: Workspace) -> None:
    ws.set_status(DocStatus.DONE, "d3")
    panel.search.setText("said told")
    panel.apply_search()
    assert shown(panel) == ["d1"]
    panel.search.setText("Meridian")  # outlet is not searched: only title and text
    panel.apply_search()
    assert shown(panel) == []
    panel.search.setText("spokesperson")
    panel.apply_search()
    panel.set_statuses(frozenset({DocStatus.NEW}))
    assert shown(panel) == []
    panel.set_statuses(frozenset({DocStatus.DONE}))
    assert shown(panel) == ["d3"]


def test_focus_search_action(qtbot: QtBot, panel: CorpusPanel) -> None:
    actions = panel.menu_actions()
    assert all(not a.shortcut().isEmpty() for a in actions)
    panel.table.setFocus()
    panel.focus_search_action.trigger()
    qtbot.waitUntil(panel.search.hasFocus, timeout=1000)


def test_filtered_lists_load_a_page_at_a_time(panel: CorpusPanel,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.ui.models import corpus_model

    monkeypatch.setattr(corpus_model, "_FETCH", 2)
    panel.set_statuses(frozenset({DocStatus.NEW}))
    m = panel.model
    assert m.rowCount() == 2
    assert m.canFetchMore()
    assert m.matched() == 3
    assert panel.count_label.text() == "3 of 3 documents"
    m.fetchMore()
    assert shown(panel) == ["d1", "d2", "d3"]
    assert not m.canFetchMore()
    panel.set_statuses(frozenset())
    assert m.rowCount() == 3
    assert not m.canFetchMore()
