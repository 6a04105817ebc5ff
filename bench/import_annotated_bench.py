"""Annotated import benchmark ("annotated load"): native JSONL with spans, frames, relations
and actors, Claimdesk against raw sqlite3 + json, each run in a child process.

What is measured
----------------
The corpus of ``bench/_corpus.py`` (N seeded articles, default 10,000, each with 10 spans, an
attribution frame, an ``about`` relation and actor links: 100,000 spans and 20,000
frames/relations) is written once as native JSONL into the cache folder. Then each run is a
fresh child process on a fresh project file made by ``open_project(create=True)`` (not timed;
the same schema, CHECKs, indexes and FTS5 table for both sides):

* **claimdesk** - ``desktop.formats.importing.import_paths(fmt="jsonl")``: strict UTF-8 and
  JSON decoding, field-by-field validation with file/line/field errors, offsets and span texts
  checked against the text, the SHA-256 checked, codebook checks, dedupe by text hash and id,
  actor resolution, documents + FTS, spans, frames, roles, relations, statuses and the change
  log, in bounded batches, one transaction.
* **baseline** - plain ``sqlite3`` + ``json`` doing the same writes without any checking, as
  fast as straightforward raw code can: ``json.loads`` per line, SHA-256 of the text,
  ``json.dumps`` of meta and of every non-empty attrs object, then per 1,000 documents
  ``executemany`` inserts of documents (full-text trigger dropped, the same FTS5 index rebuilt
  in one pass at the end), actors (with their change-log rows), spans (keys assigned in
  Python), frames, frame roles, relations, statuses and the same change-log rows Claimdesk
  writes (a status entry and a layer entry per document, one import summary), one
  transaction.

Each side runs ``--repeat`` times (default 5), alternating which goes first; min / median /
max of the timed section, CPU time, whole process and peak RSS, and the ratio of the medians.
Both sides' results are checked (documents, spans, change-log rows). Target: ratio <= 1.5.

``--memory 10000,50000,100000,1000000`` instead imports corpora of those sizes once each in a
child process and reports time, documents/s and peak RSS (target < 300 MB).

Run from the repository root::

    .venv/bin/python bench/import_annotated_bench.py [--docs 10000] [--repeat 5] [--json F]
    .venv/bin/python bench/import_annotated_bench.py --memory 10000,50000,100000,1000000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import _harness as h  # noqa: E402
from _corpus import annotated_jsonl  # noqa: E402

TARGET = 1.5
MEMORY_TARGET_MB = 300
FLUSH = 1000


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def baseline(db: Path, jsonl: Path) -> int:
    conn = sqlite3.connect(str(db), isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)",
                 ["alice", stamp])
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'documents_ai'"
                           ).fetchone()[0]
    conn.execute("DROP TRIGGER documents_ai")
    doc_pk = conn.execute("SELECT coalesce(max(pk), 0) FROM documents").fetchone()[0]
    span_pk = conn.execute("SELECT coalesce(max(pk), 0) FROM spans").fetchone()[0]
    frame_pk = conn.execute("SELECT coalesce(max(pk), 0) FROM frames").fetchone()[0]
    actor_pk: dict[str, int] = {}
    docs: list[tuple[object, ...]] = []
    spans: list[tuple[object, ...]] = []
    frames: list[tuple[object, ...]] = []
    roles: list[tuple[object, ...]] = []
    rels: list[tuple[object, ...]] = []
    status: list[tuple[object, ...]] = []
    log: list[tuple[object, ...]] = []

    def flush() -> None:
        conn.executemany("INSERT INTO documents (pk, id, title, text, sha256, meta, "
                         "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)", docs)
        conn.executemany('INSERT INTO spans (pk, doc, annotator, id, label, start, "end", '
                         "fragments, text, attrs, actor, origin, state, note) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", spans)
        conn.executemany("INSERT INTO frames (pk, doc, annotator, id, type, attrs) "
                         "VALUES (?, ?, ?, ?, ?, ?)", frames)
        conn.executemany("INSERT INTO frame_roles (frame, role, span, position) "
                         "VALUES (?, ?, ?, ?)", roles)
        conn.executemany("INSERT INTO relations (doc, annotator, id, label, head, tail, "
                         "attrs) VALUES (?, ?, ?, ?, ?, ?, ?)", rels)
        conn.executemany("INSERT INTO doc_status (doc, annotator, status, updated_at) "
                         "VALUES (?, ?, ?, ?)", status)
        conn.executemany("INSERT INTO changes (at, who, action, entity, doc, entity_id, "
                         "before, after) VALUES (?, 'bench', ?, ?, ?, ?, ?, ?)", log)
        for rows in (docs, spans, frames, roles, rels, status, log):
            rows.clear()

    n = 0
    with jsonl.open("rb") as fh:
        for line in fh:
            rec = json.loads(line)
            text = rec["text"]
            doc_pk += 1
            did = rec["id"]
            docs.append((doc_pk, did, rec["title"], text,
                         hashlib.sha256(text.encode("utf-8")).hexdigest(),
                         _dumps(rec["meta"]), stamp))
            for a in rec["actors"]:
                if a["id"] not in actor_pk:
                    cur = conn.execute("INSERT INTO actors (id, name, kind, attrs) "
                                       "VALUES (?, ?, ?, ?)",
                                       [a["id"], a["name"], a["kind"], _dumps(a["attrs"])])
                    actor_pk[a["id"]] = int(cur.lastrowid or 0)
                    conn.executemany("INSERT INTO actor_aliases (actor, alias, position) "
                                     "VALUES (?, ?, ?)", [(actor_pk[a["id"]], alias, i)
                                                          for i, alias in enumerate(
                                                              a["aliases"])])
                    conn.execute("INSERT INTO changes (at, who, action, entity, entity_id, "
                                 "after) VALUES (?, 'bench', 'add', 'actor', ?, ?)",
                                 [stamp, a["id"], _dumps(a)])
            by_id: dict[str, int] = {}
            for s in rec["spans"]:
                span_pk += 1
                by_id[s["id"]] = span_pk
                frags = s.get("fragments")
                attrs = s.get("attrs")
                spans.append((span_pk, doc_pk, "alice", s["id"], s["label"], s["start"],
                              s["end"], _dumps(frags) if frags else None, s["text"],
                              _dumps(attrs) if attrs else "{}",
                              actor_pk[s["actor"]] if s.get("actor") else None,
                              s.get("origin", "imported"), s.get("state", "accepted"),
                              s.get("note", "")))
            for f in rec["frames"]:
                frame_pk += 1
                frames.append((frame_pk, doc_pk, "alice", f["id"], f["type"],
                               _dumps(f["attrs"]) if f.get("attrs") else "{}"))
                for role, ids in f["roles"].items():
                    for pos, sid in enumerate(ids):
                        roles.append((frame_pk, role, by_id[sid], pos))
            for r in rec["relations"]:
                rels.append((doc_pk, "alice", r["id"], r["label"], by_id[r["head"]],
                             by_id[r["tail"]], _dumps(r["attrs"]) if r.get("attrs") else "{}"))
            status.append((doc_pk, "alice", rec["status"], stamp))
            log.append((stamp, "status", "document", did, did,
                        _dumps({"status": "new", "layer": "alice"}),
                        _dumps({"status": rec["status"], "layer": "alice"})))
            log.append((stamp, "import", "layer", did, "alice", None,
                        _dumps({"spans": len(rec["spans"]), "frames": len(rec["frames"]),
                                "relations": len(rec["relations"]), "duplicates": 0})))
            n += 1
            if len(docs) == FLUSH:
                flush()
    flush()
    conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
    conn.execute(trigger)
    conn.execute("INSERT INTO changes (at, who, action, entity, after) VALUES "
                 "(?, 'bench', 'import', 'documents', ?)",
                 [stamp, _dumps({"added": n, "known": 0})])
    conn.execute("COMMIT")
    conn.close()
    return n


def claimdesk(db: Path, jsonl: Path) -> int:
    from desktop.formats.importing import import_paths
    from desktop.store import open_project

    with open_project(db) as project:
        report = import_paths(project, [jsonl], fmt="jsonl", who="bench")
    return report.documents_added


def child(args: list[str]) -> None:
    side, db, jsonl, n = args[0], Path(args[1]), Path(args[2]), int(args[3])
    # Module imports are start-up (the whole-process time has them), not the import.
    import desktop.formats.importing  # noqa: F401
    fn = claimdesk if side == "claimdesk" else baseline
    result = h.timed(lambda: fn(db, jsonl))
    with sqlite3.connect(db) as check:
        spans, changes = check.execute(
            "SELECT (SELECT count(*) FROM spans), (SELECT count(*) FROM changes)").fetchone()
        hits = check.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH "
                             "'\"reporters\"'").fetchone()[0]
    if result.value != n or spans != 10 * n or hits != n or changes < 2 * n:
        raise SystemExit(f"{side}: {result.value} documents, {spans} spans, {hits} FTS hits, "
                         f"{changes} change-log rows for {n} documents")
    h.child_result(result.timing)


def side_run(side: str, jsonl: Path, work: Path, n: int) -> h.Run:
    db = work / f"{side}.claimdesk"
    h.new_project(db)
    try:
        return h.run_child(Path(__file__), [side, str(db), str(jsonl), str(n)])
    finally:
        h.remove_db(db)


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--memory", help="comma-separated corpus sizes: peak RSS per size")
    ap.add_argument("--cache-dir", type=Path, default=h.DEFAULT_CACHE)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    work = h.work_dir(args.cache_dir)
    if args.memory:
        result: dict[str, Any] = {"memory": {}}
        for n in (int(x) for x in args.memory.split(",")):
            jsonl = annotated_jsonl(n, args.cache_dir)
            r = side_run("claimdesk", jsonl, work, n)
            result["memory"][n] = {"wall_s": round(r.wall, 2), "docs_per_s": round(n / r.wall),
                                   "peak_rss_mb": r.rss_mb}
            print(f"annotated import of {n:>9,} documents: {r.wall:8.1f} s, "
                  f"{n / r.wall:8,.0f} docs/s, peak RSS {r.rss_mb:6.0f} MB "
                  f"(target < {MEMORY_TARGET_MB})")
        h.write_json(args.json, result)
        return 0
    jsonl = annotated_jsonl(args.docs, args.cache_dir)
    print(f"{args.docs:,} annotated documents, {jsonl.stat().st_size / 1e6:.1f} MB of JSONL; "
          "project creation not timed")
    runs = h.compare({side: (lambda side=side: side_run(side, jsonl, work, args.docs))
                      for side in ("claimdesk", "baseline")}, args.repeat)
    result = h.summary(runs)
    h.print_summary(f"annotated JSONL import, {args.docs:,} documents", result, TARGET,
                    args.docs)
    h.write_json(args.json, {"docs": args.docs, "target": TARGET, **result})
    return 0


if __name__ == "__main__":
    sys.exit(main())
