"""The start window, shown when no project is open: New, Open, and the recent projects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.ui.project_menu import recent_menu

if TYPE_CHECKING:
    from desktop.ui.project_controller import ProjectController


class StartWindow(QMainWindow):
    def __init__(self, controller: ProjectController) -> None:
        super().__init__()
        self.controller = controller
        self.setObjectName("startWindow")
        self.setWindowTitle("Claimdesk")
        title = QLabel(f"<h2>Claimdesk</h2><p>Annotate attribution in news articles. "
                       f"Version {__version__}.</p>")
        title.setTextFormat(Qt.TextFormat.RichText)
        new = QPushButton("&New project…")
        new.clicked.connect(controller.new_project_dialog)
        open_ = QPushButton("&Open project…")
        open_.clicked.connect(controller.open_project_dialog)
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addWidget(open_)
        buttons.addStretch(1)
        self.recent = QListWidget()
        self.recent.setObjectName("recentList")
        self.recent.setAccessibleName("Recent projects")
        self.recent.itemActivated.connect(self._open_item)
        for path in controller.settings.recent_projects():
            item = QListWidgetItem(path.name + ("" if path.exists() else "  (not found)"))
            item.setToolTip(str(path))
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.recent.addItem(item)
        hint = QLabel("Recent projects (Enter or double-click opens one). From a terminal: "
                      "<code>claimdesk PROJECT</code>; <code>claimdesk init</code> makes one "
                      "for scripts.")
        hint.setWordWrap(True)
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.addWidget(title)
        lay.addLayout(buttons)
        lay.addWidget(hint)
        lay.addWidget(self.recent, 1)
        self.setCentralWidget(central)
        menu = self.menuBar().addMenu("&File")
        for text, keys, slot in (("&New project…", "Ctrl+N", controller.new_project_dialog),
                                 ("&Open project…", "Ctrl+O", controller.open_project_dialog)):
            act = QAction(text, self)
            act.setShortcut(QKeySequence(keys))
            act.triggered.connect(lambda _=False, f=slot: f())
            menu.addAction(act)
        menu.addMenu(recent_menu(self, controller))
        menu.addSeparator()
        quit_ = QAction("&Quit", self)
        quit_.setShortcut(QKeySequence("Ctrl+Q"))
        quit_.triggered.connect(self.close)
        menu.addAction(quit_)
        self.resize(560, 420)
        if self.recent.count():
            self.recent.setCurrentRow(0)
            self.recent.setFocus()

    def _open_item(self, item: QListWidgetItem) -> None:
        from pathlib import Path

        self.controller.open_project(Path(str(item.data(Qt.ItemDataRole.UserRole))))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.controller.start_window is self:
            self.controller.start_window = None
        super().closeEvent(event)
