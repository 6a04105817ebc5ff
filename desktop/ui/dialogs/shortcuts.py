"""The keyboard reference inside the application (Help → Keyboard shortcuts, or ?).

Built from the window's own menus, so it lists exactly the keys this window answers to (label
keys come from the project's codebook), plus the few keys that belong to no menu item. A
filter box finds a key or an action by any word.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

EXTRA = (
    ("Article", "Select a span (click again: the next span under the pointer)", "Click"),
    ("Article", "Select a word", "Double-click"),
    ("Panels", "Edit an attribute, note, or actor in place", "F2"),
    ("Link dialog", "Create an actor with the typed name", "Ctrl+Shift+N"),
)


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action with a shortcut in ``window``'s menus."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def walk(menu: QMenu, where: str) -> None:
        for act in menu.actions():
            sub = act.menu()
            if isinstance(sub, QMenu):
                walk(sub, where)
                continue
            if id(act) in seen or not act.shortcuts():
                continue
            seen.add(id(act))
            keys = " / ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                              for k in act.shortcuts())
            rows.append((where, act.text().replace("&", "").rstrip("…"), keys))

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, top.text().replace("&", ""))
    rows.extend(EXTRA)
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter: a key or a word")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter shortcuts")
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels(["Where", "What", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.filter.textChanged.connect(self.apply_filter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.filter)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        self.resize(640, 560)
        self.filter.setFocus(Qt.FocusReason.OtherFocusReason)

    def _row(self, r: int) -> tuple[str, str, str]:
        cells = [self.table.item(r, c) for c in range(3)]
        where, what, keys = (c.text() if c is not None else "" for c in cells)
        return where, what, keys

    def apply_filter(self, text: str) -> None:
        words = text.casefold().split()
        for r in range(self.table.rowCount()):
            cells = " ".join(self._row(r)).casefold()
            self.table.setRowHidden(r, not all(w in cells for w in words))

    def visible_rows(self) -> list[tuple[str, str, str]]:
        return [self._row(r) for r in range(self.table.rowCount())
                if not self.table.isRowHidden(r)]


def action_keys(act: QAction) -> str:
    return " / ".join(k.toString(QKeySequence.SequenceFormat.PortableText)
                      for k in act.shortcuts())
