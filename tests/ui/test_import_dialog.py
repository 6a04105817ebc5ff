"""The Import dialog: a real import through the background job, errors, skip-bad, cancel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.jobs import (  # noqa: F401
    JOB_TIMEOUT_MS,
    annotated_jsonl,
    finish_job,
    many_records,
    native_record,
    no_jobs_left,
    text_folder,
    write_jsonl,
)
from helpers.windows import PLAIN_TEXT, open_doc, open_window
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.store import open_project
from desktop.ui.dialogs.import_dialog import ImportDialog
from desktop.ui.jobs import JobOutcome, JobState
from desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("no_jobs_left")


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    return open_window(qtbot, tmp_path)


def _run(qtbot: QtBot, dlg: ImportDialog) -> JobOutcome:
    return finish_job(qtbot, dlg.job_finished, dlg.start_import)


def _titles(window: MainWindow) -> list[str]:
    model = window.corpus_model
    return [str(model.index(r, 0).data(Qt.ItemDataRole.DisplayRole))
            for r in range(model.rowCount())]


def _doc_count(window: MainWindow) -> int:
    assert window.ws.path is not None
    with open_project(window.ws.path) as project:
        return project.documents.count()


def test_import_jsonl_and_text_folder(qtbot: QtBot, window: MainWindow,
                                      tmp_path: Path) -> None:
    dlg = window.open_import_dialog()
    assert dlg.isVisible()
    assert dlg.annotator() == "alice"  # default: the current annotator's layer
    assert not dlg.import_button.isEnabled()  # nothing to import yet
    dlg.set_paths([annotated_jsonl(tmp_path), text_folder(tmp_path)])
    assert dlg.import_button.isEnabled()
    assert window.corpus_model.rowCount() == 4

    outcome = _run(qtbot, dlg)

    assert outcome.state is JobState.OK
    summary = dlg.summary.toPlainText()
    assert "Import finished (2 inputs)" in summary
    assert "5 documents added" in summary
    assert "6 spans, 2 frames, 0 relations" in summary
    # The GUI's corpus list refreshed from its own connection.
    assert window.corpus_model.rowCount() == 9
    titles = _titles(window)
    assert "Truce" in titles
    assert "Headline 0" in titles
    lay = window.ws.project.annotations.layer("truce", "alice")
    assert sorted(s.label for s in lay.spans) == ["CLAIM", "CUE", "SOURCE"]
    assert len(lay.frames) == 1
    text = window.ws.project.documents.get("article-0").text
    assert "\r" not in text
    assert dlg.import_button.isEnabled()
    assert not dlg.progress.cancel_button.isEnabled()


def test_import_into_the_open_document_refreshes_its_layer(qtbot: QtBot, window: MainWindow,
                                                           tmp_path: Path) -> None:
    open_doc(window, "p1")
    assert window.ws.layer().spans == ()
    src = write_jsonl(tmp_path / "p1.jsonl", [native_record(
        "p1", PLAIN_TEXT, source="President Emmanuel Macron's office", cue="said",
        claim="in a statement to AFP")])
    dlg = window.open_import_dialog([src])
    with qtbot.waitSignal(window.ws.changed, timeout=JOB_TIMEOUT_MS,
                          check_params_cb=lambda change: change.reload):
        assert dlg.start_import() is not None
    qtbot.waitUntil(lambda: not dlg.running)
    assert "0 documents added; 1 already in the project" in dlg.summary.toPlainText()
    assert len(window.ws.layer().spans) == 3  # cache invalidated, fresh from the store


def test_bad_record_names_file_and_line_and_writes_nothing(qtbot: QtBot, window: MainWindow,
                                                           tmp_path: Path) -> None:
    good = native_record("fine", "The mayor said it rained.", source="The mayor", cue="said",
                         claim="it rained")
    bad = native_record("broken", "The envoy said talks failed.", cue="said")
    bad["spans"][0]["label"] = "RUMOUR"
    src = write_jsonl(tmp_path / "bad.jsonl", [good, bad])
    dlg = window.open_import_dialog([src, text_folder(tmp_path)])

    outcome = _run(qtbot, dlg)

    assert outcome.state is JobState.FAILED
    summary = dlg.summary.toPlainText()
    assert summary.startswith("Import failed: nothing was written")
    assert "bad.jsonl:2" in summary
    assert "RUMOUR" in summary
    assert "Traceback" not in summary
    assert _doc_count(window) == 4
    assert window.corpus_model.rowCount() == 4


def test_skip_bad_lists_skipped_records(qtbot: QtBot, window: MainWindow,
                                        tmp_path: Path) -> None:
    good = native_record("fine", "The mayor said it rained.")
    src = tmp_path / "mixed.jsonl"
    src.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    dlg = window.open_import_dialog([src])
    dlg.skip_bad.setChecked(True)

    outcome = _run(qtbot, dlg)

    assert outcome.state is JobState.OK
    summary = dlg.summary.toPlainText()
    assert "1 documents added" in summary
    assert "Skipped records (1)" in summary
    assert "mixed.jsonl:2" in summary
    assert window.corpus_model.rowCount() == 5


def test_cancel_large_import_leaves_project_unchanged(qtbot: QtBot, window: MainWindow,
                                                      tmp_path: Path) -> None:
    src = many_records(tmp_path, 3000)
    dlg = window.open_import_dialog([src])
    with qtbot.waitSignal(dlg.job_finished, timeout=JOB_TIMEOUT_MS) as blocker:
        job = dlg.start_import()
        assert job is not None
        assert dlg.progress.cancel_button.isEnabled()
        assert not dlg.import_button.isEnabled()  # one run at a time
        qtbot.mouseClick(dlg.progress.cancel_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].state is JobState.CANCELLED
    assert "Import cancelled" in dlg.summary.toPlainText()
    assert "unchanged" in dlg.summary.toPlainText()
    assert dlg.progress.message.text() == "Cancelled"
    assert _doc_count(window) == 4
    assert window.corpus_model.rowCount() == 4


def test_cancel_after_progress_writes_nothing(qtbot: QtBot, window: MainWindow,
                                              tmp_path: Path) -> None:
    src = many_records(tmp_path, 3000)
    dlg = window.open_import_dialog([src])
    with qtbot.waitSignal(dlg.job_finished, timeout=JOB_TIMEOUT_MS) as blocker:
        job = dlg.start_import()
        assert job is not None
        # Wait until records are being written inside the transaction, then cancel.
        qtbot.waitSignal(job.progress, timeout=JOB_TIMEOUT_MS).wait()
        dlg.cancel()
    assert blocker.args[0].state is JobState.CANCELLED
    assert _doc_count(window) == 4


def test_closing_the_dialog_cancels(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dlg = window.open_import_dialog([many_records(tmp_path, 3000)])
    with qtbot.waitSignal(dlg.job_finished, timeout=JOB_TIMEOUT_MS) as blocker:
        dlg.start_import()
        dlg.close()
    assert blocker.args[0].state is JobState.CANCELLED
    assert _doc_count(window) == 4


def test_format_specific_fields(window: MainWindow) -> None:
    dlg = window.open_import_dialog()
    formats = [dlg.format_combo.itemData(i) for i in range(dlg.format_combo.count())]
    assert formats == ["auto", "jsonl", "txt", "html", "csv", "doccano", "brat", "labelstudio"]
    assert dlg.csv_group.isEnabled()
    dlg.set_format("jsonl")
    assert not dlg.csv_group.isEnabled()
    assert dlg.standoff_group.isEnabled()
    dlg.set_format("csv")
    assert dlg.csv_group.isEnabled()
    assert not dlg.standoff_group.isEnabled()
    dlg.text_col.setText("body")
    dlg.meta_cols.setText("outlet, url")
    opts = dlg.options()
    assert opts.fmt == "csv"
    assert opts.columns.text == "body"
    assert opts.columns.title is None
    assert opts.columns.meta == ("outlet", "url")


def test_csv_with_column_mapping(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    src = tmp_path / "table.csv"
    src.write_text("key,headline,body\nk1,First,The envoy said talks went well.\n"
                   "k2,Second,The minister denied it.\n", encoding="utf-8")
    dlg = window.open_import_dialog([src])
    dlg.set_format("csv")
    dlg.id_col.setText("key")
    dlg.title_col.setText("headline")
    dlg.text_col.setText("3")
    assert _run(qtbot, dlg).state is JobState.OK
    assert window.ws.project.documents.get("k2").title == "Second"


def test_edits_are_refused_not_frozen_while_an_import_writes(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    from desktop.core.model import DocStatus

    window = open_window(qtbot, tmp_path)
    ws = window.ws
    ws.writes_paused = "An import is running"
    with qtbot.waitSignal(ws.error, timeout=2000) as blocker:
        assert not ws.set_status(DocStatus.DONE)
    assert "edits are paused" in blocker.args[0]
    ws.writes_paused = ""
    assert ws.set_status(DocStatus.DONE)


def test_a_text_file_in_another_encoding(qtbot: QtBot, window: MainWindow,
                                         tmp_path: Path) -> None:
    """The dialog reaches --encoding: a Windows-1252 file imports with its accents, and a
    wrong or unknown choice is refused naming the file, with nothing written."""
    src = tmp_path / "legacy.txt"
    src.write_bytes("Café talks\n\nThe envoy said “no” to the naïve plan.\n".encode("cp1252"))
    dlg = window.open_import_dialog([src])
    dlg.set_format("txt")
    assert dlg.encoding_combo.isEnabled()
    assert dlg.encoding() is None  # UTF-8 unless chosen
    before = _doc_count(window)
    outcome = _run(qtbot, dlg)  # as UTF-8: refused, naming the file
    assert outcome.state is JobState.FAILED
    assert "legacy.txt" in dlg.summary.toPlainText()
    assert _doc_count(window) == before
    dlg.encoding_combo.setCurrentIndex(dlg.encoding_combo.findData("cp1252"))
    assert dlg.options().encoding == "cp1252"
    assert _run(qtbot, dlg).state is JobState.OK
    assert "Café talks" in _titles(window)
    dlg.encoding_combo.setEditText("klingon-8")
    assert _run(qtbot, dlg).state is JobState.FAILED
    assert "unknown encoding 'klingon-8'" in dlg.summary.toPlainText()
    dlg.set_format("jsonl")
    assert not dlg.encoding_combo.isEnabled()
    assert dlg.options().encoding is None
