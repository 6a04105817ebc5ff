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


def _halo_text(p: QPainter, at: QPointF, text: str, font: QFont, ink: QColor,
               halo: QColor) -> None:
    """``text`` with its baseline at ``at``, outlined in the page colour so it reads over
    whatever it crosses without hiding it behind a box."""
    path = QPainterPath()
    path.addText(at, font, text)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(halo, 3.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                  Qt.PenJoinStyle.RoundJoin))
    p.drawPath(path)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(ink)
    p.drawPath(path)


def paint_links(p: QPainter, boxes: Sequence[LineBox], state: PaintState, base: QFont) -> None:
    """Short connectors from each link's first span to its second, the role by the arrow.

    They run through the space between lines where they can: from under the CLAIM down to
    the top of a span on a later line, from its top up to the bottom of a span on an earlier
    one, and in a low arc above the line for a span on the same line.
    """
    if not state.links:
        return
    first: dict[str, LineBox] = {}
    for box in boxes:
        if box.first and box.piece.fragment == 0:
            first.setdefault(box.piece.span.id, box)
    font = tag_font(base)
    fm = QFontMetricsF(font)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    lift = fm.height() + TAG_GAP if state.tags else 0.0  # above the tags when shown
    for head_id, tail_id, role in state.links:
        head, tail = first.get(head_id), first.get(tail_id)
        if head is None or tail is None:
            continue  # one end is off screen: the panel lists the frame
        hx, tx = head.rect.center().x(), tail.rect.center().x()
        if abs(head.rect.top() - tail.rect.top()) < 1.0:
            y = head.rect.top() - 1.0 - lift
            a, b = QPointF(hx, y), QPointF(tx, y)
            rise = min(12.0, 4.0 + abs(tx - hx) / 12)
            c1, c2 = QPointF(hx, y - rise), QPointF(tx, y - rise)
            down = True
        elif tail.rect.top() > head.rect.top():
            a = QPointF(hx, head.underline_y + 4.0)
            b = QPointF(tx, tail.rect.top() - 1.0 - lift)
            c1, c2 = QPointF(hx, a.y() + 14.0), QPointF(tx, b.y() - 14.0)
            down = True
        else:
            a = QPointF(hx, head.rect.top() - 1.0 - lift)
            b = QPointF(tx, tail.underline_y + 4.0)
            c1, c2 = QPointF(hx, a.y() - 14.0), QPointF(tx, b.y() + 14.0)
            down = False
        colour = state.emphasis(state.colours.get(tail.piece.span.label) or QColor("#888888"),
                                120)
        line = QColor(colour)
        line.setAlpha(215)
        pen = QPen(line, 1.4)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath(a)
        path.cubicTo(c1, c2, b)
        p.drawPath(path)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(line)
        tip = -5.0 if down else 5.0
        p.drawPolygon(QPolygonF([b, b + QPointF(-3.0, tip), b + QPointF(3.0, tip)]))
        baseline = b.y() - 2.0 if down else b.y() + fm.ascent() + 1.0
        _halo_text(p, QPointF(b.x() + 5.0, baseline), role, font, colour, state.background)
