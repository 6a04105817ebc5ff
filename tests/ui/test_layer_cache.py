"""The Workspace patches its cached layer after each edit; it must always equal the store."""

from __future__ import annotations

import random
from pathlib import Path

from _panel_fixtures import redo, undo
from _window_fixtures import PLAIN_TEXT, make_project
from pytestqt.qtbot import QtBot

from desktop.core.model import DocStatus, Frame, Relation
from desktop.store import open_project
from desktop.ui.workspace import Workspace


def test_cached_layer_matches_the_store_through_random_edits(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    path = make_project(tmp_path / "cache.claimdesk")
    ws = Workspace(open_project(path), annotator="alice")
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
            elif op < 0.6:
                span = rng.choice(layer.spans)
                a, b = rng.choice(words)
                ws.update_span(span.__class__.from_text(
                    PLAIN_TEXT, id=span.id, label=span.label, fragments=((a, b),)))
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
            assert ws.layer() == ws.project.annotations.layer("p1", "alice"), f"step {step}"
    finally:
        ws.close()


def _words(text: str) -> list[tuple[int, str]]:
    out, i = [], 0
    for word in text.split(" "):
        if word.strip('",.'):
            out.append((i, word))
        i += len(word) + 1
    return out
