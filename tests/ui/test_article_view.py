"""The article view's drawing model: lanes, pieces, boxes, hit tests, tooltips, big articles."""

from __future__ import annotations

import random
import time
from pathlib import Path

from helpers.windows import click, point_of
from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from desktop.core.model import Actor, Document, Frame, Origin, Span, SpanState
from desktop.core.offsets import sha256_text
from desktop.store import open_project
from desktop.ui.main_window import MainWindow
from desktop.ui.views.span_index import assign_lanes


def _span(sid: str, *frags: tuple[int, int], label: str = "ACTOR") -> Span:
    return Span(id=sid, label=label, fragments=tuple(frags), text="x")


def test_lanes_stack_nested_and_crossing_spans() -> None:
    outer = _span("outer", (0, 20))
    inner = _span("inner", (5, 10))
    cross = _span("cross", (8, 25))
    after = _span("after", (30, 35))
    split = _span("split", (40, 45), (60, 65))
    between = _span("between", (50, 55))
    lanes = assign_lanes([inner, cross, outer, after, split, between])
    assert lanes["outer"] == 0
    assert lanes["inner"] == 1
    assert lanes["cross"] == 2
    assert lanes["after"] == 0
    # A span between two fragments of a discontinuous one does not overlap it.
    assert lanes["split"] == 0
    assert lanes["between"] == 0


def _add(window: MainWindow, label: str, *needles: str, nth: int = 0, **kw: object) -> Span:
    doc = window.ws.current
    assert doc is not None
    frags = []
    for needle in needles:
        s = doc.text.index(needle)
        for _ in range(nth):
            s = doc.text.index(needle, s + 1)
        frags.append((s, s + len(needle)))
    span = window.ws.add_span(label, tuple(frags), attrs=kw or None)  # type: ignore[arg-type]
    assert span is not None
    return span


def test_discontinuous_span_draws_every_fragment(window: MainWindow) -> None:
    claim = _add(window, "CLAIM", '"The decision,"', '"is final."')
    boxes = [b for b in window.article_view.boxes() if b.piece.span.id == claim.id]
    assert {b.piece.fragment for b in boxes} == {0, 1}
    first = next(b for b in boxes if b.piece.fragment == 0)
    second = next(b for b in boxes if b.piece.fragment == 1)
    assert first.rect.right() < second.rect.left() or first.rect.top() < second.rect.top()
    window.ws.select_span(claim.id)
    image = window.article_view.viewport().grab().toImage()
    assert not image.isNull()


def test_nested_spans_get_distinct_underline_depths(window: MainWindow) -> None:
    outer = _add(window, "SOURCE", "President Emmanuel Macron's office")
    inner = _add(window, "ACTOR", "Emmanuel Macron")
    boxes = {b.piece.span.id: b for b in window.article_view.boxes()}
    from desktop.ui.views.span_painter import lane_y

    assert lane_y(boxes[inner.id]) > lane_y(boxes[outer.id])
    assert window.article_view.spans_at(point_of(window, "Macron", into=2))[0].id == inner.id


def test_pending_suggestions_are_drawn_differently(window: MainWindow) -> None:
    doc = window.ws.current
    assert doc is not None
    s = doc.text.index("AFP")
    written = window.ws.project.spans.add(
        doc.id, "alice", Span.from_text(doc.text, id="", label="ACTOR", fragments=((s, s + 3),),
                                        origin=Origin.SUGGESTED, state=SpanState.PENDING),
        who="suggest")
    window.ws.apply(written.change)
    window.ws.flush()
    accepted = _add(window, "CUE", "said")
    view = window.article_view
    # Render both and compare the pixels under each: the pending one has no solid fill.
    image = view.viewport().grab().toImage()
    dpr = image.devicePixelRatio()
    boxes = {b.piece.span.state: b for b in view.boxes()}
    assert set(boxes) == {SpanState.PENDING, SpanState.ACCEPTED}

    def colours(box_rect: object) -> set[int]:
        r = box_rect  # QRectF
        out = set()
        y = int((r.top() + 2) * dpr)  # type: ignore[attr-defined]
        for x in range(int(r.left() * dpr) + 1, int(r.right() * dpr) - 1):  # type: ignore[attr-defined]
            out.add(image.pixel(x, y))
        return out

    assert len(colours(boxes[SpanState.PENDING].rect)) > 1  # hatched and outlined
    assert accepted.id in view.index.spans


