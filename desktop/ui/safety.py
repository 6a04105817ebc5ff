"""What keeps a window's work safe, in one place: notices, the file watch, backups.

``Safety(window)`` is installed by the main window (one line) and:

- shows notices above the article: the project is open for reading only (and why); it lives
  on a network drive or in a cloud-synced folder (``desktop/places.py``); its file was
  deleted, moved or replaced while open;
- watches the project file (every ``FILE_CHECK_MS``, and before every edit in
  ``Workspace.push``): once it is gone or replaced, edits are off, the status bar says so and
  the user can save a rescue copy of everything this window still holds open;
- makes rolling backups (``desktop/store/backup.py``) in a background job: one shortly after
  the project opens (skipped when nothing changed since the newest backup) and one every
  ``interval_setting()`` minutes while edits are being made;
- asks before closing a window whose file was lost and no rescue copy was saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.core.errors import ClaimdeskError
from desktop.formats.progress import CancelToken, ProgressFn
from desktop.places import warning as place_warning
from desktop.store import Project, automatic_backups, backup_interval_minutes, output_problem
from desktop.ui.errors import show_error
from desktop.ui.jobs import Job, JobOutcome, JobState, start_job
from desktop.ui.safety_dialogs import ask
from desktop.ui.workspace import Workspace

log = logging.getLogger(__name__)

FILE_CHECK_MS = 2000
OPEN_BACKUP_DELAY_MS = 3000
"""The backup on open starts once the window is up (it never delays start-up)."""

_LEVELS = {"info": ("#e7f5ff", "#1864ab"), "warning": ("#fff9db", "#8f5b00"),
           "danger": ("#fff5f5", "#c92a2a")}


class Notice(QFrame):
    """One coloured line of text with optional buttons."""

    def __init__(self, key: str, text: str, level: str,
                 actions: list[tuple[str, Callable[[], None]]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"notice-{key}")
        back, fore = _LEVELS[level]
        self.setStyleSheet(f"#notice-{key} {{ background: {back}; border-bottom: 1px solid "
                           f"{fore}; }} QLabel {{ color: {fore}; }}")
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextFormat(self.label.textFormat().PlainText)
        self.label.setAccessibleName("Notice")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(self.label, 1)
        self.buttons: dict[str, QPushButton] = {}
        for text_, slot in actions:
            button = QPushButton(text_)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[text_] = button


class Notices(QWidget):
    """The notices above the window's content, one per key."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notices")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self.shown: dict[str, Notice] = {}

    def add(self, key: str, text: str, *, level: str = "warning",
            actions: list[tuple[str, Callable[[], None]]] | None = None) -> Notice:
        self.remove(key)
        notice = Notice(key, text, level, actions or [], self)
        self._layout.addWidget(notice)
        self.shown[key] = notice
        return notice

    def remove(self, key: str) -> None:
        old = self.shown.pop(key, None)
        if old is not None:
            old.setParent(None)
            old.deleteLater()

    def text(self, key: str) -> str:
        notice = self.shown.get(key)
        return notice.label.text() if notice else ""


