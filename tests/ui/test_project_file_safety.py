"""The window and its project file: read-only projects, a file deleted or replaced under a
running window, and the export dialog that could destroy the project (defects 1 and 2).

The damage is real: the file is made immutable (root) or read-only (chmod), deleted,
replaced by another file with ``os.replace`` (what an export onto it used to do), and the
export dialog is pointed at the project's own path.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from helpers.damage import listing, unwritable
from helpers.jobs import JOB_TIMEOUT_MS, finish_job, no_jobs_left  # noqa: F401
from helpers.windows import make_project, open_doc, open_window, select_text, settle
from pytestqt.qtbot import QtBot

from desktop.app import build_window
from desktop.store import open_project
from desktop.ui import errors, safety_dialogs
from desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("no_jobs_left")


def _errors(window: MainWindow) -> list[str]:
    seen: list[str] = []
    window.ws.error.connect(seen.append)
    return seen


def _saved(window: MainWindow) -> list[str]:
    seen: list[str] = []
    window.ws.saved.connect(seen.append)
    return seen


# -- read-only -------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["file", "folder"])
def test_read_only_project_opens_for_reading_with_a_notice(qtbot: QtBot, tmp_path: Path,
                                                           which: str) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = make_project(folder / "p.claimdesk")
    before = listing(folder)
    with unwritable(path if which == "file" else folder):
        window = build_window(path, "alice")
        assert isinstance(window, MainWindow)
        qtbot.addWidget(window)
        window.show()
        open_doc(window, "p1")
        assert window.ws.read_only
        assert "Read-only" in window.safety.notices.text("read-only")
        assert window.status_fields.saved.text() == "Read-only"
        assert not window.article_view.editable
        assert not any(a.isEnabled() for a in window.label_actions.values())
        errors_seen, saved = _errors(window), _saved(window)
        select_text(window, "President Emmanuel Macron")
        window.labelling.label("SOURCE")  # even if an edit arrives, it is refused plainly
        settle(qtbot, window)
        assert saved == []
        assert window.ws.project.annotations.spans("p1", "alice") == []
        if errors_seen:
            assert "reading only" in errors_seen[0]
        window.close()
        assert listing(folder) == before


# -- the file vanishes or is replaced under the window ---------------------------------------


def _label(qtbot: QtBot, window: MainWindow, needle: str, label: str) -> str:
    select_text(window, needle)
    window.labelling.label(label)
    settle(qtbot, window)
    return window.ws.selected_span


@pytest.mark.parametrize("how", ["replaced", "deleted", "moved"])
def test_edits_after_the_file_is_gone_are_refused_and_rescued(qtbot: QtBot, tmp_path: Path,
                                                              how: str) -> None:
    window = open_window(qtbot, tmp_path)
    open_doc(window, "p1")
    path = window.ws.path
    assert path is not None
    first = _label(qtbot, window, "President Emmanuel Macron", "SOURCE")
    assert first
    if how == "replaced":  # an export onto the project used to do exactly this
        tmp = path.with_name("export.tmp")
        tmp.write_text(json.dumps({"id": "x"}) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    elif how == "deleted":
        path.unlink()
    else:
        path.rename(path.with_name("elsewhere.claimdesk"))
    errors_seen, saved = _errors(window), _saved(window)
    select_text(window, "AFP")
    window.labelling.label("ACTOR")
    settle(qtbot, window)
    assert saved == []  # never "saved" for an edit nobody can open again
    assert errors_seen
    assert "moved, deleted or replaced" in errors_seen[0]
    assert window.ws.lost
    assert "Save a rescue copy…" in window.safety.notices.shown["lost"].buttons
    assert window.status_fields.saved.text().startswith("✗")
    assert isinstance(errors.last_dialog, errors.QMessageBox)
    assert "please report" not in errors.last_dialog.text().lower()
    assert not window.article_view.editable
    # Everything up to the loss is still held by the window: save it elsewhere.
    rescue = window.safety.suggested_rescue_path()
    assert window.safety.save_rescue_copy(rescue)
    with open_project(rescue) as project:
        spans = project.annotations.spans("p1", "alice")
        assert [s.id for s in spans] == [first]
        assert spans[0].text.startswith("President Emmanuel Macron")
    window.close()


def test_the_timer_notices_a_replaced_file_without_any_edit(qtbot: QtBot,
                                                            tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    path = window.ws.path
    assert path is not None
    other = path.with_name("other.claimdesk")
    make_project(other)
    os.replace(other, path)  # another project now sits at the path
    with qtbot.waitSignal(window.ws.file_lost, timeout=5000) as signal:
        pass
    assert signal.args == ["replaced"]
    assert "was replaced by another file" in window.safety.notices.text("lost")
    window.safety.rescued = path  # let it close without asking
    window.close()


def test_closing_after_the_loss_asks_first(qtbot: QtBot, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, tmp_path)
    assert window.ws.path is not None
    window.ws.path.unlink()
    assert window.ws.check_file() == "missing"
    questions: list[str] = []
    monkeypatch.setattr(safety_dialogs, "headless", lambda: False)
    monkeypatch.setattr(safety_dialogs.QMessageBox, "question",
                        lambda *a, **k: questions.append(a[1]) or
                        safety_dialogs.QMessageBox.StandardButton.No)
    assert not window.close()
    assert questions == ["Close without a rescue copy?"]
    assert window.isVisible()
    monkeypatch.setattr(safety_dialogs.QMessageBox, "question",
                        lambda *a, **k: safety_dialogs.QMessageBox.StandardButton.Yes)
    assert window.close()


# -- the export dialog -----------------------------------------------------------------------


def test_export_dialog_refuses_the_project_path(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    open_doc(window, "p1")
    _label(qtbot, window, "President Emmanuel Macron", "SOURCE")
    path = window.ws.path
    assert path is not None
    before = path.read_bytes()
    dialog = window.open_export_dialog()
    for typed in (str(path), str(path) + "-wal", str(path.parent / "." / path.name)):
        dialog.out_edit.setText(typed)
        assert dialog.start_export() is None
        assert "would destroy it" in dialog.summary.toPlainText()
    assert path.read_bytes() == before
    saved = _saved(window)
    _label(qtbot, window, "AFP", "ACTOR")
    assert saved  # still the same, working project
    with open_project(path) as project:
        assert len(project.annotations.spans("p1", "alice")) == 2
    dialog.close()


@pytest.mark.parametrize("answer", [False, True])
def test_export_dialog_confirms_replacing_a_file(qtbot: QtBot, tmp_path: Path, answer: bool,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, tmp_path)
    out = tmp_path / "existing.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    asked: list[str] = []
    monkeypatch.setattr(safety_dialogs, "ask",
                        lambda _p, title, _t, **_k: asked.append(title) or answer)
    dialog = window.open_export_dialog()
    dialog.set_format("jsonl")
    dialog.out_edit.setText(str(out))
    if not answer:
        assert dialog.start_export() is None
        assert out.read_text(encoding="utf-8") == "keep me\n"
        assert "already exists" in dialog.summary.toPlainText()
    else:
        outcome = finish_job(qtbot, dialog.job_finished, dialog.start_export)
        assert outcome.ok, outcome.message
        assert len(out.read_text(encoding="utf-8").splitlines()) == 4
    assert asked == ["Replace the file?"]
    dialog.close()


def test_a_copy_of_a_closed_project_is_not_refused(qtbot: QtBot, tmp_path: Path) -> None:
    """Only projects are protected: exporting next to one works as before."""
    window = open_window(qtbot, tmp_path)
    dialog = window.open_export_dialog()
    out = tmp_path / "fresh.jsonl"
    dialog.out_edit.setText(str(out))
    outcome = finish_job(qtbot, dialog.job_finished, dialog.start_export)
    assert outcome.ok, outcome.message
    assert out.exists()
    shutil.copyfile(out, tmp_path / "copy.jsonl")
    dialog.close()


# -- risky places and damaged files at start ----------------------------------------------


def test_a_project_in_a_synced_folder_gets_a_warning_notice(qtbot: QtBot,
                                                            tmp_path: Path) -> None:
    folder = tmp_path / "OneDrive - Meridian University"
    folder.mkdir()
    window = build_window(make_project(folder / "p.claimdesk"), "alice")
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    text = window.safety.notices.text("place")
    assert "synced by a cloud client (OneDrive - Meridian University)" in text
    assert "Keep the project on a local drive" in text


def test_a_damaged_project_at_start_is_a_plain_message(qtbot: QtBot, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3
    import sys
    import threading

    from desktop import app

    for owner, name in ((sys, "excepthook"), (threading, "excepthook"),
                        (sys, "unraisablehook")):
        monkeypatch.setattr(owner, name, getattr(owner, name))  # run_gui installs its own

    path = make_project(tmp_path / "damaged.claimdesk")
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE doc_status")
    conn.commit()
    conn.close()
    monkeypatch.setattr(errors, "last_dialog", None)
    # In the smoke-test mode run_gui returns instead of showing the start window (where a
    # user goes on after the message) and entering the event loop.
    monkeypatch.setenv(app.SMOKE_TEST_ENV, "1")
    assert app.run_gui(path) == 2
    box = errors.last_dialog
    assert isinstance(box, errors.QMessageBox)
    qtbot.addWidget(box)
    assert "the table doc_status is missing" in box.text()
    assert "restore" in box.text()
    assert "report" not in box.text().lower()
