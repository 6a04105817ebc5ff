"""Projects and people: open, switch, close, recent projects; who annotates; what is
remembered between sessions; edits only ever go to the annotator's own layer."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.projects import ScriptedPrompts, close_leftovers, flush_deletes, shown
from helpers.windows import DOCS, make_project, settle
from PySide6.QtCore import SIGNAL, Qt
from pytestqt.qtbot import QtBot

from desktop.core.model import Span
from desktop.store import open_project
from desktop.ui import commands as ops
from desktop.ui.actions import ActionId
from desktop.ui.dialogs.project_dialogs import AnnotatorChoice, NewProject
from desktop.ui.project_controller import ProjectController
from desktop.ui.settings import DEFAULT_ANNOTATOR, FONT_SIZE, Settings


@pytest.fixture
def two_projects(tmp_path: Path) -> tuple[Path, Path]:
    a = make_project(tmp_path / "alpha.claimdesk")
    b = make_project(tmp_path / "beta.claimdesk")
    return a, b


@pytest.fixture(autouse=True)
def _no_os_user(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse() -> str:
        raise AssertionError("the OS user name must never be used as an annotator name")

    monkeypatch.setattr(getpass, "getuser", refuse)
    yield
    close_leftovers()


def controller(tmp_path: Path, prompts: ScriptedPrompts,
               settings: Settings | None = None) -> ProjectController:
    return ProjectController(settings or Settings(tmp_path / "settings.ini"), prompts=prompts)


# -- who annotates -------------------------------------------------------------------------


def test_a_new_project_asks_who_annotates_and_can_keep_the_name_as_default(
        qtbot: QtBot, tmp_path: Path, two_projects: tuple[Path, Path]) -> None:
    prompts = ScriptedPrompts(annotator=[AnnotatorChoice("carol", make_default=True)])
    c = controller(tmp_path, prompts)
    window = shown(qtbot, c.open_project(two_projects[0]))
    assert window.ws.annotator == "carol"
    _, question = prompts.asked[0]
    assert question["remembered"] is None
    assert question["preferred"] == ""  # nothing guessed
    assert c.settings.value(DEFAULT_ANNOTATOR) == "carol"
    # The second project: the default name is used without asking.
    other = shown(qtbot, c.open_project(two_projects[1]))
    assert other.ws.annotator == "carol"
    assert prompts.names() == ["annotator"]


def test_the_project_remembers_its_annotator(qtbot: QtBot, tmp_path: Path,
                                            two_projects: tuple[Path, Path]) -> None:
    with open_project(two_projects[0]) as project:
        project.set_meta("last_annotator", "dave")
    prompts = ScriptedPrompts()
    window = shown(qtbot, controller(tmp_path, prompts).open_project(two_projects[0]))
    assert window.ws.annotator == "dave"
    assert prompts.asked == []


def test_remembered_and_default_names_that_differ_are_asked_about(
        qtbot: QtBot, tmp_path: Path, two_projects: tuple[Path, Path]) -> None:
    with open_project(two_projects[0]) as project:
        project.set_meta("last_annotator", "dave")
    settings = Settings(tmp_path / "s.ini")
    settings.set_value(DEFAULT_ANNOTATOR, "erin")
    prompts = ScriptedPrompts(annotator=[AnnotatorChoice("erin")])
    window = shown(qtbot, controller(tmp_path, prompts, settings).open_project(two_projects[0]))
    assert window.ws.annotator == "erin"
    _, question = prompts.asked[0]
    assert (question["remembered"], question["preferred"]) == ("dave", "erin")


def test_cancelling_the_question_opens_nothing(qtbot: QtBot, tmp_path: Path,
                                               two_projects: tuple[Path, Path]) -> None:
    c = controller(tmp_path, ScriptedPrompts(annotator=[None]))
    assert c.open_project(two_projects[0]) is None
    assert c.window is None


def test_gold_is_not_a_person(qtbot: QtBot, tmp_path: Path,
                              two_projects: tuple[Path, Path]) -> None:
    prompts = ScriptedPrompts(annotator=[AnnotatorChoice("gold")])
    assert controller(tmp_path, prompts).open_project(two_projects[0]) is None
    assert "adjudicated" in prompts.errors[0]


# -- switching projects ----------------------------------------------------------------


def test_switching_projects_rebuilds_the_window_without_leaks(
        qtbot: QtBot, tmp_path: Path, two_projects: tuple[Path, Path]) -> None:
    alpha, beta = two_projects
    c = controller(tmp_path, ScriptedPrompts())
    first = shown(qtbot, c.open_project(alpha, "alice"))
    first.resize(790, 560)  # the offscreen screen is 800 x 600
    size = (first.width(), first.height())
    first_ws = first.ws
    with qtbot.waitSignal(first.destroyed, timeout=3000):
        second = shown(qtbot, c.open_project(beta, "alice"))
        flush_deletes()
    assert c.window is second
    assert second.windowTitle() == "Claimdesk — beta.claimdesk (alice)"
    assert (second.width(), second.height()) == size  # in the old one's place
    assert second.ws is not first_ws
    with pytest.raises(Exception, match="closed"):
        first_ws.project.documents.count()  # its connection was closed
    # Only the live window listens to the settings (Qt dropped the dead one's connection).
    assert c.settings.receivers(SIGNAL("changed(QString)")) == 1
    assert c.settings.recent_projects()[:2] == [beta.resolve(), alpha.resolve()]
    third = shown(qtbot, c.open_project(alpha, "alice"))
    flush_deletes()
    assert c.settings.receivers(SIGNAL("changed(QString)")) == 1
    assert third.ws.path == alpha


def test_close_project_shows_the_start_window_with_recent_projects(
        qtbot: QtBot, tmp_path: Path, two_projects: tuple[Path, Path]) -> None:
    alpha, beta = two_projects
    c = controller(tmp_path, ScriptedPrompts())
    shown(qtbot, c.open_project(alpha, "alice"))
    shown(qtbot, c.open_project(beta, "alice"))
    with qtbot.waitSignal(c.window_changed, timeout=2000) as changed:
        assert c.close_project()
    assert changed.args == [None]
    assert c.window is None
    start = c.start_window
    assert start is not None
    recent = start.recent
    names = [recent.item(i).text() for i in range(recent.count())]
    assert names == ["beta.claimdesk", "alpha.claimdesk"]
    recent.setCurrentRow(1)
    recent.itemActivated.emit(recent.item(1))  # Enter on a recent project opens it
    assert c.window is not None
    assert c.window.ws.path == alpha
    shown(qtbot, c.window)
    assert c.start_window is None


def test_recent_menu_lists_projects_and_forgets_missing_ones(
        qtbot: QtBot, tmp_path: Path, two_projects: tuple[Path, Path]) -> None:
    from desktop.ui.project_menu import recent_action_paths

    alpha, beta = two_projects
    c = controller(tmp_path, ScriptedPrompts())
    shown(qtbot, c.open_project(alpha, "alice"))
    window = shown(qtbot, c.open_project(beta, "alice"))
    menu = window.recent_menu
    assert menu is not None
    menu.aboutToShow.emit()
    assert recent_action_paths(menu) == [str(beta.resolve()), str(alpha.resolve())]
    alpha.unlink()
    menu.aboutToShow.emit()
    missing = next(a for a in menu.actions() if a.data() == str(alpha.resolve()))
    assert "(not found)" in missing.text()
    missing.trigger()
    assert c.window is window  # nothing opened ...
    assert alpha.resolve() not in c.settings.recent_projects()  # ... and the entry is gone


def test_new_project_with_the_default_codebook(qtbot: QtBot, tmp_path: Path) -> None:
    target = tmp_path / "fresh.claimdesk"
    prompts = ScriptedPrompts(new_project=[NewProject(target, None, AnnotatorChoice("nina"))])
    c = controller(tmp_path, prompts)
    window = shown(qtbot, c.new_project_dialog())
    assert window.ws.path == target
    assert window.ws.annotator == "nina"
    assert window.corpus_model.rowCount() == 0
    assert window.ws.codebook.name == "News attribution"
    assert c.settings.value(DEFAULT_ANNOTATOR) == "nina"  # first name given becomes default


# -- the same person, another name -------------------------------------------------------


def test_switch_annotator_from_the_status_bar_keeps_the_document(
        qtbot: QtBot, tmp_path: Path, two_projects: tuple[Path, Path]) -> None:
    prompts = ScriptedPrompts(switch_annotator=["bob"])
    c = controller(tmp_path, prompts)
    window = shown(qtbot, c.open_project(two_projects[0], "alice"))
    window.open_document("p2")
    text = DOCS[2][2]
    start = text.index("spokesperson")
    window.ws.add_span("SOURCE", ((start, start + len("spokesperson")),))
    field = window.status_fields.annotator
    field.click()  # a click on the name
    bob = shown(qtbot, c.window)
    assert bob.ws.annotator == "bob"
    assert bob.ws.current is not None
    assert bob.ws.current.id == "p2"
    assert bob.ws.layer().spans == ()  # bob's own, empty layer
    assert "Annotating as bob" in bob.statusBar().currentMessage()
    with open_project(two_projects[0]) as project:
        assert [s.text for s in project.annotations.spans("p2", "alice")] == ["spokesperson"]
        assert project.meta("last_annotator") == "bob"


def test_rename_a_misspelt_annotator_reopens_under_the_new_name(
        qtbot: QtBot, tmp_path: Path, two_projects: tuple[Path, Path]) -> None:
    settings = Settings(tmp_path / "s.ini")
    settings.set_value(DEFAULT_ANNOTATOR, "alcie")
    prompts = ScriptedPrompts(rename_annotator=[("alcie", "alice")])
    c = controller(tmp_path, prompts, settings)
    window = shown(qtbot, c.open_project(two_projects[0], "alcie"))
    window.open_document("p3")
    start = DOCS[3][2].index("nothing")
    window.ws.add_span("CLAIM", ((start, start + 7),))
    window.actions_by_id[ActionId.RENAME_ANNOTATOR].trigger()
    renamed = shown(qtbot, c.window)
    assert renamed.ws.annotator == "alice"
    assert renamed.ws.current is not None
    assert renamed.ws.current.id == "p3"
    assert [s.text for s in renamed.ws.layer().spans] == ["nothing"]
    assert settings.value(DEFAULT_ANNOTATOR) == "alice"
    assert "alcie" not in renamed.ws.project.annotators.names()


# -- edits go to one's own layer only ------------------------------------------------------


def test_no_path_writes_to_another_annotators_layer(qtbot: QtBot, tmp_path: Path,
                                                    two_projects: tuple[Path, Path]) -> None:
    c = controller(tmp_path, ScriptedPrompts())
    window = shown(qtbot, c.open_project(two_projects[0], "alice"))
    window.open_document("p1")
    ws = window.ws
    text = DOCS[1][2]
    span = Span.from_text(text, id="", label="CUE", fragments=((text.index("said"),
                                                                  text.index("said") + 4),))
    errors: list[str] = []
    ws.error.connect(errors.append)
    # An op for bob's layer, however it was made, is refused with a clear sentence.
    assert not ws.push(ops.AddSpan(ws.project, "bob", "p1", span))
    assert "you annotate as alice" in errors[-1]
    # Viewing bob's layer, the label keys explain and write nothing.
    with open_project(two_projects[0]) as project:
        project.spans.add("p1", "bob", span, who="bob")
    window.annotation_panel.show_layer("bob")
    settle(qtbot, window)
    window.article_view.setFocus()
    window.article_view.select_range(0, 3)
    qtbot.keyClick(window.article_view, Qt.Key.Key_2)
    assert "bob's layer, which is read-only" in window.statusBar().currentMessage()
    assert not ws.push(ops.AddSpan(ws.project, "alice", "p1", span))
    assert "belongs to bob" in errors[-1]
    with open_project(two_projects[0]) as project:
        assert [s.label for s in project.annotations.spans("p1", "bob")] == ["CUE"]
        assert project.annotations.spans("p1", "alice") == []


# -- remembered between sessions -----------------------------------------------------------


def test_window_zoom_document_and_font_size_are_restored(
        qtbot: QtBot, tmp_path: Path, two_projects: tuple[Path, Path]) -> None:
    path = tmp_path / "session.ini"
    settings = Settings(path)
    settings.set_value(FONT_SIZE, 14)
    c = controller(tmp_path, ScriptedPrompts(), settings)
    window = shown(qtbot, c.open_project(two_projects[0], "alice"))
    window.resize(790, 580)
    size = (window.width(), window.height())
    window.open_document("p2")
    window.article_view.zoom_by(2)
    window.annotation_dock.hide()
    window.close()  # quitting remembers it all
    assert window.released

    again = ProjectController(Settings(path), prompts=ScriptedPrompts())
    restored = shown(qtbot, again.open_project(two_projects[0], "alice"))
    assert restored.ws.current is not None
    assert restored.ws.current.id == "p2"
    assert restored.article_view.zoom == 2
    assert restored.article_view.point_size == 16
    assert (restored.width(), restored.height()) == size
    assert not restored.annotation_dock.isVisible()
    assert again.settings.recent_projects()[0] == two_projects[0].resolve()


def test_closing_with_a_running_job_asks_first(qtbot: QtBot, tmp_path: Path,
                                               two_projects: tuple[Path, Path],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import desktop.ui.project_controller as pc

    class FakeJob:
        name = "import"
        cancelled = False

        def cancel(self) -> None:
            self.cancelled = True

    job = FakeJob()
    monkeypatch.setattr(pc, "active_jobs", lambda: [job])
    prompts = ScriptedPrompts(confirm=[False, True])
    c = controller(tmp_path, prompts)
    window = shown(qtbot, c.open_project(two_projects[0], "alice"))
    assert c.open_project(two_projects[1], "alice") is None  # "keep it open"
    assert c.window is window
    assert not job.cancelled
    assert "import is still running" in prompts.asked[-1][1]["text"]
    assert c.close_project()  # "cancel it and close"
    assert job.cancelled
    assert c.start_window is not None
    c.start_window.close()
