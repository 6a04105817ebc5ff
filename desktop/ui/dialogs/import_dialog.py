"""The Import dialog: files and folders, format options, progress with Cancel, a summary.

The import runs as a background job (``ui/jobs.py``) on its own connection and in one
transaction, so Cancel or an error leaves the project as it was. The summary (counts, warnings
and each skipped record with file:line and reason) stays in the dialog's text area. Dropping
files or folders on the main window opens this dialog pre-filled (``paths_from_mime``); the
user confirms with Import.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.formats import registry
from desktop.formats.importing import ImportOptions, import_paths
from desktop.formats.progress import CancelToken, ProgressFn
from desktop.formats.records import ColumnMap, ImportReport
from desktop.store import Project
from desktop.ui.dialogs._job_dialog import JobDialog
from desktop.ui.jobs import Job, JobOutcome, JobState
from desktop.ui.workspace import Workspace

FROM_FILE = "(as named in each record)"


def paths_from_mime(mime: QMimeData) -> list[Path]:
    """The local files and folders in dropped data (other URLs are ignored)."""
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]


def format_import_report(report: ImportReport, n_inputs: int) -> str:
    """The text shown at the end of a successful import."""
    lines = [f"Import finished ({n_inputs} input{'s' if n_inputs != 1 else ''}).",
             report.summary() + "."]
    if report.warnings:
        lines += ["", f"Warnings ({len(report.warnings)}):"]
        lines += [f"  • {w}" for w in report.warnings]
    if report.skipped:
        lines += ["", f"Skipped records ({len(report.skipped)}) — file:line, field: reason:"]
        lines += [f"  • {bad}" for bad in report.skipped]
    return "\n".join(lines)


ENCODINGS = (("UTF-8 (or by byte-order mark)", ""), ("Windows-1252 (Western)", "cp1252"),
             ("ISO-8859-1 (Latin-1)", "latin-1"), ("ISO-8859-15 (Latin-9)", "iso8859-15"),
             ("Windows-1250 (Central European)", "cp1250"),
             ("Windows-1251 (Cyrillic)", "cp1251"), ("KOI8-R", "koi8-r"),
             ("UTF-16", "utf-16"), ("Shift JIS", "shift_jis"), ("GB18030", "gb18030"),
             ("Big5", "big5"), ("EUC-KR", "euc-kr"))
"""The Import dialog's encodings (label, Python's name); any other name can be typed."""

class ImportDialog(JobDialog):
    """Non-modal; tests set ``paths`` with ``set_paths`` and call ``start_import``."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent, kind="import", title="Import documents",
                         height=700)
        self._n_inputs = 0

        # -- inputs ----------------------------------------------------------------------
        self.drop_note = QLabel()
        self.drop_note.setWordWrap(True)
        self.drop_note.setObjectName("dropNote")
        self.drop_note.hide()
        self.path_list = QListWidget()
        self.path_list.setAccessibleName("Files and folders to import")
        self.path_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.path_list.setMinimumHeight(90)
        self.add_files_button = QPushButton("Add &files…")
        self.add_folder_button = QPushButton("Add f&older…")
        self.remove_button = QPushButton("&Remove")
        self.add_files_button.clicked.connect(self._browse_files)
        self.add_folder_button.clicked.connect(self._browse_folder)
        self.remove_button.clicked.connect(self._remove_selected)
        side = QVBoxLayout()
        for b in (self.add_files_button, self.add_folder_button, self.remove_button):
            side.addWidget(b)
        side.addStretch(1)
        inputs = QGroupBox("Files, folders and .zip archives")
        row = QHBoxLayout(inputs)
        row.addWidget(self.path_list, 1)
        row.addLayout(side)

        # -- options ---------------------------------------------------------------------
        self._add_format_combo(registry.IMPORT_FORMATS, registry.import_labels())
        self.format_combo.currentIndexChanged.connect(self._update_enabled)
        self.annotator_combo = QComboBox()
        self.annotator_combo.setEditable(True)
        self.annotator_combo.addItem(FROM_FILE, "")
        for name in workspace.project.annotations.annotators():
            self.annotator_combo.addItem(name, name)
        self.annotator_combo.setCurrentIndex(max(0, self.annotator_combo.findData(
            workspace.annotator)))
        self.annotator_combo.setToolTip("The layer that imported annotations go to (documents "
                                        "without annotations are not affected)")
        self.skip_bad = QCheckBox("Skip bad records and list them (default: all or nothing)")
        self.extend_codebook = QCheckBox("Extend the codebook with unknown labels, roles, "
                                         "attributes and relation types")
        self.encoding_combo = QComboBox()
        self.encoding_combo.setEditable(True)  # any name Python knows (cp1250, euc-kr, ...)
        for label, name in ENCODINGS:
            self.encoding_combo.addItem(label, name)
        self.encoding_combo.setToolTip("Plain text and Markdown files saved in another "
                                       "encoding; a byte-order mark always wins")
        options = QGroupBox("Options")
        form = QFormLayout(options)
        form.addRow("&Format:", self.format_combo)
        form.addRow("&Annotator layer:", self.annotator_combo)
        form.addRow("Text &encoding:", self.encoding_combo)
        form.addRow(self.skip_bad)
        form.addRow(self.extend_codebook)

        self.text_col = QLineEdit()
        self.title_col = QLineEdit()
        self.id_col = QLineEdit()
        self.meta_cols = QLineEdit()
        self.text_col.setPlaceholderText("text, body or content")
        self.title_col.setPlaceholderText("title or headline")
        self.id_col.setPlaceholderText("id")
        self.meta_cols.setPlaceholderText("all other columns (or a comma-separated list)")
        self.csv_group = QGroupBox("CSV / TSV columns (a header name or a 1-based number)")
        csv_form = QFormLayout(self.csv_group)
        csv_form.addRow("Te&xt column:", self.text_col)
        csv_form.addRow("&Title column:", self.title_col)
        csv_form.addRow("&Id column:", self.id_col)
        csv_form.addRow("&Meta columns:", self.meta_cols)

        self.standoff = QCheckBox("Standoff JSONL (no article text): re-hydrate from documents "
                                  "already in the project or from a folder of texts")
        self.texts_edit = QLineEdit()
        self.texts_edit.setPlaceholderText("folder of article files matched by SHA-256 "
                                           "(optional)")
        self.texts_button = QPushButton("Browse…")
        self.texts_button.clicked.connect(self._browse_texts)
        self.standoff_group = QGroupBox("Standoff")
        so = QVBoxLayout(self.standoff_group)
        so.addWidget(self.standoff)
        texts_row = QHBoxLayout()
        texts_row.addWidget(QLabel("Texts folder:"))
        texts_row.addWidget(self.texts_edit, 1)
        texts_row.addWidget(self.texts_button)
        so.addLayout(texts_row)

        # -- progress, summary, buttons ---------------------------------------------------
        layout = QVBoxLayout(self)
        layout.addWidget(self.drop_note)
        layout.addWidget(inputs, 2)
        layout.addWidget(options)
        layout.addWidget(self.csv_group)
        layout.addWidget(self.standoff_group)
        self.import_button = self._add_job_area(layout, "import", self.start_import,
                                                summary_height=120, summary_stretch=3)
        self._update_enabled()

    # -- inputs --------------------------------------------------------------------------

    def paths(self) -> list[Path]:
        return [Path(self.path_list.item(i).text()) for i in range(self.path_list.count())]

    def add_paths(self, paths: Sequence[Path]) -> None:
        have = set(self.paths())
        for p in paths:
            if p not in have:
                self.path_list.addItem(str(p))
                have.add(p)
        self._update_enabled()

    def set_paths(self, paths: Sequence[Path]) -> None:
        self.path_list.clear()
        self.add_paths(paths)

    def present(self, paths: Sequence[Path] = (), *, dropped: bool = False) -> None:
        """Show the dialog, adding ``paths``; after a drop, ask for confirmation."""
        if dropped and not self.running:
            self.set_paths(paths)
            self.summary.clear()
            self.drop_note.setText(f"{len(paths)} dropped item{'s' if len(paths) != 1 else ''}"
                                   " ready to import. Check the options, then press Import.")
            self.drop_note.show()
        else:
            self.add_paths(paths)
        self.show()
        self.raise_()
        self.activateWindow()
        self.import_button.setFocus()

    def _browse_files(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in registry.sniffed_suffixes())
        names, _ = QFileDialog.getOpenFileNames(
            self, "Add files to import", "", f"Importable files ({patterns});;All files (*)")
        self.add_paths([Path(n) for n in names])

    def _browse_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Add a folder to import")
        if name:
            self.add_paths([Path(name)])

    def _browse_texts(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Folder of article texts")
        if name:
            self.texts_edit.setText(name)
            self.standoff.setChecked(True)

    def _remove_selected(self) -> None:
        for item in self.path_list.selectedItems():
            self.path_list.takeItem(self.path_list.row(item))
        self._update_enabled()

    # -- options -------------------------------------------------------------------------

    def annotator(self) -> str | None:
        text = self.annotator_combo.currentText().strip()
        return None if text in ("", FROM_FILE) else text

    def encoding(self) -> str | None:
        """The chosen encoding's name; None: UTF-8 (the default)."""
        i = self.encoding_combo.currentIndex()
        text = self.encoding_combo.currentText().strip()
        if i >= 0 and text == self.encoding_combo.itemText(i):
            data = self.encoding_combo.itemData(i)
            return str(data) if data else None
        return text or None  # typed: the store says plainly when Python does not know it

    def options(self) -> ImportOptions:
        def col(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        meta = tuple(m.strip() for m in self.meta_cols.text().split(",") if m.strip())
        texts = self.texts_edit.text().strip()
        return ImportOptions(
            fmt=self.fmt(), extend=self.extend_codebook.isChecked(),
            columns=ColumnMap(text=col(self.text_col), title=col(self.title_col),
                              id=col(self.id_col), meta=meta),
            standoff=self.standoff.isChecked() or bool(texts),
            texts=Path(texts) if texts else None,
            encoding=self.encoding() if registry.takes_encoding(self.fmt()) else None)

    def _update_enabled(self) -> None:
        idle = not self.running
        fmt = self.fmt()
        for w in (self.path_list, self.add_files_button, self.add_folder_button,
                  self.remove_button, self.format_combo, self.annotator_combo, self.skip_bad,
                  self.extend_codebook):
            w.setEnabled(idle)
        self.csv_group.setEnabled(idle and registry.takes_columns(fmt))
        self.standoff_group.setEnabled(idle and registry.reads_standoff(fmt))
        self.encoding_combo.setEnabled(idle and registry.takes_encoding(fmt))
        self.import_button.setEnabled(idle and self.path_list.count() > 0)

    # -- running -------------------------------------------------------------------------

    @Slot()
    def start_import(self) -> Job | None:
        """Start the import job (returns it, or None when there is nothing to import)."""
        if self.running:
            return None
        paths = self.paths()
        if not paths:
            self.summary.setPlainText("Add at least one file or folder to import.")
            return None
        if self.ws.path is None:
            self.summary.setPlainText("This project has no file; cannot import in the "
                                      "background.")
            return None
        annotator = self.annotator()
        options = self.options()
        skip_bad = self.skip_bad.isChecked()
        who = self.ws.annotator

        def work(project: Project, progress: ProgressFn, cancel: CancelToken) -> ImportReport:
            return import_paths(project, paths, annotator=annotator, who=who,
                                skip_bad=skip_bad, options=options, progress=progress,
                                cancel=cancel)

        self.drop_note.hide()
        job = self._start_job("import", self.ws.path, work,
                              f"Importing {len(paths)} input{'s' if len(paths) != 1 else ''}…")
        self.ws.writes_paused = "An import is running"
        self._n_inputs = len(paths)
        self._update_enabled()
        return job

    @Slot(object)
    def _on_finished(self, outcome: JobOutcome) -> None:
        self.ws.writes_paused = ""
        if outcome.state is JobState.OK:
            report = outcome.value
            assert isinstance(report, ImportReport)
            self.summary.setPlainText(format_import_report(report, self._n_inputs))
            self.ws.external_change(report.change, f"import: {report.summary()}")
        elif outcome.state is JobState.CANCELLED:
            self.summary.setPlainText("Import cancelled: nothing was written; the project is "
                                      "unchanged.")
        else:
            self.summary.setPlainText("Import failed: nothing was written; the project is "
                                      f"unchanged.\n\n{outcome.message}")
        self._update_enabled()
        self.import_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.job_finished.emit(outcome)
