"""What the attribution and relate gestures share (``frame_gesture``, ``relation_gesture``).

A gesture starts from a selected span and collects picks. Everything it writes is one undo
step: the gesture opens a Workspace undo group and writes only while joining it, so an edit
made elsewhere in the meantime (in the panel or the registry) is a step of its own and never
joins the gesture's. A gesture that writes nothing leaves no entry on the undo stack. Opening
another document cancels the gesture quietly.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal

from desktop.ui.workspace import Workspace


class SpanGesture(QObject):
    """State of a gesture; subclasses say when it is active, name its undo step and reset it.

    Signals:
        changed(): the gesture started, ended, or its picks changed.
        message(str): a sentence for the status bar.
    """

    changed = Signal()
    message = Signal(str)

    cancelled_message = "Cancelled"
    """The status-bar sentence when the user cancels."""

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self._group = 0
        workspace.document_opened.connect(lambda _id: self.cancel(quiet=True))

    @property
    def active(self) -> bool:
        raise NotImplementedError

    def _step_name(self) -> str:
        """The undo stack's name for what the gesture wrote."""
        raise NotImplementedError

    def _reset(self) -> None:
        """Forget the gesture's state (it is no longer active afterwards)."""
        raise NotImplementedError

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Edits pushed in this block are part of the gesture's undo step."""
        if not self._group:
            self._group = self.ws.begin_group(self._step_name())
        with self.ws.joining(self._group):
            yield

    def _close(self) -> None:
        if self._group:
            self.ws.end_group(self._group)
            self._group = 0
        self._reset()
        self.changed.emit()

    def cancel(self, *, quiet: bool = False) -> None:
        if not self.active:
            return
        self._close()
        if not quiet:
            self.message.emit(self.cancelled_message)
