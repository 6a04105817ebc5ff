"""The assistant's suggestions in a layer (``project.suggestions``).

Suggestions are ordinary spans and frames of an annotator's layer with ``state`` pending
(docs/assist.md). Writing a document's suggestions *replaces* the layer's previous pending
ones and never touches accepted or rejected work: a pending span that an accepted frame or a
relation uses stays. New suggestions identical to a span already in the layer (accepted or
rejected) are that span, and a frame identical to one there is not written again, so a
rejected frame is never proposed twice. Deciding (accept, reject, and back for undo) changes
only ``state``. Every method is one transaction and returns ``Written``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from desktop.core.changes import Change, Written
from desktop.core.errors import InputError, NotFoundError
from desktop.core.model import Evidence, Frame, Layer, Span, SpanState
from desktop.core.native import frame_dict, span_dict
from desktop.core.pending import replaceable
from desktop.store._base import Context, Repo
from desktop.store._util import dumps
from desktop.store.layers import _Page
from desktop.store.log import ChangeLog
from desktop.store.merge import (
    LayerPlan,
    LayerState,
    RowKeys,
    frame_key,
    plan_layer,
    write_plans,
)
from desktop.store.reading import AnnotationReader
from desktop.store.status import touch_status

PENDING = SpanState.PENDING.value


@dataclass(frozen=True, slots=True)
class PendingSet:
    """Pending suggestions of one layer (``layer.annotator``) with why each was made."""

    layer: Layer
    spans: Mapping[str, Evidence] = field(default_factory=dict)
    """Span id -> evidence."""
    frames: Mapping[str, Evidence] = field(default_factory=dict)
    """Frame id -> evidence."""

    @property
    def empty(self) -> bool:
        return not (self.layer.spans or self.layer.frames)


@dataclass(frozen=True, slots=True)
class Replaced:
    """What ``replace`` wrote (ids as stored) and the pending suggestions it took away."""

    written: PendingSet
    previous: PendingSet


@dataclass(frozen=True, slots=True)
class Decision:
    """The states before a ``decide`` (for undo): span id / frame id -> state."""

    spans: Mapping[str, SpanState]
    frames: Mapping[str, SpanState]


@dataclass(slots=True)
class WriteCounts:
    """What ``write_many`` did over all its documents."""

    documents: int = 0
    spans: int = 0
    """Pending spans afterwards (new, and proposed again)."""
    frames: int = 0
    """Pending frames afterwards."""
    new_spans: int = 0
    new_frames: int = 0
    withdrawn_spans: int = 0
    """Earlier pending spans not proposed again, removed."""
    withdrawn_frames: int = 0


@dataclass(frozen=True, slots=True)
class _Diff:
    """What one document's new suggestions change in its layer."""

    plan: LayerPlan
    """The rows to add."""
    written: PendingSet
    """The whole pending set afterwards (added and kept), ids as stored."""
    dropped_spans: list[str]
    dropped_frames: list[str]
    updated_spans: list[str]
    """Kept pending spans whose attributes or actor link this run changed."""
    stale_spans: dict[str, Evidence]
    """Evidence to write (new, or different from what is stored)."""
    stale_frames: dict[str, Evidence]

    def change(self, doc_id: str, annotator: str) -> Change:
        return Change(doc=doc_id, layer=annotator,
                      spans_added=frozenset(s.id for s in self.plan.spans),
                      spans_removed=frozenset(self.dropped_spans),
                      spans_updated=frozenset(self.updated_spans),
                      frames=frozenset(f.id for f in self.plan.frames)
                      | frozenset(self.dropped_frames))

    def record(self, log: ChangeLog, who: str, doc_id: str, annotator: str) -> None:
        if not (self.dropped_spans or self.dropped_frames or self.updated_spans
                or self.plan.spans or self.plan.frames):
            return
        log.record(who=who, action="suggest", entity="layer", doc=doc_id, entity_id=annotator,
                   before={"spans": len(self.dropped_spans),
                           "frames": len(self.dropped_frames)},
                   after={"spans": len(self.plan.spans), "frames": len(self.plan.frames),
                          "updated": len(self.updated_spans),
                          "pending": len(self.written.layer.spans)})


