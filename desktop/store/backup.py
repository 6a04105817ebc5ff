"""Rolling backups of a project with SQLite's online backup API, and restoring one.

Where: ``<data folder>/backups/<project stem>-<hash of its full path>/`` (``backup_folder``),
one self-contained file per backup (``journal_mode=DELETE``: no ``-wal`` beside it), named
``<stem>-<UTC time>-<reason>.claimdesk``. Each backup is written under a hidden temporary name
and renamed into place only when complete, so a crash or a full disk leaves the older backups
as they were and no half file (a leftover temporary is removed by the next backup).

Reasons: ``open`` and ``interval`` (automatic, the newest ``keep`` are kept), ``manual``
(``claimdesk backup``; never removed automatically), ``before-migration`` and
``before-restore`` (the newest ``keep`` of each). An automatic backup is skipped when the
project has not changed since the newest backup (``state_token``).

The backup API copies a consistent snapshot: in WAL mode it reads while the window or an
import keeps writing (a write during the copy restarts the copy, see ``make_backup``).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from desktop.core.errors import DiskFull, KnownStoreError, ProjectBusy, StoreError
from desktop.paths import data_dir
from desktop.store.db import known_error
from desktop.store.files import companion, is_project_file, same_file

log = logging.getLogger(__name__)

DEFAULT_KEEP = 10
"""Automatic backups kept per project (``CLAIMDESK_BACKUPS_KEEP`` overrides)."""
DEFAULT_INTERVAL_MINUTES = 15
"""Minutes of editing between automatic backups in the GUI (``CLAIMDESK_BACKUP_MINUTES``)."""

AUTOMATIC = ("open", "interval")
REASONS = (*AUTOMATIC, "manual", "before-migration", "before-restore", "damaged")
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z-]+)"
                   r"(?P<detail>-v\d+)?\.claimdesk$")


def _env_int(name: str, default: int, low: int) -> int:
    try:
        return max(low, int(os.environ.get(name, default)))
    except ValueError:
        return default


def keep_setting() -> int:
    return _env_int("CLAIMDESK_BACKUPS_KEEP", DEFAULT_KEEP, 1)


def automatic_setting() -> bool:
    """Automatic backups (on open, at intervals) are on unless ``CLAIMDESK_AUTO_BACKUP`` is
    0, off, no or false."""
    return os.environ.get("CLAIMDESK_AUTO_BACKUP", "1").strip().lower() not in (
        "0", "off", "no", "false")


def interval_setting() -> int:
    """Minutes between automatic backups while editing (0: never)."""
    return _env_int("CLAIMDESK_BACKUP_MINUTES", DEFAULT_INTERVAL_MINUTES, 0)


def backup_folder(project_path: Path) -> Path:
    """The backups of the project at ``project_path`` (one folder per project file)."""
    full = str(project_path.expanduser().resolve())
    digest = hashlib.sha256(full.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return data_dir() / "backups" / f"{project_path.stem}-{digest}"


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    created: datetime
    reason: str
    size: int

    @property
    def automatic(self) -> bool:
        return self.reason in AUTOMATIC


def list_backups(project_path: Path) -> list[Backup]:
    """The project's backups, newest first."""
    folder = backup_folder(project_path)
    out = []
    with contextlib.suppress(OSError):
        for p in folder.iterdir():
            m = _NAME.match(p.name)
            if not m or not p.is_file():
                continue
            created = datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S-%f").replace(tzinfo=UTC)
            out.append(Backup(p, created, m["reason"], p.stat().st_size))
    return sorted(out, key=lambda b: b.created, reverse=True)


def state_token(db: Database) -> str:
    """What identifies the project's content: the change log, the corpus and the codebook."""
    row = db.execute(
        "SELECT (SELECT coalesce(max(seq), 0) FROM changes), "
        "(SELECT coalesce(max(pk), 0) FROM documents), (SELECT count(*) FROM documents), "
        "(SELECT coalesce(max(version), 0) FROM codebooks)").fetchone()
    return ":".join(str(x) for x in row)


def _token_of_file(path: Path) -> str | None:
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            return state_token(Database(conn))
        finally:
            conn.close()
    except sqlite3.Error:
        return None


@contextlib.contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        known = known_error(exc)
        if known is None:
            raise
        raise known from exc
    except OSError as exc:
        if exc.errno == 28:  # ENOSPC
            raise DiskFull() from exc
        raise StoreError(f"cannot write the backup: {exc.strerror or exc}") from exc


def copy_database(source: sqlite3.Connection, dest: Path,
                  progress: Callable[[int, int], None] | None = None) -> None:
    """Copy the database behind ``source`` into a new self-contained file ``dest``.

    Written as a hidden temporary beside ``dest`` and renamed into place when complete; on
    failure (a full disk) nothing is left behind.
    """
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    with _translated():
        dest.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(dest.parent)
    try:
        with _translated():
            target = sqlite3.connect(tmp, isolation_level=None)
            try:
                # All pages in one step: a snapshot of the source even while others write.
                source.backup(target, pages=-1,
                              progress=(lambda _s, rem, tot: progress(tot - rem, tot))
                              if progress else None)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        companion(tmp, "-journal").unlink(missing_ok=True)
        raise


