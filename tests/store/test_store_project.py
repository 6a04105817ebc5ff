"""The project file: create, reopen, WAL, schema version, refusing files that are not ours."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers.foundation import add_document, fingerprint, raw_connect

from desktop.core.codebook import load_codebook, parse_codebook
from desktop.core.errors import InputError, StoreError
from desktop.core.model import GOLD, Span
from desktop.resources import default_codebook_path
from desktop.store import Project, open_project
from desktop.store.project import APPLICATION_ID
from desktop.store.schema import MIGRATIONS, SCHEMA_VERSION


def test_create_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.claimdesk"
    with open_project(path, create=True) as project:
        assert project.path == path
        assert project.meta("created_at")
        assert (project.meta("created_by") or "").startswith("claimdesk ")
        assert project.annotations.annotators() == [GOLD]
        assert project.codebook == load_codebook(default_codebook_path())
        assert project.codebook_version == 1
        add_document(project, "d1", "Some text.")
    with open_project(path) as again:
        assert again.documents.ids() == ["d1"]
        assert again.codebook_version == 1
        assert again.codebook.name == "News attribution"
        assert again.meta("nothing") is None


def test_missing_file_needs_create(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such project file"):
        open_project(tmp_path / "absent.claimdesk")
    assert not (tmp_path / "absent.claimdesk").exists()


def test_wal_and_foreign_keys(project: Project) -> None:
    assert project._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert project._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert project._db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_schema_version_is_the_number_of_migrations(project: Project,
                                                    project_path: Path) -> None:
    registered = MIGRATIONS._migrations
    assert len(registered) == SCHEMA_VERSION
    assert MIGRATIONS.pending(project._db) == []
    applied = [m.name for m in MIGRATIONS.applied(project._db)]
    assert applied == [m.name for m in registered]
    assert project.schema_version == SCHEMA_VERSION
    conn = raw_connect(project_path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()


def test_text_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.claimdesk"
    path.write_text("just some notes\n" * 10, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not an SQLite file"):
        open_project(path)
    with pytest.raises(StoreError, match="not an SQLite file"):
        open_project(path, create=True)
    assert path.read_bytes() == before


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder"):
        open_project(tmp_path)


def test_other_sqlite_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE birds (name TEXT)")
    conn.execute("INSERT INTO birds VALUES ('wren')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a Claimdesk project"):
        open_project(path)
    assert path.read_bytes() == before  # in particular: not switched to WAL mode
    conn = sqlite3.connect(str(path))
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()


def test_newer_schema_is_refused(project_path: Path) -> None:
    conn = raw_connect(project_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer") as info:
        open_project(project_path)
    assert str(project_path) in str(info.value)


def test_corrupt_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.claimdesk"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(StoreError, match=r"corrupt\.claimdesk"):
        open_project(path)


def test_set_codebook_versions(project: Project) -> None:
    before = project.log.count()
    assert project.set_codebook(project.codebook, who="lead") == 1  # unchanged: no new row
    assert project.log.count() == before
    old = f'version = "{project.codebook.version}"'
    text = default_codebook_path().read_text(encoding="utf-8").replace(old, 'version = "9.9"')
    assert project.set_codebook(parse_codebook(text), who="lead") == 2
    assert project.codebook.version == "9.9"
    assert project.codebook_version == 2
    assert project.log.count() == before + 1


def test_custom_codebook_at_creation(tmp_path: Path) -> None:
    cb = parse_codebook('[[labels]]\nname = "QUOTE"\nkey = "q"\n')
    with open_project(tmp_path / "c.claimdesk", create=True, codebook=cb) as project:
        assert [x.name for x in project.codebook.labels] == ["QUOTE"]
    with open_project(tmp_path / "c.claimdesk") as project:
        assert [x.name for x in project.codebook.labels] == ["QUOTE"]


def test_transaction_is_all_or_nothing(project: Project, project_path: Path) -> None:
    add_document(project, "d1", "Alpha said beta.")
    before = fingerprint(project_path)
    good = Span(id="", label="CUE", fragments=((6, 10),), text="")
    bad = Span(id="", label="NOPE", fragments=((0, 5),), text="")

    def both() -> None:
        with project.transaction():
            project.spans.add("d1", "alice", good, who="alice")
            project.spans.add("d1", "alice", bad, who="alice")

    with pytest.raises(InputError):
        both()
    assert fingerprint(project_path) == before


def test_stats_counts(project: Project) -> None:
    add_document(project, "d1", "Alpha said beta.")
    project.spans.add("d1", "alice", Span(id="", label="CUE", fragments=((6, 10),),
                                                    text=""), who="alice")
    stats = project.stats()
    assert stats["documents"] == 1
    assert stats["annotators"] == 1
    assert stats["annotator_names"] == ["alice"]
    assert (stats["spans"], stats["frames"], stats["relations"], stats["actors"]) == (1, 0, 0, 0)
    assert stats["labels"] == {"CUE": 1}
    assert stats["schema_version"] == SCHEMA_VERSION


def test_an_empty_file_is_not_silently_made_a_project(tmp_path: Path) -> None:
    empty = tmp_path / "empty.claimdesk"
    empty.write_bytes(b"")
    with pytest.raises(StoreError, match="empty"):
        open_project(empty)
    assert empty.stat().st_size == 0
