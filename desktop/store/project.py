"""The project file: one SQLite database per project, WAL mode, versioned schema."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop.core.codebook import Codebook, parse_codebook
from desktop.core.errors import ProjectMoved, ProjectReadOnly, StoreError
from desktop.core.model import GOLD, AnnotatedDocument, DocStatus
from desktop.core.offsets import sha256_text
from desktop.store._base import Context
from desktop.store._util import now
from desktop.store.actors import ActorRepo
from desktop.store.annotators import AnnotatorRepo
from desktop.store.bulk import BulkRepo
from desktop.store.db import Patience
from desktop.store.documents import DocumentRepo
from desktop.store.files import APPLICATION_ID, FileId, register_open, unregister_open
from desktop.store.frames import FrameRepo, RelationRepo
from desktop.store.journal import UndoJournal
from desktop.store.layer_sets import LayerSet, iter_layer_sets
from desktop.store.layers import count_documents, iter_layers, layer_overview
from desktop.store.log import ChangeLog
from desktop.store.reading import AnnotationReader
from desktop.store.spans import SpanRepo
from desktop.store.status import StatusRepo
from desktop.store.suggestions import SuggestionRepo

__all__ = ["APPLICATION_ID", "Project"]


class Project:
    """An open project file and its repositories.

    Reads go through ``annotations`` (layers), ``documents`` and ``actors``; each kind of
    write has its repository (``spans``, ``frames``, ``relations``, ``status``, ``actors``,
    ``bulk``, and ``suggestions`` for the assistant's pending spans and frames), and every
    write returns ``Written`` with the ``Change`` it made. One
    ``Project`` per thread: a background job opens its own on the same path (WAL lets readers
    and one writer work side by side). Made by ``open_project`` (``opening.py``).

    A project opened for reading (``read_only``) refuses every write with
    ``ProjectReadOnly`` naming the reason; every write transaction first checks that the
    file at ``path`` is still the one opened (``ProjectMoved`` when it was deleted or
    replaced: the edit would land in a file nobody can open again).
    """

    def __init__(self, db: Database, path: Path | None, *, file_id: FileId | None = None,
                 read_only: str = "", on_close: Callable[[], None] | None = None,
                 snapshot: bool = False) -> None:
        self._db = db
        self.path = path
        self.file_id = file_id
        self.read_only_reason = read_only
        """Why the project is open for reading only ("" when it can be written)."""
        self.snapshot = snapshot
        """True when reading a private copy taken at open (later changes do not show)."""
        self._on_close = on_close
        self._closed = False
        # Absolute: a later change of the working folder must not look like a vanished file.
        self._abs_path = path.absolute() if path is not None else None
        self.log = ChangeLog(db)
        self._codebook: Codebook | None = None
        self._ctx = Context(db, self.log, lambda: self.codebook, guard=self.check_writable)
        register_open(file_id, path)
        self.documents = DocumentRepo(db)
        self.actors = ActorRepo(self._ctx)
        self.annotations = AnnotationReader(self._ctx)
        self.spans = SpanRepo(self._ctx, self.annotations)
        self.frames = FrameRepo(self._ctx, self.annotations)
        self.relations = RelationRepo(self._ctx, self.annotations)
        self.status = StatusRepo(self._ctx)
        self.bulk = BulkRepo(self._ctx, self.annotations)
        self.annotators = AnnotatorRepo(self._ctx)
        self.undo = UndoJournal(self._ctx)
        self.suggestions = SuggestionRepo(self._ctx, self.annotations)

    # -- lifecycle -----------------------------------------------------------------------

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        unregister_open(self.file_id)
        try:
            self._db.close()
        finally:
            if self._on_close is not None:
                self._on_close()

    @property
    def read_only(self) -> bool:
        return bool(self.read_only_reason)

    def file_problem(self) -> str:
        """"" while the file at ``path`` is the one opened; else "missing" or "replaced"."""
        if self._abs_path is None or self.file_id is None:
            return ""
        now_id = FileId.of(self._abs_path)
        if now_id is None:
            return "missing"
        return "" if now_id == self.file_id else "replaced"

    def save_copy(self, dest: Path) -> None:
        """Copy the database as this connection sees it into a new file ``dest`` (works
        after the file at ``path`` was deleted or replaced: the connection still holds it)."""
        from desktop.store.backup import copy_database

        copy_database(self._db.conn, dest)

    def backup(self, reason: str, *, skip_unchanged: bool = False) -> Path | None:
        """A rolling backup in the user's data folder (``backup.make_backup``)."""
        from desktop.store.backup import make_backup

        if self.path is None:
            return None
        made = make_backup(self._db, self.path, reason, skip_unchanged=skip_unchanged)
        return None if made is None else made.path

    def check_writable(self) -> None:
        """Raise unless a write may go ahead (called as each write transaction begins)."""
        if self.read_only_reason:
            raise ProjectReadOnly(f"The project is open for reading only "
                                  f"({self.read_only_reason}). Nothing was saved.")
        if self.file_problem():
            raise ProjectMoved()

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

    def layer_overview(self, annotator: str, *, statuses: frozenset[DocStatus] = frozenset()
                       ) -> Iterator[tuple[str, DocStatus, bool]]:
        """(id, status, has annotations) of each document ``iter_layers`` would yield."""
        return layer_overview(self._db, annotator=annotator, statuses=statuses)

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
            # Stored by an older version, a label key may clash with a built-in command:
            # the label keeps its menu entry rather than the project failing to open.
            self._codebook = parse_codebook(row[0], source_name="project codebook",
                                            drop_reserved_keys=True)
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
            "by_annotator": self.annotators.summary(),
            "codebook": {"name": self.codebook.name, "version": self.codebook.version,
                         "stored_version": self.codebook_version},
            "schema_version": self.schema_version,
        }
