"""Reviewing the assistant's suggestions with one key each: what is "under the caret", and
what accepting or rejecting it changes.

A *suggestion* to decide is either a pending frame (whose claim is under the caret) with its
pending fillers, or a pending span on its own:

* Enter on a frame's claim accepts the frame and its pending claim, source and cue; on any
  other pending span it accepts that span.
* Backspace on a frame's claim rejects the frame and those of its pending fillers that no
  other frame uses; on another pending span it rejects the span and every pending frame it
  fills (the status bar says which).
* N / Shift+N go to the next / previous suggestion; after a decision the next one is
  selected, so reviewing a document is Enter, Enter, Backspace, ...

Each decision is one ``DecideSuggestions`` op: one undo step. Rejected suggestions stay in
the layer (hidden in the text) so the assistant never proposes them again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from desktop.core.model import Frame, Layer, Span, SpanState
from desktop.ui.assist_ops import DecideSuggestions
from desktop.ui.views.article_view import ArticleView
from desktop.ui.workspace import Workspace

PENDING, ACCEPTED, REJECTED = SpanState.PENDING, SpanState.ACCEPTED, SpanState.REJECTED


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One thing to decide: a pending frame with its pending fillers, or a pending span."""

    anchor: Span
    """The span shown and selected for it (a frame's claim)."""
    frame: Frame | None = None

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.anchor.start, self.anchor.end, self.frame.id if self.frame else "")


def content_ids(frame: Frame) -> tuple[str, ...]:
    """The frame's content (attribution: the claim), else its first role's fillers."""
    if "content" in frame.roles:
        return frame.roles["content"]
    return next(iter(frame.roles.values()), ())


def suggestions(layer: Layer) -> list[Suggestion]:
    """The layer's pending suggestions in text order (a pending span that fills a pending
    frame is decided with that frame)."""
    spans = {s.id: s for s in layer.spans}
    out: list[Suggestion] = []
    in_frames: set[str] = set()
    for f in layer.frames:
        if f.state is not PENDING:
            continue
        ids = [x for x in (*content_ids(f), *sorted(f.span_ids())) if x in spans]
        if ids:
            out.append(Suggestion(spans[ids[0]], f))
            in_frames |= f.span_ids()
    out += [Suggestion(s) for s in layer.spans if s.state is PENDING and s.id not in in_frames]
    return sorted(out, key=lambda u: u.key)


def _contains(span: Span, pos: int) -> bool:
    return any(a <= pos < b for a, b in span.fragments)


