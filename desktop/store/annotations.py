"""Spans, frames, relations and per-annotator document status, one layer at a time.

Every public write runs in one transaction (a savepoint when the caller already holds one),
appends to the change log, and returns what undo needs to reverse it exactly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlite_utils import Database

from desktop.core.codebook import Codebook
from desktop.core.errors import InputError, NotFoundError
from desktop.core.model import (
    DocStatus,
    Frame,
    Layer,
    Origin,
    Relation,
    Span,
    SpanState,
)
from desktop.core.native import frame_dict, relation_dict, span_dict
from desktop.core.validate import frame_problems, relation_problems
from desktop.store._util import dumps, loads_obj, now, order_by_id
from desktop.store.changes import ChangeLog
from desktop.store.merge import (
    LayerPlan,
    LayerState,
    plan_layer,
    validated_span,
    write_plans,
)

_SPAN_COLS = "s.pk, s.id, s.label, s.start, s.\"end\", s.fragments, s.text, s.attrs, a.id, " \
             "s.origin, s.state, s.note"


@dataclass(frozen=True, slots=True)
class SpanSnapshot:
    """Everything deleting a span removed: the span, its frame roles and its relations."""

    span: Span
    roles: tuple[tuple[str, str, int], ...]  # (frame id, role, position)
    relations: tuple[Relation, ...]


def _row_span(row: Sequence[Any]) -> Span:
    frags = json.loads(row[5]) if row[5] else [[row[3], row[4]]]
    return Span(id=row[1], label=row[2], fragments=tuple((int(a), int(b)) for a, b in frags),
                text=row[6], attrs=loads_obj(row[7]), actor=row[8], origin=Origin(row[9]),
                state=SpanState(row[10]), note=row[11])


_MEMO_LIMIT = 200_000
"""Rows kept in a repository's row -> object memo before it is emptied and starts again."""


def _row_frame(f: Sequence[Any], order: tuple[str, ...],
               fillers: list[tuple[str, str]]) -> Frame:
    roles: dict[str, list[str]] = {}
    for role, sid in fillers:
        roles.setdefault(role, []).append(sid)
    # Roles come back in codebook order so a frame reads the same after any undo.
    keys = sorted(roles, key=lambda k: (order.index(k) if k in order else len(order), k))
    return Frame(id=f[1], type=f[2], roles={k: tuple(roles[k]) for k in keys},
                 attrs=loads_obj(f[3]))


