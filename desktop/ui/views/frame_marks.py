"""Which frames each span of the shown layer fills, and the frame problems that flag it.

The article view draws a warning under every span of an incomplete or ill-typed frame,
outlines the partners of the selected span (the other fillers of its frames) and lists roles
in tooltips; this index holds that, rebuilt from a layer after edits.
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop.core.codebook import Codebook
from desktop.core.model import Frame, Layer, Span, SpanState
from desktop.core.validate import frame_limit_problems, frame_problems


class FrameMarks:
    def __init__(self) -> None:
        self.roles_of: dict[str, list[tuple[Frame, str]]] = {}
        """Span id -> (frame, role) of every frame role the span fills."""
        self.flags: dict[str, list[str]] = {}
        """Span id -> problems of the frames it is in ("frame f1: ...")."""
        self._checks: dict[int, tuple[Frame, tuple[str | None, ...], list[str]]] = {}
        self._checked_with: Codebook | None = None

    def index(self, layer: Layer, spans: Mapping[str, Span], codebook: Codebook) -> None:
        """Index ``layer``'s frames (``spans``: the layer's spans by id)."""
        self.roles_of = {}
        self.flags = {}
        checked: dict[int, tuple[Frame, tuple[str | None, ...], list[str]]] = {}
        if codebook is not self._checked_with:
            self._checks = {}
            self._checked_with = codebook
        for frame in layer.frames:
            if frame.state is SpanState.REJECTED:
                continue  # a turned-down suggestion, kept only so it is not proposed again
            # A frame's problems depend on it and on its fillers' labels only; frames come
            # back from the store as the same objects while unchanged, so most are reused.
            filler_ids = [sid for role_ids in frame.roles.values() for sid in role_ids]
            fillers = tuple(s.label if s is not None else None
                            for s in map(spans.get, filler_ids))
            hit = self._checks.get(id(frame))
            if hit is not None and hit[0] is frame and hit[1] == fillers:
                problems = hit[2]
            else:
                labels = {sid: lab for sid, lab in zip(filler_ids, fillers, strict=True)
                          if lab is not None}
                problems = [p.message for p in (*frame_limit_problems(frame, codebook),
                                                 *frame_problems(frame, labels=labels,
                                                                 codebook=codebook))]
            checked[id(frame)] = (frame, fillers, problems)
            for role, ids in frame.roles.items():
                for sid in ids:
                    self.roles_of.setdefault(sid, []).append((frame, role))
                    if problems:
                        self.flags.setdefault(sid, []).extend(
                            f"frame {frame.id}: {p}" for p in problems)
        self._checks = checked

    def problems(self, span_id: str) -> list[str]:
        return self.flags.get(span_id, [])

    def pending_links(self) -> list[tuple[str, str]]:
        """(claim, other filler) of every pending frame: drawn as dashed links."""
        out = []
        seen: set[int] = set()
        for entries in self.roles_of.values():
            for frame, _role in entries:
                if frame.state is not SpanState.PENDING or id(frame) in seen:
                    continue
                seen.add(id(frame))
                content = frame.roles.get("content") or next(iter(frame.roles.values()), ())
                if content:
                    out += [(content[0], sid) for sid in sorted(frame.span_ids())
                            if sid != content[0]]
        return out

    def partners(self, span_id: str) -> frozenset[str]:
        """The other fillers of every frame ``span_id`` is in."""
        return frozenset(sid for frame, _ in self.roles_of.get(span_id, [])
                         for sid in frame.span_ids() if sid != span_id)