_PART = re.compile(r"^\..+\.(?P<pid>\d+)\.part(-journal)?$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. PermissionError: it exists
        return True
    return True


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files of backups whose process is gone (killed mid-copy)."""
    removed = []
    with contextlib.suppress(OSError):
        for p in folder.iterdir():
            m = _PART.match(p.name)
            if m and not _alive(int(m["pid"])):
                with contextlib.suppress(OSError):
                    p.unlink()
                    removed.append(p)
    return removed


def _name(project_path: Path, reason: str, detail: str = "") -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    return f"{project_path.stem}-{stamp}-{reason}{detail}.claimdesk"


def make_backup(db: Database, project_path: Path, reason: str, *, detail: str = "",
                keep: int | None = None, skip_unchanged: bool = False,
                dest: Path | None = None) -> Backup | None:
    """Back up the open database ``db`` of the project at ``project_path``.

    Returns the new backup, or None when ``skip_unchanged`` and the newest backup already
    holds this state. Older backups beyond ``keep`` are removed afterwards (``rotate``).
    """
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    if skip_unchanged:
        newest = list_backups(project_path)
        if newest and _token_of_file(newest[0].path) == state_token(db):
            return None
    target = dest or backup_folder(project_path) / _name(project_path, reason, detail)
    started = time.monotonic()
    copy_database(db.conn, target)
    log.info("backed up %s to %s (%s) in %.2f s", project_path, target, reason,
             time.monotonic() - started)
    if dest is None:
        rotate(project_path, keep if keep is not None else keep_setting())
    created = datetime.now(UTC)
    return Backup(target, created, reason, target.stat().st_size)


def rotate(project_path: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` backups of each kind (manual ones stay)."""
    removed = []
    groups: dict[str, list[Backup]] = {}
    for b in list_backups(project_path):
        if b.reason != "manual":
            groups.setdefault("automatic" if b.automatic else b.reason, []).append(b)
    for backups in groups.values():
        for old in backups[keep:]:
            with contextlib.suppress(OSError):
                old.path.unlink()
                removed.append(old.path)
    return removed


def before_migration(db: Database, project_path: Path, version: int) -> Backup:
    """The backup taken before upgrading a project from schema ``version``.

    Raises a ``StoreError`` (nothing upgraded) when it cannot be written.
    """
    try:
        made = make_backup(db, project_path, "before-migration", detail=f"-v{version}")
    except StoreError as exc:
        raise type(exc)(f"the project needs upgrading to this version of Claimdesk, and the "
                        f"backup taken first could not be written ({exc}). The project was "
                        "not changed.") from exc
    assert made is not None
    return made


# -- restoring ------------------------------------------------------------------------------


def check_backup(path: Path) -> None:
    """Raise unless ``path`` is a readable, undamaged Claimdesk project file."""
    if not is_project_file(path):
        raise StoreError(f"{path}: not a Claimdesk project file")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            bad = [r[0] for r in conn.execute("PRAGMA quick_check") if r[0] != "ok"]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot read the backup: {exc}") from exc
    if bad:
        raise StoreError(f"{path}: the backup is damaged ({bad[0]})")


def _lock_exclusively(project_path: Path) -> sqlite3.Connection:
    """A connection holding the project exclusively (ProjectBusy while another has it open).

    In WAL mode every open connection holds a shared lock on the file, so an exclusive one
    is granted only when no other connection, in any process, has the project open.
    """
    conn = sqlite3.connect(project_path, isolation_level=None, timeout=0)
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        conn.close()
        known = known_error(exc)
        if isinstance(known, ProjectBusy):
            raise ProjectBusy(f"{project_path} is open in Claimdesk or another program; "
                              "close it there first. Nothing was restored.") from exc
        raise (known or exc) from exc
    return conn


def restore(project_path: Path, source: Path) -> Backup | None:
    """Replace the content of the project at ``project_path`` with the backup ``source``.

    The current content is first kept as a ``before-restore`` backup. The restore is one
    SQLite transaction into the project file (a crash leaves the old or the new content,
    never a mix) and is refused while any process has the project open. A project file that
    SQLite cannot open at all (damaged) is moved into the backups folder with its ``-wal``
    and ``-shm`` as ``damaged`` and the backup copied into its place.

    Returns the ``before-restore`` (or ``damaged``) backup of the replaced content.
    """
    check_backup(source)
    if project_path.exists() and same_file(project_path, source):
        raise StoreError(f"{source} is the project itself; choose a backup")
    if not project_path.exists():
        copy_file(source, project_path)
        return None
    try:
        conn = _lock_exclusively(project_path)
    except KnownStoreError as exc:
        if isinstance(exc, ProjectBusy):
            raise
        return _replace_damaged(project_path, source)
    try:
        with _translated():
            current = Database(conn)
            try:
                kept = make_backup(current, project_path, "before-restore")
            except sqlite3.DatabaseError:
                conn.close()
                return _replace_damaged(project_path, source)
            src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
            try:
                src.backup(conn, pages=-1)
            finally:
                src.close()
            conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    return kept


def copy_file(source: Path, dest: Path) -> None:
    """Copy a closed project file (through the backup API: consistent, complete)."""
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        copy_database(src, dest)
    finally:
        src.close()


def _replace_damaged(project_path: Path, source: Path) -> Backup:
    folder = backup_folder(project_path)
    folder.mkdir(parents=True, exist_ok=True)
    name = _name(project_path, "damaged")
    moved = folder / name
    for suffix in ("", "-wal", "-shm"):
        part = companion(project_path, suffix) if suffix else project_path
        if part.exists():
            shutil.move(part, companion(moved, suffix) if suffix else moved)
    copy_file(source, project_path)
    return Backup(moved, datetime.now(UTC), "damaged", moved.stat().st_size)
