"""Rolling backups with SQLite's online backup API, and restoring one - with real damage:
a full disk, a killed backup, a writer busy during the copy, a damaged project file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from helpers.damage import tmpfs
from helpers.foundation import add_document, fingerprint

from desktop.core.errors import DiskFull, ProjectBusy, StoreError
from desktop.store import check_project, list_backups, open_project, restore
from desktop.store.backup import backup_folder, copy_file, rotate


def _ids(path: Path) -> list[str]:
    with open_project(path, readonly=True) as project:
        return project.documents.ids()


@pytest.fixture
def path(project_path: Path) -> Path:
    with open_project(project_path) as project:
        add_document(project, "d1", "The first article.")
    return project_path


def test_a_backup_is_a_complete_self_contained_copy(path: Path) -> None:
    with open_project(path) as project:
        made = project.backup("manual")
        assert made is not None
        add_document(project, "d2", "Written after the backup.")
    assert made.parent == backup_folder(path)
    assert not made.with_name(made.name + "-wal").exists()
    conn = sqlite3.connect(made)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert _ids(made) == ["d1"]
    assert [b.reason for b in list_backups(path)] == ["manual"]


def test_unchanged_projects_are_not_backed_up_twice(path: Path) -> None:
    with open_project(path) as project:
        assert project.backup("open", skip_unchanged=True) is not None
        assert project.backup("open", skip_unchanged=True) is None
        add_document(project, "d2", "A change.")
        assert project.backup("interval", skip_unchanged=True) is not None
    assert [b.reason for b in list_backups(path)] == ["interval", "open"]


def test_automatic_backups_are_kept_n_deep_and_manual_ones_stay(
        path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMDESK_BACKUPS_KEEP", "3")
    with open_project(path) as project:
        project.backup("manual")
        for n in range(6):
            add_document(project, f"x{n}", f"Change number {n}.")
            project.backup("interval")
    reasons = [b.reason for b in list_backups(path)]
    assert reasons.count("interval") == 3
    assert reasons.count("manual") == 1
    assert _ids(list_backups(path)[0].path)[-1] == "x5"  # the newest are the ones kept
    assert rotate(path, 1)
    assert [b.reason for b in list_backups(path)] == ["interval", "manual"]


_WRITER = textwrap.dedent("""
    import sys, time
    from desktop.core.model import Document
    from desktop.core.offsets import sha256_text
    from desktop.store import open_project
    with open_project(sys.argv[1]) as p:
        print("writing", flush=True)
        n = 0
        deadline = time.monotonic() + float(sys.argv[2])
        while time.monotonic() < deadline:
            text = f"Busy writer article {n}. " * 200
            with p.transaction():
                p.documents.insert_many([Document(id=f"w{n}", title="w", text=text,
                                                  sha256=sha256_text(text))])
            n += 1
""")


@pytest.mark.slow
def test_backup_while_another_process_writes_is_a_consistent_snapshot(path: Path) -> None:
    with open_project(path) as project:
        for n in range(300):  # something worth copying
            add_document(project, f"b{n}", f"Bulk article {n}. " * 300)
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(path), "4"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "writing"
        made = []
        with open_project(path, readonly=True) as project:
            for _ in range(5):
                made.append(project.backup("manual"))
                time.sleep(0.2)
    finally:
        writer.communicate(timeout=60)
    for backup in made:
        assert backup is not None
        conn = sqlite3.connect(backup)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            # A snapshot: every document whose insert committed is whole.
            rows = conn.execute("SELECT id, text FROM documents WHERE id LIKE 'w%'").fetchall()
            assert all(text.startswith("Busy writer article") for _, text in rows)
        finally:
            conn.close()
    assert writer.returncode == 0


def test_a_full_disk_leaves_the_older_backups_and_no_partial_file(
        path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with tmpfs("600k") as small:
        monkeypatch.setenv("CLAIMDESK_HOME", str(small))
        with open_project(path) as project:
            first = project.backup("manual")
            assert first is not None
            for n in range(40):
                add_document(project, f"big{n}", f"Filling the disk {n}. " * 1000)
            with pytest.raises(DiskFull):
                project.backup("manual")
            add_document(project, "after", "The project goes on working.")
        assert [b.path for b in list_backups(path)] == [first]
        assert [p.name for p in backup_folder(path).iterdir()] == [first.name]
        assert _ids(first) == ["d1"]
    assert _ids(path)[-1] == "after"


_KILLED_BACKUP = textwrap.dedent("""
    import sys
    from desktop.store import open_project
    with open_project(sys.argv[1], readonly=True) as p:
        print("start", flush=True)
        p.backup("manual")
        print("done", flush=True)