class Safety(QObject):
    """Installed on a main window; see the module doc."""

    def __init__(self, window: QMainWindow, workspace: Workspace,
                 saved_label: QLabel | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.ws = workspace
        self.saved_label = saved_label
        self.rescued: Path | None = None
        self.backup_job: Job | None = None
        self.backups_made: list[Path] = []
        self._edited_since_backup = False
        self.notices = Notices()
        central = window.centralWidget()
        holder = QWidget()
        lay = QVBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.notices)
        if central is not None:
            lay.addWidget(central, 1)
        window.setCentralWidget(holder)

        if workspace.read_only:
            self.notices.add("read-only", f"Read-only: {workspace.read_only}. You can read, "
                             "search and export this project; editing is off.", level="info")
            self._set_saved("Read-only", "The project is open for reading only")
        path = workspace.path
        risky = place_warning(path) if path is not None else ""
        if risky:
            log.warning("%s", risky)
            self.notices.add("place", risky)
        workspace.file_lost.connect(self._on_file_lost)
        workspace.saved.connect(self._on_saved)
        workspace.error.connect(self._on_error)
        self.file_timer = QTimer(self)
        self.file_timer.setInterval(FILE_CHECK_MS)
        self.file_timer.timeout.connect(workspace.check_file)
        self.file_timer.start()
        self.backup_timer = QTimer(self)
        self.backup_timer.timeout.connect(lambda: self.start_backup("interval"))
        if automatic_backups() and path is not None and not workspace.read_only:
            minutes = backup_interval_minutes()
            if minutes:
                self.backup_timer.setInterval(minutes * 60_000)
                self.backup_timer.start()
            QTimer.singleShot(OPEN_BACKUP_DELAY_MS, self, lambda: self.start_backup("open"))
        window.installEventFilter(self)

    def stop(self) -> None:
        """No more file checks or backups (the project is closing, or being restored)."""
        self.file_timer.stop()
        self.backup_timer.stop()

    # -- status ---------------------------------------------------------------------------

    def _set_saved(self, text: str, tip: str) -> None:
        if self.saved_label is not None:
            self.saved_label.setText(text)
            self.saved_label.setToolTip(tip)

    def _on_saved(self, _message: str) -> None:
        self._edited_since_backup = True

    def _on_error(self, _message: str) -> None:
        if self.ws.lost:  # the status bar's "edit refused" must not hide that nothing saves
            self._set_saved("✗ Project file gone: nothing is saved",
                            self.notices.text("lost"))

    # -- the project file vanished or was replaced ------------------------------------------

    def _on_file_lost(self, how: str) -> None:
        self.file_timer.stop()
        self.backup_timer.stop()
        what = {"missing": "was deleted or moved", "replaced": "was replaced by another file"}
        text = (f"The project file {self.ws.path} {what.get(how, 'changed')} while it was "
                "open. Edits are off. Everything up to now is still open here: save a "
                "rescue copy to keep it.")
        self.notices.add("lost", text, level="danger",
                         actions=[("Save a rescue copy…", self.choose_rescue_copy)])
        self._set_saved("✗ Project file gone: nothing is saved", text)
        show_error(parent=self.window, exc=ClaimdeskError(text), title="Project file gone")

    def suggested_rescue_path(self) -> Path:
        path = self.ws.path or Path("project.claimdesk")
        n = 1
        while True:
            candidate = path.with_name(f"{path.stem}-rescued{'' if n == 1 else f'-{n}'}"
                                       ".claimdesk")
            if not candidate.exists():
                return candidate
            n += 1

    def choose_rescue_copy(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self.window, "Save a rescue copy",
                                              str(self.suggested_rescue_path()),
                                              "Claimdesk project (*.claimdesk)")
        if name:
            self.save_rescue_copy(Path(name))

    def save_rescue_copy(self, dest: Path) -> bool:
        problem = output_problem(dest, [])
        if problem:
            show_error(parent=self.window, exc=ClaimdeskError(
                f"Cannot save the rescue copy there: {problem}."), title="Rescue copy")
            return False
        try:
            self.ws.save_rescue_copy(dest)
        except ClaimdeskError as exc:
            show_error(parent=self.window, exc=exc, title="Rescue copy")
            return False
        self.rescued = dest
        self.notices.add("lost", f"Rescue copy saved: {dest}. Open it to go on working "
                         "(claimdesk \"{dest}\").", level="info")
        log.info("rescue copy of %s saved to %s", self.ws.path, dest)
        return True

    # -- backups --------------------------------------------------------------------------

    def start_backup(self, reason: str) -> Job | None:
        """A rolling backup in the background (None when one runs or nothing changed)."""
        path = self.ws.path
        if path is None or self.ws.read_only or self.ws.lost:
            return None
        if self.backup_job is not None and self.backup_job.running:
            return None
        if reason == "interval" and not self._edited_since_backup:
            return None
        self._edited_since_backup = False

        def work(project: Project, _progress: ProgressFn, _cancel: CancelToken) -> Path | None:
            return project.backup(reason, skip_unchanged=True)

        job = start_job("backup", path, work, readonly=True)
        job.finished.connect(self._on_backup_done)
        self.backup_job = job
        return job

    def _on_backup_done(self, outcome: JobOutcome) -> None:
        if outcome.state is JobState.OK and isinstance(outcome.value, Path):
            self.backups_made.append(outcome.value)
        elif outcome.state is JobState.FAILED:
            log.warning("automatic backup failed: %s", outcome.message)
            if isValid(self.window):
                self.window.statusBar().showMessage(
                    f"⚠ Automatic backup failed: {outcome.message}", 10000)

    # -- closing --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        closing = watched is self.window and event.type() == QEvent.Type.Close
        if closing and self.ws.lost and self.rescued is None and not ask(
                self.window, "Close without a rescue copy?",
                "The project file is gone, so the work of this window exists only here. "
                "Close anyway and lose it?", default=False):
            event.ignore()
            return True
        return False
