"""The article view: the document text with its spans, read-only but with a caret.

A QTextEdit rather than a QPlainTextEdit because only QTextEdit honours a proportional line
height, and the extra space under each line is where stacked span underlines go. Positions
leave this widget as code points, always through ``TextBridge``.

Signals:
    span_clicked(str): a click landed on a span (innermost first; clicking the same place
        again cycles through the spans there), or "" on plain text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from desktop.core.changes import Change
from desktop.core.model import Document, Evidence, Layer, Origin, Span, SpanState
from desktop.core.snapping import word_at
from desktop.ui.text_bridge import TextBridge
from desktop.ui.theme import is_dark, label_colour, warning_colour
from desktop.ui.views.article_tooltip import tooltip_html
from desktop.ui.views.frame_marks import FrameMarks
from desktop.ui.views.span_decorations import paint_links, paint_tags
from desktop.ui.views.span_index import BidiCache, LineBox, SpanIndex, piece_boxes
from desktop.ui.views.span_painter import (
    LANE_GAP,
    MAX_LANES,
    PaintState,
    paint_backgrounds,
    paint_overlay,
)
from desktop.ui.workspace import Workspace

BASE_POINT_SIZE = 12
LINE_HEIGHT = 155  # percent of the font's natural line height
TAGGED_LINE_HEIGHT = 215
"""With inline label tags: room above each line for the tags, below it for the underlines."""
MEASURE = 78
"""The widest line, in average characters: a readable measure at any window width."""
ZOOM_RANGE = (-5, 12)


class ArticleView(QTextEdit):
    """Shows the current document of a Workspace with one annotator's layer painted on it."""

    span_clicked = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.setObjectName("articleView")
        self.setAccessibleName("Article text")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setAcceptRichText(False)
        # Read-only but with a visible caret: keyboard selection (arrows, Shift+arrows,
        # Ctrl+Shift+arrows, Home/End) works as in an editor.
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setMouseTracking(True)
        self.zoom = 0
        self.base_point_size = BASE_POINT_SIZE
        self.show_links = True
        """Draw connectors from the selected span's CLAIM to its frame's other spans."""
        self._side_margin = -1.0
        self._apply_font()
        self.document().setDocumentMargin(18)
        self.bridge = TextBridge("")
        self.doc_id: str | None = None
        self.layer = Layer(annotator=workspace.annotator)
        self.index = SpanIndex(self.document(), self.bridge, ())
        self.state = PaintState(colours={})
        self.marks = FrameMarks()
        self.bidi = BidiCache()
        self._last_click: tuple[int, tuple[str, ...], int] | None = None
        self._press: QPoint | None = None
        self._load_colours()
        workspace.document_opened.connect(self._on_document_opened)
        workspace.changed.connect(self._on_changed)
        workspace.span_selected.connect(self._on_span_selected)
        workspace.view_layer_changed.connect(lambda _name: self.refresh())

    # -- content -------------------------------------------------------------------------

    @property
    def editable(self) -> bool:
        """Edits are allowed only on our own layer (see ``Workspace.view_layer``)."""
        return self.doc_id is not None and self.ws.can_edit

    def _load_colours(self) -> None:
        """Label colours and outline inks for the current palette (light or dark)."""
        pal = self.palette()
        dark = is_dark(pal)
        self.state.dark = dark
        self.state.ink = pal.color(QPalette.ColorRole.Text)
        self.state.background = pal.color(QPalette.ColorRole.Base)
        self.state.warning = warning_colour(pal)
        self.state.colours = {lab.name: label_colour(lab.color, dark=dark)
                              for lab in self.ws.codebook.labels}

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._load_colours()
            self.viewport().update()

    def _on_document_opened(self, doc_id: str) -> None:
        if self.ws.current is not None and self.ws.current.id == doc_id:
            self.show_document(self.ws.current)

    def show_document(self, doc: Document) -> None:
        self.doc_id = doc.id
        self.bridge = TextBridge(doc.text)
        self.bidi.clear()
        self._last_click = None
        self.setExtraSelections([])
        document = self.document()
        document.clear()
        # clear() reset the root frame's margins: set them while the document is empty, so
        # the text is laid out once, at its measure.
        self._side_margin = -1.0
        self._update_measure()
        cursor = QTextCursor(document)
        cursor.setBlockFormat(self._block_format())
        # Inserted text inherits the block format, so every paragraph gets the line height
        # without a second pass over a long article.
        cursor.insertText(doc.text)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.refresh()

    def _on_changed(self, change: Change) -> None:
        if change.codebook:
            self._load_colours()
        if change.codebook or change.touches(self.doc_id, self.ws.view_layer):
            self.refresh(None if change.codebook or change.reload else change)

    def refresh(self, change: Change | None = None) -> None:
        """Re-read the layer and rebuild the span index (after any committed change)."""
        before = self.layer
        if self.doc_id is None or self.ws.current is None:
            self.layer = Layer(annotator=self.ws.annotator)
        else:
            self.layer = self.ws.shown_layer()
        # Another layer may hold spans that no longer fit a text changed outside Claimdesk:
        # they are not painted (`claimdesk check` reports them). Rejected suggestions stay in
        # the layer (so they are not proposed again) but are not annotations: not drawn.
        n = len(self.bridge.text)
        spans = tuple(s for s in self.layer.spans if s.start >= 0 and s.end <= n
                      and s.state is not SpanState.REJECTED)
        self.index = SpanIndex.updated(self.index, self.document(), self.bridge, spans)
        # Frame roles and warnings depend on the frames and their fillers' labels only: a
        # span added or removed outside any frame (the frames are the same tuple) leaves them.
        if change is None or change.spans_updated or self.layer.frames is not before.frames:
            self._index_frames()
        self.state.selected = self.ws.selected_span if self.editable else ""
        self._update_partners()
        self.viewport().update()

    # -- drawing options -----------------------------------------------------------------

    def _block_format(self) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        height = TAGGED_LINE_HEIGHT if self.state.tags else LINE_HEIGHT
        fmt.setLineHeight(height, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        return fmt

    def set_inline_tags(self, on: bool) -> None:
        """Label names at span starts (lines grow to make room above the text)."""
        if on == self.state.tags:
            return
        self.state.tags = on
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.setBlockFormat(self._block_format())
        self.viewport().update()

    def set_show_links(self, on: bool) -> None:
        self.show_links = on
        self._update_partners()
        self.viewport().update()

    def _index_frames(self) -> None:
        self.marks.index(self.layer, self.index.spans, self.ws.codebook)
        self.state.flagged = frozenset(self.marks.flags)
        self.state.pending_links = tuple(self.marks.pending_links())

    def frame_problems(self, span_id: str) -> list[str]:
        return self.marks.problems(span_id)

    def _update_partners(self) -> None:
        self.state.partners = self.marks.partners(self.state.selected)
        self.state.links = self._links() if self.show_links else ()

    def _links(self) -> tuple[tuple[str, str, str], ...]:
        """(claim, other filler, role) of the selected span's frames, or of the gesture."""
        if self.state.gesture:
            # The gesture lists the CLAIM it started from first.
            members = list(self.state.gesture.items())
            head = members[0][0]
            return tuple((head, sid, role) for sid, role in members[1:])
        out: list[tuple[str, str, str]] = []
        for frame, _ in self.marks.roles_of.get(self.state.selected, []):
            ftype = self.ws.codebook.frame_type(frame.type)
            first_role = ftype.roles[0].name if ftype is not None and ftype.roles else ""
            heads = frame.roles.get(first_role, ())
            if not heads:
                continue
            for role, ids in frame.roles.items():
                out.extend((heads[0], sid, role) for sid in ids
                           if role != first_role and sid != heads[0])
        return tuple(dict.fromkeys(out))

    def _on_span_selected(self, span_id: str) -> None:
        self.state.selected = span_id if self.editable else ""
        self._update_partners()
        if span_id:
            self.scroll_to_span(span_id)
        self.viewport().update()

    def set_gesture(self, members: Mapping[str, str]) -> None:
        """Spans picked in the attribution gesture (span id -> role), outlined."""
        self.state.gesture = dict(members)
        self._update_partners()
        self.viewport().update()

    def span(self, span_id: str) -> Span | None:
        return self.index.spans.get(span_id)

    # -- positions -----------------------------------------------------------------------

    def selection_range(self) -> tuple[int, int] | None:
        """The current selection in code points, or None."""
        return self.bridge.selection(self.textCursor())

    def select_range(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        self.bridge.select(cursor, start, end)
        self.setTextCursor(cursor)

    def clear_text_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def caret(self) -> int:
        return self.bridge.to_cp(self.textCursor().position())

    def set_caret(self, cp: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self.bridge.to_qt(cp))
        self.setTextCursor(cursor)

    def scroll_to_span(self, span_id: str) -> None:
        """Scroll so the span's start is on screen (the caret stays where it is)."""
        frags = self.index.qt_fragments.get(span_id)
        if not frags:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(frags[0][0])
        rect = self.cursorRect(cursor)
        view = self.viewport().rect()
        if rect.top() < 0 or rect.bottom() > view.bottom():
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + rect.top() - view.height() // 3)

    # -- geometry ------------------------------------------------------------------------

    def _origin(self, block: QTextBlock) -> QPointF:
        pos = block.layout().position()
        return QPointF(pos.x() - self.horizontalScrollBar().value(),
                       pos.y() - self.verticalScrollBar().value())

    def _block_at_y(self, y: float) -> QTextBlock:
        """The block at viewport height ``y`` (binary search over laid-out block rects).

        QTextEdit.cursorForPosition is unreliable in the document margin (it can answer a
        position far down the text), so painting and hit tests find blocks by geometry.
        """
        doc = self.document()
        layout = doc.documentLayout()
        target = y + self.verticalScrollBar().value()
        lo, hi = 0, max(doc.blockCount() - 1, 0)
        while lo < hi:
            mid = (lo + hi) // 2
            if layout.blockBoundingRect(doc.findBlockByNumber(mid)).bottom() < target:
                lo = mid + 1
            else:
                hi = mid
        return doc.findBlockByNumber(lo)

    def visible_blocks(self) -> Iterator[QTextBlock]:
        height = self.viewport().height()
        block = self._block_at_y(0)
        while block.isValid():
            if not block.isVisible():
                block = block.next()
                continue
            top = self._origin(block).y()
            if top > height:
                break
            yield block
            block = block.next()

    def boxes(self, blocks: Iterator[QTextBlock] | None = None) -> list[LineBox]:
        out: list[LineBox] = []
        for block in self.visible_blocks() if blocks is None else blocks:
            pieces = self.index.pieces(block.blockNumber())
            if pieces:
                out.extend(piece_boxes(block, self._origin(block), pieces, self.bidi))
        return out

    def spans_at(self, point: QPoint) -> list[Span]:
        """Spans whose drawn box holds ``point`` (viewport coordinates), innermost first."""
        block = self._block_at_y(point.y())
        near = [b for b in (block.previous(), block, block.next()) if b.isValid()]
        hits: dict[str, Span] = {}
        p = QPointF(point)
        for box in self.boxes(iter(near)):
            area = box.rect.adjusted(-1.0, -1.0, 1.0, 2.0 + LANE_GAP * MAX_LANES)
            if area.contains(p):
                hits[box.piece.span.id] = box.piece.span
        return sorted(hits.values(), key=lambda s: (sum(e - b for b, e in s.fragments), s.id))

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        boxes = self.boxes() if self.index.spans else []
        if boxes:
            p = QPainter(self.viewport())
            paint_backgrounds(p, boxes, self.state)
            p.end()
        super().paintEvent(event)
        if boxes:
            p = QPainter(self.viewport())
            paint_overlay(p, boxes, self.state)
            if self.state.tags:
                paint_tags(p, boxes, self.state, self.font())
            if self.state.links:
                paint_links(p, boxes, self.state, self.font())
            p.end()

    # -- mouse ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if (event.button() != Qt.MouseButton.LeftButton or press is None
                or self.textCursor().hasSelection()
                or (event.position().toPoint() - press).manhattanLength() > 4):
            return
        self.span_clicked.emit(self._pick(event.position().toPoint()))

    def _pick(self, point: QPoint) -> str:
        """The span to select for a click: innermost, then cycling on repeated clicks."""
        spans = self.spans_at(point)
        if not spans:
            self._last_click = None
            return ""
        ids = tuple(s.id for s in spans)
        pos = self.cursorForPosition(point).position()
        if self._last_click is not None and self._last_click[:2] == (pos, ids):
            i = (self._last_click[2] + 1) % len(ids)
        elif self.state.selected in ids and self._last_click is None:
            i = (ids.index(self.state.selected) + 1) % len(ids)
        else:
            i = 0
        self._last_click = (pos, ids, i)
        return ids[i]

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Select the word under the pointer, by the same rules as span snapping."""
        if event.button() != Qt.MouseButton.LeftButton or self.doc_id is None:
            super().mouseDoubleClickEvent(event)
            return
        qt_pos = self.cursorForPosition(event.position().toPoint()).position()
        word = word_at(self.bridge.text, self.bridge.to_cp(qt_pos))
        if word is not None:
            self.select_range(*word)
        event.accept()

    # -- tooltips ------------------------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            spans = self.spans_at(event.pos())
            if spans:
                QToolTip.showText(event.globalPos(), self.tooltip_html(spans), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def tooltip_html(self, spans: list[Span]) -> str:
        """Label, attributes, linked actor, frame roles, relations and problems of each span."""
        def actor_name(actor_id: str) -> str:
            actor = self.ws.project.actors.find(actor_id)
            return actor.name if actor is not None else actor_id

        evidence: tuple[dict[str, Evidence], dict[str, Evidence]] = ({}, {})
        if self.doc_id is not None and any(
                s.origin is Origin.SUGGESTED or self.marks.roles_of.get(s.id) for s in spans):
            evidence = self.ws.project.suggestions.evidence(self.doc_id, self.ws.view_layer)
        return tooltip_html(spans, layer=self.layer, by_id=self.index.spans, marks=self.marks,
                            colours=self.state.colours, actor_name=actor_name,
                            evidence=evidence)

    # -- zoom ----------------------------------------------------------------------------

    def _apply_font(self) -> None:
        font = QFont("DejaVu Serif")
        # Emoji, flags and scripts the serif lacks come from fallback fonts (fontconfig);
        # without a colour emoji font installed they show as outlines or boxes, never as
        # a crash or shifted offsets (positions do not depend on glyphs).
        font.setPointSize(max(6, self.base_point_size + self.zoom))
        self.setFont(font)
        self.document().setDefaultFont(font)
        self._update_measure()

    def zoom_by(self, steps: int) -> str:
        """Change the text size (0 resets); returns what happened, for the status bar."""
        lo, hi = ZOOM_RANGE
        before = self.zoom
        self.zoom = 0 if steps == 0 else max(lo, min(hi, self.zoom + steps))
        self._apply_font()
        self.viewport().update()
        if self.zoom == before and steps:
            return ("Zoom: already the largest text size" if steps > 0
                    else "Zoom: already the smallest text size")
        return f"Article text {self.point_size} pt"

    def set_zoom(self, zoom: int) -> None:
        lo, hi = ZOOM_RANGE
        self.zoom = max(lo, min(hi, zoom))
        self._apply_font()

    def set_base_point_size(self, size: int) -> None:
        self.base_point_size = max(8, min(24, size))
        self._apply_font()

    # -- a readable measure --------------------------------------------------------------

    def measure_width(self) -> float:
        """The widest the text column gets, in pixels (``MEASURE`` average characters)."""
        return float(self.fontMetrics().averageCharWidth() * MEASURE)

    def _update_measure(self) -> None:
        """Centre the text in a column of at most ``measure_width`` on wide windows.

        Side margins of the document's root frame rather than viewport margins: the margin
        stays inside the viewport, so it has the text's background and takes wheel and clicks.
        """
        # An explicit side margin replaces the document margin on that side, so it includes it.
        margin = self.document().documentMargin()
        side = max(margin, (self.viewport().width() - self.measure_width()) / 2)
        if abs(side - self._side_margin) < 1.0:
            return
        self._side_margin = side
        root = self.document().rootFrame()
        fmt = root.frameFormat()
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        root.setFrameFormat(fmt)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # The viewport already has its new size here (the scroll area lays out its children
        # first); setting the margins before the base class lays the text out at the new
        # width means it is laid out once.
        self._update_measure()
        super().resizeEvent(event)

    @property
    def point_size(self) -> int:
        return self.font().pointSize()
