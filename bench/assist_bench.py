"""Assistant benchmark: rule suggestions over 10,000 documents, against a regex quote scan.

What is measured
----------------
N deterministic (seeded) documents are generated from the development stories in
``tests/data/assist/dev`` (markup removed): each takes one story, keeps its headline, shuffles
its paragraphs, swaps a few person and place names for others, and now and then adds an
accented word or an emoji. The documents average about 270 words (1.6 KB). Generation is not
timed. Then, in the same run:

* **claimdesk** - ``desktop.assist.Suggester(codebook, actors=registry).suggest(doc)`` for
  every document (built once, as the CLI and the GUI do): tokens, sentences, quotations,
  cues, sources, clauses and frames, registry mentions (the 42 actors of the development
  registry), and the core ``Span``/``Frame`` objects with fresh ids, attributes checked
  against the codebook and offsets widened to grapheme clusters. With ``--learned`` a string
  recommender that learned every gold span of the development stories takes part too.
* **baseline** - one ``re.findall`` per document of a pattern for straight, curly and
  guillemet quotations: the floor for "find the quotes", with no cue, source, clause, frame or
  span object.

Each side runs ``--runs`` times (default 5), alternating which goes first; min, median and max
wall-clock seconds, documents per second and the ratio of the medians (claimdesk / baseline)
are reported. Target: at least 200 documents per second for claimdesk (median).

Run from the repository root::

    .venv/bin/python bench/assist_bench.py [--docs 10000] [--runs 5] [--learned] [--json F]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.assist.engine import Learned, Suggester  # noqa: E402
from desktop.assist.goldmarkup import iter_stories, load_actors  # noqa: E402
from desktop.assist.recommender import StringRecommender  # noqa: E402
from desktop.core.codebook import load_codebook  # noqa: E402
from desktop.core.model import Document  # noqa: E402
from desktop.core.offsets import sha256_text  # noqa: E402
from desktop.resources import default_codebook_path  # noqa: E402

TARGET_DOCS_PER_S = 200
SEED = 20250302
DEV = ROOT / "tests" / "data" / "assist" / "dev"
ACTORS = ROOT / "tests" / "data" / "assist" / "actors.toml"
QUOTES = re.compile(r'"[^"\n]*"|“[^”\n]*”|«[^»\n]*»')
SWAPS = {"Varga": ["Lenz", "Okafor", "Brandt"], "Brask": ["Holm", "Dovre"],
         "Kostic": ["Petrov", "Ilic"], "Lomira": ["Tarsk", "Avren", "Havstad"],
         "Halloran": ["Sandu", "Ferris"], "Pell": ["Stolt", "Ahl"]}
EXTRAS = (" (café)", " Ελλάδα", " 😀", " Ünal", " 🇫🇷")


def generate(n: int) -> list[Document]:
    stories = [s.document.text for s in iter_stories(DEV)]
    rng = random.Random(SEED)
    docs = []
    for k in range(n):
        title, *body = rng.choice(stories).split("\n")
        paragraphs = [p for p in body if p.strip()]
        rng.shuffle(paragraphs)
        text = "\n\n".join([title, *paragraphs]) + "\n"
        for name, others in SWAPS.items():
            if rng.random() < 0.4:
                text = text.replace(name, rng.choice(others))
        if rng.random() < 0.3:
            cut = text.find(". ", rng.randrange(len(text)))
            if cut > 0:
                text = text[:cut + 1] + rng.choice(EXTRAS) + text[cut + 1:]
        docs.append(Document(id=f"b{k}", title=title, text=text, sha256=sha256_text(text)))
    return docs


def run(work: Callable[[Document], object], docs: Sequence[Document]) -> float:
    t0 = time.perf_counter()
    for d in docs:
        work(d)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents (default 10000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per side (default 5)")
    parser.add_argument("--learned", action="store_true",
                        help="add a string recommender learned from the development gold")
    parser.add_argument("--json", type=Path, help="also write the result as JSON here")
    args = parser.parse_args(argv)
    if args.docs < 1 or args.runs < 1:
        parser.error("--docs and --runs must be positive")

    t0 = time.perf_counter()
    docs = generate(args.docs)
    words = sum(len(d.text.split()) for d in docs) / len(docs)
    chars = sum(len(d.text) for d in docs) / len(docs)
    print(f"generated {len(docs)} documents, {words:.0f} words ({chars:,.0f} characters) "
          f"each on average ({time.perf_counter() - t0:.1f} s, seed {SEED})")
    learned = None
    if args.learned:
        rec = StringRecommender.from_layers((s.document, s.layer) for s in iter_stories(DEV))
        learned = Learned(strings=rec)
        print(f"string recommender with {len(rec.phrases())} learned phrases")
    suggester = Suggester(load_codebook(default_codebook_path()), actors=load_actors(ACTORS),
                          learned=learned)
    sample = [suggester.suggest(d) for d in docs[:200]]
    print(f"per document (first 200): {sum(len(s.spans) for s in sample) / 200:.1f} spans, "
          f"{sum(len(s.frames) for s in sample) / 200:.1f} frames suggested")

    sides: dict[str, Callable[[Document], object]] = {
        "claimdesk": suggester.suggest, "baseline": lambda d: QUOTES.findall(d.text)}
    times: dict[str, list[float]] = {name: [] for name in sides}
    for rep in range(args.runs):
        order = list(sides) if rep % 2 == 0 else list(reversed(sides))
        for name in order:
            times[name].append(run(sides[name], docs))
        print(f"  run {rep + 1}: claimdesk {times['claimdesk'][-1]:.3f} s, "
              f"baseline {times['baseline'][-1]:.3f} s")

    med = {name: statistics.median(t) for name, t in times.items()}
    print()
    print(f"{'':<12}{'min s':>9}{'median s':>10}{'max s':>9}{'docs/s':>10}")
    for name, t in times.items():
        print(f"{name:<12}{min(t):>9.3f}{med[name]:>10.3f}{max(t):>9.3f}"
              f"{len(docs) / med[name]:>10,.0f}")
    rate = len(docs) / med["claimdesk"]
    ratio = med["claimdesk"] / med["baseline"]
    verdict = "OK" if rate >= TARGET_DOCS_PER_S else "BELOW TARGET"
    print(f"ratio claimdesk / baseline (medians): {ratio:.1f}")
    print(f"claimdesk {rate:,.0f} documents/s, target >= {TARGET_DOCS_PER_S}: {verdict}")
    if args.json is not None:
        result = {"docs": len(docs), "runs": args.runs, "learned": args.learned,
                  "claimdesk_s": [round(x, 4) for x in times["claimdesk"]],
                  "baseline_s": [round(x, 4) for x in times["baseline"]],
                  "docs_per_s": round(rate, 1), "ratio": round(ratio, 2),
                  "target_docs_per_s": TARGET_DOCS_PER_S}
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
