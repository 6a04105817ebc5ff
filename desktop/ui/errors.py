"""One way to show errors: a message box with a plain sentence, never a traceback."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.core.errors import ClaimdeskError

log = logging.getLogger(__name__)


def message_for(exc: BaseException) -> str:
    if isinstance(exc, ClaimdeskError):
        return str(exc)
    return (f"Something went wrong: {type(exc).__name__}: {exc}\n\n"
            "Your saved work is safe: every edit is written to the project file as you make "
            "it. Please report this problem.")


def show_error(*, parent: QWidget | None, exc: BaseException, title: str = "Claimdesk") -> None:
    """Show ``exc`` to the user (logged with its traceback for bug reports)."""
    if not isinstance(exc, ClaimdeskError):
        log.error("unexpected error", exc_info=exc)
    if QApplication.instance() is None or QApplication.platformName() == "offscreen":
        # Headless (tests, CI): a modal box would block forever; the log has it.
        log.warning("%s: %s", title, message_for(exc))
        return
    QMessageBox.warning(parent, title, message_for(exc))


def install_excepthook() -> None:
    """Exceptions escaping Qt slots become a dialog instead of a silent hang or abort."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("uncaught exception:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        show_error(parent=None, exc=exc)

    sys.excepthook = hook
