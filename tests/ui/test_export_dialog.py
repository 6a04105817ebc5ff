"""The Export dialog: real exports through the background job, summary, cancel, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.jobs import (  # noqa: F401
    JOB_TIMEOUT_MS,
    annotated_jsonl,
    finish_job,
    many_records,
    no_jobs_left,
)
from helpers.windows import open_window
from pytestqt.qtbot import QtBot

from desktop.core.model import GOLD, DocStatus, Span, SpanState
from desktop.formats.importing import import_paths
from desktop.store import open_project
from desktop.ui.dialogs.export_dialog import ExportDialog
from desktop.ui.jobs import JobOutcome, JobState
from desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("no_jobs_left")


def _import(window: MainWindow, src: Path, *, pending: bool = True) -> None:
    """Import ``src`` into alice's layer (plus one pending suggestion) on another connection."""
    assert window.ws.path is not None
    with open_project(window.ws.path) as project:
        import_paths(project, [src], annotator="alice")
        if not pending:
            return
        text = project.documents.get("truce").text
        start = text.index("truce")
        written = project.spans.add(
            "truce", "alice",
            Span.from_text(text, id="", label="ACTOR", fragments=((start, start + 5),),
                           attrs={}, state=SpanState.PENDING), who="test")
    window.ws.external_change(written.change)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    win = open_window(qtbot, tmp_path)
    _import(win, annotated_jsonl(tmp_path))
    return win


def _run(qtbot: QtBot, dlg: ExportDialog) -> JobOutcome:
    return finish_job(qtbot, dlg.job_finished, dlg.start_export)


def _run_confirmed(qtbot: QtBot, dlg: ExportDialog, *concerns: str) -> JobOutcome:
    """The first press shows ``concerns`` and writes nothing; the second exports."""
    assert dlg.start_export() is None
    summary = dlg.summary.toPlainText()
    assert summary.startswith("Nothing written yet"), summary
    for concern in concerns:
        assert concern in summary, (concern, summary)
    assert dlg.export_button.text() == "Export &anyway"
    return _run(qtbot, dlg)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_fields_follow_the_format(window: MainWindow) -> None:
    dlg = window.open_export_dialog()
    assert dlg.isVisible()
    formats = [dlg.format_combo.itemData(i) for i in range(dlg.format_combo.count())]
    assert formats[0] == "jsonl"
    assert {"spacy", "conll", "hf", "brat", "labelstudio", "doccano", "csv",
            "network"} <= set(formats)
    layers = [dlg.layer_combo.itemData(i) for i in range(dlg.layer_combo.count())]
    assert {"alice", GOLD} <= set(layers)
    assert dlg.layer() == "alice"
    assert dlg.out_label.text() == "Output file:"
    assert str(dlg.out_path()).endswith("gui-jsonl.jsonl")
    assert dlg.standoff.isEnabled()
    assert not dlg.scheme_combo.isEnabled()
    assert not dlg.seed_spin.isEnabled()
    dlg.set_format("conll")
    assert dlg.scheme_combo.isEnabled()
    assert not dlg.standoff.isEnabled()
    dlg.split_edit.setText("80/10/10")
    assert dlg.seed_spin.isEnabled()
    assert dlg.out_label.text() == "Output folder:"
    assert dlg.out_path() is not None
    assert dlg.out_path().suffix == ""  # type: ignore[union-attr]
    dlg.set_format("brat")
    assert dlg.out_label.text() == "Output folder:"


