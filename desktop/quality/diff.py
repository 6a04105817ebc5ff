"""The differences between two or more layers of one document, for adjudication.

Items are built from *variants*: one variant is a span (label and fragments) or a frame
(type and fillers) that some layers share exactly. A variant every layer has is ``AGREED``.
The other variants are grouped, left to right: a group starts with the first free variant and
takes, from each layer not yet in the group, the best free variant that overlaps it (same
label first, then most shared characters). Spans with different labels join a group only when
the shared characters are at least half of the longer span, the rule the confusion matrix
uses. Frames group by overlapping content, within one frame type.

Only accepted spans count, as in the agreement figures. ``AGREED`` still flags differing
attributes or actor links (``attrs_differ``, ``actor_differs``); ``settled`` is the test an
"accept all agreed" key should use.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

from desktop.core.model import Frame, Layer, Span, SpanState
from desktop.quality.frames import CONTENT_ROLE, CountedFrame, counted_frames
from desktop.quality.matching import Interval, overlap_length
from desktop.quality.spans import counted_spans, substantial


class DiffKind(StrEnum):
    AGREED = "agreed"
    ONLY_SOME = "only in some"
    LABEL = "label differs"
    BOUNDARY = "boundary differs"
    LABEL_AND_BOUNDARY = "label and boundary differ"
    ROLES = "roles differ"
    """Frames with overlapping content whose fillers differ (see ``DiffItem.roles``)."""


@dataclass(frozen=True, slots=True)
class DiffItem:
    """One span or frame item of the adjudication view."""

    kind: DiffKind
    start: int
    end: int
    """Outer bounds over every layer's version (for frames: of the content)."""
    spans: Mapping[str, Span] = field(default_factory=dict)
    """Annotator -> that annotator's span (span items; empty for frame items)."""
    frames: Mapping[str, Frame] = field(default_factory=dict)
    """Annotator -> that annotator's frame (frame items; empty for span items)."""
    missing: tuple[str, ...] = ()
    """Annotators without a version of this item."""
    attrs_differ: bool = False
    actor_differs: bool = False
    roles: tuple[str, ...] = ()
    """For frame items: the roles whose fillers differ between the versions."""

    @property
    def is_frame(self) -> bool:
        return bool(self.frames)

    @property
    def present(self) -> tuple[str, ...]:
        return tuple(self.frames or self.spans)

    @property
    def settled(self) -> bool:
        """Agreed in every respect: safe to accept without looking."""
        return self.kind is DiffKind.AGREED and not (self.attrs_differ or self.actor_differs)


T = TypeVar("T")


@dataclass(slots=True)
class _Variant(Generic[T]):
    members: dict[str, T]
    label: str
    intervals: tuple[Interval, ...]
    key: tuple[object, ...]


def _variants(per_layer: Mapping[str, Sequence[T]], key_of: Callable[[T], tuple[object, ...]],
              label_of: Callable[[T], str], intervals_of: Callable[[T], tuple[Interval, ...]]
              ) -> list[_Variant[T]]:
    grouped: dict[tuple[object, ...], list[dict[str, T]]] = {}
    for name, items in per_layer.items():
        seen: dict[tuple[object, ...], int] = {}
        for item in items:
            key = key_of(item)
            k = seen.get(key, 0)
            seen[key] = k + 1
            instances = grouped.setdefault(key, [])
            if k == len(instances):
                instances.append({})
            instances[k][name] = item
    return [_Variant(members, label_of(next(iter(members.values()))),
                     intervals_of(next(iter(members.values()))), key)
            for key, instances in grouped.items() for members in instances]


def _groups(variants: list[_Variant[T]], *, cross_label: Callable[[_Variant[T], _Variant[T],
            int], bool]) -> list[list[_Variant[T]]]:
    order = sorted(range(len(variants)), key=lambda i: (
        variants[i].intervals[0] if variants[i].intervals else (0, 0),
        variants[i].label, str(variants[i].key)))
    free = set(order)
    out = []
    for i in order:
        if i not in free:
            continue
        free.discard(i)
        anchor = variants[i]
        group = [anchor]
        covered = set(anchor.members)
        while True:
            best: tuple[tuple[int, int, int], int] | None = None
            for rank, j in enumerate(order):
                w = variants[j]
                if j not in free or covered & w.members.keys() or not anchor.intervals:
                    continue
                shared = overlap_length(anchor.intervals, w.intervals)
                if not shared or (w.label != anchor.label and not cross_label(anchor, w, shared)):
                    continue
                score = (int(w.label != anchor.label), -shared, rank)
                if best is None or score < best[0]:
                    best = (score, j)
            if best is None:
                break
            free.discard(best[1])
            group.append(variants[best[1]])
            covered |= variants[best[1]].members.keys()
        out.append(group)
    return out


