"""File → History…: who changed what, when — the project's change log, newest first.

The same entries and sentences as ``claimdesk history`` (``desktop/core/history.py``), filtered
by document and by person. Read-only: undoing stays Ctrl+Z's job, restoring a backup's.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.history import describe
from desktop.ui.workspace import Workspace

EVERYONE = "Everyone"


def local_time(stamp: str) -> str:
    """A change-log time (ISO 8601, UTC) in the local time zone, to the second."""
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return when.astimezone().strftime("%Y-%m-%d %H:%M:%S")


class HistoryDialog(QDialog):
    """The newest changes of the project, of the open document or of one person."""

    def __init__(self, parent: QWidget, workspace: Workspace) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle("History")
        self.ws = workspace
        self.this_document = QCheckBox("Only the open &document")
        self.this_document.setChecked(workspace.current is not None)
        self.this_document.setEnabled(workspace.current is not None)
        self.person = QComboBox()
        self.person.addItem(EVERYONE)
        for name in sorted({*workspace.project.annotations.annotators(), workspace.annotator}):
            self.person.addItem(name)
        self.limit = QSpinBox()
        self.limit.setRange(1, 100_000)
        self.limit.setSingleStep(100)
        self.limit.setValue(200)
        self.limit.setSuffix(" newest")
        row = QHBoxLayout()
        row.addWidget(self.this_document)
        row.addSpacing(12)
        who = QLabel("&Who:")
        who.setBuddy(self.person)
        row.addWidget(who)
        row.addWidget(self.person)
        row.addSpacing(12)
        shown = QLabel("&Show:")
        shown.setBuddy(self.limit)
        row.addWidget(shown)
        row.addWidget(self.limit)
        row.addStretch(1)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["When", "Who", "What", "Document"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col in (0, 1, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count)
        lay.addWidget(buttons)
        for signal in (self.this_document.toggled, self.person.currentIndexChanged,
                       self.limit.valueChanged):
            signal.connect(self.refresh)
        self.resize(860, 480)
        self.refresh()

    def refresh(self) -> None:
        doc = self.ws.current.id if (self.this_document.isChecked()
                                     and self.ws.current is not None) else None
        who = self.person.currentText()
        entries = self.ws.project.log.recent(limit=self.limit.value(), doc=doc,
                                             who=None if who == EVERYONE else who)
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            what = describe(e.action, e.entity, e.entity_id, e.before, e.after)
            for c, text in enumerate((local_time(e.at), e.who, what, e.doc or "")):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setToolTip(what)
                self.table.setItem(r, c, item)
        scope = f"document {doc}" if doc else "the project"
        self.count.setText(f"{len(entries)} newest changes of {scope}"
                           + ("" if who == EVERYONE else f" by {who}")
                           + (" (there may be older ones: show more)"
                              if len(entries) == self.limit.value() else ""))
