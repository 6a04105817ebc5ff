"""Hold a project's write lock from another process, as a `claimdesk import` would."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

_HOLDER = r"""
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
print("released", flush=True)
"""


class LockHolder:
    """A child process holding ``BEGIN IMMEDIATE`` on ``path`` for ``seconds``."""

    def __init__(self, path: Path, seconds: float) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path), str(seconds)],
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        assert line == "locked", f"the lock holder did not start: {line!r}"
        self.since = time.monotonic()

    def wait(self) -> None:
        self.proc.communicate(timeout=60)
        assert self.proc.returncode == 0

    def __enter__(self) -> LockHolder:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate(timeout=60)
