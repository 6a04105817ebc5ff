"""The two-annotator document (and the lead's window on it) the adjudication and team-window
tests share."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.app import build_window
from desktop.core.model import DocStatus, Frame, Span
from desktop.store import open_project
from desktop.ui.main_window import MainWindow
from helpers.windows import PLAIN_TEXT, make_project


def span_at(label: str, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = PLAIN_TEXT.index(needle, start + 1)
    return Span.from_text(PLAIN_TEXT, id="", label=label,
                          fragments=((start, start + len(needle)),))


def two_layers(path: Path) -> None:
    """alice and bob on p1: an agreed CUE and frame, a CLAIM boundary, a SOURCE/ACTOR label
    difference and an ACTOR only alice marked."""
    with open_project(path) as p:
        for name, claim, office in (("alice", '"We are moving towards a truce tonight,"',
                                     "SOURCE"),
                                    ("bob", "We are moving towards a truce tonight", "ACTOR")):
            add = p.spans.add
            c = add("p1", name, span_at("CLAIM", claim), who=name).value
            add("p1", name, span_at(office, "President Emmanuel Macron's office"), who=name)
            q = add("p1", name, span_at("CUE", "said"), who=name).value
            c2 = add("p1", name, span_at("CLAIM", '"is final."'), who=name).value
            q2 = add("p1", name, span_at("CUE", "said", 1), who=name).value
            p.frames.add("p1", name, Frame(id="", type="attribution",
                                           roles={"content": (c2.id,), "cue": (q2.id,)}),
                         who=name)
            p.frames.add("p1", name, Frame(id="", type="attribution",
                                           roles={"content": (c.id,), "cue": (q.id,)}),
                         who=name)
            if name == "alice":
                add("p1", name, span_at("ACTOR", "AFP"), who=name)
            p.status.set("p1", name, DocStatus.DONE, who=name)


def lead_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    """The lead's window, shown, on a project where alice and bob annotated "p1"."""
    path = make_project(tmp_path / "team.claimdesk")
    two_layers(path)
    w = build_window(path, "lead")
    assert isinstance(w, MainWindow)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w
