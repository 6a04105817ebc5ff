"""Scale benchmark: projects of 10,000, 100,000 and 1,000,000 documents, end to end.

What is measured
----------------
A project of N documents (about 1.5 KB each: seeded fictional news sentences with accented,
Greek and Cyrillic words) is generated once per size into the cache folder (``--cache-dir``,
not the repository) through Claimdesk's own import (``storing.import_records``, one
transaction, the change log and FTS5 index included); how long that took and its peak memory
are reported. For annotator ``bench`` 10 % of the documents are "done" with an attributed
quote (CLAIM, SOURCE and CUE spans and an attribution frame), 5 % "in progress" with one CUE
span, 2 % "skipped", the rest "new". A rare word (``zephyrquartz``) is in every 300th document
and a common one (``ceasefire``) in about 30 % of them.

Each measurement is a fresh child process (``bench/_harness.py``), reporting its time and its
peak resident memory:

* **window interactive** - ``build_window()`` to the window shown and exposed, the first row
  selected and its article displayed, with the event loop idle; min/median/max of ``--repeat``
  windows in one process (the first one is cold).
* **document switch** - selecting another row of the corpus list (as a click or an arrow key
  does) until the article is shown and repainted and the event loop is idle, for ``--switches``
  rows spread over the whole list.
* **search: top results** - typing a word into the search box and running the search (what the
  debounce timer runs) until the model has reset and the visible rows are painted; the rare
  word (a few hits) and the common one (30 % of the corpus).
* **filter by status** - choosing "Done" (10 %) and "To do" (about 83 %) in the status filter
  until the visible rows are painted.
* **jsonl export** - ``claimdesk export --format jsonl`` of every document for ``bench``
  (through ``export()``), documents per second.

Targets at 1,000,000 documents: window < 1500 ms, switch < 50 ms, search and filter < 150 ms,
export >= 5,000 documents/s, and peak memory < 300 MB for the import and the export.

Run from the repository root::

    .venv/bin/python bench/scale_bench.py [--sizes 10000,100000,1000000] [--json out.json]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import _harness as h  # noqa: E402

SEED = 20240612
VERSION = 1
ANNOTATOR = "bench"
RARE, RARE_EVERY = "zephyrquartz", 300
COMMON, COMMON_SHARE = "ceasefire", 0.30
TARGETS = {"window_ms": 1500, "switch_ms": 50, "search_ms": 150, "filter_ms": 150,
           "export_docs_per_s": 5000, "peak_rss_mb": 300}

_VOCAB_TEXT = (
    "government minister council spokesperson parliament agreement talks economy inflation "
    "budget election campaign voters opposition coalition report analysts market shares "
    "investors company workers union strike court judge ruling appeal police officers protest "
    "city residents hospital doctors patients school teachers students climate energy prices "
    "fuel harbour bridge railway airport flights storm flooding rescue volunteers village "
    "farmers harvest drought water supply officials interview committee investigation the a "
    "of to and in on for with from by about after before during while because although new "
    "old local national regional early late major minor public private senior former")
_FOREIGN_TEXT = ("Zürich Kraków Łódź São Bogotá Malmö café naïve déjà Ελλάδα Москва Київ "
                 "İstanbul Gdańsk")
_VOCAB = tuple(_VOCAB_TEXT.split())
_FOREIGN = tuple(_FOREIGN_TEXT.split())
_NAMES = ("Søren Ødegaard", "Anton Varga", "Amelia Hart", "Jonas Weber", "Zoë Laurent",
          "Mateo García", "Aiko Tanaka", "Nikolai Petrov", "Fatima Benali", "Liam O'Brien")
_CUES = ("said", "told reporters", "warned", "denied", "added", "insisted")
_OUTLETS = ("Meridian Wire", "Harbour Post", "Northern Courier", "Le Petit Écho")


def _pool(rng: random.Random) -> list[str]:
    out = []
    for _ in range(4000):
        ws = [rng.choice(_VOCAB) for _ in range(rng.randint(8, 20))]
        if rng.random() < 0.2:
            ws.insert(rng.randrange(len(ws)), rng.choice(_FOREIGN))
        out.append(" ".join(ws).capitalize() + ".")
    return out


def scale_records(n: int) -> Iterator[Any]:
    """The N import records of the scale corpus (see the module doc)."""
    from desktop.core.model import DocStatus, Document, Frame, Layer, Origin, Span
    from desktop.core.offsets import sha256_text
    from desktop.formats.records import ImportRecord

    rng = random.Random(SEED)
    pool = _pool(rng)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    for i in range(n):
        k = rng.randint(8, 14)
        sentences = rng.choices(pool, k=k)
        if rng.random() < COMMON_SHARE:
            sentences.insert(rng.randrange(k), f"The {COMMON} held overnight.")
        if i % RARE_EVERY == 0:
            sentences.append(f"The {RARE} inquiry continues.")
        title = f"Report {i}: " + " ".join(rng.choices(_VOCAB, k=6))
        head = f"{title}\n\n"
        r = rng.random()
        spans: list[Span] = []
        frames: tuple[Frame, ...] = ()
        status = (DocStatus.DONE if r < 0.10 else DocStatus.IN_PROGRESS if r < 0.15
                  else DocStatus.SKIPPED if r < 0.17 else DocStatus.NEW)
        if status in (DocStatus.DONE, DocStatus.IN_PROGRESS):
            quote = f'"{rng.choice(pool)[:-1]},"'
            name, cue = rng.choice(_NAMES), rng.choice(_CUES)
            q0 = len(head)
            n0 = q0 + len(quote) + 1
            c0 = n0 + len(name) + 1
            head += f"{quote} {name} {cue}. "
            spans.append(Span(id="s1", label="CUE", fragments=((c0, c0 + len(cue)),),
                              text=cue, origin=Origin.IMPORTED))
            if status is DocStatus.DONE:
                spans += [Span(id="s2", label="CLAIM", fragments=((q0, q0 + len(quote)),),
                               text=quote, origin=Origin.IMPORTED),
                          Span(id="s3", label="SOURCE", fragments=((n0, n0 + len(name)),),
                               text=name, origin=Origin.IMPORTED)]
                frames = (Frame(id="f1", type="attribution",
                                roles={"content": ("s2",), "source": ("s3",), "cue": ("s1",)}),)
        text = head + " ".join(sentences)
        published = start + timedelta(minutes=rng.randrange(2_000_000))
        doc = Document(id=f"d{i:07d}", title=title, text=text, sha256=sha256_text(text),
                       meta={"outlet": _OUTLETS[i % len(_OUTLETS)],
                             "published": published.strftime("%Y-%m-%dT%H:%M:%SZ")})
        layer = None
        if status is not DocStatus.NEW:
            layer = Layer(annotator=ANNOTATOR, status=status, spans=tuple(spans),
                          frames=frames)
        yield ImportRecord(document=doc, layer=layer, file="generated", line=i + 1)


def project_path(n: int, cache: Path) -> Path:
    return cache / f"scale-{n}-{SEED}-v{VERSION}.claimdesk"


# -- children ----------------------------------------------------------------------------


def child_generate(path: Path, n: int) -> dict[str, Any]:
    from desktop.formats.storing import import_records
    from desktop.store import open_project

    h.new_project(path)
    with open_project(path) as project:
        t = h.timed(lambda: import_records(project, scale_records(n), who="bench", total=n,
                                           validated=True))
    return {**t.timing, "documents": t.value.documents_added, "spans": t.value.spans}


def child_export(path: Path, n: int, out: Path) -> dict[str, Any]:
    from desktop.formats.exporting import export
    from desktop.store import open_project

    def run() -> int:
        with open_project(path) as p:
            return export(p, fmt="jsonl", out=out, annotator=ANNOTATOR).documents

    t = h.timed(run)
    if t.value != n:
        raise SystemExit(f"exported {t.value} documents, expected {n}")
    out.unlink()
    return t.timing


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


def child_gui(path: Path, n: int, repeat: int, switches: int) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop.app import build_window
    from desktop.ui.main_window import MainWindow

    h.quiet_qt_messages()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out: dict[str, Any] = {}

    def interactive() -> MainWindow:
        w = build_window(path, ANNOTATOR)
        assert isinstance(w, MainWindow)
        w.resize(1400, 860)
        w.show()
        QTest.qWaitForWindowExposed(w)
        app.processEvents()
        return w

    windows = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        w = interactive()
        windows.append(_ms(t0))
        assert w.ws.current is not None
        assert w.article_view.doc_id == w.ws.current.id
        w.close()
        w.deleteLater()
        app.processEvents()
    out["window_ms"] = windows

    window = interactive()
    panel, view = window.corpus_panel, window.article_view
    table, model = panel.table, panel.model

    def shown() -> None:
        table.viewport().repaint()
        view.viewport().repaint()
        app.processEvents()

    rng = random.Random(SEED)
    rows = model.rowCount()
    assert rows == n, (rows, n)
    picks = [rng.randrange(rows) for _ in range(switches)]
    times = []
    for row in picks:
        gc.collect()
        t0 = time.perf_counter()
        table.selectRow(row)
        shown()
        times.append(_ms(t0))
        assert window.ws.current is not None
        assert window.ws.current.id == model.doc_id(row) == view.doc_id
    out["switch_ms"] = times

    def search(word: str) -> list[float]:
        runs = []
        for _ in range(repeat):
            panel.search.clear()
            panel.apply_search()
            shown()
            gc.collect()
            t0 = time.perf_counter()
            QTest.keyClicks(panel.search, word)
            panel.apply_search()  # what the debounce timer's timeout runs
            shown()
            runs.append(_ms(t0))
            assert model.rowCount() > 0
        out[f"search_rows_{word}"] = model.rowCount()
        out[f"search_count_{word}"] = panel.count_label.text()
        panel.search.clear()
        panel.apply_search()
        shown()
        return runs

    out["search_rare_ms"] = search(RARE)
    out["search_common_ms"] = search(COMMON)

    def status_filter(label: str) -> list[float]:
        index = panel.status_filter.findText(label)
        runs = []
        for _ in range(repeat):
            panel.status_filter.setCurrentIndex(0)
            shown()
            gc.collect()
            t0 = time.perf_counter()
            panel.status_filter.setCurrentIndex(index)
            shown()
            runs.append(_ms(t0))
        out[f"filter_count_{label}"] = panel.count_label.text()
        panel.status_filter.setCurrentIndex(0)
        shown()
        return runs

    out["filter_done_ms"] = status_filter("Done")
    out["filter_todo_ms"] = status_filter("To do (new + in progress)")
    window.close()
    return out


def child(args: list[str]) -> None:
    kind, path, n = args[0], Path(args[1]), int(args[2])
    import desktop.formats.importing  # noqa: F401  (start-up, not the work)

    if kind == "generate":
        h.child_result(child_generate(path, n))
    elif kind == "export":
        h.child_result(child_export(path, n, Path(args[3])))
    else:
        t0 = time.perf_counter()
        res = child_gui(path, n, int(args[3]), int(args[4]))
        h.child_result({"wall": time.perf_counter() - t0, "cpu": time.process_time(), **res})


# -- driver ------------------------------------------------------------------------------


def _stats(values: list[float]) -> str:
    return (f"{min(values):8.1f} {statistics.median(values):8.1f} {max(values):8.1f}")


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--switches", type=int, default=30)
    ap.add_argument("--cache-dir", type=Path, default=h.DEFAULT_CACHE)
    ap.add_argument("--skip", default="", help="comma-separated: gui, export")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    script = Path(__file__)
    work = h.work_dir(args.cache_dir)
    results: dict[str, Any] = {"targets": TARGETS}
    skip = set(filter(None, args.skip.split(",")))
    for n in (int(x) for x in args.sizes.split(",")):
        path = project_path(n, args.cache_dir)
        r: dict[str, Any] = {}

        def make(tmp: Path, n: int = n, r: dict[str, Any] = r, path: Path = path) -> None:
            gen = h.run_child(script, ["generate", str(tmp), str(n)])
            r["generate"] = {"wall_s": round(gen.wall, 1), "peak_rss_mb": gen.rss_mb,
                             "docs_per_s": round(n / gen.wall)}
            (tmp.parent / (path.name + ".generate.txt")).write_text(
                f"{gen.wall:.1f} {gen.rss_mb}\n")
            for suffix in ("-wal", "-shm"):
                Path(f"{tmp}{suffix}").unlink(missing_ok=True)

        h.cached(path, make)
        if "generate" not in r:
            info = path.parent / (path.name + ".generate.txt")
            if info.exists():
                wall, rss = info.read_text().split()
                r["generate"] = {"wall_s": float(wall), "peak_rss_mb": float(rss),
                                 "docs_per_s": round(n / float(wall)), "cached": True}
        size_mb = path.stat().st_size / 1e6
        g = r.get("generate", {})
        print(f"\n{n:,} documents: project {size_mb:,.0f} MB; generated (imported) in "
              f"{g.get('wall_s', '?')} s, {g.get('docs_per_s', '?')} docs/s, peak RSS "
              f"{g.get('peak_rss_mb', '?')} MB", flush=True)
        r["project_mb"] = round(size_mb)
        if "export" not in skip:
            ex = h.run_child(script, ["export", str(path), str(n), str(work / "x.jsonl")])
            r["export"] = {"wall_s": round(ex.wall, 1), "docs_per_s": round(n / ex.wall),
                           "peak_rss_mb": ex.rss_mb}
            print(f"  jsonl export: {ex.wall:.1f} s, {n / ex.wall:,.0f} docs/s, peak RSS "
                  f"{ex.rss_mb:.0f} MB", flush=True)
        if "gui" not in skip:
            gui = h.run_child(script, ["gui", str(path), str(n), str(args.repeat),
                                       str(args.switches)],
                              env={"QT_QPA_PLATFORM": "offscreen"})
            r["gui"] = {"peak_rss_mb": gui.rss_mb, **gui.extra}
            print(f"  {'ms':<28}{'min':>8} {'median':>8} {'max':>8}")
            for key in ("window_ms", "switch_ms", "search_rare_ms", "search_common_ms",
                        "filter_done_ms", "filter_todo_ms"):
                print(f"  {key:<28}{_stats(gui.extra[key])}")
            print(f"  counts: {gui.extra.get('search_count_' + COMMON)!r} (search "
                  f"{COMMON!r}), {gui.extra.get('filter_count_Done')!r} (Done); GUI process "
                  f"peak RSS {gui.rss_mb:.0f} MB", flush=True)
        results[str(n)] = r
    h.write_json(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
