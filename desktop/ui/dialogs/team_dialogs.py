"""Team → Batches…, Merge…, Agreement…: each runs as a background job with progress and
Cancel (``ui/jobs.py``) and ends with a summary. The work is ``desktop.teams`` and
``desktop.store.merge_projects``, the same as ``claimdesk batch``, ``merge`` and ``agree``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.changes import Change
from desktop.core.model import DocStatus
from desktop.formats.progress import CancelToken, ProgressFn
from desktop.quality import AgreementReport
from desktop.store import MergeReport, Project, merge_projects
from desktop.teams import BatchResult, agreement_report, format_agreement, make_batches
from desktop.ui.dialogs._job_dialog import JobDialog
from desktop.ui.jobs import Job, JobOutcome, JobState
from desktop.ui.workspace import Workspace


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.split(",") if n.strip()]


def _ended(outcome: JobOutcome, what: str) -> str:
    if outcome.state is JobState.CANCELLED:
        return f"{what} cancelled: nothing was written."
    return f"{what} failed: {outcome.message}"


class BatchDialog(JobDialog):
    """One project file per annotator, with an agreement sample everyone gets."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent, kind="batch", title="Hand out batches", height=520)
        self.annotators = QLineEdit()
        self.annotators.setPlaceholderText("alice, bob, carol")
        self.annotators.setAccessibleName("Annotators")
        self.overlap = QDoubleSpinBox()
        self.overlap.setRange(0.0, 1.0)
        self.overlap.setSingleStep(0.05)
        self.overlap.setValue(0.2)
        self.overlap.setAccessibleName("Agreement sample share")
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.new_only = QCheckBox("Only documents nobody has started")
        self.new_only.setChecked(True)
        self.out = QLineEdit()
        self.out.setAccessibleName("Output folder")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.out, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Annotators:", self.annotators)
        form.addRow("Agreement &sample:", self.overlap)
        form.addRow("S&eed:", self.seed)
        form.addRow("", self.new_only)
        form.addRow("&Folder:", row)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        self.action = self._add_job_area(lay, "batch", self.start, summary_height=160,
                                         summary_stretch=1)
        if ws.path is not None:
            self.out.setText(str(ws.path.with_name(ws.path.stem + "-batches")))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder for the batch files")
        if folder:
            self.out.setText(folder)

    def start(self) -> Job | None:
        if self.running or self.ws.path is None:
            return None
        names, out = _names(self.annotators.text()), Path(self.out.text().strip())
        overlap, seed = self.overlap.value(), self.seed.value()
        statuses = frozenset({DocStatus.NEW}) if self.new_only.isChecked() else frozenset()

        def work(project: Project, progress: ProgressFn, cancel: CancelToken) -> BatchResult:
            return make_batches(project, out, names, overlap=overlap, seed=seed,
                                statuses=statuses, progress=progress, cancel=cancel.check)

        return self._start_job("batch", self.ws.path, work, "Writing the batch files…")

    def _on_finished(self, outcome: JobOutcome) -> None:
        if outcome.ok:
            result = outcome.value
            assert isinstance(result, BatchResult)
            self.summary.setPlainText("\n".join(result.lines()))
        else:
            self.summary.setPlainText(_ended(outcome, "Batch"))
        self.job_finished.emit(outcome)


class MergeDialog(JobDialog):
    """Bring annotators' project files back: one transaction for all of them."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent, kind="merge", title="Merge annotators' files", height=560)
        self.files = QListWidget()
        self.files.setAccessibleName("Files to merge")
        add = QPushButton("&Add files…")
        add.clicked.connect(self._add)
        clear = QPushButton("C&lear")
        clear.clicked.connect(self.files.clear)
        self.extend = QCheckBox("&Extend the codebook with labels and attributes the files "
                                "use (otherwise such a file is refused)")
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(clear)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.files, 1)
        lay.addLayout(row)
        lay.addWidget(self.extend)
        self.action = self._add_job_area(lay, "merge", self.start, summary_height=200,
                                         summary_stretch=2)

    def _add(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Annotators' project files", "",
                                                "Claimdesk projects (*.claimdesk)")
        self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path]) -> None:
        for p in paths:
            self.files.addItem(str(p))

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def start(self) -> Job | None:
        paths = self.paths()
        if self.running or self.ws.path is None or not paths:
            return None
        who, extend = self.ws.annotator, self.extend.isChecked()

        def work(project: Project, progress: ProgressFn,
                 cancel: CancelToken) -> tuple[list[MergeReport], Change]:
            return merge_projects(project, paths, who=who, extend_codebook=extend,
                                  progress=progress, cancel=cancel.check)

        job = self._start_job("merge", self.ws.path, work, "Merging…")
        self.ws.writes_paused = "A merge is running"
        return job

    def _on_finished(self, outcome: JobOutcome) -> None:
        self.ws.writes_paused = ""
        if outcome.ok:
            reports, change = outcome.value
            lines = [line for r in reports for line in r.lines(limit=20)]
            self.summary.setPlainText("Merge finished.\n" + "\n".join(lines))
            self.ws.external_change(change, f"merged {len(reports)} files")
        else:
            self.summary.setPlainText(_ended(outcome, "Merge") + " The project is unchanged.")
        self.job_finished.emit(outcome)


class AgreementDialog(JobDialog):
    """Agreement between annotators; the full report can be saved as JSON."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ws, parent, kind="agreement", title="Agreement", height=640)
        self.report: AgreementReport | None = None
        self.annotators = QLineEdit()
        self.annotators.setPlaceholderText("everyone (or e.g. alice, bob, gold)")
        self.labels = QLineEdit()
        self.labels.setPlaceholderText("every label (or e.g. CLAIM, SOURCE)")
        self.any_status = QCheckBox("Count unfinished layers too (default: done only)")
        form = QFormLayout()
        form.addRow("&Annotators:", self.annotators)
        form.addRow("&Labels:", self.labels)
        form.addRow("", self.any_status)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        self.action = self._add_job_area(lay, "agreement", self.start, summary_height=300,
                                         summary_stretch=3)
        self.save_button = self.buttons.addButton("Save &JSON…",
                                                  self.buttons.ButtonRole.ActionRole)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._ask_save)
        font = self.summary.font()
        font.setFamily("monospace")
        self.summary.setFont(font)

    def start(self) -> Job | None:
        if self.running or self.ws.path is None:
            return None
        names = _names(self.annotators.text()) or None
        labels = _names(self.labels.text()) or None
        statuses = None if self.any_status.isChecked() else frozenset({DocStatus.DONE})

        def work(project: Project, progress: ProgressFn, cancel: CancelToken) -> Any:
            return agreement_report(project, annotators=names, labels=labels,
                                    statuses=statuses, progress=progress, cancel=cancel.check)

        return self._start_job("agreement", self.ws.path, work, "Comparing layers…")

    def _on_finished(self, outcome: JobOutcome) -> None:
        if outcome.ok:
            self.report = outcome.value
            assert isinstance(self.report, AgreementReport)
            self.summary.setPlainText("\n".join(format_agreement(self.report)))
            self.save_button.setEnabled(True)
        else:
            self.summary.setPlainText(_ended(outcome, "Agreement"))
        self.job_finished.emit(outcome)

    def save_json(self, path: Path) -> None:
        assert self.report is not None
        path.write_text(json.dumps(self.report.to_json(), ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")

    def _ask_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save the agreement report",
                                              "agreement.json", "JSON (*.json)")
        if name:
            self.save_json(Path(name))