def _differ(values: Sequence[object]) -> bool:
    return any(v != values[0] for v in values[1:])


def _span_items(per_layer: Mapping[str, Sequence[Span]], names: Sequence[str]) -> list[DiffItem]:
    variants = _variants(per_layer, lambda s: (s.label, s.fragments), lambda s: s.label,
                         lambda s: s.fragments)
    agreed = [v for v in variants if len(v.members) == len(names)]
    rest = [v for v in variants if len(v.members) < len(names)]
    groups = [[v] for v in agreed] + _groups(rest, cross_label=lambda a, b, shared: substantial(
        next(iter(a.members.values())), next(iter(b.members.values())), shared))
    items = []
    for group in groups:
        spans = {n: v.members[n] for n in names for v in group if n in v.members}
        labels = {v.label for v in group}
        bounds = {v.intervals for v in group}
        if len(spans) == len(names) and len(group) == 1:
            kind = DiffKind.AGREED
        elif len(group) == 1:
            kind = DiffKind.ONLY_SOME
        elif len(labels) > 1:
            kind = DiffKind.LABEL_AND_BOUNDARY if len(bounds) > 1 else DiffKind.LABEL
        else:
            kind = DiffKind.BOUNDARY
        members = list(spans.values())
        items.append(DiffItem(
            kind, min(s.start for s in members), max(s.end for s in members), spans=spans,
            missing=tuple(n for n in names if n not in spans),
            attrs_differ=_differ([dict(s.attrs) for s in members]),
            actor_differs=_differ([s.actor for s in members])))
    return items


def _frame_key(f: CountedFrame) -> tuple[object, ...]:
    return (f.frame.type, tuple(sorted(
        (role, tuple((s.label, s.fragments) for s in fillers))
        for role, fillers in f.roles.items() if fillers)))


def _frame_items(per_layer: Mapping[str, Sequence[CountedFrame]], names: Sequence[str]
                 ) -> list[DiffItem]:
    variants = _variants(per_layer, _frame_key, lambda f: f.frame.type, lambda f: f.content)
    agreed = [v for v in variants if len(v.members) == len(names)]
    rest = [v for v in variants if len(v.members) < len(names)]
    groups = [[v] for v in agreed] + _groups(rest, cross_label=lambda a, b, shared: False)
    items = []
    for group in groups:
        counted = {n: v.members[n] for n in names for v in group if n in v.members}
        members = list(counted.values())
        if len(group) == 1:
            kind = DiffKind.AGREED if len(counted) == len(names) else DiffKind.ONLY_SOME
            roles: tuple[str, ...] = ()
        else:
            kind = DiffKind.ROLES
            all_roles = sorted({r for f in members for r, fill in f.roles.items() if fill})
            roles = tuple(r for r in all_roles if _differ(
                [tuple((s.label, s.fragments) for s in f.roles.get(r, ())) for f in members]))
        items.append(DiffItem(
            kind, min(f.start for f in members), max(f.end for f in members),
            frames={n: f.frame for n, f in counted.items()},
            missing=tuple(n for n in names if n not in counted),
            attrs_differ=_differ([dict(f.frame.attrs) for f in members]), roles=roles))
    return items


def diff_layers(layers: Mapping[str, Layer], *, labels: Collection[str] | None = None,
                content_role: str = CONTENT_ROLE) -> list[DiffItem]:
    """Span and frame items of ``layers`` (annotator -> layer), ordered by text position.

    Ties are broken by end, spans before frames, then the annotators and ids involved, so the
    order is stable. ``labels`` restricts the spans compared (frames are compared whole).
    """
    names = list(layers)
    spans = {n: counted_spans(layers[n], labels) for n in names}
    frames = {n: counted_frames(layers[n].frames, {s.id: s for s in layers[n].spans
                                                   if s.state is SpanState.ACCEPTED},
                                content_role) for n in names}
    items = _span_items(spans, names) + _frame_items(frames, names)
    items.sort(key=lambda d: (d.start, d.end, d.is_frame, [
        (n, m.id) for n, m in (d.frames or d.spans).items()]))
    return items
