"""Assist → Suggest for many documents… and Train the assistant…: background jobs with
progress and Cancel (``ui/jobs.py``) over ``desktop.suggesting``, the same work as
``claimdesk suggest`` and ``claimdesk suggest --train``.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.assist.model import ModelReport
from desktop.core.changes import Written
from desktop.core.model import DocStatus
from desktop.formats.progress import CancelToken, ProgressFn
from desktop.store import Project
from desktop.suggesting import (
    MIN_DOCUMENTS,
    StoredModel,
    SuggestRun,
    stored_model,
    suggest_documents,
    suggester_for,
    train_model,
    training_documents,
)
from desktop.ui.dialogs._job_dialog import JobDialog
from desktop.ui.jobs import Job, JobOutcome, JobState
from desktop.ui.workspace import Workspace

OPEN = frozenset({DocStatus.NEW, DocStatus.IN_PROGRESS})


class SuggestDialog(JobDialog):
    """Suggest in the annotator's layer of many documents, a page per transaction."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent, kind="suggest", title="Suggest for many documents",
                         height=420)
        intro = QLabel(f"Writes the assistant's suggestions into {ws.annotator}'s layer as "
                       "pending spans and frames. Earlier pending suggestions are replaced; "
                       "accepted and rejected ones are never touched. Cancel keeps the "
                       "documents already done.")
        intro.setWordWrap(True)
        self.open_docs = QRadioButton("Documents not marked &done or skipped")
        self.all_docs = QRadioButton("&All documents")
        self.open_docs.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.open_docs)
        group.addButton(self.all_docs)
        self.learned = QCheckBox("Use what the assistant &learned from your layer")
        self.learned.setChecked(True)
        lay = QVBoxLayout(self)
        for w in (intro, self.open_docs, self.all_docs, self.learned):
            lay.addWidget(w)
        self.action = self._add_job_area(lay, "suggest", self.start, summary_height=90,
                                         summary_stretch=1)
        self.action.setText("&Suggest")

    def start(self) -> Job | None:
        if self.running or self.ws.path is None:
            return None
        annotator = self.ws.annotator
        statuses = OPEN if self.open_docs.isChecked() else frozenset()
        learned = self.learned.isChecked()

        def work(project: Project, progress: ProgressFn,
                 cancel: CancelToken) -> Written[SuggestRun]:
            suggester = suggester_for(project, annotator, learned=learned)
            return suggest_documents(project, annotator, statuses=statuses,
                                     suggester=suggester, progress=progress, cancel=cancel)

        return self._start_job("suggest", self.ws.path, work, "Suggesting…")

    def _on_finished(self, outcome: JobOutcome) -> None:
        if outcome.ok:
            written = outcome.value
            assert isinstance(written, Written)
            run = written.value
            assert isinstance(run, SuggestRun)
            self.summary.setPlainText(run.summary()[:1].upper() + run.summary()[1:] + ".")
            window = self.parentWidget()
            if window is None or window.isVisible():  # not when the window (project) closed
                self.ws.external_change(written.change,
                                        f"Suggested in {run.documents} documents")
        elif outcome.state is JobState.CANCELLED:
            self.summary.setPlainText("Cancelled.")
        else:
            self.summary.setPlainText(f"Suggesting failed: {outcome.message}")
        self.job_finished.emit(outcome)


class TrainDialog(JobDialog):
    """Train the statistical model on the annotator's done documents; show its scores."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent, kind="train", title="Train the assistant", height=520)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("trainScores")
        self.table.setAccessibleName("Held-out scores")
        self.table.setHorizontalHeaderLabels(["label", "rules F1", "model F1",
                                              "rules + model F1", "model used"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.table, 2)
        self.action = self._add_job_area(lay, "train", self.start, summary_height=60,
                                         summary_stretch=0)
        self.action.setText("&Train")
        self.refresh()

    def refresh(self) -> None:
        """Show how much there is to train on and the stored model's scores."""
        project, who = self.ws.project, self.ws.annotator
        n = training_documents(project, who)
        stored = stored_model(project, who)
        when = (f" The model in the project was trained on {stored.documents} documents "
                f"({stored.trained_at}).") if stored else " No model has been trained yet."
        self.intro.setText(
            f"Trains a statistical tagger on the {n} documents marked done in {who}'s layer "
            f"(at least {MIN_DOCUMENTS} are needed), on the CPU, in the background. A quarter "
            "is held out: the model is used only for the labels where rules plus model beat "
            f"the rules there.{when}")
        self.action.setEnabled(n >= MIN_DOCUMENTS)
        self.show_report(stored.report if stored else None)

    def show_report(self, report: ModelReport | None) -> None:
        labels = sorted(report.rules) if report else []
        self.table.setRowCount(len(labels))
        for row, label in enumerate(labels):
            assert report is not None
            cells = [label, f"{report.rules[label].f1:.3f}",
                     f"{report.model[label].f1:.3f}" if label in report.model else "–",
                     f"{report.combined[label].f1:.3f}" if label in report.combined else "–",
                     "yes" if label in report.used else "no"]
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def start(self) -> Job | None:
        if self.running or self.ws.path is None:
            return None
        annotator = self.ws.annotator

        def work(project: Project, progress: ProgressFn, cancel: CancelToken) -> StoredModel:
            return train_model(project, annotator, progress=progress, cancel=cancel)

        return self._start_job("train", self.ws.path, work, "Training…")

    def _on_finished(self, outcome: JobOutcome) -> None:
        if outcome.ok:
            stored = outcome.value
            assert isinstance(stored, StoredModel)
            report = stored.report
            used = ", ".join(report.used) if report and report.used else "no label"
            held = report.held_out_documents if report else 0
            self.summary.setPlainText(
                f"Trained on {stored.documents} documents in "
                f"{report.seconds if report else 0:.1f} s; scored on {held} held-out "
                f"documents. The model is used for {used}.")
            self.refresh()
        elif outcome.state is JobState.CANCELLED:
            self.summary.setPlainText("Training cancelled: the model in the project is "
                                      "unchanged.")
        else:
            self.summary.setPlainText(f"Training failed: {outcome.message}")
        self.job_finished.emit(outcome)
