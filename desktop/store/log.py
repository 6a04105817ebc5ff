"""The append-only change log: who changed what, when, with before/after values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop.store._util import dumps, now


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One row of the change log (``desktop.core.changes.Change`` is what a write changed)."""

    seq: int
    at: str
    who: str
    action: str
    entity: str
    doc: str | None
    entity_id: str | None
    before: str | None
    after: str | None


class ChangeLog:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(self, *, who: str, action: str, entity: str, doc: str | None = None,
               entity_id: str | None = None, before: Any = None, after: Any = None) -> None:
        """Append one entry; callers are already inside the write's transaction."""
        self._db.execute(
            "INSERT INTO changes (at, who, action, entity, doc, entity_id, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [now(), who, action, entity, doc, entity_id,
             None if before is None else dumps(before),
             None if after is None else dumps(after)],
        )

    def record_many(self, entries: Sequence[Mapping[str, Any]]) -> None:
        """Append several entries (keys as for ``record``) with one statement."""
        stamp = now()
        self._db.conn.executemany(
            "INSERT INTO changes (at, who, action, entity, doc, entity_id, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(stamp, e["who"], e["action"], e["entity"], e.get("doc"), e.get("entity_id"),
              None if e.get("before") is None else dumps(e["before"]),
              None if e.get("after") is None else dumps(e["after"])) for e in entries])

    def append_rows(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Append entries already encoded: ``(who, action, entity, doc, entity_id, before,
        after)`` with ``before``/``after`` as JSON text or None (bulk imports, which encode
        the same few shapes thousands of times)."""
        stamp = now()
        self._db.conn.executemany(
            "INSERT INTO changes (at, who, action, entity, doc, entity_id, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [(stamp, *r) for r in rows])

    def recent(self, *, limit: int = 100, doc: str | None = None,
               who: str | None = None) -> list[LogEntry]:
        """The newest entries first, optionally of one document and/or one person."""
        conds, params = [], []
        if doc is not None:
            conds.append("doc = ?")
            params.append(doc)
        if who is not None:
            conds.append("who = ?")
            params.append(who)
        where = f"WHERE {' AND '.join(conds)}" if conds else ""
        rows = self._db.execute(
            f"SELECT seq, at, who, action, entity, doc, entity_id, before, after FROM changes "
            f"{where} ORDER BY seq DESC LIMIT ?", [*params, limit]).fetchall()
        return [LogEntry(*row) for row in rows]

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM changes").fetchone()[0])
