"""One decoder for every row the store reads back: spans, frames, relations and actors.

The single-document readers (``reading``) and the corpus stream (``layers``) select the same
columns and build the same frozen objects through these functions, so a layer reads the same
whichever way it is fetched.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from desktop.core.codebook import Codebook
from desktop.core.model import Actor, Frame, Origin, Relation, Span, SpanState, new_span

SPAN_COLUMNS = ('s.id, s.label, s.start, s."end", s.fragments, s.text, s.attrs, a.id, '
                "s.origin, s.state, s.note")
"""Columns ``span`` decodes, in order (``spans s LEFT JOIN actors a ON a.pk = s.actor``)."""

SPAN_JOIN = "spans s LEFT JOIN actors a ON a.pk = s.actor"

FRAME_COLUMNS = "id, type, attrs, origin, state"
"""Columns ``RoleOrder.frame`` decodes, in order (after the frame's pk and any grouping)."""


def frame_columns(db: Any, alias: str = "") -> str:
    """``FRAME_COLUMNS`` (prefixed with ``alias.``), with constants for origin and state in a
    file older than schema 6 that is read as it is (a read-only open migrates nothing)."""
    p = f"{alias}." if alias else ""
    names = {r[1] for r in db.execute("PRAGMA table_info(frames)")}
    tail = f"{p}origin, {p}state" if "state" in names else "'manual', 'accepted'"
    return f"{p}id, {p}type, {p}attrs, {tail}"

RELATION_COLUMNS = "r.id, r.label, h.id, t.id, r.attrs"
"""Columns ``relation`` decodes (``relations r`` joined to its head ``h`` and tail ``t``)."""

RELATION_JOIN = ("relations r JOIN spans h ON h.pk = r.head "
                 "JOIN spans t ON t.pk = r.tail")

_ORIGIN = {o.value: o for o in Origin}
_STATE = {s.value: s for s in SpanState}


def obj(raw: str | None) -> dict[str, Any]:
    """A stored JSON object column ({} when empty or not an object)."""
    if not raw or raw == "{}":
        return {}
    value = json.loads(raw)
    return value if isinstance(value, dict) else {}


def order_by_id(alias: str) -> str:
    """ORDER BY terms for annotations of one layer: by id (s2 before s10), not by row.

    Undo re-inserts a deleted span, frame or relation under a new row; ordering by id keeps it
    where it was, so a layer reads the same after delete + restore.
    """
    return f"length({alias}.id), {alias}.id, {alias}.pk"


def span(row: Sequence[Any], at: int = 0) -> Span:
    """The span in ``row[at:]`` (columns as ``SPAN_COLUMNS``)."""
    sid, label, start, end, frags, text, raw_attrs, actor, origin, state, note = (
        row if at == 0 and len(row) == _SPAN_WIDTH else row[at:at + _SPAN_WIDTH])
    return new_span(sid, label,
                    ((start, end),) if not frags
                    else tuple((int(a), int(b)) for a, b in json.loads(frags)),
                    text, {} if raw_attrs == "{}" else obj(raw_attrs), actor,
                    _ORIGIN[origin], _STATE[state], note)


_SPAN_WIDTH = 11


def relation(row: Sequence[Any], at: int = 0) -> Relation:
    """The relation in ``row[at:]`` (columns as ``RELATION_COLUMNS``)."""
    return Relation(id=row[at], label=row[at + 1], head=row[at + 2], tail=row[at + 3],
                    attrs=obj(row[at + 4]))


TRIGGER_ROLE = ""
"""The ``frame_roles.role`` of a frame's trigger span (``Frame.trigger``): no codebook role can
be named "" (docs/architecture.md)."""


def role_rows(frame: Frame) -> list[tuple[str, str, int]]:
    """(role, span id, position) for every ``frame_roles`` row of ``frame``, trigger included."""
    out = [(role, sid, pos) for role, ids in frame.roles.items() for pos, sid in enumerate(ids)]
    if frame.trigger is not None:
        out.append((TRIGGER_ROLE, frame.trigger, 0))
    return out


class RoleOrder:
    """Roles in codebook order, so a frame reads the same after any undo (cached per type)."""

    def __init__(self, codebook: Codebook) -> None:
        self._codebook = codebook
        self._orders: dict[str, tuple[str, ...]] = {}

    def of(self, frame_type: str) -> tuple[str, ...]:
        order = self._orders.get(frame_type)
        if order is None:
            ft = self._codebook.frame_type(frame_type)
            order = self._orders[frame_type] = tuple(r.name for r in ft.roles) if ft else ()
        return order

    def frame(self, fid: str, ftype: str, attrs: str | None,
              fillers: Mapping[str, Sequence[str]], origin: str = "manual",
              state: str = "accepted") -> Frame:
        """A frame from its row (columns as ``FRAME_COLUMNS`` after the pk) and fillers."""
        order = self.of(ftype)
        trigger = fillers.get(TRIGGER_ROLE)
        keys = sorted((k for k in fillers if k != TRIGGER_ROLE),
                      key=lambda k: (order.index(k) if k in order else len(order), k))
        return Frame(id=fid, type=ftype, roles={k: tuple(fillers[k]) for k in keys},
                     attrs=obj(attrs), trigger=trigger[0] if trigger else None,
                     origin=_ORIGIN[origin], state=_STATE[state])


def actor(row: Sequence[Any], aliases: Sequence[str]) -> Actor:
    """An actor from ``(pk, id, name, kind, attrs)`` and its aliases in order."""
    return Actor(id=row[1], name=row[2], kind=row[3], aliases=tuple(aliases), attrs=obj(row[4]))
