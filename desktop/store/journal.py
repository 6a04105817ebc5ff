"""The persisted undo history (``project.undo``): one row per undo step of an annotator.

A step holds the edits of one undo-stack command (one edit, or a gesture's group of edits),
serialised by the GUI (``desktop/ui/undo_journal.py``), and whether it is currently undone
(the redo part of the stack). The GUI writes a step in the same transaction as the edit, the
undo or the redo it records, so the journal and the project never disagree - also after a
crash - and the undo stack comes back exactly as it was when the project is opened again.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from desktop.store._base import Repo
from desktop.store._util import dumps, now

DEFAULT_LIMIT = 200
"""Undo steps kept per annotator (``CLAIMDESK_UNDO_STEPS`` overrides)."""


def undo_limit() -> int:
    try:
        return max(1, int(os.environ.get("CLAIMDESK_UNDO_STEPS", DEFAULT_LIMIT)))
    except ValueError:
        return DEFAULT_LIMIT


@dataclass(frozen=True, slots=True)
class UndoStep:
    pk: int
    text: str
    ops: list[dict[str, Any]]
    undone: bool


class UndoJournal(Repo):
    def steps(self, annotator: str) -> list[UndoStep]:
        """``annotator``'s steps, oldest first (done ones, then the undone ones)."""
        out = []
        for pk, text, ops, undone in self._db.execute(
                "SELECT pk, text, ops, undone FROM undo_steps WHERE annotator = ? "
                "ORDER BY seq", [annotator]):
            try:
                decoded = json.loads(ops)
            except ValueError:
                continue
            if isinstance(decoded, list):
                out.append(UndoStep(int(pk), str(text), decoded, bool(undone)))
        return out

    def push(self, annotator: str, text: str, ops: list[dict[str, Any]], *,
             into: int | None = None, limit: int | None = None) -> int:
        """Record a new step (or, ``into``, replace the ops of that step: a merged group).

        The redo part of the stack goes, as in QUndoStack; the oldest steps beyond ``limit``
        too. Call inside the edit's transaction. Returns the step's key.
        """
        with self._ctx.write():
            self._db.execute("DELETE FROM undo_steps WHERE annotator = ? AND undone = 1",
                             [annotator])
            if into is not None:
                cur = self._db.execute("UPDATE undo_steps SET ops = ?, at = ? WHERE pk = ?",
                                       [dumps(ops), now(), into])
                if cur.rowcount:
                    return into
            row = self._db.execute("SELECT coalesce(max(seq), 0) FROM undo_steps "
                                   "WHERE annotator = ?", [annotator]).fetchone()
            cur = self._db.execute(
                "INSERT INTO undo_steps (annotator, seq, text, ops, undone, at) "
                "VALUES (?, ?, ?, ?, 0, ?)",
                [annotator, int(row[0]) + 1, text, dumps(ops), now()])
            keep = limit if limit is not None else undo_limit()
            self._db.execute(
                "DELETE FROM undo_steps WHERE annotator = ? AND pk NOT IN (SELECT pk FROM "
                "undo_steps WHERE annotator = ? ORDER BY seq DESC LIMIT ?)",
                [annotator, annotator, keep])
            return int(cur.lastrowid or 0)

    def mark(self, pk: int, *, undone: bool, ops: list[dict[str, Any]] | None = None) -> None:
        """The step was undone (or redone); ``ops``: their state after this run."""
        with self._ctx.write():
            if ops is None:
                self._db.execute("UPDATE undo_steps SET undone = ? WHERE pk = ?",
                                 [int(undone), pk])
            else:
                self._db.execute("UPDATE undo_steps SET undone = ?, ops = ? WHERE pk = ?",
                                 [int(undone), dumps(ops), pk])

    def drop_undone(self, annotator: str) -> None:
        with self._ctx.write():
            self._db.execute("DELETE FROM undo_steps WHERE annotator = ? AND undone = 1",
                             [annotator])

    def drop(self, pk: int) -> None:
        with self._ctx.write():
            self._db.execute("DELETE FROM undo_steps WHERE pk = ?", [pk])
