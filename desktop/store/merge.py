"""Bringing whole layers into the store (imports): plan in Python, then write in bulk.

``plan_layer`` is pure: it validates every span, frame and relation against the document text
and the codebook, collapses annotations identical to ones already in the layer (or to each
other) and settles ids, exactly as one merge rule for every importer. ``write_plans`` then
assigns row keys and inserts the rows of many documents with a few ``executemany`` calls.
An import of 10,000 annotated articles costs a handful of statements per page of documents
instead of dozens per document.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlite_utils import Database

from desktop.core.codebook import Codebook
from desktop.core.errors import InputError
from desktop.core.identifiers import identifier_problem
from desktop.core.model import DocStatus, Fragment, Frame, Layer, Relation, Span
from desktop.core.offsets import span_text
from desktop.core.validate import (
    frame_problems,
    offset_problems,
    relation_problems,
    span_codebook_problems,
)
from desktop.store._util import dumps, now
from desktop.store.ids import next_id
from desktop.store.log import ChangeLog
from desktop.store.rows import role_rows as frame_rows_of

FrameKey = tuple[str, tuple[tuple[str, tuple[str, ...]], ...], str, str]


def frame_key(f: Frame) -> FrameKey:
    """What makes two frames the same frame (ids aside)."""
    return (f.type, tuple(sorted((k, v) for k, v in f.roles.items() if v)),
            dumps(dict(sorted(f.attrs.items()))), f.trigger or "")


def validated_span(text: str, span: Span, codebook: Codebook) -> Span:
    """Check bounds and codebook; the stored text is always taken from the document."""
    for problem in offset_problems(span.fragments, len(text), listed=span.discontinuous):
        raise InputError(problem.message, field="start")
    for problem in span_codebook_problems(span, codebook):
        raise problem.error()
    stored = span_text(text, span.fragments)
    return span if stored == span.text else replace(span, text=stored)


@dataclass(slots=True)
class LayerState:
    """What a layer already holds, as far as merging needs to know."""

    by_shape: dict[tuple[str, tuple[Fragment, ...]], str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    frame_keys: set[FrameKey] = field(default_factory=set)
    frame_ids: set[str] = field(default_factory=set)
    relation_keys: set[tuple[str, str, str]] = field(default_factory=set)
    relation_ids: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, layer: Layer) -> LayerState:
        return cls(by_shape={(s.label, s.fragments): s.id for s in layer.spans},
                   labels={s.id: s.label for s in layer.spans},
                   frame_keys={frame_key(f) for f in layer.frames},
                   frame_ids={f.id for f in layer.frames},
                   relation_keys={(r.label, r.head, r.tail) for r in layer.relations},
                   relation_ids={r.id for r in layer.relations})


@dataclass(frozen=True, slots=True)
class LayerPlan:
    """The rows one imported layer adds to one document."""

    doc_id: str
    annotator: str
    spans: tuple[Span, ...]
    frames: tuple[Frame, ...]
    relations: tuple[Relation, ...]
    duplicates: int
    status: DocStatus
    before: DocStatus
    span_ids: Mapping[str, str] = field(default_factory=dict)
    """Incoming span id -> the id it has in the layer (a duplicate: the stored span's)."""
    frame_ids: Mapping[str, str] = field(default_factory=dict)
    """Incoming frame id -> the id it was written under (duplicates left out)."""

    def counts(self) -> dict[str, int]:
        return {"spans": len(self.spans), "frames": len(self.frames),
                "relations": len(self.relations), "duplicates": self.duplicates}


def plan_layer(doc_id: str, text: str, layer: Layer, codebook: Codebook, *,
               state: LayerState | None = None,
               before: DocStatus = DocStatus.NEW, validated: bool = False) -> LayerPlan:
    """Validate and merge ``layer`` into ``state`` (the layer as stored; empty if new).

    Spans equal in label and fragments to a span already there are the same span; other
    spans keep their ids unless taken, when they get fresh ones. Frames and relations are
    remapped accordingly and skipped when identical. Raises InputError naming the field.
    ``validated``: the caller already checked the layer against ``text`` and ``codebook``
    (an import checks each record once, where it knows the file and line).
    """
    unsafe = identifier_problem(layer.annotator)
    if unsafe is not None:
        raise InputError(f"the annotator name {unsafe}", field="annotator")
    st = state if state is not None else LayerState()
    duplicates = 0
    taken = set(st.labels)
    remap: dict[str, str] = {}
    spans: list[Span] = []
    for span in layer.spans:
        if not validated:
            span = validated_span(text, span, codebook)
        key = (span.label, span.fragments)
        same = st.by_shape.get(key)
        if same is not None:
            remap[span.id] = same
            duplicates += 1
            continue
        new_id = span.id
        if new_id in taken or not new_id:
            new_id = next_id(sorted(taken), "s")
        taken.add(new_id)
        remap[span.id] = new_id
        st.by_shape[key] = new_id
        st.labels[new_id] = span.label
        spans.append(span if new_id == span.id else replace(span, id=new_id))
    frames: list[Frame] = []
    frame_ids: dict[str, str] = {}
    for frame in layer.frames:
        # Identical incoming spans collapse into one: list each filler once.
        roles = {k: tuple(dict.fromkeys(remap.get(s, s) for s in v))
                 for k, v in frame.roles.items()}
        trigger = remap.get(frame.trigger, frame.trigger) if frame.trigger else None
        if roles != frame.roles or trigger != frame.trigger:
            frame = replace(frame, roles=roles, trigger=trigger)
        fkey = frame_key(frame)
        if fkey in st.frame_keys:
            duplicates += 1
            continue
        incoming = frame.id
        if frame.id in st.frame_ids or not frame.id:
            frame = replace(frame, id=next_id(sorted(st.frame_ids), "f"))
        frame_ids[incoming] = frame.id
        if not validated:
            for problem in frame_problems(frame, labels=st.labels, codebook=codebook):
                raise problem.error()
        st.frame_ids.add(frame.id)
        st.frame_keys.add(fkey)
        frames.append(frame)
    relations: list[Relation] = []
    for rel in layer.relations:
        head, tail = remap.get(rel.head, rel.head), remap.get(rel.tail, rel.tail)
        if (head, tail) != (rel.head, rel.tail):
            rel = replace(rel, head=head, tail=tail)
        rkey = (rel.label, rel.head, rel.tail)
        if rkey in st.relation_keys:
            duplicates += 1
            continue
        if rel.id in st.relation_ids or not rel.id:
            rel = replace(rel, id=next_id(sorted(st.relation_ids), "r"))
        if not validated:
            for problem in relation_problems(rel, labels=st.labels, codebook=codebook):
                raise problem.error()
        st.relation_ids.add(rel.id)
        st.relation_keys.add(rkey)
        relations.append(rel)
    return LayerPlan(doc_id=doc_id, annotator=layer.annotator, spans=tuple(spans),
                     frames=tuple(frames), relations=tuple(relations), duplicates=duplicates,
                     status=layer.status, before=before, span_ids=remap, frame_ids=frame_ids)


def _lookup(db: Database, sql: str, keys: Iterable[str],
            params: Sequence[object] = ()) -> dict[str, int]:
    """``{key: pk}`` for a ``... WHERE x IN ({marks})`` query, in chunks under SQLite's limit."""
    wanted = list(dict.fromkeys(keys))
    out: dict[str, int] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        marks = ", ".join("?" for _ in chunk)
        out.update({k: int(pk) for k, pk in db.execute(sql.format(marks=marks),
                                                        [*params, *chunk])})
    return out


RowKeys = dict[tuple[str, str], int]
"""(document id, span or frame id) -> the row key ``write_plans`` gave it."""


def write_plans(db: Database, log: ChangeLog | None, plans: Sequence[LayerPlan], *, who: str,
                action: str = "import") -> tuple[RowKeys, RowKeys]:
    """Insert the rows of ``plans`` (the caller holds the transaction); ``log`` None: the
    caller records the change log entries itself. Returns the row keys of the spans and of
    the frames inserted."""
    span_keys: RowKeys = {}
    frame_keys: RowKeys = {}
    if not plans:
        return span_keys, frame_keys
    attrs_json: dict[tuple[tuple[str, Any], ...], str] = {}

    def attrs_of(attrs: Mapping[str, Any]) -> str:
        # Most spans share a handful of attribute sets ({"form": "direct"}, ...).
        if not attrs:
            return "{}"
        try:
            key = tuple(attrs.items())
            found = attrs_json.get(key)
        except TypeError:  # an unhashable value (a list): no memo
            return dumps(dict(attrs))
        if found is None:
            found = attrs_json[key] = dumps(dict(attrs))
        return found
    doc_pks = _lookup(db, "SELECT id, pk FROM documents WHERE id IN ({marks})",
                      (p.doc_id for p in plans))
    stamp = now()
    db.conn.executemany("INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)",
                        [(a, stamp) for a in {p.annotator for p in plans}])
    actor_pks = _lookup(db, "SELECT id, pk FROM actors WHERE id IN ({marks})",
                        (s.actor for p in plans for s in p.spans if s.actor))
    next_span = int(db.execute("SELECT coalesce(max(pk), 0) FROM spans").fetchone()[0]) + 1
    next_frame = int(db.execute("SELECT coalesce(max(pk), 0) FROM frames").fetchone()[0]) + 1
    span_rows: list[tuple[Any, ...]] = []
    frame_rows: list[tuple[Any, ...]] = []
    role_rows: list[tuple[Any, ...]] = []
    rel_rows: list[tuple[Any, ...]] = []
    status_rows: list[tuple[Any, ...]] = []
    entries: list[Mapping[str, Any]] = []
    for plan in plans:
        doc_pk = doc_pks[plan.doc_id]
        pks: dict[str, int] = {}
        for s in plan.spans:
            if s.actor is not None and s.actor not in actor_pks:
                raise InputError(f"no actor with id {s.actor!r}", field="actor")
            pks[s.id] = span_keys[(plan.doc_id, s.id)] = next_span
            span_rows.append((
                next_span, doc_pk, plan.annotator, s.id, s.label, s.start, s.end,
                dumps([list(f) for f in s.fragments]) if s.discontinuous else None, s.text,
                attrs_of(s.attrs),
                actor_pks[s.actor] if s.actor else None,
                s.origin.value, s.state.value, s.note))
            next_span += 1
        needed = {sid for f in plan.frames for sid in f.span_ids()}
        needed |= {x for r in plan.relations for x in (r.head, r.tail)}
        if needed - pks.keys():  # fillers already stored in this layer
            pks.update(_lookup(
                db, "SELECT id, pk FROM spans WHERE doc = ? AND annotator = ? "
                "AND id IN ({marks})", needed - pks.keys(), [doc_pk, plan.annotator]))
        for f in plan.frames:
            frame_keys[(plan.doc_id, f.id)] = next_frame
            frame_rows.append((next_frame, doc_pk, plan.annotator, f.id, f.type,
                               attrs_of(f.attrs), f.origin.value, f.state.value))
            role_rows += [(next_frame, role, pks[sid], pos) for role, sid, pos in frame_rows_of(f)]
            next_frame += 1
        rel_rows += [(doc_pk, plan.annotator, r.id, r.label, pks[r.head], pks[r.tail],
                      dumps(dict(r.attrs)) if r.attrs else "{}") for r in plan.relations]
        if plan.status is not DocStatus.NEW and plan.status is not plan.before:
            status_rows.append((doc_pk, plan.annotator, plan.status.value, stamp))
            entries.append({"who": who, "action": "status", "entity": "document",
                            "doc": plan.doc_id, "entity_id": plan.doc_id,
                            "before": {"status": plan.before.value, "layer": plan.annotator},
                            "after": {"status": plan.status.value, "layer": plan.annotator}})
        if plan.spans or plan.frames or plan.relations:
            entries.append({"who": who, "action": action, "entity": "layer",
                            "doc": plan.doc_id, "entity_id": plan.annotator,
                            "after": plan.counts()})
    conn = db.conn
    conn.executemany('INSERT INTO spans (pk, doc, annotator, id, label, start, "end", '
                     "fragments, text, attrs, actor, origin, state, note) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", span_rows)
    conn.executemany("INSERT INTO frames (pk, doc, annotator, id, type, attrs, origin, state) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", frame_rows)
    conn.executemany("INSERT INTO frame_roles (frame, role, span, position) "
                     "VALUES (?, ?, ?, ?)", role_rows)
    conn.executemany("INSERT INTO relations (doc, annotator, id, label, head, tail, attrs) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", rel_rows)
    conn.executemany("INSERT INTO doc_status (doc, annotator, status, updated_at) "
                     "VALUES (?, ?, ?, ?) ON CONFLICT (doc, annotator) DO UPDATE SET "
                     "status = excluded.status, updated_at = excluded.updated_at", status_rows)
    if log is not None:
        log.record_many(entries)
    return span_keys, frame_keys
