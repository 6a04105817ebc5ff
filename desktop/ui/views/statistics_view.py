"""Team → Statistics: label counts per annotator, documents done over time, agreement per
label and the label confusion matrix, as charts; each can be saved as PNG or SVG.

The figures are ``desktop.teams.team_stats`` (the same as ``claimdesk stats --json``'s
``team`` field), computed in a background job because agreement reads every layer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.model import GOLD
from desktop.formats.progress import CancelToken, ProgressFn
from desktop.store import Project
from desktop.teams import team_stats
from desktop.ui.jobs import Job, JobOutcome, JobProgress, start_job
from desktop.ui.views import charts
from desktop.ui.workspace import Workspace

CHARTS = ("labels", "progress", "agreement", "confusion")


class StatisticsWindow(QWidget):
    """Four charts in a grid; Refresh recomputes, Save writes every chart or one."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ws = ws
        self.setObjectName("statisticsWindow")
        self.setWindowTitle("Team statistics — Claimdesk")
        self.resize(1200, 820)
        self.stats: dict[str, Any] | None = None
        self.charts: dict[str, QWidget] = {}
        self.job: Job | None = None
        self.summary = QLabel()
        self.summary.setObjectName("statisticsSummary")
        self.summary.setWordWrap(True)
        self.progress = JobProgress()
        self.progress.setVisible(False)  # shown while the figures are computed
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.save_button = QPushButton("&Save charts…")
        self.save_button.setToolTip("Save every chart as PNG and SVG into a folder")
        self.save_button.clicked.connect(self._ask_save_all)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.save_button)
        self.grid = QGridLayout()
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.progress)
        lay.addLayout(self.grid, 1)
        if not charts.available():
            missing = QLabel(charts.MISSING)
            missing.setObjectName("chartsMissing")
            missing.setWordWrap(True)
            self.grid.addWidget(missing, 0, 0)

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    def refresh(self) -> Job | None:
        """Recompute the figures in the background; the charts follow when done."""
        if self.running or self.ws.path is None:
            return None

        def work(project: Project, progress: ProgressFn, cancel: CancelToken) -> Any:
            return team_stats(project, progress=progress, cancel=cancel.check)

        self.summary.setText("Computing the team's figures…")
        self.job = start_job("statistics", self.ws.path, work)
        self.progress.attach(self.job)
        self.progress.setVisible(True)
        self.job.finished.connect(self._on_finished)
        return self.job

    def _on_finished(self, outcome: JobOutcome) -> None:
        self.progress.setVisible(False)
        if outcome.ok:
            self.show_stats(outcome.value)
        else:
            self.summary.setText(outcome.message or "The figures could not be computed.")

    def show_stats(self, stats: dict[str, Any]) -> None:
        """Draw the charts for ``stats`` (``team_stats`` output)."""
        self.stats = stats
        agreement = stats["agreement"]
        docs = agreement["documents"]
        alpha = agreement["alpha"]
        people = [n for n in stats["annotators"] if n != GOLD]
        self.summary.setText(
            f"{len(people)} annotators; {docs['compared']} documents compared, "
            f"{docs['single']} done by one annotator only (left out). Krippendorff's alpha "
            f"{'–' if alpha is None else f'{alpha:.3f}'} (finished layers only).")
        if not charts.available():
            return
        for w in self.charts.values():
            self.grid.removeWidget(w)
            w.deleteLater()
        counts = {n: a["labels"] for n, a in stats["annotators"].items() if a["labels"]}
        self.charts = {"labels": charts.label_counts_chart(counts),
                       "progress": charts.done_over_time_chart(stats["done_over_time"]),
                       "agreement": charts.agreement_chart(agreement["per_label"])}
        conf = agreement["confusion"]
        if conf is not None:
            self.charts["confusion"] = charts.confusion_chart(conf["a"], conf["b"],
                                                              conf["labels"], conf["counts"])
        for i, (name, w) in enumerate(self.charts.items()):
            w.setObjectName(f"chart_{name}")
            w.setMinimumSize(420, 300)
            self.grid.addWidget(w, i // 2, i % 2)

    def save_chart(self, name: str, path: Path) -> Path:
        """Save one chart (``CHARTS``) as PNG or SVG, by ``path``'s suffix."""
        return charts.save_widget(self.charts[name], path)

    def save_all(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        out = []
        for name in self.charts:
            for suffix in (".png", ".svg"):
                out.append(self.save_chart(name, folder / f"{name}{suffix}"))
        return out

    def _ask_save_all(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Save the charts into")
        if folder:
            saved = self.save_all(Path(folder))
            self.summary.setText(f"Saved {len(saved)} files into {folder}")