def test_export_jsonl(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dlg = window.open_export_dialog()
    out = tmp_path / "out" / "corpus.jsonl"
    dlg.set_out_path(out)

    outcome = _run(qtbot, dlg)

    assert outcome.state is JobState.OK
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_id = {r["id"]: r for r in rows}
    assert len(by_id["truce"]["spans"]) == 4  # jsonl keeps the pending suggestion
    summary = dlg.summary.toPlainText()
    assert f"{len(rows)} documents (" in summary
    assert f"written to {out}" in summary
    assert "Nothing was left out." in summary
    assert _leftovers(out.parent) == []


def test_export_brat_with_split_reports_counts_and_drops(qtbot: QtBot, window: MainWindow,
                                                         tmp_path: Path) -> None:
    dlg = window.open_export_dialog()
    dlg.set_format("brat")
    dlg.split_edit.setText("50/50")
    dlg.seed_spin.setValue(7)
    dlg.status_boxes[DocStatus.DONE].setChecked(True)
    out = tmp_path / "brat-out"
    dlg.set_out_path(out)

    outcome = _run(qtbot, dlg)

    assert outcome.state is JobState.OK
    assert (out / "manifest.json").is_file()
    assert (out / "annotation.conf").is_file()
    assert list(out.rglob("*.ann"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["split"]["seed"] == 7
    summary = dlg.summary.toPlainText()
    assert "2 documents (6 spans, 2 frames" in summary  # only the two 'done' documents
    assert "Files (" in summary
    assert "annotation.conf" in summary
    assert "1 pending or rejected spans left out" in summary


def test_export_csv_folder(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dlg = window.open_export_dialog()
    dlg.set_format("csv")
    out = tmp_path / "tables"
    dlg.set_out_path(out)
    # The window's four documents nobody annotated would read as "no attribution".
    assert _run_confirmed(qtbot, dlg, "4 untouched documents are exported without "
                          "annotations").state is JobState.OK
    names = {p.name for p in out.iterdir()}
    assert {"documents.csv", "spans.csv", "manifest.json"} <= names
    summary = dlg.summary.toPlainText()
    assert "spans.csv" in summary
    assert "1 pending or rejected spans left out" in summary


def test_export_error_is_shown_and_nothing_written(qtbot: QtBot, window: MainWindow,
                                                   tmp_path: Path) -> None:
    out = tmp_path / "busy"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    dlg = window.open_export_dialog()
    dlg.set_format("brat")
    dlg.set_out_path(out)
    outcome = _run_confirmed(qtbot, dlg)
    assert outcome.state is JobState.FAILED
    assert "Export failed: nothing was written" in dlg.summary.toPlainText()
    assert "not an empty folder" in dlg.summary.toPlainText()
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_cancel_export_leaves_nothing_behind(qtbot: QtBot, window: MainWindow,
                                             tmp_path: Path) -> None:
    _import(window, many_records(tmp_path, 3000), pending=False)
    dlg = window.open_export_dialog()
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    out = out_dir / "big.jsonl"
    dlg.set_out_path(out)
    with qtbot.waitSignal(dlg.job_finished, timeout=JOB_TIMEOUT_MS) as blocker:
        job = dlg.start_export()
        assert job is not None
        qtbot.waitSignal(job.progress, timeout=JOB_TIMEOUT_MS).wait()
        dlg.cancel()
    assert blocker.args[0].state is JobState.CANCELLED
    assert dlg.summary.toPlainText() == "Export cancelled: nothing was written."
    assert list(out_dir.iterdir()) == []


def test_export_warns_before_writing_misleading_data(qtbot: QtBot, window: MainWindow,
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.ui import safety_dialogs

    dlg = window.open_export_dialog()
    # A training format leaves untouched documents out unless asked.
    dlg.set_format("conll")
    assert not dlg.untouched.isChecked()
    dlg.set_format("jsonl")
    assert dlg.untouched.isChecked()
    # The gold layer is empty: asked before anything is written.
    dlg.set_layer(GOLD)
    out = tmp_path / "gold.jsonl"
    dlg.set_out_path(out)
    assert dlg.start_export() is None
    assert "the gold layer is empty" in dlg.summary.toPlainText()
    assert not out.exists()
    # Changing an option asks again (the button is Export again).
    dlg.set_layer("alice")
    assert dlg.export_button.text() == "&Export"
    assert _run(qtbot, dlg).state is JobState.OK  # nothing to confirm for alice's jsonl
    # The file now exists: replacing it is confirmed first (declined, then accepted).
    assert dlg.start_export() is None
    assert "already exists" in dlg.summary.toPlainText()
    asked: list[str] = []
    monkeypatch.setattr(safety_dialogs, "ask",
                        lambda _p, title, _t, **_k: asked.append(title) or True)
    assert _run(qtbot, dlg).state is JobState.OK
    assert asked == ["Replace the file?"]
    # A split that leaves a part empty.
    dlg.split_edit.setText("98/1/1")
    dlg.set_out_path(tmp_path / "split")
    assert dlg.start_export() is None
    assert "without documents" in dlg.summary.toPlainText()
    assert not (tmp_path / "split").exists()


def test_label_studio_export_can_write_pending_suggestions_as_predictions(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dlg = window.open_export_dialog()
    assert not dlg.include_pending.isEnabled()  # jsonl keeps them anyway
    dlg.set_format("labelstudio")
    assert dlg.include_pending.isEnabled()
    dlg.include_pending.setChecked(True)
    out = tmp_path / "ls" / "tasks.json"
    dlg.set_out_path(out)
    assert dlg.start_export() is None  # untouched documents: asked first
    assert "untouched" in dlg.summary.toPlainText()
    assert _run(qtbot, dlg).state is JobState.OK  # Export anyway
    tasks = {t["data"]["doc_id"]: t for t in json.loads(out.read_text(encoding="utf-8"))}
    (pred,) = tasks["truce"]["predictions"]
    assert [r["value"]["text"] for r in pred["result"]] == ["truce"]
    dlg.set_format("conll")
    assert not dlg.include_pending.isEnabled()
