"""Permanent status-bar fields: annotator, document n of N, done count, saved state."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QStatusBar, QToolButton

from desktop.core.changes import Change
from desktop.core.model import DocStatus
from desktop.ui.navigation import DocumentNavigator
from desktop.ui.theme import error_colour
from desktop.ui.workspace import Workspace


def _field(name: str, tip: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setToolTip(tip)
    label.setContentsMargins(8, 0, 8, 0)
    return label


class StatusFields(QObject):
    """Signals:
    annotator_clicked(): the annotator's name was clicked (File → Switch annotator).
    """

    annotator_clicked = Signal()

    def __init__(self, workspace: Workspace, bar: QStatusBar,
                 navigator: DocumentNavigator) -> None:
        super().__init__(bar)
        self.ws = workspace
        self.bar = bar
        self.nav = navigator
        # A flat button: it reads as a status field, takes a click (and Tab, Space) to
        # switch annotator, and follows the light or dark palette by itself.
        self.annotator = QToolButton()
        self.annotator.setObjectName("statusAnnotator")
        self.annotator.setAutoRaise(True)
        self.annotator.setToolTip("Your layer: every edit is made as this annotator. Click to "
                                  "switch annotator.")
        self.position = _field("statusPosition", "Position of this document in the list")
        self.done = _field("statusDone", "Documents you have marked done")
        self.saved = _field("statusSaved", "Every edit is written to the project file as "
                                           "you make it")
        for w in (self.annotator, self.position, self.done, self.saved):
            bar.addPermanentWidget(w)
        self.annotator.setText(f"Annotator: {workspace.annotator}")
        self.annotator.setAccessibleName(f"Annotator {workspace.annotator}, click to switch")
        self.annotator.clicked.connect(self.annotator_clicked)
        self.saved.setText("✓ All changes saved")
        # Switching documents moves the position only; the done count is corpus-wide and
        # follows status changes (never a key press or a document switch).
        workspace.document_opened.connect(lambda _id: self.update_position())
        workspace.changed.connect(self._on_changed)
        workspace.saved.connect(self.on_saved)
        workspace.error.connect(self.on_error)
        self.update_counts()

    def update_position(self) -> None:
        model = self.nav.model
        matched = getattr(model, "matched", None)  # a paged list: all matches, not the loaded
        total = matched() if callable(matched) else model.rowCount() if model is not None else 0
        row = self.nav.current_row()
        self.position.setText(f"Document {row + 1 if row is not None else '–'} of {total}")

    def update_counts(self) -> None:
        self.update_position()
        done = self.ws.project.status_counts(self.ws.annotator).get(DocStatus.DONE, 0)
        self.done.setText(f"{done} done")

    def _on_changed(self, change: Change) -> None:
        if change.status or change.corpus or change.reload:
            self.update_counts()

    def on_saved(self, message: str) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        self.saved.setStyleSheet("")
        self.saved.setText(f"✓ Saved {stamp}")
        self.saved.setToolTip(f"Last edit ({message}) is on disk in the project file")
        self.bar.showMessage(f"Saved: {message}", 4000)

    def on_error(self, message: str) -> None:
        self.saved.setStyleSheet(f"color: {error_colour(self.saved.palette()).name()};")
        self.saved.setText("⚠ Edit refused, nothing lost")
        self.saved.setToolTip(message)
        self.bar.showMessage(f"Not saved: {message}", 8000)
