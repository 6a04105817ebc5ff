"""Where each span of a layer lies in a QTextDocument, precomputed per text block.

Built once per change of the layer (O(n log n) for n spans), then painting asks only for the
blocks on screen, so a 100,000-character article with thousands of spans draws in
milliseconds. Positions here are Qt (UTF-16) positions, converted from code points once by
the TextBridge.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextBlock, QTextDocument, QTextLine

from desktop.core.model import Span
from desktop.ui.text_bridge import TextBridge


@dataclass(frozen=True, slots=True)
class Piece:
    """The part of one span fragment that lies in one text block (Qt positions)."""

    span: Span
    fragment: int
    start: int
    end: int
    lane: int

    @property
    def is_last(self) -> bool:
        return self.fragment == len(self.span.fragments) - 1


def _span_key(span: Span) -> tuple[int, int, str]:
    return (span.start, -span.end, span.id)


def assign_lanes(spans: Sequence[Span]) -> dict[str, int]:
    """Give each span the lowest lane in which none of its fragments overlaps another span.

    Spans are taken longest-first among those starting at the same place, so a span that
    contains others sits in a lower lane than the spans nested in it.

    A span's lane depends only on the spans its fragments overlap, directly or through others
    (its overlap cluster), so running this on a whole cluster alone gives the same lanes as
    running it on the whole layer; ``SpanIndex.updated`` relies on that.
    """
    lanes: list[list[tuple[int, int]]] = []
    out: dict[str, int] = {}
    for span in sorted(spans, key=_span_key):
        n = next((i for i, lane in enumerate(lanes)
                  if all(_free(lane, s, e) for s, e in span.fragments)), len(lanes))
        if n == len(lanes):
            lanes.append([])
        for frag in span.fragments:
            insort(lanes[n], frag)
        out[span.id] = n
    return out


def _free(lane: list[tuple[int, int]], s: int, e: int) -> bool:
    i = bisect_left(lane, (s, s))
    if i < len(lane) and lane[i][0] < e:
        return False
    return not (i > 0 and lane[i - 1][1] > s)


_INCREMENTAL_LIMIT = 64
"""Above this many changed spans a full rebuild is as quick as patching."""


class SpanIndex:
    """Spans of the shown layer, indexed by text block number.

    ``SpanIndex.updated(previous, spans)`` gives the same index as ``SpanIndex(...)`` but, after
    an edit, only redoes the spans that changed and the overlap clusters around them (spans
    are compared by identity: the store hands back unchanged spans as the same objects).
    """

    def __init__(self, document: QTextDocument, bridge: TextBridge,
                 spans: Iterable[Span]) -> None:
        self.document = document
        self.bridge = bridge
        self.spans = {s.id: s for s in spans}
        self.order = {sid: i for i, sid in enumerate(self.spans)}
        self.lanes = assign_lanes(list(self.spans.values()))
        self.max_lane = max(self.lanes.values(), default=-1)
        self.by_block: dict[int, list[Piece]] = {}
        self.blocks_of: dict[str, tuple[int, ...]] = {}
        self.qt_fragments: dict[str, tuple[tuple[int, int], ...]] = {}
        self.frags: list[tuple[int, int, str]] = []
        """Every fragment as (start, end, span id) in code points, sorted."""
        self.longest = 0
        for span in self.spans.values():
            self._place(span, self.by_block)
            self.frags.extend((s, e, span.id) for s, e in span.fragments)
            self.longest = max([self.longest, *(e - s for s, e in span.fragments)])
        self.frags.sort()
        for pieces in self.by_block.values():
            pieces.sort(key=self._piece_key)

    @classmethod
    def updated(cls, previous: SpanIndex | None, document: QTextDocument, bridge: TextBridge,
                spans: Iterable[Span]) -> SpanIndex:
        """The index of ``spans``, patched from ``previous`` when that is cheaper."""
        spans = list(spans)
        if previous is None or previous.document is not document or previous.bridge is not bridge:
            return cls(document, bridge, spans)
        old = previous.spans
        new = {s.id: s for s in spans}
        dirty = {sid for sid, s in new.items() if old.get(sid) is not s}
        dirty.update(sid for sid in old if sid not in new)
        if len(dirty) > _INCREMENTAL_LIMIT:
            return cls(document, bridge, spans)
        return previous._patched(new, dirty)

    def _patched(self, new: dict[str, Span], dirty: set[str]) -> SpanIndex:
        out = object.__new__(SpanIndex)
        out.document, out.bridge = self.document, self.bridge
        out.spans = new
        out.order = self.order if list(new) == list(self.spans) else {
            sid: i for i, sid in enumerate(new)}
        # Fragments of the layer, without the changed spans' old ones, with their new ones.
        frags = [f for f in self.frags if f[2] not in dirty] if dirty else list(self.frags)
        added = [(s, e, sid) for sid in dirty if sid in new for s, e in new[sid].fragments]
        for f in added:
            insort(frags, f)
        out.frags = frags
        out.longest = max(self.longest, *(e - s for s, e, _ in added)) if added else self.longest
        # Lanes: redo the overlap clusters that the changed spans' old and new places touch.
        seeds = [(s, e) for sid in dirty if sid in self.spans for s, e in self.spans[sid].fragments]
        seeds += [(s, e) for s, e, _ in added]
        cluster = out._cluster(seeds)
        lanes = {sid: n for sid, n in self.lanes.items() if sid in new}
        relaned = assign_lanes([new[sid] for sid in cluster])
        moved = {sid for sid, n in relaned.items() if lanes.get(sid) != n}
        lanes.update(relaned)
        out.lanes = lanes
        out.max_lane = max(lanes.values(), default=-1)
        # Pieces: re-place the changed spans and those that moved to another lane.
        redo = dirty | moved
        out.qt_fragments = dict(self.qt_fragments)
        out.blocks_of = dict(self.blocks_of)
        touched: set[int] = set()
        for sid in redo:
            touched.update(self.blocks_of.get(sid, ()))
            out.qt_fragments.pop(sid, None)
            out.blocks_of.pop(sid, None)
        fresh: dict[int, list[Piece]] = {}
        for sid in redo:
            if sid in new:
                out._place(new[sid], fresh)
        touched.update(fresh)
        out.by_block = dict(self.by_block)
        for block in touched:
            pieces = [p for p in self.by_block.get(block, ()) if p.span.id not in redo]
            pieces += fresh.get(block, ())
            if pieces:
                pieces.sort(key=out._piece_key)
                out.by_block[block] = pieces
            else:
                out.by_block.pop(block, None)
        return out

    def _cluster(self, seeds: list[tuple[int, int]]) -> set[str]:
        """Ids of the spans whose fragments overlap ``seeds``, directly or through others."""
        found: set[str] = set()
        todo = list(seeds)
        frags = self.frags
        while todo:
            s, e = todo.pop()
            i = bisect_left(frags, (s - self.longest,))
            while i < len(frags) and frags[i][0] < e:
                _, fe, sid = frags[i]
                i += 1
                if fe > s and sid not in found:
                    found.add(sid)
                    todo.extend(self.spans[sid].fragments)
        return found

    def _piece_key(self, p: Piece) -> tuple[int, int, int, int]:
        # Lower lanes (outer spans) are painted first, inner ones on top.
        return (p.lane, p.start, self.order[p.span.id], p.fragment)

    def _place(self, span: Span, by_block: dict[int, list[Piece]]) -> None:
        to_qt = self.bridge.to_qt
        qfrags = tuple((to_qt(s), to_qt(e)) for s, e in span.fragments)
        self.qt_fragments[span.id] = qfrags
        blocks: list[int] = []
        for i, (a, b) in enumerate(qfrags):
            self._add(span, i, a, b, by_block, blocks)
        self.blocks_of[span.id] = tuple(blocks)

    def _add(self, span: Span, frag: int, a: int, b: int, by_block: dict[int, list[Piece]],
             blocks: list[int]) -> None:
        block = self.document.findBlock(a)
        while block.isValid() and block.position() < b:
            bs = block.position()
            be = bs + block.length() - 1  # without the block separator
            s, e = max(a, bs), min(b, be)
            if s < e or (s == e and a == b):
                number = block.blockNumber()
                by_block.setdefault(number, []).append(
                    Piece(span, frag, s, e, self.lanes[span.id]))
                blocks.append(number)
            block = block.next()

    def pieces(self, block_number: int) -> list[Piece]:
        return self.by_block.get(block_number, [])

    def sorted_spans(self) -> list[Span]:
        return sorted(self.spans.values(), key=lambda s: (s.start, s.end, s.id))


@dataclass(frozen=True, slots=True)
class LineBox:
    """One on-screen rectangle of a piece (a piece wrapping over lines has several)."""

    piece: Piece
    rect: QRectF
    """The text box: from the line top to the bottom of the glyphs' descent."""
    underline_y: float
    """The y of lane 0's underline, just below the descent."""
    first: bool
    last: bool


