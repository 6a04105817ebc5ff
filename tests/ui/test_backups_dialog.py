"""File → Backups…: the list, a backup made now in the background, and a restore that puts
the project back, reopens it where the annotator was, and can itself be undone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.jobs import JOB_TIMEOUT_MS
from helpers.projects import ScriptedPrompts, close_leftovers, flush_deletes, shown
from helpers.windows import make_project
from pytestqt.qtbot import QtBot

from desktop.store import list_backups, open_project
from desktop.ui.actions import ActionId
from desktop.ui.dialogs.backups_dialog import BackupsDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.project_controller import ProjectController
from desktop.ui.settings import Settings


@pytest.fixture(autouse=True)
def _close() -> Iterator[None]:
    yield
    close_leftovers()


def _spans(window: MainWindow) -> list[str]:
    assert window.ws.current is not None
    return sorted(s.text for s in window.ws.project.annotations.spans(
        window.ws.current.id, window.ws.annotator))


def _open(qtbot: QtBot, tmp_path: Path, prompts: ScriptedPrompts
          ) -> tuple[ProjectController, MainWindow]:
    path = make_project(tmp_path / "news.claimdesk")
    c = ProjectController(Settings(tmp_path / "settings.ini"), prompts=prompts)
    window = shown(qtbot, c.open_project(path, "alice"))
    return c, window


def _dialog(qtbot: QtBot, window: MainWindow) -> BackupsDialog:
    window.actions_by_id[ActionId.BACKUPS].trigger()
    dialog = window.findChild(BackupsDialog)
    assert isinstance(dialog, BackupsDialog)
    qtbot.waitExposed(dialog)
    return dialog


def _back_up(qtbot: QtBot, dialog: BackupsDialog) -> None:
    with qtbot.waitSignal(dialog.back_up_now().finished, timeout=JOB_TIMEOUT_MS):
        pass
    qtbot.waitUntil(lambda: dialog.job is None, timeout=JOB_TIMEOUT_MS)


def test_back_up_now_lists_the_copy(qtbot: QtBot, tmp_path: Path) -> None:
    _, window = _open(qtbot, tmp_path, ScriptedPrompts())
    dialog = _dialog(qtbot, window)
    assert dialog.table.rowCount() == 0
    assert "No backups of this project yet" in dialog.empty.text()
    assert not dialog.restore_button.isEnabled()
    _back_up(qtbot, dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "made by you"
    assert "Backed up to" in dialog.status.text()
    assert dialog.restore_button.isEnabled()
    assert [b.reason for b in list_backups(window.ws.path)] == ["manual"]


def test_restore_puts_the_project_back_and_can_be_undone(qtbot: QtBot,
                                                        tmp_path: Path) -> None:
    prompts = ScriptedPrompts(confirm=[True, True])
    c, window = _open(qtbot, tmp_path, prompts)
    doc = window.ws.current
    assert doc is not None
    before = _spans(window)
    _back_up(qtbot, _dialog(qtbot, window))
    # Work after the backup ...
    window.ws.add_span("CUE", ((0, 3),))
    assert len(_spans(window)) == len(before) + 1
    # ... is undone by restoring the backup: the window reopens on the same document.
    dialog = _dialog(qtbot, window)
    assert dialog.restore_selected()
    assert prompts.names() == ["confirm"]
    flush_deletes()
    restored = c.window
    assert restored is not None
    assert restored is not window
    shown(qtbot, restored)
    assert restored.ws.annotator == "alice"
    assert restored.ws.current is not None
    assert restored.ws.current.id == doc.id
    assert _spans(restored) == before
    assert "Restored from" in restored.statusBar().currentMessage()
    # What the project held is a "before-restore" backup: restoring it brings the work back.
    dialog = _dialog(qtbot, restored)
    assert dialog.table.item(0, 1).text() == "before a restore"
    dialog.table.selectRow(0)
    assert dialog.restore_selected()
    flush_deletes()
    again = c.window
    assert again is not None
    shown(qtbot, again)
    assert len(_spans(again)) == len(before) + 1


def test_a_refused_restore_reopens_the_project_as_it_was(qtbot: QtBot, tmp_path: Path) -> None:
    prompts = ScriptedPrompts(confirm=[True])
    c, window = _open(qtbot, tmp_path, prompts)
    path = window.ws.path
    assert path is not None
    _back_up(qtbot, _dialog(qtbot, window))
    window.ws.add_span("CUE", ((0, 3),))
    after_edit = _spans(window)
    with open_project(path, readonly=True):  # another program holds the file open
        _dialog(qtbot, window).restore_selected()
    flush_deletes()
    assert c.window is not None
    shown(qtbot, c.window)
    assert len(prompts.errors) == 1
    assert "open" in prompts.errors[0], prompts.errors
    assert _spans(c.window) == after_edit
