"""The article view: the document text, read-only but with a caret and keyboard selection."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from desktop.core.model import Document
from desktop.ui.text_bridge import TextBridge


class ArticleView(QPlainTextEdit):
    """Shows one document; positions leave this widget as code points via ``TextBridge``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setAccessibleName("Article text")
        self.setReadOnly(True)
        # Read-only but with a visible caret: keyboard selection (arrows, Shift+arrows,
        # Ctrl+Shift+arrows, Home/End) works as in an editor.
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        font = QFont("DejaVu Serif")
        font.setPointSize(12)
        self.setFont(font)
        self.document().setDocumentMargin(16)
        self.bridge = TextBridge("")
        self.doc_id: str | None = None

    def show_document(self, doc: Document) -> None:
        self.doc_id = doc.id
        self.bridge = TextBridge(doc.text)
        self.setPlainText(doc.text)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def selection_range(self) -> tuple[int, int] | None:
        """The current selection in code points, or None."""
        return self.bridge.selection(self.textCursor())

    def select_range(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        self.bridge.select(cursor, start, end)
        self.setTextCursor(cursor)
