"""Agreement benchmark: ``desktop.quality.compute_agreement`` over double-annotated documents.

What is measured
----------------
N deterministic (seeded) fictional articles (default 10,000, about 3 KB each, some accented
and Greek words and an occasional emoji) are generated in memory, not timed. Annotator
"alice" has about 10 spans per article (CLAIM, SOURCE, CUE, ACTOR; one CLAIM in two fragments
in a fifth of the articles; actor links) and 2 attribution frames; "bob" is derived from her
layer with realistic disagreement: shifted boundaries, swapped labels, dropped and extra
spans, other actor links, a frame without its source. Then, in the same run:

* **claimdesk** - ``compute_agreement`` over the documents (fed from a generator): span P/R/F1
  exact and overlap per label and document, kappa and alpha over characters (all, coded, per
  label), frames and roles, actor links, confusion matrix, per-document records.
* **claimdesk + json** - the same followed by ``report.to_json()`` and ``json.dumps``.
* **baseline exact F1** - the least any agreement tool does: per document, the set of
  (label, start, end) of each layer, intersected; micro F1. Pure Python.
* **baseline char kappa** - the obvious per-character approach: a Python list with each
  character's category per layer (slice assignment), ``Counter(zip(a, b))`` per document,
  Cohen's kappa at the end. Pure Python.

Each is run ``--repeat`` times (default 5), in rotating order; min/median/max seconds are
reported with the ratio of medians claimdesk / baseline exact F1. Growth: the claimdesk
median at ``--docs`` / 10 documents and at ``--docs``, and their ratio (10 is linear).
Peak traced memory (``tracemalloc``) of one streamed run with and without per-document records
is reported too. Target: seconds, not minutes, for 10,000 documents.

Run from the repository root::

    .venv/bin/python bench/agreement_bench.py [--docs 10000] [--repeat 5] [--json F]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.core.model import DocStatus, Frame, Layer, Span  # noqa: E402
from desktop.quality import DocLayers, compute_agreement  # noqa: E402

SEED = 20240611
TARGET_SECONDS = 30.0
WORDS = ("the", "minister", "government", "officials", "talks", "report", "week", "city",
         "council", "plan", "budget", "vote", "election", "party", "leader", "press", "agency",
         "économie", "Ελλάδα", "market", "crisis", "police", "court", "decision", "north",
         "south", "water", "energy", "housing", "harbour")
NAMES = ["Anna Berg", "Carl Dorn", "Eva Fink", "Gus Hahn", "Ida Jung", "Kai Lenz"]
CUES = ["said", "told reporters", "warned", "according to", "wrote on social media"]


def article(rng: random.Random) -> tuple[str, Layer]:
    """About 3 KB of text with alice's layer: ~10 spans and 2 frames."""
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0

    def put(piece: str) -> tuple[int, int]:
        nonlocal pos
        parts.append(piece)
        start, pos = pos, pos + len(piece)
        return start, pos

    def filler(n: int) -> None:
        put(" ".join(rng.choice(WORDS) for _ in range(n)) + (" 😀 " if rng.random() < .1
                                                             else ". "))

    def span(label: str, frags: tuple[tuple[int, int], ...], actor: str | None = None) -> str:
        sid = f"s{len(spans) + 1}"
        spans.append(Span(id=sid, label=label, fragments=frags, text="", actor=actor))
        return sid

    frames = []
    filler(60)
    for k in range(2):
        who = rng.randrange(len(NAMES))
        if rng.random() < .2:  # a quote split by its attribution: one CLAIM, two fragments
            first = put('"' + " ".join(rng.choice(WORDS) for _ in range(8)) + ',"')
            put(" ")
            src = span("SOURCE", (put(NAMES[who]),), f"a{who}")
            put(" ")
            cue = span("CUE", (put("said"),))
            put(', "')
            second = put(" ".join(rng.choice(WORDS) for _ in range(10)) + '."')
            claim = span("CLAIM", (first, second))
        else:
            claim = span("CLAIM", (put('"' + " ".join(rng.choice(WORDS) for _ in range(18))
                                       + '."'),))
            put(" ")
            src = span("SOURCE", (put(NAMES[who]),), f"a{who}")
            put(" ")
            cue = span("CUE", (put(rng.choice(CUES)),))
        put(" ")
        frames.append(Frame(id=f"f{k + 1}", type="attribution",
                            roles={"content": (claim,), "source": (src,), "cue": (cue,)}))
        filler(70)
        for _ in range(2):
            other = rng.randrange(len(NAMES))
            span("ACTOR", (put(NAMES[other]),), f"a{other}" if rng.random() < .8 else None)
            put(" ")
            filler(40)
    filler(80)
    layer = Layer("alice", DocStatus.DONE, tuple(spans), tuple(frames))
    return "".join(parts), layer


