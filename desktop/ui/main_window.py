"""The main window: a thin shell that composes the panels, menus, actions and status bar.

Left: the corpus panel. Centre: the article (header, text, find bar). Right, as tabbed docks:
the annotation panel, the actor registry and the guidelines. Behaviour lives in controllers:
``LabellingController`` (labelling keys, boundaries, fragments, the attribution gesture) and
``DocumentNavigator`` (next/previous, done/skip and go on).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QSplitter, QWidget

from desktop.core.errors import ClaimdeskError
from desktop.core.model import DocStatus
from desktop.ui.actions import SPECS, ActionId, Menu, build_actions, label_actions
from desktop.ui.assist_menu import AssistMenu
from desktop.ui.dialogs.export_dialog import ExportDialog
from desktop.ui.dialogs.import_dialog import ImportDialog, paths_from_mime
from desktop.ui.errors import show_error
from desktop.ui.jobs import active_jobs
from desktop.ui.labelling import LabellingController
from desktop.ui.navigation import DocumentNavigator
from desktop.ui.status import StatusFields
from desktop.ui.team_menu import TeamMenu
from desktop.ui.views.actor_registry import ActorRegistry
from desktop.ui.views.annotation_panel import AnnotationPanel
from desktop.ui.views.article_pane import ArticlePane
from desktop.ui.views.corpus_panel import CorpusPanel
from desktop.ui.views.guidelines import GuidelinesPane
from desktop.ui.workspace import Workspace


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.ws = workspace
        self.setObjectName("mainWindow")
        self.resize(1400, 860)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks)
        self.setAcceptDrops(True)  # files and folders dropped here open the Import dialog
        self.import_dialog: ImportDialog | None = None
        self.export_dialog: ExportDialog | None = None

        # -- widgets ---------------------------------------------------------------------
        self.corpus_panel = CorpusPanel(workspace)
        self.corpus_list = self.corpus_panel.table
        self.corpus_list.setAccessibleName("Corpus list")
        self.corpus_model = self.corpus_panel.model
        self.article_pane = ArticlePane(workspace)
        self.article_view = self.article_pane.view
        self.annotation_panel = AnnotationPanel(workspace)
        self.actor_registry = ActorRegistry(workspace)
        self.guidelines = GuidelinesPane(workspace)
        for widget, name in ((self.annotation_panel, "Annotation panel"),
                             (self.actor_registry, "Actor registry")):
            if not widget.accessibleName():
                widget.setAccessibleName(name)

        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.corpus_panel)
        self.splitter.addWidget(self.article_pane)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([330, 560])
        self.setCentralWidget(self.splitter)

        self.annotation_dock = self._dock("Annotations", "annotationDock", self.annotation_panel)
        self.actor_dock = self._dock("Actors", "actorDock", self.actor_registry)
        self.guidelines_dock = self._dock("Guidelines", "guidelinesDock", self.guidelines)
        self.tabifyDockWidget(self.annotation_dock, self.actor_dock)
        self.tabifyDockWidget(self.actor_dock, self.guidelines_dock)
        self.annotation_dock.raise_()
        self.resizeDocks([self.annotation_dock], [500], Qt.Orientation.Horizontal)

        # -- controllers -----------------------------------------------------------------
        self.labelling = LabellingController(workspace, self.article_view, self)
        self.navigator = DocumentNavigator(workspace, self.corpus_list, self)
        self.team = TeamMenu(workspace, self)
        self.status_fields = StatusFields(workspace, self.statusBar(), self.navigator)
        for source in (self.labelling.message, self.navigator.message):
            source.connect(self.show_message)

        # -- actions and menus -----------------------------------------------------------
        self.actions_by_id = build_actions(self)
        self.label_actions = label_actions(workspace.codebook, self)
        self.undo_action = workspace.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setObjectName("actionUndo")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = workspace.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setObjectName("actionRedo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.guidelines_action = QAction("&Guidelines", self)
        self.guidelines_action.setObjectName("actionGuidelines")
        self.guidelines_action.setShortcut(QKeySequence("F1"))
        self.guidelines_action.setStatusTip("Show the codebook's labels and attributes")
        self.guidelines_action.triggered.connect(self.guidelines_dock.raise_)
        self._connect_actions()
        self.assist = AssistMenu(self)
        self.assist.message.connect(self.show_message)
        self._build_menus()
        for act in [*self.label_actions.values(),
                    *(self.actions_by_id[s.id] for s in SPECS if s.article)]:
            # Plain-key shortcuts live on the article view only (WidgetWithChildrenShortcut).
            self.article_view.addAction(act)
        self.article_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.article_view.customContextMenuRequested.connect(self._article_menu)

        # -- signals ---------------------------------------------------------------------
        workspace.error.connect(self._on_error)
        workspace.span_selected.connect(lambda _sid: self._update_enabled())
        workspace.document_opened.connect(lambda _id: self._update_enabled())
        workspace.view_layer_changed.connect(lambda _name: self._update_enabled())
        self.labelling.gesture.changed.connect(self._update_enabled)
        self.labelling.relating.changed.connect(self._update_enabled)
        self.setWindowTitle(f"Claimdesk — {workspace.path.name if workspace.path else ''} "
                            f"({workspace.annotator})")
        if workspace.current is None and self.corpus_model.rowCount():
            self.navigator.go_to_row(0)
        self.article_pane.update_header()
        self._update_enabled()

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return dock

    # -- actions -------------------------------------------------------------------------

    def _connect_actions(self) -> None:
        lab = self.labelling
        view = self.article_view
        find = self.article_pane.find_bar
        slots = {
            ActionId.IMPORT: lambda: self.open_import_dialog(),
            ActionId.EXPORT: self.open_export_dialog,
            ActionId.QUIT: self.close,
            ActionId.DELETE_SPAN: lab.delete,
            ActionId.CLEAR_SELECTION: lab.escape,
            ActionId.ADD_FRAGMENT: lab.add_fragment,
            ActionId.START_LEFT: lambda: lab.move_boundary("start", -1),
            ActionId.START_RIGHT: lambda: lab.move_boundary("start", 1),
            ActionId.END_LEFT: lambda: lab.move_boundary("end", -1),
            ActionId.END_RIGHT: lambda: lab.move_boundary("end", 1),
            ActionId.NEXT_SPAN: lambda: lab.step_span(1),
            ActionId.PREV_SPAN: lambda: lab.step_span(-1),
            ActionId.ATTRIBUTE: lab.attribute,
            ActionId.FINISH_FRAME: lab.enter,
            ActionId.RELATE: lab.relate,
            ActionId.FIND: find.open_bar,
            ActionId.FIND_NEXT: lambda: find.find_next(),
            ActionId.FIND_PREV: lambda: find.find_next(backward=True),
            ActionId.ZOOM_IN: lambda: view.zoom_by(1),
            ActionId.ZOOM_OUT: lambda: view.zoom_by(-1),
            ActionId.ZOOM_RESET: lambda: view.zoom_by(0),
            ActionId.DONE_NEXT: lambda: self._finish_document(DocStatus.DONE),
            ActionId.SKIP_DOC: lambda: self._finish_document(DocStatus.SKIPPED),
            ActionId.NEXT_DOC: lambda: self._step_document(1),
            ActionId.PREV_DOC: lambda: self._step_document(-1),
        }
        for aid, slot in slots.items():
            self.actions_by_id[aid].triggered.connect(slot)
        snap = self.actions_by_id[ActionId.SNAP_TO_WORDS]
        snap.setChecked(lab.snapping)
        snap.toggled.connect(self._set_snapping)
        for name, act in self.label_actions.items():
            act.triggered.connect(lambda _=False, n=name: lab.label(n))

    def _set_snapping(self, on: bool) -> None:
        self.labelling.snapping = on
        self.show_message("Selections snap to whole words" if on
                          else "Snapping off: selections are taken as they are")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        menus = {m: bar.addMenu(m.value) for m in Menu}
        menus[Menu.EDIT].addAction(self.undo_action)
        menus[Menu.EDIT].addAction(self.redo_action)
        label_menu = menus[Menu.LABEL]
        for act in self.label_actions.values():
            label_menu.addAction(act)
        for spec in SPECS:
            menu = menus[spec.menu]
            if spec.separator_before:
                menu.addSeparator()
            menu.addAction(self.actions_by_id[spec.id])
        actors = bar.addMenu("&Actors")
        actors.setObjectName("actorsMenu")
        for act in self.annotation_panel.menu_actions():
            # Frame and relation editing from the panel sit with the labelling actions.
            text = act.text().lower()
            (label_menu if "frame" in text or "relation" in text else actors).addAction(act)
        actors.addSeparator()
        for act in self.actor_registry.menu_actions():
            actors.addAction(act)
            act.triggered.connect(self.actor_dock.raise_)
        menus[Menu.DOCUMENT].addSeparator()
        for act in self.corpus_panel.menu_actions():
            menus[Menu.DOCUMENT].addAction(act)
        view = menus[Menu.VIEW]
        view.addSeparator()
        for dock in (self.annotation_dock, self.actor_dock, self.guidelines_dock):
            view.addAction(dock.toggleViewAction())
        bar.addMenu(self.assist.menu)
        bar.addMenu(self.team.menu)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.guidelines_action)
        for act in self.findChildren(QAction):
            # Show shortcuts in menus even on platforms that hide them by default.
            act.setShortcutVisibleInContextMenu(True)

    def _article_menu(self, pos: QPoint) -> None:
        menu = self.article_context_menu()
        menu.exec(self.article_view.viewport().mapToGlobal(pos))

    def article_context_menu(self) -> QMenu:
        """Label the selection / act on the selected span (also used by tests)."""
        menu = QMenu(self.article_view)
        title = menu.addAction("Label selection as" if self.article_view.selection_range()
                               else "Relabel selected span as")
        title.setEnabled(False)
        for act in self.label_actions.values():
            menu.addAction(act)
        menu.addSeparator()
        for aid in (ActionId.ATTRIBUTE, ActionId.FINISH_FRAME, ActionId.RELATE,
                    ActionId.ADD_FRAGMENT,
                    ActionId.DELETE_SPAN, ActionId.START_LEFT, ActionId.START_RIGHT,
                    ActionId.END_LEFT, ActionId.END_RIGHT):
            menu.addAction(self.actions_by_id[aid])
        menu.addSeparator()
        for act in self.annotation_panel.menu_actions()[:3]:
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.actions_by_id[ActionId.SNAP_TO_WORDS])
        return menu

    def _update_enabled(self) -> None:
        editable = self.article_view.editable
        selected = bool(self.ws.selected_span) and editable
        gesture = self.labelling.gesture.active or self.labelling.relating.active
        for act in self.label_actions.values():
            act.setEnabled(editable)
        a = self.actions_by_id
        for aid in (ActionId.DELETE_SPAN, ActionId.START_LEFT, ActionId.START_RIGHT,
                    ActionId.END_LEFT, ActionId.END_RIGHT, ActionId.ADD_FRAGMENT):
            a[aid].setEnabled(selected and not gesture)
        a[ActionId.ATTRIBUTE].setEnabled(editable and not gesture)
        # R stays on while relating: pressed again it switches the relation type.
        a[ActionId.RELATE].setEnabled(editable and not self.labelling.gesture.active)
        has_doc = self.ws.current is not None
        for aid in (ActionId.DONE_NEXT, ActionId.SKIP_DOC):
            a[aid].setEnabled(has_doc and editable)

    # -- documents -----------------------------------------------------------------------

    def _finish_document(self, status: DocStatus) -> None:
        self.labelling.gesture.cancel(quiet=True)
        self.labelling.relating.cancel(quiet=True)
        if self.navigator.finish_and_next(status):
            self.article_view.setFocus()

    def _step_document(self, delta: int) -> None:
        self.labelling.gesture.cancel(quiet=True)
        self.labelling.relating.cancel(quiet=True)
        if self.navigator.step(delta):
            self.article_view.setFocus()

    # -- import and export (the dialogs hold the logic) -----------------------------------

    def open_import_dialog(self, paths: Sequence[Path] = (), *,
                           dropped: bool = False) -> ImportDialog:
        if self.import_dialog is None:
            self.import_dialog = ImportDialog(self.ws, self)
        self.import_dialog.present(paths, dropped=dropped)
        return self.import_dialog

    def open_export_dialog(self) -> ExportDialog:
        if self.export_dialog is None:
            self.export_dialog = ExportDialog(self.ws, self)
        self.export_dialog.show()
        self.export_dialog.raise_()
        self.export_dialog.activateWindow()
        return self.export_dialog

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if paths_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = paths_from_mime(event.mimeData())
        if not paths:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        self.open_import_dialog(paths, dropped=True)

    # -- messages ------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        # A gesture's prompt stays until the gesture ends; other messages fade.
        lab = self.labelling
        timeout = 0 if lab.gesture.active or lab.relating.active else (
            10000 if "⚠" in text else 6000)
        self.statusBar().showMessage(text, timeout)

    def _on_error(self, message: str) -> None:
        show_error(parent=self, exc=ClaimdeskError(message), title="Edit refused")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.labelling.gesture.cancel(quiet=True)
        self.labelling.relating.cancel(quiet=True)
        for job in active_jobs():
            job.cancel()  # an import in flight writes nothing; the pool waits for it
        self.ws.close()
        super().closeEvent(event)
