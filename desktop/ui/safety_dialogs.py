"""Questions that protect the user's files (replace this file? close without a rescue copy?).

Each goes through ``ask``, which headless (tests, CI) answers ``default`` without showing a
box (a modal question would wait forever); tests replace ``ask`` to answer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.ui.errors import headless


def ask(parent: QWidget | None, title: str, text: str, *, default: bool = False) -> bool:
    """A yes/no question; ``default`` is the answer headless and the focused button."""
    if headless():
        return default
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, title, text, yes | no, yes if default else no)
    return answer == yes


def confirm_overwrite(parent: QWidget | None, path: Path) -> bool:
    return ask(parent, "Replace the file?",
               f"{path} already exists.\n\nReplace it with the export? Its current content "
               "is lost.")
