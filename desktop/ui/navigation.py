"""Moving between documents in corpus-list order: next/previous, done/skip and go on.

Works on whatever item view shows the corpus (objectName ``corpusList``): rows carry the
document id in ``CorpusRole.DOC_ID``, so a filtering proxy in front of the model is fine.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Signal
from PySide6.QtWidgets import QTableView

from desktop.core.model import DocStatus
from desktop.store import DocumentFilter
from desktop.ui.models.corpus_model import CorpusRole
from desktop.ui.workspace import Workspace

UNFINISHED = frozenset({DocStatus.NEW, DocStatus.IN_PROGRESS})


class DocumentNavigator(QObject):
    """Signals:
    message(str): a sentence for the status bar.
    """

    message = Signal(str)

    def __init__(self, workspace: Workspace, view: QTableView,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.view = view

    @property
    def model(self) -> QAbstractItemModel:
        return self.view.model()

    def doc_id(self, row: int) -> str:
        return str(self.model.index(row, 0).data(CorpusRole.DOC_ID))

    def current_row(self) -> int | None:
        """Row of the open document in the list (None when filtered out)."""
        if self.ws.current is None:
            return None
        model = self.model
        row_of = getattr(model, "row_of", None)
        if callable(row_of):
            found = row_of(self.ws.current.id)
            return found if isinstance(found, int) else None
        want = self.ws.current.id
        return next((r for r in range(model.rowCount()) if self.doc_id(r) == want), None)

    def go_to_row(self, row: int) -> bool:
        model = self.model
        while row >= model.rowCount() and model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())  # a filtered list loads its rows a page at a time
        if not 0 <= row < model.rowCount():
            return False
        doc_id = self.doc_id(row)
        # Open first: a document refused (too long, damaged) leaves the list where it was.
        if ((self.ws.current is None or self.ws.current.id != doc_id)
                and self.ws.open_document(doc_id) is None):
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def step(self, delta: int) -> bool:
        row = self.current_row()
        target = 0 if row is None else row + delta
        if not self.go_to_row(target):
            self.message.emit("No more documents that way")
            return False
        return True

    def next_unfinished(self) -> bool:
        """Open the next new or in-progress document after the current one (wrapping).

        The list is in corpus order, so the store finds the next one (the list's filter and
        "unfinished", after the current document's key): one indexed query, however many
        documents the project has, instead of every unfinished id.
        """
        docs = self.ws.project.documents
        shown = getattr(self.model, "filter", None)
        statuses, query = UNFINISHED, ""
        if isinstance(shown, DocumentFilter):
            statuses = UNFINISHED & shown.statuses if shown.statuses else UNFINISHED
            query = shown.query
        current = self.ws.current.id if self.ws.current else None
        found: str | None = None
        if statuses:
            wanted = DocumentFilter(annotator=self.ws.annotator, statuses=statuses, query=query)
            after = docs.pk(current) if current is not None else 0
            for start in (after, 0):  # after the current document, then from the top
                page = docs.filtered_page(wanted, after=start, limit=2)
                found = next((doc_id for _, doc_id in page if doc_id != current), None)
                if found is not None:
                    break
        if found is None:
            self.message.emit("Every document in the list is done or skipped")
            return False
        return self.go_to_doc(found)

    def go_to_doc(self, doc_id: str) -> bool:
        """Select and open ``doc_id``, loading more rows of a paged list until it is there."""
        model = self.model
        row_of = getattr(model, "row_of", None)
        while True:
            row = row_of(doc_id) if callable(row_of) else next(
                (r for r in range(model.rowCount()) if self.doc_id(r) == doc_id), None)
            if isinstance(row, int):
                return self.go_to_row(row)
            if not model.canFetchMore(QModelIndex()):
                break
            model.fetchMore(QModelIndex())
        self.ws.open_document(doc_id)  # not in the list as shown: open it all the same
        return True

    def finish_and_next(self, status: DocStatus) -> bool:
        """Mark the open document ``status`` (done or skipped) and open the next unfinished."""
        if self.ws.current is None:
            return False
        if not self.ws.set_status(status):
            return False
        moved = self.next_unfinished()
        if moved:
            self.message.emit(f"Marked {status.value}; opened the next unfinished document")
        return moved
