"""Annotated import benchmark: native JSONL with spans, frames and relations vs raw sqlite3.

What is measured
----------------
The corpus of ``bench/export_bench.py`` (N seeded articles, default 10,000, each with 10 spans,
an attribution frame, an ``about`` relation and actor links: 100,000 spans and 20,000
frames/relations) is built and exported once as native JSONL (not timed). Then, in the same run
and on fresh project files created the same way (schema, indexes, FTS triggers; not timed):

* **claimdesk** - ``desktop.formats.importing.import_paths(fmt="jsonl")``: strict UTF-8 and
  JSON decoding, field-by-field validation with file/line/field errors, offsets and span texts
  checked against the text, codebook checks, SHA-256, dedupe by text hash, actor resolution,
  documents + FTS, spans, frames, roles, relations, statuses and the change log, in one
  transaction.
* **baseline** - plain ``sqlite3`` + ``json`` doing the same writes without any checking, as
  fast as raw code can: ``json.loads`` per line, SHA-256 of the text, then ``executemany``
  inserts of documents (with the full-text trigger dropped and the FTS5 index rebuilt in one
  pass at the end), actors, spans (pks assigned in Python), frames, frame roles, relations and
  statuses, in one transaction.

Each side runs ``--repeat`` times (default 3), alternating which goes first; medians and the
ratio claimdesk / baseline are reported. Target: ratio <= 2.

Run from the repository root::

    .venv/bin/python bench/import_annotated_bench.py [--docs 10000] [--repeat 3] [--json F]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from export_bench import build  # noqa: E402

from desktop.formats.exporting import export  # noqa: E402
from desktop.formats.importing import import_paths  # noqa: E402
from desktop.store import open_project  # noqa: E402

TARGET = 2.0


def baseline(db: Path, jsonl: Path) -> int:
    conn = sqlite3.connect(str(db), isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("BEGIN")
    span_pk = frame_pk = 0
    actor_pk: dict[str, int] = {}
    docs: list[tuple[object, ...]] = []
    spans: list[tuple[object, ...]] = []
    frames: list[tuple[object, ...]] = []
    roles: list[tuple[object, ...]] = []
    rels: list[tuple[object, ...]] = []
    status: list[tuple[object, ...]] = []
    conn.execute("INSERT OR IGNORE INTO annotators (name, created_at) VALUES ('alice', 'now')")
    n = 0
    with jsonl.open(encoding="utf-8") as fh:
        for doc_pk, line in enumerate(fh, start=1):
            rec = json.loads(line)
            text = rec["text"]
            sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
            docs.append((doc_pk, rec["id"], rec["title"], text, sha,
                         json.dumps(rec["meta"], ensure_ascii=False), "now"))
            for a in rec["actors"]:
                if a["id"] not in actor_pk:
                    actor_pk[a["id"]] = len(actor_pk) + 1
                    conn.execute("INSERT INTO actors (pk, id, name, kind, attrs) "
                                 "VALUES (?, ?, ?, ?, ?)",
                                 [actor_pk[a["id"]], a["id"], a["name"], a["kind"],
                                  json.dumps(a["attrs"])])
            by_id: dict[str, int] = {}
            for s in rec["spans"]:
                span_pk += 1
                by_id[s["id"]] = span_pk
                frags = s.get("fragments")
                spans.append((span_pk, doc_pk, "alice", s["id"], s["label"], s["start"],
                              s["end"], json.dumps(frags) if frags else None, s["text"],
                              json.dumps(s["attrs"], ensure_ascii=False),
                              actor_pk.get(s["actor"]) if s["actor"] else None,
                              s.get("origin", "imported"), s.get("state", "accepted"),
                              s.get("note", "")))
            for f in rec["frames"]:
                frame_pk += 1
                frames.append((frame_pk, doc_pk, "alice", f["id"], f["type"],
                               json.dumps(f["attrs"])))
                for role, ids in f["roles"].items():
                    for pos, sid in enumerate(ids):
                        roles.append((frame_pk, role, by_id[sid], pos))
            for r in rec["relations"]:
                rels.append((doc_pk, "alice", r["id"], r["label"], by_id[r["head"]],
                             by_id[r["tail"]], json.dumps(r["attrs"])))
            status.append((doc_pk, "alice", rec["status"], "now"))
            n += 1
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'documents_ai'"
                           ).fetchone()[0]
    conn.execute("DROP TRIGGER documents_ai")
    conn.executemany("INSERT INTO documents (pk, id, title, text, sha256, meta, imported_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", docs)
    conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
    conn.execute(trigger)
    conn.executemany('INSERT INTO spans (pk, doc, annotator, id, label, start, "end", '
                     "fragments, text, attrs, actor, origin, state, note) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", spans)
    conn.executemany("INSERT INTO frames (pk, doc, annotator, id, type, attrs) "
                     "VALUES (?, ?, ?, ?, ?, ?)", frames)
    conn.executemany("INSERT INTO frame_roles (frame, role, span, position) "
                     "VALUES (?, ?, ?, ?)", roles)
    conn.executemany("INSERT INTO relations (doc, annotator, id, label, head, tail, attrs) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", rels)
    conn.executemany("INSERT INTO doc_status (doc, annotator, status, updated_at) "
                     "VALUES (?, ?, ?, ?)", status)
    conn.execute("COMMIT")
    conn.close()
    return n


def claimdesk(db: Path, jsonl: Path) -> int:
    with open_project(db) as project:
        report = import_paths(project, [jsonl], fmt="jsonl", who="bench")
    return report.documents_added


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        t0 = time.perf_counter()
        source = tmp / "source.claimdesk"
        build(source, args.docs)
        jsonl = tmp / "corpus.jsonl"
        with open_project(source) as project:
            export(project, fmt="jsonl", out=jsonl, annotator="alice")
        print(f"built and exported {args.docs:,} annotated documents "
              f"({jsonl.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s")
        times: dict[str, list[float]] = {"claimdesk": [], "baseline": []}
        for i in range(args.repeat):
            order = ("claimdesk", "baseline") if i % 2 == 0 else ("baseline", "claimdesk")
            for side in order:
                db = tmp / f"{side}-{i}.claimdesk"
                open_project(db, create=True).close()  # same schema for both, not timed
                fn = claimdesk if side == "claimdesk" else baseline
                start = time.perf_counter()
                n = fn(db, jsonl)
                times[side].append(time.perf_counter() - start)
                assert n == args.docs, f"{side} imported {n} documents"
                with sqlite3.connect(db) as check:
                    spans = check.execute("SELECT count(*) FROM spans").fetchone()[0]
                assert spans == 10 * args.docs, f"{side}: {spans} spans"
            print(f"  run {i + 1}: claimdesk {times['claimdesk'][-1]:.3f} s, "
                  f"baseline {times['baseline'][-1]:.3f} s")
    c, b = statistics.median(times["claimdesk"]), statistics.median(times["baseline"])
    ratio = c / b
    print(f"native JSONL import: claimdesk {c:.3f} s, baseline {b:.3f} s, ratio {ratio:.2f} "
          f"(target <= {TARGET}): {'OK' if ratio <= TARGET else 'MISSES'}")
    if args.json:
        args.json.write_text(json.dumps({"docs": args.docs, "claimdesk_s": c, "baseline_s": b,
                                         "ratio": ratio, "target": TARGET}, indent=2) + "\n")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
