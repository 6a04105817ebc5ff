"""SpanIndex.updated (patched after an edit) must equal a full rebuild, piece for piece."""

from __future__ import annotations

import random
from dataclasses import replace

from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from desktop.core.model import Span
from desktop.ui.text_bridge import TextBridge
from desktop.ui.views.span_index import SpanIndex


def _snapshot(index: SpanIndex) -> tuple[object, ...]:
    pieces = {b: [(p.span.id, p.fragment, p.start, p.end, p.lane) for p in ps]
              for b, ps in index.by_block.items()}
    return index.lanes, index.max_lane, pieces, index.qt_fragments


def test_patched_index_equals_rebuild(qtbot: QtBot) -> None:
    rng = random.Random(7)
    text = "\n".join("👍🏽 " + " ".join(f"word{i}{j}" for j in range(30)) for i in range(12))
    doc = QTextDocument()
    doc.setPlainText(text)
    bridge = TextBridge(text)

    def random_span(n: int) -> Span:
        a = rng.randrange(0, len(text) - 40)
        b = a + rng.randint(1, 60)
        frags: tuple[tuple[int, int], ...] = ((a, min(b, len(text))),)
        if rng.random() < 0.2 and b + 30 < len(text):
            frags = (*frags, (b + 5, b + rng.randint(6, 30)))
        return Span.from_text(text, id=f"s{n}", label="CLAIM", fragments=frags)

    spans = [random_span(n) for n in range(150)]
    index = SpanIndex(doc, bridge, spans)
    for step in range(60):
        spans = list(spans)
        op = rng.random()
        if op < 0.4:
            spans.append(random_span(1000 + step))
        elif op < 0.7 and spans:
            del spans[rng.randrange(len(spans))]
        elif spans:
            i = rng.randrange(len(spans))
            moved = random_span(0)
            spans[i] = replace(moved, id=spans[i].id)
        spans.sort(key=lambda s: (s.start, s.end, s.id))
        index = SpanIndex.updated(index, doc, bridge, spans)
        assert _snapshot(index) == _snapshot(SpanIndex(doc, bridge, spans)), step
