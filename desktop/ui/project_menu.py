"""The project commands of a window's File menu, wired to the ProjectController.

The actions themselves are declared with the others (``actions.SPECS``); this connects the
project ones, builds the *Open recent* submenu (rebuilt each time it opens, from the
settings) and makes the annotator's name in the status bar a button for switching.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from desktop.ui.actions import ActionId

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow
    from desktop.ui.project_controller import ProjectController


def recent_menu(parent: QWidget, controller: ProjectController) -> QMenu:
    """*Open recent*: the last ten projects, newest first; missing files can be forgotten."""
    menu = QMenu("Open &recent", parent)
    menu.setObjectName("recentMenu")

    def fill() -> None:
        menu.clear()
        recent = controller.settings.recent_projects()
        for i, path in enumerate(recent, start=1):
            exists = path.exists()
            text = f"&{i % 10} {path.name}" + ("" if exists else "  (not found)")
            act = menu.addAction(text)
            act.setToolTip(str(path))
            act.setStatusTip(str(path) if exists else f"{path} no longer exists: click to "
                             "remove it from the list")
            act.setData(str(path))
            act.triggered.connect(lambda _=False, p=path: _open_recent(controller, p))
        if not recent:
            none = menu.addAction("No recent projects")
            none.setEnabled(False)
        else:
            menu.addSeparator()
            clear = menu.addAction("Clear the list")
            clear.triggered.connect(lambda: controller.settings.forget_recent(recent))

    menu.aboutToShow.connect(fill)
    fill()
    return menu


def _open_recent(controller: ProjectController, path: Path) -> None:
    if not path.exists():
        controller.forget_missing(path)
        if controller.window is not None:
            controller.window.show_message(f"{path} no longer exists; removed from the list")
        return
    controller.open_project(path)


def install_project_menu(window: MainWindow, controller: ProjectController) -> None:
    a = window.actions_by_id
    slots = {
        ActionId.NEW_PROJECT: controller.new_project_dialog,
        ActionId.OPEN_PROJECT: controller.open_project_dialog,
        ActionId.CLOSE_PROJECT: controller.close_project,
        ActionId.SWITCH_ANNOTATOR: lambda: controller.switch_annotator(),
        ActionId.RENAME_ANNOTATOR: lambda: controller.rename_annotator(),
        ActionId.BACKUPS: controller.backups_dialog,
    }
    for aid, slot in slots.items():
        a[aid].triggered.connect(lambda _=False, f=slot: f())
    file_menu = window.menus["file"]
    window.recent_menu = recent_menu(window, controller)
    file_menu.insertMenu(a[ActionId.CLOSE_PROJECT], window.recent_menu)
    window.status_fields.annotator_clicked.connect(a[ActionId.SWITCH_ANNOTATOR].trigger)


def recent_action_paths(menu: QMenu) -> list[str]:
    """The paths the recent menu offers (tests)."""
    return [str(act.data()) for act in menu.actions() if isinstance(act, QAction) and act.data()]
