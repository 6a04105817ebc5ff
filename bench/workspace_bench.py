"""Workspace benchmark: the real annotation window, driven the way a user drives it.

Not a timed unit test: a script that builds the real ``MainWindow`` (``desktop.app.
build_window``) offscreen, drives it through its widgets with ``QTest`` (as pytest-qt's
``qtbot`` does) and reports medians against the targets of issue 3, each next to a baseline
measured in the same run on the same machine.

Part A - one generated article (default 100,000 characters, 3,000 spans)
------------------------------------------------------------------------
The article is made of paragraphs of news-like sentences with direct and indirect quotes,
split quotes, names with accents, emoji, a flag, Arabic and Armenian words. Its layer (for
annotator ``bench``) holds ACTOR, CLAIM, SOURCE and CUE spans - nested (ACTOR inside SOURCE or
CLAIM), overlapping, discontinuous (split quotes), about 10 % pending suggestions - and about
300 attribution frames, imported through the native JSONL importer.

* **open** - ``Workspace.open_document(big)`` until the view shows it and has painted once
  (``viewport().repaint()`` + ``processEvents()``); between repeats a small document is opened
  (not timed). Baseline: a bare, shown ``QTextEdit.setPlainText`` of the same text + repaint.
* **keypress -> span** - a word is selected with the view's own text cursor through its
  ``TextBridge`` and scrolled into view (not timed); then ``QTest.keyClick(view, Key_2)``
  (CLAIM) and the article's repaint are timed: by then the span is committed and drawn. The
  annotation panel catches up in the next event-loop turn (it re-lays out a tree of 3,000
  rows), so that ``processEvents()`` is timed separately and reported as "panel catches up"
  (no target). After each press (not timed) the span must be in the view's index and among
  the boxes painted on screen, and at the end every new span is looked up in the project
  file through a separate ``sqlite3`` connection.
  Baseline: one raw ``INSERT`` + ``COMMIT`` into a scratch WAL database (synchronous=NORMAL,
  as projects use) + a bare repaint of the baseline ``QTextEdit``.
* **undo** - ``QTest.keyClick(view, Key_Z, Ctrl)`` (the window's Undo action) and the
  article's repaint (the panel again catches up in the next turn, not timed); afterwards the
  separate connection must no longer see the spans.
  Baseline: as for the key press.

Part B - a project of N documents (default 100,000 of ~1-2 KB)
----------------------------------------------------------------
Generated once with ``desktop.formats.storing.import_records`` and cached in the temp folder
(``--cache-dir``); about 10 % of the documents are "done", 5 % "in progress" and 2 % "skipped"
for the annotator. A rare word (``zephyrquartz``) is in every 300th document and a common one
(``ceasefire``) in about 30 % of them.

* **window interactive** - from ``build_window()`` to the window shown and exposed, the first
  row selected and its article displayed, with the event loop idle (``processEvents()``).
  Baseline: a bare ``QMainWindow`` with a ``QTableView`` over a 100-row ``QStandardItemModel``,
  shown and exposed.
* **filter / search** - through the corpus panel's widgets: pick a status in the combo box, or
  type into the search box and call the slot its debounce timer triggers (``apply_search``),
  until the model has reset and the visible rows' data were fetched (table viewport repaint +
  ``processEvents()``). The filter is cleared between repeats (not timed). Baseline for
  search: the raw ``SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?`` on the same
  file through ``sqlite3``; for the status filter: the raw ``SELECT doc FROM doc_status WHERE
  annotator = ? AND status IN (...)``.

Run from the repository root::

    .venv/bin/python bench/workspace_bench.py [--docs 100000] [--repeat 9] [--json out.json]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SEED = 20240611
ANNOTATOR = "bench"
RARE_WORD = "zephyrquartz"
RARE_EVERY = 300
COMMON_WORD = "ceasefire"
COMMON_SHARE = 0.30
CACHE_VERSION = 1
"""Bump when the generated corpus changes, so a stale cached project is not reused."""

_VOCAB_TEXT = (
    "government minister council spokesperson parliament agreement talks economy inflation "
    "budget election campaign voters opposition coalition report analysts market shares "
    "investors company workers union strike court judge ruling appeal police officers protest "
    "city residents hospital doctors patients school teachers students climate energy prices "
    "fuel harbour bridge railway airport flights storm flooding rescue volunteers village "
    "farmers harvest drought water supply officials interview committee investigation "
    "evidence witness lawyers trial verdict border security troops summit leaders delegation "
    "proposal reform pension taxes healthcare housing rent tenants museum festival artists "
    "the a of to and in on for with from by about after before during while because although "
    "new old local national regional early late major minor public private senior former"
)
_VOCAB = tuple(_VOCAB_TEXT.split())
_FOREIGN_TEXT = ("Zürich Kraków Łódź São Bogotá Reykjavík Malmö café naïve déjà façade Ελλάδα "
                 "Москва Київ İstanbul Ærø Gdańsk Curaçao")
_FOREIGN = tuple(_FOREIGN_TEXT.split())
_EXOTIC = ("👍🏽", "🇫🇷", "👩\u200d👩\u200d👧", "cafe\u0301", "𝔘", "قال المتحدث", "Հայաստանի")
_NAMES = ("Søren Ødegaard", "Anton Varga", "Amelia Hart", "Jonas Weber", "Zoë Laurent",
          "Mateo García", "Aiko Tanaka", "Nikolai Petrov", "Fatima Benali", "Liam O'Brien")
_ROLES = ("President", "Foreign Minister", "the spokesperson for", "an adviser to",
          "Deputy Minister")
_ORGS = ("the ministry", "Meridian Wire", "the Highland Front", "AFP", "the union",
         "the central bank", "the United Nations")
_CUES = ("said", "told reporters", "warned", "denied", "added", "said in a statement",
         "wrote on social media", "insisted")
_OUTLETS = ("Meridian Wire", "Harbour Post", "Northern Courier", "Le Petit Écho")


# -- timing helpers ----------------------------------------------------------------------


@dataclass(slots=True)
class Metric:
    name: str
    median_ms: float
    target_ms: float
    baseline_ms: float
    runs_ms: list[float]
    baseline_runs_ms: list[float]
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.median_ms < self.target_ms

    @property
    def ratio(self) -> float:
        return self.median_ms / self.baseline_ms if self.baseline_ms > 0 else float("inf")


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def _timed(fn: Callable[[], object]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return _ms(time.perf_counter() - t0)


def _metric(name: str, target: float, runs: list[float], base: list[float],
            note: str = "") -> Metric:
    return Metric(name, statistics.median(runs), target, statistics.median(base),
                  [round(r, 2) for r in runs], [round(r, 3) for r in base], note)


# -- part A: the article ----------------------------------------------------------------


@dataclass(slots=True)
class _SpanSpec:
    label: str
    frags: list[tuple[int, int]]
    state: str = "accepted"


class _ArticleBuilder:
    """Appends sentences to a text and records the spans in them as it goes."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.parts: list[str] = []
        self.pos = 0
        self.spans: list[_SpanSpec] = []
        self.frames: list[tuple[int, int | None, int | None]] = []  # (claim, source, cue)

    def add(self, text: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        return start, self.pos

    def span(self, label: str, *frags: tuple[int, int]) -> int:
        self.spans.append(_SpanSpec(label, list(frags)))
        return len(self.spans) - 1

    def words(self, n: int) -> str:
        ws = [self.rng.choice(_VOCAB) for _ in range(n)]
        if self.rng.random() < 0.2:
            ws.insert(self.rng.randrange(len(ws)), self.rng.choice(_FOREIGN))
        return " ".join(ws)

    def source(self) -> int:
        """'Foreign Minister Søren Ødegaard' as SOURCE with the name as ACTOR inside."""
        role = self.rng.choice(_ROLES)
        self.add(role + " ")
        s0 = self.pos - len(role) - 1
        a = self.add(self.rng.choice(_NAMES))
        self.span("ACTOR", a)
        return self.span("SOURCE", (s0, a[1]))

    def sentence(self) -> None:
        r = self.rng.random()
        if self.rng.random() < 0.04:
            self.add(self.rng.choice(_EXOTIC) + " ")
        if r < 0.40:  # "claim," Source cue.
            q = self.add(f'"{self.words(self.rng.randint(4, 11)).capitalize()},"')
            claim = self.span("CLAIM", q)
            self.add(" ")
            src = self.source()
            self.add(" ")
            cue = self.span("CUE", self.add(self.rng.choice(_CUES)))
            self.add(". ")
            self.frames.append((claim, src, cue))
        elif r < 0.62:  # Source cue that claim (indirect, with an ACTOR nested in it).
            src = self.source()
            self.add(" ")
            cue = self.span("CUE", self.add(self.rng.choice(_CUES)))
            self.add(" that ")
            c0 = self.pos
            self.add(self.words(self.rng.randint(3, 8)) + " ")
            self.span("ACTOR", self.add(self.rng.choice(_ORGS)))
            self.add(" " + self.words(self.rng.randint(2, 6)))
            claim = self.span("CLAIM", (c0, self.pos))
            self.add(". ")
            self.frames.append((claim, src, cue))
        elif r < 0.80:  # "split," Source cue, "quote."
            q1 = self.add(f'"{self.words(self.rng.randint(3, 7)).capitalize()},"')
            self.add(" ")
            src = self.source()
            self.add(" ")
            cue = self.span("CUE", self.add(self.rng.choice(_CUES)))
            self.add(", ")
            q2 = self.add(f'"{self.words(self.rng.randint(4, 9))}."')
            claim = self.span("CLAIM", q1, q2)
            self.add(" ")
            self.frames.append((claim, src, cue))
        else:  # Plain sentence mentioning an actor.
            self.add(self.words(self.rng.randint(3, 7)).capitalize() + " ")
            self.span("ACTOR", self.add(self.rng.choice(_ORGS)))
            self.add(" " + self.words(self.rng.randint(5, 12)) + ". ")


def make_article(chars: int, n_spans: int, n_frames: int, seed: int = SEED) -> dict[str, Any]:
    """A native-JSONL record: the article, ``n_spans`` spans and ``n_frames`` frames."""
    rng = random.Random(seed)
    b = _ArticleBuilder(rng)
    b.add("Envoys report progress as talks resume 🕊️\n\n")
    paragraph = 0
    while b.pos < chars:
        b.sentence()
        paragraph += 1
        if paragraph >= rng.randint(4, 7):
            b.parts[-1] = b.parts[-1].rstrip() + "\n\n"
            b.pos = sum(map(len, b.parts))  # the rstrip may have shortened the text
            paragraph = 0
    text = "".join(b.parts)[:chars].rstrip()
    specs = [s for s in b.spans if s.frags[-1][1] <= len(text)]
    # Crossing (non-nested) overlaps: a CUE that starts in a SOURCE and runs past it.
    for i in range(0, len(specs), 40):
        s, e = specs[i].frags[0]
        lo, hi = s + (e - s) // 2, e + 6
        while lo > s and text[lo - 1].isalnum():
            lo -= 1
        while hi < len(text) and text[hi].isalnum():
            hi += 1
        if lo > s and hi < len(text) and not text[lo:hi].endswith(" "):
            specs.append(_SpanSpec("CUE", [(lo, hi)]))
    if len(specs) < n_spans:
        raise SystemExit(f"the generated article has only {len(specs)} spans; ask for fewer")
    keep = sorted(rng.sample(range(len(specs)), n_spans))
    kept = {old: new for new, old in enumerate(keep)}
    for i in rng.sample(range(n_spans), n_spans // 10):
        specs[keep[i]].state = "pending"
    spans = []
    for new, old in enumerate(keep):
        spec = specs[old]
        frags = spec.frags
        rec: dict[str, Any] = {
            "id": f"s{new + 1}", "label": spec.label, "start": frags[0][0],
            "end": frags[-1][1], "text": " ".join(text[s:e] for s, e in frags), "attrs": {}}
        if len(frags) > 1:
            rec["fragments"] = [list(f) for f in frags]
        if spec.state == "pending":
            rec["state"] = "pending"
            rec["origin"] = "suggested"
        spans.append(rec)
    frames = []
    for claim, src, cue in b.frames:
        if len(frames) == n_frames:
            break
        if claim not in kept:
            continue
        roles: dict[str, list[str]] = {"content": [f"s{kept[claim] + 1}"]}
        if src is not None and src in kept:
            roles["source"] = [f"s{kept[src] + 1}"]
        if cue is not None and cue in kept:
            roles["cue"] = [f"s{kept[cue] + 1}"]
        frames.append({"id": f"f{len(frames) + 1}", "type": "attribution", "roles": roles,
                       "attrs": {"channel": rng.choice(["statement", "interview"])}})
    return {"id": "big", "title": "A long article with thousands of spans", "text": text,
            "meta": {"outlet": "Meridian Wire", "published": "2024-06-11T09:00:00Z"},
            "annotator": ANNOTATOR, "status": "in progress", "spans": spans,
            "frames": frames}


def _words_at(text: str, n: int) -> list[tuple[int, int]]:
    """``n`` words spread evenly over ``text`` (ASCII letters only, at least 4 long)."""
    words = [(m.start(), m.end()) for m in re.finditer(r"(?<!\w)[A-Za-z]{4,}(?!\w)", text)]
    step = len(words) / n
    return [words[int(k * step + step / 2)] for k in range(n)]


def bench_article(app: Any, work: Path, args: argparse.Namespace) -> list[Metric]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QTextEdit

    from desktop.app import build_window
    from desktop.formats.importing import import_paths
    from desktop.store import open_project
    from desktop.ui.main_window import MainWindow

    record = make_article(args.article_chars, args.spans, args.frames)
    text = record["text"]
    small = {"id": "small", "title": "A short article", "text": "The council said nothing.",
             "meta": {"outlet": "Harbour Post", "published": "2024-06-10T09:00:00Z"}}
    jsonl = work / "article.jsonl"
    jsonl.write_text(json.dumps(record, ensure_ascii=False) + "\n"
                     + json.dumps(small, ensure_ascii=False) + "\n", encoding="utf-8")
    path = work / "article.claimdesk"
    with open_project(path, create=True) as project:
        report = import_paths(project, [jsonl], fmt="jsonl", who="bench")
    print(f"article: {len(text):,} characters, {report.spans:,} spans "
          f"({sum(1 for s in record['spans'] if 'fragments' in s)} discontinuous, "
          f"{sum(1 for s in record['spans'] if s.get('state') == 'pending')} pending), "
          f"{report.frames} frames")

    window = build_window(path, ANNOTATOR)
    assert isinstance(window, MainWindow)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    view = window.article_view
    view.setFocus()
    _settle(app, lambda: view.hasFocus())
    assert view.hasFocus(), "the article view did not get the keyboard focus"
    ws = window.ws

    def repaint() -> None:
        view.viewport().repaint()
        app.processEvents()

    # -- open ----------------------------------------------------------------------------
    def open_big() -> None:
        ws.open_document("big")
        repaint()

    opens = []
    for _ in range(args.repeat):
        ws.open_document("small")
        repaint()
        opens.append(_timed(open_big))
        assert view.doc_id == "big"
        assert len(view.index.spans) == args.spans
    bare = QTextEdit()
    bare.resize(view.size())
    bare.show()
    QTest.qWaitForWindowExposed(bare)

    def bare_open() -> None:
        bare.setPlainText(text)
        bare.viewport().repaint()
        app.processEvents()

    bare_opens = []
    for _ in range(args.repeat):
        bare.setPlainText("")
        bare_opens.append(_timed(bare_open))

    # -- keypress -> span drawn and committed ----------------------------------------------
    window.activateWindow()
    view.setFocus()
    _settle(app, lambda: view.hasFocus())
    assert view.hasFocus(), "the article view did not get the keyboard focus"
    targets = _words_at(text, args.keys)
    before = {s.id for s in ws.layer().spans}
    presses: list[float] = []
    catch_ups: list[float] = []
    added: list[str] = []
    for s, e in targets:
        ws.select_span("")
        cursor = view.textCursor()
        view.bridge.select(cursor, s, e)
        view.setTextCursor(cursor)
        view.ensureCursorVisible()
        repaint()
        gc.collect()
        t0 = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_2)
        view.viewport().repaint()
        presses.append(_ms(time.perf_counter() - t0))
        t1 = time.perf_counter()
        app.processEvents()
        catch_ups.append(_ms(time.perf_counter() - t1))
        new = ws.selected_span
        assert new, f"no span for {text[s:e]!r}"
        assert new not in before
        assert new not in added
        span = view.span(new)
        assert span is not None
        assert span.label == "CLAIM"
        assert span.start <= s < e <= span.end  # snapping may take in an adjacent quote
        assert any(b.piece.span.id == new for b in view.boxes()), "new span not on screen"
        added.append(new)
    stored = _stored_spans(path, added)
    assert stored == set(added), f"not in the project file: {set(added) - stored}"

    scratch = sqlite3.connect(work / "scratch.db", isolation_level=None)
    scratch.execute("PRAGMA journal_mode = WAL")
    scratch.execute("PRAGMA synchronous = NORMAL")
    scratch.execute("CREATE TABLE t (pk INTEGER PRIMARY KEY, doc INTEGER, label TEXT, "
                    "start INTEGER, end_ INTEGER, text TEXT)")

    def baseline_edit() -> None:
        scratch.execute("BEGIN")
        scratch.execute("INSERT INTO t (doc, label, start, end_, text) VALUES (?, ?, ?, ?, ?)",
                        [1, "CLAIM", 10, 20, "some words"])
        scratch.execute("COMMIT")
        bare.viewport().repaint()
        app.processEvents()

    bare_edits = [_timed(baseline_edit) for _ in range(len(presses))]

    # -- undo ------------------------------------------------------------------------------
    undos: list[float] = []
    for sid in reversed(added):
        repaint()
        gc.collect()
        t0 = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        view.viewport().repaint()
        undos.append(_ms(time.perf_counter() - t0))
        app.processEvents()
        assert view.span(sid) is None, f"undo left {sid} in the view"
    left = _stored_spans(path, added)
    assert not left, f"undo left spans in the project file: {left}"
    assert {s.id for s in ws.layer().spans} == before
    scratch.close()
    bare.close()
    window.close()
    window.deleteLater()
    app.processEvents()

    n = f"{args.spans:,} spans, {len(text) // 1000}k chars"
    return [
        _metric("open article", args.target_open, opens, bare_opens,
                f"{n}; baseline: bare QTextEdit.setPlainText + repaint"),
        _metric("keypress -> span drawn + committed", args.target_key, presses, bare_edits,
                f"{len(presses)} presses; baseline: sqlite3 INSERT+COMMIT (WAL) + repaint"),
        _metric("undo (Ctrl+Z)", args.target_key, undos, bare_edits,
                f"{len(undos)} undos; baseline: as keypress"),
        _metric("panel catches up after a keypress", float("inf"), catch_ups, bare_edits,
                "next event-loop turn; no target (the span is already drawn)"),
    ]


def _stored_spans(path: Path, ids: list[str]) -> set[str]:
    """Which of ``ids`` another process reading the project file sees (committed)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        marks = ", ".join("?" for _ in ids)
        rows = con.execute(
            f"SELECT s.id FROM spans s JOIN documents d ON d.pk = s.doc WHERE d.id = 'big' "
            f"AND s.annotator = ? AND s.id IN ({marks})", [ANNOTATOR, *ids]).fetchall()
    finally:
        con.close()
    return {r[0] for r in rows}


def _settle(app: Any, until: Callable[[], bool] | None = None, timeout: float = 5.0) -> None:
    end = time.perf_counter() + timeout
    while True:
        app.processEvents()
        if until is None or until() or time.perf_counter() > end:
            return
        time.sleep(0.005)


# -- part B: the large project ------------------------------------------------------------


def _corpus_records(n: int, seed: int = SEED) -> Iterator[Any]:
    from desktop.core.model import Document
    from desktop.core.offsets import sha256_text
    from desktop.formats.records import ImportRecord

    rng = random.Random(seed)
    pool = []
    for _ in range(4000):
        ws = [rng.choice(_VOCAB) for _ in range(rng.randint(8, 20))]
        if rng.random() < 0.2:
            ws.insert(rng.randrange(len(ws)), rng.choice(_FOREIGN))
        s = " ".join(ws).capitalize() + "."
        if rng.random() < 0.3:
            s = f'"{s[:-1]}," {rng.choice(_NAMES)} {rng.choice(_CUES)}.'
        pool.append(s)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    for i in range(n):
        k = rng.randint(8, 16)
        sentences = rng.choices(pool, k=k)
        if rng.random() < COMMON_SHARE:
            sentences.insert(rng.randrange(k), f"The {COMMON_WORD} held overnight.")
        if i % RARE_EVERY == 0:
            sentences.append(f"The {RARE_WORD} inquiry continues.")
        title = f"Report {i}: " + " ".join(rng.choices(_VOCAB, k=6))
        body = " ".join(sentences)
        text = f"{title}\n\n{body}"
        published = (start + timedelta(minutes=rng.randrange(2_000_000)))
        yield ImportRecord(document=Document(
            id=f"d{i:06d}", title=title, text=text, sha256=sha256_text(text),
            meta={"outlet": _OUTLETS[i % len(_OUTLETS)],
                  "published": published.strftime("%Y-%m-%dT%H:%M:%SZ")}))


def corpus_project(n: int, cache_dir: Path, fresh: bool) -> Path:
    """The N-document project, generated once and reused from ``cache_dir``."""
    from desktop.core.model import DocStatus
    from desktop.formats.storing import import_records
    from desktop.store import open_project

    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"corpus-{n}-v{CACHE_VERSION}-{SEED}.claimdesk"
    ready = path.with_suffix(".ready")
    if ready.exists() and path.exists() and not fresh:
        print(f"project: {n:,} documents (cached: {path})")
        return path
    for p in (path, ready, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    t0 = time.perf_counter()
    with open_project(path, create=True) as project:
        import_records(project, _corpus_records(n), who="bench", total=n)
        rng = random.Random(SEED + 1)
        ids = project.documents.ids()
        with project.transaction():
            project.annotations.ensure_annotator(ANNOTATOR)
            for doc_id in ids:
                r = rng.random()
                status = (DocStatus.DONE if r < 0.10 else DocStatus.IN_PROGRESS if r < 0.15
                          else DocStatus.SKIPPED if r < 0.17 else None)
                if status is not None:
                    project.status.set(doc_id, ANNOTATOR, status, who="bench")
    ready.write_text("ok\n")
    print(f"project: {n:,} documents generated in {time.perf_counter() - t0:.1f} s "
          f"({path.stat().st_size / 1e6:,.0f} MB, cached at {path})")
    return path


def bench_corpus(app: Any, path: Path, args: argparse.Namespace) -> list[Metric]:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMainWindow, QTableView

    from desktop.app import build_window
    from desktop.store import fts_query
    from desktop.ui.main_window import MainWindow

    # -- window interactive --------------------------------------------------------------
    def interactive() -> MainWindow:
        w = build_window(path, ANNOTATOR)
        assert isinstance(w, MainWindow)
        w.show()
        QTest.qWaitForWindowExposed(w)
        app.processEvents()
        return w

    def bare_window() -> QMainWindow:
        w = QMainWindow()
        w.resize(1400, 860)
        table = QTableView()
        model = QStandardItemModel(100, 5, table)
        for r in range(100):
            for c in range(5):
                model.setItem(r, c, QStandardItem(f"row {r} column {c}"))
        table.setModel(model)
        w.setCentralWidget(table)
        w.show()
        QTest.qWaitForWindowExposed(w)
        app.processEvents()
        return w

    windows: list[float] = []
    bare_windows: list[float] = []
    for _ in range(args.repeat):
        gc.collect()
        t0 = time.perf_counter()
        w = interactive()
        windows.append(_ms(time.perf_counter() - t0))
        assert w.ws.current is not None
        assert w.article_view.doc_id == w.ws.current.id
        assert w.corpus_panel.current_doc_id() == w.ws.current.id
        assert w.corpus_model.rowCount() == args.docs
        w.close()
        w.deleteLater()
        app.processEvents()
        gc.collect()
        t0 = time.perf_counter()
        b = bare_window()
        bare_windows.append(_ms(time.perf_counter() - t0))
        b.close()
        b.deleteLater()
        app.processEvents()

    # -- filter and search ---------------------------------------------------------------
    window = interactive()
    panel = window.corpus_panel
    table = panel.table
    model = panel.model

    def shown() -> None:
        table.viewport().repaint()
        app.processEvents()

    resets = 0

    def count_reset() -> None:
        nonlocal resets
        resets += 1

    model.modelReset.connect(count_reset)
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    metrics: list[Metric] = []

    def status_filter(label: str, note: str) -> None:
        index = panel.status_filter.findText(label)
        statuses = sorted(s.value for s in panel.status_filter.itemData(index))
        runs, base = [], []
        rows = 0
        for _ in range(args.repeat):
            panel.status_filter.setCurrentIndex(0)
            shown()
            before = resets

            def pick(i: int = index) -> None:
                panel.status_filter.setCurrentIndex(i)
                shown()

            runs.append(_timed(pick))
            assert resets == before + 1, "the model did not reset"
            rows = model.rowCount()
            marks = ", ".join("?" for _ in statuses)
            sql = (f"SELECT doc FROM doc_status WHERE annotator = ? AND status IN ({marks})")
            base.append(_timed(lambda sql=sql: raw.execute(sql, [ANNOTATOR, *statuses])
                               .fetchall()))
        panel.status_filter.setCurrentIndex(0)
        shown()
        metrics.append(_metric(f"corpus filter: status {label!r}", args.target_filter, runs,
                               base, f"{rows:,} rows; {note}"))

    def search(query: str, note: str) -> None:
        runs, base = [], []
        rows = 0
        match = fts_query(query)
        for _ in range(args.repeat):
            panel.search.clear()
            panel.apply_search()
            shown()
            before = resets

            def type_and_search() -> None:
                QTest.keyClicks(panel.search, query)
                panel.apply_search()  # what the debounce timer's timeout runs
                shown()

            runs.append(_timed(type_and_search))
            assert resets == before + 1, "the model did not reset"
            rows = model.rowCount()
            base.append(_timed(lambda: raw.execute(
                "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?", [match])
                .fetchall()))
            hits = len(raw.execute("SELECT rowid FROM documents_fts WHERE documents_fts "
                                   "MATCH ?", [match]).fetchall())
            assert rows == hits, (rows, hits)
        panel.search.clear()
        panel.apply_search()
        shown()
        metrics.append(_metric(f"corpus search: {query!r}", args.target_filter, runs, base,
                               f"{rows:,} rows ({rows / args.docs:.0%}); {note}"))

    base_note = "baseline: raw doc_status SELECT"
    status_filter("Done", base_note)
    status_filter("To do (new + in progress)", base_note)
    fts_note = "baseline: raw FTS5 MATCH"
    search(RARE_WORD, fts_note)
    search(COMMON_WORD, fts_note)
    raw.close()
    window.close()
    window.deleteLater()
    app.processEvents()
    return [_metric("window interactive", args.target_window, windows, bare_windows,
                    f"{args.docs:,} docs; baseline: bare QMainWindow + 100-row table"),
            *metrics]


# -- reporting ----------------------------------------------------------------------------


def print_table(metrics: list[Metric]) -> None:
    head = f"{'metric':<44}{'median ms':>10}{'target':>8}{'':>6}{'baseline':>10}{'ratio':>8}"
    print()
    print(head)
    print("-" * len(head))
    for m in metrics:
        target = "-" if m.target_ms == float("inf") else f"{m.target_ms:.0f}"
        print(f"{m.name:<44}{m.median_ms:>10.1f}{target:>8}"
              f"{'pass' if m.ok else 'FAIL':>6}{m.baseline_ms:>10.2f}{m.ratio:>7.1f}x")
    print()
    for m in metrics:
        print(f"  {m.name}: {m.note}; runs {m.runs_ms[:12]}{' ...' if len(m.runs_ms) > 12 else ''}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--docs", type=int, default=100_000, help="documents in part B")
    parser.add_argument("--repeat", type=int, default=9, help="repeats per measurement")
    parser.add_argument("--keys", type=int, default=50, help="key presses (and undos)")
    parser.add_argument("--article-chars", type=int, default=100_000)
    parser.add_argument("--spans", type=int, default=3000)
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--cache-dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "claimdesk-bench")
    parser.add_argument("--fresh", action="store_true", help="regenerate the cached project")
    parser.add_argument("--only", choices=("article", "corpus"), help="run one part")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--target-open", type=float, default=300.0)
    parser.add_argument("--target-key", type=float, default=30.0)
    parser.add_argument("--target-window", type=float, default=1500.0)
    parser.add_argument("--target-filter", type=float, default=150.0)
    args = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from _harness import quiet_qt_messages
    from PySide6.QtWidgets import QApplication

    quiet_qt_messages()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    metrics: list[Metric] = []
    with tempfile.TemporaryDirectory(prefix="claimdesk-bench-") as tmp:
        if args.only in (None, "article"):
            metrics += bench_article(app, Path(tmp), args)
        if args.only in (None, "corpus"):
            path = corpus_project(args.docs, args.cache_dir, args.fresh)
            metrics += bench_corpus(app, path, args)
    print_table(metrics)
    if args.json:
        args.json.write_text(json.dumps({
            "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                        "platform": sys.platform, "qpa": os.environ["QT_QPA_PLATFORM"]},
            "parameters": {k: (str(v) if isinstance(v, Path) else v)
                           for k, v in vars(args).items()},
            "metrics": [asdict(m) | {"ratio": m.ratio, "pass": m.ok,
                                     "target_ms": None if m.target_ms == float("inf")
                                     else m.target_ms} for m in metrics]},
            indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0 if all(m.ok for m in metrics) else 1


if __name__ == "__main__":
    sys.exit(main())
