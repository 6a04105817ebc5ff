"""Plain import benchmark: Claimdesk's JSONL import against raw sqlite3 + json, in child processes.

What is measured
----------------
N deterministic (seeded) fictional news articles of about 3 KB each (mostly ASCII, with some
accented Latin, Greek and Cyrillic words and an occasional emoji), without annotations, are
written once as native JSONL (id, title, text, meta {outlet, published}) into the cache
folder. Then each run is a fresh child process (``bench/_harness.py``) on a fresh project
file created by ``open_project(create=True)`` (not timed, the same schema for both sides):

* **claimdesk** - ``desktop.formats.importing.import_paths(fmt="jsonl")``: strict UTF-8 and
  JSON decoding, field-by-field validation, newline normalisation, SHA-256, dedupe by hash and
  id a batch at a time, documents + FTS5 (the schema's triggers) in bounded batches and the
  change-log entry, one transaction.
* **baseline** - plain ``sqlite3`` + ``json`` doing the same writes as fast as raw code can,
  without any checking: ``json.loads`` per line, SHA-256 of the text, ``json.dumps`` of
  ``meta``, ``executemany`` over a generator into the same ``documents`` table (same CHECKs and
  indexes) with the full-text trigger dropped and the same FTS5 index (same tokenizer) built
  in one ``'rebuild'`` pass at the end, plus the same change-log row, one transaction.

Reading and parsing the file is included on both sides. Each side runs ``--repeat`` times
(default 5), alternating which goes first; min / median / max of the timed section, its CPU
time, the whole process and the peak RSS are reported, and the ratio of the medians.
After every Claimdesk run the document count and a full-text query are checked.
Target: ratio <= 1.3.

``--memory 10000,50000,100000,1000000`` instead imports corpora of those sizes once each in a
child process and reports time, documents/s and peak RSS (target < 300 MB).

Run from the repository root::

    .venv/bin/python bench/import_bench.py [--docs 10000] [--repeat 5] [--json out.json]
    .venv/bin/python bench/import_bench.py --memory 10000,50000,100000,1000000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import _harness as h  # noqa: E402

TARGET = 1.3
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




CORPUS_VERSION = 1
MEMORY_TARGET_MB = 300


def corpus(n: int, cache: Path) -> tuple[Path, int]:
    """The cached JSONL of ``n`` articles, and how many contain MARKER."""
    path = cache / f"plain-{n}-{SEED}-v{CORPUS_VERSION}.jsonl"
    h.cached(path, lambda tmp: write_corpus(tmp, n))
    return path, len(range(0, n, MARKER_EVERY))


# -- the two sides (run in a child process) ----------------------------------------------


def run_claimdesk(jsonl: Path, db: Path, n: int, marked: int) -> dict[str, Any]:
    from desktop.formats.importing import import_paths
    from desktop.store import DocumentFilter, open_project

    with open_project(db) as project:
        report = h.timed(lambda: import_paths(project, [jsonl], fmt="jsonl"))
        count = project.documents.count()
        found = len(project.documents.filtered_ids(DocumentFilter(query=MARKER)))
    if report.value.documents_added != n or count != n or found != marked:
        raise SystemExit(f"claimdesk: {count} documents (expected {n}), {found} FTS hits "
                         f"(expected {marked})")
    return report.timing


def run_baseline(jsonl: Path, db: Path, n: int, marked: int) -> dict[str, Any]:
    conn = sqlite3.connect(str(db), isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")

    def work() -> None:
        stamp = datetime.now(UTC).isoformat(timespec="milliseconds")

        def rows() -> Any:
            with jsonl.open("rb") as fh:
                for raw in fh:
                    obj = json.loads(raw)
                    text = obj["text"]
                    yield (obj["id"], obj["title"], text,
                           hashlib.sha256(text.encode("utf-8")).hexdigest(),
                           json.dumps(obj["meta"], ensure_ascii=False, separators=(",", ":")),
                           stamp)

        conn.execute("BEGIN IMMEDIATE")
        trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'documents_ai'"
                               ).fetchone()[0]
        conn.execute("DROP TRIGGER documents_ai")
        cur = conn.executemany("INSERT INTO documents (id, title, text, sha256, meta, "
                               "imported_at) VALUES (?, ?, ?, ?, ?, ?)", rows())
        added = cur.rowcount
        conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
        conn.execute(trigger)
        conn.execute("INSERT INTO changes (at, who, action, entity, after) VALUES "
                     "(?, 'import', 'import', 'documents', ?)",
                     [stamp, json.dumps({"added": added, "known": 0})])
        conn.execute("COMMIT")

    timing = h.timed(work).timing
    count = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    found = conn.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?",
                         [f'"{MARKER}"*']).fetchone()[0]
    conn.close()
    if count != n or found != marked:
        raise SystemExit(f"baseline: {count} rows (expected {n}), {found} FTS hits "
                         f"(expected {marked})")
    return timing


def child(args: list[str]) -> None:
    side, jsonl, db, n, marked = args[0], Path(args[1]), Path(args[2]), int(args[3]), int(
        args[4])
    # Module imports are start-up (the whole-process time has them), not the import.
    import desktop.formats.importing  # noqa: F401
    fn = run_claimdesk if side == "claimdesk" else run_baseline
    h.child_result(fn(jsonl, db, n, marked))


# -- driver ------------------------------------------------------------------------------


def side_run(side: str, jsonl: Path, work: Path, n: int, marked: int) -> h.Run:
    db = work / f"{side}.claimdesk"
    h.remove_db(db)
    h.new_project(db)
    try:
        return h.run_child(Path(__file__), [side, str(jsonl), str(db), str(n), str(marked)])
    finally:
        h.remove_db(db)


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--docs", type=int, default=10_000, help="articles (default 10000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per side (default 5)")
    parser.add_argument("--memory", help="comma-separated corpus sizes: peak RSS per size")
    parser.add_argument("--cache-dir", type=Path, default=h.DEFAULT_CACHE)
    parser.add_argument("--json", type=Path, help="also write the result as JSON here")
    args = parser.parse_args(argv)
    work = h.work_dir(args.cache_dir)
    if args.memory:
        sizes = [int(x) for x in args.memory.split(",")]
        result: dict[str, Any] = {"memory": {}}
        for n in sizes:
            jsonl, marked = corpus(n, args.cache_dir)
            r = side_run("claimdesk", jsonl, work, n, marked)
            result["memory"][n] = {"wall_s": round(r.wall, 2), "docs_per_s": round(n / r.wall),
                                   "peak_rss_mb": r.rss_mb}
            print(f"plain import of {n:>9,} documents: {r.wall:8.1f} s, {n / r.wall:8,.0f} "
                  f"docs/s, peak RSS {r.rss_mb:6.0f} MB (target < {MEMORY_TARGET_MB})")
        h.write_json(args.json, result)
        return 0
    jsonl, marked = corpus(args.docs, args.cache_dir)
    print(f"{args.docs:,} plain articles, {jsonl.stat().st_size / 1e6:.1f} MB of JSONL; "
          "project creation not timed")
    runs = h.compare({side: (lambda side=side: side_run(side, jsonl, work, args.docs, marked))
                      for side in ("claimdesk", "baseline")}, args.repeat)
    result = h.summary(runs)
    h.print_summary(f"plain JSONL import, {args.docs:,} documents", result, TARGET, args.docs)
    h.write_json(args.json, {"docs": args.docs, "target": TARGET, **result})
    return 0


if __name__ == "__main__":
    sys.exit(main())
