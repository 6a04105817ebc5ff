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
from desktop.core.model import Evidence, Frame, Layer, SpanState
from desktop.core.native import frame_dict, span_dict
from desktop.core.pending import replaceable, without
from desktop.store._base import Context, Repo
from desktop.store.layers import _Page
from desktop.store.merge import LayerPlan, LayerState, plan_layer, write_plans
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
    frames: int = 0
    withdrawn_spans: int = 0
    withdrawn_frames: int = 0
    duplicates: int = 0


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
        layer = self._read.layer_of(doc_pk, annotator)
        return self._pending_set(doc_pk, layer, *replaceable(layer))

    def _pending_set(self, doc_pk: int, layer: Layer, spans: Sequence[str],
                     frames: Sequence[str]) -> PendingSet:
        s_ids, f_ids = set(spans), set(frames)
        span_ev, frame_ev = self._evidence(doc_pk, layer.annotator)
        return PendingSet(
            Layer(annotator=layer.annotator,
                  spans=tuple(s for s in layer.spans if s.id in s_ids),
                  frames=tuple(f for f in layer.frames if f.id in f_ids)),
            {k: v for k, v in span_ev.items() if k in s_ids},
            {k: v for k, v in frame_ev.items() if k in f_ids})

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

    def replace(self, doc_id: str, suggestions: PendingSet, *, who: str) -> Written[Replaced]:
        """Make ``suggestions`` the pending suggestions of its layer in ``doc_id``.

        The value holds what was written (ids as stored: a clash with an id already in the
        layer gives a fresh one) and the previous pending suggestions; ``replace(doc_id,
        value.previous)`` undoes it.
        """
        annotator = suggestions.layer.annotator
        with self._ctx.write():
            doc_pk, text = self._doc(doc_id)
            self.ensure_annotator(annotator)
            layer = self._read.layer_of(doc_pk, annotator)
            spans, frames = replaceable(layer)
            previous = self._pending_set(doc_pk, layer, spans, frames)
            plan, written = self._replace_one(doc_id, doc_pk, text, layer, spans, frames,
                                              suggestions)
            write_plans(self._db, None, [plan], who=who)
            self._write_evidence([(doc_pk, written)])
            self._record(who, doc_id, annotator, len(spans), len(frames), plan)
        added, removed = {s.id for s in written.layer.spans}, set(spans)
        return Written(Replaced(written, previous), Change(
            doc=doc_id, layer=annotator, spans_added=frozenset(added - removed),
            spans_removed=frozenset(removed - added), spans_updated=frozenset(added & removed),
            frames=frozenset(frames) | frozenset(f.id for f in written.layer.frames)))

    def write_many(self, items: Iterable[tuple[str, PendingSet]], *,
                   who: str) -> Written[WriteCounts]:
        """``replace`` for many documents in one transaction (a background run writes a page
        of documents at a time this way); nothing is kept for undo."""
        counts = WriteCounts()
        batch = list(items)
        if not batch:
            return Written(counts, Change())
        changes: list[Change] = []
        with self._ctx.write():
            pks = {doc_id: self._doc(doc_id) for doc_id, _ in batch}
            for annotator in {p.layer.annotator for _, p in batch}:
                self.ensure_annotator(annotator)
                mine = [(d, p) for d, p in batch if p.layer.annotator == annotator]
                page = _Page(self._db, [pks[d][0] for d, _ in mine], annotator,
                             self._ctx.codebook())
                plans: list[LayerPlan] = []
                evidence: list[tuple[int, PendingSet]] = []
                for doc_id, pending in mine:
                    doc_pk, text = pks[doc_id]
                    layer = Layer(annotator=annotator, spans=tuple(page.spans.get(doc_pk, ())),
                                  frames=tuple(page.frames.get(doc_pk, ())),
                                  relations=tuple(page.relations.get(doc_pk, ())))
                    spans, frames = replaceable(layer)
                    plan, written = self._replace_one(doc_id, doc_pk, text, layer, spans,
                                                      frames, pending)
                    plans.append(plan)
                    evidence.append((doc_pk, written))
                    self._record(who, doc_id, annotator, len(spans), len(frames), plan)
                    counts.documents += 1
                    counts.spans += len(plan.spans)
                    counts.frames += len(plan.frames)
                    counts.duplicates += plan.duplicates
                    counts.withdrawn_spans += len(spans)
                    counts.withdrawn_frames += len(frames)
                    if len(batch) == 1:
                        changes.append(Change(
                            doc=doc_id, layer=annotator,
                            spans_added=frozenset(s.id for s in plan.spans) - set(spans),
                            spans_removed=frozenset(spans) - {s.id for s in plan.spans},
                            spans_updated=frozenset(spans) & {s.id for s in plan.spans},
                            frames=frozenset(frames) | {f.id for f in plan.frames}))
                write_plans(self._db, None, plans, who=who)
                self._write_evidence(evidence)
        return Written(counts, changes[0] if changes else Change(reload=True))

    def _replace_one(self, doc_id: str, doc_pk: int, text: str, layer: Layer,
                     spans: Sequence[str], frames: Sequence[str],
                     suggestions: PendingSet) -> tuple[LayerPlan, PendingSet]:
        """Withdraw the removable pending items of ``layer`` and plan ``suggestions``."""
        for s in suggestions.layer.spans:
            if s.state is not SpanState.PENDING:
                raise InputError(f"suggestion {s.id} is {s.state.value}, not pending",
                                 field="state")
        if frames:
            self._db.conn.executemany(
                "DELETE FROM frames WHERE doc = ? AND annotator = ? AND id = ?",
                [(doc_pk, layer.annotator, f) for f in frames])
        if spans:
            self._db.conn.executemany(
                "DELETE FROM spans WHERE doc = ? AND annotator = ? AND id = ?",
                [(doc_pk, layer.annotator, s) for s in spans])
        stored = without(layer, spans, frames)
        incoming = replace(suggestions.layer, status=stored.status, relations=())
        # The plan keeps the stored status (``before`` equals ``status``): suggesting never
        # changes a document's status.
        plan = plan_layer(doc_id, text, incoming, self._ctx.codebook(),
                          state=LayerState.of(stored), before=stored.status)
        new_spans = {s.id for s in plan.spans}
        written = PendingSet(
            Layer(annotator=layer.annotator, spans=plan.spans, frames=plan.frames),
            {new: ev for old, ev in suggestions.spans.items()
             if (new := plan.span_ids.get(old, "")) in new_spans},
            {plan.frame_ids[old]: ev for old, ev in suggestions.frames.items()
             if old in plan.frame_ids})
        return plan, written

    def _write_evidence(self, items: Sequence[tuple[int, PendingSet]]) -> None:
        for column, table in (("span", "spans"), ("frame", "frames")):
            rows = [(ev.engine, ev.rule, min(1.0, max(0.0, float(ev.score))), doc_pk,
                     p.layer.annotator, ident)
                    for doc_pk, p in items
                    for ident, ev in (p.spans if column == "span" else p.frames).items()]
            if rows:
                self._db.conn.executemany(
                    f"INSERT INTO evidence ({column}, engine, rule, score) "
                    f"SELECT pk, ?, ?, ? FROM {table} WHERE doc = ? AND annotator = ? "
                    f"AND id = ?", rows)

    def _record(self, who: str, doc_id: str, annotator: str, withdrawn_spans: int,
                withdrawn_frames: int, plan: LayerPlan) -> None:
        if not (withdrawn_spans or withdrawn_frames or plan.spans or plan.frames):
            return
        self._log.record(who=who, action="suggest", entity="layer", doc=doc_id,
                         entity_id=annotator,
                         before={"spans": withdrawn_spans, "frames": withdrawn_frames},
                         after={"spans": len(plan.spans), "frames": len(plan.frames),
                                "duplicates": plan.duplicates})

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
