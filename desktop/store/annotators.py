"""The annotators of a project and their layers (``project.annotators``)."""

from __future__ import annotations

from desktop.core.annotators import annotator_name_problem, clean_annotator_name
from desktop.core.changes import Change, Written
from desktop.core.errors import InputError, NotFoundError
from desktop.core.model import GOLD
from desktop.store._base import Repo
from desktop.store._util import now

_LAYER_TABLES = ("spans", "frames", "relations", "doc_status")


class AnnotatorRepo(Repo):
    def names(self, *, gold: bool = False) -> list[str]:
        """Annotator names in order (the gold layer only with ``gold``)."""
        return [r[0] for r in self._db.execute("SELECT name FROM annotators ORDER BY name")
                if gold or r[0] != GOLD]

    def has_work(self, name: str) -> bool:
        """True when ``name`` has any span, frame, relation or document status."""
        return any(self._db.execute(f"SELECT 1 FROM {t} WHERE annotator = ? LIMIT 1",
                                    [name]).fetchone() for t in _LAYER_TABLES)

    def rename(self, old: str, new: str, *, who: str) -> Written[str]:
        """Give ``old``'s layers (every span, frame, relation and status) the name ``new``.

        For a misspelt name. ``new`` must be a valid name that has no work of its own (an
        empty registration, e.g. from a mistyped first start, is taken over). The change log
        keeps its history under the names used at the time and records the rename.

        Raises:
            InputError: ``new`` is not a valid name, already has work, or either is gold.
            NotFoundError: there is no annotator ``old``.
        """
        new = clean_annotator_name(new)
        problem = annotator_name_problem(new)
        if problem is not None:
            raise InputError(problem, field="annotator")
        if old == GOLD:
            raise InputError("the gold layer cannot be renamed", field="annotator")
        with self._ctx.write():
            if not self._db.execute("SELECT 1 FROM annotators WHERE name = ?",
                                    [old]).fetchone():
                raise NotFoundError(f"no annotator {old!r} in this project")
            if new == old:
                return Written(new, Change())
            if self.has_work(new):
                raise InputError(f"“{new}” already has annotations in this project; choose "
                                 "another name", field="annotator")
            self._db.execute("INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)",
                             [new, now()])
            for table in _LAYER_TABLES:
                self._db.execute(f"UPDATE {table} SET annotator = ? WHERE annotator = ?",
                                 [new, old])
            self._db.execute("DELETE FROM annotators WHERE name = ?", [old])
            self._db.execute("UPDATE project SET value = ? WHERE key = 'last_annotator' "
                             "AND value = ?", [new, old])
            self._log.record(who=who, action="rename", entity="annotator", entity_id=old,
                             before={"name": old}, after={"name": new})
        return Written(new, Change(reload=True))

    def summary(self) -> dict[str, dict[str, object]]:
        """Per annotator (gold included): documents per status and annotation counts."""
        out: dict[str, dict[str, object]] = {
            name: {"status": {}, "spans": 0, "frames": 0, "relations": 0}
            for name in self.names(gold=True)}
        for name, status, n in self._db.execute(
                "SELECT annotator, status, count(*) FROM doc_status GROUP BY annotator, status"):
            entry = out.setdefault(name, {"status": {}, "spans": 0, "frames": 0,
                                          "relations": 0})
            status_counts = entry["status"]
            assert isinstance(status_counts, dict)
            status_counts[status] = int(n)
        for table in ("spans", "frames", "relations"):
            for name, n in self._db.execute(
                    f"SELECT annotator, count(*) FROM {table} GROUP BY annotator"):
                out.setdefault(name, {"status": {}, "spans": 0, "frames": 0,
                                      "relations": 0})[table] = int(n)
        return out
