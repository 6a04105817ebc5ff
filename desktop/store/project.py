"""The project file: one SQLite database per project, WAL mode, versioned schema."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop import __version__
from desktop.core.codebook import Codebook, parse_codebook
from desktop.core.errors import KnownStoreError, StoreError
from desktop.core.model import GOLD, AnnotatedDocument, DocStatus
from desktop.core.offsets import sha256_text
from desktop.store._base import Context
from desktop.store._util import now
from desktop.store.actors import ActorRepo
from desktop.store.bulk import BulkRepo
from desktop.store.db import DEFAULT_BUSY_TIMEOUT, Patience, connect
from desktop.store.documents import DocumentRepo
from desktop.store.frames import FrameRepo, RelationRepo
from desktop.store.layer_sets import LayerSet, iter_layer_sets
from desktop.store.layers import count_documents, iter_layers
from desktop.store.log import ChangeLog
from desktop.store.reading import AnnotationReader
from desktop.store.schema import MIGRATIONS, SCHEMA_VERSION
from desktop.store.spans import SpanRepo
from desktop.store.status import StatusRepo
from desktop.store.suggestions import SuggestionRepo

APPLICATION_ID = 0x436C6D64  # "Clmd": lets `file` and other tools recognise a project file.


class Project:
    """An open project file and its repositories.

    Reads go through ``annotations`` (layers), ``documents`` and ``actors``; each kind of
    write has its repository (``spans``, ``frames``, ``relations``, ``status``, ``actors``,
    ``bulk``, and ``suggestions`` for the assistant's pending spans and frames), and every
    write returns ``Written`` with the ``Change`` it made. One
    ``Project`` per thread: a background job opens its own on the same path (WAL lets readers
    and one writer work side by side).
    """

    def __init__(self, db: Database, path: Path | None) -> None:
        self._db = db
        self.path = path
        self.log = ChangeLog(db)
        self._codebook: Codebook | None = None
        self._ctx = Context(db, self.log, lambda: self.codebook)
        self.documents = DocumentRepo(db)
        self.actors = ActorRepo(self._ctx)
        self.annotations = AnnotationReader(self._ctx)
        self.spans = SpanRepo(self._ctx, self.annotations)
        self.frames = FrameRepo(self._ctx, self.annotations)
        self.relations = RelationRepo(self._ctx, self.annotations)
        self.status = StatusRepo(self._ctx)
        self.bulk = BulkRepo(self._ctx, self.annotations)
        self.suggestions = SuggestionRepo(self._ctx, self.annotations)

    # -- lifecycle -----------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def wait_for_lock(self, seconds: float, on_wait: Callable[[], None] | None = None) -> None:
        """Let writes wait ``seconds`` more for another process's lock (command-line runs)."""
        self._ctx.patience = Patience(seconds, on_wait)

    @contextmanager
    def transaction(self) -> Iterator[Project]:
        """One write transaction around several writes: all of them land, or none."""
        with self._ctx.write():
            yield self

    # -- the corpus, a layer at a time (exports) ------------------------------------------

    def iter_layers(self, annotator: str, *, statuses: frozenset[DocStatus] = frozenset(),
                    page_size: int | None = None) -> Iterator[AnnotatedDocument]:
        """Every document with ``annotator``'s layer, in corpus order, streamed by pages."""
        extra = {} if page_size is None else {"page_size": page_size}
        return iter_layers(self._db, self.codebook, annotator=annotator, statuses=statuses,
                           **extra)

    def count_documents(self, annotator: str, *,
                        statuses: frozenset[DocStatus] = frozenset()) -> int:
        """How many documents ``iter_layers`` would yield (for progress totals)."""
        return count_documents(self._db, annotator=annotator, statuses=statuses)

    def layer_sets(self, *, annotators: Sequence[str] | None = None,
                   with_text: bool = False) -> Iterator[LayerSet]:
        """Every document with the layers of ``annotators`` (default: everyone), streamed."""
        return iter_layer_sets(self._db, self.codebook, annotators=annotators,
                               with_text=with_text)

    # -- team summaries --------------------------------------------------------------------

    def label_counts(self) -> dict[str, dict[str, int]]:
        """Annotator -> label -> accepted spans (every layer, gold included)."""
        out: dict[str, dict[str, int]] = {}
        for annotator, label, n in self._db.execute(
                "SELECT annotator, label, count(*) FROM spans WHERE state = 'accepted' "
                "GROUP BY annotator, label ORDER BY annotator, label"):
            out.setdefault(annotator, {})[label] = int(n)
        return out

    def status_by_annotator(self) -> dict[str, dict[str, int]]:
        """Annotator -> status -> documents (statuses with a row; "new" is the rest)."""
        out: dict[str, dict[str, int]] = {}
        for annotator, status, n in self._db.execute(
                "SELECT annotator, status, count(*) FROM doc_status "
                "GROUP BY annotator, status ORDER BY annotator, status"):
            out.setdefault(annotator, {})[status] = int(n)
        return out

    def done_events(self) -> list[tuple[str, str, str]]:
        """``(annotator, document id, when)`` for every time a document was set to done.

        From the status rows (merged layers keep the annotator's own time there) and from
        the change log, so a document reopened since still counts on the day it was done.
        """
        events = [(r[0], r[1], r[2]) for r in self._db.execute(
            "SELECT st.annotator, d.id, st.updated_at FROM doc_status st "
            "JOIN documents d ON d.pk = st.doc WHERE st.status = 'done'")]
        events += [(r[0], r[1], r[2]) for r in self._db.execute(
            "SELECT json_extract(after, '$.layer'), doc, at FROM changes "
            "WHERE action = 'status' AND after LIKE '%\"status\":\"done\"%' "
            "AND json_extract(after, '$.status') = 'done' AND doc IS NOT NULL")
            if r[0]]
        return events

    def layer_sources(self, doc_id: str) -> dict[str, dict[str, str]]:
        """Annotator -> where that layer of ``doc_id`` was merged from (file, times)."""
        pk = self.documents.pk(doc_id)
        return {r[0]: {"source_file": r[1], "source_doc": r[2], "layer_updated_at": r[3],
                       "merged_at": r[4], "merged_by": r[5]} for r in self._db.execute(
            "SELECT annotator, source_file, source_doc, layer_updated_at, merged_at, merged_by "
            "FROM layer_sources WHERE doc = ? ORDER BY annotator", [pk])}

    # -- metadata ------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM project WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self._ctx.write():
            self._db.execute("INSERT INTO project (key, value) VALUES (?, ?) ON CONFLICT (key) "
                            "DO UPDATE SET value = excluded.value", [key, value])

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    # -- codebook ------------------------------------------------------------------------

    @property
    def codebook(self) -> Codebook:
        if self._codebook is None:
            row = self._db.execute(
                "SELECT toml FROM codebooks ORDER BY version DESC LIMIT 1").fetchone()
            if row is None:
                raise StoreError("the project has no codebook")
            self._codebook = parse_codebook(row[0], source_name="project codebook")
        return self._codebook

    def forget_cached(self) -> None:
        """Drop cached state (the codebook) after another connection may have changed it."""
        self._codebook = None

    @property
    def codebook_version(self) -> int:
        row = self._db.execute("SELECT max(version) FROM codebooks").fetchone()
        return int(row[0] or 0)

    def set_codebook(self, codebook: Codebook, *, who: str) -> int:
        """Store a new codebook version (kept in the file so the project is self-contained)."""
        with self._ctx.write():
            row = self._db.execute(
                "SELECT version, sha256 FROM codebooks ORDER BY version DESC LIMIT 1").fetchone()
            digest = sha256_text(codebook.source)
            if row is not None and row[1] == digest:
                return int(row[0])
            version = (int(row[0]) if row else 0) + 1
            self._db.execute(
                "INSERT INTO codebooks (version, name, label_version, toml, sha256, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [version, codebook.name, codebook.version, codebook.source, digest, now()])
            self.log.record(who=who, action="codebook", entity="codebook",
                            entity_id=str(version),
                            after={"name": codebook.name, "version": codebook.version})
        self._codebook = None
        return version

    # -- summaries -----------------------------------------------------------------------

    def status_counts(self, annotator: str) -> dict[DocStatus, int]:
        """Documents per status for ``annotator`` (statuses with a row; "new" is the rest).

        One pass over the ``doc_status_annotator`` index: no join with the documents.
        """
        return {DocStatus(r[0]): int(r[1]) for r in self._db.execute(
            "SELECT status, count(*) FROM doc_status WHERE annotator = ? GROUP BY status",
            [annotator])}

    def stats(self) -> dict[str, Any]:
        counts = self.annotations.counts()
        annotators = [a for a in self.annotations.annotators() if a != GOLD]
        status = {r[0]: int(r[1]) for r in self._db.execute(
            "SELECT status, count(*) FROM doc_status GROUP BY status")}
        labels = {r[0]: int(r[1]) for r in self._db.execute(
            "SELECT label, count(*) FROM spans GROUP BY label ORDER BY label")}
        # The assistant's suggestions not yet accepted (the counts above include them).
        suggested = {f"{table}_{state}": int(n) for table in ("spans", "frames")
                     for state, n in self._db.execute(
                         f"SELECT state, count(*) FROM {table} WHERE state != 'accepted' "
                         "GROUP BY state")}
        return {
            "documents": self.documents.count(),
            "annotators": len(annotators),
            "spans": counts["spans"],
            "frames": counts["frames"],
            "relations": counts["relations"],
            "actors": self.actors.count(),
            "labels": labels,
            "suggestions": {"pending_spans": suggested.get("spans_pending", 0),
                            "pending_frames": suggested.get("frames_pending", 0),
                            "rejected_spans": suggested.get("spans_rejected", 0),
                            "rejected_frames": suggested.get("frames_rejected", 0)},
            "status": status,
            "annotator_names": annotators,
            "codebook": {"name": self.codebook.name, "version": self.codebook.version,
                         "stored_version": self.codebook_version},
            "schema_version": self.schema_version,
        }


def _use_wal(db: Database, path: Path) -> None:
    """Switch to WAL (persistent), only once the file is known to be ours or new."""
    mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() != "wal":
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"{path}: cannot switch the project to WAL mode (got {mode})")


def _check_file(p: Path, create: bool) -> None:
    if not p.exists() and not create:
        raise StoreError(f"{p}: no such project file (create one with `claimdesk init {p}`)")
    if p.exists() and p.is_dir():
        raise StoreError(f"{p}: is a folder, not a project file")
    if p.exists() and not create and p.stat().st_size == 0:
        raise StoreError(f"{p}: the file is empty, not a Claimdesk project")
    if p.exists() and p.stat().st_size > 0:
        with p.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise StoreError(f"{p}: not a Claimdesk project (not an SQLite file)")


def _open_readonly(p: Path, busy_timeout: float) -> Project:
    """A project opened for reading only: nothing is migrated or written, ever."""
    _check_file(p, False)
    try:
        db = connect(p, timeout=busy_timeout, readonly=True)
    except (OSError, KnownStoreError) as exc:
        raise StoreError(f"{p}: cannot open the project: {exc}") from exc
    try:
        if int(db.execute("PRAGMA application_id").fetchone()[0]) != APPLICATION_ID:
            raise StoreError(f"{p}: an SQLite file, but not a Claimdesk project")
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(f"{p}: made by a newer Claimdesk (schema {version}; this version "
                             f"reads up to {SCHEMA_VERSION}); please upgrade")
    except KnownStoreError as exc:
        db.close()
        raise type(exc)(f"{p}: {exc}") from exc
    except BaseException:
        db.close()
        raise
    return Project(db, p)


def open_project(path: str | os.PathLike[str], *, create: bool = False,
                 codebook: Codebook | None = None, who: str = "claimdesk",
                 busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
                 readonly: bool = False) -> Project:
    """Open (or with ``create`` make) a project file and bring its schema up to date.

    Opening an up-to-date project writes nothing: WAL mode, migrations and the schema version
    are written only when they are missing, so a reader (``claimdesk stats``) never takes the
    write lock from a running import.

    With ``readonly`` the file is only read (a project of an older schema is read as it is);
    every write then fails with ``ProjectReadOnly``.

    Raises:
        StoreError: the file is missing, not a Claimdesk project, from a newer version, or
            cannot be opened (busy, read-only, damaged: the ``KnownStoreError`` types).
    """
    p = Path(path)
    if readonly:
        return _open_readonly(p, busy_timeout)
    _check_file(p, create)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        db = connect(p, timeout=busy_timeout)
    except OSError as exc:
        raise StoreError(f"{p}: cannot open the project: {exc}") from exc
    try:
        app_id = int(db.execute("PRAGMA application_id").fetchone()[0])
        fresh = not db.table_names()
        if not fresh and app_id != APPLICATION_ID:
            raise StoreError(f"{p}: an SQLite file, but not a Claimdesk project")
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(f"{p}: made by a newer Claimdesk (schema {version}; this version "
                             f"reads up to {SCHEMA_VERSION}); please upgrade")
        # Only now that the file is ours (or new) may it be changed, starting with WAL mode.
        _use_wal(db, p)
        if fresh or version < SCHEMA_VERSION or MIGRATIONS.pending(db):
            MIGRATIONS.apply(db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        if fresh:
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        # NORMAL is durable across application crashes in WAL mode; only an OS crash or power
        # loss can drop the last commits, and never corrupts the file. (Per connection.)
        db.execute("PRAGMA synchronous = NORMAL")
    except KnownStoreError as exc:
        db.close()
        raise type(exc)(f"{p}: {exc}") from exc
    except BaseException:
        db.close()
        raise
    project = Project(db, p)
    if fresh:
        from desktop.core.codebook import load_codebook
        from desktop.resources import default_codebook_path

        with project.transaction():
            project.set_meta("created_at", now())
            project.set_meta("created_by", f"claimdesk {__version__}")
            project.annotations.ensure_annotator(GOLD)
            project.set_codebook(codebook or load_codebook(default_codebook_path()), who=who)
    elif codebook is not None:
        project.set_codebook(codebook, who=who)
    return project
