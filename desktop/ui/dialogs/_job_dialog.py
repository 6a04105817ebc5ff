"""What the Import and Export dialogs share: one background job at a time, a progress row
with Cancel, a read-only summary, an action button and Close; closing while a job runs
cancels it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.jobs import Job, JobFn, JobOutcome, JobProgress, start_job
from desktop.ui.workspace import Workspace


class JobDialog(QDialog):
    """Non-modal base: subclasses build their fields (the format picker with
    ``_add_format_combo``), then call ``_add_job_area``."""

    format_combo: QComboBox

    job_finished = Signal(object)
    """JobOutcome, emitted after the dialog has shown the summary (and, for an import,
    refreshed the views)."""

    def __init__(self, workspace: Workspace, parent: QWidget | None, *, kind: str,
                 title: str, height: int) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.job: Job | None = None
        self.setObjectName(f"{kind}Dialog")
        self.setWindowTitle(title)
        self.setModal(False)
        self.resize(760, height)

    def _add_format_combo(self, formats: Iterable[str], labels: Mapping[str, str]) -> None:
        self.format_combo = QComboBox()
        for fmt in formats:
            self.format_combo.addItem(labels.get(fmt, fmt), fmt)

    def fmt(self) -> str:
        return str(self.format_combo.currentData())

    def set_format(self, fmt: str) -> None:
        self.format_combo.setCurrentIndex(self.format_combo.findData(fmt))

    def _add_job_area(self, layout: QVBoxLayout, kind: str, start: Callable[[], object], *,
                      summary_height: int, summary_stretch: int) -> QPushButton:
        """Progress, summary and buttons at the bottom of ``layout``; the action button."""
        name = kind.capitalize()
        self.progress = JobProgress()
        self.summary = QPlainTextEdit()
        self.summary.setObjectName(f"{kind}Summary")
        self.summary.setAccessibleName(f"{name} summary")
        self.summary.setReadOnly(True)
        self.summary.setPlaceholderText(f"The summary of the {kind} appears here.")
        self.summary.setMinimumHeight(summary_height)
        self.buttons = QDialogButtonBox()
        action = self.buttons.addButton(f"&{name}", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        action.setDefault(True)
        action.clicked.connect(start)
        self.close_button.clicked.connect(self.close)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary, summary_stretch)
        layout.addWidget(self.buttons)
        return action

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    def _start_job(self, kind: str, path: Path, work: JobFn, message: str, *,
                   readonly: bool = False) -> Job:
        """Show ``message``, start ``work`` in the background and follow it."""
        self.summary.setPlainText(message)
        self.job = start_job(kind, path, work, readonly=readonly)
        self.progress.attach(self.job)
        self.job.finished.connect(self._on_finished)
        return self.job

    def _on_finished(self, outcome: JobOutcome) -> None:
        """Show the outcome in the summary, then emit ``job_finished``."""
        raise NotImplementedError

    def cancel(self) -> None:
        self.progress.cancel()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing while a job runs cancels it (nothing is written); the job ends on its own.
        if self.running:
            self.cancel()
        super().closeEvent(event)
