"""Edits under real damage: SIGKILL in the middle of a stream of edits, and a full disk.

Every edit the window reported as saved is in the file afterwards, the file passes SQLite's
and Claimdesk's checks, and the undo history matches the edits (it is written in the same
transaction as each edit).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from helpers.damage import tmpfs
from helpers.panels import frag, make_project
from pytestqt.qtbot import QtBot

from desktop.store import check_project, open_project
from desktop.ui.workspace import Workspace

_EDITOR = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from desktop.ui.workspace import Workspace
    ws = Workspace.open(sys.argv[1], annotator="alice")
    ws.open_document("d1")
    text = ws.current.text
    saved = []
    ws.saved.connect(saved.append)
    n = 0
    while True:  # until killed: add a span, move it, delete every third one
        start = n % (len(text) - 5)
        span = ws.add_span("CLAIM", ((start, start + 3),))
        assert span is not None and saved
        print("saved add", span.id, flush=True)
        if n % 3 == 2:
            assert ws.delete_span(span.id)
            print("saved delete", span.id, flush=True)
        n += 1
""")


@pytest.mark.slow
@pytest.mark.parametrize("after", [0.3, 0.7, 1.1, 1.6, 2.3])
def test_sigkill_in_a_stream_of_edits_loses_nothing_saved(qtbot: QtBot, tmp_path: Path,
                                                          after: float) -> None:
    path = tmp_path / "stream.claimdesk"
    make_project(path).close()
    child = subprocess.Popen([sys.executable, "-c", _EDITOR, str(path)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert child.stdout is not None
    lines: list[str] = []
    first = child.stdout.readline()
    assert first.startswith("saved"), child.stderr.read() if child.stderr else first
    lines.append(first)
    deadline = time.monotonic() + after
    while time.monotonic() < deadline:
        lines.append(child.stdout.readline())
    child.send_signal(signal.SIGKILL)
    # Read what is left through the same file object: readline() may already hold lines in
    # its buffer, which communicate() (reading the raw pipe) would miss.
    lines += child.stdout.read().splitlines()  # printed before the kill landed: saved too
    child.wait(timeout=30)
    if child.stderr is not None:
        child.stderr.close()
    child.stdout.close()
    present: set[str] = set()
    steps = 0
    last = ("", "")
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[0] == "saved":
            steps += 1
            (present.add if parts[1] == "add" else present.discard)(parts[2])
            last = (parts[1], parts[2])
    with open_project(path) as project:
        problems, _ = check_project(project)
        assert problems == []
        stored = {s.id for s in project.annotations.spans("d1", "alice")}
    # Every saved edit is there. The one in flight when the kill came may have committed
    # without being reported: one more span (an add), or the last one added gone (its delete).
    missing, extra = present - stored, stored - present
    assert not (missing and extra)
    assert len(extra) <= 1
    assert missing <= ({last[1]} if last[0] == "add" else set())
    ws = Workspace.open(path, annotator="alice")
    try:
        assert ws.undo_stack.count() in (min(steps, 200), min(steps + 1, 200))
        before = {s.id for s in ws.project.annotations.spans("d1", "alice")}
        ws.undo_stack.undo()
        after_undo = {s.id for s in ws.project.annotations.spans("d1", "alice")}
        assert before != after_undo  # the last recorded step undoes exactly that edit
    finally:
        ws.close()


def _fill(folder: Path) -> Path:
    """Fill the drive holding ``folder`` up completely; returns the filler file."""
    filler = folder / "filler.bin"
    with filler.open("wb", buffering=0) as fh:  # unbuffered: every write hits the drive
        for size in (65536, 4096, 512, 1):  # down to the last byte
            try:
                while True:
                    fh.write(b"\0" * size)
            except OSError:
                continue
    return filler


def test_a_full_disk_refuses_edits_plainly_and_loses_nothing(qtbot: QtBot,
                                                            tmp_path: Path) -> None:
    with tmpfs("6m") as disk:
        path = disk / "full.claimdesk"
        make_project(path).close()
        ws = Workspace.open(path, annotator="alice")
        try:
            ws.open_document("d1")
            text = ws.current.text  # type: ignore[union-attr]
            first = ws.add_span("CLAIM", frag(text, "We are moving"))
            assert first is not None
            ws.project._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the -wal must grow
            filler = _fill(disk)
            errors: list[str] = []
            saved: list[str] = []
            ws.error.connect(errors.append)
            ws.saved.connect(saved.append)
            assert ws.add_span("SOURCE", frag(text, "President Emmanuel Macron")) is None
            assert saved == []
            assert errors
            assert "The disk is full: nothing was saved" in errors[0]
            assert "report" not in errors[0].lower()
            assert ws.undo_stack.count() == 1  # the refused edit is not on the stack
            filler.unlink()  # space again: editing goes on
            second = ws.add_span("SOURCE", frag(text, "President Emmanuel Macron"))
            assert second is not None
            assert saved
        finally:
            ws.close()
        with open_project(path) as project:
            assert check_project(project)[0] == []
            assert [s.id for s in project.annotations.spans("d1", "alice")] == [
                first.id, second.id]
        again = Workspace.open(path, annotator="alice")
        assert again.undo_stack.count() == 2
        again.close()


def test_an_import_onto_a_full_disk_writes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop.core.errors import DiskFull
    from desktop.formats.importing import import_paths

    big = tmp_path / "big"
    big.mkdir()
    for n in range(40):
        (big / f"a{n}.txt").write_text(f"Article {n}. " + "Words in a long text. " * 3000,
                                       encoding="utf-8")
    with tmpfs("3m") as disk:
        path = disk / "p.claimdesk"
        make_project(path).close()
        before = path.read_bytes()
        with open_project(path) as project, pytest.raises(DiskFull):
            import_paths(project, [big])
        with open_project(path) as project:
            assert project.documents.count() == 3
            assert check_project(project)[0] == []
        assert path.read_bytes()[:100] == before[:100]
        shutil.rmtree(big)
