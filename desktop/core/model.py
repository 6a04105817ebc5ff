"""Frozen data classes for documents and their annotations.

Spans, frames and relations carry the external ids used by the native JSONL contract
(``s1``, ``f1``, ``r1``); the store keys them by (document, layer, id).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise
from typing import Any

from desktop.core.offsets import span_text

JsonValue = Any  # JSON-compatible value; attrs and meta are kept as decoded JSON.

GOLD = "gold"
"""Name of the adjudicated gold layer; no annotator may use it as a personal name."""


class DocStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in progress"
    DONE = "done"
    SKIPPED = "skipped"


class Origin(StrEnum):
    MANUAL = "manual"
    SUGGESTED = "suggested"
    IMPORTED = "imported"


class SpanState(StrEnum):
    ACCEPTED = "accepted"
    PENDING = "pending"
    REJECTED = "rejected"


Fragment = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    title: str
    text: str
    sha256: str
    meta: Mapping[str, JsonValue] = field(default_factory=dict)
    imported_at: str = ""


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """One corpus-list row: what the list shows without loading the text."""

    id: str
    title: str
    outlet: str
    published: str
    status: DocStatus
    span_count: int


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled stretch of text, possibly discontinuous.

    ``fragments`` always lists at least one ``(start, end)`` pair; they never overlap and
    usually come in text order, but keep the order they were given in (brat writes and reads
    ``T1 Content 6 11;0 5``). ``start``/``end`` are the outer bounds (the smallest start, the
    largest end) and ``text`` is the fragments, in their order, joined by one space.
    """

    id: str
    label: str
    fragments: tuple[Fragment, ...]
    text: str
    attrs: Mapping[str, JsonValue] = field(default_factory=dict)
    actor: str | None = None
    origin: Origin = Origin.MANUAL
    state: SpanState = SpanState.ACCEPTED
    note: str = ""

    def __post_init__(self) -> None:
        frags = self.fragments
        if len(frags) != 1:  # one fragment (nearly every span) has nothing to compare
            if not frags:
                raise ValueError("a span needs at least one fragment")
            for (_s1, e1), (s2, _e2) in pairwise(sorted(frags)):
                if s2 < e1:
                    raise ValueError("fragments must not overlap")

    @property
    def start(self) -> int:
        frags = self.fragments
        return frags[0][0] if len(frags) == 1 else min(a for a, _ in frags)

    @property
    def end(self) -> int:
        frags = self.fragments
        return frags[0][1] if len(frags) == 1 else max(b for _, b in frags)

    @property
    def discontinuous(self) -> bool:
        return len(self.fragments) > 1

    @classmethod
    def from_text(
        cls,
        doc_text: str,
        *,
        id: str,
        label: str,
        fragments: tuple[Fragment, ...],
        **kwargs: Any,
    ) -> Span:
        """Build a span whose text is taken from ``doc_text``."""
        return cls(id=id, label=label, fragments=fragments,
                   text=span_text(doc_text, fragments), **kwargs)


_SPAN_SLOTS = ("id", "label", "fragments", "text", "attrs", "actor", "origin", "state", "note")
_span_setters = tuple(getattr(Span, name).__set__ for name in _SPAN_SLOTS)
_new_object = object.__new__


def new_span(id: str, label: str, fragments: tuple[Fragment, ...], text: str,
             attrs: Mapping[str, JsonValue], actor: str | None, origin: Origin,
             state: SpanState, note: str) -> Span:
    """``Span(...)`` with every field given in order, about three times faster.

    For the loops that build a span per stored row or per imported span (hundreds of
    thousands in a corpus export): a frozen dataclass's ``__init__`` goes through
    ``object.__setattr__`` per field, this sets the slots directly. A span of one fragment
    has nothing for ``__post_init__`` to check; any other goes through ``Span(...)``.
    """
    if len(fragments) != 1:
        return Span(id, label, fragments, text, attrs, actor, origin, state, note)
    span: Span = _new_object(Span)
    s_id, s_label, s_fragments, s_text, s_attrs, s_actor, s_origin, s_state, s_note = (
        _span_setters)
    s_id(span, id)
    s_label(span, label)
    s_fragments(span, fragments)
    s_text(span, text)
    s_attrs(span, attrs)
    s_actor(span, actor)
    s_origin(span, origin)
    s_state(span, state)
    s_note(span, note)
    return span


def span_order(span: Span) -> tuple[int, int, int, str]:
    """How a layer's spans are ordered everywhere: by start, end, then id (s2 before s10).

    The store sorts the same way in SQL (``ORDER BY start, end, length(id), id``).
    """
    return (span.start, span.end, len(span.id), span.id)


@dataclass(frozen=True, slots=True)
class Frame:
    """An n-ary frame, e.g. attribution: role name -> span ids, in order.

    ``trigger`` is the span that anchors the frame in the text, when it has one: a brat
    event's trigger (``T3 Transfer-money 27 33 paid`` for ``E1 Transfer-money:T3 ...``). It is
    not a role; several frames may share it.

    ``origin`` and ``state`` are as for spans: a frame the assistant proposed is
    ``SUGGESTED``/``PENDING`` until the annotator accepts or rejects it.
    """

    id: str
    type: str
    roles: Mapping[str, tuple[str, ...]]
    attrs: Mapping[str, JsonValue] = field(default_factory=dict)
    trigger: str | None = None
    origin: Origin = Origin.MANUAL
    state: SpanState = SpanState.ACCEPTED

    def span_ids(self) -> set[str]:
        """Every span the frame points to: its role fillers and its trigger."""
        out = {sid for ids in self.roles.values() for sid in ids}
        if self.trigger is not None:
            out.add(self.trigger)
        return out


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why the assistant suggested a span or frame: its engine (``rules``, ``gazetteer``,
    ``strings``, ``model``), the rule, and a score in 0..1."""

    engine: str
    rule: str
    score: float


@dataclass(frozen=True, slots=True)
class Relation:
    id: str
    label: str
    head: str
    tail: str
    attrs: Mapping[str, JsonValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical entry of the project's actor registry."""

    id: str
    name: str
    kind: str = "other"
    aliases: tuple[str, ...] = ()
    attrs: Mapping[str, JsonValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Layer:
    """All annotations of one annotator (or gold) on one document."""

    annotator: str
    status: DocStatus = DocStatus.NEW
    spans: tuple[Span, ...] = ()
    frames: tuple[Frame, ...] = ()
    relations: tuple[Relation, ...] = ()


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """A document with one layer and the actors that layer links to (a JSONL record)."""

    document: Document
    layer: Layer
    actors: tuple[Actor, ...] = ()
