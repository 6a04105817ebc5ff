"""Export benchmark: Claimdesk's native JSONL and CoNLL exports against raw sqlite3 + json.

What is measured
----------------
A project with N deterministic (seeded) fictional articles (default 10,000, about 1.5 KB each,
some accented and Greek words and an occasional emoji), each with 10 spans (CLAIM, SOURCE,
CUE and ACTOR; 100,000 spans), one attribution frame and one ``about`` relation (20,000
frames/relations) and actor links, is generated through the store API in one transaction
(``DocumentRepo.insert_many`` + ``AnnotationRepo.merge_layer``; not timed). Then, in the same
run:

* **claimdesk jsonl** - ``desktop.formats.exporting.export(fmt="jsonl")``: stream every
  document with its layer (batched reader ``desktop.store.layers.iter_layers``), verify every
  span against the text and the text against its SHA-256, build the native record, write to a
  staging file and move it into place.
* **baseline jsonl** - plain ``sqlite3``: five ordered queries (documents, spans with actor
  ids, frames, frame roles, relations) merged by document in Python, the same record dicts,
  ``json.dumps`` per line, written to a file. No verification, no staging.
* **claimdesk conll** - ``export(fmt="conll")``: the same reading and verification, then
  tokenisation (grapheme-aware regex, cut at every span boundary), non-overlapping chunk
  selection, IOB2 tags, sentence split, manifest with SHA-256.
* **baseline conll** - plain ``sqlite3``: documents and spans (two ordered queries), the text
  cut at span boundaries and tokenised with ``re.finditer(r"\\w+|\\S")``, IOB2 tags, written.

Each side runs ``--repeat`` times (default 3), alternating which goes first; medians and the
ratio claimdesk / baseline are reported. Targets: ratio <= 2 for both.

``--large`` additionally builds 100,000 documents and measures, each in a fresh subprocess,
the peak resident memory (``ru_maxrss``) of exporting them as jsonl and as conll; target
< 300 MB.

Run from the repository root::

    .venv/bin/python bench/export_bench.py [--docs 10000] [--repeat 3] [--large] [--json F]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.core.model import (  # noqa: E402
    Actor,
    DocStatus,
    Document,
    Frame,
    Layer,
    Relation,
    Span,
)
from desktop.core.offsets import sha256_text  # noqa: E402
from desktop.formats.exporting import export  # noqa: E402
from desktop.store import open_project  # noqa: E402

TARGET = 2.0
MEMORY_TARGET_MB = 300
SEED = 20240611
WORDS = ("the", "minister", "government", "said", "officials", "talks", "report", "week", "city",
         "council", "plan", "budget", "vote", "election", "party", "leader", "press", "agency",
         "statement", "économie", "Ελλάδα", "market", "crisis", "police", "court", "decision",
         "north", "south", "water", "energy")
NAMES = ["Anna Berg", "Carl Dorn", "Eva Fink", "Gus Hahn", "Ida Jung", "Kai Lenz"]


def article(rng: random.Random, k: int) -> tuple[str, list[Span], Frame, Relation, list[str]]:
    """One article text with 10 spans, a frame, a relation and its actor ids."""
    parts: list[str] = []
    spans: list[Span] = []
    actors: list[str] = []

    def add(piece: str, label: str | None = None, actor: str | None = None) -> None:
        start = sum(len(p) for p in parts)
        parts.append(piece)
        if label:
            sid = f"s{len(spans) + 1}"
            spans.append(Span(id=sid, label=label, fragments=((start, start + len(piece)),),
                              text=piece, actor=actor))

    def filler(n: int) -> None:
        add(" ".join(rng.choice(WORDS) for _ in range(n)) + (" 😀 " if rng.random() < .1
                                                              else " "))

    who = rng.randrange(len(NAMES))
    other = (who + 1 + rng.randrange(len(NAMES) - 1)) % len(NAMES)
    add(f"Report {k}. ")
    filler(30)
    add("\"" + " ".join(rng.choice(WORDS) for _ in range(14)) + ".\"", "CLAIM")
    add(" ")
    add(NAMES[who], "SOURCE", f"a{who + 1}")
    add(" ")
    add("said", "CUE")
    add(" on Monday about ")
    add(NAMES[other], "ACTOR", f"a{other + 1}")
    add(". ")
    for _ in range(3):
        filler(25)
        add(NAMES[rng.randrange(len(NAMES))], "ACTOR")
        add(" ")
        add("told", "CUE")
        add(" reporters. ")
    filler(40)
    add("\n")
    frame = Frame(id="f1", type="attribution",
                  roles={"content": ("s1",), "source": ("s2",), "cue": ("s3",)})
    rel = Relation(id="r1", label="about", head="s1", tail="s4")
    actors += [f"a{who + 1}", f"a{other + 1}"]
    return "".join(parts), spans, frame, rel, actors


def build(path: Path, n: int) -> None:
    rng = random.Random(SEED)
    with open_project(path, create=True) as p, p.transaction():
        for i, name in enumerate(NAMES, 1):
            p.actors.add(Actor(id=f"a{i}", name=name, kind="person"), who="bench")
        batch: list[tuple[Document, Layer]] = []

        def flush() -> None:
            p.documents.insert_many(d for d, _ in batch)
            for d, layer in batch:
                p.bulk.merge(d.id, layer, who="bench")
            batch.clear()

        for k in range(n):
            text, spans, frame, rel, _ = article(rng, k)
            doc = Document(id=f"doc-{k:06d}", title=f"Report {k}", text=text,
                           sha256=sha256_text(text), meta={"outlet": "Bench", "url":
                                                           f"https://example.org/{k}"})
            batch.append((doc, Layer(annotator="alice", status=DocStatus.DONE,
                                     spans=tuple(spans), frames=(frame,),
                                     relations=(rel,))))
            if len(batch) == 1000:
                flush()
        flush()


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


def baseline_jsonl(db: Path, out: Path) -> int:
    conn = sqlite3.connect(str(db))
    spans = _Merge(conn.execute(
        "SELECT s.doc, s.id, s.label, s.start, s.\"end\", s.fragments, s.text, s.attrs, a.id "
        "FROM spans s LEFT JOIN actors a ON a.pk = s.actor WHERE s.annotator = 'alice' "
        "ORDER BY s.doc, s.start, s.\"end\", s.pk"))
    frames = _Merge(conn.execute("SELECT doc, pk, id, type, attrs FROM frames "
                                 "WHERE annotator = 'alice' ORDER BY doc, pk"))
    roles = _Merge(conn.execute(
        "SELECT f.doc, r.frame, r.role, s.id FROM frame_roles r JOIN frames f ON f.pk = "
        "r.frame JOIN spans s ON s.pk = r.span WHERE f.annotator = 'alice' "
        "ORDER BY f.doc, r.frame, r.role, r.position"))
    rels = _Merge(conn.execute(
        "SELECT r.doc, r.id, r.label, h.id, t.id, r.attrs FROM relations r JOIN spans h ON "
        "h.pk = r.head JOIN spans t ON t.pk = r.tail WHERE r.annotator = 'alice' "
        "ORDER BY r.doc, r.pk"))
    actors = {r[0]: {"id": r[0], "name": r[1], "kind": r[2], "aliases": [],
                     "attrs": json.loads(r[3])}
              for r in conn.execute("SELECT id, name, kind, attrs FROM actors")}
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for pk, did, title, text, sha, meta, status in conn.execute(
                "SELECT d.pk, d.id, d.title, d.text, d.sha256, d.meta, "
                "coalesce(st.status, 'new') FROM documents d LEFT JOIN doc_status st ON "
                "st.doc = d.pk AND st.annotator = 'alice' ORDER BY d.pk"):
            sp = [{"id": r[1], "label": r[2], "start": r[3], "end": r[4], "text": r[6],
                   **({"fragments": json.loads(r[5])} if r[5] else {}),
                   "attrs": json.loads(r[7]), "actor": r[8]} for r in spans.take(pk)]
            role_map: dict[int, dict[str, list[str]]] = {}
            for _, fpk, role, sid in roles.take(pk):
                role_map.setdefault(fpk, {}).setdefault(role, []).append(sid)
            fr = [{"id": r[2], "type": r[3], "roles": role_map.get(r[1], {}),
                   "attrs": json.loads(r[4])} for r in frames.take(pk)]
            rl = [{"id": r[1], "label": r[2], "head": r[3], "tail": r[4],
                   "attrs": json.loads(r[5])} for r in rels.take(pk)]
            linked = sorted({s["actor"] for s in sp if s["actor"]})
            rec = {"id": did, "title": title, "text": text, "sha256": sha,
                   "meta": json.loads(meta), "annotator": "alice", "status": status,
                   "spans": sp, "frames": fr, "relations": rl,
                   "actors": [actors[a] for a in linked]}
            fh.write(json.dumps(rec, ensure_ascii=False))
            fh.write("\n")
            n += 1
    conn.close()
    return n


def baseline_conll(db: Path, out: Path) -> int:
    conn = sqlite3.connect(str(db))
    rx = re.compile(r"\w+|\S")
    spans = _Merge(conn.execute(
        "SELECT doc, label, start, \"end\" FROM spans WHERE annotator = 'alice' "
        "ORDER BY doc, start, \"end\""))
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for pk, text in conn.execute("SELECT pk, text FROM documents ORDER BY pk"):
            sp = spans.take(pk)
            cuts = sorted({x for r in sp for x in (r[2], r[3])})
            toks: list[tuple[int, int]] = []
            a = 0
            for b in (*cuts, len(text)):
                if b > a:
                    toks.extend((m.start() + a, m.end() + a) for m in rx.finditer(text[a:b]))
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
    return n


# -- measuring ------------------------------------------------------------------------------


def timed(fn: Callable[[], object]) -> float:
    gc.collect()
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def claimdesk(db: Path, fmt: str, out: Path) -> None:
    with open_project(db) as p:
        export(p, fmt=fmt, out=out, annotator="alice")


def compare(db: Path, tmp: Path, fmt: str, repeat: int) -> dict[str, float]:
    ours: list[float] = []
    base: list[float] = []
    ext = ".jsonl" if fmt == "jsonl" else ".conll"
    fn = baseline_jsonl if fmt == "jsonl" else baseline_conll
    for k in range(repeat):
        a = lambda k=k: claimdesk(db, fmt, tmp / f"ours{k}{ext}")  # noqa: E731
        b = lambda k=k: fn(db, tmp / f"base{k}{ext}")  # noqa: E731
        if k % 2:
            base.append(timed(b))
            ours.append(timed(a))
        else:
            ours.append(timed(a))
            base.append(timed(b))
    o, b_ = statistics.median(ours), statistics.median(base)
    return {"claimdesk_s": round(o, 3), "baseline_s": round(b_, 3), "ratio": round(o / b_, 2)}


def peak_memory(db: Path, fmt: str, out: Path) -> float:
    code = (f"import resource, sys, pathlib; sys.path.insert(0, {str(ROOT)!r})\n"
            "from desktop.store import open_project\n"
            "from desktop.formats.exporting import export\n"
            f"with open_project({str(db)!r}) as p:\n"
            f"    export(p, fmt={fmt!r}, out=pathlib.Path({str(out)!r}), annotator='alice')\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    kb = int(res.stdout.strip().splitlines()[-1])
    return round(kb / 1024 / (1024 if sys.platform == "darwin" else 1), 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--large", action="store_true", help="also 100,000 documents: peak memory")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args()
    results: dict[str, Any] = {"docs": args.docs}
    ok = True
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        db = tmp / "bench.claimdesk"
        t0 = time.perf_counter()
        build(db, args.docs)
        results["build_s"] = round(time.perf_counter() - t0, 1)
        with open_project(db) as p:
            results["corpus"] = p.stats()
            results["corpus"] = {k: results["corpus"][k] for k in
                                 ("documents", "spans", "frames", "relations", "actors")}
        print(f"built {results['corpus']} in {results['build_s']} s")
        for fmt in ("jsonl", "conll"):
            r = compare(db, tmp, fmt, args.repeat)
            results[fmt] = r
            ok &= r["ratio"] <= TARGET
            print(f"{fmt:6} claimdesk {r['claimdesk_s']:.3f} s  baseline {r['baseline_s']:.3f} s"
                  f"  ratio {r['ratio']:.2f} (target <= {TARGET})")
        if args.large:
            big = tmp / "large.claimdesk"
            t0 = time.perf_counter()
            build(big, 100_000)
            print(f"built 100,000 documents in {time.perf_counter() - t0:.0f} s")
            for fmt in ("jsonl", "conll"):
                mb = peak_memory(big, fmt, tmp / f"large.{fmt}")
                results[f"peak_rss_mb_{fmt}_100k"] = mb
                ok &= mb < MEMORY_TARGET_MB
                print(f"peak RSS exporting 100,000 documents as {fmt}: {mb} MB "
                      f"(target < {MEMORY_TARGET_MB})")
    results["ok"] = ok
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
