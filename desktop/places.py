"""Risky places for a project file: network drives and folders synced by a cloud client.

SQLite's locking is unreliable over network file systems (NFS, SMB/CIFS, sshfs, …): two
computers can write the same file at once and damage it. Cloud clients (Dropbox, OneDrive,
Google Drive, iCloud, Nextcloud, …) upload the project file while it is being written and
may bring back an older copy or a "conflicted copy", and they sync the ``-wal`` separately.
``risk(path)`` says in one sentence what is risky about where a project lives ("" if
nothing), for a warning in the window and on stderr.

Detection: the file system type of the mount holding the path (``/proc/self/mountinfo`` on
Linux; the drive type on Windows, and UNC paths), folder names the clients use, and the
markers they leave in synced folders (``.dropbox``, Nextcloud/ownCloud ``.sync_*.db``,
Syncthing ``.stfolder``, Resilio ``.sync``).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

NETWORK_FS = {
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph",
    "glusterfs", "lustre", "gpfs", "beegfs", "davfs", "fuse.sshfs", "sshfs", "fuse.rclone",
    "fuse.s3fs", "fuse.gcsfuse", "fuse.davfs2", "fuse.glusterfs", "fuse.cephfs", "webdav",
    "afpfs", "fuse.afpfs",
}
"""File system types whose locking SQLite cannot rely on."""

CLOUD_FS = {"fuse.google-drive-ocamlfuse", "fuse.onedriver", "fuse.dropbox",
            "fuse.insync", "fuse.gdfs"}

# Folder names (whole path components) that cloud clients create.
_CLOUD_NAMES = re.compile(
    r"^(dropbox( \(.+\))?|onedrive( - .+)?|google ?drive|my drive|icloud ?drive|"
    r"icloud~.*|com~apple~clouddocs|nextcloud|owncloud|pcloud ?drive|box( sync)?|"
    r"mega(sync)?|yandex\.disk|syncthing|sync\.com|tresorit|seadrive|"
    r"synologydrive|cloudstorage)$", re.IGNORECASE)

_MARKERS = (".dropbox", ".dropbox.cache", ".stfolder", ".sync/ID", ".sync/IgnoreList")
_MARKER_GLOBS = (".sync_*.db", "._sync_*.db", ".owncloudsync.log", ".nextcloudsync.log")


def _unescape(field: str) -> str:
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), field)


def mount_type(path: Path, mountinfo: str | None = None) -> str:
    """The file system type of the mount holding ``path`` (Linux; "" when unknown)."""
    if mountinfo is None:
        try:
            mountinfo = Path("/proc/self/mountinfo").read_text(encoding="utf-8")
        except OSError:
            return ""
    target = str(path)
    best, best_type = "", ""
    for line in mountinfo.splitlines():
        left, sep, right = line.partition(" - ")
        if not sep:
            continue
        fields, after = left.split(), right.split()
        if len(fields) < 5 or not after:
            continue
        point = _unescape(fields[4])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, after[0]
    return best_type


def _windows_drive_is_remote(path: Path) -> bool:
    if str(path).startswith("\\\\"):
        return True  # a UNC path: \\server\share
    try:
        import ctypes

        drive = os.path.splitdrive(str(path))[0] + "\\"
        return int(ctypes.windll.kernel32.GetDriveTypeW(drive)) == 4  # type: ignore[attr-defined]
    except (OSError, AttributeError, ValueError):
        return False


def network_risk(path: Path, mountinfo: str | None = None) -> str:
    if sys.platform == "win32":
        return "it is on a network drive" if _windows_drive_is_remote(path) else ""
    kind = mount_type(path, mountinfo)
    if kind in CLOUD_FS:
        return f"it is on a cloud drive ({kind})"
    if kind in NETWORK_FS or kind.startswith("fuse.sshfs"):
        return f"it is on a network drive ({kind})"
    return ""


def cloud_risk(path: Path) -> str:
    for part in path.parts[:-1]:
        if _CLOUD_NAMES.match(part):
            return f"it is in a folder synced by a cloud client ({part})"
    for folder in path.parents:
        for marker in _MARKERS:
            if (folder / marker).exists():
                return f"it is in a folder synced by a cloud client ({folder / marker})"
        for pattern in _MARKER_GLOBS:
            if next(folder.glob(pattern), None) is not None:
                return f"it is in a folder synced by a cloud client ({folder})"
    return ""


def risk(path: Path, mountinfo: str | None = None) -> str:
    """Why the project at ``path`` is in a risky place ("" when it is not)."""
    try:
        full = path.expanduser().resolve()
    except OSError:
        full = path.absolute()
    return network_risk(full, mountinfo) or cloud_risk(full)


ADVICE = ("SQLite's file locking is not reliable there: two computers or a sync client can "
          "damage or silently replace the project. Keep the project on a local drive and "
          "copy it (closed) or export it to share it.")


def warning(path: Path) -> str:
    """A one-paragraph warning about where ``path`` lives ("" when it is not risky)."""
    why = risk(path)
    return f"{path}: {why}. {ADVICE}" if why else ""