def disagree(rng: random.Random, alice: Layer, length: int) -> Layer:
    """Bob's layer: alice's with the disagreements two careful annotators still have."""
    spans = []
    for s in alice.spans:
        r = rng.random()
        if r < .06:
            continue  # missed
        frags = s.fragments
        label = s.label
        actor = s.actor
        if r < .20:  # boundary: one more or one fewer character at an end
            (a, b), rest = frags[-1], frags[:-1]
            frags = (*rest, (a, max(a + 1, min(length, b + rng.choice((-1, 1))))))
        elif r < .26 and label in ("ACTOR", "SOURCE"):
            label = "SOURCE" if label == "ACTOR" else "ACTOR"
        elif r < .32 and actor is not None:
            actor = f"a{rng.randrange(len(NAMES))}"
        spans.append(replace(s, label=label, fragments=frags, actor=actor))
    if rng.random() < .3:  # an extra CUE somewhere
        start = rng.randrange(0, length - 10)
        spans.append(Span(id="x1", label="CUE", fragments=((start, start + 6),), text=""))
    kept = {s.id for s in spans}
    frames = []
    for f in alice.frames:
        roles = {role: tuple(i for i in ids if i in kept) for role, ids in f.roles.items()}
        if rng.random() < .1:
            roles.pop("source", None)
        frames.append(replace(f, roles=roles))
    return Layer("bob", DocStatus.DONE, tuple(spans), tuple(frames))


def corpus(n: int) -> list[DocLayers]:
    rng = random.Random(SEED)
    out = []
    for k in range(n):
        text, alice = article(rng)
        bob = disagree(rng, alice, len(text))
        out.append(DocLayers(f"doc-{k:06d}", len(text), {"alice": alice, "bob": bob}))
    return out


# -- the contenders -------------------------------------------------------------------------


def claimdesk(docs: list[DocLayers]) -> float | None:
    report = compute_agreement(d for d in docs)
    return report.pairs[0].overlap.f1


def claimdesk_json(docs: list[DocLayers]) -> float | None:
    report = compute_agreement(d for d in docs)
    json.dumps(report.to_json())
    return report.pairs[0].overlap.f1


def baseline_exact_f1(docs: list[DocLayers]) -> float | None:
    matched = total = 0
    for d in docs:
        a = {(s.label, s.start, s.end) for s in d.layers["alice"].spans}
        b = {(s.label, s.start, s.end) for s in d.layers["bob"].spans}
        matched += len(a & b)
        total += len(a) + len(b)
    return 2 * matched / total if total else None


def baseline_char_kappa(docs: list[DocLayers]) -> float | None:
    table: Counter[tuple[str, str]] = Counter()
    for d in docs:
        cols = []
        for name in ("alice", "bob"):
            cats = [""] * d.length
            for s in d.layers[name].spans:
                for a, b in s.fragments:
                    cats[a:b] = [s.label] * (b - a)  # the last span wins on overlaps
            cols.append(cats)
        table.update(zip(*cols, strict=True))
    n = sum(table.values())
    rows: Counter[str] = Counter()
    columns: Counter[str] = Counter()
    for (x, y), w in table.items():
        rows[x] += w
        columns[y] += w
    p_o = sum(w for (x, y), w in table.items() if x == y) / n
    p_e = sum(rows[c] * columns[c] for c in rows) / (n * n)
    return (p_o - p_e) / (1 - p_e) if p_e < 1 else None


# -- running ---------------------------------------------------------------------------------


