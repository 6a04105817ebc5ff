"""Agreement on frames (attribution structures) between two layers.

Two frames *match* when they have the same type and their content fills share a character
(the content of a frame is the union of the characters of the spans in its content role).
The matching is one-to-one, by ``matching.max_matching`` with the shared characters as
weight. Given a matched pair, each other role (source, cue) is compared by pairing its fillers
one-to-one by overlap (labels are fixed by the role, so they are not compared again). A role
*agrees* on a matched pair when every filler on either side is paired, including when both
leave it empty. A matched pair agrees *fully* when every non-content role agrees.

Fillers that are not counted spans (pending, rejected or unknown ids) are dropped; a frame
without any content filler is still counted but can never match.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desktop.core.model import Frame, Span, SpanState, span_order
from desktop.quality.matching import Interval, max_matching, merge_intervals, overlap_length

CONTENT_ROLE = "content"


@dataclass(frozen=True, slots=True)
class CountedFrame:
    """A frame with its role fillers resolved to counted spans, in ``span_order``."""

    frame: Frame
    content: tuple[Interval, ...]
    roles: Mapping[str, tuple[Span, ...]]

    @property
    def start(self) -> int:
        return self.content[0][0] if self.content else _first_start(self.roles)

    @property
    def end(self) -> int:
        return self.content[-1][1] if self.content else self.start


def _first_start(roles: Mapping[str, tuple[Span, ...]]) -> int:
    starts = [s.start for fillers in roles.values() for s in fillers]
    return min(starts) if starts else 0


def counted_frames(frames: Sequence[Frame], spans: Mapping[str, Span],
                   content_role: str = CONTENT_ROLE) -> list[CountedFrame]:
    """Resolve the fillers of ``frames`` against the counted ``spans`` (by id).

    Only accepted frames count: a pending or rejected suggestion is nobody's annotation.
    """
    out = []
    for frame in frames:
        if frame.state is not SpanState.ACCEPTED:
            continue
        roles = {role: tuple(sorted((spans[i] for i in ids if i in spans), key=span_order))
                 for role, ids in frame.roles.items()}
        content = merge_intervals(f for s in roles.get(content_role, ()) for f in s.fragments)
        out.append(CountedFrame(frame, content, roles))
    out.sort(key=lambda f: (f.start, f.end, len(f.frame.id), f.frame.id))
    return out


def match_frames(a: Sequence[CountedFrame], b: Sequence[CountedFrame]
                 ) -> list[tuple[int, int]]:
    """One-to-one pairs ``(i, j)`` of frames with the same type and overlapping content."""
    edges = []
    for i, fa in enumerate(a):
        if not fa.content:
            continue
        for j, fb in enumerate(b):
            if fb.content and fa.frame.type == fb.frame.type:
                shared = overlap_length(fa.content, fb.content)
                if shared:
                    edges.append((i, j, shared))
    return max_matching(edges)


@dataclass(frozen=True, slots=True)
class RoleComparison:
    """One role of one matched frame pair: fillers paired, fillers on each side."""

    matched: int
    a: int
    b: int

    @property
    def agrees(self) -> bool:
        return self.matched == self.a == self.b


def compare_roles(fa: CountedFrame, fb: CountedFrame, content_role: str = CONTENT_ROLE
                  ) -> dict[str, RoleComparison]:
    """Compare every non-content role of two matched frames."""
    out = {}
    for role in sorted(set(fa.roles) | set(fb.roles)):
        if role == content_role:
            continue
        xa, xb = fa.roles.get(role, ()), fb.roles.get(role, ())
        edges = [(i, j, shared) for i, sa in enumerate(xa) for j, sb in enumerate(xb)
                 if (shared := overlap_length(sa.fragments, sb.fragments))]
        out[role] = RoleComparison(len(max_matching(edges)), len(xa), len(xb))
    return out
