"""Optional drawings over the article: inline label tags and frame connectors.

Inline tags (View → Label tags) put each span's label name in a small tag just above its
first character, as brat and INCEpTION do; the article then gets taller lines so the tags sit
in the space between lines and never cover text. Tags that would collide on a line move
right.

Frame connectors (View → Frame connectors) join the selected span's frame: an arc from the
frame's CLAIM to each SOURCE and CUE span on screen, labelled with the role, so a frame can be
read without the annotation panel. During the attribution gesture the spans picked so far are
joined the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from desktop.ui.theme import on_colour
from desktop.ui.views.span_index import LineBox
from desktop.ui.views.span_painter import PaintState

TAG_POINT_SIZE = 7.0
TAG_GAP = 2.0
"""Space between a tag and the top of its span's line."""


def tag_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPointSizeF(TAG_POINT_SIZE)
    font.setWeight(QFont.Weight.DemiBold)
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 104)
    return font


def tag_rects(boxes: Sequence[LineBox], fm: QFontMetricsF) -> list[tuple[LineBox, QRectF]]:
    """Where each span's tag goes: above the start of its first piece, shifted right where it
    would overlap the previous tag on the same line."""
    out: list[tuple[LineBox, QRectF]] = []
    right_edge: dict[float, float] = {}
    height = fm.height() + 1.0
    starts = [b for b in boxes if b.first and b.piece.fragment == 0]
    for box in sorted(starts, key=lambda b: (b.rect.top(), b.rect.left())):
        width = fm.horizontalAdvance(box.piece.span.label) + 6.0
        top = box.rect.top() - height - TAG_GAP
        line = round(box.rect.top(), 1)
        left = max(box.rect.left(), right_edge.get(line, -1e9) + 2.0)
        rect = QRectF(left, top, width, height)
        right_edge[line] = rect.right()
        out.append((box, rect))
    return out


def paint_tags(p: QPainter, boxes: Sequence[LineBox], state: PaintState, base: QFont) -> None:
    font = tag_font(base)
    p.setFont(font)
    fm = QFontMetricsF(font)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for box, rect in tag_rects(boxes, fm):
        colour = state.colours.get(box.piece.span.label) or QColor("#888888")
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawRoundedRect(rect, 2.5, 2.5)
        p.setPen(on_colour(colour))
        p.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), box.piece.span.label)


def _anchor(box: LineBox) -> QPointF:
    return QPointF(box.rect.center().x(), box.rect.top() - 1.0)


def paint_links(p: QPainter, boxes: Sequence[LineBox], state: PaintState, base: QFont) -> None:
    """Arcs from each link's first span to its second, with the role near the arrow."""
    if not state.links:
        return
    first: dict[str, LineBox] = {}
    for box in boxes:
        if box.first and box.piece.fragment == 0:
            first.setdefault(box.piece.span.id, box)
    font = tag_font(base)
    p.setFont(font)
    fm = QFontMetricsF(font)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    lift = fm.height() + 4.0 if state.tags else 4.0  # clear of the tags when they are shown
    for head_id, tail_id, role in state.links:
        head, tail = first.get(head_id), first.get(tail_id)
        if head is None or tail is None:
            continue  # one end is off screen: the panel lists the frame
        a, b = _anchor(head), _anchor(tail)
        a.setY(a.y() - lift)
        b.setY(b.y() - lift)
        bulge = min(70.0, 18.0 + abs(b.x() - a.x()) / 4 + abs(b.y() - a.y()) / 3)
        top = min(a.y(), b.y()) - bulge
        c1, c2 = QPointF(a.x(), top), QPointF(b.x(), top)
        colour = state.emphasis(state.colours.get(tail.piece.span.label) or QColor("#888888"),
                                120)
        pen = QPen(colour, 1.5)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath(a)
        path.cubicTo(c1, c2, b)
        p.drawPath(path)
        p.setBrush(colour)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawPolygon(QPolygonF([b, b + QPointF(-3.5, -7.0), b + QPointF(3.5, -7.0)]))
        mid = path.pointAtPercent(0.5)
        width = fm.horizontalAdvance(role) + 6.0
        label = QRectF(mid.x() - width / 2, mid.y() - fm.height() / 2 - 1, width,
                       fm.height() + 1)
        p.setBrush(state.background)
        p.drawRoundedRect(label, 2.0, 2.0)
        p.setPen(colour)
        p.drawText(label, int(Qt.AlignmentFlag.AlignCenter), role)
