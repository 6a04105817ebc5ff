"""Opening, creating, switching and closing projects; who annotates them; the window's memory.

One ``MainWindow`` shows one ``Workspace`` (one project, one annotator). Opening another
project or switching annotator builds a new Workspace and a new window in the old one's place
(same geometry, docks and splitter), then closes the old window: everything the old window
connected to its Workspace goes with it, so no view of a closed project lingers and no signal
reaches a dead one. Settings are connected to windows through their own methods only, which Qt
disconnects when the window is destroyed. Before a window goes, gestures are cancelled and a
running import or export is cancelled (after asking) and waited for.

With no project open, a small start window offers New, Open and the recent projects.

Signals:
    window_changed(object): the MainWindow now showing a project, or None.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QThreadPool, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QWidget

from desktop.core.annotators import annotator_name_problem, clean_annotator_name
from desktop.core.codebook import load_codebook
from desktop.core.errors import ClaimdeskError, InputError
from desktop.store import open_project, restore
from desktop.ui.dialogs.project_dialogs import Prompts
from desktop.ui.jobs import active_jobs
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import (
    DEFAULT_ANNOTATOR,
    GEOMETRY,
    LAST_PROJECT,
    SPLITTER,
    WINDOW_STATE,
    ZOOM,
    Settings,
)
from desktop.ui.workspace import BUSY_TIMEOUT, Workspace

log = logging.getLogger(__name__)

JOB_WAIT_MS = 15_000
"""How long closing a project waits for a cancelled job to stop (it checks between records)."""


def _project_meta(path: Path) -> tuple[str | None, list[str]]:
    """The annotator last used in ``path`` and every annotator of it (gold left out)."""
    with open_project(path) as project:
        return project.meta("last_annotator"), project.annotators.names()


class ProjectController(QObject):
    window_changed = Signal(object)

    def __init__(self, settings: Settings, *, prompts: Prompts | None = None,
                 busy_timeout: float = BUSY_TIMEOUT, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.prompts = prompts or Prompts()
        self.busy_timeout = busy_timeout
        self.window: MainWindow | None = None
        self.start_window: QWidget | None = None

    # -- who annotates -------------------------------------------------------------------

    def choose_annotator(self, path: Path, parent: QWidget | None = None) -> str | None:
        """The name to open ``path`` under: remembered by the project, the default name in
        the preferences, or asked (always asked when those two differ). Never the OS user."""
        remembered, known = _project_meta(path)
        preferred = self.settings.value(DEFAULT_ANNOTATOR)
        if remembered and (not preferred or preferred == remembered):
            return remembered
        if preferred and not remembered:
            return preferred
        choice = self.prompts.annotator(parent, project=path.name, known=known,
                                        remembered=remembered, preferred=preferred)
        if choice is None:
            return None
        name = clean_annotator_name(choice.name)
        problem = annotator_name_problem(name)
        if problem is not None:
            self.prompts.error(parent, InputError(problem, field="annotator"))
            return None
        if choice.make_default:
            self.settings.set_value(DEFAULT_ANNOTATOR, name)
        return name

    # -- opening ---------------------------------------------------------------------------

    def open_project(self, path: Path, annotator: str | None = None, *, show: bool = True,
                     doc_id: str | None = None) -> MainWindow | None:
        """Show ``path`` as ``annotator`` (asked when None) in place of the current window.

        Returns the new window, or None when cancelled or the project cannot be opened (said
        in a message; the current window then stays as it was).
        """
        path = Path(path)
        parent = self.window or self.start_window
        try:
            name = annotator if annotator is not None else self.choose_annotator(path, parent)
            if name is None:
                return None
            # The old window lets go first: a job of its own may hold the write lock that
            # opening (as a new annotator) needs.
            if self.window is not None and not self.release(self.window):
                return None
            workspace = Workspace.open(path, annotator=name, busy_timeout=self.busy_timeout)
        except ClaimdeskError as exc:
            if self.window is not None:
                self.window.released = False  # it stays, and is asked again when it closes
            self.prompts.error(parent, exc)
            return None
        return self._install(workspace, show=show, doc_id=doc_id)

    def _install(self, workspace: Workspace, *, show: bool, doc_id: str | None) -> MainWindow:
        old = self.window
        window = MainWindow(workspace, self.settings)
        window.controller = self
        window.close_guard = self._window_closing
        from desktop.ui.icons import app_icon, decorate_window_actions
        from desktop.ui.project_menu import install_project_menu

        window.setWindowIcon(app_icon())
        decorate_window_actions(window)
        install_project_menu(window, self)
        if old is not None:
            window.restoreGeometry(old.saveGeometry())
            window.restoreState(old.saveState())
            window.splitter.restoreState(old.splitter.saveState())
        else:
            self._restore_layout(window)
        path = workspace.path
        if path is not None:
            self.settings.add_recent(path)
            target = doc_id or self.settings.last_document(path)
            if target and (workspace.current is None or workspace.current.id != target):
                window.open_document(target)
        self.window = window
        if show:
            window.show()
        if old is not None:
            old.close()  # released above: closes without asking
            old.deleteLater()
        self._close_start_window()
        self.window_changed.emit(window)
        return window

    def _restore_layout(self, window: MainWindow) -> None:
        geometry = self.settings.value(GEOMETRY)
        if not (geometry and window.restoreGeometry(QByteArray(geometry))):
            screen = QGuiApplication.primaryScreen()
            if screen is not None and self.settings.persistent:
                area = screen.availableGeometry()
                window.resize(min(1400, int(area.width() * 0.92)),
                              min(860, int(area.height() * 0.92)))
        state = self.settings.value(WINDOW_STATE)
        if state:
            window.restoreState(QByteArray(state))
        splitter = self.settings.value(SPLITTER)
        if splitter:
            window.splitter.restoreState(QByteArray(splitter))

    def create_project(self, path: Path, *, codebook: Path | None, annotator: str,
                       make_default: bool = False) -> MainWindow | None:
        """Create ``path`` (the default or the given codebook) and open it as ``annotator``."""
        parent = self.window or self.start_window
        try:
            if path.exists():
                raise InputError(f"{path} already exists", field="project")
            book = load_codebook(codebook) if codebook is not None else None
            name = clean_annotator_name(annotator)
            problem = annotator_name_problem(name)
            if problem is not None:
                raise InputError(problem, field="annotator")
            with open_project(path, create=True, codebook=book, who=name):
                pass
        except (ClaimdeskError, OSError) as exc:
            self.prompts.error(parent, exc)
            return None
        if make_default:
            self.settings.set_value(DEFAULT_ANNOTATOR, name)
        return self.open_project(path, name)

    # -- menu commands ---------------------------------------------------------------------

    def new_project_dialog(self) -> MainWindow | None:
        parent = self.window or self.start_window
        folder = self._folder()
        choice = self.prompts.new_project(parent, folder=folder,
                                          annotator=self.settings.value(DEFAULT_ANNOTATOR))
        if choice is None:
            return None
        return self.create_project(choice.path, codebook=choice.codebook,
                                   annotator=choice.annotator.name,
                                   make_default=not self.settings.value(DEFAULT_ANNOTATOR))

    def open_project_dialog(self) -> MainWindow | None:
        path = self.prompts.open_path(self.window or self.start_window, self._folder())
        return self.open_project(path) if path is not None else None

    def _folder(self) -> Path:
        if self.window is not None and self.window.ws.path is not None:
            return self.window.ws.path.parent
        recent = self.settings.recent_projects()
        return recent[0].parent if recent else Path.home()

    def close_project(self) -> bool:
        """Close the window's project and show the start window instead."""
        window = self.window
        if window is None:
            return True
        if not self.release(window):
            return False
        self.show_start_window()
        self.window = None
        window.close()
        window.deleteLater()
        self.window_changed.emit(None)
        return True

    def backups_dialog(self) -> QDialog | None:
        """File → Backups…: the project's backups, back up now, restore one."""
        window = self.window
        if window is None or window.ws.path is None:
            return None
        from desktop.ui.dialogs.backups_dialog import BackupsDialog

        dialog = BackupsDialog(window, window.ws, restore=self.restore_backup,
                               confirm=self.prompts.confirm)
        dialog.show()
        return dialog

    def restore_backup(self, source: Path) -> MainWindow | None:
        """Put ``source`` back in place of the open project and open it again (as the same
        annotator, on the same document). The current content is kept as a backup first;
        when the restore is refused (another program has the file open) the project opens
        again as it was and the reason is shown."""
        window = self.window
        path = window.ws.path if window is not None else None
        if window is None or path is None or not self.release(window):
            return None
        annotator = window.ws.annotator
        doc = window.ws.current.id if window.ws.current is not None else None
        window.safety.stop()  # the file is about to be replaced on purpose
        window.ws.close()  # restore needs the only connection to the file
        refused: ClaimdeskError | None = None
        try:
            restore(path, source)
        except ClaimdeskError as exc:
            refused = exc
        new = self.open_project(path, annotator, doc_id=doc)
        if refused is not None:
            self.prompts.error(new or window, refused)
            return new
        if new is not None:
            new.statusBar().showMessage(
                f"Restored from {source.name}; the content it replaced is kept as a "
                "“before-restore” backup (File → Backups…)", 15000)
        return new

    def switch_annotator(self, name: str | None = None) -> MainWindow | None:
        """Reopen the project under another annotator name (that person's own layer)."""
        window = self.window
        path = window.ws.path if window is not None else None
        if window is None or path is None:
            return None
        ws = window.ws
        if name is None:
            name = self.prompts.switch_annotator(window, known=ws.project.annotators.names(),
                                                 current=ws.annotator)
            if name is None:
                return None
        name = clean_annotator_name(name)
        problem = annotator_name_problem(name)
        if problem is not None:
            self.prompts.error(window, InputError(problem, field="annotator"))
            return None
        if name == ws.annotator:
            window.show_message(f"Already annotating as {name}")
            return window
        doc = ws.current.id if ws.current is not None else None
        new = self.open_project(path, name, doc_id=doc)
        if new is not None:
            new.show_message(f"Annotating as {name}: edits go to {name}'s own layer")
        return new

    def rename_annotator(self, old: str | None = None,
                         new: str | None = None) -> MainWindow | None:
        """Correct a misspelt annotator name (every layer row); reopens when it is ours."""
        window = self.window
        path = window.ws.path if window is not None else None
        if window is None or path is None:
            return None
        ws = window.ws
        if old is None or new is None:
            answer = self.prompts.rename_annotator(window, known=ws.project.annotators.names(),
                                                   current=ws.annotator)
            if answer is None:
                return None
            old, new = answer
        try:
            written = ws.project.annotators.rename(old, new, who=ws.annotator)
        except ClaimdeskError as exc:
            self.prompts.error(window, exc)
            return None
        new = written.value
        if self.settings.value(DEFAULT_ANNOTATOR) == old:
            self.settings.set_value(DEFAULT_ANNOTATOR, new)
        if old != ws.annotator:
            ws.external_change(written.change, f"renamed annotator {old} to {new}")
            return window
        doc = ws.current.id if ws.current is not None else None
        reopened = self.open_project(path, new, doc_id=doc)
        if reopened is not None:
            reopened.show_message(f"Renamed {old} to {new}; you are annotating as {new}")
        return reopened

    # -- closing -----------------------------------------------------------------------------

    def release(self, window: MainWindow) -> bool:
        """Get ``window`` ready to go: ask about running jobs, cancel gestures, remember the
        layout. False when the user keeps the project open."""
        if getattr(window, "released", False):
            return True
        jobs = active_jobs()
        if jobs:
            names = ", ".join(sorted({job.name for job in jobs}))
            if not self.prompts.confirm(
                    window, title="A job is running",
                    text=f"An {names} is still running in this project. Closing the project "
                         "cancels it; nothing of it is written.", ok="Cancel it and close"):
                return False
            for job in jobs:
                job.cancel()
            QThreadPool.globalInstance().waitForDone(JOB_WAIT_MS)
        window.labelling.gesture.cancel(quiet=True)
        window.labelling.relating.cancel(quiet=True)
        self.remember(window)
        window.released = True
        return True

    def _window_closing(self) -> bool:
        """The window's close guard: the user closed it (quit) or we are replacing it."""
        window = self.window
        if window is None:
            return True
        return self.release(window)

    def remember(self, window: MainWindow) -> None:
        """Geometry, docks, splitter, zoom and the open document, for next time."""
        s = self.settings
        s.set_value(GEOMETRY, bytes(window.saveGeometry().data()))
        s.set_value(WINDOW_STATE, bytes(window.saveState().data()))
        s.set_value(SPLITTER, bytes(window.splitter.saveState().data()))
        s.set_value(ZOOM, window.article_view.zoom)
        path = window.ws.path
        if path is not None:
            s.set_value(LAST_PROJECT, str(path.resolve()))
            if window.ws.current is not None:
                s.set_last_document(path, window.ws.current.id)
        s.sync()

    # -- with no project -------------------------------------------------------------------

    def show_start_window(self) -> QWidget:
        from desktop.ui.welcome import StartWindow

        if self.start_window is None:
            self.start_window = StartWindow(self)
        self.start_window.show()
        self.start_window.raise_()
        return self.start_window

    def _close_start_window(self) -> None:
        start, self.start_window = self.start_window, None
        if start is not None:
            start.close()
            start.deleteLater()

    def forget_missing(self, path: Path) -> None:
        self.settings.forget_recent([path])

