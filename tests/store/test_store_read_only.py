"""Read-only projects open for reading (view, search, export) and leave nothing behind.

Defect: a read-only project could not be opened at all ("attempt to write a readonly
database"), and the failed attempt left a read-only ``-shm`` that kept it unopenable after the
permission was fixed. The damage here is real: immutable files and folders (root) or chmod,
a read-only mount, an ordinary user in a child process, and a killed writer's leftovers.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers.damage import (
    IS_ROOT,
    crash_after_insert,
    listing,
    remount_read_only,
    run_as_user,
    tmpfs,
    unwritable,
    world_folder,
)
from helpers.foundation import add_document, fingerprint

from desktop.core.errors import ProjectReadOnly
from desktop.formats.exporting import export
from desktop.store import DocumentFilter, check_project, open_project


@pytest.fixture
def made(project_path: Path, tmp_path: Path) -> Path:
    """A closed project alone in its folder (exports go elsewhere)."""
    path = tmp_path / "project" / project_path.name
    path.parent.mkdir()
    shutil.move(project_path, path)
    with open_project(path) as project:
        add_document(project, "d1", "The minister said the talks would resume.")
    return path


def _where(path: Path, which: str) -> list[Path]:
    return {"file": [path], "folder": [path.parent], "both": [path, path.parent]}[which]


def _reads_fine(path: Path, ids: list[str], tmp_path: Path) -> None:
    with open_project(path, readonly=None) as project:
        assert project.read_only
        assert project.documents.ids() == ids
        assert project.documents.filtered_ids(DocumentFilter(query="minister")) == ids[:1]
        problems, _ = check_project(project)
        assert problems == []
        out = tmp_path / "exported.jsonl"
        export(project, fmt="jsonl", out=out)
        assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ids
        with pytest.raises(ProjectReadOnly, match="reading only"):
            add_document(project, "d9", "Never written.")


@pytest.mark.parametrize("which", ["file", "folder", "both"])
def test_read_only_project_opens_for_reading_and_leaves_nothing(made: Path, which: str,
                                                                tmp_path: Path) -> None:
    before_files, before = listing(made.parent), made.read_bytes()
    with unwritable(*_where(made, which)):
        _reads_fine(made, ["d1"], tmp_path / "out")
        assert listing(made.parent) == before_files
    assert made.read_bytes() == before
    with open_project(made) as project:  # and it is writable again at once
        add_document(project, "d2", "Written after the permission was fixed.")


@pytest.mark.parametrize("which", ["file", "both"])
def test_read_only_project_with_a_crashed_writers_wal(made: Path, which: str,
                                                      tmp_path: Path) -> None:
    """Edits that only reached the -wal before a crash are shown, and nothing is created."""
    crash_after_insert(made, "d2")
    before_files = listing(made.parent)
    assert {made.name + "-wal", made.name + "-shm"} <= set(before_files)
    snapshot = {p.name: p.read_bytes() for p in made.parent.iterdir() if p.is_file()}
    companions = [made.with_name(made.name + s) for s in ("-wal", "-shm")]
    with unwritable(*_where(made, which), *companions):
        _reads_fine(made, ["d1", "d2"], tmp_path / "out")
        assert listing(made.parent) == before_files
    assert {p.name: p.read_bytes() for p in made.parent.iterdir() if p.is_file()} == snapshot


def test_read_only_folder_with_the_sqlite_files_present_is_writable(made: Path) -> None:
    """SQLite needs the folder only to create its -wal/-shm: when they exist, it can write."""
    crash_after_insert(made, "d2")
    before_files = listing(made.parent)
    with unwritable(made.parent):
        with open_project(made, readonly=None) as project:
            assert not project.read_only
            add_document(project, "d3", "Written into the existing -wal.")
            assert project.documents.ids() == ["d1", "d2", "d3"]
        assert listing(made.parent) == before_files
    with open_project(made) as project:
        assert project.documents.ids() == ["d1", "d2", "d3"]


def test_wal_without_shm_is_read_from_a_private_copy(made: Path, tmp_path: Path) -> None:
    crash_after_insert(made, "d2")
    made.with_name(made.name + "-shm").unlink()
    before_files = listing(made.parent)
    with unwritable(made, made.parent):
        with open_project(made, readonly=None) as project:
            assert project.read_only
            assert project.snapshot
            assert project.documents.ids() == ["d1", "d2"]
        assert listing(made.parent) == before_files


def test_opening_for_writing_a_read_only_project_says_so_and_creates_nothing(made: Path
                                                                            ) -> None:
    before_files = listing(made.parent)
    with unwritable(made):
        with pytest.raises(ProjectReadOnly, match="the file is read-only"):
            open_project(made)
        assert listing(made.parent) == before_files
    with unwritable(made.parent):
        with pytest.raises(ProjectReadOnly, match="its folder is read-only"):
            open_project(made)
        assert listing(made.parent) == before_files


def test_read_only_drive(made: Path, tmp_path: Path) -> None:
    with tmpfs("8m") as mnt:
        copy = mnt / made.name
        shutil.copyfile(made, copy)
        remount_read_only(mnt)
        with pytest.raises(ProjectReadOnly, match="read-only drive"):
            open_project(copy)
        with open_project(copy, readonly=None) as project:
            assert project.read_only_reason == "it is on a read-only drive"
            assert project.documents.ids() == ["d1"]
        assert listing(mnt) == [made.name]


def test_opening_for_reading_writes_nothing_to_a_writable_project(made: Path) -> None:
    before = fingerprint(made)
    raw = made.read_bytes()
    with open_project(made, readonly=True) as project:
        assert project.read_only
        assert project.documents.ids() == ["d1"]
        with pytest.raises(ProjectReadOnly):
            project.set_meta("x", "y")
    assert made.read_bytes() == raw
    assert fingerprint(made) == before
    assert listing(made.parent) == [made.name]


# -- as an ordinary user: the defect exactly as reported ------------------------------------

_OPEN_AS_USER = """
path = sys.argv[1]
try:
    with open_project(path, readonly=None) as p:
        print(json.dumps({"read_only": p.read_only, "ids": p.documents.ids()}))
