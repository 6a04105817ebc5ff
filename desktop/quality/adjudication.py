"""Which adjudication differences the gold layer has decided (pure; the GUI acts on it).

A **span item** is decided when the gold layer holds a span, accepted or rejected, with one of
the item's labels that overlaps the item: the lead took a version (identical), edited one
(another boundary) or rejected it. A **frame item** is decided when gold holds a frame of the
same type whose content overlaps the item's content. ``decision`` says which annotator's
version gold holds exactly, if any, so the view can show "gold = alice".
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.model import Layer, Span, SpanState
from desktop.quality.diff import DiffItem
from desktop.quality.frames import CONTENT_ROLE
from desktop.quality.matching import overlap_length


@dataclass(frozen=True, slots=True)
class Decision:
    decided: bool
    taken_from: tuple[str, ...] = ()
    """Annotators whose version the gold layer holds exactly (label and fragments; for frames
    also every filler)."""
    rejected: bool = False
    """The gold layer holds the item only as a rejected span."""
    gold_spans: tuple[str, ...] = ()
    """Ids of the gold spans that decide the item (empty for frames)."""
    gold_frames: tuple[str, ...] = ()


def _content(frame_spans: dict[str, Span], ids: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    return tuple(sorted(f for sid in ids if sid in frame_spans
                        for f in frame_spans[sid].fragments))


def decision(item: DiffItem, gold: Layer, layers: dict[str, Layer],
             content_role: str = CONTENT_ROLE) -> Decision:
    """How the gold layer stands on ``item`` (``layers``: the compared layers by annotator)."""
    if not item.is_frame:
        labels = {s.label for s in item.spans.values()}
        extent = ((item.start, item.end),)
        found = [g for g in gold.spans if g.label in labels
                 and overlap_length(g.fragments, extent)
                 and any(overlap_length(g.fragments, s.fragments)
                         for s in item.spans.values())]
        if not found:
            return Decision(False)
        exact = tuple(n for n, s in item.spans.items()
                      if any(g.label == s.label and g.fragments == s.fragments
                             and g.state is SpanState.ACCEPTED for g in found))
        rejected = all(g.state is SpanState.REJECTED for g in found)
        return Decision(True, exact, rejected, tuple(g.id for g in found))
    gold_by_id = {s.id: s for s in gold.spans}
    ftype = next(iter(item.frames.values())).type
    extent = ((item.start, item.end),)
    found_frames = [f for f in gold.frames if f.type == ftype and overlap_length(
        _content(gold_by_id, f.roles.get(content_role, ())) or ((0, 0),), extent)]
    if not found_frames:
        return Decision(False)

    def shape(frame_roles: dict[str, tuple[str, ...]], spans: dict[str, Span]
              ) -> tuple[tuple[str, tuple[tuple[str, tuple[tuple[int, int], ...]], ...]], ...]:
        return tuple(sorted((role, tuple(sorted((spans[s].label, spans[s].fragments)
                                                for s in ids if s in spans)))
                            for role, ids in frame_roles.items() if ids))

    gold_shapes = {shape(dict(f.roles), gold_by_id) for f in found_frames}
    taken = tuple(n for n, f in item.frames.items()
                  if shape(dict(f.roles), {s.id: s for s in layers[n].spans}) in gold_shapes)
    return Decision(True, taken, gold_frames=tuple(f.id for f in found_frames))
