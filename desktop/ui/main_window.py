"""The main window: a thin shell that composes the panels, menus, actions and status bar.

Left: the corpus panel. Centre: the article (header, text, find bar). Right, as tabbed docks:
the annotation panel, the actor registry and the guidelines. Behaviour lives in controllers:
``LabellingController`` (labelling keys, boundaries, fragments, the attribution gesture) and
``DocumentNavigator`` (next/previous, done/skip and go on).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QSplitter, QWidget

from desktop.core.errors import ClaimdeskError
from desktop.core.model import DocStatus
from desktop.formats.records import ImportReport
from desktop.ui import window_options
from desktop.ui.actions import SPECS, ActionId, Menu, build_actions, label_actions
from desktop.ui.assist_menu import AssistMenu
from desktop.ui.dialogs.export_dialog import ExportDialog
from desktop.ui.dialogs.import_dialog import ImportDialog, paths_from_mime
from desktop.ui.done_check import DoneCheck
from desktop.ui.errors import show_error
from desktop.ui.feedback import explain_key
from desktop.ui.jobs import JobOutcome, active_jobs
from desktop.ui.labelling import LabellingController
from desktop.ui.navigation import DocumentNavigator
from desktop.ui.safety import Safety
from desktop.ui.settings import FRAME_ARCS, INLINE_TAGS, SNAPPING, Settings
from desktop.ui.status import StatusFields
from desktop.ui.team_menu import TeamMenu
from desktop.ui.views.actor_registry import ActorRegistry
from desktop.ui.views.annotation_panel import AnnotationPanel
from desktop.ui.views.article_pane import ArticlePane
from desktop.ui.views.corpus_panel import CorpusPanel
from desktop.ui.views.guidelines import GuidelinesPane
from desktop.ui.workspace import Workspace

if TYPE_CHECKING:
    from desktop.ui.project_controller import ProjectController

ARTICLE_MIN_CHARS = 44
"""The article never gets narrower than this many average characters: the docks give way."""


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, settings: Settings | None = None) -> None:
        super().__init__()
        self.ws = workspace
        self.settings = settings or Settings.transient()
        self.controller: ProjectController | None = None
        """Set by the ProjectController that made this window (project menu, switching)."""
        self.close_guard: Callable[[], bool] | None = None
        """Asked before the window closes; False keeps it open (a running job, say)."""
        self.released = False
        """The controller has let this window go (it is being replaced): close without asking."""
        self.setObjectName("mainWindow")
        self.resize(1400, 860)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks)
        self.setAcceptDrops(True)  # files and folders dropped here open the Import dialog
        self.import_dialog: ImportDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self.recent_menu: QMenu | None = None
        self.menus: dict[str, QMenu] = {}

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
        self.splitter.addWidget(self.corpus_panel)
        self.splitter.addWidget(self.article_pane)
        # The corpus list may be dragged shut; the article may not, and it keeps a minimum
        # width of its own, so on a small screen the side panels give way, not the text.
        self.splitter.setCollapsible(0, True)
        self.splitter.setCollapsible(1, False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 590])
        article_chars = QFontMetrics(self.article_view.font()).averageCharWidth()
        self.article_pane.setMinimumWidth(article_chars * ARTICLE_MIN_CHARS + 2 * 18 + 16)
        # Wide enough for headlines to be read; the docks give way before it does.
        self.corpus_panel.setMinimumWidth(self.fontMetrics().averageCharWidth() * 34)
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
        self.done_check = DoneCheck(workspace)
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
        self.article_view.installEventFilter(self)  # keys of disabled actions: say why
        self.apply_settings()
        self.settings.changed.connect(self.apply_setting)

        # -- signals ---------------------------------------------------------------------
        workspace.error.connect(self._on_error)
        workspace.span_selected.connect(lambda _sid: self._update_enabled())
        workspace.document_opened.connect(lambda _id: self._update_enabled())
        workspace.view_layer_changed.connect(lambda _name: self._update_enabled())
        self.labelling.gesture.changed.connect(self._update_enabled)
        self.labelling.relating.changed.connect(self._update_enabled)
        self.setWindowTitle(f"Claimdesk — {workspace.path.name if workspace.path else ''} "
                            f"({workspace.annotator})")
        if workspace.path is not None:
            self.setWindowFilePath(str(workspace.path))
        if workspace.current is None and self.corpus_model.rowCount():
            self._open_first_document()
        self.article_pane.update_header()
        self._update_enabled()
        # Notices, the file watch and backups (ui/safety.py).
        self.safety = Safety(self, workspace, self.status_fields.saved)
        workspace.file_lost.connect(lambda _how: self._update_enabled())

    def _open_first_document(self) -> None:
        """Start on the first document, unless it is so long that opening it would hold up
        the start (it can still be opened from the list)."""
        first = self.navigator.doc_id(0)
        size = self.ws.project.documents.length(first)
        if size <= self.ws.limits.auto_open_chars:
            self.navigator.go_to_row(0)
        else:
            self.show_message(f"The first document is long ({size:,} characters): open it "
                              "from the list when you want it.")

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        widget.setMinimumWidth(self.fontMetrics().averageCharWidth() * 26)
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
            ActionId.ZOOM_IN: lambda: self.show_message(view.zoom_by(1)),
            ActionId.ZOOM_OUT: lambda: self.show_message(view.zoom_by(-1)),
            ActionId.ZOOM_RESET: lambda: self.show_message(view.zoom_by(0)),
            ActionId.CONFIRM_DEFAULTS: lab.confirm_defaults,
            ActionId.PREFERENCES: self.open_preferences,
            ActionId.SHORTCUTS: self.open_shortcuts,
            ActionId.ABOUT: self.open_about,
            ActionId.HISTORY: self.open_history,
            ActionId.DONE_NEXT: lambda: self._finish_document(DocStatus.DONE),
            ActionId.SKIP_DOC: lambda: self._finish_document(DocStatus.SKIPPED),
            ActionId.NEXT_DOC: lambda: self._step_document(1),
            ActionId.PREV_DOC: lambda: self._step_document(-1),
        }
        for aid, slot in slots.items():
            self.actions_by_id[aid].triggered.connect(slot)
        toggles = {ActionId.SNAP_TO_WORDS: SNAPPING, ActionId.INLINE_TAGS: INLINE_TAGS,
                   ActionId.FRAME_LINKS: FRAME_ARCS}
        for aid, option in toggles.items():
            self.actions_by_id[aid].toggled.connect(
                lambda on, o=option: self.settings.set_value(o, bool(on)))
        for name, act in self.label_actions.items():
            act.triggered.connect(lambda _=False, n=name: lab.label(n))

    # -- settings and the small dialogs (window_options.py) ---------------------------------

    def apply_settings(self) -> None:
        window_options.apply_all(self)

    def apply_setting(self, key: str, *, quiet: bool = False) -> None:
        """One option changed (Preferences, a View toggle): follow it at once."""
        window_options.apply_one(self, key, quiet=quiet)

    def open_preferences(self) -> None:
        window_options.open_dialog(self, "preferences")

    def open_shortcuts(self) -> None:
        window_options.open_dialog(self, "shortcuts")

    def open_about(self) -> None:
        window_options.open_dialog(self, "about")

    def open_history(self) -> None:
        window_options.open_dialog(self, "history")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        menus: dict[Menu, QMenu] = {m: bar.addMenu(m.value) for m in Menu if m is not Menu.HELP}
        menus[Menu.EDIT].addAction(self.undo_action)
        menus[Menu.EDIT].addAction(self.redo_action)
        label_menu = menus[Menu.LABEL]
        for act in self.label_actions.values():
            label_menu.addAction(act)
        for spec in SPECS:
            if spec.menu is Menu.HELP:
                continue  # the Help menu comes last, below
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
        help_menu = menus[Menu.HELP] = bar.addMenu(Menu.HELP.value)
        help_menu.addAction(self.guidelines_action)
        for spec in SPECS:
            if spec.menu is Menu.HELP:
                help_menu.addAction(self.actions_by_id[spec.id])
        self.menus = {m.name.lower(): menu for m, menu in menus.items()}
        self.menus["actors"] = actors
        for name, menu in self.menus.items():
            menu.setObjectName(f"{name}Menu")
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
        if status is DocStatus.DONE:
            ok, message = self.done_check.confirm()
            if not ok:
                self.show_message(message)
                return
        if self.navigator.finish_and_next(status):
            self.article_view.setFocus()

    def open_document(self, doc_id: str) -> bool:
        """Open ``doc_id``, selecting its corpus row when the list shows it."""
        row = self.corpus_model.row_of(doc_id)
        if row is not None:
            return self.navigator.go_to_row(row)
        try:
            self.ws.open_document(doc_id)
        except ClaimdeskError:
            return False  # no longer in the project (a remembered document)
        return True

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
            self.import_dialog.job_finished.connect(self._after_import)
        self.import_dialog.present(paths, dropped=dropped)
        return self.import_dialog

    def _after_import(self, outcome: JobOutcome) -> None:
        """Show the first document the import added: that is what the user wants to see."""
        report = outcome.value if outcome.ok else None
        if (isinstance(report, ImportReport) and report.first_added
                and self.open_document(report.first_added)):
            self.show_message(f"Imported {report.documents_added} documents; showing the "
                              "first new one")

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
        show_error(parent=self, exc=ClaimdeskError(message),
                   title="Edit refused" if message.startswith("Could not") else "Claimdesk")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            from desktop.ui.icons import retint_window

            retint_window(self)  # light and dark icons follow the palette

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Keys that reach the window unused: a disabled action's shortcut says why.
        if not explain_key(self, event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.article_view and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)):
            if event.text() == "?":
                # "?" is Shift+/ on some layouts and a key of its own on others; a shortcut
                # of "?" does not match every combination, the typed character does.
                self.actions_by_id[ActionId.SHORTCUTS].trigger()
                return True
            if explain_key(self, event):
                return True
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.close_guard is not None and not self.released and not self.close_guard():
            event.ignore()
            return
        self.labelling.gesture.cancel(quiet=True)
        self.labelling.relating.cancel(quiet=True)
        for job in active_jobs():
            job.cancel()  # an import in flight writes nothing; the pool waits for it
        for dialog in (self.import_dialog, self.export_dialog):
            if dialog is not None:
                dialog.close()
        self.ws.close()
        super().closeEvent(event)
