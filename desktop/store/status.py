"""Per-annotator document status (``project.status``)."""

from __future__ import annotations

from sqlite_utils import Database

from desktop.core.changes import Change, Written
from desktop.core.model import DocStatus
from desktop.store._base import Repo
from desktop.store._util import now


def touch_status(db: Database, doc_pk: int, annotator: str) -> bool:
    """Editing a new document puts it in progress (done/skipped stay as they are).

    Returns True when a status row was really written (the document was new).
    """
    cur = db.execute(
        "INSERT INTO doc_status (doc, annotator, status, updated_at) "
        "VALUES (?, ?, 'in progress', ?) ON CONFLICT (doc, annotator) DO UPDATE SET "
        "status = 'in progress', updated_at = excluded.updated_at "
        "WHERE doc_status.status = 'new'", [doc_pk, annotator, now()])
    return cur.rowcount > 0


class StatusRepo(Repo):
    def set(self, doc_id: str, annotator: str, status: DocStatus, *,
            who: str) -> Written[DocStatus]:
        """Set the status; the value written back is the previous one (for undo)."""
        with self._ctx.write():
            doc_pk, _ = self._doc(doc_id)
            self.ensure_annotator(annotator)
            row = self._db.execute(
                "SELECT status FROM doc_status WHERE doc = ? AND annotator = ?",
                [doc_pk, annotator]).fetchone()
            before = DocStatus(row[0]) if row else DocStatus.NEW
            if before is status:
                return Written(before, Change())
            self._db.execute(
                "INSERT INTO doc_status (doc, annotator, status, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (doc, annotator) DO UPDATE SET status = excluded.status, "
                "updated_at = excluded.updated_at", [doc_pk, annotator, status.value, now()])
            self._log.record(who=who, action="status", entity="document", doc=doc_id,
                             entity_id=doc_id, before={"status": before.value, "layer": annotator},
                             after={"status": status.value, "layer": annotator})
        return Written(before, Change(doc=doc_id, layer=annotator, status=True))
