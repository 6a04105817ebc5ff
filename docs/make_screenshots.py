"""Render the README screenshots offscreen: `python docs/make_screenshots.py [OUT_DIR]`.

Builds a temporary copy of the default project, annotates the first sample article through
the Workspace (the same undoable path the GUI uses), and grabs the main window at 1400x860.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.fonts=false")

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from desktop.app import build_window, ensure_default_project
from desktop.core.model import Actor, Frame, Origin, Relation, Span, SpanState
from desktop.ui.main_window import MainWindow
from desktop.ui.workspace import Workspace


def _at(text: str, needle: str, after: str = "") -> tuple[int, int]:
    base = text.index(after) if after else 0
    start = text.index(needle, base)
    return start, start + len(needle)


def annotate(ws: Workspace) -> str:
    """A realistic layer on the ceasefire sample; returns the span to show selected."""
    assert ws.current is not None
    text = ws.current.text

    def span(label: str, *frags: tuple[int, int], **attrs: object) -> Span:
        made = ws.add_span(label, tuple(frags), attrs=dict(attrs) or None)
        assert made is not None
        return made

    ods = ws.add_actor(Actor(id="", name="Søren Ødegaard", kind="person",
                             aliases=("Ødegaard", "Norwegian envoy Søren Ødegaard")))
    varga = ws.add_actor(Actor(id="", name="Anton Varga", kind="person",
                               aliases=("Varga",)))
    assert ods is not None
    assert varga is not None

    front = span("ACTOR", _at(text, "Highland Front", "YEREVAN"), kind="group")
    # Paragraph 2: indirect-with-quote claim, "told".
    src1 = span("SOURCE", _at(text, "Norwegian envoy Søren Ødegaard"), anonymity="named")
    cue1 = span("CUE", _at(text, "told", "Norwegian envoy"))
    claim1 = span("CLAIM", _at(text, '"moved further in three days than in the previous three '
                                      'months."'), form="partial")
    # Paragraph 3: a quote split by its attribution: one CLAIM, two fragments.
    claim2 = span("CLAIM", _at(text, '"We are not there yet,"'),
                  _at(text, '"But for the first time, both sides are arguing over commas '
                            'rather than over whether to sit in the same room."'),
                  form="direct")
    src2 = span("SOURCE", _at(text, "Ødegaard", '"We are not there yet'))
    cue2 = span("CUE", _at(text, "said", '"We are not there yet'))
    # Paragraph 6: Varga's denial (indirect) and his split quote.
    src3 = span("SOURCE", _at(text, "Deputy Foreign Minister Anton Varga"))
    cue3 = span("CUE", _at(text, "denied", "Anton Varga"))
    claim3 = span("CLAIM", _at(text, "that his side had offered to free all detained fighters "
                                     "in the first phase"), form="indirect")
    # The detainees Varga speaks of are Highland Front fighters: the claim is about them.
    ws.add_relation(Relation(id="", label="about", head=claim3.id, tail=front.id))
    for s, actor in ((src1, ods), (src2, ods), (src3, varga)):
        ws.update_span(replace(s, actor=actor.id), "Link actor")
    # Paragraph 7: Meridian Wire as ACTOR; paragraph 5: two rule-based suggestions that
    # the annotator has not reviewed yet (pending).
    span("ACTOR", _at(text, "Meridian Wire", "in a statement to"), kind="organisation")
    for label, needle, attrs in (("CUE", "According to", {}),
                                 ("SOURCE", "two people familiar with the talks",
                                  {"anonymity": "anonymous"})):
        s, e = _at(text, needle)
        written = ws.project.spans.add(
            ws.current.id, ws.annotator,
            Span.from_text(text, id="", label=label, fragments=((s, e),), attrs=attrs,
                           origin=Origin.SUGGESTED, state=SpanState.PENDING),
            who="suggest")
        ws.apply(written.change)

    for claim, src, cue, channel in ((claim1, src1, cue1, "interview"),
                                     (claim2, src2, cue2, "press conference"),
                                     (claim3, src3, cue3, "statement")):
        ws.add_frame(Frame(id="", type="attribution",
                           roles={"content": (claim.id,), "source": (src.id,),
                                  "cue": (cue.id,)},
                           attrs={"channel": channel}))
    # An incomplete frame (the annotator has not found the source yet) shows the warning.
    claim4 = span("CLAIM", _at(text, "the flights were routine reconnaissance and did not "
                                     "breach the pause"), form="indirect")
    cue4 = span("CUE", _at(text, "said", "A senior government official"))
    ws.add_frame(Frame(id="", type="attribution",
                       roles={"content": (claim4.id,), "cue": (cue4.id,)}))
    return claim2.id


def main(out_dir: Path) -> Path:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setFont(QFont("DejaVu Sans", 9))
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = ensure_default_project(Path(tmp) / "screenshot.claimdesk")
        window = build_window(path, "alice")
        assert isinstance(window, MainWindow)
        window.resize(1400, 860)
        window.show()
        selected = annotate(window.ws)
        window.ws.select_span(selected)
        app.processEvents()
        # Start the view at the second paragraph: the frames, the split quote, the pending
        # suggestions and the incomplete frame's warning are then all on screen.
        view = window.article_view
        view.select_range(*_at(view.bridge.text, "Norwegian"))
        view.clear_text_selection()
        rect = view.cursorRect()
        view.verticalScrollBar().setValue(view.verticalScrollBar().value() + rect.top() - 12)
        app.processEvents()
        target = out_dir / "workspace.png"
        window.grab().save(str(target))
        window.close()
    return target


def suggestions_shot(out_dir: Path) -> Path:
    """The assistant's pending suggestions on a sample article, one frame already accepted
    with Enter and the next suggestion selected (what F7 and Enter do, run in the
    foreground)."""
    from desktop.suggesting import compute_for
    from desktop.ui.assist_ops import ReplaceSuggestions

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        path = ensure_default_project(Path(tmp) / "screenshot.claimdesk")
        window = build_window(path, "alice")
        assert isinstance(window, MainWindow)
        window.resize(1400, 860)
        window.show()
        ws = window.ws
        ws.open_document("sample-transit")
        pending = compute_for(ws.project, ws.annotator, "sample-transit")
        ws.push(ReplaceSuggestions(ws.project, ws.annotator, "sample-transit", pending))
        review = window.labelling.review
        review.first()
        review.accept_current()  # Enter: the first frame, with its source and cue
        app.processEvents()
        window.annotation_dock.raise_()
        app.processEvents()
        target = out_dir / "suggestions.png"
        window.grab().save(str(target))
        window.close()
    return target


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else here / "screenshots"
    print(main(out))  # noqa: T201
    print(suggestions_shot(out))  # noqa: T201
