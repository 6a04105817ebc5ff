"""How the main window follows the settings, and the small dialogs it opens.

Kept out of ``main_window.py`` so the window stays a thin shell. ``apply_one`` is what the
window's ``apply_setting`` slot (connected to ``Settings.changed``) runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop.ui.actions import ActionId
from desktop.ui.settings import (
    AUTO_SUGGEST,
    AUTOSUGGEST,
    FONT_SIZE,
    FRAME_ARCS,
    INLINE_TAGS,
    SNAPPING,
    ZOOM,
)

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


def apply_all(window: MainWindow) -> None:
    """Every option, when the window is built."""
    s = window.settings
    view = window.article_view
    view.base_point_size = s.value(FONT_SIZE)
    view.set_zoom(s.value(ZOOM))
    for option in (SNAPPING, INLINE_TAGS, FRAME_ARCS, AUTOSUGGEST):
        apply_one(window, option.key, quiet=True)


def apply_one(window: MainWindow, key: str, *, quiet: bool = False) -> None:
    s = window.settings
    a = window.actions_by_id
    if key == SNAPPING.key:
        on = s.value(SNAPPING)
        window.labelling.snapping = on
        a[ActionId.SNAP_TO_WORDS].setChecked(on)
        if not quiet:
            window.show_message("Selections snap to whole words" if on
                                else "Snapping off: selections are taken as they are")
    elif key == INLINE_TAGS.key:
        a[ActionId.INLINE_TAGS].setChecked(s.value(INLINE_TAGS))
        window.article_view.set_inline_tags(s.value(INLINE_TAGS))
    elif key == FRAME_ARCS.key:
        a[ActionId.FRAME_LINKS].setChecked(s.value(FRAME_ARCS))
        window.article_view.set_show_links(s.value(FRAME_ARCS))
    elif key == FONT_SIZE.key:
        window.article_view.set_base_point_size(s.value(FONT_SIZE))
    elif key == AUTOSUGGEST.key:
        window.labelling.autosuggest = s.value(AUTOSUGGEST)
    elif key == AUTO_SUGGEST.key:
        window.assist.follow_setting()


def open_dialog(window: MainWindow, which: str) -> QDialog:
    """Preferences, the keyboard reference, the history or About: non-modal, deleted when
    closed."""
    dialog: QDialog
    if which == "preferences":
        from desktop.ui.dialogs.preferences import PreferencesDialog

        dialog = PreferencesDialog(window.settings, window)
    elif which == "shortcuts":
        from desktop.ui.dialogs.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(window)
    elif which == "history":
        from desktop.ui.dialogs.history_dialog import HistoryDialog

        dialog = HistoryDialog(window, window.ws)
    else:
        from desktop.ui.dialogs.about import AboutDialog

        dialog = AboutDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
