"""The project file on disk: its companions, its identity, whether it can be written.

No SQL here: what SQLite leaves beside a project (``-wal``, ``-shm``), whether a path is a
Claimdesk project (read from the SQLite header), whether the file and its folder can be
written (and why not), and the identity (device, inode) that tells a file still open from one
that was deleted or replaced under a running program.
"""

from __future__ import annotations

import errno
import os
import struct
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

if sys.platform != "win32":
    import fcntl  # imported here: a lazy import can fail once privileges were dropped

SQLITE_MAGIC = b"SQLite format 3\x00"
APPLICATION_ID = 0x436C6D64  # "Clmd": lets `file` and other tools recognise a project file.
COMPANIONS = ("-wal", "-shm", "-journal")
"""Files SQLite keeps beside a database, named by appending these to its name."""


def companion(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def sqlite_header(path: Path) -> bytes:
    """The first 100 bytes of ``path`` (b"" when unreadable or not a regular file)."""
    try:
        with path.open("rb") as fh:
            return fh.read(100)
    except OSError:
        return b""


def is_project_file(path: Path) -> bool:
    """True when ``path`` is an SQLite file carrying Claimdesk's application id."""
    head = sqlite_header(path)
    return (len(head) >= 72 and head.startswith(SQLITE_MAGIC)
            and struct.unpack(">I", head[68:72])[0] == APPLICATION_ID)


# -- identity -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileId:
    device: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> FileId | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return cls(st.st_dev, st.st_ino)


def same_file(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` name the same existing file (links and hard links too)."""
    ida, idb = FileId.of(a), FileId.of(b)
    return ida is not None and ida == idb


# -- projects open in this process -----------------------------------------------------------

_open_lock = threading.Lock()
_open: dict[FileId, tuple[Path, int]] = {}


def register_open(fid: FileId | None, path: Path | None) -> None:
    if fid is None or path is None:
        return
    with _open_lock:
        _open[fid] = (path, _open.get(fid, (path, 0))[1] + 1)


def unregister_open(fid: FileId | None) -> None:
    if fid is None:
        return
    with _open_lock:
        path, count = _open.get(fid, (Path(), 0))
        if count > 1:
            _open[fid] = (path, count - 1)
        else:
            _open.pop(fid, None)


def projects_open_here() -> list[Path]:
    with _open_lock:
        return [path for path, _ in _open.values()]


def open_here(path: Path) -> bool:
    """True when this process has the project at ``path`` open."""
    fid = FileId.of(path)
    with _open_lock:
        return fid is not None and fid in _open


# -- writability ----------------------------------------------------------------------------


def _read_only_fs(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        return False


def why_not_writable(path: Path) -> str:
    """Why a project at ``path`` cannot be written ("" when it can).

    SQLite needs the file itself writable, and in WAL mode its ``-wal`` and ``-shm`` files:
    existing ones writable, missing ones creatable (so the folder writable).
    """
    if _read_only_fs(path):
        return "it is on a read-only drive"
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    for suffix in ("-wal", "-shm"):
        c = companion(path, suffix)
        if c.exists():
            if not os.access(c, os.W_OK):
                return f"its companion file {c.name} is read-only"
        elif not folder_ok:
            return "its folder is read-only"
    return ""


# -- is another process using the project? ----------------------------------------------------

# SQLite's unix VFS: every connection holds a read lock on this byte of the -shm file for as
# long as it is open ("dead man switch"; UNIX_SHM_BASE + SQLITE_SHM_NLOCK in os_unix.c).
_SHM_DMS_BYTE = 128


def shm_in_use(path: Path) -> bool | None:
    """Whether another process has the project open (holds a lock on its ``-shm``).

    None when that cannot be told: not Linux, or this process has the project open (testing a
    lock from here would drop SQLite's own: POSIX locks belong to the process).
    """
    shm = companion(path, "-shm")
    if not sys.platform.startswith("linux") or open_here(path):
        return None
    if not shm.exists():
        return False
    try:
        fd = os.open(shm, os.O_RDONLY)
    except OSError:
        return None
    try:
        # struct flock on Linux: short type, short whence, off_t start, off_t len, pid_t pid.
        query = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, _SHM_DMS_BYTE, 1, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
        return bool(struct.unpack("hhqqi4x", answer)[0] != fcntl.F_UNLCK)
    except OSError as exc:
        if exc.errno in (errno.EINVAL, errno.ENOLCK):
            return None
        raise
    finally:
        os.close(fd)


# -- outputs that would destroy a project ------------------------------------------------------


def _is_companion_of(out: Path, project: Path) -> bool:
    if not any(out.name == project.name + suffix for suffix in COMPANIONS):
        return False
    return same_file(out.parent, project.parent)


def output_problem(out: Path, projects: list[Path]) -> str:
    """Why writing a file at ``out`` would destroy a project ("" when it would not).

    Refused: ``out`` is (or links to) one of ``projects`` or a project open in this process,
    is one of their ``-wal``/``-shm``/``-journal`` files, is any Claimdesk project file, or
    is the ``-wal``/``-shm`` of one.
    """
    candidates = [*projects, *projects_open_here()]
    for project in candidates:
        if same_file(out, project):
            return f"{out} is the project file {project}"
        if _is_companion_of(out, project):
            suffix = out.name[len(project.name):]
            return f"{out} belongs to the project {project} (SQLite's {suffix} file)"
    if out.exists() and is_project_file(out):
        return f"{out} is a Claimdesk project file"
    for suffix in COMPANIONS:
        if out.name.endswith(suffix) and len(out.name) > len(suffix):
            base = out.with_name(out.name[:-len(suffix)])
            if is_project_file(base):
                return f"{out} belongs to the project {base} (SQLite's {suffix} file)"
    return ""
