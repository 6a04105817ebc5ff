"""Who annotated a project last: remembered in the project file, never guessed.

Choosing the name to open a project under (remembered, the default name in the preferences, or
asked) is ``ProjectController.choose_annotator``; nothing about a person is taken from the
operating-system account.
"""

from __future__ import annotations

from pathlib import Path

from desktop.store import open_project


def remembered_annotator(path: Path) -> str | None:
    # Opened as the window will open it next (for writing when possible): reading an old
    # project for reading only would copy it to upgrade the copy, just for one value.
    with open_project(path, readonly=None) as project:
        return project.meta("last_annotator")
