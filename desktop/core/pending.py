"""Which of a layer's pending suggestions a new assistant run replaces.

The store withdraws them before writing a run's suggestions and the assistant leaves them out
of the layer it is given, so both agree on one rule: pending frames, and pending spans that no
other frame or relation uses (a pending span the annotator built a frame or relation around
is part of their work and stays).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from desktop.core.model import Layer, SpanState


def replaceable(layer: Layer) -> tuple[list[str], list[str]]:
    """(span ids, frame ids) of the pending suggestions a new run replaces, in layer order."""
    frames = [f.id for f in layer.frames if f.state is SpanState.PENDING]
    used = {sid for f in layer.frames if f.state is not SpanState.PENDING
            for sid in f.span_ids()}
    used |= {x for r in layer.relations for x in (r.head, r.tail)}
    spans = [s.id for s in layer.spans if s.state is SpanState.PENDING and s.id not in used]
    return spans, frames


def without(layer: Layer, spans: Collection[str], frames: Collection[str]) -> Layer:
    """``layer`` without the spans and frames named."""
    gone_s, gone_f = set(spans), set(frames)
    if not gone_s and not gone_f:
        return layer
    return replace(layer, spans=tuple(s for s in layer.spans if s.id not in gone_s),
                   frames=tuple(f for f in layer.frames if f.id not in gone_f))


def kept_work(layer: Layer) -> Layer:
    """``layer`` as a new run sees it: without the pending suggestions it replaces."""
    return without(layer, *replaceable(layer))


def accepted(layer: Layer) -> Layer:
    """Only the accepted spans and frames of ``layer`` (frames lose fillers left out): the
    annotator's own work, as evaluation and training read it."""
    keep = {s.id for s in layer.spans if s.state is SpanState.ACCEPTED}
    frames = []
    for f in layer.frames:
        if f.state is not SpanState.ACCEPTED:
            continue
        roles = {k: tuple(x for x in v if x in keep) for k, v in f.roles.items()}
        frames.append(replace(f, roles={k: v for k, v in roles.items() if v}))
    return replace(layer, spans=tuple(s for s in layer.spans if s.id in keep),
                   frames=tuple(frames),
                   relations=tuple(r for r in layer.relations
                                   if r.head in keep and r.tail in keep))
