"""Scripted prompts and helpers for the project-controller tests (no real modal dialog)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.dialogs.project_dialogs import AnnotatorChoice, NewProject, Prompts
from desktop.ui.main_window import MainWindow


class ScriptedPrompts(Prompts):
    """Answers from ``answers`` (one list per question); records every question asked."""

    def __init__(self, **answers: list[Any]) -> None:
        self.answers = answers
        self.asked: list[tuple[str, dict[str, Any]]] = []
        self.errors: list[str] = []

    def _next(self, name: str, **kw: Any) -> Any:
        self.asked.append((name, kw))
        queue = self.answers.get(name)
        assert queue, f"asked {name} ({kw}) but the test gave no answer"
        return queue.pop(0)

    def annotator(self, parent: QWidget | None, *, project: str, known: list[str],
                  remembered: str | None, preferred: str) -> AnnotatorChoice | None:
        return self._next("annotator", project=project, known=known, remembered=remembered,
                          preferred=preferred)

    def switch_annotator(self, parent: QWidget | None, *, known: list[str],
                         current: str) -> str | None:
        return self._next("switch_annotator", known=known, current=current)

    def rename_annotator(self, parent: QWidget | None, *, known: list[str],
                         current: str) -> tuple[str, str] | None:
        return self._next("rename_annotator", known=known, current=current)

    def open_path(self, parent: QWidget | None, folder: Path) -> Path | None:
        return self._next("open_path", folder=folder)

    def new_project(self, parent: QWidget | None, *, folder: Path,
                    annotator: str) -> NewProject | None:
        return self._next("new_project", folder=folder, annotator=annotator)

    def confirm(self, parent: QWidget | None, *, title: str, text: str, ok: str) -> bool:
        return bool(self._next("confirm", title=title, text=text, ok=ok))

    def error(self, parent: QWidget | None, exc: Exception) -> None:
        self.errors.append(str(exc))

    def names(self) -> list[str]:
        return [name for name, _ in self.asked]


def flush_deletes() -> None:
    """Run pending deleteLater() calls (a replaced window is deleted that way)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


_OPEN: list[QWidget] = []


def shown(qtbot: QtBot, window: MainWindow | None) -> MainWindow:
    """``window`` exposed, and closed after the test unless the controller deleted it first
    (qtbot.addWidget would touch a deleted window)."""
    assert isinstance(window, MainWindow)
    _OPEN.append(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def close_leftovers() -> None:
    while _OPEN:
        widget = _OPEN.pop()
        if shiboken6.isValid(widget):
            widget.close()
            widget.deleteLater()
    flush_deletes()
