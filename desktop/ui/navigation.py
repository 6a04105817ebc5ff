"""Moving between documents in corpus-list order: next/previous, done/skip and go on.

Works on whatever item view shows the corpus (objectName ``corpusList``): rows carry the
document id in ``CorpusRole.DOC_ID``, so a filtering proxy in front of the model is fine.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QObject, Signal
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
        if not 0 <= row < self.model.rowCount():
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
        """Open the next new or in-progress document after the current one (wrapping)."""
        wanted = set(self.ws.project.documents.filtered_ids(
            DocumentFilter(annotator=self.ws.annotator, statuses=UNFINISHED)))
        current = self.ws.current.id if self.ws.current else None
        wanted.discard(current or "")
        n = self.model.rowCount()
        start = self.current_row()
        first = 0 if start is None else start + 1
        for k in range(n):
            row = (first + k) % n
            if self.doc_id(row) in wanted:
                return self.go_to_row(row)
        self.message.emit("Every document in the list is done or skipped")
        return False

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