def _x(line: QTextLine, pos: int) -> float:
    # PySide6 returns (x, adjusted position) from cursorToX.
    res: object = line.cursorToX(pos)
    x = res[0] if isinstance(res, tuple) else res
    assert isinstance(x, (int, float))
    return float(x)


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff"
                  "\U0001e800-\U0001efff\u200f\u202b\u202e\u2067]")
"""Characters of right-to-left scripts and the RTL marks and embeddings."""


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def _segments(line: QTextLine, s: int, e: int, bidi: bool) -> list[tuple[float, float]]:
    """Visual x extents (left, right) of block positions [s, e) on ``line``, left to right.

    In a line of one direction the two edges' cursor positions bound the range. Where
    directions mix, a logical edge at a direction boundary has two visual places (the end of
    an Arabic word inside an English sentence is both the word's left side and the right end
    of the run), and ``cursorToX`` answers one of them: a span could be drawn over the wrong
    glyphs or as a hairline. There the glyph runs of the range give its true extent, one
    segment per visual run.
    """
    if bidi and e > s:
        spans: list[tuple[float, float]] = []
        for run in line.glyphRuns(s, e - s):
            xs = [p.x() for p in run.positions()]
            if not xs:
                continue
            advances = run.rawFont().advancesForGlyphIndexes(run.glyphIndexes())
            right = max(x + a.x() for x, a in zip(xs, advances, strict=False))
            spans.append((min(xs), max(right, max(xs))))
        if spans:
            spans.sort()
            merged = [spans[0]]
            for left, right in spans[1:]:
                if left <= merged[-1][1] + 0.5:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], right))
                else:
                    merged.append((left, right))
            return merged
    x1, x2 = _x(line, s), _x(line, e)
    return [(min(x1, x2), max(x1, x2))]


