"""One place for errors in the GUI: a copyable report for bugs, plain sentences for known
conditions, the log file for the details, nothing on a terminal."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import __version__
from desktop.core.errors import DiskFull, InputError, ProjectBusy, ProjectCorrupt
from desktop.logs import setup_logging
from desktop.paths import log_file
from desktop.ui import errors


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> None:
    """Install the hooks for one test (restored afterwards; pytest-qt has its own)."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)
    monkeypatch.setattr(errors, "last_dialog", None)
    setup_logging()
    errors.install_excepthook()


def _boom() -> None:
    raise KeyError("span s42 vanished from the index")


def test_an_unexpected_exception_shows_a_copyable_report(hooks: None, qtbot: QtBot,
                                                         capfd: pytest.CaptureFixture[str]
                                                         ) -> None:
    try:
        _boom()
    except KeyError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)  # what Qt does for a slot
    dialog = errors.last_dialog
    assert isinstance(dialog, errors.ErrorDialog)
    qtbot.addWidget(dialog)
    message = dialog.message.text()
    assert "Something went wrong" in message
    assert "Your work is safe" in message
    assert "report" in message
    report = dialog.report.toPlainText()
    for needle in (f"Claimdesk {__version__}", "Python ", "PySide6 ", "System: ",
                   f"Log file: {log_file()}", "Traceback (most recent call last)",
                   "in _boom", "KeyError: 'span s42 vanished from the index'"):
        assert needle in report, needle
    dialog.copy_report()
    clipboard = QGuiApplication.clipboard()
    assert clipboard is not None
    assert clipboard.text() == report
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = log_file().read_text(encoding="utf-8")
    assert "span s42 vanished from the index" in logged
    assert "in _boom" in logged
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err  # nothing on a terminal the user may not see


@pytest.mark.parametrize("exc", [ProjectBusy(), DiskFull(), ProjectCorrupt(),
                                 InputError("no such column 'body'", file="a.csv", line=1)],
                         ids=["busy", "disk-full", "corrupt", "bad-input"])
def test_known_conditions_are_plain_sentences(hooks: None, qtbot: QtBot,
                                              exc: Exception) -> None:
    sys.excepthook(type(exc), exc, None)
    box = errors.last_dialog
    assert isinstance(box, errors.QMessageBox)
    qtbot.addWidget(box)
    assert box.text() == str(exc)
    assert "report" not in box.text().lower()
    assert "Traceback" not in box.text()


def test_an_exception_in_another_thread_reaches_the_dialog(hooks: None, qtbot: QtBot) -> None:
    def worker() -> None:
        raise RuntimeError("the indexer thread failed")

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: isinstance(errors.last_dialog, errors.ErrorDialog), timeout=3000)
    assert isinstance(errors.last_dialog, errors.ErrorDialog)
    qtbot.addWidget(errors.last_dialog)
    assert "the indexer thread failed" in errors.last_dialog.report.toPlainText()


def test_qt_warnings_go_to_the_log(hooks: None) -> None:
    from PySide6.QtCore import qWarning

    qWarning("a Qt warning for the log")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "a Qt warning for the log" in Path(log_file()).read_text(encoding="utf-8")


def test_dialogs_stay_open_without_blocking(hooks: None, qtbot: QtBot,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Shown for real (not headless): window-modal, no nested event loop, and kept alive
    until closed even without a parent."""
    monkeypatch.setattr(errors, "headless", lambda: False)
    errors.show_error(parent=None, exc=RuntimeError("first"))
    first = errors.last_dialog
    errors.show_error(parent=None, exc=DiskFull())
    second = errors.last_dialog
    assert isinstance(first, errors.ErrorDialog)
    assert isinstance(second, errors.QMessageBox)
    import gc

    gc.collect()
    assert first.isVisible()
    assert second.isVisible()
    first.reject()
    second.done(0)
    assert first not in errors._showing
    assert second not in errors._showing
