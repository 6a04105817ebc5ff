"""The SQLite connection: write transactions, busy waiting and the error taxonomy.

Every write runs in ``write(db)``: ``BEGIN IMMEDIATE`` when no transaction is open (so the
write lock is taken first and SQLite's busy timeout can wait for another writer, instead of a
deferred transaction failing when it tries to upgrade a stale read), a savepoint when one is.

SQLite errors that come from the environment - busy, locked, read-only, full disk, I/O,
corrupt or not-a-database - are raised as the project's own ``KnownStoreError`` types with a
plain sentence (see ``desktop.core.errors``); any other ``sqlite3`` error is a bug and passes
through unchanged, to be logged with its traceback. This is qutebrowser's ``misc/sql.py``
split between known errors and bugs.
"""

from __future__ import annotations

import itertools
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop.core.errors import (
    DiskFull,
    KnownStoreError,
    ProjectBusy,
    ProjectCorrupt,
    ProjectIOError,
    ProjectReadOnly,
)

DEFAULT_BUSY_TIMEOUT = 10.0
"""Seconds a statement waits for another process's write lock before giving up."""

_KNOWN: dict[int, type[KnownStoreError]] = {
    sqlite3.SQLITE_BUSY: ProjectBusy,
    sqlite3.SQLITE_LOCKED: ProjectBusy,
    sqlite3.SQLITE_READONLY: ProjectReadOnly,
    sqlite3.SQLITE_PERM: ProjectReadOnly,
    sqlite3.SQLITE_FULL: DiskFull,
    sqlite3.SQLITE_IOERR: ProjectIOError,
    sqlite3.SQLITE_CANTOPEN: ProjectIOError,
    sqlite3.SQLITE_CORRUPT: ProjectCorrupt,
    sqlite3.SQLITE_NOTADB: ProjectCorrupt,
}


def known_error(exc: BaseException) -> KnownStoreError | None:
    """The project's error for an environmental ``sqlite3`` error; None for anything else."""
    if isinstance(exc, KnownStoreError):
        return exc
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    kind = _KNOWN.get(code & 0xFF) if isinstance(code, int) else None
    if kind is None and isinstance(exc, sqlite3.OperationalError) and (
            "database is locked" in str(exc)):  # pragma: no cover - older sqlite3 modules
        kind = ProjectBusy
    if kind is None:
        return None
    known = kind()
    known.detail = str(exc)  # type: ignore[attr-defined]  # for the log, not the user
    return known


class _Connection(sqlite3.Connection):
    """A connection whose statements raise the project's errors for environmental failures."""

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.Error as exc:
            raise (known_error(exc) or exc) from exc

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> sqlite3.Cursor:
        try:
            return super().executemany(sql, parameters)
        except sqlite3.Error as exc:
            raise (known_error(exc) or exc) from exc

    def executescript(self, sql_script: str, /) -> sqlite3.Cursor:
        try:
            return super().executescript(sql_script)
        except sqlite3.Error as exc:
            raise (known_error(exc) or exc) from exc


def connect(path: Path, *, timeout: float = DEFAULT_BUSY_TIMEOUT, readonly: bool = False,
            immutable: bool = False) -> Database:
    """Open ``path`` (autocommit: every transaction is explicit, see ``write``).

    ``readonly`` opens with ``mode=ro``; ``immutable`` also tells SQLite the file cannot
    change, so it takes no locks and creates no ``-wal``/``-shm`` (see ``opening``).
    """
    if readonly or immutable:
        query = "mode=ro&immutable=1" if immutable else "mode=ro"
        uri = f"{path.resolve().as_uri()}?{query}"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=timeout,
                               factory=_Connection, check_same_thread=True)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=timeout,
                               factory=_Connection)
    db = Database(conn, execute_plugins=False)
    db.execute("PRAGMA foreign_keys = ON")
    return db


class Patience:
    """How long a writer keeps waiting for the lock beyond the busy timeout, and who is told.

    The GUI waits only the busy timeout (a few seconds) and then says the project is busy;
    a command-line import may wait much longer, saying once that it is waiting.
    """

    def __init__(self, extra: float = 0.0,
                 on_wait: Callable[[], None] | None = None) -> None:
        self.extra = extra
        self.on_wait = on_wait


_savepoints = itertools.count(1)


def _begin(db: Database, patience: Patience | None) -> None:
    try:
        db.conn.execute("BEGIN IMMEDIATE")
        return
    except ProjectBusy:
        if patience is None or patience.extra <= 0:
            raise
    if patience.on_wait is not None:
        patience.on_wait()
    deadline = time.monotonic() + patience.extra
    while True:
        try:
            db.conn.execute("BEGIN IMMEDIATE")
            return
        except ProjectBusy:
            if time.monotonic() >= deadline:
                raise


def _open(conn: sqlite3.Connection) -> bool:
    # A function rather than the property inline: the state changes under mypy's narrowing.
    return conn.in_transaction


@contextmanager
def write(db: Database, patience: Patience | None = None) -> Iterator[Database]:
    """One write transaction (``BEGIN IMMEDIATE``), or a savepoint inside an open one."""
    conn = db.conn
    if _open(conn):
        name = f"claimdesk_{next(_savepoints)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield db
        except BaseException:
            # An error may already have ended the whole transaction (e.g. a full disk).
            if _open(conn):
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    _begin(db, patience)
    try:
        yield db
    except BaseException:
        if _open(conn):
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        if _open(conn):
            conn.execute("ROLLBACK")
        raise
