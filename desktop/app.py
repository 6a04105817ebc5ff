"""Composition root: dispatch to the CLI, or build the QApplication and the main window."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import cli
from desktop.core.errors import ClaimdeskError
from desktop.logs import setup_logging
from desktop.paths import data_dir

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMainWindow

log = logging.getLogger(__name__)

APP_ID = "org.claimdesk.Claimdesk"
"""Reverse-DNS application id: desktop file, AppStream metainfo, icon name."""

SMOKE_TEST_ENV = "CLAIMDESK_SMOKE_TEST"
"""Internal, for the packaging smoke tests: when set, the GUI opens the project (as its last
annotator, or the user name, without asking), shows the window, prints one line once the event
loop runs, and quits with status 0."""


def default_project_path() -> Path:
    """The project opened when none is given, in the platform's user data folder."""
    return data_dir() / "default.claimdesk"


def ensure_default_project(path: Path) -> Path:
    """Create the default project with the bundled sample articles on first run."""
    if path.exists():
        return path
    from desktop.formats.importing import import_paths
    from desktop.resources import samples_path
    from desktop.store import open_project

    with open_project(path, create=True) as project:
        import_paths(project, [samples_path()], fmt="jsonl", who="claimdesk")
    log.info("created the default project at %s", path)
    return path


def build_window(project_path: str | os.PathLike[str], annotator: str, *,
                 busy_timeout: float | None = None) -> QMainWindow:
    """Build the main window on a project without starting the event loop."""
    from desktop.ui.icons import app_icon, decorate_window_actions
    from desktop.ui.main_window import MainWindow
    from desktop.ui.workspace import BUSY_TIMEOUT, Workspace

    workspace = Workspace.open(Path(project_path), annotator=annotator,
                               busy_timeout=BUSY_TIMEOUT if busy_timeout is None
                               else busy_timeout)
    window = MainWindow(workspace)
    window.setWindowIcon(app_icon())
    decorate_window_actions(window)
    return window


def run_gui(project: Path | None) -> int:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from desktop.ui.errors import install_excepthook
    from desktop.ui.icons import app_icon

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Claimdesk")
    app.setOrganizationName("Claimdesk")
    # Ties windows to packaging/linux/org.claimdesk.Claimdesk.desktop (Wayland, task bars).
    QGuiApplication.setDesktopFileName(APP_ID)
    QGuiApplication.setWindowIcon(app_icon())
    install_excepthook()
    try:
        path = project or ensure_default_project(default_project_path())
        from desktop.ui.identity import (
            choose_annotator,
            default_annotator,
            remembered_annotator,
        )

        smoke = bool(os.environ.get(SMOKE_TEST_ENV))
        annotator = ((remembered_annotator(path) or default_annotator()) if smoke
                     else choose_annotator(path))
        if annotator is None:
            return 0
        window = build_window(path, annotator)
    except ClaimdeskError as exc:
        from desktop.ui.errors import show_error

        show_error(parent=None, exc=exc, wait=True)
        return 2
    window.show()
    if smoke:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: _smoke_test_done(app, window))
    return int(app.exec())


def _smoke_test_done(app: QCoreApplication, window: QMainWindow) -> None:
    sys.stdout.write(f"smoke test: window shown ({window.windowTitle()}), quitting\n")
    sys.stdout.flush()
    window.close()
    app.quit()


def main(argv: Sequence[str] | None = None) -> int:
    """`claimdesk [PROJECT]` opens the GUI; `claimdesk COMMAND ...` runs the CLI."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and (args[0] in cli.COMMANDS or args[0].startswith("-")):
        return cli.main(args)
    if len(args) > 1:
        return cli.main(args)  # lets argparse explain the bad usage
    # Warnings reach a terminal only when there is one to read them (started from a shell);
    # started from a menu or a file manager, everything goes to the log file.
    setup_logging(console=_stderr_is_a_terminal())
    return run_gui(Path(args[0]) if args else None)


def _stderr_is_a_terminal() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError, OSError):
        return False