class AnnotationRepo:
    def __init__(self, db: Database, log: ChangeLog,
                 codebook: Callable[[], Codebook]) -> None:
        self._db = db
        self._log = log
        self._codebook = codebook
        # Reading a layer builds thousands of frozen Span/Frame objects; most rows are the same
        # as at the last read (an edit changes one or two), so objects are memoised by the
        # complete row they were built from. A changed row is a different key, so a memoised
        # object is never stale; unchanged spans come back as the very same objects, which
        # also lets views tell what changed by identity.
        self._span_memo: dict[tuple[Any, ...], Span] = {}
        self._frame_memo: dict[tuple[Any, ...], Frame] = {}

    # -- helpers -------------------------------------------------------------------------

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

    def _actor_pk(self, actor_id: str | None) -> int | None:
        if actor_id is None:
            return None
        row = self._db.execute("SELECT pk FROM actors WHERE id = ?", [actor_id]).fetchone()
        if row is None:
            raise InputError(f"no actor with id {actor_id!r}", field="actor")
        return int(row[0])

    def ensure_annotator(self, name: str) -> None:
        if not name.strip():
            raise InputError("the annotator name is empty", field="annotator")
        self._db.execute("INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)",
                         [name, now()])

    def annotators(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT name FROM annotators ORDER BY name")]

    def validated_span(self, text: str, span: Span) -> Span:
        """Check bounds and codebook; the stored text is always taken from the document."""
        return validated_span(text, span, self._codebook())

    # -- reading -------------------------------------------------------------------------

    def spans(self, doc_id: str, annotator: str) -> list[Span]:
        doc_pk, _ = self._doc(doc_id)
        return self._spans(doc_pk, annotator)

    def _spans(self, doc_pk: int, annotator: str) -> list[Span]:
        rows = self._db.execute(
            f"SELECT {_SPAN_COLS} FROM spans s LEFT JOIN actors a ON a.pk = s.actor "
            f"WHERE s.doc = ? AND s.annotator = ? ORDER BY s.start, s.\"end\", {order_by_id('s')}",
            [doc_pk, annotator]).fetchall()
        memo = self._span_memo
        if len(memo) + len(rows) > _MEMO_LIMIT:
            memo.clear()
        out = []
        for r in rows:
            key = tuple(r)
            span = memo.get(key)
            if span is None:
                span = memo[key] = _row_span(r)
            out.append(span)
        return out

    def span(self, doc_id: str, annotator: str, span_id: str) -> Span:
        doc_pk, _ = self._doc(doc_id)
        row = self._db.execute(
            f"SELECT {_SPAN_COLS} FROM spans s LEFT JOIN actors a ON a.pk = s.actor "
            f"WHERE s.doc = ? AND s.annotator = ? AND s.id = ?",
            [doc_pk, annotator, span_id]).fetchone()
        if row is None:
            raise NotFoundError(f"no span {span_id!r} in this layer")
        return _row_span(row)

    def _frames(self, doc_pk: int, annotator: str) -> list[Frame]:
        frames = self._db.execute(
            "SELECT pk, id, type, attrs FROM frames WHERE doc = ? AND annotator = ? "
            f"ORDER BY {order_by_id('frames')}",
            [doc_pk, annotator]).fetchall()
        fillers: dict[int, list[tuple[str, str]]] = {f[0]: [] for f in frames}
        for fpk, role, sid in self._db.execute(
                "SELECT r.frame, r.role, s.id FROM frame_roles r JOIN frames f ON f.pk = r.frame "
                "JOIN spans s ON s.pk = r.span WHERE f.doc = ? AND f.annotator = ? "
                "ORDER BY r.frame, r.role, r.position", [doc_pk, annotator]):
            fillers[fpk].append((role, sid))
        cb = self._codebook()
        memo = self._frame_memo
        if len(memo) + len(frames) > _MEMO_LIMIT:
            memo.clear()
        orders: dict[str, tuple[str, ...]] = {}
        out = []
        for f in frames:
            order = orders.get(f[2])
            if order is None:
                ftype = cb.frame_type(f[2])
                order = orders[f[2]] = tuple(r.name for r in ftype.roles) if ftype else ()
            key = (*f, order, *fillers[f[0]])
            frame = memo.get(key)
            if frame is None:
                frame = memo[key] = _row_frame(f, order, fillers[f[0]])
            out.append(frame)
        return out

    def frames(self, doc_id: str, annotator: str) -> list[Frame]:
        return self._frames(self._doc(doc_id)[0], annotator)

    def _relations(self, doc_pk: int, annotator: str, where: str = "",
                   params: Sequence[object] = ()) -> list[Relation]:
        rows = self._db.execute(
            "SELECT r.id, r.label, h.id, t.id, r.attrs FROM relations r "
            "JOIN spans h ON h.pk = r.head JOIN spans t ON t.pk = r.tail "
            f"WHERE r.doc = ? AND r.annotator = ? {where} ORDER BY {order_by_id('r')}",
            [doc_pk, annotator, *params]).fetchall()
        return [Relation(id=r[0], label=r[1], head=r[2], tail=r[3], attrs=loads_obj(r[4]))
                for r in rows]

    def relations(self, doc_id: str, annotator: str) -> list[Relation]:
        return self._relations(self._doc(doc_id)[0], annotator)

    def status(self, doc_id: str, annotator: str) -> DocStatus:
        doc_pk, _ = self._doc(doc_id)
        row = self._db.execute("SELECT status FROM doc_status WHERE doc = ? AND annotator = ?",
                               [doc_pk, annotator]).fetchone()
        return DocStatus(row[0]) if row else DocStatus.NEW

    def layer(self, doc_id: str, annotator: str) -> Layer:
        doc_pk, _ = self._doc(doc_id)
        return self._layer(doc_pk, annotator)

    def _layer(self, doc_pk: int, annotator: str) -> Layer:
        row = self._db.execute("SELECT status FROM doc_status WHERE doc = ? AND annotator = ?",
                               [doc_pk, annotator]).fetchone()
        return Layer(annotator=annotator, status=DocStatus(row[0]) if row else DocStatus.NEW,
                     spans=tuple(self._spans(doc_pk, annotator)),
                     frames=tuple(self._frames(doc_pk, annotator)),
                     relations=tuple(self._relations(doc_pk, annotator)))

    def layers_of(self, doc_id: str) -> list[str]:
        """Annotators that have any annotation or a status on this document."""
        doc_pk, _ = self._doc(doc_id)
        return [r[0] for r in self._db.execute(
            "SELECT annotator FROM spans WHERE doc = ? UNION SELECT annotator FROM frames "
            "WHERE doc = ? UNION SELECT annotator FROM doc_status WHERE doc = ? ORDER BY 1",
            [doc_pk, doc_pk, doc_pk])]

    # -- spans ---------------------------------------------------------------------------

    def new_span_id(self, doc_pk: int, annotator: str) -> str:
        return self._next_layer_id("spans", doc_pk, annotator, "s")

    def _next_layer_id(self, table: str, doc_pk: int, annotator: str, prefix: str) -> str:
        """``prefix<n>`` after the largest numeric id of this layer, computed in SQL.

        Equivalent to ``next_id`` over all ids, without pulling thousands of rows into Python
        on every key press.
        """
        row = self._db.execute(
            f"SELECT max(CAST(substr(id, {len(prefix) + 1}) AS INTEGER)) FROM {table} "
            "WHERE doc = ? AND annotator = ? AND substr(id, 1, ?) = ? "
            f"AND length(id) > ? AND substr(id, {len(prefix) + 1}) NOT GLOB '*[^0-9]*'",
            [doc_pk, annotator, len(prefix), prefix, len(prefix)]).fetchone()
        return f"{prefix}{int(row[0] or 0) + 1}"

    def _insert_span(self, doc_pk: int, annotator: str, span: Span) -> int:
        cur = self._db.execute(
            'INSERT INTO spans (doc, annotator, id, label, start, "end", fragments, text, attrs, '
            "actor, origin, state, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [doc_pk, annotator, span.id, span.label, span.start, span.end,
             dumps([list(f) for f in span.fragments]) if span.discontinuous else None,
             span.text, dumps(dict(span.attrs)), self._actor_pk(span.actor),
             span.origin.value, span.state.value, span.note])
        return int(cur.lastrowid or 0)

    def add_span(self, doc_id: str, annotator: str, span: Span, *, who: str) -> Span:
        """Add a span; an empty ``span.id`` takes the next free ``s<n>``."""
        with self._db.atomic():
            doc_pk, text = self._doc(doc_id)
            self.ensure_annotator(annotator)
            span = self.validated_span(text, span)
            if not span.id:
                span = replace(span, id=self.new_span_id(doc_pk, annotator))
            self._insert_span(doc_pk, annotator, span)
            self._touch_status(doc_pk, annotator)
            self._log.record(who=who, action="add", entity="span", doc=doc_id,
                             entity_id=span.id, after=span_dict(span) | {"layer": annotator})
        return span

    def update_span(self, doc_id: str, annotator: str, span: Span, *, who: str) -> Span:
        """Replace label, fragments, attrs, actor, state and note of an existing span."""
        with self._db.atomic():
            doc_pk, text = self._doc(doc_id)
            before = self.span(doc_id, annotator, span.id)
            span = self.validated_span(text, span)
            if span.label != before.label:
                self._check_relabel(doc_pk, annotator, span)
            self._db.execute(
                'UPDATE spans SET label = ?, start = ?, "end" = ?, fragments = ?, text = ?, '
                "attrs = ?, actor = ?, origin = ?, state = ?, note = ? WHERE pk = ?",
                [span.label, span.start, span.end,
                 dumps([list(f) for f in span.fragments]) if span.discontinuous else None,
                 span.text, dumps(dict(span.attrs)), self._actor_pk(span.actor),
                 span.origin.value, span.state.value, span.note,
                 self._span_pk(doc_pk, annotator, span.id)])
            self._touch_status(doc_pk, annotator)
            self._log.record(who=who, action="update", entity="span", doc=doc_id,
                             entity_id=span.id, before=span_dict(before),
                             after=span_dict(span) | {"layer": annotator})
        return span

    def _check_relabel(self, doc_pk: int, annotator: str, span: Span) -> None:
        """A new label must still fit every frame role and relation the span is in."""
        labels = self._labels(doc_pk, annotator) | {span.id: span.label}
        cb = self._codebook()
        for frame in self._frames(doc_pk, annotator):
            if span.id in frame.span_ids():
                for problem in frame_problems(frame, labels=labels, codebook=cb):
                    raise InputError(f"{problem.message} (in frame {frame.id})", field="label")
        for rel in self._relations(doc_pk, annotator):
            if span.id in (rel.head, rel.tail):
                for problem in relation_problems(rel, labels=labels, codebook=cb):
                    raise InputError(f"{problem.message} (in relation {rel.id})",
                                     field="label")

    def delete_span(self, doc_id: str, annotator: str, span_id: str, *,
                    who: str) -> SpanSnapshot:
        """Delete a span with its frame roles and relations; returns them for ``restore``."""
        with self._db.atomic():
            doc_pk, _ = self._doc(doc_id)
            span = self.span(doc_id, annotator, span_id)
            pk = self._span_pk(doc_pk, annotator, span_id)
            roles = tuple((r[0], r[1], int(r[2])) for r in self._db.execute(
                "SELECT f.id, r.role, r.position FROM frame_roles r JOIN frames f "
                "ON f.pk = r.frame WHERE r.span = ? ORDER BY r.rowid", [pk]))
            rels = tuple(self._relations(doc_pk, annotator, "AND (r.head = ? OR r.tail = ?)",
                                         [pk, pk]))
            self._db.execute("DELETE FROM spans WHERE pk = ?", [pk])
            snap = SpanSnapshot(span=span, roles=roles, relations=rels)
            self._log.record(who=who, action="delete", entity="span", doc=doc_id,
                             entity_id=span_id, before=span_dict(span) | {
                                 "layer": annotator, "roles": [list(r) for r in roles],
                                 "relations": [relation_dict(r) for r in rels]})
        return snap

    def restore_span(self, doc_id: str, annotator: str, snap: SpanSnapshot, *,
                     who: str) -> None:
        """Undo ``delete_span``: the span comes back with the same id, roles and relations."""
        with self._db.atomic():
            doc_pk, _ = self._doc(doc_id)
            self.add_span(doc_id, annotator, snap.span, who=who)
            pk = self._span_pk(doc_pk, annotator, snap.span.id)
            for frame_id, role, position in snap.roles:
                fpk = self._frame_pk(doc_pk, annotator, frame_id)
                self._db.execute("INSERT INTO frame_roles (frame, role, span, position) "
                                 "VALUES (?, ?, ?, ?)", [fpk, role, pk, position])
            for rel in snap.relations:
                self._insert_relation(doc_pk, annotator, rel)

    # -- frames --------------------------------------------------------------------------

    def _frame_pk(self, doc_pk: int, annotator: str, frame_id: str) -> int:
        row = self._db.execute("SELECT pk FROM frames WHERE doc = ? AND annotator = ? AND id = ?",
                               [doc_pk, annotator, frame_id]).fetchone()
        if row is None:
            raise NotFoundError(f"no frame {frame_id!r} in this layer")
        return int(row[0])

    def _labels(self, doc_pk: int, annotator: str) -> dict[str, str]:
        return {r[0]: r[1] for r in self._db.execute(
            "SELECT id, label FROM spans WHERE doc = ? AND annotator = ?", [doc_pk, annotator])}

    def _check_frame(self, doc_pk: int, annotator: str, frame: Frame) -> None:
        for problem in frame_problems(frame, labels=self._labels(doc_pk, annotator),
                                      codebook=self._codebook()):
            raise problem.error()

    def _insert_frame(self, doc_pk: int, annotator: str, frame: Frame) -> None:
        cur = self._db.execute(
            "INSERT INTO frames (doc, annotator, id, type, attrs) VALUES (?, ?, ?, ?, ?)",
            [doc_pk, annotator, frame.id, frame.type, dumps(dict(frame.attrs))])
        self._write_roles(int(cur.lastrowid or 0), doc_pk, annotator, frame)

    def _write_roles(self, fpk: int, doc_pk: int, annotator: str, frame: Frame) -> None:
        self._db.execute("DELETE FROM frame_roles WHERE frame = ?", [fpk])
        for role, ids in frame.roles.items():
            for pos, sid in enumerate(ids):
                self._db.execute(
                    "INSERT INTO frame_roles (frame, role, span, position) VALUES (?, ?, ?, ?)",
                    [fpk, role, self._span_pk(doc_pk, annotator, sid), pos])

    def add_frame(self, doc_id: str, annotator: str, frame: Frame, *, who: str) -> Frame:
        with self._db.atomic():
            doc_pk, _ = self._doc(doc_id)
            self.ensure_annotator(annotator)
            if not frame.id:
                frame = replace(frame, id=self._next_layer_id("frames", doc_pk, annotator, "f"))
            self._check_frame(doc_pk, annotator, frame)
            self._insert_frame(doc_pk, annotator, frame)
            self._touch_status(doc_pk, annotator)
            self._log.record(who=who, action="add", entity="frame", doc=doc_id,
                             entity_id=frame.id, after=frame_dict(frame) | {"layer": annotator})
        return frame

    def update_frame(self, doc_id: str, annotator: str, frame: Frame, *, who: str) -> Frame:
        with self._db.atomic():
            doc_pk, _ = self._doc(doc_id)
            fpk = self._frame_pk(doc_pk, annotator, frame.id)
            before = next(f for f in self._frames(doc_pk, annotator) if f.id == frame.id)
            self._check_frame(doc_pk, annotator, frame)
            self._db.execute("UPDATE frames SET type = ?, attrs = ? WHERE pk = ?",
                             [frame.type, dumps(dict(frame.attrs)), fpk])
            self._write_roles(fpk, doc_pk, annotator, frame)
            self._touch_status(doc_pk, annotator)
            self._log.record(who=who, action="update", entity="frame", doc=doc_id,
                             entity_id=frame.id, before=frame_dict(before),
                             after=frame_dict(frame) | {"layer": annotator})
        return frame

    def delete_frame(self, doc_id: str, annotator: str, frame_id: str, *, who: str) -> Frame:
        with self._db.atomic():
            doc_pk, _ = self._doc(doc_id)
            fpk = self._frame_pk(doc_pk, annotator, frame_id)
            before = next(f for f in self._frames(doc_pk, annotator) if f.id == frame_id)
            self._db.execute("DELETE FROM frames WHERE pk = ?", [fpk])
            self._log.record(who=who, action="delete", entity="frame", doc=doc_id,
                             entity_id=frame_id, before=frame_dict(before) | {"layer": annotator})
        return before

    # -- relations -----------------------------------------------------------------------

    def _insert_relation(self, doc_pk: int, annotator: str, rel: Relation) -> None:
        self._db.execute(
            "INSERT INTO relations (doc, annotator, id, label, head, tail, attrs) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [doc_pk, annotator, rel.id, rel.label, self._span_pk(doc_pk, annotator, rel.head),
             self._span_pk(doc_pk, annotator, rel.tail), dumps(dict(rel.attrs))])

    def add_relation(self, doc_id: str, annotator: str, rel: Relation, *,
                     who: str) -> Relation:
        with self._db.atomic():
            doc_pk, _ = self._doc(doc_id)
            self.ensure_annotator(annotator)
            if not rel.id:
                rel = replace(rel, id=self._next_layer_id("relations", doc_pk, annotator, "r"))
            for problem in relation_problems(rel, labels=self._labels(doc_pk, annotator),
                                             codebook=self._codebook()):
                raise problem.error()
            self._insert_relation(doc_pk, annotator, rel)
            self._touch_status(doc_pk, annotator)
            self._log.record(who=who, action="add", entity="relation", doc=doc_id,
                             entity_id=rel.id, after=relation_dict(rel) | {"layer": annotator})
        return rel

    def delete_relation(self, doc_id: str, annotator: str, rel_id: str, *,
                        who: str) -> Relation:
        with self._db.atomic():
            doc_pk, _ = self._doc(doc_id)
            found = self._relations(doc_pk, annotator, "AND r.id = ?", [rel_id])
            if not found:
                raise NotFoundError(f"no relation {rel_id!r} in this layer")
            self._db.execute("DELETE FROM relations WHERE doc = ? AND annotator = ? AND id = ?",
                             [doc_pk, annotator, rel_id])
            self._log.record(who=who, action="delete", entity="relation", doc=doc_id,
                             entity_id=rel_id,
                             before=relation_dict(found[0]) | {"layer": annotator})
        return found[0]

    # -- status --------------------------------------------------------------------------

    def _touch_status(self, doc_pk: int, annotator: str) -> None:
        """Editing a new document puts it in progress (done/skipped stay as they are)."""
        self._db.execute(
            "INSERT INTO doc_status (doc, annotator, status, updated_at) "
            "VALUES (?, ?, 'in progress', ?) ON CONFLICT (doc, annotator) DO UPDATE SET "
            "status = 'in progress', updated_at = excluded.updated_at "
            "WHERE doc_status.status = 'new'", [doc_pk, annotator, now()])

    def set_status(self, doc_id: str, annotator: str, status: DocStatus, *,
                   who: str) -> DocStatus:
        """Set the status; returns the previous one (for undo)."""
        with self._db.atomic():
            doc_pk, _ = self._doc(doc_id)
            self.ensure_annotator(annotator)
            before = self.status(doc_id, annotator)
            self._db.execute(
                "INSERT INTO doc_status (doc, annotator, status, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (doc, annotator) DO UPDATE SET status = excluded.status, "
                "updated_at = excluded.updated_at", [doc_pk, annotator, status.value, now()])
            self._log.record(who=who, action="status", entity="document", doc=doc_id,
                             entity_id=doc_id, before={"status": before.value, "layer": annotator},
                             after={"status": status.value, "layer": annotator})
        return before

    # -- bulk ----------------------------------------------------------------------------

    def plan_layer(self, doc_id: str, text: str, layer: Layer, *,
                   validated: bool = False) -> LayerPlan:
        """Validate a whole layer for a document that has none yet (no reads: pure).

        ``validated``: the caller already checked it (see ``merge.plan_layer``).
        """
        return plan_layer(doc_id, text, layer, self._codebook(), validated=validated)

    def write_plans(self, plans: Sequence[LayerPlan], *, who: str) -> None:
        """Insert planned layers in bulk (the caller holds the transaction)."""
        with self._db.atomic():
            write_plans(self._db, self._log, plans, who=who)

    def merge_layer(self, doc_id: str, layer: Layer, *, who: str,
                    validated: bool = False) -> Mapping[str, int]:
        """Bring an imported layer into the store without duplicating identical annotations.

        The merge rule is ``desktop.store.merge.plan_layer``; returns counts of what was added
        and of the identical annotations skipped.
        """
        with self._db.atomic():
            doc_pk, text = self._doc(doc_id)
            stored = self._layer(doc_pk, layer.annotator)
            plan = plan_layer(doc_id, text, layer, self._codebook(),
                              state=LayerState.of(stored), before=stored.status,
                              validated=validated)
            write_plans(self._db, self._log, [plan], who=who)
        return plan.counts()

    def counts(self) -> dict[str, int]:
        return {t: int(self._db.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
                for t in ("spans", "frames", "relations")}

