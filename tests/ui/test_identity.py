"""First-run annotator identity: remembered per project, otherwise asked (never a real modal)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QWidget

from desktop.store import open_project
from desktop.ui import identity
from desktop.ui.identity import choose_annotator
from desktop.ui.workspace import Workspace


class FakeAsk:
    """Stands in for ``QInputDialog.getText``: answers from a script, records each call."""

    def __init__(self, answers: list[tuple[str, bool]]) -> None:
        self.answers = list(answers)
        self.calls: list[tuple[str, str, str]] = []

    def __call__(self, parent: QWidget | None, title: str, label: str, *args: object,
                 **kwargs: object) -> tuple[str, bool]:
        self.calls.append((title, label, str(kwargs.get("text", ""))))
        assert self.answers, "asked more often than the test expected"
        return self.answers.pop(0)


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "identity.claimdesk"
    open_project(path, create=True).close()
    return path


def _ask(monkeypatch: pytest.MonkeyPatch, answers: list[tuple[str, bool]]) -> FakeAsk:
    fake = FakeAsk(answers)
    monkeypatch.setattr(QInputDialog, "getText", fake)
    monkeypatch.setattr(identity, "default_annotator", lambda: "osuser")
    return fake


def test_remembered_annotator_is_returned_without_asking(
        qapp: object, monkeypatch: pytest.MonkeyPatch, project_path: Path) -> None:
    ws = Workspace.open(project_path, annotator="alice")  # remembers "last_annotator"
    ws.close()
    fake = _ask(monkeypatch, [])
    assert choose_annotator(project_path) == "alice"
    assert fake.calls == []


def test_asks_when_none_is_remembered_and_returns_the_typed_name(
        qapp: object, monkeypatch: pytest.MonkeyPatch, project_path: Path) -> None:
    fake = _ask(monkeypatch, [("  carol  ", True)])
    assert choose_annotator(project_path) == "carol"
    (title, label, suggested) = fake.calls[0]
    assert "who is annotating" in title
    assert "annotator name" in label
    assert suggested == "osuser"  # the OS user name is offered as the first guess


def test_empty_and_gold_are_rejected_and_asked_again(
        qapp: object, monkeypatch: pytest.MonkeyPatch, project_path: Path) -> None:
    fake = _ask(monkeypatch, [("", True), ("   ", True), ("gold", True), ("dave", True)])
    assert choose_annotator(project_path) == "dave"
    assert len(fake.calls) == 4


def test_cancel_returns_none(qapp: object, monkeypatch: pytest.MonkeyPatch,
                             project_path: Path) -> None:
    fake = _ask(monkeypatch, [("", True), ("erin", False)])
    assert choose_annotator(project_path) is None
    assert len(fake.calls) == 2
