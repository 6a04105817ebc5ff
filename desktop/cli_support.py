"""What the command-line modules share: waiting for another writer, progress on stderr,
lists of names."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from desktop.store import Project

LOCK_PATIENCE = 3600.0
"""Seconds a command-line write waits for another Claimdesk process to finish writing."""


def wait_for_other_writers(project: Project, path: Path) -> None:
    """Let a long command wait for the lock (saying so once) instead of failing at once."""
    project.wait_for_lock(LOCK_PATIENCE, on_wait=lambda: print(
        f"claimdesk: another Claimdesk process is writing {path}; waiting for it to finish "
        "(Ctrl+C stops, nothing is written)", file=sys.stderr, flush=True))


class StderrProgress:
    """``done/total`` on stderr about every two seconds, and at the end."""

    def __init__(self, what: str, unit: str = "documents", *, final: bool = True) -> None:
        self.what = what
        self.unit = unit
        self.final = final  # False: a step before the real work (it may still refuse)
        self.last = time.monotonic()

    def __call__(self, done: int, total: int, _message: str) -> None:
        now = time.monotonic()
        if (self.final and total and done >= total) or now - self.last >= 2.0:
            self.last = now
            of = f" of {total}" if total else ""
            print(f"claimdesk: {self.what} {done}{of} {self.unit}", file=sys.stderr,
                  flush=True)


def name_list(raw: str) -> list[str]:
    """``a,b,c`` as a list of names (argparse type)."""
    names = [n.strip() for n in raw.split(",")]
    if not all(names):
        raise argparse.ArgumentTypeError(f"empty name in {raw!r}")
    return names
