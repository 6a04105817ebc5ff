"""Render the Adjudication and Statistics windows offscreen.

Usage: `python docs/make_team_screenshots.py [OUT_DIR]`.

Builds a temporary copy of the default project (the bundled sample articles), hands out
batches to three annotators with a shared agreement sample, annotates each copy the way three
careful people differ (rule of thumb per person, written here), backdates their "done" times
over two weeks so the progress chart has a history (a demo data set, nothing else), merges the
files back, then grabs the Adjudication window (agreed items accepted, a boundary difference
selected) and the Statistics window.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.fonts=false")

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from desktop.app import build_window, ensure_default_project
from desktop.core.model import DocStatus, Frame, Span
from desktop.quality import DiffKind
from desktop.store import Project, merge_projects, open_project
from desktop.teams import make_batches, team_stats
from desktop.ui.main_window import MainWindow
from desktop.ui.views.statistics_view import StatisticsWindow

QUOTE = re.compile(r'"[^"\n]{12,}?"')
CUES = re.compile(r"\b(said|told reporters|told|denied|warned|according to|wrote)\b")
NAME = re.compile(r"\b(?:[A-Z][a-zø]+ ){1,2}[A-Z][a-zøæ]+\b")


def annotate(p: Project, name: str, style: int) -> None:
    """Mark quotes, cues and names; each style differs a little, as people do."""
    for doc_id in p.documents.ids():
        text = p.documents.get(doc_id).text
        quotes = [m.span() for m in QUOTE.finditer(text)]
        cues = [m.span() for m in CUES.finditer(text)]
        names = [m.span() for m in NAME.finditer(text) if m.start() > 80]
        made: dict[str, list[Span]] = {"CLAIM": [], "CUE": [], "SOURCE": []}
        for k, (s, e) in enumerate(quotes):
            if style == 1:  # bob leaves the quotation marks out
                s, e = s + 1, e - 1
            if style == 2 and k % 3 == 2:  # carol misses some quotes
                continue
            made["CLAIM"].append(p.spans.add(doc_id, name, Span.from_text(
                text, id="", label="CLAIM", fragments=((s, e),),
                attrs={"form": "direct"}), who=name).value)
        for k, (s, e) in enumerate(cues):
            if style == 2 and k % 2:
                continue
            made["CUE"].append(p.spans.add(doc_id, name, Span.from_text(
                text, id="", label="CUE", fragments=((s, e),)), who=name).value)
        for k, (s, e) in enumerate(names[:8]):
            label = "ACTOR" if (style == 0 and k % 4 == 3) else "SOURCE"
            span = p.spans.add(doc_id, name, Span.from_text(
                text, id="", label=label, fragments=((s, e),)), who=name).value
            if label == "SOURCE":
                made["SOURCE"].append(span)
        for claim in made["CLAIM"]:
            def near(spans: list[Span], c: Span = claim) -> list[str]:
                close = [x for x in spans if abs(x.start - c.end) < 60
                         or abs(c.start - x.end) < 60]
                return [close[0].id] if close else []

            roles = {"content": (claim.id,), "source": tuple(near(made["SOURCE"])),
                     "cue": tuple(near(made["CUE"]))}
            p.frames.add(doc_id, name, Frame(id="", type="attribution",
                                             roles={r: v for r, v in roles.items() if v}),
                         who=name)
        p.status.set(doc_id, name, DocStatus.DONE, who=name)


def backdate(path: Path, first_day: int) -> None:
    """Spread the 'done' times over October (demo data for the progress chart)."""
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT doc FROM doc_status ORDER BY doc").fetchall()
    for k, (doc,) in enumerate(rows):
        conn.execute("UPDATE doc_status SET updated_at = ? WHERE doc = ?",
                     [f"2026-10-{first_day + 3 * k:02d}T15:00:00.000Z", doc])
    conn.commit()
    conn.close()


def main(out_dir: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setFont(QFont("DejaVu Sans", 9))
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        lead = ensure_default_project(tmp / "newsroom.claimdesk")
        with open_project(lead) as p:
            result = make_batches(p, tmp / "batches", ["alice", "bob", "carol"],
                                  overlap=0.6, seed=4)
        for style, (who, path) in enumerate(sorted(result.files.items())):
            with open_project(path) as p:
                annotate(p, who, style)
            backdate(path, 2 + style)
        with open_project(lead) as p:
            merge_projects(p, sorted(result.files.values()), who="lead")
        window = build_window(lead, "lead")
        assert isinstance(window, MainWindow)
        window.resize(1400, 860)
        window.show()
        adj = window.team.open_adjudication("sample-ceasefire")
        adj.resize(1400, 860)
        app.processEvents()
        adj.controller.accept_all_agreed()
        row = next((i for i, item in enumerate(adj.controller.items)
                    if item.kind is DiffKind.BOUNDARY), 0)
        adj.select(row)
        app.processEvents()
        target = out_dir / "adjudication.png"  # shown in docs/guide/teams.md
        adj.grab().save(str(target))
        targets.append(target)
        stats = StatisticsWindow(window.ws, window)
        stats.resize(1400, 900)
        stats.show()
        stats.show_stats(team_stats(window.ws.project))
        app.processEvents()
        target = out_dir / "statistics.png"
        stats.grab().save(str(target))
        targets.append(target)
        stats.close()
        adj.close()
        window.close()
    return targets


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    for t in main(Path(sys.argv[1]) if len(sys.argv) > 1 else here / "screenshots"):
        print(t)  # noqa: T201
