"""Opening a project file: for writing, or for reading without writing anything.

For writing (the default) the file is checked to be ours, switched to WAL and brought up to
date (after a backup, see ``backup.before_migration``). Opening an up-to-date project writes
nothing.

For reading (``readonly=True``, or ``readonly=None`` when the file cannot be written) nothing
is written to the project and no file is created beside it:

- a writable project is opened normally but with ``PRAGMA query_only`` (proper locking with a
  window or an import writing it meanwhile);
- a project that cannot be written and whose ``-wal`` is missing or empty is opened
  ``immutable``: SQLite reads the main file only and creates no ``-wal``/``-shm`` (it would
  otherwise create them, with the project's read-only permissions, and leave them behind to
  block the project even after its permissions are fixed);
- with a ``-wal`` holding data and a ``-shm`` beside it, ``mode=ro`` reads both;
- a ``-wal`` holding data without a ``-shm``, or a project that needs upgrading, is read from a
  private copy in a temporary folder (removed on close): the copy is upgraded, the original is
  left exactly as it was.

Leftovers of older versions (a ``-shm`` that cannot be written beside a writable project,
which SQLite cannot use) are removed before opening for writing when no other process uses
them (Linux; elsewhere the message says which file to delete).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlite_utils import Database

from desktop import __version__
from desktop.core.codebook import Codebook
from desktop.core.errors import KnownStoreError, ProjectCorrupt, ProjectReadOnly, StoreError
from desktop.core.model import GOLD
from desktop.store._util import now
from desktop.store.db import DEFAULT_BUSY_TIMEOUT, connect
from desktop.store.files import (
    APPLICATION_ID,
    SQLITE_MAGIC,
    FileId,
    companion,
    shm_in_use,
    why_not_writable,
)
from desktop.store.project import Project
from desktop.store.schema import MIGRATIONS, REQUIRED_TABLES, SCHEMA_VERSION

log = logging.getLogger(__name__)


def _check_file(p: Path, create: bool) -> None:
    if not p.exists() and not create:
        raise StoreError(f"{p}: no such project file (create one with `claimdesk init {p}`)")
    if p.exists() and p.is_dir():
        raise StoreError(f"{p}: is a folder, not a project file")
    if p.exists() and not create and p.stat().st_size == 0:
        raise StoreError(f"{p}: the file is empty, not a Claimdesk project")
    if p.exists() and p.stat().st_size > 0:
        try:
            with p.open("rb") as fh:
                head = fh.read(16)
        except OSError as exc:
            raise StoreError(f"{p}: cannot read the project: {exc.strerror or exc}") from exc
        if head != SQLITE_MAGIC:
            raise StoreError(f"{p}: not a Claimdesk project (not an SQLite file)")


def _use_wal(db: Database, path: Path) -> None:
    """Switch to WAL (persistent), only once the file is known to be ours or new."""
    mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() != "wal":
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"{path}: cannot switch the project to WAL mode (got {mode})")


def _identify(db: Database, p: Path) -> tuple[bool, int]:
    """(fresh, schema version) after checking the file is ours and not from a newer build."""
    app_id = int(db.execute("PRAGMA application_id").fetchone()[0])
    fresh = not db.table_names()
    if not fresh and app_id != APPLICATION_ID:
        raise StoreError(f"{p}: an SQLite file, but not a Claimdesk project")
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StoreError(f"{p}: made by a newer Claimdesk (schema {version}; this version "
                         f"reads up to {SCHEMA_VERSION}); please upgrade")
    return fresh, version


def missing_tables(db: Database) -> list[str]:
    """Tables of the current schema that the file lacks (a damaged or tampered file)."""
    have = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return [t for t in REQUIRED_TABLES if t not in have]


def _verify(db: Database, p: Path) -> None:
    gone = missing_tables(db)
    if gone:
        raise ProjectCorrupt(
            f"{p}: the project file is damaged: the table{'s' if len(gone) > 1 else ''} "
            f"{', '.join(gone)} {'are' if len(gone) > 1 else 'is'} missing. Nothing was "
            f"changed; restore it from a backup (`claimdesk restore {p} --list`).")


def _needs_upgrade(db: Database, version: int) -> bool:
    return version < SCHEMA_VERSION or bool(MIGRATIONS.pending(db))


def _repair_companions(p: Path) -> None:
    """Remove a ``-shm`` that cannot be written (left by an older version's failed read-only
    open) when nothing uses it: SQLite rebuilds it from the ``-wal`` on the next open."""
    shm = companion(p, "-shm")
    if not shm.exists() or os.access(shm, os.W_OK) or not os.access(p, os.W_OK):
        return
    if not os.access(p.parent, os.W_OK | os.X_OK) or shm_in_use(p) is not False:
        return
    wal = companion(p, "-wal")
    if wal.exists() and not os.access(wal, os.W_OK):
        with contextlib.suppress(OSError):
            os.chmod(wal, os.stat(p).st_mode & 0o777)
    with contextlib.suppress(OSError):
        shm.unlink()
        log.warning("%s: removed a leftover %s that could not be written", p, shm.name)


def open_project(path: str | os.PathLike[str], *, create: bool = False,
                 codebook: Codebook | None = None, who: str = "claimdesk",
                 busy_timeout: float = DEFAULT_BUSY_TIMEOUT, readonly: bool | None = False,
                 damaged_ok: bool = False) -> Project:
    """Open (or with ``create`` make) a project file.

    Args:
        readonly: False: for writing (``ProjectReadOnly`` when the file, its folder or its
            drive forbid it; nothing is created). True: for reading only (see the module
            doc: nothing is written, no file is created). None: for writing when possible,
            else for reading (``Project.read_only`` says which, and why).
        damaged_ok: open a file that lacks tables of the schema (``claimdesk check`` reports
            them) instead of raising ``ProjectCorrupt``.

    Raises:
        StoreError: the file is missing, not a Claimdesk project, from a newer version, or
            cannot be opened (busy, read-only, damaged: the ``KnownStoreError`` types).
    """
    p = Path(path)
    _check_file(p, create)
    if create and not p.exists():
        return _open_for_writing(p, create=True, codebook=codebook, who=who,
                                 busy_timeout=busy_timeout, damaged_ok=damaged_ok)
    reason = why_not_writable(p)
    if reason and readonly is not True:
        _repair_companions(p)
        reason = why_not_writable(p)
    if readonly is False and reason:
        raise ProjectReadOnly(f"{p}: cannot write to the project: {reason}. Nothing was "
                              "changed.")
    if readonly is None:
        readonly = bool(reason)
    if readonly:
        return _open_for_reading(p, reason, busy_timeout=busy_timeout, damaged_ok=damaged_ok)
    return _open_for_writing(p, create=create, codebook=codebook, who=who,
                             busy_timeout=busy_timeout, damaged_ok=damaged_ok)


@contextlib.contextmanager
def _undone_on_failure(p: Path, undo: Callable[[], None]) -> Iterator[None]:
    """Run ``undo`` (close the connection, remove a copy) when the block fails; the
    project's own errors then name the file."""
    try:
        yield
    except KnownStoreError as exc:
        undo()
        raise type(exc)(str(exc) if str(exc).startswith(str(p)) else f"{p}: {exc}") from exc
    except BaseException:
        undo()
        raise