""")


def test_a_backup_killed_halfway_leaves_no_backup_and_is_cleaned_up(path: Path) -> None:
    with open_project(path) as project:
        for n in range(2000):
            add_document(project, f"k{n}", f"Article {n} for a slow backup. " * 400)
    child = subprocess.Popen([sys.executable, "-c", _KILLED_BACKUP, str(path)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "start"
    folder = backup_folder(path)
    deadline = time.monotonic() + 30
    while not any(folder.glob(".*.part")) and time.monotonic() < deadline:
        time.sleep(0.005)
    child.kill()
    child.communicate(timeout=30)
    assert list_backups(path) == []  # the partial file is never taken for a backup
    with open_project(path) as project:
        made = project.backup("manual")
    assert made is not None
    assert sorted(p.name for p in folder.iterdir()) == [made.name]


def test_restore_puts_a_backup_back_and_keeps_what_it_replaced(path: Path) -> None:
    with open_project(path) as project:
        old = project.backup("manual")
        add_document(project, "d2", "Added after the backup.")
    assert old is not None
    before = fingerprint(path)
    kept = restore(path, old)
    assert kept is not None
    assert kept.reason == "before-restore"
    assert _ids(path) == ["d1"]
    assert fingerprint(kept.path) == before
    restore(path, kept.path)  # a restore can itself be undone
    assert _ids(path) == ["d1", "d2"]


def test_restore_is_refused_while_the_project_is_open(path: Path) -> None:
    with open_project(path) as project:
        old = project.backup("manual")
    assert old is not None
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from desktop.store import open_project\n"
         "p = open_project(sys.argv[1]); p.documents.ids(); print('open', flush=True);"
         " time.sleep(30)", str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "open"
        before = fingerprint(path)
        with pytest.raises(ProjectBusy, match="close it there first"):
            restore(path, old)
        assert fingerprint(path) == before
    finally:
        holder.kill()
        holder.communicate(timeout=30)


def test_a_damaged_project_is_replaced_and_kept_aside(path: Path) -> None:
    with open_project(path) as project:
        old = project.backup("manual")
    assert old is not None
    raw = path.read_bytes()
    path.write_bytes(raw[:100] + b"\x00garbage" * 5000)  # the header survives, nothing else
    kept = restore(path, old)
    assert kept is not None
    assert kept.reason == "damaged"
    assert kept.path.read_bytes()[:100] == raw[:100]
    assert _ids(path) == ["d1"]


def test_restore_refuses_what_is_not_a_backup(path: Path, tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello", encoding="utf-8")
    with pytest.raises(StoreError, match="not a Claimdesk project"):
        restore(path, other)
    with pytest.raises(StoreError, match="is the project itself"):
        restore(path, path)
    copy = tmp_path / "copy.claimdesk"
    copy_file(path, copy)
    data = bytearray(copy.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # a damaged page
    copy.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=r"damaged|cannot read"):
        restore(path, copy)
    assert _ids(path) == ["d1"]


_KILLED_RESTORE = textwrap.dedent("""
    import sys
    from pathlib import Path
    from desktop.store import restore
    print("start", flush=True)
    restore(Path(sys.argv[1]), Path(sys.argv[2]))
    print("done", flush=True)
""")


@pytest.mark.slow
@pytest.mark.parametrize("after", [0.05, 0.2, 0.5, 1.0])
def test_a_restore_killed_halfway_leaves_the_old_or_the_new_project(path: Path,
                                                                    after: float) -> None:
    """The restore is one SQLite transaction into the project: never a mix of the two."""
    with open_project(path) as project:
        for n in range(1500):
            add_document(project, f"old{n}", f"Old article {n}. " * 300)
        small = project.backup("manual")
    assert small is not None
    with open_project(path) as project:
        with project.transaction():
            project._db.execute("DELETE FROM documents WHERE id LIKE 'old1%'")
        add_document(project, "newest", "Written after the backup.")
    before = _ids(path)
    child = subprocess.Popen([sys.executable, "-c", _KILLED_RESTORE, str(path), str(small)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "start"
    time.sleep(after)
    child.kill()
    child.communicate(timeout=30)
    with open_project(path) as project:
        problems, _ = check_project(project)
        assert problems == []
        ids = project.documents.ids()
    assert ids in (before, _ids(small))
