"""What every repository shares: the connection, the change log, the codebook, the write
transaction and the lookups from external ids to row keys."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from sqlite_utils import Database

from desktop.core.codebook import Codebook
from desktop.core.errors import InputError, NotFoundError
from desktop.core.identifiers import identifier_problem
from desktop.store._util import now
from desktop.store.db import Patience, write
from desktop.store.log import ChangeLog


@dataclass(slots=True)
class Context:
    """The open project as the repositories see it (one per ``Project``)."""

    db: Database
    log: ChangeLog
    codebook: Callable[[], Codebook]
    patience: Patience | None = None
    guard: Callable[[], None] | None = None
    """Raises when no write may begin (read-only project, file deleted or replaced)."""

    def write(self) -> AbstractContextManager[Database]:
        """One write transaction (BEGIN IMMEDIATE), or a savepoint inside an open one."""
        if self.guard is not None and not self.db.conn.in_transaction:
            self.guard()
        return write(self.db, self.patience)


class Repo:
    """Base of the repositories: lookups shared by reads and writes."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._db = ctx.db
        self._log = ctx.log

    def _doc(self, doc_id: str) -> tuple[int, str]:
        row = self._db.execute("SELECT pk, text FROM documents WHERE id = ?",
                               [doc_id]).fetchone()
        if row is None:
            raise NotFoundError(f"no document with id {doc_id!r}")
        return int(row[0]), str(row[1])

    def _span_pk(self, doc_pk: int, annotator: str, span_id: str) -> int:
        row = self._db.execute("SELECT pk FROM spans WHERE doc = ? AND annotator = ? AND id = ?",
                               [doc_pk, annotator, span_id]).fetchone()
        if row is None:
            raise NotFoundError(f"no span {span_id!r} in this layer")
        return int(row[0])

    def _frame_pk(self, doc_pk: int, annotator: str, frame_id: str) -> int:
        row = self._db.execute("SELECT pk FROM frames WHERE doc = ? AND annotator = ? AND id = ?",
                               [doc_pk, annotator, frame_id]).fetchone()
        if row is None:
            raise NotFoundError(f"no frame {frame_id!r} in this layer")
        return int(row[0])

    def _actor_pk(self, actor_id: str | None) -> int | None:
        if actor_id is None:
            return None
        row = self._db.execute("SELECT pk FROM actors WHERE id = ?", [actor_id]).fetchone()
        if row is None:
            raise InputError(f"no actor with id {actor_id!r}", field="actor")
        return int(row[0])

    def _labels(self, doc_pk: int, annotator: str) -> dict[str, str]:
        """Span id -> label of one document layer."""
        return {r[0]: r[1] for r in self._db.execute(
            "SELECT id, label FROM spans WHERE doc = ? AND annotator = ?", [doc_pk, annotator])}

    def ensure_annotator(self, name: str) -> None:
        """Register ``name`` as an annotator (the caller holds the write transaction)."""
        problem = identifier_problem(name)
        if problem is not None:
            raise InputError(f"the annotator name {problem}", field="annotator")
        self._db.execute("INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)",
                         [name, now()])
