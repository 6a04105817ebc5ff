"""Core objects as the dicts of the native JSONL contract (also the change log's shapes)."""

from __future__ import annotations

from typing import Any

from desktop.core.model import Actor, Frame, Origin, Relation, Span, SpanState


def span_dict(s: Span) -> dict[str, Any]:
    d: dict[str, Any] = {"id": s.id, "label": s.label, "start": s.start, "end": s.end,
                         "text": s.text}
    if s.discontinuous:
        d["fragments"] = [list(f) for f in s.fragments]
    d["attrs"] = dict(s.attrs)
    d["actor"] = s.actor
    if s.origin is not Origin.MANUAL:
        d["origin"] = s.origin.value
    if s.state is not SpanState.ACCEPTED:
        d["state"] = s.state.value
    if s.note:
        d["note"] = s.note
    return d


def frame_dict(f: Frame) -> dict[str, Any]:
    return {"id": f.id, "type": f.type, "roles": {k: list(v) for k, v in f.roles.items()},
            "attrs": dict(f.attrs)}


def relation_dict(r: Relation) -> dict[str, Any]:
    return {"id": r.id, "label": r.label, "head": r.head, "tail": r.tail,
            "attrs": dict(r.attrs)}


def actor_dict(a: Actor) -> dict[str, Any]:
    return {"id": a.id, "name": a.name, "kind": a.kind, "aliases": list(a.aliases),
            "attrs": dict(a.attrs)}
