"""Painting spans over the article text.

Two passes per paint event. Under the text: translucent label-coloured backgrounds, so
overlapping spans darken where they overlap. Over the text: one underline per span in its own
lane (nested and crossing spans get stacked underlines at different depths), fragment brackets
and a connector joining the fragments of a discontinuous span, a dashed outline for pending
suggestions and a dashed arc from a pending frame's claim to its other fillers, a solid
outline for the selected span, dotted outlines for the frame partners of the selected span and
the spans picked during the attribution gesture, and a warning mark on spans of frames that
break the codebook's role limits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF

from desktop.core.model import SpanState
from desktop.ui.views.span_index import LineBox

LANE_GAP = 3.5
"""Vertical distance between stacked underlines."""
MAX_LANES = 3
"""Lanes drawn at distinct depths; deeper nesting shares the last depth."""
WARNING = "#d9480f"
PENDING_FRAME = "#868e96"
"""Grey for pending frames' arcs: readable on light and dark backgrounds."""


@dataclass(slots=True)
class PaintState:
    colours: Mapping[str, QColor]
    selected: str = ""
    partners: frozenset[str] = frozenset()
    gesture: Mapping[str, str] = field(default_factory=dict)
    """Span id -> role for spans picked in the attribution gesture."""
    flagged: frozenset[str] = frozenset()
    dark: bool = False
    """The background is dark: outlines are lightened instead of darkened."""
    ink: QColor = field(default_factory=lambda: QColor("#212529"))
    """The text colour (the gesture's outline)."""
    warning: QColor = field(default_factory=lambda: QColor(WARNING))
    background: QColor = field(default_factory=lambda: QColor("#ffffff"))
    tags: bool = False
    """Draw the label name at the start of each span."""
    links: tuple[tuple[str, str, str], ...] = ()
    """(from span, to span, role): the connectors of the selected span's frames."""
    pending_links: tuple[tuple[str, str], ...] = ()
    """(claim, filler) span ids of pending frames, joined by dashed arcs."""

    def emphasis(self, colour: QColor, factor: int) -> QColor:
        """``colour`` made to stand out from the background (darker, or lighter on dark)."""
        return colour.lighter(factor) if self.dark else colour.darker(factor)


def _colour(state: PaintState, label: str) -> QColor:
    return state.colours.get(label) or QColor("#888888")


def _with_alpha(c: QColor, alpha: int) -> QColor:
    out = QColor(c)
    out.setAlpha(alpha)
    return out


def lane_y(box: LineBox) -> float:
    return box.underline_y + min(box.piece.lane, MAX_LANES - 1) * LANE_GAP


def paint_backgrounds(p: QPainter, boxes: Sequence[LineBox], state: PaintState) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    # On a dark background a translucent tint needs more opacity to be seen.
    plain, chosen = (60, 120) if state.dark else (42, 95)
    for box in boxes:
        span = box.piece.span
        colour = _colour(state, span.label)
        if span.state is SpanState.PENDING:
            p.setBrush(QBrush(_with_alpha(colour, 120), Qt.BrushStyle.BDiagPattern))
        else:
            selected = span.id == state.selected
            p.setBrush(_with_alpha(colour, chosen if selected else plain))
        p.drawRect(box.rect)


def paint_overlay(p: QPainter, boxes: Sequence[LineBox], state: PaintState) -> None:
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for box in boxes:
        _underline(p, box, state)
    _connectors(p, boxes, state)
    _frame_links(p, boxes, state)
    for box in boxes:
        sid = box.piece.span.id
        if box.piece.span.state is SpanState.PENDING:
            _outline(p, box, _colour(state, box.piece.span.label), 1.2, Qt.PenStyle.DashLine)
        if sid in state.gesture:
            _outline(p, box, state.ink, 1.6, Qt.PenStyle.DashLine)
        elif sid == state.selected:
            _outline(p, box, state.emphasis(_colour(state, box.piece.span.label), 150), 2.0,
                     Qt.PenStyle.SolidLine)
        elif sid in state.partners:
            _outline(p, box, state.emphasis(_colour(state, box.piece.span.label), 130), 1.3,
                     Qt.PenStyle.DotLine)
    for box in boxes:
        if box.piece.span.id in state.flagged and box.last and box.piece.is_last:
            _warning(p, QPointF(box.rect.right(), box.rect.top()), state.warning)


