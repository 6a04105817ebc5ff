"""Find in the article: a slim bar under the text (Ctrl+F), next/previous, all matches lit.

Matching happens inside Qt's document (UTF-16 positions never leave this module); a match
only becomes the text selection, which the labelling keys then read through the TextBridge.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextEdit, QToolButton, QWidget

from desktop.ui.theme import find_highlight
from desktop.ui.views.article_view import ArticleView

_MAX_LIT = 2000  # beyond this many matches only the current one is highlighted


class _FindEdit(QLineEdit):
    def __init__(self, bar: FindBar) -> None:
        super().__init__(bar)
        self.bar = bar

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.bar.close_bar()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            backward = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.bar.find_next(backward=backward)
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    def __init__(self, view: ArticleView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("findBar")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.setSpacing(6)
        self.edit = _FindEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setAccessibleName("Find in article")
        self.edit.setPlaceholderText("Find in article (Enter: next, Shift+Enter: previous)")
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel("")
        self.count.setMinimumWidth(90)
        prev_btn, next_btn, close_btn = QToolButton(), QToolButton(), QToolButton()
        prev_btn.setText("▲")
        prev_btn.setToolTip("Previous match (Shift+F3)")
        next_btn.setText("▼")
        next_btn.setToolTip("Next match (F3)")
        close_btn.setText("✕")
        close_btn.setToolTip("Close (Esc)")
        prev_btn.clicked.connect(lambda: self.find_next(backward=True))
        next_btn.clicked.connect(lambda: self.find_next())
        close_btn.clicked.connect(self.close_bar)
        for w in (QLabel("Find:"), self.edit, self.count, prev_btn, next_btn, close_btn):
            lay.addWidget(w)
        self.edit.textChanged.connect(self._on_text_changed)
        self.matches: list[tuple[int, int]] = []  # Qt positions, internal to the bar
        self.current = -1
        view.ws.document_opened.connect(lambda _id: self._on_text_changed(self.edit.text()))
        self.hide()

    def open_bar(self) -> None:
        self.show()
        cursor = self.view.textCursor()
        if cursor.hasSelection() and "\u2029" not in cursor.selectedText():
            self.edit.setText(cursor.selectedText())
        self.edit.selectAll()
        self.edit.setFocus()
        self._on_text_changed(self.edit.text())

    def close_bar(self) -> None:
        self.hide()
        self.view.setExtraSelections([])
        self.view.setFocus()

    def _on_text_changed(self, text: str) -> None:
        self.matches = []
        self.current = -1
        if text and self.isVisible():
            doc = self.view.document()
            cursor = doc.find(text, 0)
            while not cursor.isNull() and len(self.matches) < 100_000:
                self.matches.append((cursor.selectionStart(), cursor.selectionEnd()))
                cursor = doc.find(text, cursor)
        if self.matches:
            caret = self.view.textCursor().selectionStart()
            self.current = next((i for i, (s, _) in enumerate(self.matches) if s >= caret), 0)
            self._show_current()
        else:
            self.view.setExtraSelections([])
            self.count.setText("no match" if text else "")

    def find_next(self, *, backward: bool = False) -> None:
        if not self.isVisible():
            self.open_bar()
            return
        if not self.matches:
            return
        self.current = (self.current + (-1 if backward else 1)) % len(self.matches)
        self._show_current()

    def _show_current(self) -> None:
        s, e = self.matches[self.current]
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(s)
        cursor.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()
        self.count.setText(f"{self.current + 1} of {len(self.matches)}")
        extras = []
        lit = self.matches if len(self.matches) <= _MAX_LIT else [self.matches[self.current]]
        for ms, me in lit:
            sel = QTextEdit.ExtraSelection()
            c = QTextCursor(self.view.document())
            c.setPosition(ms)
            c.setPosition(me, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = c
            current = (ms, me) == (s, e)
            background, text = find_highlight(current=current)
            sel.format.setBackground(background)
            sel.format.setForeground(text)  # dark on the marker, in light and dark themes
            extras.append(sel)
        self.view.setExtraSelections(extras)

