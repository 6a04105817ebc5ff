"""Export benchmark: Claimdesk's native JSONL and CoNLL exports against raw sqlite3 + json,
each run in a child process; ``--memory`` measures every export format's peak memory.

What is measured
----------------
A project with N annotated articles (``bench/_corpus.py``: default 10,000, about 1.5 KB each,
10 spans, one attribution frame, one ``about`` relation and actor links each: 100,000 spans,
20,000 frames/relations) is made once in the cache folder by importing the corpus JSONL. Then
each run is a fresh child process:

* **claimdesk jsonl** - ``desktop.formats.exporting.export(fmt="jsonl")``: stream every
  document with its layer a page at a time (``Project.iter_layers``), verify the text
  against its SHA-256 and every span against the text, build the native record, write it to
  a staging file and move that into place.
* **baseline jsonl** - plain ``sqlite3`` + ``json``: five ordered queries over the whole
  corpus (documents with statuses, spans with actor ids, frames, frame roles, relations)
  merged by document in Python, the SHA-256 of every text computed and compared, the same
  record dicts, ``json.dumps`` per line to the output file. No span verification, no
  staging. The two output files are checked to be byte-identical.
* **claimdesk conll** - ``export(fmt="conll")``: the same reading and verification, then
  tokenisation (``desktop.formats.tokens``, cut at every span boundary), non-overlapping
  chunk selection, IOB2 tags, sentence breaks, the manifest with the output's SHA-256.
* **baseline conll** - plain ``sqlite3``: documents and spans (two ordered queries), the
  SHA-256 of every text compared, the text cut at span boundaries and tokenised with the same
  token pattern, IOB2 tags (later spans overwrite earlier ones), no sentence breaks, written;
  then the SHA-256 of the output file, as the manifest needs.

Each side runs ``--repeat`` times (default 5), alternating which goes first; min / median /
max, CPU, whole process and peak RSS, and the ratio of the medians. Targets: JSONL <= 1.5,
CoNLL <= 1.3.

``--memory 10000,50000,1000000`` instead exports projects of those sizes once per format
(``--formats``, default all) in a child process each and reports time, documents/s and
peak RSS (target < 300 MB).

Run from the repository root::

    .venv/bin/python bench/export_bench.py [--docs 10000] [--repeat 5] [--json F]
    .venv/bin/python bench/export_bench.py --memory 10000,50000,1000000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import _harness as h  # noqa: E402
from _corpus import ANNOTATOR, annotated_project  # noqa: E402

TARGETS = {"jsonl": 1.5, "conll": 1.3}
MEMORY_TARGET_MB = 300
ALL_FORMATS = ("jsonl", "conll", "spacy", "hf", "brat", "doccano", "labelstudio", "csv",
               "network")


# -- baselines ------------------------------------------------------------------------------


def _grouped(cur: sqlite3.Cursor) -> Iterator[tuple[int, list[tuple[Any, ...]]]]:
    group: list[tuple[Any, ...]] = []
    key = None
    for row in cur:
        if row[0] != key:
            if group:
                yield int(key), group  # type: ignore[arg-type]
            key, group = row[0], []
        group.append(row)
    if group:
        yield int(key), group  # type: ignore[arg-type]


class _Merge:
    """Pull grouped rows for increasing document pks from an ordered cursor."""

    def __init__(self, cur: sqlite3.Cursor) -> None:
        self.it = _grouped(cur)
        self.head = next(self.it, None)

    def take(self, pk: int) -> list[tuple[Any, ...]]:
        while self.head is not None and self.head[0] < pk:
            self.head = next(self.it, None)
        if self.head is not None and self.head[0] == pk:
            rows = self.head[1]
            self.head = next(self.it, None)
            return rows
        return []


def _sha_ok(text: str, sha: str) -> None:
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != sha:
        raise SystemExit("baseline: a text does not match its SHA-256")


def baseline_jsonl(db: Path, out: Path) -> int:
    conn = sqlite3.connect(str(db))
    # A second connection per cursor: they are read side by side, like merged files.
    spans = _Merge(sqlite3.connect(str(db)).execute(
        "SELECT s.doc, s.id, s.label, s.start, s.\"end\", s.fragments, s.text, s.attrs, a.id, "
        "s.origin, s.state, s.note FROM spans s LEFT JOIN actors a ON a.pk = s.actor "
        "WHERE s.annotator = ? ORDER BY s.doc, s.start, s.\"end\", length(s.id), s.id, s.pk",
        [ANNOTATOR]))
    frames = _Merge(sqlite3.connect(str(db)).execute(
        "SELECT doc, pk, id, type, attrs FROM frames WHERE annotator = ? "
        "ORDER BY doc, length(id), id, pk", [ANNOTATOR]))
    roles = _Merge(sqlite3.connect(str(db)).execute(
        "SELECT f.doc, r.frame, r.role, s.id FROM frame_roles r JOIN frames f ON f.pk = "
        "r.frame JOIN spans s ON s.pk = r.span WHERE f.annotator = ? "
        "ORDER BY f.doc, r.frame, CASE r.role WHEN 'content' THEN 0 WHEN 'source' THEN 1 "
        "WHEN 'cue' THEN 2 ELSE 3 END, r.role, r.position", [ANNOTATOR]))  # codebook order
    rels = _Merge(sqlite3.connect(str(db)).execute(
        "SELECT r.doc, r.id, r.label, h.id, t.id, r.attrs FROM relations r JOIN spans h ON "
        "h.pk = r.head JOIN spans t ON t.pk = r.tail WHERE r.annotator = ? "
        "ORDER BY r.doc, length(r.id), r.id, r.pk", [ANNOTATOR]))
    actors = {r[0]: {"id": r[0], "name": r[1], "kind": r[2], "aliases": [],
                     "attrs": json.loads(r[3])}
              for r in conn.execute("SELECT id, name, kind, attrs FROM actors")}
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for pk, did, title, text, sha, meta, status in conn.execute(
                "SELECT d.pk, d.id, d.title, d.text, d.sha256, d.meta, "
                "coalesce(st.status, 'new') FROM documents d LEFT JOIN doc_status st ON "
                "st.doc = d.pk AND st.annotator = ? ORDER BY d.pk", [ANNOTATOR]):
            _sha_ok(text, sha)
            sp = []
            for r in spans.take(pk):
                d = {"id": r[1], "label": r[2], "start": r[3], "end": r[4], "text": r[6]}
                if r[5]:
                    d["fragments"] = json.loads(r[5])
                d["attrs"] = json.loads(r[7])
                d["actor"] = r[8]
                if r[9] != "imported":
                    d["origin"] = r[9]
                if r[10] != "accepted":
                    d["state"] = r[10]
                if r[11]:
                    d["note"] = r[11]
                sp.append(d)
            role_map: dict[int, dict[str, list[str]]] = {}
            for _, fpk, role, sid in roles.take(pk):
                role_map.setdefault(fpk, {}).setdefault(role, []).append(sid)
            fr = [{"id": r[2], "type": r[3], "roles": role_map.get(r[1], {}),
                   "attrs": json.loads(r[4])} for r in frames.take(pk)]
            rl = [{"id": r[1], "label": r[2], "head": r[3], "tail": r[4],
                   "attrs": json.loads(r[5])} for r in rels.take(pk)]
            linked = sorted({s["actor"] for s in sp if s["actor"]})
            rec = {"id": did, "title": title, "text": text, "sha256": sha,
                   "meta": json.loads(meta), "annotator": ANNOTATOR, "status": status,
                   "spans": sp, "frames": fr, "relations": rl,
                   "actors": [actors[a] for a in linked]}
            fh.write(json.dumps(rec, ensure_ascii=False))
            fh.write("\n")
            n += 1
    conn.close()
    return n


def baseline_conll(db: Path, out: Path) -> int:
    from desktop.formats.tokens import token_re  # the same token pattern

    conn = sqlite3.connect(str(db))
    rx = token_re()
    spans = _Merge(sqlite3.connect(str(db)).execute(
        "SELECT doc, label, start, \"end\" FROM spans WHERE annotator = ? "
        "ORDER BY doc, start, \"end\"", [ANNOTATOR]))
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for pk, text, sha in conn.execute("SELECT pk, text, sha256 FROM documents ORDER BY pk"):
            _sha_ok(text, sha)
            sp = spans.take(pk)
            cuts = sorted({x for r in sp for x in (r[2], r[3])})
            toks: list[tuple[int, int]] = []
            a = 0
            for b in (*cuts, len(text)):
                if b > a:
                    toks.extend(m.span() for m in rx.finditer(text, a, b))
                    a = b
            tags = ["O"] * len(toks)
            index = {s: i for i, (s, _) in enumerate(toks)}
            for _, label, s, e in sp:
                i = index.get(s)
                if i is None:
                    continue
                tags[i] = f"B-{label}"
                i += 1
                while i < len(toks) and toks[i][1] <= e:
                    tags[i] = f"I-{label}"
                    i += 1
            lines = ["-DOCSTART- -X- -X- O\n\n"]
            lines += [f"{text[s:e]} -X- _ {t}\n" for (s, e), t in zip(toks, tags, strict=True)]
            lines.append("\n")
            fh.write("".join(lines))
            n += 1
    conn.close()
    digest = hashlib.sha256()
    with out.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    out.with_name(out.name + ".manifest.json").write_text(
        json.dumps({"files": {out.name: {"sha256": digest.hexdigest()}}}) + "\n")
    return n


# -- children -------------------------------------------------------------------------------


def claimdesk(db: Path, fmt: str, out: Path) -> int:
    from desktop.formats.exporting import export
    from desktop.store import open_project

    with open_project(db) as p:
        return export(p, fmt=fmt, out=out, annotator=ANNOTATOR).documents


def child(args: list[str]) -> None:
    side, fmt, db, out, n = args[0], args[1], Path(args[2]), Path(args[3]), int(args[4])
    # Module imports are start-up (the whole-process time has them), not the export.
    import desktop.formats.exporting  # noqa: F401
    if side == "claimdesk":
        result = h.timed(lambda: claimdesk(db, fmt, out))
    else:
        fn = baseline_jsonl if fmt == "jsonl" else baseline_conll
        result = h.timed(lambda: fn(db, out))
    if result.value != n:
        raise SystemExit(f"{side} {fmt}: {result.value} documents, expected {n}")
    h.child_result(result.timing)


def side_run(side: str, fmt: str, db: Path, work: Path, n: int) -> h.Run:
    out = work / f"{side}.{fmt}"
    for p in work.glob(f"{side}.{fmt}*"):
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    return h.run_child(Path(__file__), [side, fmt, str(db), str(out), str(n)])


def _same_output(work: Path, fmt: str) -> bool:
    a, b = work / f"claimdesk.{fmt}", work / f"baseline.{fmt}"
    with a.open("rb") as fa, b.open("rb") as fb:  # a block at a time: outputs can be large
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--memory", help="comma-separated corpus sizes: peak RSS per format")
    ap.add_argument("--formats", default=",".join(ALL_FORMATS),
                    help="formats for --memory (default: all)")
    ap.add_argument("--cache-dir", type=Path, default=h.DEFAULT_CACHE)
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args()
    work = h.work_dir(args.cache_dir)
    results: dict[str, Any] = {}
    if args.memory:
        for n in (int(x) for x in args.memory.split(",")):
            db = annotated_project(n, args.cache_dir)
            for fmt in args.formats.split(","):
                r = side_run("claimdesk", fmt, db, work, n)
                results.setdefault(fmt, {})[n] = {
                    "wall_s": round(r.wall, 2), "docs_per_s": round(n / r.wall),
                    "peak_rss_mb": r.rss_mb}
                print(f"{fmt:<12} export of {n:>9,} documents: {r.wall:8.1f} s, "
                      f"{n / r.wall:8,.0f} docs/s, peak RSS {r.rss_mb:6.0f} MB "
                      f"(target < {MEMORY_TARGET_MB})", flush=True)
                for p in work.iterdir():
                    shutil.rmtree(p) if p.is_dir() else p.unlink()
        h.write_json(args.json, {"memory": results})
        return 0
    db = annotated_project(args.docs, args.cache_dir)
    print(f"project: {args.docs:,} annotated documents ({db.stat().st_size / 1e6:.0f} MB)")
    for fmt, target in TARGETS.items():
        runs = h.compare({side: (lambda side=side, fmt=fmt: side_run(side, fmt, db, work,
                                                                    args.docs))
                          for side in ("claimdesk", "baseline")}, args.repeat)
        result = h.summary(runs)
        if fmt == "jsonl":
            result["identical_output"] = _same_output(work, fmt)
            if not result["identical_output"]:
                raise SystemExit("the two JSONL files differ: the baseline does other work")
        h.print_summary(f"{fmt} export, {args.docs:,} documents", result, target, args.docs)
        results[fmt] = {"target": target, **result}
    h.write_json(args.json, {"docs": args.docs, **results})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
