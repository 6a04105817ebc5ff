"""Killing the process right after an edit loses nothing that was shown as saved."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from desktop.app import ensure_default_project
from desktop.store import open_project

_CHILD = textwrap.dedent("""
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from desktop.app import build_window
    window = build_window(sys.argv[1], "alice")
    window.show()
    app.processEvents()
    ws = window.ws
    saved = []
    ws.saved.connect(saved.append)
    text = ws.current.text
    start = text.index("Negotiators")
    span = ws.add_span("SOURCE", ((start, start + len("Negotiators")),))
    assert span is not None and saved, "edit was not reported as saved"
    ws.set_status(ws.layer().status.__class__("done"))
    # Tell the parent the edits are shown as saved, then wait to be killed.
    print("SAVED", span.id, flush=True)
    time.sleep(60)
""")


def test_sigkill_after_saved_edit_loses_nothing(tmp_path: Path) -> None:
    path = ensure_default_project(tmp_path / "p.claimdesk")
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(path)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        while line and not line.startswith("SAVED"):  # anything else the child printed
            line = child.stdout.readline()
        if not line.startswith("SAVED"):
            child.wait(timeout=30)
            raise AssertionError(f"child exited {child.returncode} without saving: "
                                 f"{child.stderr.read() if child.stderr else ''}")
        span_id = line.split()[1]
        # While the child is still alive, another connection already sees the edit.
        with open_project(path) as other:
            doc = other.documents.ids()[0]
            assert span_id in {s.id for s in other.annotations.spans(doc, "alice")}
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    with open_project(path) as reopened:
        doc = reopened.documents.ids()[0]
        spans = reopened.annotations.spans(doc, "alice")
        assert [s.text for s in spans if s.id == span_id] == ["Negotiators"]
        assert reopened.annotations.status(doc, "alice").value == "done"
