"""The main window: composes the corpus list, the article view and the status bar."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.models.corpus_model import Column, CorpusModel
from desktop.ui.views.article_view import ArticleView
from desktop.ui.workspace import Workspace


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.ws = workspace
        self.setObjectName("mainWindow")
        self.resize(1400, 860)

        self.corpus_model = CorpusModel(workspace)
        self.corpus_list = QTableView()
        self.corpus_list.setObjectName("corpusList")
        self.corpus_list.setAccessibleName("Corpus list")
        self.corpus_list.setModel(self.corpus_model)
        self.corpus_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.corpus_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.corpus_list.verticalHeader().hide()
        self.corpus_list.verticalHeader().setDefaultSectionSize(24)
        self.corpus_list.setWordWrap(False)
        header = self.corpus_list.horizontalHeader()
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        for col in (Column.OUTLET, Column.DATE, Column.STATUS, Column.SPANS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.corpus_list.selectionModel().selectionChanged.connect(self._on_corpus_selected)

        self.header = QLabel()
        self.header.setObjectName("articleHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setContentsMargins(12, 8, 12, 4)
        self.article_view = ArticleView()
        centre = QWidget()
        lay = QVBoxLayout(centre)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.header)
        lay.addWidget(self.article_view)

        self.splitter = QSplitter()
        self.splitter.addWidget(self.corpus_list)
        self.splitter.addWidget(centre)
        self.splitter.setSizes([420, 980])
        self.setCentralWidget(self.splitter)

        self.ws.document_opened.connect(self._on_document_opened)
        self.ws.saved.connect(lambda msg: self.statusBar().showMessage(f"Saved: {msg}", 4000))
        self.setWindowTitle(f"Claimdesk: {workspace.path.name if workspace.path else ''} "
                            f"({workspace.annotator})")
        if self.corpus_model.rowCount():
            self.corpus_list.selectRow(0)

    def _on_corpus_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = {i.row() for i in selected.indexes()}
        if rows:
            self.ws.open_document(self.corpus_model.doc_id(min(rows)))

    def _on_document_opened(self, doc_id: str) -> None:
        doc = self.ws.current
        if doc is None:
            return
        meta = doc.meta
        bits = [str(meta.get(k, "")) for k in ("outlet", "author", "published") if meta.get(k)]
        from html import escape

        self.header.setText(f"<b style='font-size:15pt'>{escape(doc.title)}</b><br>"
                            f"<span style='color:#666'>{escape(' · '.join(bits))}</span>")
        self.article_view.show_document(doc)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ws.close()
        super().closeEvent(event)
