"""The one place where Qt's UTF-16 positions meet Claimdesk's code-point offsets.

``QTextCursor.position()`` counts UTF-16 code units and ``selectedText()`` uses U+2029 for
line breaks; everything outside this module speaks code points (docs/architecture.md,
"Contracts").
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from desktop.core.offsets import Utf16Index


class TextBridge:
    """Converts positions for one document text shown in a QTextDocument."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._index = Utf16Index(text)

    @property
    def length_utf16(self) -> int:
        return self._index.length_utf16

    def to_qt(self, cp: int) -> int:
        """Qt position of code-point offset ``cp``."""
        return self._index.to_utf16(cp)

    def to_cp(self, qt_pos: int, *, round_up: bool = False) -> int:
        """Code-point offset of a Qt position (mid-surrogate positions snap down, or up)."""
        return self._index.to_codepoint(max(0, min(qt_pos, self.length_utf16)),
                                        round_up=round_up)

    def selection(self, cursor: QTextCursor) -> tuple[int, int] | None:
        """The cursor's selection as code points ``(start, end)``, or None when empty."""
        a, b = cursor.selectionStart(), cursor.selectionEnd()
        if a == b:
            return None
        start, end = self.to_cp(a), self.to_cp(b, round_up=True)
        return (start, end) if start < end else None

    def select(self, cursor: QTextCursor, start: int, end: int) -> None:
        """Select code points ``[start, end)`` with ``cursor``."""
        cursor.setPosition(self.to_qt(start))
        cursor.setPosition(self.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