def _open_for_writing(p: Path, *, create: bool, codebook: Codebook | None, who: str,
                      busy_timeout: float, damaged_ok: bool) -> Project:
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        db = connect(p, timeout=busy_timeout)
    except OSError as exc:
        raise StoreError(f"{p}: cannot open the project: {exc}") from exc
    with _undone_on_failure(p, db.close):
        fresh, version = _identify(db, p)
        if not fresh and _needs_upgrade(db, version):
            from desktop.store.backup import before_migration

            before_migration(db, p, version)
        # Only now that the file is ours (or new) may it be changed, starting with WAL mode.
        _use_wal(db, p)
        if fresh or _needs_upgrade(db, version):
            MIGRATIONS.apply(db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        if fresh:
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        if not damaged_ok:
            _verify(db, p)
        # NORMAL is durable across application crashes in WAL mode; only an OS crash or power
        # loss can drop the last commits, and never corrupts the file. (Per connection.)
        db.execute("PRAGMA synchronous = NORMAL")
    project = Project(db, p, file_id=FileId.of(p))
    if fresh:
        from desktop.core.codebook import load_codebook
        from desktop.resources import default_codebook_path

        with project.transaction():
            project.set_meta("created_at", now())
            project.set_meta("created_by", f"claimdesk {__version__}")
            project.annotations.ensure_annotator(GOLD)
            project.set_codebook(codebook or load_codebook(default_codebook_path()), who=who)
    elif codebook is not None:
        project.set_codebook(codebook, who=who)
    return project


# -- reading --------------------------------------------------------------------------------


def _wal_has_data(p: Path) -> bool:
    try:
        return companion(p, "-wal").stat().st_size > 0
    except OSError:
        return False


def _open_for_reading(p: Path, reason: str, *, busy_timeout: float,
                      damaged_ok: bool) -> Project:
    """See the module doc; ``reason`` is why the file cannot be written ("" if it can)."""
    shm = companion(p, "-shm")
    if not reason:
        db = connect(p, timeout=busy_timeout)
    elif not _wal_has_data(p):
        db = connect(p, timeout=busy_timeout, immutable=True)
    elif shm.exists():
        db = connect(p, timeout=busy_timeout, readonly=True)
    else:
        return _read_copy(p, reason, busy_timeout=busy_timeout, damaged_ok=damaged_ok)
    with _undone_on_failure(p, db.close):
        _, version = _identify(db, p)
        if _needs_upgrade(db, version):
            copy = _read_copy(p, reason, busy_timeout=busy_timeout, damaged_ok=damaged_ok,
                              source=db)
            db.close()
            return copy
        if not damaged_ok:
            _verify(db, p)
        db.execute("PRAGMA query_only = ON")
    return Project(db, p, file_id=FileId.of(p), read_only=reason or "opened for reading")


def _read_copy(p: Path, reason: str, *, busy_timeout: float, damaged_ok: bool,
               source: Database | None = None) -> Project:
    """Open a private, upgraded copy of ``p`` (the original is not touched)."""
    tmp = Path(tempfile.mkdtemp(prefix="claimdesk-reading-"))
    copy = tmp / p.name

    def cleanup() -> None:
        shutil.rmtree(tmp, ignore_errors=True)

    with _undone_on_failure(p, cleanup):
        try:
            if source is not None:
                dest = sqlite3.connect(copy)
                try:
                    source.conn.backup(dest)
                finally:
                    dest.close()
            else:  # nothing has the file open (no -shm): its -wal is complete, copy both
                shutil.copyfile(p, copy)
                shutil.copyfile(companion(p, "-wal"), companion(copy, "-wal"))
            db = connect(copy, timeout=busy_timeout)
            with _undone_on_failure(p, db.close):
                _, version = _identify(db, p)
                _use_wal(db, p)
                if _needs_upgrade(db, version):
                    MIGRATIONS.apply(db)
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                if not damaged_ok:
                    _verify(db, p)
                db.execute("PRAGMA query_only = ON")
        except OSError as exc:
            raise StoreError(f"{p}: cannot read the project: {exc.strerror or exc}") from exc
    return Project(db, p, file_id=FileId.of(p), read_only=reason or "opened for reading",
                   on_close=cleanup, snapshot=True)

