"""The guide's keyboard reference (docs/guide/keyboard.md) lists every shortcut of the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence

from desktop.ui.main_window import MainWindow

PAGE = Path(__file__).resolve().parents[2] / "docs" / "guide" / "keyboard.md"
# How the page writes keys that Qt spells differently.
SPELLING = {"←": "Left", "→": "Right", "Delete": "Del", "Ctrl+plus": "Ctrl++",
            "Ctrl+minus": "Ctrl+-", "`": ""}


def _page_text() -> str:
    text = PAGE.read_text(encoding="utf-8")
    for ours, qt in SPELLING.items():
        text = text.replace(ours, qt)
    return text


def test_every_window_shortcut_is_in_the_keyboard_reference(window: MainWindow) -> None:
    text = _page_text()
    missing = []
    for act in window.findChildren(QAction):
        keys = [k.toString(QKeySequence.SequenceFormat.PortableText) for k in act.shortcuts()]
        keys = [k for k in keys if k]
        if keys and not any(k in text for k in keys):
            missing.append(f"{act.text()}: {' / '.join(keys)}")
    assert not missing, missing
