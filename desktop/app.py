"""Composition root: dispatch to the CLI, or build the QApplication and the main window."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import cli
from desktop.core.errors import ClaimdeskError
from desktop.logs import setup_logging
from desktop.paths import data_dir

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMainWindow

    from desktop.ui.settings import Settings

log = logging.getLogger(__name__)

APP_ID = "org.claimdesk.Claimdesk"
"""Reverse-DNS application id: desktop file, AppStream metainfo, icon name."""

SMOKE_TEST_ENV = "CLAIMDESK_SMOKE_TEST"
"""Internal, for the packaging smoke tests: when set, the GUI opens the project (as its last
annotator, or "smoke-test", without asking; no preferences read or written), shows the window,
prints one line once the event loop runs, and quits with status 0."""


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
                 busy_timeout: float | None = None,
                 settings: Settings | None = None) -> QMainWindow:
    """Build the main window on a project without showing it or starting the event loop.

    Without ``settings`` the window remembers nothing between runs (tests, benchmarks); the
    application passes the user's settings.
    """
    from desktop.ui.project_controller import ProjectController
    from desktop.ui.settings import Settings
    from desktop.ui.workspace import BUSY_TIMEOUT

    controller = ProjectController(settings or Settings.transient(),
                                   busy_timeout=BUSY_TIMEOUT if busy_timeout is None
                                   else busy_timeout)
    window = controller.open_project(Path(project_path), annotator, show=False)
    if window is None:
        raise ClaimdeskError(f"{project_path}: the project could not be opened")
    return window


def run_gui(project: Path | None) -> int:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from desktop.ui.errors import install_excepthook
    from desktop.ui.icons import app_icon
    from desktop.ui.project_controller import ProjectController
    from desktop.ui.settings import LAST_PROJECT, THEME, Settings
    from desktop.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Claimdesk")
    app.setOrganizationName("Claimdesk")
    app.setOrganizationDomain("claimdesk.org")
    # Ties windows to packaging/linux/org.claimdesk.Claimdesk.desktop (Wayland, task bars).
    QGuiApplication.setDesktopFileName(APP_ID)
    QGuiApplication.setWindowIcon(app_icon())
    install_excepthook()
    smoke = bool(os.environ.get(SMOKE_TEST_ENV))
    settings = Settings.transient() if smoke else Settings.load()
    apply_theme(app, settings.value(THEME))
    controller = ProjectController(settings)  # this frame keeps it for the app's life
    try:
        last = Path(settings.value(LAST_PROJECT)) if settings.value(LAST_PROJECT) else None
        if project is not None:
            path = project
        elif last is not None and last.is_file():
            path = last  # where the user left off
        else:
            path = ensure_default_project(default_project_path())
        if smoke:
            from desktop.ui.identity import remembered_annotator

            window = controller.open_project(path, remembered_annotator(path) or "smoke-test")
        else:
            window = controller.open_project(path)
    except ClaimdeskError as exc:
        from desktop.ui.errors import show_error

        show_error(parent=None, exc=exc, wait=True)
        window = None
    if window is None:
        if smoke:
            return 2
        controller.show_start_window()
    elif smoke:
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
    if args:
        mistyped = cli.unknown_command(args[0])
        if mistyped is not None:
            sys.stderr.write(mistyped + "\n")
            return 2
    missing = missing_display()
    if missing is not None:
        sys.stderr.write(missing + "\n")
        return 1
    # Warnings reach a terminal only when there is one to read them (started from a shell);
    # started from a menu or a file manager, everything goes to the log file.
    setup_logging(console=_stderr_is_a_terminal())
    return run_gui(Path(args[0]) if args else None)


def _stderr_is_a_terminal() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def missing_display(environ: Mapping[str, str] | None = None,
                    platform: str | None = None) -> str | None:
    """Why the window cannot open here (no display on Linux), in plain words; else None.

    Qt would otherwise abort with a message about platform plugins that does not say what
    to do. An explicit ``QT_QPA_PLATFORM`` (offscreen, wayland, ...) is left to Qt.
    """
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return None
    if env.get("QT_QPA_PLATFORM") or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return ("claimdesk: no graphical display to open the window on (neither DISPLAY nor "
            "WAYLAND_DISPLAY is set). On a server or over SSH without X forwarding, run it "
            "under a virtual display, e.g. `xvfb-run -a claimdesk` (Debian/Ubuntu: "
            "`sudo apt-get install xvfb`), or use the command line: `claimdesk --help`.")
