"""Doing the damage for real: read-only files and folders, read-only and full drives, other
users, killed processes.

As root (CI) permissions do not stop writes, so "read-only" is made with the immutable
attribute (``chattr +i``, which stops root too), read-only and full drives with small tmpfs
mounts, and an ordinary user's view by dropping to ``nobody`` in a child process. As an
ordinary user the same helpers use ``chmod``; the mount helpers then skip (they need root).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NOBODY = 65534


def _chattr(flag: str, path: Path) -> None:
    subprocess.run(["chattr", flag, str(path)], check=True, capture_output=True)


@contextlib.contextmanager
def unwritable(*paths: Path) -> Iterator[None]:
    """Make files or folders impossible to write (for root too), restored afterwards."""
    done: list[tuple[Path, int]] = []
    try:
        for p in paths:
            if IS_ROOT:
                _chattr("+i", p)
                done.append((p, -1))
            else:
                mode = stat.S_IMODE(p.stat().st_mode)
                p.chmod(mode & ~0o222)
                done.append((p, mode))
        yield
    finally:
        for p, mode in reversed(done):
            if mode < 0:
                _chattr("-i", p)
            else:
                p.chmod(mode)


def needs_root() -> None:
    if not IS_ROOT:
        pytest.skip("needs root (a tmpfs mount); CI runs as root")


@contextlib.contextmanager
def tmpfs(size: str = "4m") -> Iterator[Path]:
    """A fresh tmpfs of ``size`` (root only): a small disk that really fills up."""
    needs_root()
    mnt = Path(tempfile.mkdtemp(prefix="claimdesk-tmpfs-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs",
                    str(mnt)], check=True, capture_output=True)
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False, capture_output=True)
        shutil.rmtree(mnt, ignore_errors=True)


def remount_read_only(mnt: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True, capture_output=True)


def remount_writable(mnt: Path) -> None:
    subprocess.run(["mount", "-o", "remount,rw", str(mnt)], check=True, capture_output=True)


def world_folder() -> Path:
    """A folder every user can use (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="claimdesk-shared-"))
    folder.chmod(0o777)
    return folder


_PREAMBLE = """
import json, os, sys
import desktop.store, desktop.core.codebook, desktop.resources, desktop.formats.exporting
import desktop.formats.importing, desktop.cli, desktop.store.backup
from desktop.store import open_project
if os.geteuid() == 0:
    os.setgid({uid}); os.setuid({uid})
"""


def run_as_user(code: str, *args: object, home: Path) -> subprocess.CompletedProcess[str]:
    """Run Python ``code`` as an ordinary user (``nobody`` when we are root).

    Claimdesk's modules are imported before the privileges are dropped (the interpreter's own
    files may be unreadable to nobody); ``sys.argv[1:]`` are ``args``.
    """
    source = _PREAMBLE.format(uid=NOBODY) + textwrap.dedent(code)
    env = {**os.environ, "CLAIMDESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-c", source, *map(str, args)], capture_output=True,
                          text=True, timeout=120, env=env, check=False)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


_CRASHER = """
import sys, time
from desktop.core.model import Document
from desktop.core.offsets import sha256_text
from desktop.store import open_project
project = open_project(sys.argv[1])
project._db.execute("PRAGMA wal_autocheckpoint = 0")  # keep the edit in the -wal
text = sys.argv[3]
with project.transaction():
    project.documents.insert_many([Document(id=sys.argv[2], title=sys.argv[2], text=text,
                                            sha256=sha256_text(text))])
print("written", flush=True)
time.sleep(120)
"""


def crash_after_insert(path: Path, doc_id: str, text: str = "Written just before the crash.",
                       ) -> None:
    """A process adds a document and is killed with SIGKILL: the document is committed, but
    only in the ``-wal`` (the ``-wal`` and ``-shm`` are left as after a real crash)."""
    child = subprocess.Popen([sys.executable, "-c", _CRASHER, str(path), doc_id, text],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "written", child.stderr.read() if child.stderr else line
    finally:
        child.kill()
        child.communicate(timeout=30)  # also closes the pipes
    wal = path.with_name(path.name + "-wal")
    assert wal.exists()
    assert wal.stat().st_size > 0
