"""Import benchmark: Claimdesk's JSONL import against a raw sqlite3 + FTS5 baseline.

What is measured
----------------
N deterministic (seeded) fictional news articles of about 3 KB each (mostly ASCII, with some
accented Latin, Greek and Cyrillic words and an occasional emoji) are written once as a native
JSONL file (one object per line: id, title, text, meta {outlet, published}) in a temporary
folder. Then, in the same run:

* **claimdesk** - a fresh project is created with ``desktop.store.open_project(create=True)``
  (not timed); the timed part is ``desktop.formats.importing.import_paths(project, [jsonl],
  fmt="jsonl")``: read and parse the file, validate every record, normalise newlines, hash the
  text, deduplicate by SHA-256, assign ids, insert the rows (FTS5 index maintained by the
  schema's triggers) and append the change-log entry, all in one transaction.
* **baseline** - plain ``sqlite3`` on a fresh file with the same PRAGMAs (journal_mode=WAL,
  synchronous=NORMAL) and a plain ``documents`` table plus an FTS5 external-content table over
  title/text with the same tokenizer as the project schema (table creation not timed). The
  timed part reads the same JSONL file, ``json.loads`` each line, computes the SHA-256 of the
  text, ``executemany``-inserts the rows and builds the index with
  ``INSERT INTO fts(fts) VALUES('rebuild')``, all in one transaction, then commits.

Reading and parsing the file is included on both sides, so the ratio compares like with like.
Each side is measured ``--repeat`` times (default 3), alternating which goes first, on fresh
database files each time; the medians and their ratio (claimdesk / baseline) are reported.
Acceptance target: ratio of the wall-clock medians <= 1.5. The table also shows CPU time of
this process (SQLite runs in-process), which is steadier than wall-clock time on a busy
machine. After every Claimdesk import the project is checked: the document count equals N and
a full-text query finds exactly the documents that contain a marker word.

The baseline is the floor for "insert these rows and index them": it has no record validation,
no ``json_valid`` CHECK on ``meta``, no dedupe bookkeeping and no change log. Claimdesk keeps its
FTS index current through triggers, so it cannot use the single ``'rebuild'``; it inserts in
multi-row statements instead (see ``DocumentRepo.insert_many``).

Run from the repository root::

    .venv/bin/python bench/import_bench.py [--docs 10000] [--repeat 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.formats.importing import import_paths
from desktop.store import DocumentFilter, open_project

TARGET = 1.5
SEED = 20240607
ARTICLE_BYTES = 3000
MARKER = "zephyrquartz"
"""A word found only in every MARKER_EVERY-th article; the FTS check searches for it."""
MARKER_EVERY = 97
TOKENIZER = "unicode61 remove_diacritics 2"  # as in desktop/store/schema.py

_WORD_TEXT = (
    "government minister council spokesperson parliament agreement talks ceasefire economy "
    "inflation budget election campaign voters opposition coalition report analysts market "
    "shares investors company workers union strike court judge ruling appeal police officers "
    "protest city residents hospital doctors patients school teachers students climate energy "
    "prices fuel harbour bridge railway airport flights storm flooding rescue volunteers "
    "village farmers harvest drought water supply officials statement interview committee "
    "investigation evidence witness lawyers trial verdict border security troops summit "
    "leaders delegation proposal reform pension taxes healthcare housing rent tenants museum "
    "festival artists exhibition football league season coach players stadium fans science "
    "researchers study vaccine laboratory satellite launch mission software data privacy "
    "regulator fine bank interest rates currency exports imports shipping port container "
    "the a of to and in on for with from by about after before during while because although "
    "said told added warned claimed insisted denied confirmed announced stated argued noted "
    "new old local national regional early late major minor public private senior former"
)
_FOREIGN_TEXT = (
    "Zürich München Kraków Łódź São Paulo Bogotá Reykjavík Malmö Dvořák café naïve déjà "
    "coöperation façade jalapeño Ελλάδα Αθήνα Москва Київ İstanbul Þingvellir Ærø Gdańsk "
    "Düsseldorf Curaçao"
)
_WORDS = tuple(_WORD_TEXT.split())
_FOREIGN = tuple(_FOREIGN_TEXT.split())
_EMOJI = ("😀", "🌍", "📈", "⚽", "🇫🇷", "👩‍🔬", "🔥")
_NAMES = ("Amelia Hart", "Jonas Weber", "Sofia Rossi", "Mateo García", "Chloé Martin",
          "Oskar Nowak", "Aiko Tanaka", "Nikolai Petrov", "Fatima Benali", "Liam O'Brien")
_OUTLETS = ("The Daily Lantern", "Harbour Post", "Northern Courier", "Le Petit Écho",
            "Morning Ledger", "Tagesblatt Süd", "Evening Sentinel")
_CUES = ("said", "told reporters", "said in a statement", "wrote on social media",
         "told the newspaper", "added")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 22))]
    if rng.random() < 0.25:
        words.insert(rng.randrange(len(words)), rng.choice(_FOREIGN))
    if rng.random() < 0.02:
        words.append(rng.choice(_EMOJI))
    words[0] = words[0].capitalize()
    body = " ".join(words)
    if rng.random() < 0.3:
        return f'"{body}," {rng.choice(_NAMES)} {rng.choice(_CUES)}.'
    return body + "."


def make_article(rng: random.Random, index: int) -> dict[str, object]:
    """One fictional news article of roughly ARTICLE_BYTES bytes of UTF-8 text."""
    title_words = [rng.choice(_WORDS) for _ in range(rng.randint(4, 9))]
    title = " ".join(title_words).capitalize()
    if rng.random() < 0.1:
        title += " in " + rng.choice(_FOREIGN)
    paragraphs: list[str] = []
    size = 0
    current: list[str] = []
    while size < ARTICLE_BYTES:
        s = _sentence(rng)
        current.append(s)
        size += len(s.encode("utf-8")) + 1
        if len(current) >= rng.randint(3, 5):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    if index % MARKER_EVERY == 0:
        paragraphs[-1] += f" The {MARKER} inquiry continues."
    published = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(2_000_000))
    return {
        "id": f"art-{index:06d}",
        "title": title,
        "text": "\n\n".join(paragraphs),
        "meta": {"outlet": rng.choice(_OUTLETS),
                 "published": published.strftime("%Y-%m-%dT%H:%M:%SZ")},
    }


def write_corpus(path: Path, n: int, seed: int = SEED) -> tuple[int, int]:
    """Write ``n`` articles as native JSONL; return (bytes of text, articles with MARKER)."""
    rng = random.Random(seed)
    text_bytes = 0
    marked = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for i in range(n):
            art = make_article(rng, i)
            text_bytes += len(str(art["text"]).encode("utf-8"))
            marked += i % MARKER_EVERY == 0
            fh.write(json.dumps(art, ensure_ascii=False))
            fh.write("\n")
    return text_bytes, marked


# -- the two measurements ----------------------------------------------------------------


Timing = tuple[float, float]
"""(wall-clock seconds, CPU seconds of this process)."""


def _clock() -> Timing:
    return time.perf_counter(), time.process_time()


def _since(start: Timing) -> Timing:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def run_claimdesk(jsonl: Path, db_path: Path, n: int, marked: int) -> Timing:
    project = open_project(db_path, create=True)  # creation is not timed
    try:
        gc.collect()
        t0 = _clock()
        report = import_paths(project, [jsonl], fmt="jsonl")
        elapsed = _since(t0)
        count = project.documents.count()
        if report.documents_added != n or count != n:
            raise SystemExit(f"claimdesk import: expected {n} documents, got "
                             f"{report.documents_added} added / {count} stored")
        found = project.documents.filtered_ids(DocumentFilter(query=MARKER))
        if len(found) != marked:
            raise SystemExit(f"claimdesk import: FTS query {MARKER!r} found {len(found)} "
                             f"documents, expected {marked}")
    finally:
        project.close()
    return elapsed


_BASELINE_SCHEMA = f"""
CREATE TABLE documents (
    pk INTEGER PRIMARY KEY,
    id TEXT UNIQUE,
    title TEXT,
    text TEXT,
    sha256 TEXT UNIQUE,
    meta TEXT,
    imported_at TEXT
);
CREATE VIRTUAL TABLE fts USING fts5(
    title, text, content='documents', content_rowid='pk', tokenize='{TOKENIZER}'
);
"""


def run_baseline(jsonl: Path, db_path: Path, n: int, marked: int) -> Timing:
    conn = sqlite3.connect(str(db_path), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.executescript(_BASELINE_SCHEMA)  # table creation is not timed
        gc.collect()
        t0 = _clock()
        stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
        rows = []
        with jsonl.open("rb") as fh:
            for raw in fh:
                obj = json.loads(raw)
                text = obj["text"]
                rows.append((obj["id"], obj["title"], text,
                             hashlib.sha256(text.encode("utf-8")).hexdigest(),
                             json.dumps(obj["meta"], ensure_ascii=False), stamp))
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO documents (id, title, text, sha256, meta, imported_at) "
                         "VALUES (?, ?, ?, ?, ?, ?)", rows)
        conn.execute("INSERT INTO fts(fts) VALUES('rebuild')")
        conn.execute("COMMIT")
        elapsed = _since(t0)
        count = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        found = conn.execute("SELECT count(*) FROM fts WHERE fts MATCH ?",
                             [f'"{MARKER}"*']).fetchone()[0]
        if count != n or found != marked:
            raise SystemExit(f"baseline: {count} rows (expected {n}), {found} FTS hits "
                             f"(expected {marked})")
    finally:
        conn.close()
    return elapsed


# -- driver ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--docs", type=int, default=10_000, help="articles (default 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per side (default 3)")
    parser.add_argument("--json", type=Path, help="also write the result as JSON here")
    args = parser.parse_args(argv)
    if args.docs < 1 or args.repeat < 1:
        parser.error("--docs and --repeat must be positive")

    with tempfile.TemporaryDirectory(prefix="claimdesk-bench-") as tmp:
        root = Path(tmp)
        jsonl = root / "articles.jsonl"
        t0 = time.perf_counter()
        text_bytes, marked = write_corpus(jsonl, args.docs)
        print(f"generated {args.docs} articles, {text_bytes / args.docs:,.0f} bytes of text "
              f"each on average, {jsonl.stat().st_size / 1e6:.1f} MB of JSONL "
              f"({time.perf_counter() - t0:.1f} s, seed {SEED})")
        print("both sides include reading and parsing the JSONL file; "
              "project/table creation is not timed")

        sides: dict[str, Callable[[Path, Path, int, int], Timing]] = {
            "claimdesk": run_claimdesk, "baseline": run_baseline}
        times: dict[str, list[Timing]] = {name: [] for name in sides}
        for rep in range(args.repeat):
            order = list(sides) if rep % 2 == 0 else list(reversed(sides))
            for name in order:
                db_path = root / f"{name}-{rep}.sqlite"
                times[name].append(sides[name](jsonl, db_path, args.docs, marked))
                for p in root.glob(f"{db_path.name}*"):
                    p.unlink()
            print(f"  run {rep + 1} ({' first, '.join(order)} second): "
                  f"claimdesk {times['claimdesk'][-1][0]:.3f} s, "
                  f"baseline {times['baseline'][-1][0]:.3f} s")

    wall = {name: statistics.median(t[0] for t in runs) for name, runs in times.items()}
    cpu = {name: statistics.median(t[1] for t in runs) for name, runs in times.items()}
    claimdesk, baseline = wall["claimdesk"], wall["baseline"]
    ratio = claimdesk / baseline
    print()
    print(f"{'':<12}{'median s':>10}{'docs/s':>10}{'cpu s':>8}   wall-clock runs (s)")
    for name in sides:
        runs = ", ".join(f"{t[0]:.3f}" for t in times[name])
        print(f"{name:<12}{wall[name]:>10.3f}{args.docs / wall[name]:>10,.0f}"
              f"{cpu[name]:>8.3f}   {runs}")
    verdict = "OK" if ratio <= TARGET else "ABOVE TARGET"
    cpu_ratio = cpu["claimdesk"] / cpu["baseline"]
    print(f"{'ratio':<12}{ratio:>10.2f}{'':>10}{cpu_ratio:>8.2f}   "
          f"target <= {TARGET} (wall-clock medians): {verdict}")

    if args.json is not None:
        result = {"docs": args.docs, "claimdesk_s": round(claimdesk, 4),
                  "baseline_s": round(baseline, 4), "ratio": round(ratio, 3),
                  "target": TARGET}
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
