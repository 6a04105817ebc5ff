"""Logging to a rotating file in the user's log folder.

Users never see a traceback: the CLI prints one sentence and the GUI shows a dialog, and both
say where the log file is. The file keeps the tracebacks of unexpected errors for bug reports.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from desktop.paths import log_file


class _FileHandler(logging.handlers.RotatingFileHandler):
    """Ours, told apart from handlers a host application may have installed."""


_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"


def setup_logging(*, console: bool = False) -> Path | None:
    """Send records at INFO and above to the log file (and WARNING+ to stderr if ``console``).

    Returns the log file, or None when it cannot be written (then only stderr is used).
    Safe to call more than once.
    """
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    if console and not any(type(h) is logging.StreamHandler for h in root.handlers):
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(logging.WARNING)
        stream.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        root.addHandler(stream)
    path = log_file()
    for old in [h for h in root.handlers if isinstance(h, _FileHandler)]:
        if Path(old.baseFilename) == path.absolute():
            return path
        root.removeHandler(old)  # the log folder moved (CLAIMDESK_HOME changed)
        old.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _FileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    return path
