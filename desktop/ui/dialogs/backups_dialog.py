"""File → Backups…: the open project's backups, a backup now, and putting one back.

The same store functions as ``claimdesk backup`` and ``claimdesk restore`` (see
``desktop/store/backup.py``): a backup is SQLite's online copy, taken in a background job
while editing goes on; a restore first keeps the current content as a "before-restore"
backup, so it can itself be undone from this list.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.text import size_text
from desktop.formats.progress import CancelToken, ProgressFn
from desktop.store import (
    Backup,
    Project,
    backup_folder,
    backup_interval_minutes,
    backups_kept,
    list_backups,
)
from desktop.ui.jobs import Job, JobOutcome, JobState, start_job
from desktop.ui.workspace import Workspace

WHY = {"open": "automatic (on open)", "interval": "automatic (while editing)",
       "manual": "made by you", "before-migration": "before an upgrade",
       "before-restore": "before a restore", "damaged": "damaged file set aside"}
"""How the list names each kind of backup (``Backup.reason``)."""

Confirm = Callable[..., bool]


class BackupsDialog(QDialog):
    """The project's backups, newest first."""

    def __init__(self, parent: QWidget, workspace: Workspace, *,
                 restore: Callable[[Path], object], confirm: Confirm) -> None:
        super().__init__(parent)
        self.setObjectName("backupsDialog")
        self.setWindowTitle("Backups")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ws = workspace
        assert workspace.path is not None
        self.path: Path = workspace.path
        self._restore = restore
        self._confirm = confirm
        self.backups: list[Backup] = []
        self.job: Job | None = None

        minutes = backup_interval_minutes()
        every = f" and every {minutes} minutes while you edit" if minutes else ""
        self.note = QLabel(
            f"Claimdesk copies this project when it opens{every}, keeping the newest "
            f"{backups_kept()} automatic copies; copies you make are kept until you delete "
            "them. Restoring one first keeps what the project holds now, so a restore can be "
            "undone from this list.")
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["When", "Kind", "Size", "File"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_enabled)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        self.empty = QLabel()
        self.empty.setWordWrap(True)

        self.backup_button = QPushButton("&Back up now")
        self.backup_button.setToolTip("Copy the project now (editing goes on meanwhile)")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.setToolTip("Put the selected backup back in place of the project")
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button = QPushButton("Show &folder")
        self.folder_button.setToolTip(str(backup_folder(self.path)))
        self.folder_button.clicked.connect(self.show_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for b in (self.backup_button, self.restore_button, self.folder_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(buttons)
        self.status = QLabel()
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.empty)
        lay.addWidget(self.status)
        lay.addLayout(row)
        self.resize(720, 420)
        self.refresh()

    # -- the list ---------------------------------------------------------------------------

    def refresh(self) -> None:
        self.backups = list_backups(self.path)
        self.table.setRowCount(len(self.backups))
        for r, b in enumerate(self.backups):
            when = b.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            cells = (when, WHY.get(b.reason, b.reason), size_text(b.size), b.path.name)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(str(b.path))
                self.table.setItem(r, c, item)
        self.empty.setText("" if self.backups else
                           f"No backups of this project yet (they go to "
                           f"{backup_folder(self.path)}).")
        self.empty.setVisible(not self.backups)
        if self.backups and not self.table.selectedItems():
            self.table.selectRow(0)
        self._update_enabled()

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_enabled(self) -> None:
        idle = self.job is None or not self.job.running
        self.backup_button.setEnabled(idle and not self.ws.lost)
        self.restore_button.setEnabled(idle and self.selected() is not None
                                       and not self.ws.read_only)

    # -- actions ----------------------------------------------------------------------------

    def back_up_now(self) -> Job:
        def work(project: Project, _progress: ProgressFn, _cancel: CancelToken) -> Path | None:
            return project.backup("manual")

        self.status.setText("Backing up…")
        self.job = start_job("backup", self.path, work, readonly=True)
        self.job.finished.connect(self._backed_up)
        self._update_enabled()
        return self.job

    def _backed_up(self, outcome: JobOutcome) -> None:
        self.job = None
        if outcome.state is JobState.OK and isinstance(outcome.value, Path):
            self.status.setText(f"Backed up to {outcome.value.name}.")
        else:
            self.status.setText(f"⚠ The backup failed: {outcome.message}")
        self.refresh()

    def restore_selected(self) -> bool:
        chosen = self.selected()
        if chosen is None or self.ws.read_only:
            return False
        when = chosen.created.astimezone().strftime("%Y-%m-%d %H:%M")
        if not self._confirm(
                self, title="Restore this backup?",
                text=f"The project goes back to how it was on {when} "
                     f"({WHY.get(chosen.reason, chosen.reason)}). What it holds now is kept "
                     "as a “before-restore” backup first, so this can be undone here.",
                ok="Restore"):
            return False
        self.close()
        self._restore(chosen.path)
        return True

    def show_folder(self) -> None:
        folder = backup_folder(self.path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
