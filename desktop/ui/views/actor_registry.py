"""The actor registry pane: canonical actors, in-place edits, merge, delete and mentions."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAction, QKeySequence, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.model import Actor
from desktop.ui.models.actor_model import ActorColumn, ActorRole, ActorTableModel
from desktop.ui.theme import make_heading
from desktop.ui.views.delegates import ChoiceDelegate
from desktop.ui.workspace import Workspace

DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SPAN_ID_ROLE = Qt.ItemDataRole.UserRole + 2
ANNOTATOR_ROLE = Qt.ItemDataRole.UserRole + 3
MENTION_LIMIT = 5000


class ActorRegistry(QWidget):
    """Actors table (filterable, sortable, editable) above the mentions of the current actor.

    Merge: select two actors; the one selected first is kept (the merge bar says which, and
    "Swap" changes it); the other's mentions move to it and its names become aliases.
    """

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.setObjectName("actorRegistry")
        self.setAccessibleName("Actor registry")
        self._dirty = False
        self._picked: list[str] = []  # selected actor ids, in the order they were selected

        self.model = ActorTableModel(workspace)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(ActorRole.FILTER)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(ActorRole.SORT)
        self.proxy.setDynamicSortFilter(True)

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("actorFilter")
        self.filter_edit.setAccessibleName("Filter actors")
        self.filter_edit.setPlaceholderText("Filter by name or alias")
        self.filter_edit.setClearButtonEnabled(True)
        self.new_button = QPushButton("New")
        self.delete_button = QPushButton("Delete")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.delete_button)

        self.table = QTableView()
        self.table.setObjectName("actorTable")
        self.table.setAccessibleName("Actors")
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(ChoiceDelegate(ActorRole.CHOICES, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ActorColumn.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(ActorColumn.ALIASES, QHeaderView.ResizeMode.Stretch)
        fm = self.fontMetrics()
        header.resizeSection(ActorColumn.NAME, fm.horizontalAdvance("Emmanuel Macron, Jr.") + 20)
        header.resizeSection(ActorColumn.KIND, fm.horizontalAdvance("organisation") + 36)
        header.resizeSection(ActorColumn.MENTIONS, fm.horizontalAdvance("Mentions") + 20)

        self.merge_bar = QFrame()
        self.merge_bar.setObjectName("mergeBar")
        self.merge_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.merge_label = QLabel()
        self.merge_label.setTextFormat(Qt.TextFormat.RichText)
        self.merge_label.setWordWrap(True)
        self.swap_button = QPushButton("Swap")
        self.merge_button = QPushButton("Merge")
        mb = QVBoxLayout(self.merge_bar)
        mb.setContentsMargins(6, 4, 6, 4)
        mb.addWidget(self.merge_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.swap_button)
        buttons.addWidget(self.merge_button)
        mb.addLayout(buttons)
        self.merge_bar.hide()

        self.mentions_title = QLabel("Mentions")
        make_heading(self.mentions_title)
        self.mentions_model = QStandardItemModel(0, 3, self)
        self.mentions_model.setHorizontalHeaderLabels(["Document", "Layer", "Text"])
        self.mentions = QTreeView()
        self.mentions.setObjectName("actorMentions")
        self.mentions.setAccessibleName("Mentions of the actor")
        self.mentions.setModel(self.mentions_model)
        self.mentions.setRootIsDecorated(False)
        self.mentions.setUniformRowHeights(True)
        self.mentions.setAlternatingRowColors(True)
        self.mentions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mentions.header().setStretchLastSection(True)
        self.mentions.header().resizeSection(0, fm.horizontalAdvance("x" * 34))
        self.mentions.header().resizeSection(1, fm.horizontalAdvance("annotator") + 16)

        top, bottom = QWidget(), QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addLayout(bar)
        tl.addWidget(self.table, 1)
        tl.addWidget(self.merge_bar)
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.setSpacing(0)
        bl.addWidget(self.mentions_title)
        bl.addWidget(self.mentions, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(splitter)

        self._make_actions()
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.new_button.clicked.connect(self.new_actor_action.trigger)
        self.delete_button.clicked.connect(self.delete_action.trigger)
        self.swap_button.clicked.connect(self.swap_keeper)
        self.merge_button.clicked.connect(self.merge_selected)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self.show_mentions())
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.mentions.activated.connect(self.open_mention)
        self.mentions.doubleClicked.connect(self.open_mention)
        workspace.changed.connect(
            lambda c: self._changed() if (c.actors or c.links or c.reload) else None)
        self._restore_ids: list[str] = []
        self._update_buttons()

    # -- actions -------------------------------------------------------------------------

    def _make_actions(self) -> None:
        self.new_actor_action = QAction("New actor", self)
        self.new_actor_action.setStatusTip("Add an actor to the registry")
        self.new_actor_action.triggered.connect(lambda: self.create_actor())
        self.delete_action = QAction("Delete actor", self)
        self.delete_action.setStatusTip("Delete the selected actors (their mentions are unlinked)")
        self.delete_action.triggered.connect(self.delete_selected)
        self.merge_action = QAction("Merge actors", self)
        self.merge_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.merge_action.setStatusTip("Merge the two selected actors into the one selected "
                                       "first")
        self.merge_action.triggered.connect(self.merge_selected)
        self.filter_action = QAction("Filter actors", self)
        self.filter_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.filter_action.triggered.connect(self.focus_filter)

    def menu_actions(self) -> list[QAction]:
        return [self.filter_action, self.new_actor_action, self.delete_action,
                self.merge_action]

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    # -- refresh (lazy while hidden) -----------------------------------------------------

    def _changed(self) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._dirty = True

    def reload(self) -> None:
        self._dirty = False
        self.model.reload()
        self.show_mentions()
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        if self._dirty:
            self.reload()
        super().showEvent(event)

    def _remember_selection(self) -> None:
        self._restore_ids = self.selected_ids()

    def _restore_selection(self) -> None:
        picked = [i for i in self._picked if i in self._restore_ids]
        self.select_actors(self._restore_ids)
        self._picked = picked + [i for i in self._restore_ids if i not in picked]
        self._update_buttons()

    # -- selection -----------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        return [str(r.data(ActorRole.ACTOR_ID)) for r in rows]

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        return str(index.data(ActorRole.ACTOR_ID)) if index.isValid() else None

    def proxy_index(self, actor_id: str, column: int = 0) -> QModelIndex:
        row = self.model.row_of(actor_id)
        if row is None:
            return QModelIndex()
        return self.proxy.mapFromSource(self.model.index(row, column))

    def select_actors(self, ids: list[str]) -> None:
        """Select ``ids`` in this order (the first is the merge keeper)."""
        sel = self.table.selectionModel()
        sel.clearSelection()
        shown = [i for i in ids if self.proxy_index(i).isValid()]
        for n, actor_id in enumerate(shown):
            index = self.proxy_index(actor_id)
            sel.select(index, QItemSelectionModel.SelectionFlag.Select
                       | QItemSelectionModel.SelectionFlag.Rows)
            if n == 0:
                sel.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
                self.table.scrollTo(index)
        self._picked = shown
        self._update_buttons()
        self.show_mentions()

    def _on_selection(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        ids = self.selected_ids()
        self._picked = [i for i in self._picked if i in ids] + [
            i for i in ids if i not in self._picked]
        self._update_buttons()

    def merge_pair(self) -> tuple[Actor, Actor] | None:
        """(keeper, dropped) when exactly two actors are selected."""
        if len(self._picked) != 2:
            return None
        keep = self.ws.project.actors.find(self._picked[0])
        drop = self.ws.project.actors.find(self._picked[1])
        return (keep, drop) if keep is not None and drop is not None else None

    def swap_keeper(self) -> None:
        if len(self._picked) == 2:
            self._picked.reverse()
            self._update_buttons()

    def _update_buttons(self) -> None:
        n = len(self.selected_ids())
        self.delete_action.setEnabled(n > 0)
        self.delete_button.setEnabled(n > 0)
        pair = self.merge_pair()
        self.merge_action.setEnabled(pair is not None)
        self.merge_bar.setVisible(pair is not None)
        if pair is not None:
            keep, drop = pair
            self.merge_label.setText(
                f"Merge <b>{escape(drop.name)}</b> into <b>{escape(keep.name)}</b> "
                f"(kept)")
            self.merge_bar.setToolTip(
                f"{keep.name} is kept; the mentions of {drop.name} move to it and its name "
                "and aliases become aliases. Swap chooses the other one to keep.")

    # -- edits ---------------------------------------------------------------------------

    def create_actor(self, name: str = "", kind: str = "") -> Actor | None:
        """Add an actor (named after the filter text when no name is given) and edit it."""
        name = " ".join((name or self.filter_edit.text() or "New actor").split())
        kinds = self.ws.codebook.actor_kinds
        actor = self.ws.add_actor(Actor(id="", name=name,
                                        kind=kind or ("person" if "person" in kinds
                                                      else (kinds[0] if kinds else "other"))))
        if actor is not None:
            self.reload()
            if not self.proxy_index(actor.id).isValid():
                self.filter_edit.clear()
            self.select_actors([actor.id])
        return actor

    def rename(self, actor_id: str, name: str) -> bool:
        actor = self.ws.project.actors.find(actor_id)
        clean = " ".join(name.split())
        return actor is not None and bool(clean) and self.ws.update_actor(
            replace(actor, name=clean))

    def merge_selected(self) -> bool:
        pair = self.merge_pair()
        if pair is None:
            return False
        keep, drop = pair
        ok = self.ws.merge_actors(keep.id, drop.id)
        if ok:
            self.reload()
            self.select_actors([keep.id])
        return ok

    def delete_selected(self) -> int:
        ids = self.selected_ids()
        if not ids:
            return 0
        if len(ids) == 1:
            return int(self.ws.delete_actor(ids[0]))
        with self.ws.group(f"Delete {len(ids)} actors"):
            return sum(1 for i in ids if self.ws.delete_actor(i))

    # -- mentions ------------------------------------------------------------------------

    def show_mentions(self, actor_id: str | None = None) -> None:
        """List every mention of ``actor_id`` (default: the current row) across the corpus."""
        actor_id = actor_id or self.current_id()
        self.mentions_model.removeRows(0, self.mentions_model.rowCount())
        actor = self.ws.project.actors.find(actor_id) if actor_id else None
        if actor is None:
            self.mentions_title.setText("Mentions")
            return
        found = self.ws.project.actors.mentions(actor.id, limit=MENTION_LIMIT)
        more = f" (first {MENTION_LIMIT:,})" if len(found) == MENTION_LIMIT else ""
        self.mentions_title.setText(f"Mentions of {actor.name} ({len(found):,}){more}")
        for m in found:
            items = [QStandardItem(m.title), QStandardItem(m.annotator),
                     QStandardItem(" ".join(m.text.split()))]
            for item in items:
                item.setData(m.doc_id, DOC_ID_ROLE)
                item.setData(m.span_id, SPAN_ID_ROLE)
                item.setData(m.annotator, ANNOTATOR_ROLE)
                item.setToolTip(f"{m.title}\n{m.text}")
            self.mentions_model.appendRow(items)

    def open_mention(self, index: QModelIndex) -> None:
        """Open the mention's document, show its layer and select the span."""
        if not index.isValid():
            return
        doc_id = str(index.data(DOC_ID_ROLE))
        span_id = str(index.data(SPAN_ID_ROLE))
        annotator = str(index.data(ANNOTATOR_ROLE))
        if self.ws.current is None or self.ws.current.id != doc_id:
            self.ws.open_document(doc_id)
        if annotator != self.ws.view_layer:
            self.ws.set_view_layer(annotator)
        self.ws.select_span(span_id)
