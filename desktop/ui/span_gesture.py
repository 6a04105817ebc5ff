"""What the attribution and relate gestures share (``frame_gesture``, ``relation_gesture``).

A gesture starts from a selected span and collects picks. Everything it writes is one undo
step: the macro opens lazily at the first write, so a gesture that writes nothing leaves no
empty entry on the undo stack. Opening another document cancels the gesture quietly.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.ui.workspace import Workspace


class SpanGesture(QObject):
    """State of a gesture; subclasses say when it is active, name its macro and reset it.

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
        self._macro = False
        workspace.document_opened.connect(lambda _id: self.cancel(quiet=True))

    @property
    def active(self) -> bool:
        raise NotImplementedError

    def _macro_name(self) -> str:
        """The undo stack's name for what the gesture wrote."""
        raise NotImplementedError

    def _reset(self) -> None:
        """Forget the gesture's state (it is no longer active afterwards)."""
        raise NotImplementedError

    def _open_macro(self) -> None:
        if not self._macro:
            self.ws.begin_macro(self._macro_name())
            self._macro = True

    def _close(self) -> None:
        if self._macro:
            self.ws.end_macro()
            self._macro = False
        self._reset()
        self.changed.emit()

    def cancel(self, *, quiet: bool = False) -> None:
        if not self.active:
            return
        self._close()
        if not quiet:
            self.message.emit(self.cancelled_message)
