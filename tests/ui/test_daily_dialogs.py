"""The first imported document opens; preferences apply at once; the keyboard reference and
the About box."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.jobs import finish_job, no_jobs_left, text_folder  # noqa: F401
from helpers.windows import key
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.paths import log_dir
from desktop.ui.actions import ActionId
from desktop.ui.dialogs.about import AboutDialog, about_html
from desktop.ui.dialogs.preferences import PreferencesDialog
from desktop.ui.dialogs.shortcuts import ShortcutsDialog, shortcut_rows
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import (
    DEFAULT_ANNOTATOR,
    FONT_SIZE,
    INLINE_TAGS,
    SNAPPING,
    THEME,
)

pytestmark = pytest.mark.usefixtures("no_jobs_left")


def test_after_an_import_the_first_new_document_is_shown(qtbot: QtBot, window: MainWindow,
                                                         tmp_path: Path) -> None:
    dlg = window.open_import_dialog()
    dlg.set_paths([text_folder(tmp_path)])
    outcome = finish_job(qtbot, dlg.job_finished, dlg.start_import)
    report = outcome.value
    assert report.first_added
    assert window.ws.current is not None
    assert window.ws.current.id == report.first_added
    rows = window.corpus_list.selectionModel().selectedRows()
    assert [window.corpus_model.doc_id(r.row()) for r in rows] == [report.first_added]
    assert "showing the first new one" in window.statusBar().currentMessage()


def test_preferences_apply_at_once_and_are_kept(qtbot: QtBot, window: MainWindow) -> None:
    dialog = PreferencesDialog(window.settings, window)
    qtbot.addWidget(dialog)
    view = window.article_view
    dialog.font_size.setValue(16)
    assert window.settings.value(FONT_SIZE) == 16
    assert view.point_size == 16
    dialog.tags.setChecked(True)
    assert view.state.tags
    assert window.actions_by_id[ActionId.INLINE_TAGS].isChecked()
    dialog.snapping.setChecked(False)
    assert not window.labelling.snapping
    dialog.annotator.setText("  Ana   Ruiz ")
    assert window.settings.value(DEFAULT_ANNOTATOR) == "Ana Ruiz"
    dialog.annotator.setText("gold")  # not a person: shown, not kept
    assert "adjudicated" in dialog.annotator_problem.text()
    assert window.settings.value(DEFAULT_ANNOTATOR) == "Ana Ruiz"
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    assert window.settings.value(THEME) == "dark"
    # The View menu's toggle shows in the open dialog too.
    window.actions_by_id[ActionId.INLINE_TAGS].trigger()
    assert not dialog.tags.isChecked()
    dialog.restore_defaults()
    assert window.settings.value(FONT_SIZE) == FONT_SIZE.default
    assert window.settings.value(SNAPPING)
    assert not window.settings.value(INLINE_TAGS)
    assert window.settings.value(THEME) == "system"
    assert window.labelling.snapping


def test_the_keyboard_reference_lists_the_windows_keys(qtbot: QtBot, window: MainWindow) -> None:
    rows = shortcut_rows(window)
    keys = {(what, keys) for _, what, keys in rows}
    assert ("Undo", "Ctrl+Z") in keys
    assert ("Claim", "2") in keys  # from the codebook
    assert ("Keyboard shortcuts", "?") in keys
    key(qtbot, window, Qt.Key.Key_Question)
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None
    assert dialog.isVisible()
    dialog.filter.setText("undo")
    assert [row[1] for row in dialog.visible_rows()] == ["Undo"]
    dialog.filter.setText("ctrl+shift+t")
    assert [row[1] for row in dialog.visible_rows()] == ["Label tags in the text"]
    dialog.close()


def test_about_names_version_licence_and_folders(qtbot: QtBot, window: MainWindow) -> None:
    from desktop import __version__

    html = about_html()
    assert __version__ in html
    assert "MIT licence" in html
    assert str(log_dir()) in html
    window.actions_by_id[ActionId.ABOUT].trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None
    assert dialog.isVisible()
    dialog.close()
