"""One way to show errors: a message box with a plain sentence, never a traceback."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.core.errors import ClaimdeskError
from desktop.paths import log_file
from desktop.store import known_error

log = logging.getLogger(__name__)


def message_for(exc: BaseException) -> str:
    """One plain message: known conditions as they are, anything else as a bug to report."""
    known = exc if isinstance(exc, ClaimdeskError) else known_error(exc)
    if known is not None:
        return str(known)
    return (f"Something went wrong: {type(exc).__name__}: {exc}\n\n"
            "Your saved work is safe: every edit is written to the project file as you make "
            f"it. The details are in {log_file()}; please report this problem.")


def show_error(*, parent: QWidget | None, exc: BaseException, title: str = "Claimdesk") -> None:
    """Show ``exc`` to the user (logged with its traceback for bug reports)."""
    if not isinstance(exc, ClaimdeskError) and known_error(exc) is None:
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
