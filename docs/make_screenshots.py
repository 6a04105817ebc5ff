"""Render the screenshots of the README and the guide: `python docs/make_screenshots.py [OUT]`.

Builds a temporary project from the sample articles plus two written for the screenshots (one
mixing English with Arabic and Hebrew, one full of emoji and flags), annotates them through
the Workspace (the same undoable path the GUI uses), and grabs the real main window:

- ``workspace-WxH-THEME.png`` at 1024x700, 1366x768 and 1920x1080, light and dark;
- ``workspace-rtl-THEME.png`` and ``workspace-emoji-THEME.png`` (1366x768);
- ``tags-and-connectors.png`` (inline label tags on, a frame's connectors shown);
- ``workspace.png`` (1400x860, the README's picture);
- ``suggestions.png`` (1400x860: the assistant's pending suggestions, one frame accepted);
- ``workspace-1366x768-light@2x.png`` with a device pixel ratio of 2 (high DPI: 2732x1536
  pixels).

Offscreen Qt clamps windows to its screen (800x600 by default), so the script describes a
1920x1080 screen to it (``offscreen:configfile=...``); under Xvfb give the server a screen that
large (``xvfb-run -s "-screen 0 1920x1080x24"``). The fonts the pictures need are those of
``packaging/system_deps.sh`` (DejaVu, WenQuanYi, Noto Color Emoji).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = ((1024, 700), (1366, 768), (1920, 1080))
NAMES = {
    "readme": "workspace.png",
    "tags": "tags-and-connectors.png",
    "suggestions": "suggestions.png",
    "hidpi": "workspace-1366x768-light@2x.png",
    # The guide shows these two of the size/theme set by name:
    "guide_light": "workspace-1366x768-light.png",
    "guide_dark": "workspace-1920x1080-dark.png",
}


def _screen_config(scale: int) -> str:
    """A JSON file describing one screen to the offscreen platform: 1920x1080 logical pixels
    at ``scale`` device pixels each (QT_SCALE_FACTOR does the scaling)."""
    cfg = {"screens": [{"name": "shots", "x": 0, "y": 0, "width": 1920 * scale,
                        "height": 1080 * scale, "logicalDpi": 96, "logicalBaseDpi": 96}]}
    fd, name = tempfile.mkstemp(suffix=".json", prefix="claimdesk-screen-")
    with os.fdopen(fd, "w") as fh:
        json.dump(cfg, fh)
    return name


if __name__ == "__main__" and os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    SCALE = 2 if "--hidpi" in sys.argv else 1
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen_config(SCALE)}"
    if SCALE != 1:
        os.environ["QT_SCALE_FACTOR"] = str(SCALE)
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.fonts=false")

from PySide6.QtGui import QFont  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.app import build_window, ensure_default_project  # noqa: E402
from desktop.core.model import Actor, Document, Frame, Origin, Relation, Span, SpanState  # noqa: E402
from desktop.core.offsets import sha256_text  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.settings import INLINE_TAGS, Settings  # noqa: E402
from desktop.ui.theme import apply_theme  # noqa: E402
from desktop.ui.workspace import Workspace  # noqa: E402

# Written for these pictures; fictional people, places and outlets.
RTL_TEXT = (
    "Lantern Bay talks stall as port workers walk out\n\n"
    "AMMAN, March 4 (Meridian Wire) - The spokesman for the coastal authority, Rami Haddad, "
    "said on Tuesday that «المحادثات ستستمر» despite a walk-out by the fishing "
    "cooperatives.\n\n"
    "In Haifa, the port's director Noa Peretz told reporters that banners of the group "
    "שלום עכשיו had appeared on the quay overnight, and that nobody was in a hurry to take "
    "them down.\n\n"
    "قال المتحدث باسم التعاونيات إن الإضراب «خطوة أولى» وليس قطيعة.\n\n"
    "A statement from the cooperatives' council read \"نحن لا نرفض الحوار\", but it gave no "
    "date for a return to the table.")
EMOJI_TEXT = (
    "Crowds cheer as 🇫🇷 France and 🇯🇵 Japan sign the ferry accord 🚢\n\n"
    "PARIS, June 2 (Meridian Wire) - \"This is a good day for both coasts 👍🏽,\" transport "
    "minister Claire Aubert said, as 👩‍👩‍👧 families waved flags 🇫🇷🇯🇵 outside the "
    "ministry.\n\n"
    "Officials in Tokyo said the first sailings would start in autumn 🍂, according to a "
    "statement posted with a 🎉 on the ministry's account.\n\n"
    "Café owners near the port, where the naïve hope of a \"bridge of boats\" began, said "
    "business had doubled 📈 since the talks opened.")


def _at(text: str, needle: str, after: str = "") -> tuple[int, int]:
    base = text.index(after) if after else 0
    start = text.index(needle, base)
    return start, start + len(needle)


def _span(ws: Workspace, label: str, *frags: tuple[int, int], **attrs: object) -> Span:
    made = ws.add_span(label, tuple(frags), attrs=dict(attrs) or None)
    assert made is not None
    return made


def _frame(ws: Workspace, claim: Span, source: Span | None, cue: Span | None,
           channel: str = "") -> Frame:
    roles = {"content": (claim.id,)}
    if source is not None:
        roles["source"] = (source.id,)
    if cue is not None:
        roles["cue"] = (cue.id,)
    made = ws.add_frame(Frame(id="", type="attribution", roles=roles,
                              attrs={"channel": channel} if channel else {}))
    assert made is not None
    return made


def annotate_sample(ws: Workspace) -> str:
    """A realistic layer on the ceasefire sample; returns the span to show selected."""
    assert ws.current is not None
    text = ws.current.text
    ods = ws.add_actor(Actor(id="", name="Søren Ødegaard", kind="person",
                             aliases=("Ødegaard", "Norwegian envoy Søren Ødegaard")))
    varga = ws.add_actor(Actor(id="", name="Anton Varga", kind="person", aliases=("Varga",)))
    assert ods is not None
    assert varga is not None
    front = _span(ws, "ACTOR", _at(text, "Highland Front", "YEREVAN"), kind="group")
    src1 = _span(ws, "SOURCE", _at(text, "Norwegian envoy Søren Ødegaard"), anonymity="named")
    cue1 = _span(ws, "CUE", _at(text, "told", "Norwegian envoy"))
    claim1 = _span(ws, "CLAIM", _at(text, '"moved further in three days than in the previous '
                                          'three months."'), form="partial")
    claim2 = _span(ws, "CLAIM", _at(text, '"We are not there yet,"'),
                   _at(text, '"But for the first time, both sides are arguing over commas '
                             'rather than over whether to sit in the same room."'),
                   form="direct")
    src2 = _span(ws, "SOURCE", _at(text, "Ødegaard", '"We are not there yet'))
    cue2 = _span(ws, "CUE", _at(text, "said", '"We are not there yet'))
    src3 = _span(ws, "SOURCE", _at(text, "Deputy Foreign Minister Anton Varga"))
    cue3 = _span(ws, "CUE", _at(text, "denied", "Anton Varga"))
    claim3 = _span(ws, "CLAIM", _at(text, "that his side had offered to free all detained "
                                          "fighters in the first phase"), form="indirect")
    ws.add_relation(Relation(id="", label="about", head=claim3.id, tail=front.id))
    for s, actor in ((src1, ods), (src2, ods), (src3, varga)):
        ws.update_span(replace(s, actor=actor.id), "Link actor")
    _span(ws, "ACTOR", _at(text, "Meridian Wire", "in a statement to"), kind="organisation")
    for label, needle, attrs in (("CUE", "According to", {}),
                                 ("SOURCE", "two people familiar with the talks",
                                  {"anonymity": "anonymous"})):
        s, e = _at(text, needle)
        written = ws.project.spans.add(
            ws.current.id, ws.annotator,
            Span.from_text(text, id="", label=label, fragments=((s, e),), attrs=attrs,
                           origin=Origin.SUGGESTED, state=SpanState.PENDING), who="suggest")
        ws.apply(written.change)
    for claim, src, cue, channel in ((claim1, src1, cue1, "interview"),
                                     (claim2, src2, cue2, "press conference"),
                                     (claim3, src3, cue3, "statement")):
        _frame(ws, claim, src, cue, channel)
    # An incomplete frame (the annotator has not found the source yet) shows the warning.
    claim4 = _span(ws, "CLAIM", _at(text, "the flights were routine reconnaissance and did "
                                          "not breach the pause"))  # form: the default, shown
    cue4 = _span(ws, "CUE", _at(text, "said", "A senior government official"))
    _frame(ws, claim4, None, cue4)
    return claim2.id


def annotate_rtl(ws: Workspace) -> str:
    text = RTL_TEXT
    haddad = _span(ws, "SOURCE", _at(text, "Rami Haddad"))
    said = _span(ws, "CUE", _at(text, "said", "Rami Haddad"))
    talks = _span(ws, "CLAIM", _at(text, "«المحادثات ستستمر»"), form="direct")
    _frame(ws, talks, haddad, said, "statement")
    _span(ws, "SOURCE", _at(text, "the port's director Noa Peretz"))
    _span(ws, "CUE", _at(text, "told"))
    _span(ws, "ACTOR", _at(text, "שלום עכשיו"), kind="group")  # ends at a direction boundary
    spokesman = _span(ws, "SOURCE", _at(text, "المتحدث باسم التعاونيات"), anonymity="unnamed")
    qal = _span(ws, "CUE", _at(text, "قال"))
    step = _span(ws, "CLAIM", _at(text, "«خطوة أولى»"), form="partial")
    _frame(ws, step, spokesman, qal)
    council = _span(ws, "SOURCE", _at(text, "the cooperatives' council"), anonymity="unnamed")
    dialogue = _span(ws, "CLAIM", _at(text, "\"نحن لا نرفض الحوار\""), form="direct")
    _frame(ws, dialogue, council, _span(ws, "CUE", _at(text, "read")))
    return talks.id


def annotate_emoji(ws: Workspace) -> str:
    text = EMOJI_TEXT
    claim = _span(ws, "CLAIM", _at(text, "\"This is a good day for both coasts 👍🏽,\""),
                  form="direct")
    minister = _span(ws, "SOURCE", _at(text, "transport minister Claire Aubert"))
    said = _span(ws, "CUE", _at(text, "said", "Claire Aubert"))
    _frame(ws, claim, minister, said, "press conference")
    _span(ws, "ACTOR", _at(text, "👩‍👩‍👧 families"), kind="group")
    _span(ws, "ACTOR", _at(text, "🇫🇷 France"), kind="state")
    _span(ws, "ACTOR", _at(text, "🇯🇵 Japan"), kind="state")
    tokyo = _span(ws, "SOURCE", _at(text, "Officials in Tokyo"), anonymity="unnamed")
    sailings = _span(ws, "CLAIM", _at(text, "the first sailings would start in autumn 🍂"),
                     form="indirect")
    _frame(ws, sailings, tokyo, _span(ws, "CUE", _at(text, "according to")), "social media")
    owners = _span(ws, "SOURCE", _at(text, "Café owners near the port"), anonymity="unnamed")
    doubled = _span(ws, "CLAIM", _at(text, "business had doubled 📈"), form="indirect")
    _frame(ws, doubled, owners, _span(ws, "CUE", _at(text, "said", "Café owners")))
    return claim.id


def _project(tmp: Path) -> Path:
    from desktop.store import open_project

    path = ensure_default_project(tmp / "screenshot.claimdesk")
    docs = [Document(id=i, title=text.split("\n", 1)[0], text=text, sha256=sha256_text(text),
                     meta={"outlet": "Meridian Wire", "published": published})
            for i, text, published in (("lantern-bay", RTL_TEXT, "2026-03-04"),
                                       ("ferry-accord", EMOJI_TEXT, "2026-06-02"))]
    with open_project(path) as project, project.transaction():
        project.documents.insert_many(docs)
    return path


def _show(app: QApplication, window: MainWindow, doc_id: str, span_id: str,
          start_at: str = "") -> None:
    window.open_document(doc_id)
    window.ws.select_span(span_id)
    app.processEvents()
    view = window.article_view
    if start_at:
        view.select_range(*_at(view.bridge.text, start_at))
        view.clear_text_selection()
        rect = view.cursorRect()
        view.verticalScrollBar().setValue(view.verticalScrollBar().value() + rect.top() - 12)
    else:
        view.verticalScrollBar().setValue(0)
    app.processEvents()


def _grab(app: QApplication, window: MainWindow, size: tuple[int, int], target: Path,
          doc_id: str, span_id: str, start_at: str = "") -> Path:
    """Resize first (the text reflows), then open, select and scroll, then grab."""
    window.resize(*size)
    app.processEvents()
    _show(app, window, doc_id, span_id, start_at)
    app.processEvents()
    window.grab().save(str(target))
    return target


def _suggestions(app: QApplication, window: MainWindow, target: Path) -> Path:
    """The assistant's pending suggestions on a sample article, one frame already accepted
    with Enter and the next suggestion selected (what F7 and Enter do, in the foreground)."""
    from desktop.suggesting import compute_for
    from desktop.ui.assist_ops import ReplaceSuggestions

    ws = window.ws
    window.resize(1400, 860)
    app.processEvents()
    window.open_document("sample-transit")
    pending = compute_for(ws.project, ws.annotator, "sample-transit")
    ws.push(ReplaceSuggestions(ws.project, ws.annotator, "sample-transit", pending))
    review = window.labelling.review
    review.first()
    review.accept_current()  # Enter: the first frame, with its source and cue
    window.annotation_dock.raise_()
    app.processEvents()
    window.grab().save(str(target))
    return target


def main(out_dir: Path, *, hidpi: bool = False) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setFont(QFont("DejaVu Sans", 9))
    out_dir.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = _project(Path(tmp))
        settings = Settings.transient()
        window = build_window(path, "alice", settings=settings)
        assert isinstance(window, MainWindow)
        window.show()
        window.open_document("sample-ceasefire")
        sample = annotate_sample(window.ws)
        window.open_document("lantern-bay")
        rtl = annotate_rtl(window.ws)
        window.open_document("ferry-accord")
        emoji = annotate_emoji(window.ws)
        first = ("sample-ceasefire", sample, "Norwegian")
        if hidpi:
            apply_theme(app, "light")
            made.append(_grab(app, window, (1366, 768), out_dir / NAMES["hidpi"], *first))
            window.close()
            return made
        for theme in ("light", "dark"):
            apply_theme(app, theme)
            for size in SIZES:
                name = f"workspace-{size[0]}x{size[1]}-{theme}.png"
                made.append(_grab(app, window, size, out_dir / name, *first))
            made.append(_grab(app, window, (1366, 768), out_dir / f"workspace-rtl-{theme}.png",
                              "lantern-bay", rtl))
            made.append(_grab(app, window, (1366, 768),
                              out_dir / f"workspace-emoji-{theme}.png", "ferry-accord", emoji))
        apply_theme(app, "light")
        settings.set_value(INLINE_TAGS, True)
        made.append(_grab(app, window, (1366, 768), out_dir / NAMES["tags"], *first))
        settings.set_value(INLINE_TAGS, False)
        made.append(_grab(app, window, (1400, 860), out_dir / NAMES["readme"], *first))
        made.append(_suggestions(app, window, out_dir / NAMES["suggestions"]))
        window.close()
    return made


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(args[0]) if args else HERE / "screenshots"
    for target in main(out, hidpi="--hidpi" in sys.argv):
        print(target)  # noqa: T201
    if "--hidpi" not in sys.argv and os.environ.get("CLAIMDESK_SHOTS_HIDPI", "1") == "1":
        # The high-DPI picture needs a screen with another pixel ratio: another process.
        subprocess.run([sys.executable, __file__, str(out), "--hidpi"], check=True,
                       env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
