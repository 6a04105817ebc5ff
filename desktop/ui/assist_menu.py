"""The Assist menu: suggest, review suggestions with one key each, train the assistant.

The main window creates one ``AssistMenu`` and adds its menu; everything else lives here
(the review logic in ``ui/review.py``, the edits in ``ui/assist_ops.py``, the work in
``desktop.suggesting``), so the window stays a thin shell.

Suggesting runs off the GUI thread (``ui/jobs.py``): for this document (F7) the suggestions
are computed by a job and written as one undoable step; for many documents, and when a
document is opened with "Suggest automatically" on, the job writes them itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from desktop.core.changes import Written
from desktop.core.model import SpanState
from desktop.formats.progress import CancelToken, ProgressFn
from desktop.store import PendingSet, Project, Replaced
from desktop.suggesting import compute_for, suggest_document, suggester_for
from desktop.ui.actions import ActionId
from desktop.ui.assist_ops import ReplaceSuggestions
from desktop.ui.dialogs.assist_dialogs import SuggestDialog, TrainDialog
from desktop.ui.jobs import Job, JobOutcome, start_job
from desktop.ui.review import suggestions
from desktop.ui.settings import AUTO_SUGGEST

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

_CONTEXT = Qt.ShortcutContext


class AssistMenu(QObject):
    """Signals:
    message(str): a sentence for the status bar.
    """

    message = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ws = window.ws
        self.review = window.labelling.review
        self.suggest_dialog: SuggestDialog | None = None
        self.train_dialog: TrainDialog | None = None
        self.job: Job | None = None
        """The running suggestion job for the open document (F7 or on open)."""
        self.menu = QMenu("A&ssist", window)
        self.menu.setObjectName("assistMenu")
        article = window.article_view
        self.suggest_action = self._action(
            "actionSuggestDocument", "&Suggest for this document", ("F7",),
            "Propose spans and attribution frames for this document (pending until you "
            "accept them)", self.suggest_current)
        self.suggest_many_action = self._action(
            "actionSuggestMany", "Suggest for &many documents…", ("Shift+F7",),
            "Write suggestions into your layer of many documents, in the background",
            self.open_suggest_dialog)
        self.auto_action = self._action(
            "actionAutoSuggest", "Suggest automatically when a document &opens", (),
            "When a document with nothing pending opens, suggest for it in the background "
            "(never for documents done or skipped)", None)
        self.auto_action.setCheckable(True)
        self.auto_action.setChecked(window.settings.value(AUTO_SUGGEST))
        self.auto_action.toggled.connect(self._set_auto)
        self.menu.addSeparator()
        # Enter is the Label menu's "Finish frame / accept suggestion" action: one key, one
        # action, shown in both menus.
        self.menu.addAction(window.actions_by_id[ActionId.FINISH_FRAME])
        self.reject_action = self._action(
            "actionRejectSuggestion", "&Reject suggestion", ("Backspace",),
            "Reject the suggestion under the caret (a frame's claim: the whole frame); it is "
            "not proposed again", window.labelling.backspace, article=True)
        self.next_action = self._action(
            "actionNextSuggestion", "&Next suggestion", ("N",),
            "Go to the next pending suggestion", lambda: self.review.step(1), article=True)
        self.prev_action = self._action(
            "actionPreviousSuggestion", "&Previous suggestion", ("Shift+N",),
            "Go to the previous pending suggestion", lambda: self.review.step(-1),
            article=True)
        self.menu.addSeparator()
        self.accept_all_action = self._action(
            "actionAcceptAllSuggestions", "&Accept all in document", ("Alt+Return",
                                                                      "Alt+Enter"),
            "Accept every pending suggestion of this document (one undo step)",
            lambda: self.review.decide_all(SpanState.ACCEPTED))
        self.reject_all_action = self._action(
            "actionRejectAllSuggestions", "Reject a&ll in document", ("Ctrl+Shift+Backspace",),
            "Reject every pending suggestion of this document (one undo step)",
            lambda: self.review.decide_all(SpanState.REJECTED))
        self.menu.addSeparator()
        self.train_action = self._action(
            "actionTrainAssistant", "&Train the assistant…", (),
            "Train the statistical model on your documents marked done and see its "
            "held-out scores", self.open_train_dialog)
        for act in (self.reject_action, self.next_action, self.prev_action):
            article.addAction(act)
        self.ws.document_opened.connect(self._on_document_opened)
        self.ws.view_layer_changed.connect(lambda _name: self.update_enabled())
        self.ws.document_opened.connect(lambda _id: self.update_enabled())
        window.labelling.gesture.changed.connect(self.update_enabled)
        window.labelling.relating.changed.connect(self.update_enabled)
        self.update_enabled()

    def _action(self, name: str, text: str, keys: tuple[str, ...], tip: str,
                slot: object, *, article: bool = False) -> QAction:
        act = QAction(text, self.window)
        act.setObjectName(name)
        act.setShortcuts([QKeySequence(k) for k in keys])
        shown = " / ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)
                           for k in keys)
        act.setToolTip(f"{tip} ({shown})" if shown else tip)
        act.setStatusTip(tip)
        act.setShortcutVisibleInContextMenu(True)
        if article:
            # Plain keys act only while the article text has the focus.
            act.setShortcutContext(_CONTEXT.WidgetWithChildrenShortcut)
        if slot is not None:
            act.triggered.connect(slot)
        self.menu.addAction(act)
        return act

    def update_enabled(self) -> None:
        lab = self.window.labelling
        editable = self.window.article_view.editable
        idle = not (lab.gesture.active or lab.relating.active)
        for act in (self.suggest_action, self.reject_action, self.next_action,
                    self.prev_action, self.accept_all_action, self.reject_all_action):
            act.setEnabled(editable and idle)

    # -- suggesting ----------------------------------------------------------------------

    def _set_auto(self, on: bool) -> None:
        self.window.settings.set_value(AUTO_SUGGEST, bool(on))
        self.message.emit("Suggestions will be made when a document opens" if on
                          else "Suggestions only when asked for (F7)")

    def follow_setting(self) -> None:
        """The setting changed (Preferences): the menu's check item follows, silently."""
        on = self.window.settings.value(AUTO_SUGGEST)
        if self.auto_action.isChecked() != on:
            self.auto_action.blockSignals(True)
            self.auto_action.setChecked(on)
            self.auto_action.blockSignals(False)

    def _busy(self) -> bool:
        return self.job is not None and self.job.running

    def suggest_current(self) -> Job | None:
        """F7: compute this document's suggestions in the background, then write them as
        one undoable step."""
        doc, path = self.ws.current, self.ws.path
        if doc is None or path is None or not self.window.article_view.editable:
            self.message.emit("Open a document of your own layer to suggest for it")
            return None
        if self._busy():
            assert self.job is not None
            self.job.cancel()
        annotator, doc_id = self.ws.annotator, doc.id

        def work(project: Project, _progress: ProgressFn, cancel: CancelToken) -> PendingSet:
            suggester = suggester_for(project, annotator)
            cancel.check()
            return compute_for(project, annotator, doc_id, suggester=suggester)

        self.message.emit("Suggesting for this document…")
        self.job = start_job("suggest", path, work)
        self.job.finished.connect(lambda outcome: self._computed(doc_id, outcome))
        return self.job

    def _gone(self) -> bool:
        """The window closed (its project with it) while a job was finishing."""
        return not self.window.isVisible()

    def _computed(self, doc_id: str, outcome: JobOutcome) -> None:
        if self._gone():
            return
        if not outcome.ok:
            if outcome.message:
                self.message.emit(f"Suggesting failed: {outcome.message}")
            return
        if self.ws.current is None or self.ws.current.id != doc_id:
            return  # the user moved on; F7 there suggests for that one
        pending = outcome.value
        assert isinstance(pending, PendingSet)
        op = ReplaceSuggestions(self.ws.project, self.ws.annotator, doc_id, pending)
        if self.ws.push(op):
            self.review.first()
            self._announce(len(op.suggestions.layer.spans), len(op.suggestions.layer.frames))

    def _announce(self, spans: int, frames: int) -> None:
        units = suggestions(self.ws.layer())
        self.message.emit(f"{spans} suggested spans and {frames} frames in this document"
                          + (": N and Shift+N move between them, Enter accepts, Backspace "
                             "rejects" if units else ""))

    def _on_document_opened(self, doc_id: str) -> None:
        on = self.window.settings.value(AUTO_SUGGEST)
        if not on or self.ws.path is None or not self.ws.viewing_own_layer:
            return
        if self._busy():
            assert self.job is not None
            self.job.cancel()
        annotator = self.ws.annotator

        def work(project: Project, _progress: ProgressFn,
                 cancel: CancelToken) -> Written[Replaced] | None:
            suggester = suggester_for(project, annotator)
            cancel.check()
            return suggest_document(project, annotator, doc_id, suggester=suggester,
                                    only_new=True)

        self.job = start_job("suggest on open", self.ws.path, work)
        self.job.finished.connect(lambda outcome: self._auto_done(doc_id, outcome))

    def _auto_done(self, doc_id: str, outcome: JobOutcome) -> None:
        if self._gone() or not outcome.ok or outcome.value is None:
            return
        written = outcome.value
        assert isinstance(written, Written)
        self.ws.external_change(written.change)
        if self.ws.current is not None and self.ws.current.id == doc_id:
            layer = written.value.written.layer
            self._announce(len(layer.spans), len(layer.frames))

    # -- dialogs -------------------------------------------------------------------------

    def open_suggest_dialog(self) -> SuggestDialog:
        if self.suggest_dialog is None:
            self.suggest_dialog = SuggestDialog(self.ws, self.window)
        self.suggest_dialog.show()
        self.suggest_dialog.raise_()
        return self.suggest_dialog

    def open_train_dialog(self) -> TrainDialog:
        if self.train_dialog is None:
            self.train_dialog = TrainDialog(self.ws, self.window)
        else:
            self.train_dialog.refresh()
        self.train_dialog.show()
        self.train_dialog.raise_()
        return self.train_dialog
