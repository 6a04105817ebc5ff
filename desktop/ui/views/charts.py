"""The four team charts, drawn with pyqtgraph; saved as PNG (pixels) or SVG (QtSvg).

pyqtgraph is a maintained plotting library for Qt (about 2 MB as a wheel, 10 MB installed,
plus numpy); QtCharts would need PySide6-Addons (about 170 MB as a wheel, 420 MB installed).
Its own SVG exporter fails on Qt 6.11's path strings, so SVG goes through Qt's
``QSvgGenerator`` instead, which renders exactly what is on screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QColor, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView, QWidget

try:  # an optional import: the view says how to install it when it is missing
    import pyqtgraph as pg
except ImportError:  # pragma: no cover - pyqtgraph is a dependency; bundles may lack it
    pg = None

PALETTE = ("#3969ac", "#e68310", "#11a579", "#7f3c8d", "#e73f74", "#80ba5a", "#f2b701",
           "#008695", "#cf1c90", "#f97b72")
MISSING = ("Charts need the pyqtgraph package, which this installation lacks. Install it with "
           "`pip install pyqtgraph` (it comes with `pip install claimdesk`); the figures are "
           "also in `claimdesk stats --json`.")


def available() -> bool:
    return pg is not None


def save_widget(widget: QWidget, path: Path) -> Path:
    """Save ``widget`` as it looks, as PNG or SVG by the file's suffix."""
    if path.suffix.lower() == ".svg":
        gen = QSvgGenerator()
        gen.setFileName(str(path))
        size = widget.size()
        gen.setSize(QSize(size.width(), size.height()))
        gen.setViewBox(QRect(0, 0, size.width(), size.height()))
        gen.setTitle(widget.accessibleName() or "Claimdesk chart")
        painter = QPainter(gen)
        try:
            if isinstance(widget, QGraphicsView):  # pyqtgraph's plots: the scene, as shown
                widget.render(painter)
            else:
                widget.render(painter, QPoint(0, 0))
        finally:
            painter.end()
    else:
        if not widget.grab().save(str(path)):
            raise OSError(f"cannot write {path}")
    return path


def _plot(title: str, left: str, bottom: str) -> Any:
    w = pg.PlotWidget(background="w")
    w.setTitle(title, color="#222", size="11pt")
    w.setLabel("left", left, color="#333")
    w.setLabel("bottom", bottom, color="#333")
    w.showGrid(y=True, alpha=0.25)
    w.setMouseEnabled(x=False, y=False)
    w.hideButtons()
    w.setAccessibleName(title)
    return w


def _ticks(w: Any, names: Sequence[str]) -> None:
    w.getAxis("bottom").setTicks([[(i, n) for i, n in enumerate(names)]])


def label_counts_chart(counts: Mapping[str, Mapping[str, int]]) -> Any:
    """Grouped bars: spans per label (x) for each annotator (colour)."""
    w = _plot("Label counts per annotator", "spans", "label")
    names = sorted(counts)
    labels = sorted({lab for c in counts.values() for lab in c})
    legend = w.addLegend(offset=(-10, 10))
    width = 0.8 / max(1, len(names))
    for k, name in enumerate(names):
        xs = [i - 0.4 + width * (k + 0.5) for i in range(len(labels))]
        hs = [counts[name].get(lab, 0) for lab in labels]
        bar = pg.BarGraphItem(x=xs, height=hs, width=width * 0.9,
                              brush=PALETTE[k % len(PALETTE)], pen=None)
        w.addItem(bar)
        legend.addItem(bar, name)
    _ticks(w, labels)
    return w


def done_over_time_chart(series: Mapping[str, Sequence[Mapping[str, Any]]]) -> Any:
    """Cumulative documents done per annotator, one line each, by day."""
    w = _plot("Documents done over time", "documents done (cumulative)", "day")
    days = sorted({p["day"] for pts in series.values() for p in pts})
    index = {d: i for i, d in enumerate(days)}
    w.addLegend(offset=(10, 10))
    for k, (name, pts) in enumerate(sorted(series.items())):
        xs = [index[p["day"]] for p in pts]
        ys = [p["cumulative"] for p in pts]
        colour = PALETTE[k % len(PALETTE)]
        # With a legend on the plot, ``name`` puts the line in it.
        w.plot(xs, ys, pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=6,
               symbolBrush=colour, symbolPen=None, name=name)
    step = max(1, len(days) // 8)
    w.getAxis("bottom").setTicks([[(i, d[5:]) for i, d in enumerate(days) if i % step == 0]])
    return w


def agreement_chart(per_label: Mapping[str, Mapping[str, float | None]]) -> Any:
    """Bars per label: exact F1, overlap F1 and alpha (undefined values are left out)."""
    w = _plot("Agreement per label", "agreement", "label")
    labels = list(per_label)
    legend = w.addLegend(offset=(10, 5), colCount=3)
    keys = (("exact_f1", "exact F1"), ("overlap_f1", "overlap F1"), ("alpha", "alpha"))
    width = 0.8 / len(keys)
    for k, (key, title) in enumerate(keys):
        xs, hs = [], []
        for i, lab in enumerate(labels):
            value = per_label[lab].get(key)
            if value is not None:
                xs.append(i - 0.4 + width * (k + 0.5))
                hs.append(value)
        bar = pg.BarGraphItem(x=xs, height=hs, width=width * 0.9,
                              brush=PALETTE[k % len(PALETTE)], pen=None)
        w.addItem(bar)
        legend.addItem(bar, title)
    w.setYRange(min(0.0, *[h for lab in labels for key, _ in keys
                           if (h := per_label[lab].get(key)) is not None]), 1.2)
    _ticks(w, labels)
    return w


def confusion_chart(a: str, b: str, labels: Sequence[str | None],
                    counts: Sequence[Sequence[int]]) -> Any:
    """The label confusion matrix of one pair as shaded cells with their counts."""
    names = [lab or "no span" for lab in labels]
    w = _plot(f"Label confusion: {a} (rows) × {b} (columns)", a, b)
    w.showGrid(y=False)
    n = len(names)
    top = max((max(row) for row in counts), default=0) or 1
    for i, row in enumerate(counts):
        for j, value in enumerate(row):
            shade = QColor("#3969ac")
            shade.setAlphaF(0.08 + 0.8 * value / top if value else 0.03)
            rect = pg.QtWidgets.QGraphicsRectItem(j - 0.5, (n - 1 - i) - 0.5, 1, 1)
            rect.setBrush(shade)
            rect.setPen(pg.mkPen("#ffffff"))
            w.addItem(rect)
            text = pg.TextItem(str(value), color="#111" if value < top * 0.6 else "#fff",
                               anchor=(0.5, 0.5))
            text.setPos(j, n - 1 - i)
            w.addItem(text)
    w.getAxis("bottom").setTicks([[(j, names[j]) for j in range(n)]])
    w.getAxis("left").setTicks([[(n - 1 - i, names[i]) for i in range(n)]])
    w.getAxis("left").setWidth(90)
    w.setXRange(-0.5, n - 0.5, padding=0.02)
    w.setYRange(-0.5, n - 0.5, padding=0.02)
    return w
