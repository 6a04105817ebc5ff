"""Progress reporting and cancellation for long jobs (Qt-free; the UI adapts them)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from desktop.core.errors import Cancelled

ProgressFn = Callable[[int, int, str], None]
"""progress(done, total, message); total 0 means unknown."""


def no_progress(done: int, total: int, message: str) -> None:
    """A progress callback that ignores everything."""


class CancelToken:
    """Set from any thread; the job checks it between records and raises ``Cancelled``."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()