class BidiCache:
    """Per text block: does it hold right-to-left text, and its text in UTF-16 units.

    Painting asks for every visible block on every paint; the article's text does not change
    while it is shown, so this is computed once per block (``clear`` on a new document).
    """

    def __init__(self) -> None:
        self._blocks: dict[int, bytes | None] = {}

    def clear(self) -> None:
        self._blocks.clear()

    def units(self, block: QTextBlock) -> bytes | None:
        """The block's text as UTF-16-LE bytes when it has RTL text, else None."""
        number = block.blockNumber()
        if number not in self._blocks:
            text = block.text()
            self._blocks[number] = text.encode("utf-16-le") if has_rtl(text) else None
        return self._blocks[number]


def _touches_rtl(units: bytes, s: int, e: int) -> bool:
    """Does the range [s, e) of UTF-16 positions, or a unit either side, hold RTL text?"""
    chunk = units[2 * max(s - 1, 0):2 * (e + 1)]
    return has_rtl(chunk.decode("utf-16-le", errors="ignore"))


def piece_boxes(block: QTextBlock, origin: QPointF, pieces: Sequence[Piece],
                bidi: BidiCache | None = None) -> list[LineBox]:
    """Screen rectangles of ``pieces`` within ``block`` whose layout starts at ``origin``.

    A piece wrapping over lines has a box per line; where a line mixes writing directions, a
    piece may also have several boxes on one line (one per visual run it covers).
    """
    layout = block.layout()
    bpos = block.position()
    out: list[LineBox] = []
    nlines = layout.lineCount()
    units = (bidi or BidiCache()).units(block)
    for piece in pieces:
        a, b = piece.start - bpos, piece.end - bpos
        for li in range(nlines):
            line = layout.lineAt(li)
            ls, le = line.textStart(), line.textStart() + line.textLength()
            if le <= a and not (li == nlines - 1 and a == le):
                continue
            if ls >= b and b > a:
                break
            s, e = max(a, ls), min(b, le)
            top = origin.y() + line.y()
            height = line.ascent() + line.descent()
            # Only a range that holds or touches right-to-left text can be ambiguous.
            careful = units is not None and _touches_rtl(units, s, e)
            segments = _segments(line, s, e, careful)
            for i, (left, right) in enumerate(segments):
                rect = QRectF(origin.x() + left, top, max(right - left, 2.0), height)
                out.append(LineBox(piece, rect, top + height + 1.5,
                                   s == a and i == 0, e == b and i == len(segments) - 1))
            if e >= b:
                break
    return out
