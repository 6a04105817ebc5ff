"""Undo across restarts: the undo stack's steps written to the project (``project.undo``).

Every ``StoreCommand`` run writes its step in the same store transaction as its edits (see
``commands.StoreCommand``): the first run records the step (or, for an edit joining a
gesture, replaces the ops of the gesture's step, exactly when QUndoStack merges the two), an
undo or a redo marks it undone or done. When the project is opened again, ``restore`` puts
the steps back on the QUndoStack without running them: undo and redo then do exactly what
they would have done before the project was closed (or the program killed).

Ops are stored by value in the native JSON shapes (``desktop.core.native``): ``encode`` and
``decode`` below. A step that can no longer be undone (someone else deleted the span) fails
like any undo, is reported, and leaves the stack and the journal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from desktop.core.model import (
    Actor,
    DocStatus,
    Evidence,
    Frame,
    Layer,
    Origin,
    Relation,
    Span,
    SpanState,
)
from desktop.core.native import actor_dict, frame_dict, relation_dict, span_dict
from desktop.store import PendingSet, Project, SpanSnapshot
from desktop.ui import commands as ops
from desktop.ui.assist_ops import DecideSuggestions, ReplaceSuggestions

if TYPE_CHECKING:
    from desktop.ui.workspace import Workspace

log = logging.getLogger(__name__)


# -- core values ----------------------------------------------------------------------------


def _span(d: Mapping[str, Any]) -> Span:
    frags = d.get("fragments") or [[d["start"], d["end"]]]
    return Span(id=str(d["id"]), label=str(d["label"]),
                fragments=tuple((int(a), int(b)) for a, b in frags), text=str(d["text"]),
                attrs=dict(d.get("attrs") or {}), actor=d.get("actor"),
                origin=Origin(d.get("origin", Origin.MANUAL.value)),
                state=SpanState(d.get("state", SpanState.ACCEPTED.value)),
                note=str(d.get("note", "")))


def _frame(d: Mapping[str, Any]) -> Frame:
    trigger = d.get("trigger")
    return Frame(id=str(d["id"]), type=str(d["type"]),
                 roles={str(k): tuple(str(x) for x in v) for k, v in d["roles"].items()},
                 attrs=dict(d.get("attrs") or {}),
                 trigger=str(trigger) if trigger is not None else None,
                 origin=Origin(d.get("origin", Origin.MANUAL.value)),
                 state=SpanState(d.get("state", SpanState.ACCEPTED.value)))


def _relation(d: Mapping[str, Any]) -> Relation:
    return Relation(id=str(d["id"]), label=str(d["label"]), head=str(d["head"]),
                    tail=str(d["tail"]), attrs=dict(d.get("attrs") or {}))


def _actor(d: Mapping[str, Any]) -> Actor:
    return Actor(id=str(d["id"]), name=str(d["name"]), kind=str(d.get("kind", "other")),
                 aliases=tuple(str(a) for a in d.get("aliases") or ()),
                 attrs=dict(d.get("attrs") or {}))


def _states(states: Mapping[str, SpanState]) -> dict[str, str]:
    return {k: v.value for k, v in states.items()}


def _read_states(d: Mapping[str, Any]) -> dict[str, SpanState]:
    return {str(k): SpanState(v) for k, v in d.items()}


def _pending(p: PendingSet) -> dict[str, Any]:
    def why(e: Evidence) -> list[Any]:
        return [e.engine, e.rule, e.score]

    return {"annotator": p.layer.annotator,
            "spans": [span_dict(s) for s in p.layer.spans],
            "frames": [frame_dict(f) for f in p.layer.frames],
            "span_evidence": {k: why(e) for k, e in p.spans.items()},
            "frame_evidence": {k: why(e) for k, e in p.frames.items()}}


def _read_pending(d: Mapping[str, Any]) -> PendingSet:
    def why(v: list[Any]) -> Evidence:
        return Evidence(engine=str(v[0]), rule=str(v[1]), score=float(v[2]))

    layer = Layer(annotator=str(d["annotator"]),
                  spans=tuple(_span(x) for x in d["spans"]),
                  frames=tuple(_frame(x) for x in d["frames"]))
    return PendingSet(layer=layer,
                      spans={str(k): why(v) for k, v in d["span_evidence"].items()},
                      frames={str(k): why(v) for k, v in d["frame_evidence"].items()})


# -- ops ------------------------------------------------------------------------------------


def encode(op: ops.Op) -> dict[str, Any]:
    """An op after it ran, as JSON (everything its undo and redo need)."""
    kind = type(op).__name__
    d: dict[str, Any] = {"op": kind}
    if isinstance(op, ops.LayerOp):
        d["doc"] = op.doc
        if op.layer != op.who:  # the lead adjudicating writes the gold layer
            d["layer"] = op.layer
    if isinstance(op, ops.AddSpan):
        d["span"] = span_dict(op.span)
    elif isinstance(op, ops.UpdateSpan):
        d |= {"before": span_dict(op.before), "after": span_dict(op.after), "text": op.text}
    elif isinstance(op, ops.DeleteSpan):
        d["span_id"] = op.span_id
        if op.snapshot is not None:
            snap = op.snapshot
            d["snapshot"] = {"span": span_dict(snap.span),
                             "roles": [list(r) for r in snap.roles],
                             "relations": [relation_dict(r) for r in snap.relations]}
    elif isinstance(op, ops.AddFrame):
        d["frame"] = frame_dict(op.frame)
    elif isinstance(op, ops.UpdateFrame):
        d |= {"before": frame_dict(op.before), "after": frame_dict(op.after)}
    elif isinstance(op, ops.DeleteFrame):
        d |= {"frame_id": op.frame_id,
              "before": frame_dict(op.before) if op.before is not None else None}
    elif isinstance(op, ops.AddRelation):
        d["relation"] = relation_dict(op.rel)
    elif isinstance(op, ops.DeleteRelation):
        d |= {"relation_id": op.rel_id,
              "before": relation_dict(op.before) if op.before is not None else None}
    elif isinstance(op, ops.SetStatus):
        d |= {"status": op.status.value, "before": op.before.value}
    elif isinstance(op, ops.AddActor):
        d["actor"] = actor_dict(op.actor)
    elif isinstance(op, ops.UpdateActor):
        d |= {"before": actor_dict(op.before), "after": actor_dict(op.after)}
    elif isinstance(op, ops.MergeActors):
        d |= {"keep_id": op.keep_id, "drop_id": op.drop_id}
        if op.merged is not None:
            d["merged"] = {"keep": actor_dict(op.merged.keep),
                           "drop": actor_dict(op.merged.drop), "moved": op.merged.moved}
    elif isinstance(op, ops.DeleteActor):
        d |= {"actor_id": op.actor_id, "linked": list(op.linked),
              "before": actor_dict(op.before) if op.before is not None else None}
    elif isinstance(op, DecideSuggestions):
        d |= {"text": op.text, "spans": _states(op.spans), "frames": _states(op.frames),
              "before_spans": _states(op.before_spans),
              "before_frames": _states(op.before_frames)}
    elif isinstance(op, ReplaceSuggestions):
        assert op.previous is not None  # it ran
        d |= {"suggestions": _pending(op.suggestions), "previous": _pending(op.previous)}
    else:  # pragma: no cover - every Op subclass is listed above (tested)
        raise TypeError(f"cannot record {kind} in the undo journal")
    return d


def _layer_op(project: Project, who: str, d: Mapping[str, Any]) -> ops.LayerOp:
    op = _layer_op_for(project, who, d)
    if d.get("layer"):
        op.layer = str(d["layer"])
    return op


def _layer_op_for(project: Project, who: str, d: Mapping[str, Any]) -> ops.LayerOp:
    kind, doc = d["op"], str(d["doc"])
    if kind == "AddSpan":
        add = ops.AddSpan(project, who, doc, _span(d["span"]))
        add.result = add.span
        return add
    if kind == "UpdateSpan":
        return ops.UpdateSpan(project, who, doc, _span(d["before"]), _span(d["after"]),
                              str(d["text"]))
    if kind == "DeleteSpan":
        delete = ops.DeleteSpan(project, who, doc, str(d["span_id"]))
        snap = d.get("snapshot")
        if snap:
            delete.snapshot = SpanSnapshot(
                span=_span(snap["span"]),
                roles=tuple((str(f), str(r), int(p)) for f, r, p in snap["roles"]),
                relations=tuple(_relation(r) for r in snap["relations"]))
        return delete
    if kind == "AddFrame":
        add_frame = ops.AddFrame(project, who, doc, _frame(d["frame"]))
        add_frame.result = add_frame.frame
        return add_frame
    if kind == "UpdateFrame":
        return ops.UpdateFrame(project, who, doc, _frame(d["before"]), _frame(d["after"]))
    if kind == "DeleteFrame":
        del_frame = ops.DeleteFrame(project, who, doc, str(d["frame_id"]))
        del_frame.before = _frame(d["before"]) if d.get("before") else None
        return del_frame
    if kind == "AddRelation":
        add_rel = ops.AddRelation(project, who, doc, _relation(d["relation"]))
        add_rel.result = add_rel.rel
        return add_rel
    if kind == "DeleteRelation":
        del_rel = ops.DeleteRelation(project, who, doc, str(d["relation_id"]))
        del_rel.before = _relation(d["before"]) if d.get("before") else None
        return del_rel
    if kind == "SetStatus":
        status = ops.SetStatus(project, who, doc, DocStatus(d["status"]))
        status.before = DocStatus(d["before"])
        return status
    if kind == "DecideSuggestions":
        decide = DecideSuggestions(project, who, doc, str(d["text"]),
                                   spans=_read_states(d["spans"]),
                                   frames=_read_states(d["frames"]))
        decide.before_spans = _read_states(d["before_spans"])
        decide.before_frames = _read_states(d["before_frames"])
        return decide
    if kind == "ReplaceSuggestions":
        replace_op = ReplaceSuggestions(project, who, doc, _read_pending(d["suggestions"]))
        replace_op.previous = _read_pending(d["previous"])
        return replace_op
    raise ValueError(f"unknown op {kind!r}")


def _registry_op(project: Project, who: str, d: Mapping[str, Any]) -> ops.Op:
    kind = d["op"]
    if kind == "AddActor":
        add = ops.AddActor(project, who, _actor(d["actor"]))
        add.result = add.actor
        return add
    if kind == "UpdateActor":
        return ops.UpdateActor(project, who, _actor(d["before"]), _actor(d["after"]))
    if kind == "MergeActors":
        merge = ops.MergeActors(project, who, str(d["keep_id"]), str(d["drop_id"]))
        m = d.get("merged")
        if m:
            merge.merged = ops.Merged(_actor(m["keep"]), _actor(m["drop"]),
                                      [int(x) for x in m["moved"]])
        return merge
    if kind == "DeleteActor":
        delete = ops.DeleteActor(project, who, str(d["actor_id"]))
        delete.before = _actor(d["before"]) if d.get("before") else None
        delete.linked = [int(x) for x in d.get("linked") or ()]
        return delete
    raise ValueError(f"unknown op {kind!r}")


def decode(project: Project, who: str, d: Mapping[str, Any]) -> ops.Op:
    """The op ``encode`` recorded, ready to undo or redo."""
    if "doc" in d:
        return _layer_op(project, who, d)
    return _registry_op(project, who, d)


# -- the stack ------------------------------------------------------------------------------


def restore(ws: Workspace, command: Callable[..., ops.StoreCommand]) -> int:
    """Put ``ws.annotator``'s recorded steps back on ``ws.undo_stack`` without running
    them; returns how many. ``command(ops, text, pk, undone)`` builds a restored command."""
    stack = ws.undo_stack
    restored = 0
    done = 0
    for step in ws.project.undo.steps(ws.annotator):
        try:
            decoded = [decode(ws.project, ws.annotator, d) for d in step.ops]
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("undo step %s cannot be read back (%s); left out", step.pk, exc)
            continue
        if not decoded:
            continue
        stack.push(command(decoded, step.text, step.pk, step.undone))
        restored += 1
        if not step.undone:
            done = restored
    stack.setIndex(done)  # the undone steps: the redo part, as they were
    return restored
