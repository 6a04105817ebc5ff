"""Writing spans of one document layer (``project.spans``).

Every write is one transaction (a savepoint inside the caller's), appends to the change log
and returns ``Written``: the value undo needs and the ``Change`` it made.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from desktop.core.changes import Change, Written
from desktop.core.errors import InputError
from desktop.core.model import Relation, Span
from desktop.core.native import relation_dict, span_dict
from desktop.core.validate import frame_problems, relation_problems
from desktop.store._base import Context, Repo
from desktop.store._util import dumps
from desktop.store.ids import next_layer_id
from desktop.store.merge import validated_span
from desktop.store.reading import AnnotationReader
from desktop.store.status import touch_status


@dataclass(frozen=True, slots=True)
class SpanSnapshot:
    """Everything deleting a span removed: the span, its frame roles and its relations."""

    span: Span
    roles: tuple[tuple[str, str, int], ...]  # (frame id, role, position)
    relations: tuple[Relation, ...]


def _actors(*ids: str | None) -> frozenset[str]:
    """Registry actors whose mention counts an edit changed."""
    return frozenset(a for a in ids if a is not None)


def _fragments_json(span: Span) -> str | None:
    return dumps([list(f) for f in span.fragments]) if span.discontinuous else None


class SpanRepo(Repo):
    def __init__(self, ctx: Context, reader: AnnotationReader) -> None:
        super().__init__(ctx)
        self._read = reader

    def _insert(self, doc_pk: int, annotator: str, span: Span) -> int:
        cur = self._db.execute(
            'INSERT INTO spans (doc, annotator, id, label, start, "end", fragments, text, attrs, '
            "actor, origin, state, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [doc_pk, annotator, span.id, span.label, span.start, span.end,
             _fragments_json(span), span.text, dumps(dict(span.attrs)),
             self._actor_pk(span.actor), span.origin.value, span.state.value, span.note])
        return int(cur.lastrowid or 0)

    def add(self, doc_id: str, annotator: str, span: Span, *, who: str) -> Written[Span]:
        """Add a span; an empty ``span.id`` takes the next free ``s<n>``."""
        with self._ctx.write():
            doc_pk, text = self._doc(doc_id)
            self.ensure_annotator(annotator)
            span = validated_span(text, span, self._ctx.codebook())
            if not span.id:
                span = replace(span, id=next_layer_id(self._db, "spans", doc_pk, annotator, "s"))
            self._insert(doc_pk, annotator, span)
            status = touch_status(self._db, doc_pk, annotator)
            self._log.record(who=who, action="add", entity="span", doc=doc_id,
                             entity_id=span.id, after=span_dict(span) | {"layer": annotator})
        return Written(span, Change(doc=doc_id, layer=annotator,
                                    spans_added=frozenset({span.id}), status=status,
                                    actors=_actors(span.actor)))

    def update(self, doc_id: str, annotator: str, span: Span, *, who: str) -> Written[Span]:
        """Replace label, fragments, attrs, actor, state and note of an existing span."""
        with self._ctx.write():
            doc_pk, text = self._doc(doc_id)
            before = self._read.span(doc_id, annotator, span.id)
            span = validated_span(text, span, self._ctx.codebook())
            if span.label != before.label:
                self._check_relabel(doc_pk, annotator, span)
            self._db.execute(
                'UPDATE spans SET label = ?, start = ?, "end" = ?, fragments = ?, text = ?, '
                "attrs = ?, actor = ?, origin = ?, state = ?, note = ? WHERE pk = ?",
                [span.label, span.start, span.end, _fragments_json(span), span.text,
                 dumps(dict(span.attrs)), self._actor_pk(span.actor), span.origin.value,
                 span.state.value, span.note, self._span_pk(doc_pk, annotator, span.id)])
            status = touch_status(self._db, doc_pk, annotator)
            self._log.record(who=who, action="update", entity="span", doc=doc_id,
                             entity_id=span.id, before=span_dict(before),
                             after=span_dict(span) | {"layer": annotator})
        links = _actors(before.actor, span.actor) if before.actor != span.actor else frozenset()
        return Written(span, Change(doc=doc_id, layer=annotator,
                                    spans_updated=frozenset({span.id}), status=status,
                                    actors=links))

    def _check_relabel(self, doc_pk: int, annotator: str, span: Span) -> None:
        """A new label must still fit every frame role and relation the span is in."""
        labels = self._labels(doc_pk, annotator) | {span.id: span.label}
        cb = self._ctx.codebook()
        for frame in self._read.frames_of(doc_pk, annotator):
            if span.id in frame.span_ids():
                for problem in frame_problems(frame, labels=labels, codebook=cb):
                    raise InputError(f"{problem.message} (in frame {frame.id})", field="label")
        for rel in self._read.relations_of(doc_pk, annotator):
            if span.id in (rel.head, rel.tail):
                for problem in relation_problems(rel, labels=labels, codebook=cb):
                    raise InputError(f"{problem.message} (in relation {rel.id})",
                                     field="label")

    def delete(self, doc_id: str, annotator: str, span_id: str, *,
               who: str) -> Written[SpanSnapshot]:
        """Delete a span with its frame roles and relations; returns them for ``restore``."""
        with self._ctx.write():
            doc_pk, _ = self._doc(doc_id)
            span = self._read.span(doc_id, annotator, span_id)
            pk = self._span_pk(doc_pk, annotator, span_id)
            roles = tuple((r[0], r[1], int(r[2])) for r in self._db.execute(
                "SELECT f.id, r.role, r.position FROM frame_roles r JOIN frames f "
                "ON f.pk = r.frame WHERE r.span = ? ORDER BY r.rowid", [pk]))
            rels = tuple(self._read.relations_of(doc_pk, annotator,
                                                 "AND (r.head = ? OR r.tail = ?)", [pk, pk]))
            self._db.execute("DELETE FROM spans WHERE pk = ?", [pk])
            snap = SpanSnapshot(span=span, roles=roles, relations=rels)
            self._log.record(who=who, action="delete", entity="span", doc=doc_id,
                             entity_id=span_id, before=span_dict(span) | {
                                 "layer": annotator, "roles": [list(r) for r in roles],
                                 "relations": [relation_dict(r) for r in rels]})
        return Written(snap, Change(
            doc=doc_id, layer=annotator, spans_removed=frozenset({span_id}),
            frames=frozenset(r[0] for r in roles), relations=frozenset(r.id for r in rels),
            actors=_actors(span.actor)))

    def restore(self, doc_id: str, annotator: str, snap: SpanSnapshot, *,
                who: str) -> Written[Span]:
        """Undo ``delete``: the span comes back with the same id, roles and relations."""
        with self._ctx.write():
            doc_pk, _ = self._doc(doc_id)
            added = self.add(doc_id, annotator, snap.span, who=who)
            pk = self._span_pk(doc_pk, annotator, snap.span.id)
            for frame_id, role, position in snap.roles:
                fpk = self._frame_pk(doc_pk, annotator, frame_id)
                self._db.execute("INSERT INTO frame_roles (frame, role, span, position) "
                                 "VALUES (?, ?, ?, ?)", [fpk, role, pk, position])
            for rel in snap.relations:
                self._db.execute(
                    "INSERT INTO relations (doc, annotator, id, label, head, tail, attrs) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [doc_pk, annotator, rel.id, rel.label,
                     self._span_pk(doc_pk, annotator, rel.head),
                     self._span_pk(doc_pk, annotator, rel.tail), dumps(dict(rel.attrs))])
        return Written(added.value, replace(
            added.change, frames=frozenset(r[0] for r in snap.roles),
            relations=frozenset(r.id for r in snap.relations)))