def test_tooltip_lists_label_attributes_actor_and_frame_role(window: MainWindow) -> None:
    ws = window.ws
    actor = ws.add_actor(Actor(id="", name="Emmanuel Macron", kind="person"))
    assert actor is not None
    src = _add(window, "SOURCE", "President Emmanuel Macron's office", anonymity="named")
    from dataclasses import replace

    ws.update_span(replace(src, actor=actor.id))
    claim = _add(window, "CLAIM", '"We are moving towards a truce tonight,"')
    ws.add_frame(Frame(id="", type="attribution",
                       roles={"content": (claim.id,), "source": (src.id,)}))
    view = window.article_view
    spans = view.spans_at(point_of(window, "Emmanuel", into=2))
    html = view.tooltip_html(spans)
    for expected in ("SOURCE", "anonymity", "named", "Emmanuel Macron", "source of attribution"):
        assert expected in html


def test_click_on_plain_text_deselects(qtbot: QtBot, window: MainWindow) -> None:
    span = _add(window, "ACTOR", "AFP")
    window.ws.select_span(span.id)
    click(qtbot, window, "statement")
    assert window.ws.selected_span == ""
    assert window.article_view.spans_at(QPoint(-50, -50)) == []


def test_selecting_a_span_from_elsewhere_scrolls_to_it(qtbot: QtBot, tmp_path: Path) -> None:
    text = "\n".join(f"Paragraph {i} with some words in it." for i in range(400))
    path = tmp_path / "long.claimdesk"
    with open_project(path, create=True) as project, project.transaction():
        project.documents.insert_many([Document(id="long", title="Long", text=text,
                                                sha256=sha256_text(text))])
    from desktop.app import build_window

    window = build_window(path, "alice")
    qtbot.addWidget(window)
    window.show()
    assert isinstance(window, MainWindow)
    s = text.index("Paragraph 350 ")
    span = window.ws.add_span("ACTOR", ((s, s + 13),))
    assert span is not None
    bar = window.article_view.verticalScrollBar()
    assert bar.value() == 0
    window.ws.select_span(span.id)
    assert bar.value() > 0
    assert any(b.piece.span.id == span.id for b in window.article_view.boxes())


def test_big_article_paints_only_what_is_visible(qtbot: QtBot, tmp_path: Path) -> None:
    """100,000 characters and 3,000 spans: the index is built once, paints stay local."""
    rng = random.Random(7)
    words = ["the", "minister", "said", "talks", "would", "resume", "😀", "next", "week",
             "according", "to", "officials"]
    paras, n = [], 0
    while n < 100_000:
        para = " ".join(rng.choice(words) for _ in range(rng.randint(40, 160)))
        paras.append(para)
        n += len(para) + 2
    text = "\n\n".join(paras)[:100_000].rstrip()
    path = tmp_path / "big.claimdesk"
    with open_project(path, create=True) as project, project.transaction():
        project.documents.insert_many([Document(id="big", title="Big", text=text,
                                                sha256=sha256_text(text))])
        labels = ["ACTOR", "CLAIM", "SOURCE", "CUE"]
        starts = sorted(rng.sample(range(0, len(text) - 40), 3000))
        for i, s in enumerate(starts):
            e = s + rng.randint(3, 30)
            if text[s:e].strip() != text[s:e] or not text[s:e].strip():
                e = s + 1
            project.spans.add("big", "alice", Span.from_text(
                text, id=f"s{i + 1}", label=labels[i % 4], fragments=((s, e),)), who="bench")
    from desktop.app import build_window

    window = build_window(path, "alice")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert isinstance(window, MainWindow)
    view = window.article_view
    assert len(view.index.spans) == 3000
    t = time.perf_counter()
    view.refresh()
    rebuild = time.perf_counter() - t
    t = time.perf_counter()
    view.viewport().repaint()
    paint = time.perf_counter() - t
    visible = view.boxes()
    assert 0 < len(visible) < 600  # only the blocks on screen
    # Generous bounds: a sanity check, not a benchmark (bench scripts report real figures).
    assert rebuild < 2.0
    assert paint < 1.0
