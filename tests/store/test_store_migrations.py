"""Every released schema version upgrades to the current one with its data intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from desktop.core.errors import StoreError
from desktop.core.model import Frame, Origin, Span, SpanState
from desktop.store import backup_folder, list_backups, open_project
from desktop.store.project import APPLICATION_ID
from desktop.store.schema import MIGRATIONS, SCHEMA_VERSION

# Schema versions that have been written by a Claimdesk build, with the first migration that
# came after each (None: the current version).
RELEASED = {1: "0002_document_order_index", 2: "0003_layer_provenance",
            3: "0004_frame_triggers", 4: "0005_undo_journal", 5: "0006_suggestions",
            SCHEMA_VERSION: None}


def _project_at(path: Path, version: int, stop_before: str | None) -> None:
    """A project file exactly as the build with schema ``version`` left it."""
    with open_project(path, create=True) as project:
        project.annotations.ensure_annotator("alice")
        text = "Officials said the talks would resume."
        with project.transaction():
            from desktop.core.model import Document
            from desktop.core.offsets import sha256_text

            project.documents.insert_many([Document(id="d1", title="Talks", text=text,
                                                    sha256=sha256_text(text))])
        project.spans.add("d1", "alice", Span.from_text(
            text, id="s1", label="SOURCE", fragments=((0, 9),)), who="alice")
        project.frames.add("d1", "alice", Frame(id="f1", type="attribution",
                                                roles={"source": ("s1",)}), who="alice")
    if stop_before is None:
        return
    # Roll the file back to the older schema: drop what later migrations added.
    conn = sqlite3.connect(path, isolation_level=None)
    db = Database(conn)
    later = [m.name for m in MIGRATIONS.applied(db)]
    later = later[later.index(stop_before):]
    if "0006_suggestions" in later:
        conn.execute("DROP TABLE evidence")
        conn.execute("ALTER TABLE frames DROP COLUMN origin")
        conn.execute("ALTER TABLE frames DROP COLUMN state")
    if "0002_document_order_index" in later:
        conn.execute("DROP INDEX documents_order")
    if "0003_layer_provenance" in later:
        for (trigger,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                       "AND (name LIKE '%_stamp_%' OR name LIKE 'layer_%')"
                                       ).fetchall():
            conn.execute(f"DROP TRIGGER {trigger}")
        conn.execute("DROP TABLE layer_stamps")
        conn.execute("DROP TABLE layer_sources")
    if "0005_undo_journal" in later:
        conn.execute("DROP TABLE undo_steps")
    marks = ", ".join("?" for _ in later)
    conn.execute(f"DELETE FROM _sqlite_migrations WHERE name IN ({marks})", later)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()


@pytest.mark.parametrize(("version", "stop_before"), sorted(RELEASED.items()))
def test_released_versions_upgrade(tmp_path: Path, version: int, stop_before: str | None
                                   ) -> None:
    path = tmp_path / f"v{version}.claimdesk"
    _project_at(path, version, stop_before)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == version
    assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    raw.close()
    with open_project(path) as project:
        assert project.schema_version == SCHEMA_VERSION
        assert [s.text for s in project.annotations.spans("d1", "alice")] == ["Officials"]
        names = {r[0] for r in project._db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "documents_order" in names
        plan = " ".join(str(r) for r in project._db.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM documents ORDER BY pk"))
        assert "COVERING INDEX documents_order" in plan
        # Layers made before schema 3 get a stamp (their status or import time) ...
        stamps = project._db.execute("SELECT annotator FROM layer_stamps").fetchall()
        assert stamps == [("alice",)]
        # ... and edits after the upgrade move it.
        before = project._db.execute("SELECT updated_at FROM layer_stamps").fetchone()[0]
        project.spans.add("d1", "alice", Span.from_text(
            "Officials said the talks would resume.", id="", label="CUE",
            fragments=((10, 14),)), who="alice")
        after = project._db.execute("SELECT updated_at FROM layer_stamps").fetchone()[0]
        assert after >= before
        assert project._db.execute("SELECT count(*) FROM layer_sources").fetchone()[0] == 0
        assert project.undo.steps("alice") == []
        # Frames made before schema 6 are the annotator's own (manual, accepted).
        frame = project.annotations.frame("d1", "alice", "f1")
        assert (frame.origin, frame.state) == (Origin.MANUAL, SpanState.ACCEPTED)
    backups = list_backups(path)
    if version == SCHEMA_VERSION:
        assert backups == []  # an up-to-date project is opened without writing anything
        return
    # The upgrade was preceded by a backup of the file exactly as it was.
    assert [b.reason for b in backups] == ["before-migration"]
    assert backups[0].path.name.endswith(f"-before-migration-v{version}.claimdesk")
    old = sqlite3.connect(backups[0].path)
    try:
        assert old.execute("PRAGMA user_version").fetchone()[0] == version
        assert old.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert old.execute("SELECT text FROM spans").fetchall() == [("Officials",)]
    finally:
        old.close()


@pytest.mark.parametrize(("version", "stop_before"),
                         [(v, s) for v, s in sorted(RELEASED.items()) if s is not None])
def test_reading_an_old_project_upgrades_a_private_copy(tmp_path: Path, version: int,
                                                        stop_before: str) -> None:
    """`claimdesk stats` or an export of an old project must not write to it."""
    path = tmp_path / f"v{version}.claimdesk"
    _project_at(path, version, stop_before)
    before = path.read_bytes()
    with open_project(path, readonly=True) as project:
        assert project.snapshot
        assert project.schema_version == SCHEMA_VERSION
        assert [s.text for s in project.annotations.spans("d1", "alice")] == ["Officials"]
    assert path.read_bytes() == before
    assert list_backups(path) == []


def test_no_upgrade_without_a_backup(tmp_path: Path) -> None:
    """When the backup cannot be written (here: its folder is a file), nothing is upgraded."""
    path = tmp_path / "v1.claimdesk"
    _project_at(path, 1, "0002_document_order_index")
    before = path.read_bytes()
    folder = backup_folder(path)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder", encoding="utf-8")
    with pytest.raises(StoreError, match="backup taken first could not be written"):
        open_project(path)
    assert path.read_bytes() == before


def test_frames_of_a_file_before_suggestions_read_as_manual_and_accepted(tmp_path: Path) -> None:
    """Read-only, a schema-5 file is read through an upgraded private copy: its frames come
    back as the annotator's own, through every reader."""
    path = tmp_path / "v5.claimdesk"
    _project_at(path, 5, "0006_suggestions")
    with open_project(path, readonly=True) as project:
        frame = project.annotations.frame("d1", "alice", "f1")
        assert (frame.origin, frame.state) == (Origin.MANUAL, SpanState.ACCEPTED)
        streamed = next(project.iter_layers("alice")).layer.frames
        assert streamed == (frame,)
        (layer_set,) = list(project.layer_sets())
        assert layer_set.layers["alice"].frames == (frame,)
