"""The annotation panel: frames, spans and relations of the current document, edited in place.

Selection is shared with the article view through ``Workspace.select_span`` /
``Workspace.span_selected``. Another annotator's layer can be shown read-only
(``Workspace.set_view_layer``); then nothing here can edit.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QFontMetrics, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QSplitter,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.changes import Change
from desktop.core.model import GOLD
from desktop.ui.dialogs.link_actor import (
    LinkActorDialog,
    can_link,
    link_span,
)
from desktop.ui.models.annotation_model import AnnRole, FrameTreeModel, SpanTreeModel
from desktop.ui.models.tree_model import NodeKind
from desktop.ui.theme import make_heading
from desktop.ui.views.delegates import ChoiceDelegate
from desktop.ui.views.relation_list import RelationSection
from desktop.ui.workspace import Workspace

_EDIT_TRIGGERS = (QAbstractItemView.EditTrigger.DoubleClicked
                  | QAbstractItemView.EditTrigger.EditKeyPressed
                  | QAbstractItemView.EditTrigger.SelectedClicked)


def _tree(name: str, accessible: str) -> QTreeView:
    view = QTreeView()
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setUniformRowHeights(True)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(_EDIT_TRIGGERS)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.setAllColumnsShowFocus(True)
    return view


class AnnotationPanel(QWidget):
    """Frames (top), spans grouped by label and relations (bottom) of the shown layer."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.setObjectName("annotationPanel")
        self.setAccessibleName("Annotation panel")
        self._syncing = False
        self.link_dialog: LinkActorDialog | None = None

        self.layer_combo = QComboBox()
        self.layer_combo.setObjectName("layerCombo")
        self.layer_combo.setAccessibleName("Show layer")
        self.layer_combo.setToolTip("Show another annotator's layer (read-only)")
        self.read_only_label = QLabel()
        self.read_only_label.setObjectName("readOnlyBadge")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel("Layer:"))
        top.addWidget(self.layer_combo, 1)
        top.addWidget(self.read_only_label)

        self.frame_model = FrameTreeModel(workspace)
        self.frames_view = _tree("frameList", "Attribution frames")
        self.frames_view.setModel(self.frame_model)
        self.frames_view.setItemDelegate(ChoiceDelegate(AnnRole.CHOICES, self.frames_view))
        self.span_model = SpanTreeModel(workspace)
        self.spans_view = _tree("spanList", "Spans by label")
        self.spans_view.setModel(self.span_model)
        self.spans_view.setItemDelegate(ChoiceDelegate(AnnRole.CHOICES, self.spans_view))
        for view in (self.frames_view, self.spans_view):
            header = view.header()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch
                                        if view is self.frames_view
                                        else QHeaderView.ResizeMode.Interactive)
            view.installEventFilter(self)
        fm = self.fontMetrics()
        bold = self.font()
        bold.setBold(True)
        bfm = QFontMetrics(bold)
        names = [f.name for f in workspace.codebook.frames] or ["attribution"]
        widest = max(bfm.horizontalAdvance(f"{n} f00") for n in names)
        self.frames_view.header().resizeSection(0, widest + 64)  # + indent, arrow, icon
        sh = self.spans_view.header()
        sh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        cols = self.span_model.cols
        for col in range(1, cols.slots + 1):
            sh.resizeSection(col, fm.horizontalAdvance("anonymous") + 24)
        sh.resizeSection(cols.actor, fm.horizontalAdvance("Emmanuel Macron") + 16)
        sh.resizeSection(cols.note, fm.horizontalAdvance("Note") + 40)

        self.frames_title = QLabel()
        self.spans_title = QLabel()
        for title in (self.frames_title, self.spans_title):
            make_heading(title)
        self.delete_frame_button = QToolButton()
        self.delete_frame_button.setText("Delete frame")
        self.remove_filler_button = QToolButton()
        self.remove_filler_button.setText("Remove from frame")
        frames_head = QHBoxLayout()
        frames_head.setContentsMargins(0, 0, 0, 0)
        frames_head.addWidget(self.frames_title, 1)
        frames_head.addWidget(self.remove_filler_button)
        frames_head.addWidget(self.delete_frame_button)

        frames_box, spans_box = QWidget(), QWidget()
        fl = QVBoxLayout(frames_box)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.setSpacing(0)
        fl.addLayout(frames_head)
        fl.addWidget(self.frames_view)
        sl = QVBoxLayout(spans_box)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.setSpacing(0)
        sl.addWidget(self.spans_title)
        sl.addWidget(self.spans_view)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(frames_box)
        self.splitter.addWidget(spans_box)
        self.relations = RelationSection(workspace)
        self.splitter.addWidget(self.relations)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.splitter, 1)

        self._heard: Change | None = None
        self._whole = False
        self._behind = False
        self._catch_up_timer = QTimer(self)
        self._catch_up_timer.setSingleShot(True)
        self._catch_up_timer.setInterval(0)
        self._catch_up_timer.timeout.connect(self.catch_up)
        self._wanted_span = ""
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(0)
        self._follow_timer.timeout.connect(self._follow)
        self._make_actions()
        self.spans_view.selectionModel().currentRowChanged.connect(self._on_span_row)
        self.frames_view.selectionModel().currentRowChanged.connect(self._on_frame_row)
        self.frame_model.rowsInserted.connect(self._expand_new_frames)
        self.spans_view.customContextMenuRequested.connect(self._span_menu)
        self.frames_view.customContextMenuRequested.connect(self._frame_menu)
        self.layer_combo.activated.connect(self._on_layer_chosen)
        self.delete_frame_button.clicked.connect(self.delete_selected_frame)
        self.remove_filler_button.clicked.connect(self.remove_selected_filler)
        workspace.changed.connect(self._on_changed)
        workspace.document_opened.connect(self._on_document_opened)
        workspace.span_selected.connect(self.show_span)
        workspace.view_layer_changed.connect(self._on_view_layer_changed)
        self._fill_layers()
        self.refresh()
        self.spans_view.expandAll()
        self.frames_view.expandAll()

    # -- actions -------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # In a narrow dock the span text keeps its room: the Note column folds away (its
        # text stays in the span's tooltip) until the dock is widened again.
        narrow = self.width() < self.fontMetrics().averageCharWidth() * 70
        self.spans_view.setColumnHidden(self.span_model.cols.note, narrow)

    def _make_actions(self) -> None:
        def act(text: str, shortcut: str, tip: str) -> QAction:
            a = QAction(text, self)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            a.setStatusTip(tip)
            a.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
            return a

        self.link_action = act("Link to actor…", "Ctrl+K",
                               "Link the selected SOURCE or ACTOR span to a registry actor")
        self.new_actor_action = act("New actor from span…", "Ctrl+Shift+K",
                                    "Create a registry actor from the selected span: a name "
                                    "is proposed (no possessive, no title), Enter confirms")
        self.unlink_action = act("Unlink actor", "Ctrl+Alt+K",
                                 "Remove the selected span's actor link")
        self.delete_frame_action = act("Delete frame", "",
                                       "Delete the selected frame (Delete in the frame list)")
        self.remove_filler_action = act("Remove from frame", "",
                                        "Remove the selected span from its frame role")
        self.link_action.triggered.connect(self.open_link_dialog)
        self.new_actor_action.triggered.connect(self.new_actor_from_selection)
        self.unlink_action.triggered.connect(self.unlink_selection)
        self.delete_frame_action.triggered.connect(self.delete_selected_frame)
        self.remove_filler_action.triggered.connect(self.remove_selected_filler)
        self._update_actions()

    def menu_actions(self) -> list[QAction]:
        return [self.link_action, self.new_actor_action, self.unlink_action,
                self.delete_frame_action, self.remove_filler_action,
                self.relations.delete_action]

    def _update_actions(self) -> None:
        span = self.ws.span(self.ws.selected_span) if self.ws.selected_span else None
        linkable = can_link(self.ws, span)
        self.link_action.setEnabled(linkable)
        self.new_actor_action.setEnabled(linkable)
        self.unlink_action.setEnabled(linkable and span is not None and span.actor is not None)
        kind, _ = self._frame_selection()
        editable = self.ws.can_edit and self.ws.current is not None
        self.delete_frame_action.setEnabled(editable and kind is not None)
        self.remove_filler_action.setEnabled(editable and kind == NodeKind.FILLER)
        self.delete_frame_button.setEnabled(self.delete_frame_action.isEnabled())
        self.remove_filler_button.setEnabled(self.remove_filler_action.isEnabled())

    # -- refreshing ----------------------------------------------------------------------

    def refresh(self, change: Change | None = None) -> None:
        """Bring the sections up to date with the shown layer (all of it, or what ``change``
        touched); rows are diffed or patched, so selection and expansion survive."""
        layer = self.ws.shown_layer()
        # Frames and relations show span texts and labels: a span that was only added or
        # removed (a key press, its undo) is in none of them - a removal lists the frames
        # and relations it touched - so those sections are left alone then.
        spans_only = change is not None and not (
            change.structure or change.spans_updated
            or change.reload or change.links or change.actors or change.codebook)
        self._syncing = True
        try:
            if not spans_only:
                self.frame_model.refresh(layer)
                self.relations.refresh(layer)
            if change is None or not self.span_model.apply(change, layer):
                self.span_model.refresh(layer)
        finally:
            self._syncing = False
        n_frames, n_spans = len(layer.frames), len(layer.spans)
        self.frames_title.setText(f"Frames ({n_frames})")
        self.spans_title.setText(f"Spans ({n_spans})")
        mine = self.ws.can_edit
        self.read_only_label.setText("" if mine else "read-only")
        self.read_only_label.setToolTip(
            "" if mine else f"Showing {self.ws.view_layer}'s layer; switch back to your own "
            "layer to edit" if not self.ws.viewing_own_layer else
            "The project is open for reading only")
        self._update_actions()

    def _on_changed(self, change: Change) -> None:
        """Note ``change``; the panel catches up at the start of the next event-loop turn.

        The panel is a secondary view of thousands of rows: laying its tree out again in the
        same turn as a label key press would delay the article's repaint, where the user is
        looking. All changes heard until then cost one refresh.
        """
        if change.actors or change.links or change.reload:
            self.span_model.forget_actors()
        doc = self.ws.current.id if self.ws.current is not None else None
        if not (change.touches(doc, self.ws.view_layer) or change.actors or change.codebook):
            return
        mine = change.doc == doc and change.doc is not None
        if not self._behind and mine:
            self._heard = change
        elif self._heard is not None and mine and (self._heard.doc, self._heard.layer) == (
                change.doc, change.layer):
            self._heard = self._heard.merged(change)
        else:
            self._heard = None  # several layers or kinds of change: refresh everything
            self._whole = True
        self._behind = True
        self._catch_up_timer.start()

    @property
    def catching_up(self) -> bool:
        """True between a change and the panel's refresh (one event-loop turn)."""
        return self._behind

    def catch_up(self) -> None:
        """Refresh now if a change is pending (the timer, selection and tests call this)."""
        if not self._behind:
            return
        self._catch_up_timer.stop()
        self._behind = False
        heard, whole = self._heard, self._whole
        self._heard, self._whole = None, False
        self.refresh(None if whole else heard)
        selected = self.ws.selected_span
        if selected and not self.span_model.span_index(selected).isValid():
            self.ws.select_span("")

    def _on_document_opened(self, _doc_id: str) -> None:
        self._catch_up_timer.stop()
        self._heard, self._whole, self._behind = None, False, False
        self._clear_selection()
        self._fill_layers()
        self.refresh()

    def _on_view_layer_changed(self, _annotator: str) -> None:
        self._clear_selection()
        self._fill_layers()
        self.refresh()

    def _clear_selection(self) -> None:
        self.relations.clear_selection()
        self._syncing = True
        try:
            for view in (self.spans_view, self.frames_view):
                view.selectionModel().clearSelection()
                view.selectionModel().setCurrentIndex(
                    QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
        finally:
            self._syncing = False

    def _expand_new_frames(self, parent: QModelIndex, first: int, last: int) -> None:
        if not parent.isValid():
            for row in range(first, last + 1):
                self.frames_view.expand(self.frame_model.index(row, 0))

    # -- layers --------------------------------------------------------------------------

    def _fill_layers(self) -> None:
        names = set(self.ws.project.annotations.annotators())
        if self.ws.current is not None:
            names |= set(self.ws.project.annotations.layers_of(self.ws.current.id))
        names.discard(self.ws.annotator)
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        self.layer_combo.addItem(f"Mine ({self.ws.annotator})", self.ws.annotator)
        for name in sorted(names, key=lambda n: (n == GOLD, n.casefold())):
            self.layer_combo.addItem(f"{name} (read-only)", name)
        self.layer_combo.setCurrentIndex(max(self.layer_combo.findData(self.ws.view_layer), 0))
        self.layer_combo.blockSignals(False)

    def _on_layer_chosen(self, index: int) -> None:
        self.show_layer(str(self.layer_combo.itemData(index)))

    def show_layer(self, annotator: str) -> None:
        """Show ``annotator``'s layer (read-only unless it is ours)."""
        self.ws.set_view_layer(annotator)

    # -- selection -----------------------------------------------------------------------

    def selected_span_id(self) -> str:
        index = self.spans_view.currentIndex()
        return str(index.data(AnnRole.SPAN_ID) or "") if index.isValid() else ""

    def _on_span_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing:
            return
        span_id = current.data(AnnRole.SPAN_ID) if current.isValid() else None
        if span_id:
            self.ws.select_span(str(span_id))
        self._update_actions()

    def _on_frame_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing:
            return
        node = self.frame_model.node(current)
        if node is not None:
            if node.kind == NodeKind.FILLER:
                self.ws.select_span(node.payload.span_id)
            else:
                content = self.frame_model.content_ids(node.payload.frame)
                if content:
                    self.ws.select_span(content[0])
        self._update_actions()

    def show_span(self, span_id: str) -> None:
        """Follow ``Workspace.span_selected``: select and scroll to the span's row.

        The row is selected at the start of the next event-loop turn: selecting and scrolling
        lays the tree out (thousands of rows on a long article), and a label key press must
        be drawn in the article first. Several selections in one turn cost one layout.
        """
        self._wanted_span = span_id
        self._follow_timer.start()

    @property
    def following(self) -> bool:
        """True while a selection waits to be shown (until the next event-loop turn)."""
        return self._follow_timer.isActive()

    def _follow(self) -> None:
        self._follow_timer.stop()
        self.catch_up()  # the row of a span just made exists only after the refresh
        span_id = self._wanted_span
        self._syncing = True
        try:
            index = self.span_model.span_index(span_id) if span_id else QModelIndex()
            sel = self.spans_view.selectionModel()
            if not index.isValid():
                sel.clearSelection()
            elif self.spans_view.currentIndex().siblingAtColumn(0) != index:
                self.spans_view.expand(index.parent())
                sel.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                    | QItemSelectionModel.SelectionFlag.Rows)
                self.spans_view.scrollTo(index)
        finally:
            self._syncing = False
        self._update_actions()

    def _frame_selection(self) -> tuple[NodeKind | None, QModelIndex]:
        index = self.frames_view.currentIndex()
        node = self.frame_model.node(index)
        if node is None or not self.frames_view.selectionModel().isSelected(
                index.siblingAtColumn(0)):
            return None, QModelIndex()
        return node.kind, index.siblingAtColumn(0)

    def select_frame(self, frame_id: str, role: str = "", span_id: str = "") -> None:
        """Select a frame row (or, with role and span id, one of its filler rows)."""
        index = self.frame_model.frame_index(frame_id)
        if role and index.isValid():
            node = self.frame_model.node(index)
            child = next((c for c in node.children if c.key == f"{role}\x1f{span_id}"),
                         None) if node else None
            index = self.frame_model.index_of(child) if child else QModelIndex()
        if index.isValid():
            self.frames_view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)

    # -- edits ---------------------------------------------------------------------------

    def delete_selected_frame(self) -> bool:
        kind, index = self._frame_selection()
        if kind is None or not self.ws.can_edit:
            return False
        frame_id = index.data(AnnRole.FRAME_ID)
        return bool(frame_id) and self.ws.delete_frame(str(frame_id))

    def remove_selected_filler(self) -> bool:
        kind, index = self._frame_selection()
        if kind != NodeKind.FILLER or not self.ws.can_edit:
            return False
        frame = self.frame_model.without_filler(str(index.data(AnnRole.FRAME_ID)),
                                                str(index.data(AnnRole.ROLE)),
                                                str(index.data(AnnRole.SPAN_ID)))
        return frame is not None and self.ws.update_frame(frame)

    def delete_selected_span(self) -> bool:
        span_id = self.selected_span_id()
        if not span_id or not self.ws.can_edit:
            return False
        return self.ws.delete_span(span_id)

    def open_link_dialog(self) -> LinkActorDialog | None:
        """Open the non-modal link dialog for the selected span (Ctrl+K)."""
        span = self.ws.span(self.ws.selected_span) if self.ws.selected_span else None
        if span is None or not can_link(self.ws, span):
            return None
        if self.link_dialog is not None:
            self.link_dialog.close()
            self.link_dialog.deleteLater()
        self.link_dialog = LinkActorDialog(self.ws, span.id, self)
        self.link_dialog.setWindowModality(Qt.WindowModality.NonModal)
        self.link_dialog.show()
        self.link_dialog.edit.setFocus()
        return self.link_dialog

    def new_actor_from_selection(self) -> LinkActorDialog | None:
        """Ctrl+Shift+K: the link dialog with a proposed canonical name for a new actor (the
        span's words without possessive or title), selected: Enter confirms it."""
        dialog = self.open_link_dialog()
        if dialog is not None:
            dialog.edit.selectAll()
        return dialog

    def unlink_selection(self) -> bool:
        span_id = self.ws.selected_span
        return bool(span_id) and link_span(self.ws, span_id, None) > 0

    # -- keys and menus ------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete in the frame list removes a filler or frame; in the span list, the span."""
        if watched in (self.frames_view, self.spans_view) and event.type() in (
                QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            if (event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
                    and event.modifiers() == Qt.KeyboardModifier.NoModifier
                    and self.ws.can_edit):
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()  # take Delete from the window-wide "delete span" action
                    return True
                if watched is self.frames_view:
                    kind, _ = self._frame_selection()
                    _ = (self.remove_selected_filler() if kind == NodeKind.FILLER
                         else self.delete_selected_frame())
                else:
                    self.delete_selected_span()
                return True
        return super().eventFilter(watched, event)

    def _span_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addActions([self.link_action, self.new_actor_action, self.unlink_action])
        menu.popup(self.spans_view.viewport().mapToGlobal(pos))

    def _frame_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addActions([self.remove_filler_action, self.delete_frame_action])
        menu.popup(self.frames_view.viewport().mapToGlobal(pos))