def _pending_set(layer: Layer, span_ev: Mapping[str, Evidence],
                 frame_ev: Mapping[str, Evidence]) -> PendingSet:
    """The replaceable pending suggestions of ``layer`` with their evidence."""
    spans, frames = replaceable(layer)
    s_ids, f_ids = set(spans), set(frames)
    return PendingSet(
        Layer(annotator=layer.annotator, spans=tuple(s for s in layer.spans if s.id in s_ids),
              frames=tuple(f for f in layer.frames if f.id in f_ids)),
        {k: v for k, v in span_ev.items() if k in s_ids},
        {k: v for k, v in frame_ev.items() if k in f_ids})


class SuggestionRepo(Repo):
    def __init__(self, ctx: Context, reader: AnnotationReader) -> None:
        super().__init__(ctx)
        self._read = reader

    # -- reading ---------------------------------------------------------------------------

    def evidence(self, doc_id: str, annotator: str) -> tuple[dict[str, Evidence],
                                                               dict[str, Evidence]]:
        """(span id -> evidence, frame id -> evidence) of one layer (suggested items only)."""
        doc_pk, _ = self._doc(doc_id)
        return self._evidence(doc_pk, annotator)

    def _evidence(self, doc_pk: int, annotator: str) -> tuple[dict[str, Evidence],
                                                            dict[str, Evidence]]:
        out: list[dict[str, Evidence]] = []
        for table, column in (("spans", "span"), ("frames", "frame")):
            out.append({r[0]: Evidence(r[1], r[2], float(r[3])) for r in self._db.execute(
                f"SELECT x.id, e.engine, e.rule, e.score FROM evidence e JOIN {table} x "
                f"ON x.pk = e.{column} WHERE x.doc = ? AND x.annotator = ?",
                [doc_pk, annotator])})
        return out[0], out[1]

    def pending(self, doc_id: str, annotator: str) -> PendingSet:
        """The layer's pending suggestions that a new run would replace."""
        doc_pk, _ = self._doc(doc_id)
        return _pending_set(self._read.layer_of(doc_pk, annotator),
                            *self._evidence(doc_pk, annotator))

    def learned_phrases(self, annotator: str) -> list[tuple[str, str, int, int]]:
        """(label, text, accepted, rejected) of every continuous span text in ``annotator``'s
        layers, for the string recommender (one pass over the spans)."""
        counts: dict[tuple[str, str], list[int]] = {}
        for label, text, state, n in self._db.execute(
                "SELECT label, text, state, count(*) FROM spans WHERE annotator = ? "
                "AND fragments IS NULL AND state IN ('accepted', 'rejected') "
                "GROUP BY label, text, state", [annotator]):
            row = counts.setdefault((label, text), [0, 0])
            row[0 if state == "accepted" else 1] += int(n)
        return [(label, text, a, r) for (label, text), (a, r) in sorted(counts.items())]

    def documents_with_pending(self, annotator: str) -> list[str]:
        """Ids of the documents where ``annotator`` has pending suggestions, in corpus order."""
        return [r[0] for r in self._db.execute(
            "SELECT d.id FROM documents d WHERE EXISTS (SELECT 1 FROM spans s WHERE s.doc = "
            "d.pk AND s.annotator = ? AND s.state = 'pending') OR EXISTS (SELECT 1 FROM "
            "frames f WHERE f.doc = d.pk AND f.annotator = ? AND f.state = 'pending') "
            "ORDER BY d.pk", [annotator, annotator])]

    # -- writing ---------------------------------------------------------------------------

    def replace(self, doc_id: str, suggestions: PendingSet, *, who: str,
                validated: bool = False) -> Written[Replaced]:
        """Make ``suggestions`` the pending suggestions of its layer in ``doc_id``.

        A pending suggestion proposed again (same label and fragments; for a frame, same
        fillers and attributes) stays as it is, under its id; the others are withdrawn and
        the new ones added (an id already in the layer gives a fresh one). The value holds
        the whole new pending set (ids as stored) and the whole previous one:
        ``replace(doc_id, value.previous)`` undoes it. ``validated``: the caller already
        checked the spans against the text and codebook (the assistant's own output).
        """
        annotator = suggestions.layer.annotator
        with self._ctx.write():
            doc_pk, text = self._doc(doc_id)
            self.ensure_annotator(annotator)
            layer = self._read.layer_of(doc_pk, annotator)
            span_ev, frame_ev = self._evidence(doc_pk, annotator)
            previous = _pending_set(layer, span_ev, frame_ev)
            diff = self._apply(doc_id, doc_pk, text, layer, suggestions, validated,
                               span_ev, frame_ev)
            keys = write_plans(self._db, None, [diff.plan], who=who, keys=True)
            self._write_evidence([(doc_id, doc_pk, annotator, diff)], keys)
            diff.record(self._log, who, doc_id, annotator)
        return Written(Replaced(diff.written, previous), diff.change(doc_id, annotator))

    def write_many(self, items: Iterable[tuple[str, PendingSet]], *, who: str,
                   validated: bool = False) -> Written[WriteCounts]:
        """``replace`` for many documents in one transaction (a background run writes a page
        of documents at a time this way); nothing is kept for undo."""
        counts = WriteCounts()
        batch = list(items)
        if not batch:
            return Written(counts, Change())
        changes: list[Change] = []
        with self._ctx.write():
            pks = {doc_id: self._doc(doc_id) for doc_id, _ in batch}
            for annotator in sorted({p.layer.annotator for _, p in batch}):
                self.ensure_annotator(annotator)
                mine = [(d, p) for d, p in batch if p.layer.annotator == annotator]
                doc_pks = [pks[d][0] for d, _ in mine]
                page = _Page(self._db, doc_pks, annotator, self._ctx.codebook())
                span_ev, frame_ev = self._page_evidence(doc_pks, annotator)
                plans: list[LayerPlan] = []
                evidence: list[tuple[str, int, str, _Diff]] = []
                for doc_id, pending in mine:
                    doc_pk, text = pks[doc_id]
                    layer = Layer(annotator=annotator, spans=tuple(page.spans.get(doc_pk, ())),
                                  frames=tuple(page.frames.get(doc_pk, ())),
                                  relations=tuple(page.relations.get(doc_pk, ())))
                    diff = self._apply(doc_id, doc_pk, text, layer, pending, validated,
                                       span_ev.get(doc_pk, {}), frame_ev.get(doc_pk, {}))
                    plans.append(diff.plan)
                    evidence.append((doc_id, doc_pk, annotator, diff))
                    diff.record(self._log, who, doc_id, annotator)
                    counts.documents += 1
                    counts.spans += len(diff.written.layer.spans)
                    counts.frames += len(diff.written.layer.frames)
                    counts.new_spans += len(diff.plan.spans)
                    counts.new_frames += len(diff.plan.frames)
                    counts.withdrawn_spans += len(diff.dropped_spans)
                    counts.withdrawn_frames += len(diff.dropped_frames)
                    if len(batch) == 1:
                        changes.append(diff.change(doc_id, annotator))
                keys = write_plans(self._db, None, plans, who=who, keys=True)
                self._write_evidence(evidence, keys)
        return Written(counts, changes[0] if changes else Change(reload=True))

    def _apply(self, doc_id: str, doc_pk: int, text: str, layer: Layer,
               suggestions: PendingSet, validated: bool, span_ev: Mapping[str, Evidence],
               frame_ev: Mapping[str, Evidence]) -> _Diff:
        """Plan ``suggestions`` against ``layer``, withdraw the pending items it does not
        propose again and update the ones it does (the plan's rows are written after)."""
        for s in suggestions.layer.spans:
            if s.state is not SpanState.PENDING:
                raise InputError(f"suggestion {s.id} is {s.state.value}, not pending",
                                 field="state")
        replaceable_spans, replaceable_frames = replaceable(layer)
        incoming = replace(suggestions.layer, status=layer.status, relations=())
        # Planned against the whole layer, so a suggestion made again is recognised as the
        # stored one (its id kept), and one equal to an accepted or rejected span or frame is
        # that one (never written twice). The plan keeps the stored status: suggesting never
        # changes a document's status.
        plan = plan_layer(doc_id, text, incoming, self._ctx.codebook(),
                          state=LayerState.of(layer), before=layer.status,
                          validated=validated)
        stored = {s.id: s for s in layer.spans}
        written_ids = {s.id for s in plan.spans}
        again = {new: old for old, new in plan.span_ids.items() if new not in written_ids}
        stored_frames = {frame_key(f): f for f in layer.frames
                         if f.state is SpanState.PENDING}
        kept_frames: dict[str, str] = {}  # stored pending frame -> incoming id
        for f in incoming.frames if stored_frames else ():
            roles = {k: tuple(dict.fromkeys(plan.span_ids.get(x, x) for x in v))
                     for k, v in f.roles.items()}
            trigger = plan.span_ids.get(f.trigger, f.trigger) if f.trigger else None
            same = stored_frames.get(frame_key(replace(f, roles=roles, trigger=trigger)))
            if same is not None and same.state is SpanState.PENDING:
                kept_frames[same.id] = f.id
        dropped_frames = [f for f in replaceable_frames if f not in kept_frames]
        kept_spans = {sid for sid in again if stored[sid].state is SpanState.PENDING}
        dropped_spans = [sid for sid in replaceable_spans if sid not in kept_spans]
        by_id = {s.id: s for s in incoming.spans}
        updated: list[Span] = []
        for sid in sorted(kept_spans):
            proposed, old = by_id[again[sid]], stored[sid]
            if (dict(proposed.attrs), proposed.actor) != (dict(old.attrs), old.actor):
                updated.append(replace(old, attrs=proposed.attrs, actor=proposed.actor))
        db, annotator = self._db.conn, layer.annotator
        if dropped_frames:
            db.executemany("DELETE FROM frames WHERE doc = ? AND annotator = ? AND id = ?",
                           [(doc_pk, annotator, f) for f in dropped_frames])
        if dropped_spans:
            db.executemany("DELETE FROM spans WHERE doc = ? AND annotator = ? AND id = ?",
                           [(doc_pk, annotator, x) for x in dropped_spans])
        if updated:
            db.executemany("UPDATE spans SET attrs = ?, actor = ? WHERE doc = ? AND "
                           "annotator = ? AND id = ?",
                           [(dumps(dict(x.attrs)), self._actor_pk(x.actor), doc_pk, annotator,
                             x.id) for x in updated])
        new_stored = {x.id: x for x in updated}
        spans = (*plan.spans, *(new_stored.get(x, stored[x]) for x in sorted(kept_spans)))
        kept_f = [f for f in layer.frames if f.id in kept_frames]
        # Evidence of what stays and what comes, from this run (a kept suggestion may have
        # been made by another rule or with another score this time).
        ev_spans = {new: suggestions.spans[old] for old, new in plan.span_ids.items()
                    if old in suggestions.spans and (new in written_ids or new in kept_spans)}
        ev_frames = {plan.frame_ids[old]: ev for old, ev in suggestions.frames.items()
                     if old in plan.frame_ids}
        ev_frames.update({fid: suggestions.frames[old] for fid, old in kept_frames.items()
                          if old in suggestions.frames})
        written = PendingSet(Layer(annotator=annotator, spans=spans,
                                   frames=(*plan.frames, *kept_f)), ev_spans, ev_frames)
        stale_spans = {k: v for k, v in ev_spans.items() if span_ev.get(k) != v}
        stale_frames = {k: v for k, v in ev_frames.items() if frame_ev.get(k) != v}
        return _Diff(plan, written, dropped_spans, dropped_frames, [x.id for x in updated],
                     stale_spans, stale_frames)

    def _page_evidence(self, doc_pks: Sequence[int], annotator: str) -> tuple[
            dict[int, dict[str, Evidence]], dict[int, dict[str, Evidence]]]:
        out: list[dict[int, dict[str, Evidence]]] = []
        marks = ", ".join("?" for _ in doc_pks)
        for table, column in (("spans", "span"), ("frames", "frame")):
            got: dict[int, dict[str, Evidence]] = {}
            for doc, ident, engine, rule, score in self._db.execute(
                    f"SELECT x.doc, x.id, e.engine, e.rule, e.score FROM evidence e "
                    f"JOIN {table} x ON x.pk = e.{column} WHERE x.doc IN ({marks}) "
                    f"AND x.annotator = ?", [*doc_pks, annotator]):
                got.setdefault(doc, {})[ident] = Evidence(engine, rule, float(score))
            out.append(got)
        return out[0], out[1]

    def _write_evidence(self, items: Sequence[tuple[str, int, str, _Diff]],
                        keys: tuple[RowKeys, RowKeys]) -> None:
        """Insert the evidence of the rows just written (their keys are known) and insert or
        update that of suggestions kept from before whose evidence changed."""
        for column, table, known in (("span", "spans", keys[0]), ("frame", "frames", keys[1])):
            fresh: list[tuple[int, str, str, float]] = []
            kept: list[tuple[int, str, str, str, str, float]] = []
            for doc_id, doc_pk, annotator, diff in items:
                stale = diff.stale_spans if column == "span" else diff.stale_frames
                for ident, ev in stale.items():
                    score = min(1.0, max(0.0, float(ev.score)))
                    pk = known.get((doc_id, ident))
                    if pk is not None:
                        fresh.append((pk, ev.engine, ev.rule, score))
                    else:
                        kept.append((doc_pk, annotator, ident, ev.engine, ev.rule, score))
            if fresh:
                self._db.conn.executemany(f"INSERT INTO evidence ({column}, engine, rule, "
                                          "score) VALUES (?, ?, ?, ?)", fresh)
            if kept:
                self._db.conn.executemany(
                    f"INSERT INTO evidence ({column}, engine, rule, score) "
                    f"SELECT pk, ?4, ?5, ?6 FROM {table} WHERE doc = ?1 AND annotator = ?2 "
                    f"AND id = ?3 ON CONFLICT ({column}) DO UPDATE SET "
                    f"engine = excluded.engine, rule = excluded.rule, score = excluded.score",
                    kept)

    def decide(self, doc_id: str, annotator: str, *, spans: Mapping[str, SpanState] | None = None,
               frames: Mapping[str, SpanState] | None = None, who: str) -> Written[Decision]:
        """Set the ``state`` of spans and frames (accept, reject, or back for undo).

        The value is the states before; ``decide`` with them undoes it.
        """
        spans, frames = dict(spans or {}), dict(frames or {})
        with self._ctx.write():
            doc_pk, _ = self._doc(doc_id)
            before_spans = {s.id: s for s in self._read.spans_of(doc_pk, annotator,
                                                                 sorted(spans))}
            missing = set(spans) - set(before_spans)
            if missing:
                raise NotFoundError(f"no span {sorted(missing)[0]!r} in this layer")
            before_frames = {f.id: f for f in self._read.frames_of(doc_pk, annotator)
                             if f.id in frames}
            missing = set(frames) - set(before_frames)
            if missing:
                raise NotFoundError(f"no frame {sorted(missing)[0]!r} in this layer")
            moved_s = {k: v for k, v in spans.items() if before_spans[k].state is not v}
            moved_f = {k: v for k, v in frames.items() if before_frames[k].state is not v}
            self._db.conn.executemany(
                "UPDATE spans SET state = ? WHERE doc = ? AND annotator = ? AND id = ?",
                [(v.value, doc_pk, annotator, k) for k, v in moved_s.items()])
            self._db.conn.executemany(
                "UPDATE frames SET state = ? WHERE doc = ? AND annotator = ? AND id = ?",
                [(v.value, doc_pk, annotator, k) for k, v in moved_f.items()])
            status = touch_status(self._db, doc_pk, annotator) if moved_s or moved_f \
                else False
            entries: list[dict[str, Any]] = []
            for k, v in moved_s.items():
                old = before_spans[k]
                entries.append({"who": who, "action": "update", "entity": "span",
                                "doc": doc_id, "entity_id": k, "before": span_dict(old),
                                "after": span_dict(replace(old, state=v)) | {
                                    "layer": annotator}})
            for k, v in moved_f.items():
                oldf: Frame = before_frames[k]
                entries.append({"who": who, "action": "update", "entity": "frame",
                                "doc": doc_id, "entity_id": k, "before": frame_dict(oldf),
                                "after": frame_dict(replace(oldf, state=v)) | {
                                    "layer": annotator}})
            if entries:
                self._log.record_many(entries)
        value = Decision({k: before_spans[k].state for k in spans},
                         {k: before_frames[k].state for k in frames})
        return Written(value, Change(doc=doc_id, layer=annotator,
                                     spans_updated=frozenset(moved_s),
                                     frames=frozenset(moved_f), status=status))