def _underline(p: QPainter, box: LineBox, state: PaintState) -> None:
    span = box.piece.span
    colour = _colour(state, span.label)
    y = lane_y(box)
    pen = QPen(colour, 2.4 if span.id == state.selected else 1.8)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    if span.state is SpanState.PENDING:
        pen.setStyle(Qt.PenStyle.DashLine)
    p.setPen(pen)
    # A small gap at both ends keeps adjacent spans of one label apart.
    left = box.rect.left() + (1.5 if box.first else 0.0)
    right = box.rect.right() - (1.5 if box.last else 0.0)
    p.drawLine(QPointF(left, y), QPointF(right, y))
    if span.discontinuous:
        # Bracket ticks mark where each fragment starts and ends.
        tick = QPen(colour, 1.4)
        p.setPen(tick)
        top = box.rect.bottom() - 3.0
        if box.first:
            p.drawLine(QPointF(left, y), QPointF(left, top))
        if box.last:
            p.drawLine(QPointF(right, y), QPointF(right, top))


def _connectors(p: QPainter, boxes: Sequence[LineBox], state: PaintState) -> None:
    """Join fragment i's end to fragment i+1's start for discontinuous spans on screen."""
    ends: dict[tuple[str, int], LineBox] = {}
    starts: dict[tuple[str, int], LineBox] = {}
    for box in boxes:
        if not box.piece.span.discontinuous:
            continue
        key = (box.piece.span.id, box.piece.fragment)
        if box.last:
            ends[key] = box
        if box.first:
            starts.setdefault(key, box)
    for (sid, frag), end in ends.items():
        start = starts.get((sid, frag + 1))
        if start is None:
            continue
        colour = _colour(state, end.piece.span.label)
        pen = QPen(state.emphasis(colour, 115), 1.4 if sid != state.selected else 2.0)
        pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        a = QPointF(end.rect.right() - 1.5, lane_y(end))
        b = QPointF(start.rect.left() + 1.5, lane_y(start))
        path = QPainterPath(a)
        if abs(a.y() - b.y()) < 1.0:
            dip = max(a.y(), b.y()) + 6.0
            path.cubicTo(QPointF(a.x() + 6, dip), QPointF(b.x() - 6, dip), b)
        else:
            path.cubicTo(QPointF(a.x() + 10, a.y() + 4), QPointF(b.x() - 10, b.y() - 4), b)
        p.drawPath(path)


def _frame_links(p: QPainter, boxes: Sequence[LineBox], state: PaintState) -> None:
    """A dashed arc over the text from a pending frame's claim to each of its other fillers
    on screen: the frame is visible before anything is selected."""
    if not state.pending_links:
        return
    first: dict[str, LineBox] = {}
    for box in boxes:
        first.setdefault(box.piece.span.id, box)
    pen = QPen(QColor(PENDING_FRAME), 1.2)
    pen.setStyle(Qt.PenStyle.DashLine)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    for claim, other in state.pending_links:
        a, b = first.get(claim), first.get(other)
        if a is None or b is None:
            continue
        start = QPointF(a.rect.left() + 3.0, a.rect.top())
        end = QPointF(b.rect.center().x(), b.rect.top())
        lift = min(a.rect.top(), b.rect.top()) - 7.0
        path = QPainterPath(start)
        path.cubicTo(QPointF(start.x(), lift), QPointF(end.x(), lift), end)
        p.drawPath(path)


def _outline(p: QPainter, box: LineBox, colour: QColor, width: float,
             style: Qt.PenStyle) -> None:
    pen = QPen(colour, width)
    pen.setStyle(style)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    r = QRectF(box.rect).adjusted(-1.0, -1.0, 1.0, 1.0)
    p.drawRoundedRect(r, 2.5, 2.5)


def _warning(p: QPainter, at: QPointF, colour: QColor) -> None:
    """A small filled triangle at the top-right corner of a span of an invalid frame."""
    tri = QPolygonF([at + QPointF(-7.0, -1.0), at + QPointF(1.0, -1.0), at + QPointF(1.0, 7.0)])
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    p.drawPolygon(tri)
