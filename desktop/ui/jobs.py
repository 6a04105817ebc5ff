"""Long jobs off the GUI thread: import, export, re-indexing.

``start_job(path, fn)`` runs the Qt-free ``fn(project, progress, cancel)`` in a ``QRunnable`` on
``QThreadPool.globalInstance()``. The worker opens **its own** ``Project`` on ``path`` (WAL lets
the GUI keep reading) and closes it when done; it never touches widgets, the GUI ``Workspace``
or the GUI connection. Progress and the outcome come back through queued signals, so every
public signal of ``Job`` is emitted in the GUI thread:

    progress(done, total, message)   total 0 means unknown
    finished(JobOutcome)             always, exactly once, last

``Job.cancel()`` sets the ``CancelToken`` the function checks between records; the formats
functions then raise ``Cancelled`` and write nothing (imports are one transaction, exports
write to a staging folder). Errors: a ``ClaimdeskError`` becomes its message; anything else is
logged with its traceback and reported with a generic message (never a traceback).

``JobProgress`` is the widget the dialogs embed: a progress bar, the latest message and Cancel.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from desktop.core.errors import Cancelled, ClaimdeskError
from desktop.formats.progress import CancelToken, ProgressFn
from desktop.store import Project, open_project

log = logging.getLogger(__name__)

JobFn = Callable[[Project, ProgressFn, CancelToken], Any]
"""A Qt-free job: gets its own open project, a progress callback and the cancel token."""

GENERIC_FAILURE = ("Something went wrong and nothing was written. The details are in the log; "
                   "please report this problem.")


class JobState(StrEnum):
    OK = "ok"
    CANCELLED = "cancelled"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class JobOutcome:
    state: JobState
    value: Any = None
    """The function's return value (only when ``state`` is OK)."""
    message: str = ""
    """What to tell the user when the job was cancelled or failed."""

    @property
    def ok(self) -> bool:
        return self.state is JobState.OK


class Job(QObject):
    """One background run; its public signals are emitted in the GUI thread."""

    progress = Signal(int, int, str)
    finished = Signal(object)  # JobOutcome

    # Emitted by the worker thread; queued to this object's (the GUI) thread.
    _worker_progress = Signal(int, int, str)
    _worker_done = Signal(object)

    def __init__(self, name: str, path: Path, fn: JobFn, *, readonly: bool = False) -> None:
        super().__init__()
        self.name = name
        self.path = path
        self.fn = fn
        self.readonly = readonly
        self.token = CancelToken()
        self.outcome: JobOutcome | None = None
        self._last_progress = 0.0
        queued = Qt.ConnectionType.QueuedConnection
        self._worker_progress.connect(self._on_progress, queued)
        self._worker_done.connect(self._on_done, queued)

    @property
    def running(self) -> bool:
        return self.outcome is None

    def cancel(self) -> None:
        """Ask the job to stop (from the GUI thread); ``finished`` follows."""
        self.token.cancel()

    # -- worker side (runs in the pool thread) --------------------------------------------

    def _report(self, done: int, total: int, message: str) -> None:
        # At most ~20 updates a second reach the GUI; the final one always does.
        now = time.monotonic()
        final = total > 0 and done >= total
        if not final and now - self._last_progress < 0.05:
            return
        self._last_progress = now
        self._worker_progress.emit(done, total, message)

    def _work(self) -> None:
        try:
            with open_project(self.path, readonly=self.readonly) as project:
                self.token.check()
                value = self.fn(project, self._report, self.token)
            outcome = JobOutcome(JobState.OK, value)
        except Cancelled as exc:
            outcome = JobOutcome(JobState.CANCELLED, message=str(exc))
        except ClaimdeskError as exc:
            outcome = JobOutcome(JobState.FAILED, message=str(exc))
        except Exception:  # a bug: logged for the report, never shown as a traceback
            log.exception("background job %r failed", self.name)
            outcome = JobOutcome(JobState.FAILED, message=GENERIC_FAILURE)
        self._worker_done.emit(outcome)

    # -- GUI side ------------------------------------------------------------------------

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, message: str) -> None:
        if self.outcome is None:
            self.progress.emit(done, total, message)

    @Slot(object)
    def _on_done(self, outcome: JobOutcome) -> None:
        self.outcome = outcome
        _ACTIVE.discard(self)
        self.finished.emit(outcome)


class _Runnable(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job
        self.setAutoDelete(True)

    def run(self) -> None:
        self.job._work()


_ACTIVE: set[Job] = set()
"""Jobs still running; held here so a closed dialog never frees a job under its worker."""


def start_job(name: str, path: Path, fn: JobFn, *, readonly: bool = False) -> Job:
    """Run ``fn`` on the global thread pool with its own project opened on ``path``
    (for reading only with ``readonly``: exports, backups)."""
    job = Job(name, path, fn, readonly=readonly)
    _ACTIVE.add(job)
    QThreadPool.globalInstance().start(_Runnable(job))
    return job


def active_jobs() -> list[Job]:
    return list(_ACTIVE)


class JobProgress(QWidget):
    """A progress bar, the job's latest message and a Cancel button (for dialogs/status bar)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job: Job | None = None
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Progress")
        self.bar.setTextVisible(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the job; nothing is written")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 2)
        row.addWidget(self.message, 3)
        row.addWidget(self.cancel_button)
        self.reset()

    def reset(self) -> None:
        self.job = None
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.message.clear()
        self.cancel_button.setEnabled(False)

    def attach(self, job: Job) -> None:
        self.job = job
        self.bar.setRange(0, 0)  # busy until the first report with a total
        self.message.setText("Starting…")
        self.cancel_button.setEnabled(True)
        job.progress.connect(self._on_progress)
        job.finished.connect(self._on_finished)

    def cancel(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.message.setText("Cancelling…")

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)
        if message:
            self.message.setText(message)

    @Slot(object)
    def _on_finished(self, outcome: JobOutcome) -> None:
        self.cancel_button.setEnabled(False)
        self.bar.setRange(0, 1)
        self.bar.setValue(1 if outcome.ok else 0)
        self.message.setText({JobState.OK: "Finished", JobState.CANCELLED: "Cancelled",
                              JobState.FAILED: "Failed"}[outcome.state])
