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
SCHEMA_VERSION = 3
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


@MIGRATIONS(name="0003_reliability_undo_journal")
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
