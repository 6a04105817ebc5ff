"""The Workspace patches its cached layer after each edit; it must always equal the store."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from helpers.panels import redo, undo
from helpers.windows import PLAIN_TEXT, make_project
from pytestqt.qtbot import QtBot

from desktop.core.model import DocStatus, Frame, Relation
from desktop.store import open_project
from desktop.ui.models.annotation_model import FrameTreeModel, SpanTreeModel
from desktop.ui.models.tree_model import TreeModel
from desktop.ui.views.annotation_panel import AnnotationPanel
from desktop.ui.views.article_view import ArticleView
from desktop.ui.workspace import Workspace


def _tree(model: TreeModel) -> list[tuple[str, object, list[tuple[str, object]]]]:
    return [(g.key, g.payload, [(c.key, c.payload) for c in g.children])
            for g in model.root.children]


def test_cache_and_views_match_the_store_through_random_edits(qtbot: QtBot,
                                                              tmp_path: Path) -> None:
    """Every Change is applied to the cache, the article view and the panel (patched, not
    rebuilt); after each edit all three must equal what a fresh read of the store gives."""
    path = make_project(tmp_path / "cache.claimdesk")
    ws = Workspace(open_project(path), annotator="alice")
    panel = AnnotationPanel(ws)
    article = ArticleView(ws)
    qtbot.addWidget(panel)
    qtbot.addWidget(article)
    try:
        ws.open_document("p1")
        rng = random.Random(7)
        words = [(i, i + len(w)) for i, w in _words(PLAIN_TEXT)]
        labels = ["ACTOR", "CLAIM", "SOURCE", "CUE"]
        for step in range(120):
            layer = ws.layer()
            op = rng.random()
            if op < 0.35 or not layer.spans:
                a, b = rng.choice(words)
                ws.add_span(rng.choice(labels), ((a, b),))
            elif op < 0.5:
                ws.delete_span(rng.choice(layer.spans).id)
            elif op < 0.55:
                span = rng.choice(layer.spans)
                a, b = rng.choice(words)
                ws.update_span(span.__class__.from_text(
                    PLAIN_TEXT, id=span.id, label=span.label, fragments=((a, b),)))
            elif op < 0.6:
                span = rng.choice(layer.spans)
                ws.update_span(replace(span, label=rng.choice(labels)), "Relabel")
            elif op < 0.7:
                claims = [s for s in layer.spans if s.label == "CLAIM"]
                cues = [s for s in layer.spans if s.label == "CUE"]
                if claims:
                    roles = {"content": (rng.choice(claims).id,)}
                    if cues:
                        roles["cue"] = (rng.choice(cues).id,)
                    ws.add_frame(Frame(id="", type="attribution", roles=roles))
            elif op < 0.75 and layer.frames:
                ws.delete_frame(rng.choice(layer.frames).id)
            elif op < 0.8:
                claims = [s for s in layer.spans if s.label == "CLAIM"]
                actors = [s for s in layer.spans if s.label == "ACTOR"]
                if claims and actors:
                    ws.add_relation(Relation(id="", label="about", head=rng.choice(claims).id,
                                             tail=rng.choice(actors).id))
            elif op < 0.85:
                ws.set_status(rng.choice(list(DocStatus)))
            elif op < 0.95 and ws.undo_stack.canUndo():
                undo(ws)
            elif ws.undo_stack.canRedo():
                redo(ws)
            stored = ws.project.annotations.layer("p1", "alice")
            assert ws.layer() == stored, f"step {step}"
            panel.catch_up()
            fresh = SpanTreeModel(ws)
            assert _tree(panel.span_model) == _tree(fresh), f"step {step}"
            fresh_frames = FrameTreeModel(ws)
            assert _tree(panel.frame_model) == _tree(fresh_frames), f"step {step}"
            assert dict(article.index.spans) == {sp.id: sp for sp in stored.spans}
            assert article.layer == stored
            fresh_view = ArticleView(ws)
            assert ws.current is not None
            fresh_view.show_document(ws.current)
            assert article.marks.roles_of == fresh_view.marks.roles_of, f"step {step}"
            assert article.marks.flags == fresh_view.marks.flags, f"step {step}"
            fresh_view.deleteLater()
    finally:
        ws.close()


def _words(text: str) -> list[tuple[int, str]]:
    out, i = [], 0
    for word in text.split(" "):
        if word.strip('",.'):
            out.append((i, word))
        i += len(word) + 1
    return out
