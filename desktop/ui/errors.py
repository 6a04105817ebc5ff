"""One place for errors in the GUI.

- Known conditions (a ``ClaimdeskError``: bad input, a busy, read-only, full or damaged
  project) are one plain sentence in a message box, never "please report this".
- Anything else is a bug: its traceback goes to the log file (``desktop/logs.py``), and the
  user sees a dialog saying that the work is saved, with a report to copy (version, system,
  traceback, where the log is). Nothing is printed to a terminal the user may not see.

``install_excepthook`` routes every uncaught exception there: from Qt slots (``sys.
excepthook``), from other threads (``threading.excepthook``, handed to the GUI thread) and
exceptions Python cannot raise anywhere (``sys.unraisablehook``, logged only); Qt's own
warnings go to the log file too.

Dialogs open window-modal without a nested event loop (``QDialog.open``); headless
(``offscreen``: tests, CI) they are built but not shown, and the last one is kept in
``last_dialog`` so a test can read what the user would have seen.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from datetime import UTC, datetime
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.core.errors import ClaimdeskError
from desktop.paths import log_file
from desktop.store import known_error

log = logging.getLogger(__name__)

last_dialog: QDialog | QMessageBox | None = None
"""The last error dialog built (tests read it; headless nothing is shown)."""


def headless() -> bool:
    return QApplication.instance() is None or QGuiApplication.platformName() == "offscreen"


def known(exc: BaseException) -> ClaimdeskError | None:
    """The user-facing error for a known condition; None for a bug."""
    if isinstance(exc, ClaimdeskError):
        return exc
    return known_error(exc)


SAVED = ("Your work is safe: every edit that was shown as saved is in the project file (each "
         "is written as you make it).")


def message_for(exc: BaseException) -> str:
    """One plain message: known conditions as they are, anything else as a bug to report."""
    k = known(exc)
    if k is not None:
        return str(k)
    return (f"Something went wrong in Claimdesk: {type(exc).__name__}: {exc}\n\n{SAVED} "
            f"Please report this problem with the report below (it is also in {log_file()}).")


def error_report(exc: BaseException, tb: TracebackType | None = None) -> str:
    """What a bug report needs: versions, system, time, the log file and the traceback."""
    lines = "".join(traceback.format_exception(type(exc), exc, tb or exc.__traceback__))
    return "\n".join([
        f"Claimdesk {__version__}",
        f"Python {platform.python_version()} ({sys.platform}), PySide6 {pyside_version}",
        f"System: {platform.platform()}",
        f"Time: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"Log file: {log_file()}",
        "",
        lines.rstrip(),
    ])


class ErrorDialog(QDialog):
    """An unexpected error: what happened, that the work is saved, a report to copy."""

    def __init__(self, exc: BaseException, tb: TracebackType | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setWindowTitle("Claimdesk: something went wrong")
        self.message = QLabel(message_for(exc))
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.report = QPlainTextEdit(error_report(exc, tb))
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Error report")
        self.copy_button = QPushButton("&Copy report")
        self.copy_button.clicked.connect(self.copy_report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.report, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def copy_report(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.report.toPlainText())


_showing: set[QDialog] = set()
"""Dialogs open without a nested event loop: held here until closed (a dialog without a parent
would otherwise be deleted with its last Python reference)."""


def _present(dialog: QDialog | QMessageBox, *, wait: bool) -> None:
    global last_dialog
    last_dialog = dialog
    if headless():  # a modal dialog would wait forever for a click nobody makes
        return
    if wait:
        dialog.exec()
        return
    _showing.add(dialog)
    dialog.finished.connect(lambda _result, d=dialog: _showing.discard(d))
    dialog.open()


def show_error(*, parent: QWidget | None, exc: BaseException, title: str = "Claimdesk",
               tb: TracebackType | None = None, wait: bool = False) -> None:
    """Tell the user about ``exc``: a plain sentence for known conditions, the error dialog
    for bugs (logged with the traceback). ``wait``: block until closed (before the event
    loop runs, e.g. at start-up)."""
    if known(exc) is not None:
        k = known(exc)
        detail = getattr(k, "detail", "")
        log.warning("%s: %s%s", title, k, f" ({detail})" if detail else "")
        box = QMessageBox(QMessageBox.Icon.Warning, title, message_for(exc),
                          QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("knownErrorBox")
        box.setTextFormat(Qt.TextFormat.PlainText)
        _present(box, wait=wait)
        return
    log.error("unexpected error:\n%s", "".join(
        traceback.format_exception(type(exc), exc, tb or exc.__traceback__)))
    _present(ErrorDialog(exc, tb, parent), wait=wait)


class _Relay(QObject):
    """Carries exceptions from other threads to the GUI thread."""

    raised = Signal(object, object)


_relay: _Relay | None = None


def _qt_message(kind: QtMsgType, _context: object, message: str) -> None:
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(kind, logging.ERROR)
    logging.getLogger("qt").log(level, "%s", message)


def install_excepthook() -> None:
    """Uncaught exceptions anywhere become the error dialog (and the log), never a silent
    abort or a traceback on a terminal."""
    global _relay
    if _relay is None:
        _relay = _Relay()
        _relay.raised.connect(lambda exc, tb: show_error(parent=None, exc=exc, tb=tb))

    def hook(_kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if isinstance(exc, KeyboardInterrupt):
            QApplication.quit()
            return
        show_error(parent=QApplication.activeWindow(), exc=exc, tb=tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or _relay is None:
            return
        _relay.raised.emit(args.exc_value, args.exc_traceback)  # queued to the GUI thread

    def unraisable(args: sys.UnraisableHookArgs) -> None:
        log.error("ignored exception in %r:\n%s", args.object, "".join(
            traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)))

    sys.excepthook = hook
    threading.excepthook = thread_hook
    sys.unraisablehook = unraisable
    qInstallMessageHandler(_qt_message)