except Exception as exc:
    print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}))
"""

_WRITE_AS_USER = """
from desktop.core.model import Document
from desktop.core.offsets import sha256_text
try:
    with open_project(sys.argv[1]) as p:
        with p.transaction():
            p.documents.insert_many([Document(id="d2", title="t", text="Second.",
                                              sha256=sha256_text("Second."))])
        print(json.dumps({"ids": p.documents.ids()}))
except Exception as exc:
    print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}))
"""


def _as_user(code: str, path: Path, home: Path) -> dict[str, object]:
    proc = run_as_user(code, path, home=home)
    assert proc.returncode == 0, proc.stderr
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_another_users_read_only_project(made: Path) -> None:
    shared = world_folder()
    try:
        path = shared / made.name
        shutil.copyfile(made, path)
        path.chmod(0o444)
        assert _as_user(_OPEN_AS_USER, path, shared / "home") == {"read_only": True,
                                                                   "ids": ["d1"]}
        assert listing(shared) == [made.name, "home"] if (shared / "home").exists() else [
            made.name]
        path.chmod(0o666)  # the permission is fixed: the project is writable at once
        assert _as_user(_WRITE_AS_USER, path, shared / "home") == {"ids": ["d1", "d2"]}
    finally:
        shutil.rmtree(shared, ignore_errors=True)


_OLD_FAILED_OPEN = """
import sqlite3
conn = sqlite3.connect(sys.argv[1])  # what an older Claimdesk did on a read-only file
conn.execute("SELECT count(*) FROM documents").fetchone()
conn.close()
"""


@pytest.mark.skipif(not IS_ROOT, reason="the leftover is made by another user (root only)")
def test_leftover_read_only_shm_from_an_older_version_is_repaired(made: Path) -> None:
    shared = world_folder()
    try:
        path = shared / made.name
        shutil.copyfile(made, path)
        path.chmod(0o444)
        proc = run_as_user(_OLD_FAILED_OPEN, path, home=shared / "home")
        assert proc.returncode == 0, proc.stderr
        shm = path.with_name(path.name + "-shm")
        assert shm.exists()
        assert (shm.stat().st_mode & 0o222) == 0
        path.chmod(0o666)
        assert _as_user(_WRITE_AS_USER, path, shared / "home") == {"ids": ["d1", "d2"]}
    finally:
        shutil.rmtree(shared, ignore_errors=True)
