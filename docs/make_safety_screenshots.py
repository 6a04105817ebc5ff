"""Render the "Your data" screenshots offscreen: `python docs/make_safety_screenshots.py [OUT]`.

* ``file_gone.png``: the window after its project file was replaced under it (the notice with
  "Save a rescue copy…", the status bar);
* ``error_dialog.png``: the dialog an unexpected error shows (the report to copy).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.fonts=false")
os.environ.setdefault("CLAIMDESK_AUTO_BACKUP", "0")

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from desktop.app import build_window, ensure_default_project
from desktop.ui.errors import ErrorDialog
from desktop.ui.main_window import MainWindow


def _boom() -> None:
    spans: dict[str, int] = {}
    spans["s42"] += 1  # a made-up bug, for the picture


def main(out_dir: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setFont(QFont("DejaVu Sans", 9))
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CLAIMDESK_HOME"] = tmp
        path = ensure_default_project(Path(tmp) / "ceasefire.claimdesk")
        window = build_window(path, "alice")
        assert isinstance(window, MainWindow)
        window.resize(1100, 620)
        window.show()
        app.processEvents()
        stray = path.with_name("export.jsonl")
        stray.write_text('{"id": "x"}\n', encoding="utf-8")
        os.replace(stray, path)  # what an export onto the project used to do
        window.ws.check_file()
        app.processEvents()
        target = out_dir / "file_gone.png"
        window.grab().save(str(target))
        made.append(target)
        window.safety.rescued = path
        window.close()
        try:
            _boom()
        except KeyError as exc:
            dialog = ErrorDialog(exc)
        dialog.resize(640, 380)
        dialog.show()
        app.processEvents()
        target = out_dir / "error_dialog.png"
        dialog.grab().save(str(target))
        made.append(target)
        dialog.close()
    return made


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    for p in main(Path(sys.argv[1]) if len(sys.argv) > 1 else here / "screenshots"):
        print(p)  # noqa: T201
