"""The actor registry: canonical actors with kind, aliases and attributes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import NamedTuple

from desktop.core.changes import Change, Written
from desktop.core.errors import InputError, NotFoundError
from desktop.core.identifiers import display_name_problem, identifier_problem
from desktop.core.model import Actor
from desktop.core.native import actor_dict as _actor_dict
from desktop.store import rows
from desktop.store._base import Repo
from desktop.store._util import dumps
from desktop.store.ids import next_registry_id


class Mention(NamedTuple):
    """One span linked to an actor, anywhere in the corpus (any layer)."""

    doc_id: str
    title: str
    annotator: str
    span_id: str
    text: str


class ActorRepo(Repo):
    """The registry; every write returns ``Written`` with the actors it touched."""

    # -- reading -------------------------------------------------------------------------

    def _aliases(self, pks: Sequence[int]) -> dict[int, tuple[str, ...]]:
        out: dict[int, list[str]] = {pk: [] for pk in pks}
        if not pks:
            return {}
        marks = ", ".join("?" for _ in pks)
        for pk, alias in self._db.execute(
                f"SELECT actor, alias FROM actor_aliases WHERE actor IN ({marks}) "
                f"ORDER BY actor, position", list(pks)):
            out[pk].append(alias)
        return {k: tuple(v) for k, v in out.items()}

    def _rows(self, where: str = "", params: Sequence[object] = ()) -> list[Actor]:
        found = self._db.execute(
            f"SELECT pk, id, name, kind, attrs FROM actors {where} ORDER BY name COLLATE NOCASE",
            list(params)).fetchall()
        aliases = self._aliases([r[0] for r in found])
        return [rows.actor(r, aliases.get(r[0], ())) for r in found]

    def all(self) -> list[Actor]:
        return self._rows()

    def get(self, actor_id: str) -> Actor:
        found = self._rows("WHERE id = ?", [actor_id])
        if not found:
            raise NotFoundError(f"no actor with id {actor_id!r}")
        return found[0]

    def find(self, actor_id: str) -> Actor | None:
        found = self._rows("WHERE id = ?", [actor_id])
        return found[0] if found else None

    def many(self, ids: Iterable[str]) -> list[Actor]:
        ids = sorted(set(ids))
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        return sorted(self._rows(f"WHERE id IN ({marks})", ids), key=lambda a: a.id)

    def pk(self, actor_id: str) -> int:
        row = self._db.execute("SELECT pk FROM actors WHERE id = ?", [actor_id]).fetchone()
        if row is None:
            raise NotFoundError(f"no actor with id {actor_id!r}")
        return int(row[0])

    def by_name(self, name: str) -> Actor | None:
        """The actor whose name or an alias equals ``name`` (case-insensitive), if exactly one."""
        rows = self._db.execute(
            "SELECT id FROM actors WHERE name = ? COLLATE NOCASE UNION "
            "SELECT a.id FROM actor_aliases al JOIN actors a ON a.pk = al.actor "
            "WHERE al.alias = ? COLLATE NOCASE", [name, name]).fetchall()
        return self.get(rows[0][0]) if len(rows) == 1 else None

    def search(self, prefix: str, *, limit: int = 50) -> list[Actor]:
        """Actors whose name or an alias contains ``prefix`` (case-insensitive)."""
        like = f"%{prefix.replace('%', '').replace('_', '')}%"
        rows = self._db.execute(
            "SELECT DISTINCT a.id FROM actors a LEFT JOIN actor_aliases al ON al.actor = a.pk "
            "WHERE a.name LIKE ? OR al.alias LIKE ? LIMIT ?", [like, like, limit]).fetchall()
        return self.many(r[0] for r in rows)

    def mention_counts(self) -> dict[str, int]:
        """Actor id -> number of linked spans across all layers."""
        return {r[0]: int(r[1]) for r in self._db.execute(
            "SELECT a.id, count(s.pk) FROM actors a LEFT JOIN spans s ON s.actor = a.pk "
            "GROUP BY a.pk")}

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM actors").fetchone()[0])

    def mentions(self, actor_id: str, *, limit: int | None = None) -> list[Mention]:
        """Every span linked to ``actor_id``, in corpus order then text order."""
        pk = self.pk(actor_id)
        sql = ("SELECT d.id, d.title, s.annotator, s.id, s.text FROM spans s "
               "JOIN documents d ON d.pk = s.doc WHERE s.actor = ? "
               "ORDER BY d.pk, s.annotator, s.start, s.pk")
        params: list[object] = [pk]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [Mention(*r) for r in self._db.execute(sql, params)]

    def new_id(self) -> str:
        return next_registry_id(self._db)

    # -- writing -------------------------------------------------------------------------

    def _write_aliases(self, pk: int, aliases: Sequence[str]) -> None:
        self._db.execute("DELETE FROM actor_aliases WHERE actor = ?", [pk])
        seen: set[str] = set()
        rows: list[tuple[int, str, int]] = []
        for alias in aliases:
            if alias and alias not in seen:
                seen.add(alias)
                rows.append((pk, alias, len(rows)))
        self._db.conn.executemany(
            "INSERT INTO actor_aliases (actor, alias, position) VALUES (?, ?, ?)", rows)

    def _check(self, actor: Actor) -> None:
        """Refuse what an actor cannot be: no name, unsafe characters, an unknown kind."""
        if not actor.name.strip():
            raise InputError("an actor needs a name", field="name")
        for value, fld in ((actor.name, "name"), *((a, "aliases") for a in actor.aliases)):
            problem = display_name_problem(value) if value.strip() else None
            if problem is not None:
                raise InputError(f"the actor's {fld.rstrip('es') if fld == 'aliases' else fld} "
                                 f"{value!r} {problem}", field=fld)
        if actor.id:
            problem = identifier_problem(actor.id)
            if problem is not None:
                raise InputError(f"the actor id {actor.id!r} {problem}", field="id")
        kinds = self._ctx.codebook().actor_kinds
        if actor.kind not in kinds:
            raise InputError(f"unknown actor kind {actor.kind!r} (the codebook has "
                             f"{', '.join(kinds)})", field="kind")

    def add(self, actor: Actor, *, who: str) -> Written[Actor]:
        """Create an actor (``actor.id`` empty means: pick the next free id)."""
        self._check(actor)
        with self._ctx.write():
            if not actor.id:
                actor = replace(actor, id=self.new_id())
            elif self.find(actor.id) is not None:
                raise InputError(f"actor id {actor.id!r} is already used", field="id")
            cur = self._db.execute(
                "INSERT INTO actors (id, name, kind, attrs) VALUES (?, ?, ?, ?)",
                [actor.id, actor.name, actor.kind, dumps(dict(actor.attrs))])
            self._write_aliases(int(cur.lastrowid or 0), actor.aliases)
            self._log.record(who=who, action="add", entity="actor", entity_id=actor.id,
                             after=_actor_dict(actor))
        return Written(self.get(actor.id), Change(actors=frozenset({actor.id})))

    def update(self, actor: Actor, *, who: str) -> Written[Actor]:
        """Replace name, kind, aliases and attrs of an existing actor."""
        self._check(actor)
        with self._ctx.write():
            before = self.get(actor.id)
            pk = self.pk(actor.id)
            self._db.execute("UPDATE actors SET name = ?, kind = ?, attrs = ? WHERE pk = ?",
                             [actor.name, actor.kind, dumps(dict(actor.attrs)), pk])
            self._write_aliases(pk, actor.aliases)
            self._log.record(who=who, action="update", entity="actor", entity_id=actor.id,
                             before=_actor_dict(before), after=_actor_dict(actor))
        return Written(self.get(actor.id), Change(actors=frozenset({actor.id})))

    def delete(self, actor_id: str, *, who: str) -> Written[tuple[Actor, list[int]]]:
        """Delete an actor; the value is it and the span pks that were linked (for undo)."""
        with self._ctx.write():
            before = self.get(actor_id)
            pk = self.pk(actor_id)
            linked = [r[0] for r in self._db.execute(
                "SELECT pk FROM spans WHERE actor = ?", [pk])]
            self._db.execute("DELETE FROM actors WHERE pk = ?", [pk])
            self._log.record(who=who, action="delete", entity="actor", entity_id=actor_id,
                             before=_actor_dict(before) | {"linked_spans": linked})
        return Written((before, linked), Change(actors=frozenset({actor_id}),
                                                links=bool(linked)))

    def restore(self, actor: Actor, linked_span_pks: Sequence[int], *,
                who: str) -> Written[Actor]:
        """Undo a delete: re-create the actor with its id and re-link its spans."""
        with self._ctx.write():
            added = self.add(actor, who=who)
            pk = self.pk(actor.id)
            self._db.conn.executemany("UPDATE spans SET actor = ? WHERE pk = ?",
                                      [(pk, s) for s in linked_span_pks])
        return Written(added.value, Change(actors=frozenset({actor.id}),
                                           links=bool(linked_span_pks)))

    def merge(self, keep_id: str, drop_id: str, *, who: str) -> Written[list[int]]:
        """Merge ``drop`` into ``keep``: mentions follow, names become aliases.

        The value is the span pks that moved (so the merge can be undone with ``unmerge``).
        """
        if keep_id == drop_id:
            raise InputError("cannot merge an actor with itself", field="actor")
        with self._ctx.write():
            keep, drop = self.get(keep_id), self.get(drop_id)
            keep_pk, drop_pk = self.pk(keep_id), self.pk(drop_id)
            moved = [r[0] for r in self._db.execute(
                "SELECT pk FROM spans WHERE actor = ?", [drop_pk])]
            self._db.execute("UPDATE spans SET actor = ? WHERE actor = ?", [keep_pk, drop_pk])
            aliases = [*keep.aliases, drop.name, *drop.aliases]
            self._write_aliases(keep_pk, [a for a in aliases if a != keep.name])
            self._db.execute("DELETE FROM actors WHERE pk = ?", [drop_pk])
            self._log.record(who=who, action="merge", entity="actor", entity_id=keep_id,
                             before={"keep": _actor_dict(keep), "drop": _actor_dict(drop)},
                             after={"moved_spans": moved})
        return Written(moved, Change(actors=frozenset({keep_id, drop_id}), links=bool(moved)))

    def unmerge(self, keep: Actor, drop: Actor, moved_span_pks: Sequence[int], *,
                who: str) -> Change:
        """Undo ``merge``: restore both actors as they were and move the mentions back."""
        with self._ctx.write():
            self.update(keep, who=who)
            self.add(drop, who=who)
            drop_pk = self.pk(drop.id)
            self._db.conn.executemany("UPDATE spans SET actor = ? WHERE pk = ?",
                                      [(drop_pk, s) for s in moved_span_pks])
        return Change(actors=frozenset({keep.id, drop.id}), links=bool(moved_span_pks))
