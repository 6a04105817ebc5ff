"""The corpus list: a table model that holds document ids and fetches rows lazily.

Only ids are loaded up front (one cheap query), so a 100,000-document project opens and
filters quickly; rows are fetched in pages the first time the view asks for them. A filtered
list (a status, a search) loads its ids a page at a time too (``canFetchMore``/``fetchMore``:
the view asks for more as it scrolls), so the first matches of a word found in a third of a
million documents show at once; ``matched`` counts them all.
"""

from __future__ import annotations

from enum import IntEnum
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.core.changes import Change
from desktop.core.model import DocStatus, DocumentSummary
from desktop.store import DocumentFilter
from desktop.ui.workspace import Workspace

_PAGE = 200
_FETCH = 1000
"""Ids of a filtered list loaded per page."""
Index = QModelIndex | QPersistentModelIndex


class CorpusRole(IntEnum):
    DOC_ID = Qt.ItemDataRole.UserRole + 1
    STATUS = Qt.ItemDataRole.UserRole + 2


class Column(IntEnum):
    TITLE = 0
    OUTLET = 1
    DATE = 2
    STATUS = 3
    SPANS = 4


_HEADERS = {Column.TITLE: "Title", Column.OUTLET: "Outlet", Column.DATE: "Date",
            Column.STATUS: "Status", Column.SPANS: "Spans"}


class CorpusModel(QAbstractTableModel):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.ws = workspace
        self.filter = DocumentFilter(annotator=workspace.annotator)
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._cache: dict[str, DocumentSummary] = {}
        self._all_ids: list[str] | None = None
        self._last_key = 0
        self._more = False
        self._matched: int | None = None
        workspace.changed.connect(self._on_changed)
        self.reload()

    # -- loading -------------------------------------------------------------------------

    def set_filter(self, *, statuses: frozenset[DocStatus] | None = None,
                   query: str | None = None) -> None:
        self.filter = DocumentFilter(
            annotator=self.ws.annotator,
            statuses=self.filter.statuses if statuses is None else statuses,
            query=self.filter.query if query is None else query)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        unfiltered = not self.filter.statuses and not self.filter.query.strip()
        self._row_of = {}
        self._cache.clear()
        self._matched = None
        if unfiltered:
            # The whole corpus (the common, largest case) is read once and kept until the
            # corpus changes.
            self._ids = list(self.all_ids())
            self._more = False
        else:  # the first page now, the rest as the view scrolls (fetchMore)
            self._ids = []
            self._last_key = 0
            self._more = True
            self._fetch()
        self.endResetModel()

    def _fetch(self) -> int:
        page = self.ws.project.documents.filtered_page(self.filter, after=self._last_key,
                                                       limit=_FETCH)
        self._ids.extend(doc_id for _, doc_id in page)
        if page:
            self._last_key = page[-1][0]
        self._more = len(page) == _FETCH
        return len(page)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        first = len(self._ids)
        page = self.ws.project.documents.filtered_page(self.filter, after=self._last_key,
                                                       limit=_FETCH)
        self._more = len(page) == _FETCH
        if page:
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._ids.extend(doc_id for _, doc_id in page)
            self._last_key = page[-1][0]
            self.endInsertRows()

    def matched(self) -> int:
        """How many documents the filter matches (loaded or not yet)."""
        if not self._more:
            return len(self._ids)
        if self._matched is None:
            self._matched = self.ws.project.documents.count_filtered(
                self.filter, total=None if self._all_ids is None else len(self._all_ids))
        return self._matched

    def all_ids(self) -> list[str]:
        if self._all_ids is None:
            self._all_ids = self.ws.project.documents.ids()
        return self._all_ids

    def total(self) -> int:
        """Number of documents in the project, whatever the filter."""
        if self._all_ids is None:
            return self.ws.project.documents.count()
        return len(self._all_ids)

    def _on_changed(self, change: Change) -> None:
        if change.corpus or change.reload:
            self._all_ids = None
            self.reload()
        elif change.doc is not None and change.layer == self.ws.annotator and (
                change.status or change.spans_added or change.spans_removed):
            self._on_doc_changed(change.doc)  # its status or span count changed

    def _summary(self, row: int) -> DocumentSummary | None:
        doc_id = self._ids[row]
        hit = self._cache.get(doc_id)
        if hit is None:
            start = (row // _PAGE) * _PAGE
            page = self._ids[start:start + _PAGE]
            for s in self.ws.project.documents.summaries(page, self.ws.annotator):
                self._cache[s.id] = s
            hit = self._cache.get(doc_id)
        return hit

    def _on_doc_changed(self, doc_id: str) -> None:
        self._cache.pop(doc_id, None)
        row = self.row_of(doc_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    # -- lookups -------------------------------------------------------------------------

    def doc_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, doc_id: str) -> int | None:
        """The row of ``doc_id`` among the rows loaded so far (None: not there, or not yet)."""
        row = self._row_of.get(doc_id)
        if row is not None and row < len(self._ids) and self._ids[row] == doc_id:
            return row
        try:
            row = self._ids.index(doc_id)  # C-speed scan; cheaper than a dict per reload
        except ValueError:
            return None
        self._row_of[doc_id] = row
        return row

    def ids(self) -> list[str]:
        return list(self._ids)

    # -- Qt model API --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS.get(Column(section)) if 0 <= section < len(Column) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == CorpusRole.DOC_ID:
            return self._ids[index.row()]
        s = self._summary(index.row())
        if s is None:
            return None
        col = Column(index.column())
        if role == CorpusRole.STATUS:
            return s.status.value
        if role == Qt.ItemDataRole.DisplayRole:
            return {Column.TITLE: s.title, Column.OUTLET: s.outlet,
                    Column.DATE: s.published[:10], Column.STATUS: s.status.value,
                    Column.SPANS: s.span_count}[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == Column.TITLE:
            # The row elides the headline and its outlet line; the tooltip has them whole.
            # Qt shows a tooltip that looks like HTML as rich text: a title such as
            # "<img src=...>" must stay text.
            sub = " · ".join(x for x in (s.outlet, s.published[:10]) if x)
            return f"<p>{escape(s.title)}" + (f"<br>{escape(sub)}" if sub else "") + "</p>"
        if role == Qt.ItemDataRole.TextAlignmentRole and col == Column.SPANS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
