"""desktop.store.db: writes take the lock first, wait for it, and fail in plain words."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from helpers.foundation import add_document
from helpers.locking import LockHolder

from desktop.core.errors import (
    DiskFull,
    ProjectBusy,
    ProjectCorrupt,
    ProjectIOError,
    ProjectReadOnly,
    StoreError,
)
from desktop.core.model import Span
from desktop.store import known_error, open_project

TEXT = "The minister said the truce is fragile."


def _error(code: int) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError("low-level message")
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(("code", "kind"), [
    (sqlite3.SQLITE_BUSY, ProjectBusy), (sqlite3.SQLITE_LOCKED, ProjectBusy),
    (sqlite3.SQLITE_READONLY, ProjectReadOnly), (sqlite3.SQLITE_FULL, DiskFull),
    (sqlite3.SQLITE_IOERR, ProjectIOError), (sqlite3.SQLITE_CORRUPT, ProjectCorrupt),
    (sqlite3.SQLITE_NOTADB, ProjectCorrupt),
    (sqlite3.SQLITE_BUSY_SNAPSHOT, ProjectBusy),  # extended codes map by their primary code
])
def test_environmental_errors_become_known_errors(code: int, kind: type[StoreError]) -> None:
    known = known_error(_error(code))
    assert isinstance(known, kind)
    assert "please report" not in str(known).lower()
    assert "low-level" not in str(known)


def test_bugs_are_not_dressed_up_as_known_errors() -> None:
    assert known_error(_error(sqlite3.SQLITE_CONSTRAINT)) is None
    assert known_error(sqlite3.ProgrammingError("misuse")) is None
    assert known_error(ValueError("x")) is None


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "p.claimdesk"
    with open_project(path, create=True) as p:
        add_document(p, "d1", TEXT)
    return path


def _span(sid: str = "") -> Span:
    return Span.from_text(TEXT, id=sid, label="ACTOR", fragments=((4, 12),))


def test_opening_and_reading_never_need_the_write_lock(tmp_path: Path) -> None:
    path = _project(tmp_path)
    with LockHolder(path, 3):
        t0 = time.monotonic()
        with open_project(path, busy_timeout=0.2) as p:
            stats = p.stats()
            assert stats["documents"] == 1
            assert p.annotations.spans("d1", "alice") == []
        assert time.monotonic() - t0 < 2


def test_a_write_waits_for_the_lock_and_then_lands(tmp_path: Path) -> None:
    path = _project(tmp_path)
    with open_project(path, busy_timeout=10) as p, LockHolder(path, 1.5) as holder:
        written = p.spans.add("d1", "alice", _span(), who="alice")
        assert time.monotonic() - holder.since >= 1.2  # it really waited
        holder.wait()
    assert written.value.id == "s1"
    with open_project(path) as p:
        assert [s.text for s in p.annotations.spans("d1", "alice")] == ["minister"]


def test_a_lock_held_past_the_timeout_is_a_plain_busy_error(tmp_path: Path) -> None:
    path = _project(tmp_path)
    with open_project(path, busy_timeout=0.3) as p, LockHolder(path, 3), \
            pytest.raises(ProjectBusy, match="another Claimdesk process is writing"):
        p.spans.add("d1", "alice", _span(), who="alice")
    with open_project(path) as p:
        assert p.annotations.spans("d1", "alice") == []


def test_patience_waits_longer_and_says_so_once(tmp_path: Path) -> None:
    path = _project(tmp_path)
    told: list[str] = []
    with open_project(path, busy_timeout=0.2) as p, LockHolder(path, 1.0):
        p.wait_for_lock(30, on_wait=lambda: told.append("waiting"))
        p.spans.add("d1", "alice", _span(), who="alice")
    assert told == ["waiting"]


def test_a_write_transaction_holds_the_lock_from_its_start(tmp_path: Path) -> None:
    """BEGIN IMMEDIATE: another writer is kept out even before our first write."""
    path = _project(tmp_path)
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        with open_project(path) as p, p.transaction():
            assert p.annotations.spans("d1", "alice") == []  # a read only, so far
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            p.spans.add("d1", "alice", _span(), who="alice")
    finally:
        other.close()


def test_a_read_then_write_transaction_survives_a_concurrent_commit(tmp_path: Path) -> None:
    """A deferred transaction that read first failed (SQLITE_BUSY_SNAPSHOT) when another
    connection committed before its first write; ours waits for the lock instead."""
    path = _project(tmp_path)
    started = threading.Event()

    def other_writer() -> None:
        started.wait(5)
        with open_project(path) as q:
            q.set_meta("touched", "yes")

    thread = threading.Thread(target=other_writer)
    thread.start()
    with open_project(path) as p, p.transaction():
        p.annotations.spans("d1", "alice")
        started.set()
        time.sleep(0.3)  # the other writer is waiting for our lock now
        p.spans.add("d1", "alice", _span(), who="alice")
    thread.join(10)
    with open_project(path) as p:
        assert p.meta("touched") == "yes"
        assert len(p.annotations.spans("d1", "alice")) == 1
