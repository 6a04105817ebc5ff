"""Who is annotating: asked once per project, remembered in the project file."""

from __future__ import annotations

import getpass
from pathlib import Path

from PySide6.QtWidgets import QInputDialog

from desktop.core.model import GOLD
from desktop.core.names import identifier_problem
from desktop.store import open_project


def default_annotator() -> str:
    """The operating-system user name, as a first guess."""
    try:
        return getpass.getuser() or "annotator"
    except (KeyError, OSError):
        return "annotator"


def remembered_annotator(path: Path) -> str | None:
    # Opened as the window will open it next (for writing when possible): reading an old
    # project for reading only would copy it to upgrade the copy, just for one value.
    with open_project(path, readonly=None) as project:
        return project.meta("last_annotator")


def choose_annotator(path: Path) -> str | None:
    """The project's remembered annotator, or ask (None when the user cancels)."""
    name = remembered_annotator(path)
    if name:
        return name
    prompt = ("Your annotator name for this project\n(your annotations are kept in your own "
              "layer):")
    while True:
        text, ok = QInputDialog.getText(None, "Claimdesk: who is annotating?", prompt,
                                        text=default_annotator())
        if not ok:
            return None
        text = text.strip()
        problem = identifier_problem(text) if text != GOLD else "is the adjudicated layer"
        if problem is None:
            return text
        prompt = (f"That name {problem}. Your annotator name for this project\n(your "
                  "annotations are kept in your own layer):")
