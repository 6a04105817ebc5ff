"""Versioned, forward-only schema migrations for the project file.

Each step is a function registered on ``MIGRATIONS``; sqlite-utils records applied steps in
``_sqlite_migrations`` and runs each in its own transaction. ``SCHEMA_VERSION`` is the number
of steps and is also written to ``PRAGMA user_version`` so other tools can read it.
Never edit a released step: add a new one and a test that upgrades from every released file.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("claimdesk")
SCHEMA_VERSION = 6
"""Number of migration steps; tests check it matches the registered steps."""

REQUIRED_TABLES = ("project", "codebooks", "documents", "documents_fts", "annotators", "actors",
                   "actor_aliases", "spans", "frames", "frame_roles", "relations",
                   "doc_status", "changes", "undo_steps")
"""Tables every up-to-date project has (a file lacking one is damaged: ``opening``)."""


def _run_script(db: Database, script: str) -> None:
    # executescript() would COMMIT the migration's transaction first; run statement by statement.
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            db.execute(buf)
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buf!r}")


@MIGRATIONS(name="0001_initial")
def _initial(db: Database) -> None:
    _run_script(
        db,
        """
        CREATE TABLE project (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE codebooks (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            label_version TEXT NOT NULL,
            toml TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL
        );

        CREATE TABLE documents (
            pk INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            meta TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(meta)),
            imported_at TEXT NOT NULL
        );

        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='pk',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
        END;
        CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.pk, old.title, old.text);
        END;
        CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.pk, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
        END;

        CREATE TABLE annotators (
            name TEXT PRIMARY KEY CHECK (length(trim(name)) > 0),
            created_at TEXT NOT NULL
        );

        CREATE TABLE actors (
            pk INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            kind TEXT NOT NULL,
            attrs TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attrs))
        );
        CREATE TABLE actor_aliases (
            actor INTEGER NOT NULL REFERENCES actors(pk) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (actor, alias)
        );
        CREATE INDEX actor_aliases_alias ON actor_aliases(alias COLLATE NOCASE);

        CREATE TABLE spans (
            pk INTEGER PRIMARY KEY,
            doc INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            id TEXT NOT NULL,
            label TEXT NOT NULL,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL,
            fragments TEXT CHECK (fragments IS NULL OR json_valid(fragments)),
            text TEXT NOT NULL,
            attrs TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attrs)),
            actor INTEGER REFERENCES actors(pk) ON DELETE SET NULL,
            origin TEXT NOT NULL CHECK (origin IN ('manual', 'suggested', 'imported')),
            state TEXT NOT NULL CHECK (state IN ('accepted', 'pending', 'rejected')),
            note TEXT NOT NULL DEFAULT '',
            CHECK (start < "end"),
            UNIQUE (doc, annotator, id)
        );
        CREATE INDEX spans_actor ON spans(actor);

        CREATE TABLE frames (
            pk INTEGER PRIMARY KEY,
            doc INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            id TEXT NOT NULL,
            type TEXT NOT NULL,
            attrs TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attrs)),
            UNIQUE (doc, annotator, id)
        );
        CREATE TABLE frame_roles (
            frame INTEGER NOT NULL REFERENCES frames(pk) ON DELETE CASCADE,
            role TEXT NOT NULL,
            span INTEGER NOT NULL REFERENCES spans(pk) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            PRIMARY KEY (frame, role, span)
        );
        CREATE INDEX frame_roles_span ON frame_roles(span);

        CREATE TABLE relations (
            pk INTEGER PRIMARY KEY,
            doc INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            id TEXT NOT NULL,
            label TEXT NOT NULL,
            head INTEGER NOT NULL REFERENCES spans(pk) ON DELETE CASCADE,
            tail INTEGER NOT NULL REFERENCES spans(pk) ON DELETE CASCADE,
            attrs TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attrs)),
            UNIQUE (doc, annotator, id)
        );
        CREATE INDEX relations_head ON relations(head);
        CREATE INDEX relations_tail ON relations(tail);

        CREATE TABLE doc_status (
            doc INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            status TEXT NOT NULL CHECK (status IN ('new', 'in progress', 'done', 'skipped')),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (doc, annotator)
        );
        CREATE INDEX doc_status_annotator ON doc_status(annotator, status);

        CREATE TABLE changes (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            who TEXT NOT NULL,
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            doc TEXT,
            entity_id TEXT,
            before TEXT CHECK (before IS NULL OR json_valid(before)),
            after TEXT CHECK (after IS NULL OR json_valid(after))
        );
        CREATE INDEX changes_doc ON changes(doc);
        CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes BEGIN
            SELECT RAISE(ABORT, 'the change log is append-only');
        END;
        CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes BEGIN
            SELECT RAISE(ABORT, 'the change log is append-only');
        END;
        """
    )



@MIGRATIONS(name="0002_document_order_index")
def _document_order_index(db: Database) -> None:
    # The corpus list reads every document id in corpus order on each filter change; without
    # a covering index that scans the whole documents table, article text and all.
    db.execute("CREATE INDEX documents_order ON documents(pk, id)")


_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def _stamp(doc: str, annotator: str) -> str:
    """The statement a trigger runs to record that layer (``doc``, ``annotator``) changed."""
    return (f"INSERT INTO layer_stamps (doc, annotator, updated_at) "
            f"SELECT {doc}, {annotator}, {_NOW} "
            f"WHERE EXISTS (SELECT 1 FROM documents WHERE pk = {doc}) "
            f"ON CONFLICT (doc, annotator) DO UPDATE SET updated_at = excluded.updated_at;")


def _stale(doc: str, annotator: str) -> str:
    # 'now' is fixed for the length of one statement, so a bulk insert of a thousand spans
    # into one layer writes its stamp once and then only looks it up.
    return (f"NOT EXISTS (SELECT 1 FROM layer_stamps WHERE doc = {doc} AND annotator = "
            f"{annotator} AND updated_at = {_NOW})")


@MIGRATIONS(name="0003_layer_provenance")
def _layer_provenance(db: Database) -> None:
    # When each layer last changed, kept by triggers so that no write path can forget it:
    # merging needs it to tell an annotator's newer work from older work. No foreign key on
    # ``doc``: a cascade deleting a document's spans fires the span triggers while the
    # document row is already gone (the EXISTS guard above skips those).
    script = """
        CREATE TABLE layer_stamps (
            doc INTEGER NOT NULL,
            annotator TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (doc, annotator)
        );
        CREATE TRIGGER layer_stamps_doc_ad AFTER DELETE ON documents BEGIN
            DELETE FROM layer_stamps WHERE doc = old.pk;
        END;

        CREATE TABLE layer_sources (
            doc INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            source_file TEXT NOT NULL,
            source_project TEXT NOT NULL,
            source_doc TEXT NOT NULL,
            layer_sha TEXT NOT NULL,
            layer_updated_at TEXT NOT NULL,
            merged_at TEXT NOT NULL,
            merged_by TEXT NOT NULL,
            PRIMARY KEY (doc, annotator)
        );
    """
    for table, fields in (("spans", ("doc", "annotator")), ("frames", ("doc", "annotator")),
                          ("relations", ("doc", "annotator")),
                          ("doc_status", ("doc", "annotator"))):
        for event, row in (("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")):
            doc, annotator = (f"{row}.{f}" for f in fields)
            script += (f"CREATE TRIGGER {table}_stamp_{event.lower()} AFTER {event} ON {table} "
                       f"WHEN {_stale(doc, annotator)} BEGIN {_stamp(doc, annotator)} END;\n")
    for event, row in (("INSERT", "new"), ("DELETE", "old")):
        # Roles belong to a frame; the frame row says whose layer it is.
        doc = f"(SELECT doc FROM frames WHERE pk = {row}.frame)"
        annotator = f"(SELECT annotator FROM frames WHERE pk = {row}.frame)"
        script += (f"CREATE TRIGGER frame_roles_stamp_{event.lower()} AFTER {event} ON "
                   f"frame_roles WHEN EXISTS (SELECT 1 FROM frames WHERE pk = {row}.frame) "
                   f"AND {_stale(doc, annotator)} "
                   f"BEGIN {_stamp(doc, annotator)} END;\n")
    # Layers made before this version: their last status change, else the import time.
    script += """
        INSERT INTO layer_stamps (doc, annotator, updated_at)
        SELECT doc, annotator, max(at) FROM (
            SELECT doc, annotator, updated_at AS at FROM doc_status
            UNION ALL
            SELECT s.doc, s.annotator, d.imported_at FROM spans s
            JOIN documents d ON d.pk = s.doc
            UNION ALL
            SELECT f.doc, f.annotator, d.imported_at FROM frames f
            JOIN documents d ON d.pk = f.doc
        ) GROUP BY doc, annotator;
    """
    _run_script(db, script)


@MIGRATIONS(name="0004_frame_triggers")
def _frame_triggers(db: Database) -> None:
    # No table changes: a frame's trigger span (brat event triggers, ``Frame.trigger``) is a
    # ``frame_roles`` row with the role "" (no codebook role can have that name), so deleting
    # and restoring the span keeps it like any role. The step exists so that builds that do
    # not know triggers refuse these files ("made by a newer Claimdesk") instead of showing
    # the trigger as a role named "".
    db.execute("SELECT 1")


@MIGRATIONS(name="0005_undo_journal")
def _undo_journal(db: Database) -> None:
    # Each annotator's undo history, written in the same transaction as the edit it undoes,
    # so undo and redo survive closing the project (or a crash) exactly as they were.
    _run_script(
        db,
        """
        CREATE TABLE undo_steps (
            pk INTEGER PRIMARY KEY,
            annotator TEXT NOT NULL,
            seq INTEGER NOT NULL,
            text TEXT NOT NULL,
            ops TEXT NOT NULL CHECK (json_valid(ops)),
            undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
            at TEXT NOT NULL,
            UNIQUE (annotator, seq)
        );
        """
    )


@MIGRATIONS(name="0006_suggestions")
def _suggestions(db: Database) -> None:
    # The assistant's frames are pending until reviewed, as its spans already were; existing
    # frames are the annotators' own (manual, accepted). ``evidence`` keeps why a span or
    # frame was suggested (engine, rule, score) for the tooltip; it goes with its row.
    _run_script(
        db,
        """
        ALTER TABLE frames ADD COLUMN origin TEXT NOT NULL DEFAULT 'manual'
            CHECK (origin IN ('manual', 'suggested', 'imported'));
        ALTER TABLE frames ADD COLUMN state TEXT NOT NULL DEFAULT 'accepted'
            CHECK (state IN ('accepted', 'pending', 'rejected'));

        CREATE TABLE evidence (
            span INTEGER UNIQUE REFERENCES spans(pk) ON DELETE CASCADE,
            frame INTEGER UNIQUE REFERENCES frames(pk) ON DELETE CASCADE,
            engine TEXT NOT NULL,
            rule TEXT NOT NULL,
            score REAL NOT NULL CHECK (score >= 0 AND score <= 1),
            CHECK ((span IS NULL) <> (frame IS NULL))
        );
        """,
    )
