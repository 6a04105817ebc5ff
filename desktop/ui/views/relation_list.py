"""The "Relations (n)" section of the annotation panel.

Lists the shown layer's relations (type, head text → tail text). Selecting a row selects the
head span (``Workspace.select_span``); Delete in the list, the "Delete relation" button or
action removes the relation (undoable). Read-only while another annotator's layer is shown.
The panel calls ``refresh(layer)`` with its other sections.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.model import Layer
from desktop.ui.models.relation_model import REL_ID, RelationListModel
from desktop.ui.theme import make_heading
from desktop.ui.workspace import Workspace


class RelationSection(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self._syncing = False
        self.model = RelationListModel(workspace)
        self.view = QTreeView()
        self.view.setObjectName("relationList")
        self.view.setAccessibleName("Relations")
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setAllColumnsShowFocus(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, self.fontMetrics().horizontalAdvance("about r00") + 40)

        self.title = QLabel("Relations (0)")
        make_heading(self.title)
        self.title.setToolTip("Relations between spans: select a CLAIM and press R to add one")
        self.delete_action = QAction("Delete relation", self)
        self.delete_action.setStatusTip("Delete the selected relation (Delete in the relation "
                                        "list)")
        self.delete_action.setToolTip(self.delete_action.statusTip())
        self.delete_action.triggered.connect(self.delete_selected)
        self.delete_button = QToolButton()
        self.delete_button.setText("Delete relation")
        self.delete_button.clicked.connect(self.delete_selected)

        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title, 1)
        head.addWidget(self.delete_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(head)
        lay.addWidget(self.view)

        self.view.installEventFilter(self)
        self.view.selectionModel().currentRowChanged.connect(self._on_row)
        self.view.customContextMenuRequested.connect(self._menu)
        self.update_actions()

    # -- refreshing ----------------------------------------------------------------------

    def refresh(self, layer: Layer) -> None:
        self._syncing = True
        try:
            self.model.refresh(layer)
        finally:
            self._syncing = False
        self.title.setText(f"Relations ({len(layer.relations)})")
        self.update_actions()

    def clear_selection(self) -> None:
        self._syncing = True
        try:
            sel = self.view.selectionModel()
            sel.clearSelection()
            sel.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
        finally:
            self._syncing = False
        self.update_actions()

    def update_actions(self) -> None:
        editable = self.ws.can_edit and self.ws.current is not None
        self.delete_action.setEnabled(editable and bool(self.selected_id()))
        self.delete_button.setEnabled(self.delete_action.isEnabled())

    # -- selection -----------------------------------------------------------------------

    def selected_id(self) -> str:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isSelected(
                index.siblingAtColumn(0)):
            return ""
        return str(index.data(REL_ID) or "")

    def select_relation(self, rel_id: str) -> None:
        index = self.model.relation_index(rel_id)
        if index.isValid():
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._syncing:
            rel = self.model.relation(current)
            if rel is not None:
                self.ws.select_span(rel.head)
        self.update_actions()

    # -- edits ---------------------------------------------------------------------------

    def delete_selected(self) -> bool:
        rel_id = self.selected_id()
        if not rel_id or not self.ws.can_edit or self.ws.current is None:
            return False
        return self.ws.delete_relation(rel_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete (or Backspace) in the list removes the selected relation."""
        if watched is self.view and event.type() in (QEvent.Type.ShortcutOverride,
                                                     QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            if (event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
                    and event.modifiers() == Qt.KeyboardModifier.NoModifier
                    and self.ws.can_edit):
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()  # take Delete from the window-wide "delete span" action
                    return True
                self.delete_selected()
                return True
        return super().eventFilter(watched, event)

    def _menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.delete_action)
        menu.popup(self.view.viewport().mapToGlobal(pos))
