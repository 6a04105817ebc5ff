"""The Export dialog: format, output, layer, filters, split; progress with Cancel; a summary.

The export runs as a background job (``ui/jobs.py``) on its own read connection. Exporters
write into a staging folder and move the result into place only at the end, so Cancel or an
error leaves nothing behind. The summary lists the counts per split, the files written and
what a lossy format dropped (``ExportReport.warnings``).

Before the job starts, the checks of ``export_checks.preflight`` run on the selection. When
they find something that would mislead (an empty gold layer, an empty split part, untouched
documents exported as documents without attribution, documents still in progress in a
training set) or the output file exists, nothing is written yet: the summary says why and the
button becomes *Export anyway*; pressing it again with the same options exports. Changing an
option asks again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.model import GOLD, DocStatus
from desktop.formats import registry
from desktop.formats.export_checks import includes_untouched_by_default, preflight
from desktop.formats.exporting import export
from desktop.formats.progress import CancelToken, ProgressFn
from desktop.formats.tokens import SCHEMES
from desktop.formats.writing import ExportReport
from desktop.store import Project, output_problem
from desktop.ui.dialogs._job_dialog import JobDialog
from desktop.ui.jobs import Job, JobOutcome, JobState
from desktop.ui.safety_dialogs import confirm_overwrite
from desktop.ui.workspace import Workspace

MAX_FILES_SHOWN = 12


def writes_folder(fmt: str, split: str) -> bool:
    """True when ``fmt`` (with or without a split) writes a folder rather than one file."""
    return registry.single_file(fmt) is None or bool(split.strip())


def format_export_report(report: ExportReport) -> str:
    """The text shown at the end of a successful export."""
    lines = ["Export finished.", report.summary() + "."]
    if len(report.counts) > 1 or (report.counts and "all" not in report.counts):
        lines += ["", "Per split:"]
        order = {"train": 0, "dev": 1, "test": 2}
        for name, c in sorted(report.counts.items(), key=lambda kv: (order.get(kv[0], 3),
                                                                      kv[0])):
            d = c.as_dict()
            lines.append(f"  • {name}: {d['documents']} documents, {d['spans']} spans, "
                         f"{d['frames']} frames, {d['relations']} relations")
    warnings = report.warnings
    lines += ["", f"Left out by the format / warnings ({len(warnings)}):" if warnings
              else "Nothing was left out."]
    lines += [f"  • {w}" for w in warnings]
    if report.files:
        total = max(report.file_count, len(report.files))
        lines += ["", f"Files ({total}):"]
        lines += [f"  • {f}" for f in report.files[:MAX_FILES_SHOWN]]
        if total > MAX_FILES_SHOWN:
            lines.append(f"  … and {total - MAX_FILES_SHOWN} more (all listed "
                         "with checksums in manifest.json)")
    return "\n".join(lines)


class ExportDialog(JobDialog):
    """Non-modal; tests set the fields and call ``start_export``."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent, kind="export", title="Export corpus", height=640)
        self._out_edited = False
        self._confirmed_out: Path | None = None

        # -- what and where ----------------------------------------------------------------
        self._add_format_combo(registry.EXPORT_FORMATS, registry.export_labels())
        self.out_label = QLabel("Output file:")
        self.out_edit = QLineEdit()
        self.out_edit.setAccessibleName("Output path")
        self.out_edit.textEdited.connect(self._on_out_edited)
        self.browse_button = QPushButton("Browse…")
        self.browse_button.clicked.connect(self._browse_out)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.browse_button)
        self.layer_combo = QComboBox()
        for name in workspace.project.annotations.annotators():
            self.layer_combo.addItem("gold (adjudicated)" if name == GOLD else name, name)
        self.layer_combo.setCurrentIndex(max(0, self.layer_combo.findData(workspace.annotator)))
        main = QGroupBox("What and where")
        form = QFormLayout(main)
        form.addRow("&Format:", self.format_combo)
        form.addRow(self.out_label, out_row)
        form.addRow("&Layer:", self.layer_combo)

        # -- options ---------------------------------------------------------------------
        self.status_boxes: dict[DocStatus, QCheckBox] = {}
        status_row = QHBoxLayout()
        for st in DocStatus:
            box = QCheckBox(st.value)
            self.status_boxes[st] = box
            status_row.addWidget(box)
        status_row.addStretch(1)
        self.split_edit = QLineEdit()
        self.split_edit.setPlaceholderText("none, or e.g. 80/10/10")
        self.split_edit.setToolTip("Train/dev/test percentages, e.g. 80/10/10 (or 90/10); "
                                   "empty: no split")
        self.split_edit.textChanged.connect(self._on_format_changed)
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setToolTip("The same seed gives the same split")
        split_row = QHBoxLayout()
        split_row.addWidget(self.split_edit, 1)
        split_row.addWidget(QLabel("Seed:"))
        split_row.addWidget(self.seed_spin)
        self.standoff = QCheckBox("Standoff: leave the article text out (sha256, url and "
                                  "offsets only)")
        self.untouched = QCheckBox("Include untouched documents (status new, nothing "
                                   "annotated) as documents without attribution")
        self.untouched.setObjectName("includeUntouched")
        self.untouched.setToolTip("Off by default for training formats (spaCy, CoNLL, Hugging "
                                  "Face): a model would learn that they contain no attribution")
        self.untouched.clicked.connect(self._on_untouched_clicked)
        self._untouched_chosen = False
        self._confirmed: tuple[object, ...] | None = None
        self.scheme_combo = QComboBox()
        self.scheme_combo.addItems(list(SCHEMES))
        self.include_pending = QCheckBox("Pending suggestions as p&redictions (JSONL always "
                                         "keeps them)")
        options = QGroupBox("Options")
        oform = QFormLayout(options)
        status_label = QLabel("Only &status:")
        status_label.setBuddy(self.status_boxes[DocStatus.NEW])
        split_label = QLabel("S&plit:")
        split_label.setBuddy(self.split_edit)
        oform.addRow(status_label, status_row)
        oform.addRow("", QLabel("(none ticked: every document)"))
        oform.addRow(split_label, split_row)
        oform.addRow("Tag s&cheme:", self.scheme_combo)
        oform.addRow(self.standoff)
        oform.addRow(self.untouched)
        oform.addRow(self.include_pending)

        # -- progress, summary, buttons ---------------------------------------------------
        layout = QVBoxLayout(self)
        layout.addWidget(main)
        layout.addWidget(options)
        self.export_button = self._add_job_area(layout, "export", self.start_export,
                                                summary_height=140, summary_stretch=1)
        self.format_combo.currentIndexChanged.connect(self._on_format_changed)
        # Any change of what would be written asks again before writing.
        self.layer_combo.currentIndexChanged.connect(self._update_enabled)
        self.out_edit.textChanged.connect(self._update_enabled)
        self.seed_spin.valueChanged.connect(self._update_enabled)
        self.untouched.toggled.connect(self._update_enabled)
        for box in self.status_boxes.values():
            box.toggled.connect(self._update_enabled)
        self._on_format_changed()

    # -- fields --------------------------------------------------------------------------

    def out_path(self) -> Path | None:
        text = self.out_edit.text().strip()
        return Path(text).expanduser() if text else None

    def set_out_path(self, path: Path) -> None:
        self.out_edit.setText(str(path))
        self._out_edited = True

    def set_layer(self, name: str) -> None:
        self.layer_combo.setCurrentIndex(self.layer_combo.findData(name))

    def layer(self) -> str:
        return str(self.layer_combo.currentData())

    def statuses(self) -> frozenset[DocStatus]:
        return frozenset(st for st, box in self.status_boxes.items() if box.isChecked())

    def split(self) -> str:
        return self.split_edit.text().strip()

    def suggested_out(self) -> Path:
        """``<project folder>/<project>-<format>[.ext]``, numbered when that exists."""
        base = self.ws.path.parent if self.ws.path else Path.cwd()
        stem = f"{self.ws.path.stem if self.ws.path else 'claimdesk'}-{self.fmt()}"
        single = registry.single_file(self.fmt())
        ext = "" if writes_folder(self.fmt(), self.split()) else single or ""
        candidate = base / f"{stem}{ext}"
        n = 2
        while candidate.exists():
            candidate = base / f"{stem}-{n}{ext}"
            n += 1
        return candidate

    def _on_out_edited(self, _text: str) -> None:
        self._out_edited = True

    @Slot()
    def _on_format_changed(self) -> None:
        """Format or split changed: a fresh suggested output (unless the user chose one)."""
        if not self._out_edited:
            self.out_edit.setText(str(self.suggested_out()))
        if not registry.writes_standoff(self.fmt()):
            self.standoff.setChecked(False)
        if not self._untouched_chosen:
            self.untouched.setChecked(includes_untouched_by_default(self.fmt()))
        self._update_enabled()

    def _on_untouched_clicked(self, _on: bool) -> None:
        self._untouched_chosen = True

    def _options_key(self) -> tuple[object, ...]:
        """What the checks before writing depend on: a change means asking again."""
        return (self.fmt(), str(self.out_path()), self.layer(), self.statuses(), self.split(),
                self.seed_spin.value(), self.untouched.isChecked())

    def checks(self) -> list[str]:
        """What to confirm before writing (empty: go ahead). Runs on the GUI connection."""
        found = preflight(self.ws.project, fmt=self.fmt(), layer=self.layer(),
                          statuses=self.statuses(), split=self.split() or None,
                          seed=self.seed_spin.value(),
                          include_untouched=self.untouched.isChecked(),
                          gold_asked=self.layer() == GOLD)
        # Replacing an existing file is asked separately (``confirm_overwrite``).
        return [*found.blocking, *found.caution]

    def _browse_out(self) -> None:
        current = self.out_edit.text()
        if writes_folder(self.fmt(), self.split()):
            name = QFileDialog.getExistingDirectory(self, "Export into folder (new or empty)",
                                                    current)
        else:
            ext = registry.single_file(self.fmt()) or ""
            name, _ = QFileDialog.getSaveFileName(self, "Export to file", current,
                                                  f"{self.fmt()} (*{ext});;All files (*)")
        if name:
            self.set_out_path(Path(name))
            self._confirmed_out = Path(name)  # the file dialog asked about replacing it

    @Slot()
    def _update_enabled(self) -> None:
        idle = not self.running
        fmt = self.fmt()
        self.out_label.setText("Output folder:" if writes_folder(fmt, self.split())
                               else "Output file:")
        for w in (self.format_combo, self.out_edit, self.browse_button, self.layer_combo,
                  self.split_edit, self.seed_spin, self.untouched, *self.status_boxes.values()):
            w.setEnabled(idle)
        if self._confirmed is not None and self._confirmed != self._options_key():
            self._confirmed = None
        self.export_button.setText("Export &anyway" if self._confirmed is not None
                                   else "&Export")
        self.seed_spin.setEnabled(idle and bool(self.split()))
        self.standoff.setEnabled(idle and registry.writes_standoff(fmt))
        self.scheme_combo.setEnabled(idle and registry.takes_scheme(fmt))
        self.include_pending.setEnabled(idle and registry.writes_predictions(fmt))
        self.export_button.setEnabled(idle)

    # -- running -------------------------------------------------------------------------

    @Slot()
    def start_export(self) -> Job | None:
        """Start the export job (returns it, or None when a field is missing)."""
        if self.running:
            return None
        out = self.out_path()
        if out is None:
            self.summary.setPlainText("Choose where to export to.")
            return None
        if self.ws.path is None:
            self.summary.setPlainText("This project has no file; cannot export in the "
                                      "background.")
            return None
        problem = output_problem(out, [self.ws.path])
        if problem:
            self.summary.setPlainText(f"Cannot export there: {problem}, and writing there "
                                      "would destroy it. Choose another output.")
            return None
        if (out.is_file() and out != self._confirmed_out
                and not confirm_overwrite(self, out)):
            self.summary.setPlainText(f"Export not started: {out} already exists.")
            return None
        fmt, layer, statuses = self.fmt(), self.layer(), self.statuses()
        split, seed = self.split() or None, self.seed_spin.value()
        standoff = self.standoff.isChecked() and registry.writes_standoff(fmt)
        scheme = self.scheme_combo.currentText()
        include = self.untouched.isChecked()
        key = self._options_key()
        if self._confirmed != key:
            concerns = self.checks()
            if concerns:
                self._confirmed = key
                self._update_enabled()
                self.summary.setPlainText(
                    "Nothing written yet. Before exporting, note:\n\n"
                    + "\n".join(f"  ⚠ {c}" for c in concerns)
                    + "\n\nPress “Export anyway” to write it like this, or change the "
                    "options.")
                return None
        self._confirmed = None
        # Confirmed (or nothing to confirm): the checks' refusals and an existing file no
        # longer stop the export.
        force = True
        pending = self.include_pending.isChecked() and registry.writes_predictions(fmt)

        def work(project: Project, progress: ProgressFn, cancel: CancelToken) -> ExportReport:
            return export(project, fmt=fmt, out=out, annotator=None if layer == GOLD else layer,
                          gold=layer == GOLD, statuses=statuses, split=split, seed=seed,
                          standoff=standoff, scheme=scheme, include_pending=pending,
                          progress=progress, cancel=cancel, include_untouched=include,
                          force=force)

        job = self._start_job("export", self.ws.path, work,
                              f"Exporting the {layer} layer as {fmt} to {out}…", readonly=True)
        self._update_enabled()
        return job

    @Slot(object)
    def _on_finished(self, outcome: JobOutcome) -> None:
        if outcome.state is JobState.OK:
            report = outcome.value
            assert isinstance(report, ExportReport)
            self.summary.setPlainText(format_export_report(report))
        elif outcome.state is JobState.CANCELLED:
            self.summary.setPlainText("Export cancelled: nothing was written.")
        else:
            self.summary.setPlainText(f"Export failed: nothing was written.\n\n"
                                      f"{outcome.message}")
        self._update_enabled()
        self.job_finished.emit(outcome)
