"""Settings: declared once, typed, kept at an explicit file that tests never share."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.paths import settings_file
from desktop.ui.settings import (
    DEFAULT_ANNOTATOR,
    FONT_SIZE,
    GEOMETRY,
    INLINE_TAGS,
    OPTIONS,
    RECENT,
    RECENT_LIMIT,
    THEME,
    Settings,
)


def test_the_settings_file_is_under_the_test_home(qapp: object) -> None:
    # tests/conftest.py points CLAIMDESK_HOME at a fresh folder for every test.
    import os

    home = Path(os.environ["CLAIMDESK_HOME"])
    assert settings_file().is_relative_to(home)
    assert Settings.load().path == settings_file()


def test_values_survive_a_restart_with_their_types(qapp: object, tmp_path: Path) -> None:
    path = tmp_path / "s.ini"
    first = Settings(path)
    first.set_value(THEME, "dark")
    first.set_value(FONT_SIZE, 15)
    first.set_value(INLINE_TAGS, True)
    first.set_value(GEOMETRY, b"\x00\x01binary\xff")
    first.set_value(DEFAULT_ANNOTATOR, "Zoë Ødegaard")
    first.sync()
    again = Settings(path)
    assert again.value(THEME) == "dark"
    assert again.value(FONT_SIZE) == 15
    assert again.value(INLINE_TAGS) is True
    assert again.value(GEOMETRY) == b"\x00\x01binary\xff"
    assert again.value(DEFAULT_ANNOTATOR) == "Zoë Ødegaard"
    again.reset()
    assert Settings(path).value(THEME) == "system"


def test_defaults_and_bad_values(qapp: object, tmp_path: Path) -> None:
    path = tmp_path / "s.ini"
    path.write_text("[appearance]\narticle_font_size=huge\n[projects]\nrecent=not json\n",
                    encoding="utf-8")
    s = Settings(path)
    assert s.value(FONT_SIZE) == FONT_SIZE.default  # unreadable: the default
    assert s.value(RECENT) == []
    s.value(RECENT).append("x")  # a caller's list is its own copy
    assert s.value(RECENT) == []
    assert len({o.key for o in OPTIONS}) == len(OPTIONS)


def test_recent_projects_newest_first_at_most_ten(qapp: object, tmp_path: Path) -> None:
    s = Settings.transient()
    paths = [tmp_path / f"p{i}.claimdesk" for i in range(12)]
    for p in paths:
        s.add_recent(p)
    s.add_recent(paths[3])  # again: moves to the top, no duplicate
    recent = s.recent_projects()
    assert len(recent) == RECENT_LIMIT
    assert recent[0] == paths[3].resolve()
    assert recent[1] == paths[11].resolve()
    s.set_last_document(paths[3], "doc-7")
    assert s.last_document(paths[3]) == "doc-7"
    s.forget_recent([paths[3]])
    assert paths[3].resolve() not in s.recent_projects()


def test_changed_is_emitted_only_for_real_changes(qtbot: QtBot) -> None:
    s = Settings.transient()
    with qtbot.waitSignal(s.changed, timeout=1000) as blocker:
        s.set_value(THEME, "light")
    assert blocker.args == [THEME.key]
    with qtbot.assertNotEmitted(s.changed):
        s.set_value(THEME, "light")


@pytest.mark.parametrize("bad", ["", "neon"])
def test_an_unknown_theme_falls_back_to_the_system_look(qapp: object, bad: str) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.ui.theme import apply_theme, current_theme, is_dark

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "system")
    system_window = app.palette().color(app.palette().ColorRole.Window).name()
    apply_theme(app, "dark")
    assert is_dark()
    assert current_theme(app) == "dark"
    apply_theme(app, bad)
    assert current_theme(app) == "system"
    assert app.palette().color(app.palette().ColorRole.Window).name() == system_window
    apply_theme(app, "light")
    assert not is_dark()
    apply_theme(app, "system")