class SuggestionReview(QObject):
    """Signals:
    message(str): a sentence for the status bar.
    """

    message = Signal(str)

    def __init__(self, workspace: Workspace, view: ArticleView,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.view = view

    # -- finding -------------------------------------------------------------------------

    def _layer(self) -> Layer | None:
        if not self.view.editable:
            return None
        return self.ws.layer()

    def current(self) -> Suggestion | None:
        """The suggestion under the caret: the selected span's, else the innermost pending
        span at the caret (a frame's claim stands for the frame)."""
        layer = self._layer()
        if layer is None:
            return None
        spans = {s.id: s for s in layer.spans}
        claims = {cid: f for f in layer.frames if f.state is PENDING for cid in content_ids(f)}
        candidates: list[Span] = []
        selected = spans.get(self.ws.selected_span)
        if selected is not None:
            candidates.append(selected)
        pos = self.view.caret()
        candidates += sorted((s for s in layer.spans if _contains(s, pos)),
                             key=lambda s: (sum(b - a for a, b in s.fragments), s.id))
        for span in candidates:
            if span.id in claims:
                return Suggestion(span, claims[span.id])
            if span.state is PENDING:
                return Suggestion(span)
        return None

    def describe(self, s: Suggestion) -> str:
        layer = self.ws.layer()
        spans = {x.id: x for x in layer.spans}
        if s.frame is None:
            return f"suggested {s.anchor.label} “{_short(s.anchor.text)}”"
        parts = [f"{role} “{_short(spans[x].text, 30)}”" for role, ids in s.frame.roles.items()
                 if role != "content" for x in ids if x in spans]
        with_ = f" with {', '.join(parts)}" if parts else ""
        return f"suggested frame: CLAIM “{_short(s.anchor.text)}”{with_}"

    # -- deciding ------------------------------------------------------------------------

    def accept_current(self) -> bool:
        """Enter: accept the suggestion under the caret, then go to the next one."""
        s = self.current()
        if s is None:
            self.message.emit(self.nothing_here())
            return False
        return self.accept(s)

    def reject_current(self) -> bool:
        """Backspace: reject the suggestion under the caret, then go to the next one."""
        s = self.current()
        if s is None:
            self.message.emit(self.nothing_here())
            return False
        return self.reject(s)

    def accept_span(self, span: Span) -> bool:
        """Accept ``span`` (for a frame's claim: the frame) - relabelling with its own label."""
        layer = self.ws.layer()
        frame = next((f for f in layer.frames if f.state is PENDING
                      and span.id in content_ids(f)), None)
        return self.accept(Suggestion(span, frame))

    def accept(self, s: Suggestion) -> bool:
        layer = self.ws.layer()
        if s.frame is None:
            spans = {s.anchor.id: ACCEPTED}
            frames: dict[str, SpanState] = {}
            text = f"Accept {s.anchor.label} suggestion"
        else:
            spans = {x: ACCEPTED for x in self._pending_fillers(layer, [s.frame])}
            frames = {s.frame.id: ACCEPTED}
            text = "Accept suggested frame"
        described = self.describe(s)
        if not self._push(text, spans, frames):
            return False
        self._after(f"Accepted {described}", s, accepted=True)
        return True

    def reject(self, s: Suggestion) -> bool:
        layer = self.ws.layer()
        if s.frame is None:
            gone = [f for f in layer.frames if f.state is PENDING and s.anchor.id in f.span_ids()]
            spans = {s.anchor.id: REJECTED}
            text = f"Reject {s.anchor.label} suggestion"
            also = (f"; also rejected the suggested frame{'s' if len(gone) > 1 else ''} it "
                    f"filled ({', '.join(f.id for f in gone)})") if gone else ""
        else:
            gone = [s.frame]
            # A filler another live frame uses (a speaker quoted twice) stays pending.
            used = {x for f in layer.frames if f.id != s.frame.id and f.state is not REJECTED
                    for x in f.span_ids()}
            spans = {x: REJECTED for x in self._pending_fillers(layer, gone) if x not in used}
            text = "Reject suggested frame"
            also = ""
        described = self.describe(s)
        if not self._push(text, spans, {f.id: REJECTED for f in gone}):
            return False
        self._after(f"Rejected {described}{also}", s, accepted=False)
        return True

    def decide_all(self, state: SpanState) -> int:
        """Accept (or reject) every pending span and frame of the document: one undo step."""
        layer = self._layer()
        if layer is None or self.ws.current is None:
            self.message.emit("Open a document of your own layer first")
            return 0
        spans = {s.id: state for s in layer.spans if s.state is PENDING}
        frames = {f.id: state for f in layer.frames if f.state is PENDING}
        if not spans and not frames:
            self.message.emit("No pending suggestions in this document")
            return 0
        verb = "Accept" if state is ACCEPTED else "Reject"
        if not self._push(f"{verb} all suggestions", spans, frames):
            return 0
        self.message.emit(f"{verb}ed {len(spans)} suggested spans and {len(frames)} frames "
                          "(Ctrl+Z undoes)")
        return len(spans) + len(frames)

    def _pending_fillers(self, layer: Layer, frames: Iterable[Frame]) -> list[str]:
        pending = {s.id for s in layer.spans if s.state is PENDING}
        return sorted({x for f in frames for x in f.span_ids() if x in pending})

    def _push(self, text: str, spans: dict[str, SpanState],
              frames: dict[str, SpanState]) -> bool:
        assert self.ws.current is not None
        return self.ws.push(DecideSuggestions(self.ws.project, self.ws.annotator,
                                              self.ws.current.id, text, spans=spans,
                                              frames=frames))

    def _after(self, said: str, done: Suggestion, *, accepted: bool) -> None:
        """Go on to the next suggestion (reviewing is Enter, Enter, Backspace, ...)."""
        left = suggestions(self.ws.layer())
        following = [u for u in left if u.key > done.key] or left
        if following:
            self._go(following[0])
            self.message.emit(f"{said}. Next: {self.describe(following[0])} "
                              f"({len(left)} left; Enter accepts, Backspace rejects)")
        else:
            # The last one: an accepted span stays selected, a rejected one is gone.
            self.ws.select_span(done.anchor.id if accepted else "")
            self.message.emit(f"{said}. No suggestions left in this document")

    # -- moving --------------------------------------------------------------------------

    def step(self, direction: int) -> Suggestion | None:
        """N / Shift+N: select the next (+1) or previous (-1) suggestion."""
        layer = self._layer()
        if layer is None:
            self.message.emit("Suggestions are reviewed in your own layer")
            return None
        units = suggestions(layer)
        if not units:
            self.message.emit("No pending suggestions in this document (F7 suggests)")
            return None
        here = self.current()
        if here is not None:
            key = here.key
        else:
            pos = self.view.caret()
            key = (pos, pos if direction > 0 else -1, "")
        if direction > 0:
            target = next((u for u in units if u.key > key), units[0])
        else:
            target = next((u for u in reversed(units) if u.key < key), units[-1])
        self._go(target)
        n = units.index(target) + 1
        ev = self._evidence(target)
        self.message.emit(f"Suggestion {n} of {len(units)}: {self.describe(target)}{ev} — "
                          "Enter accepts, Backspace rejects")
        return target

    def first(self) -> Suggestion | None:
        """Select the suggestion under or after the caret (else the first one)."""
        layer = self._layer()
        units = suggestions(layer) if layer is not None else []
        if not units:
            return None
        pos = self.view.caret()
        target = next((u for u in units if u.anchor.end > pos), units[0])
        self._go(target)
        return target

    def _go(self, s: Suggestion) -> None:
        self.view.set_caret(s.anchor.start)
        self.ws.select_span(s.anchor.id)

    def _evidence(self, s: Suggestion) -> str:
        doc = self.ws.current
        if doc is None:
            return ""
        span_ev, frame_ev = self.ws.project.suggestions.evidence(doc.id, self.ws.annotator)
        ev = frame_ev.get(s.frame.id) if s.frame is not None else span_ev.get(s.anchor.id)
        return f" ({ev.engine}: {ev.rule}, score {ev.score:.2f})" if ev else ""

    def nothing_here(self) -> str:
        if not self.view.editable:
            return "Suggestions are reviewed in your own layer"
        n = len(suggestions(self.ws.layer()))
        if n:
            return (f"No suggestion under the caret: N goes to the next one ({n} in this "
                    "document)")
        return "No pending suggestions in this document (F7 suggests)"


def _short(text: str, n: int = 50) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"
