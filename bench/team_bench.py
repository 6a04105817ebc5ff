"""Team benchmark: merging 20 annotator files into a 10,000-document project, then agreement.

What is measured
----------------
Set-up (not timed): a lead project with ``--lead-docs`` (default 10,000) generated articles of
about 3 KB (``bench/agreement_bench.py``'s generator), and ``--files`` (20) annotator project
files with ``--per-file`` (1,000) annotated documents each: annotator k has documents
k·n/2 … k·n/2 + n (wrapping round), so every document is done by exactly two annotators, one
with the generator's layer (~10 spans, 2 attribution frames, actor links) and one with a
realistically disagreeing copy: 20,000 layers, about 200,000 spans and 40,000 frames.

1. **merge** - ``desktop.store.merge_projects(lead, files)`` on a fresh copy of the lead: one
   transaction; documents matched by text hash, actors by id and name, every layer checked
   against the codebook, content digests, provenance rows, change log.
   **baseline** - plain ``sqlite3`` doing the same reads and writes without any checking: per
   file ``ATTACH``, read documents (hash), spans, frames, roles and statuses, map documents by
   hash in a dict, ``executemany`` the spans (pks assigned in Python), frames, roles and
   statuses into the lead, in one transaction.
2. **agreement** - ``desktop.teams.agreement_report`` over the merged project (all 20
   annotators, done layers, per-document records): reading every layer through the store and
   every figure of docs/agreement.md.
   **reading** - the reading part alone: ``Project.layer_sets()`` streamed to the end.
   **baseline** - plain ``sqlite3`` reading the same rows (spans with their actors, frames,
   roles, statuses), and computing exact-match span F1 per pair in pure Python (the least any
   agreement tool does). Both agreement and reading are reported against it.

Each side runs ``--repeat`` times (default 5), alternating which goes first; min/median/max
seconds and the ratio of medians claimdesk / baseline are reported.

Run from the repository root::

    .venv/bin/python bench/team_bench.py [--lead-docs 10000] [--files 20] [--per-file 1000]
                                         [--repeat 5] [--json F]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from agreement_bench import NAMES, SEED, article, disagree  # noqa: E402

from desktop.core.model import Actor, Document, Layer  # noqa: E402
from desktop.core.offsets import sha256_text  # noqa: E402
from desktop.store import merge_projects, open_project  # noqa: E402
from desktop.teams import agreement_report  # noqa: E402


def valid(layer: Layer) -> Layer:
    """The generator's disagreeing copy may relabel a frame's SOURCE as ACTOR; a project
    would refuse that frame role, so such a filler leaves the frame (as in the GUI)."""
    labels = {s.id: s.label for s in layer.spans}
    takes = {"content": "CLAIM", "source": "SOURCE", "cue": "CUE"}
    frames = tuple(replace(f, roles={r: tuple(i for i in ids if labels.get(i) == takes[r])
                                     for r, ids in f.roles.items()}) for f in layer.frames)
    return replace(layer, frames=frames)


def build(folder: Path, lead_docs: int, files: int, per_file: int) -> tuple[Path, list[Path]]:
    rng = random.Random(SEED)
    texts: list[str] = []
    layers: list[tuple[Layer, Layer]] = []
    for _ in range(lead_docs):
        text, a = article(rng)
        texts.append(text)
        layers.append((a, valid(disagree(rng, a, len(text)))))
    docs = [Document(id=f"doc-{i:06d}", title=f"Article {i}", text=t, sha256=sha256_text(t))
            for i, t in enumerate(texts)]
    actors = [Actor(id=f"a{k}", name=n, kind="person") for k, n in enumerate(NAMES)]
    lead = folder / "lead.claimdesk"
    with open_project(lead, create=True) as p:
        with p.transaction():
            p.documents.insert_many(docs)
        for actor in actors:
            p.actors.add(actor, who="lead")
    seen: dict[int, int] = defaultdict(int)
    paths = []
    for k in range(files):
        name = f"ann{k + 1:02d}"
        path = folder / f"{name}.claimdesk"
        mine = [(k * per_file // 2 + j) % lead_docs for j in range(per_file)]
        with open_project(path, create=True) as p:
            with p.transaction():
                p.documents.insert_many([docs[i] for i in mine])
            for actor in actors:
                p.actors.add(actor, who=name)
            plans = []
            for i in mine:
                which = seen[i]
                seen[i] += 1
                layer = layers[i][min(which, 1)]
                plans.append(p.bulk.plan(docs[i].id, texts[i], Layer(
                    annotator=name, status=layer.status, spans=layer.spans,
                    frames=layer.frames, relations=layer.relations)))
            with p.transaction():
                p.bulk.write(plans, who=name)
        paths.append(path)
    return lead, paths


# -- merge ----------------------------------------------------------------------------------


def claimdesk_merge(lead: Path, files: list[Path]) -> int:
    with open_project(lead) as p:
        reports, _ = merge_projects(p, files, who="lead")
    return sum(r.layers_added for r in reports)


def baseline_merge(lead: Path, files: list[Path]) -> int:
    conn = sqlite3.connect(lead, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    by_hash = dict(conn.execute("SELECT sha256, pk FROM documents"))
    actor_pk = dict(conn.execute("SELECT id, pk FROM actors"))
    layers = 0
    conn.execute("BEGIN IMMEDIATE")
    for k, path in enumerate(files):
        conn.execute(f"ATTACH DATABASE ? AS f{k}", [str(path)])
        docs = {pk: by_hash[sha] for pk, sha in conn.execute(
            f"SELECT pk, sha256 FROM f{k}.documents")}
        conn.executemany("INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)",
                         conn.execute(f"SELECT name, created_at FROM f{k}.annotators"))
        next_span = conn.execute("SELECT coalesce(max(pk), 0) FROM spans").fetchone()[0] + 1
        span_map: dict[int, int] = {}
        rows = []
        for (pk, doc, ann, sid, label, start, end, frags, text, attrs, actor, origin, state,
             note) in conn.execute(
                f'SELECT s.pk, s.doc, s.annotator, s.id, s.label, s.start, s."end", '
                f"s.fragments, s.text, s.attrs, a.id, s.origin, s.state, s.note "
                f"FROM f{k}.spans s LEFT JOIN f{k}.actors a ON a.pk = s.actor"):
            span_map[pk] = next_span
            rows.append((next_span, docs[doc], ann, sid, label, start, end, frags, text, attrs,
                         actor_pk.get(actor), origin, state, note))
            next_span += 1
        conn.executemany('INSERT INTO spans (pk, doc, annotator, id, label, start, "end", '
                         "fragments, text, attrs, actor, origin, state, note) VALUES "
                         "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        next_frame = conn.execute("SELECT coalesce(max(pk), 0) FROM frames").fetchone()[0] + 1
        frame_map: dict[int, int] = {}
        frows = []
        for pk, doc, ann, fid, ftype, attrs in conn.execute(
                f"SELECT pk, doc, annotator, id, type, attrs FROM f{k}.frames"):
            frame_map[pk] = next_frame
            frows.append((next_frame, docs[doc], ann, fid, ftype, attrs))
            next_frame += 1
        conn.executemany("INSERT INTO frames (pk, doc, annotator, id, type, attrs) "
                         "VALUES (?, ?, ?, ?, ?, ?)", frows)
        conn.executemany("INSERT INTO frame_roles (frame, role, span, position) "
                         "VALUES (?, ?, ?, ?)",
                         [(frame_map[f], role, span_map[s], pos) for f, role, s, pos in
                          conn.execute(f"SELECT frame, role, span, position "
                                       f"FROM f{k}.frame_roles")])
        status = conn.execute(f"SELECT doc, annotator, status, updated_at "
                              f"FROM f{k}.doc_status").fetchall()
        conn.executemany("INSERT INTO doc_status (doc, annotator, status, updated_at) "
                         "VALUES (?, ?, ?, ?)", [(docs[d], a, s, u) for d, a, s, u in status])
        layers += len(status)
        conn.execute("COMMIT")
        conn.execute(f"DETACH DATABASE f{k}")
        conn.execute("BEGIN IMMEDIATE")
    conn.execute("COMMIT")
    conn.close()
    return layers


# -- agreement ------------------------------------------------------------------------------


def claimdesk_agreement(lead: Path) -> float | None:
    with open_project(lead) as p:
        report = agreement_report(p)
    return report.documents.compared


def claimdesk_read(lead: Path) -> float | None:
    """Only the reading part of ``agreement_report``: every layer of every document."""
    n = 0
    with open_project(lead) as p:
        for ls in p.layer_sets():
            n += len(ls.layers)
    return n


def baseline_agreement(lead: Path) -> float | None:
    """The same rows as ``layer_sets`` (spans with actors, frames, roles, statuses), read raw;
    then exact-match span F1 per pair."""
    conn = sqlite3.connect(lead)
    pairs: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    frames = conn.execute("SELECT pk, doc, annotator, id, type, attrs FROM frames").fetchall()
    roles = conn.execute("SELECT r.frame, r.role, s.id FROM frame_roles r "
                         "JOIN spans s ON s.pk = r.span").fetchall()
    status = conn.execute("SELECT doc, annotator, status FROM doc_status").fetchall()
    current: int | None = None
    layers: dict[str, set[tuple[str, str | None, int, int]]] = {}
    compared = 0

    def close() -> None:
        nonlocal compared
        if len(layers) >= 2:
            compared += 1
        for a, b in combinations(sorted(layers), 2):
            t = pairs[(a, b)]
            t[0] += len(layers[a] & layers[b])
            t[1] += len(layers[a])
            t[2] += len(layers[b])

    for doc, ann, label, frags, start, end, *_rest in conn.execute(
            'SELECT s.doc, s.annotator, s.label, s.fragments, s.start, s."end", s.id, s.text, '
            "s.attrs, a.id, s.origin, s.state, s.note FROM spans s "
            "LEFT JOIN actors a ON a.pk = s.actor WHERE s.state = 'accepted' "
            "ORDER BY s.doc, s.annotator"):
        if doc != current:
            close()
            layers = {}
            current = doc
        layers.setdefault(ann, set()).add((label, frags, start, end))
    close()
    conn.close()
    if not (frames and roles and status):
        raise RuntimeError("the merged project has no frames, roles or statuses")
    return compared


# -- running --------------------------------------------------------------------------------


def timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def summary(xs: list[float]) -> dict[str, float]:
    return {"min": min(xs), "median": statistics.median(xs), "max": max(xs)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lead-docs", type=int, default=10_000)
    ap.add_argument("--files", type=int, default=20)
    ap.add_argument("--per-file", type=int, default=1_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimdesk-team-bench-") as name:
        tmp = Path(name)
        t0 = time.perf_counter()
        lead, files = build(tmp, args.lead_docs, args.files, args.per_file)
        print(f"set-up: lead {args.lead_docs:,} documents, {args.files} files x "
              f"{args.per_file:,} annotated documents ({time.perf_counter() - t0:.1f} s)")
        times: dict[str, list[float]] = defaultdict(list)
        merged = tmp / "merged.claimdesk"
        for run in range(args.repeat):
            order = [("claimdesk", claimdesk_merge), ("baseline", baseline_merge)]
            for side, fn in (order if run % 2 == 0 else order[::-1]):
                target = tmp / f"{side}.claimdesk"
                shutil.copyfile(lead, target)
                times[f"merge {side}"].append(timed(lambda f=fn, t=target: f(t, files)))
                if side == "claimdesk":
                    shutil.copyfile(target, merged)
                target.unlink()
                for extra in ("-wal", "-shm"):
                    Path(str(target) + extra).unlink(missing_ok=True)
            print(f"  merge run {run + 1}: claimdesk {times['merge claimdesk'][-1]:.2f} s, "
                  f"baseline {times['merge baseline'][-1]:.2f} s")
        for run in range(args.repeat):
            order = [("claimdesk", claimdesk_agreement), ("baseline", baseline_agreement),
                     ("read claimdesk", claimdesk_read)]
            for side, fn in (order if run % 2 == 0 else order[::-1]):
                times[f"agreement {side}"].append(timed(lambda f=fn: f(merged)))
            print(f"  agreement run {run + 1}: claimdesk "
                  f"{times['agreement claimdesk'][-1]:.2f} s (reading alone "
                  f"{times['agreement read claimdesk'][-1]:.2f} s), baseline "
                  f"{times['agreement baseline'][-1]:.2f} s")
        with open_project(merged) as p:
            spans = p.annotations.counts()
        result: dict[str, Any] = {"lead_docs": args.lead_docs, "files": args.files,
                                  "per_file": args.per_file, "repeat": args.repeat,
                                  "merged": spans}
        for what, mine in (("merge", "merge claimdesk"), ("agreement", "agreement claimdesk"),
                           ("reading", "agreement read claimdesk")):
            ours = summary(times[mine])
            base = summary(times["merge baseline" if what == "merge" else
                                  "agreement baseline"])
            ratio = ours["median"] / base["median"]
            result[what] = {"claimdesk": ours, "baseline": base, "ratio": ratio}
            print(f"{what}: claimdesk min/median/max {ours['min']:.2f} / {ours['median']:.2f} "
                  f"/ {ours['max']:.2f} s; baseline {base['min']:.2f} / {base['median']:.2f} "
                  f"/ {base['max']:.2f} s; ratio of medians {ratio:.2f}")
        print(f"merged project: {spans['spans']:,} spans, {spans['frames']:,} frames")
        if args.json:
            args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