def timed(fn: Callable[[list[DocLayers]], object], docs: list[DocLayers]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn(docs)
    return time.perf_counter() - t0


def rotate(contenders: dict[str, Callable[[list[DocLayers]], object]], docs: list[DocLayers],
           repeat: int) -> dict[str, list[float]]:
    names = list(contenders)
    times: dict[str, list[float]] = {n: [] for n in names}
    for r in range(repeat):
        for n in names[r % len(names):] + names[:r % len(names)]:
            times[n].append(timed(contenders[n], docs))
    return times


def peak_memory(docs: list[DocLayers], per_document: bool) -> float:
    def stream() -> Iterator[DocLayers]:
        # Rebuild each document from the shared list so only one is alive at a time.
        for d in docs:
            yield DocLayers(d.doc_id, d.length, dict(d.layers))
    gc.collect()
    tracemalloc.start()
    compute_agreement(stream(), per_document=per_document)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def summary(ts: list[float]) -> dict[str, float]:
    return {"min": min(ts), "median": statistics.median(ts), "max": max(ts)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    docs = corpus(args.docs)
    small = docs[:max(1, args.docs // 10)]
    chars = sum(d.length for d in docs)
    spans = sum(len(layer.spans) for d in docs for layer in d.layers.values())
    frames = sum(len(layer.frames) for d in docs for layer in d.layers.values())
    print(f"{len(docs)} documents, {chars / len(docs):.0f} characters on average, "
          f"{spans} spans and {frames} frames in 2 layers (generated in "
          f"{time.perf_counter() - t0:.1f} s, not timed)")
    report = compute_agreement(docs)
    p = report.pairs[0]
    print(f"check: overlap F1 {p.overlap.f1:.3f}, exact F1 {p.exact.f1:.3f}, "
          f"kappa {p.chars.kappa:.3f}, alpha {report.alpha:.3f}, frames F1 "
          f"{p.frames.frames.f1:.3f}; baseline exact F1 (start/end) "
          f"{baseline_exact_f1(docs):.3f}, baseline kappa {baseline_char_kappa(docs):.3f}")

    contenders: dict[str, Callable[[list[DocLayers]], object]] = {
        "claimdesk": claimdesk, "claimdesk + json": claimdesk_json,
        "baseline exact F1": baseline_exact_f1, "baseline char kappa": baseline_char_kappa}
    times = rotate(contenders, docs, args.repeat)
    small_times = rotate({"claimdesk": claimdesk}, small, args.repeat)["claimdesk"]
    results: dict[str, Any] = {"docs": len(docs), "repeat": args.repeat,
                               "seconds": {n: summary(ts) for n, ts in times.items()}}
    print(f"\n{'':22}{'min':>9}{'median':>9}{'max':>9}   seconds over {args.repeat} runs")
    for n, ts in times.items():
        s = summary(ts)
        print(f"{n:22}{s['min']:9.3f}{s['median']:9.3f}{s['max']:9.3f}")
    base = results["seconds"]["baseline exact F1"]["median"]
    mine = results["seconds"]["claimdesk"]["median"]
    results["ratio_vs_exact_f1"] = mine / base
    results["ratio_vs_char_kappa"] = mine / results["seconds"]["baseline char kappa"]["median"]
    print(f"\nratio claimdesk / baseline exact F1: {results['ratio_vs_exact_f1']:.1f}; "
          f"claimdesk / baseline char kappa: {results['ratio_vs_char_kappa']:.2f}")
    growth = mine / statistics.median(small_times)
    results["growth"] = {"small_docs": len(small), "small": summary(small_times),
                         "ratio": growth}
    print(f"growth: {len(small)} documents {statistics.median(small_times):.3f} s -> "
          f"{len(docs)} documents {mine:.3f} s, x{growth:.1f} for x{len(docs) / len(small):.0f}")
    results["peak_mb"] = {"per_document": peak_memory(docs, True),
                          "streaming": peak_memory(docs, False)}
    print(f"peak traced memory of one streamed run: {results['peak_mb']['per_document']:.1f} MB "
          f"with per-document records, {results['peak_mb']['streaming']:.1f} MB without")
    ok = mine <= TARGET_SECONDS
    print(f"target: claimdesk median <= {TARGET_SECONDS:.0f} s for {len(docs)} documents: "
          f"{'met' if ok else 'MISSED'}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
