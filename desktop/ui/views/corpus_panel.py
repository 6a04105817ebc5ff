"""The corpus pane: the lazy document list with a status filter and full-text search."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.model import DocStatus
from desktop.ui.models.corpus_model import Column, CorpusModel
from desktop.ui.views.corpus_delegate import TitleDelegate, row_height
from desktop.ui.workspace import Workspace

SEARCH_DELAY_MS = 150
NARROW_CHARS = 62
"""Below this width (in average characters) the status and span columns fold into the row."""

STATUS_CHOICES: tuple[tuple[str, frozenset[DocStatus]], ...] = (
    ("All statuses", frozenset()),
    ("To do (new + in progress)", frozenset({DocStatus.NEW, DocStatus.IN_PROGRESS})),
    ("New", frozenset({DocStatus.NEW})),
    ("In progress", frozenset({DocStatus.IN_PROGRESS})),
    ("Done", frozenset({DocStatus.DONE})),
    ("Skipped", frozenset({DocStatus.SKIPPED})),
)


class CorpusPanel(QWidget):
    """Filter bar, document table (``table``, objectName ``corpusList``) and a count line.

    Selecting a row opens the document; opening a document elsewhere selects its row.
    """

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.setObjectName("corpusPanel")
        self.model = CorpusModel(workspace)
        self._syncing = False

        self.search = QLineEdit()
        self.search.setObjectName("corpusSearch")
        self.search.setAccessibleName("Search documents")
        self.search.setPlaceholderText("Search titles and text")
        self.search.setToolTip("Search the titles and texts of the corpus (Ctrl+Shift+F)")
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("corpusStatusFilter")
        self.status_filter.setAccessibleName("Filter by status")
        for text, statuses in STATUS_CHOICES:
            self.status_filter.addItem(text, statuses)
        self.status_filter.setToolTip("Show only documents with this status (yours)")

        self.table = QTableView()
        self.table.setObjectName("corpusList")
        self.table.setAccessibleName("Corpus list")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vheader = self.table.verticalHeader()
        vheader.hide()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        vheader.setDefaultSectionSize(row_height(self))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        # Outlet and date are drawn under the title (TitleDelegate); their columns stay in the
        # model for tools and tests but are hidden so the headline gets the width.
        self.title_delegate = TitleDelegate(self.table)
        self.table.setItemDelegateForColumn(Column.TITLE, self.title_delegate)
        self.table.setColumnHidden(Column.OUTLET, True)
        self.table.setColumnHidden(Column.DATE, True)
        widths = {Column.STATUS: "in progress", Column.SPANS: "Spans"}
        for col, sample in widths.items():
            # Fixed widths from sample text: ResizeToContents would read every row.
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, self.fontMetrics().horizontalAdvance(sample) + 18)

        self.count_label = QLabel()
        self.count_label.setObjectName("corpusCount")
        self.count_label.setAccessibleName("Document count")

        # The search box and the status filter get a row each, so neither is clipped however
        # narrow the list is made.
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(4)
        lay.addWidget(self.search)
        lay.addWidget(self.status_filter)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count_label)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)
        self.status_filter.currentIndexChanged.connect(self._on_status_filter)
        self.table.selectionModel().selectionChanged.connect(self._on_selected)
        self.model.modelReset.connect(self._after_reset)
        workspace.document_opened.connect(self.select_doc)
        workspace.changed.connect(lambda c: self._update_count() if c.status else None)

        self.focus_search_action = QAction("Search corpus", self)
        self.focus_search_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.focus_search_action.setStatusTip("Search document titles and text")
        self.focus_search_action.triggered.connect(self.focus_search)
        self.focus_list_action = QAction("Go to corpus list", self)
        self.focus_list_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.focus_list_action.triggered.connect(self.table.setFocus)
        self._update_count()
        if workspace.current is not None:
            self.select_doc(workspace.current.id)

    # -- public API ----------------------------------------------------------------------

    def menu_actions(self) -> list[QAction]:
        return [self.focus_search_action, self.focus_list_action]

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def set_statuses(self, statuses: frozenset[DocStatus]) -> None:
        """Select the filter entry for exactly ``statuses`` (adds one if it is not listed)."""
        for i in range(self.status_filter.count()):
            if self.status_filter.itemData(i) == statuses:
                self.status_filter.setCurrentIndex(i)
                return
        name = " + ".join(sorted(s.value for s in statuses))
        self.status_filter.addItem(name, statuses)
        self.status_filter.setCurrentIndex(self.status_filter.count() - 1)

    def apply_search(self) -> None:
        """Filter by the search box text now (normally run ~150 ms after typing stops)."""
        self._search_timer.stop()
        query = self.search.text().strip()
        if query != self.model.filter.query:
            self.model.set_filter(query=query)

    def select_doc(self, doc_id: str) -> bool:
        """Select (and scroll to) ``doc_id``'s row without re-opening it; False if hidden."""
        row = self.model.row_of(doc_id)
        sel = self.table.selectionModel()
        self._syncing = True
        try:
            if row is None:
                sel.clearSelection()
                return False
            index = self.model.index(row, 0)
            if not sel.isRowSelected(row):
                sel.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                    | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)
            return True
        finally:
            self._syncing = False

    def current_doc_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.doc_id(rows[0].row()) if rows else None

    # -- internals -----------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Narrow: the headline takes the whole row; status and span count move under it.
        narrow = self.width() < self.fontMetrics().averageCharWidth() * NARROW_CHARS
        if narrow != self.title_delegate.show_status:
            self.title_delegate.show_status = narrow
            self.table.setColumnHidden(Column.STATUS, narrow)
            self.table.setColumnHidden(Column.SPANS, narrow)
            self.table.viewport().update()

    def _search_now(self) -> None:
        self.apply_search()
        if self.model.rowCount():
            self.table.setFocus()
            if self.current_doc_id() is None:
                self.table.selectRow(0)

    def _on_status_filter(self, index: int) -> None:
        statuses = self.status_filter.itemData(index)
        if isinstance(statuses, frozenset) and statuses != self.model.filter.statuses:
            self.model.set_filter(statuses=statuses)

    def _on_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._syncing:
            return
        rows = sorted({i.row() for i in selected.indexes()})
        if rows:
            doc_id = self.model.doc_id(rows[0])
            if self.ws.current is None or self.ws.current.id != doc_id:
                self.ws.open_document(doc_id)

    def _after_reset(self) -> None:
        if self.ws.current is not None:
            self.select_doc(self.ws.current.id)
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.total()
        shown = self.model.matched()
        noun = "document" if total == 1 else "documents"
        self.count_label.setText(f"{shown:,} of {total:,} {noun}")
