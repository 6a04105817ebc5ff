"""Two-line corpus rows: the headline, then outlet and date in a quieter line.

A narrow left pane cannot give five columns enough room; folding outlet and date under the
title keeps headlines readable (as mail clients do) without reading any other row.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.ui.models.corpus_model import Column

Index = QModelIndex | QPersistentModelIndex


def row_height(widget: QWidget) -> int:
    """Height of a two-line row in ``widget``'s font."""
    return widget.fontMetrics().height() * 2 + 10


def elide_words(fm: QFontMetrics, text: str, width: int) -> str:
    """``text`` cut to ``width`` with an ellipsis, at a word boundary where one is near.

    "Envoys report progress on…" reads better than "Envoys report progr…"; a single long
    word is still cut inside (the tooltip has the whole headline).
    """
    if fm.horizontalAdvance(text) <= width:
        return text
    cut = fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
    kept = cut.rstrip("…")
    space = kept.rstrip().rfind(" ")
    if space >= max(8, len(kept) * 0.6):
        return kept[:space].rstrip(" ,;:-–—") + "…"
    return cut


class TitleDelegate(QStyledItemDelegate):
    show_status = False
    """The status and span count go into the quieter line (their columns are hidden when the
    list is narrow, so the headline keeps the width)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        model = index.model()
        outlet = model.index(index.row(), Column.OUTLET).data() or ""
        date = model.index(index.row(), Column.DATE).data() or ""
        parts = [str(outlet), str(date)]
        if self.show_status:
            status = model.index(index.row(), Column.STATUS).data() or ""
            spans = model.index(index.row(), Column.SPANS).data()
            parts[:0] = [str(status), f"{spans} spans" if spans else ""]
        sub = " · ".join(x for x in parts if x)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Normal
        main = opt.palette.color(group, QPalette.ColorRole.HighlightedText if selected
                                 else QPalette.ColorRole.Text)
        quiet = (QPalette.ColorRole.HighlightedText if selected
                 else QPalette.ColorRole.PlaceholderText)
        rect = opt.rect.adjusted(6, 4, -6, -4)
        half = rect.height() // 2
        painter.save()
        bold = QFont(opt.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(main)
        top = QRect(rect.left(), rect.top(), rect.width(), half)
        painter.drawText(top, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         elide_words(painter.fontMetrics(), title, rect.width()))
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(group, quiet))
        bottom = QRect(rect.left(), rect.top() + half, rect.width(), rect.height() - half)
        painter.drawText(bottom, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         painter.fontMetrics().elidedText(sub, Qt.TextElideMode.ElideRight,
                                                          rect.width()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        base = super().sizeHint(option, index)
        return QSize(base.width(), option.fontMetrics.height() * 2 + 10)
