"""Regression guard for PySide6 6.12.0 on Python 3.11 (none_dealloc abort).

6.12.0 drops a reference to ``None`` on every call of a Qt method that returns nothing; after a
few thousand calls the interpreter aborts. We pin PySide6 below 6.12; this test lets the pin be
lifted the day a fixed release passes it.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot


def test_void_qt_calls_do_not_leak_none(qtbot: QtBot) -> None:
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    doc = QTextDocument("x" * 100)
    cursor = QTextCursor(doc)
    before = sys.getrefcount(None)
    for i in range(20_000):
        cursor.setPosition(i % 100)  # void C++ method
        edit.setTextCursor(edit.textCursor())  # void C++ method
    after = sys.getrefcount(None)
    # A few references may come and go for unrelated reasons; the 6.12.0 bug loses 40,000.
    assert abs(after - before) < 100
