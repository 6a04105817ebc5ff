"""Warnings for project files on network drives and in folders synced by cloud clients."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.foundation import new_project_file, run_cli

from desktop.places import cloud_risk, mount_type, network_risk, risk, warning

MOUNTINFO = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
40 27 0:50 / /home/ana/shared rw,relatime - nfs4 fileserver:/export/team rw,vers=4.2
41 27 0:51 / /mnt/smb\\040drive rw,relatime - cifs //nas/annotations rw
42 27 0:52 / /home/ana/remote rw - fuse.sshfs ana@lab:/data rw
43 40 0:53 / /home/ana/shared/local rw - ext4 /dev/vdb rw
44 27 0:54 / /home/ana/gdrive rw - fuse.google-drive-ocamlfuse gdfuse rw
"""


@pytest.mark.parametrize(("path", "kind"), [
    ("/home/ana/shared/p.claimdesk", "nfs4"),
    ("/mnt/smb drive/p.claimdesk", "cifs"),
    ("/home/ana/remote/x/p.claimdesk", "fuse.sshfs"),
    ("/home/ana/shared/local/p.claimdesk", "ext4"),  # the innermost mount counts
    ("/home/ana/sharedness/p.claimdesk", "ext4"),  # a prefix of a name is not inside it
    ("/home/ana/gdrive/p.claimdesk", "fuse.google-drive-ocamlfuse"),
])
def test_the_mount_holding_a_path(path: str, kind: str) -> None:
    assert mount_type(Path(path), MOUNTINFO) == kind


def test_network_and_cloud_drives_are_risky() -> None:
    assert "network drive (nfs4)" in network_risk(Path("/home/ana/shared/p.claimdesk"),
                                                  MOUNTINFO)
    assert "network drive (fuse.sshfs)" in network_risk(Path("/home/ana/remote/p"), MOUNTINFO)
    assert "cloud drive" in network_risk(Path("/home/ana/gdrive/p.claimdesk"), MOUNTINFO)
    assert network_risk(Path("/home/ana/shared/local/p.claimdesk"), MOUNTINFO) == ""


@pytest.mark.parametrize("folder", ["Dropbox", "Dropbox (Team Meridian)", "OneDrive",
                                    "OneDrive - Meridian University", "Google Drive",
                                    "iCloud Drive", "Nextcloud", "com~apple~CloudDocs"])
def test_cloud_folders_by_name(tmp_path: Path, folder: str) -> None:
    path = tmp_path / folder / "project" / "p.claimdesk"
    assert folder in cloud_risk(path)


@pytest.mark.parametrize("marker", [".dropbox", ".stfolder", ".sync_0a1b2c3d.db"])
def test_cloud_folders_by_marker(tmp_path: Path, marker: str) -> None:
    (tmp_path / "synced" / "deep").mkdir(parents=True)
    marked = tmp_path / "synced" / marker
    if marker.endswith(".db"):
        marked.write_bytes(b"")
    else:
        marked.mkdir()
    assert "synced by a cloud client" in cloud_risk(tmp_path / "synced" / "deep" / "p.claimdesk")


def test_ordinary_places_are_not_risky(tmp_path: Path) -> None:
    assert risk(tmp_path / "Documents" / "p.claimdesk") == ""
    assert risk(tmp_path / "Dropboxes" / "p.claimdesk") == ""  # a word, not the client
    assert warning(tmp_path / "p.claimdesk") == ""


def test_the_command_line_warns_once(tmp_path: Path) -> None:
    folder = tmp_path / "Dropbox"
    folder.mkdir()
    path = new_project_file(folder / "p.claimdesk")
    result = run_cli("stats", path)
    assert result.code == 0
    warnings = [line for line in result.err_lines if line.startswith("warning:")]
    assert len(warnings) == 1
    assert "synced by a cloud client (Dropbox)" in warnings[0]
    assert "not reliable" in warnings[0]
