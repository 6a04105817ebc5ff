"""The Team menu: hand out batches, merge annotators' files, agreement, adjudication and
statistics. The main window creates one ``TeamMenu`` and adds its menu; everything else lives
here, so the window stays a thin shell.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from desktop.ui.dialogs.team_dialogs import AgreementDialog, BatchDialog, MergeDialog
from desktop.ui.views.adjudication_view import AdjudicationWindow
from desktop.ui.views.statistics_view import StatisticsWindow
from desktop.ui.workspace import Workspace


class TeamMenu(QObject):
    """Team actions and the windows and dialogs they open (each made on first use)."""

    def __init__(self, ws: Workspace, window: QMainWindow) -> None:
        super().__init__(window)
        self.ws = ws
        self.window = window
        self.batch_dialog: BatchDialog | None = None
        self.merge_dialog: MergeDialog | None = None
        self.agreement_dialog: AgreementDialog | None = None
        self.statistics: StatisticsWindow | None = None
        # Made now: its actions belong in the menu from the start.
        self.adjudication = AdjudicationWindow(ws, window)
        self.menu = QMenu("&Team", window)
        self.menu.setObjectName("teamMenu")
        self.batch_action = self._action("actionBatches", "Hand out &batches…", "Ctrl+Alt+B",
                                         "Write one project file per annotator, with a "
                                         "shared agreement sample", self.open_batch_dialog)
        self.merge_action = self._action("actionMergeFiles", "&Merge annotators' files…",
                                         "Ctrl+Alt+M", "Bring annotators' project files "
                                         "back into this project", self.open_merge_dialog)
        self.agreement_action = self._action("actionAgreement", "A&greement…", "Ctrl+Alt+G",
                                             "Inter-annotator agreement: spans, characters, "
                                             "frames, actor links", self.open_agreement_dialog)
        self.menu.addSeparator()
        self.adjudicate_action = self._action("actionAdjudicate", "&Adjudicate…",
                                              "Ctrl+Alt+J", "Compare the layers of a "
                                              "document side by side and decide the gold layer",
                                              self.open_adjudication)
        sub = self.menu.addMenu("Adjudication &keys")
        for act in self.adjudication.menu_actions():
            sub.addAction(act)
        self.menu.addSeparator()
        self.statistics_action = self._action("actionStatistics", "&Statistics…",
                                              "Ctrl+Alt+S", "Charts: labels per annotator, "
                                              "progress, agreement per label, confusion",
                                              self.open_statistics)
        for act in self.menu.findChildren(QAction):
            act.setShortcutVisibleInContextMenu(True)

    def _action(self, name: str, text: str, key: str, tip: str, slot: object) -> QAction:
        act = QAction(text, self.window)
        act.setObjectName(name)
        act.setShortcut(QKeySequence(key))
        act.setStatusTip(tip)
        act.setToolTip(f"{tip} ({key})")
        act.setShortcutVisibleInContextMenu(True)
        act.triggered.connect(slot)
        self.menu.addAction(act)
        return act

    def open_batch_dialog(self) -> BatchDialog:
        if self.batch_dialog is None:
            self.batch_dialog = BatchDialog(self.ws, self.window)
        self.batch_dialog.show()
        self.batch_dialog.raise_()
        return self.batch_dialog

    def open_merge_dialog(self) -> MergeDialog:
        if self.merge_dialog is None:
            self.merge_dialog = MergeDialog(self.ws, self.window)
        self.merge_dialog.show()
        self.merge_dialog.raise_()
        return self.merge_dialog

    def open_agreement_dialog(self) -> AgreementDialog:
        if self.agreement_dialog is None:
            self.agreement_dialog = AgreementDialog(self.ws, self.window)
        self.agreement_dialog.show()
        self.agreement_dialog.raise_()
        return self.agreement_dialog

    def open_adjudication(self, doc_id: str | None = None) -> AdjudicationWindow:
        """Show the Adjudication window on ``doc_id`` (default: the open document when two
        people did it, else the first such document)."""
        win = self.adjudication
        win.refresh_documents()
        if doc_id is None and self.ws.current is not None and \
                win.docs.findData(self.ws.current.id) >= 0:
            doc_id = self.ws.current.id
        win.open_document(doc_id)
        win.show()
        win.raise_()
        win.activateWindow()
        return win

    def open_statistics(self) -> StatisticsWindow:
        if self.statistics is None:
            self.statistics = StatisticsWindow(self.ws, self.window)
        self.statistics.show()
        self.statistics.raise_()
        self.statistics.refresh()
        return self.statistics
