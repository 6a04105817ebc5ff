"""A binary relation in one gesture (mirrors the attribution gesture in ``frame_gesture``).

With a span selected whose label can be the head of a codebook relation type, ``start``
(key R) enters relate mode; the status bar names the relation types that fit. Clicking an
existing span, or selecting text and pressing a label key, picks the tail: the relation is
saved at once through ``Workspace.add_relation`` and the mode ends (a selection that is
exactly an existing span of that label picks that span). Escape cancels.

When several relation types take the head, the first one is proposed; pressing R again
cycles through them. A tail that only another candidate type accepts switches to that type
(and says so). Everything written during the gesture (a new tail span and the relation) is
one undo step, like the attribution gesture's (see ``span_gesture``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.core.codebook import RelationTypeDef
from desktop.core.model import Fragment, Relation, Span
from desktop.ui.span_gesture import SpanGesture
from desktop.ui.workspace import Workspace


def _takes(labels: tuple[str, ...], label: str) -> bool:
    return not labels or label in labels  # an empty list in the codebook means any label


def _brief(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


class RelationGesture(SpanGesture):
    """State of the relate gesture (``changed``: it switched relation type too)."""

    cancelled_message = "Relation cancelled: nothing saved"

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(workspace, parent)
        self.head: Span | None = None
        self.types: list[RelationTypeDef] = []
        self.chosen = 0

    @property
    def active(self) -> bool:
        return self.head is not None

    @property
    def relation_type(self) -> RelationTypeDef | None:
        return self.types[self.chosen] if self.types else None

    def members(self) -> dict[str, str]:
        """Span id -> role ("head") of the spans picked so far (outlined in the article)."""
        return {self.head.id: "head"} if self.head is not None else {}

    def head_types(self, label: str) -> list[RelationTypeDef]:
        """Relation types whose head takes ``label``, in codebook order."""
        return [t for t in self.ws.codebook.relations if _takes(t.head, label)]

    # -- lifecycle -----------------------------------------------------------------------

    def start(self, head: Span | None) -> bool:
        """Enter relate mode with ``head``; pressed again, switch to the next relation type."""
        if self.active:
            return self.next_type()
        heads = sorted({lab for t in self.ws.codebook.relations for lab in t.head})
        if not self.ws.codebook.relations:
            self.message.emit("Relate: the codebook defines no relation types")
            return False
        if head is None:
            self.message.emit(f"Relate: select a {'/'.join(heads) or 'head'} span first "
                              "(click it), then press R")
            return False
        types = self.head_types(head.label)
        if not types:
            self.message.emit(f"Relate: a {head.label} span cannot be the head of a relation; "
                              f"select a {'/'.join(heads)} span")
            return False
        self.head, self.types, self.chosen = head, types, 0
        self.changed.emit()
        self.message.emit(self._prompt())
        return True

    def next_type(self) -> bool:
        if len(self.types) < 2:
            self.message.emit(self._prompt())
            return True
        self.chosen = (self.chosen + 1) % len(self.types)
        self.changed.emit()
        self.message.emit(self._prompt())
        return True

    def _prompt(self) -> str:
        rtype = self.relation_type
        assert self.head is not None
        assert rtype is not None
        tails = "/".join(rtype.tail) or "any"
        others = (f" Other types: {', '.join(t.name for t in self.types if t is not rtype)} "
                  "(R switches)." if len(self.types) > 1 else "")
        return (f"Relate {self.head.label} “{_brief(self.head.text)}” as {rtype.name} → "
                f"{tails}: click the tail span or select text and press its key; "
                f"Esc cancels.{others}")

    def _step_name(self) -> str:
        rtype = self.relation_type
        return f"Relate ({rtype.name if rtype else 'relation'})"

    def _reset(self) -> None:
        self.head = None
        self.types = []
        self.chosen = 0

    # -- the tail ------------------------------------------------------------------------

    def type_for_tail(self, label: str) -> RelationTypeDef | None:
        """The chosen type if it takes ``label`` as tail, else the first candidate that does."""
        ordered = [*self.types[self.chosen:], *self.types[:self.chosen]]
        return next((t for t in ordered if _takes(t.tail, label)), None)

    def pick(self, tail: Span) -> Relation | None:
        """Save the relation head → ``tail`` and end the gesture (refused if it cannot fit)."""
        head, current = self.head, self.relation_type
        if head is None or current is None:
            return None
        if tail.id == head.id:
            self.message.emit("Relate: the tail must be another span (Esc cancels)")
            return None
        rtype = self.type_for_tail(tail.label)
        if rtype is None:
            takes = "/".join(sorted({lab for t in self.types for lab in t.tail}))
            self.message.emit(f"A {tail.label} span cannot be the tail of "
                              f"{'/'.join(t.name for t in self.types)} (takes {takes}); "
                              "pick another span or press Esc")
            return None
        existing = next((r for r in self.ws.layer().relations if r.label == rtype.name
                         and r.head == head.id and r.tail == tail.id), None)
        if existing is not None:
            self.message.emit(f"Relation {existing.id} ({rtype.name}) already links these "
                              "spans; nothing saved")
            self._close()
            return None
        # With a tail created in the gesture, the relation joins its undo step.
        with self._writing():
            saved = self.ws.add_relation(Relation(id="", label=rtype.name, head=head.id,
                                                  tail=tail.id))
        self._close()
        if saved is None:
            return None
        switched = f" (the tail fits {rtype.name}, not {current.name})" \
            if rtype is not current else ""
        self.ws.select_span(head.id)
        self.message.emit(f"Relation {saved.id} saved: {head.label} “{_brief(head.text)}” "
                          f"{rtype.name} → {tail.label} “{_brief(tail.text)}”{switched}")
        return saved

    def add_span(self, label: str, fragments: tuple[Fragment, ...]) -> Span | None:
        """Pick the tail from a text selection and a label key.

        A span with that label on exactly that text is reused (keyboard users reach an
        existing tail this way); otherwise the span is created inside the gesture's undo step.
        """
        same = next((s for s in self.ws.layer().spans
                     if s.label == label and s.fragments == fragments), None)
        if same is not None:
            self.pick(same)
            return same
        with self._writing():
            span = self.ws.add_span(label, fragments)
        if span is not None:
            self.pick(span)
        return span
