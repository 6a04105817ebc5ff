"""The native JSONL shapes (docs/formats.md, "Native JSONL"): one dict per object.

The same shapes are written by the JSONL export, carried as side data by the lossy exports
(Label Studio, doccano, spaCy) and kept in the store's change log.
"""

from __future__ import annotations

from typing import Any

from desktop.core.model import Actor, AnnotatedDocument, Frame, Origin, Relation, Span, SpanState


def span_dict(s: Span) -> dict[str, Any]:
    """A span; ``origin`` only when not manual, ``state`` and ``note`` only when set."""
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
    """A frame; ``trigger`` only when it has one, ``origin`` only when not manual and
    ``state`` only when not accepted (a pending suggestion: ``"state": "pending"``)."""
    d: dict[str, Any] = {"id": f.id, "type": f.type,
                         "roles": {k: list(v) for k, v in f.roles.items()},
                         "attrs": dict(f.attrs)}
    if f.trigger is not None:
        d["trigger"] = f.trigger
    if f.origin is not Origin.MANUAL:
        d["origin"] = f.origin.value
    if f.state is not SpanState.ACCEPTED:
        d["state"] = f.state.value
    return d


def relation_dict(r: Relation) -> dict[str, Any]:
    return {"id": r.id, "label": r.label, "head": r.head, "tail": r.tail,
            "attrs": dict(r.attrs)}


def actor_dict(a: Actor) -> dict[str, Any]:
    return {"id": a.id, "name": a.name, "kind": a.kind, "aliases": list(a.aliases),
            "attrs": dict(a.attrs)}


_IMPORTED, _MANUAL, _ACCEPTED = Origin.IMPORTED, Origin.MANUAL, SpanState.ACCEPTED
_TEXT: dict[Origin | SpanState, str] = {
    **{o: o.value for o in Origin}, **{s: s.value for s in SpanState}}


def record_span_dict(s: Span) -> dict[str, Any]:
    """A span as a native JSONL record holds it: ``span_dict`` except that ``origin`` is left
    out when "imported" and written whenever it is not (a manual span's last).

    The importer reads a missing "origin" as imported, so export -> import -> export is exact
    and a contract-shaped file round-trips as is. Built directly (one per exported span).
    """
    frags = s.fragments
    if len(frags) == 1:
        (start, end), = frags
        d: dict[str, Any] = {"id": s.id, "label": s.label, "start": start, "end": end,
                             "text": s.text}
    else:  # fragments keep their given order; the bounds are the outermost
        d = {"id": s.id, "label": s.label, "start": s.start, "end": s.end, "text": s.text,
             "fragments": [list(f) for f in frags]}
    d["attrs"] = dict(s.attrs)
    d["actor"] = s.actor
    origin = s.origin
    if origin is not _IMPORTED and origin is not _MANUAL:
        d["origin"] = _TEXT[origin]
    if s.state is not _ACCEPTED:
        d["state"] = _TEXT[s.state]
    if s.note:
        d["note"] = s.note
    if origin is _MANUAL:
        d["origin"] = _TEXT[origin]
    return d


def record_dict(ad: AnnotatedDocument) -> dict[str, Any]:
    """The native JSONL object for one document and layer."""
    d = ad.document
    spans = [record_span_dict(s) for s in ad.layer.spans]
    return {
        "id": d.id, "title": d.title, "text": d.text, "sha256": d.sha256, "meta": dict(d.meta),
        "annotator": ad.layer.annotator, "status": ad.layer.status.value,
        "spans": spans,
        "frames": [frame_dict(f) for f in ad.layer.frames],
        "relations": [relation_dict(r) for r in ad.layer.relations],
        "actors": [actor_dict(a) for a in ad.actors],
    }


def side_dict(ad: AnnotatedDocument) -> dict[str, Any]:
    """The native copy a lossy export carries beside its own annotations (``claimdesk``).

    It restores on import what the format cannot hold (ids, attributes, actor links,
    frames, actors); spans are without their text, which the format already has.
    """
    rec = record_dict(ad)
    spans = [{k: v for k, v in s.items() if k != "text"} for s in rec["spans"]]
    return {"annotator": rec["annotator"], "status": rec["status"], "sha256": rec["sha256"],
            "spans": spans, "frames": rec["frames"], "relations": rec["relations"],
            "actors": rec["actors"]}
