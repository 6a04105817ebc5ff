"""Assistant benchmark, store included: suggest and write pending suggestions into a project.

What is measured
----------------
The same N generated documents as ``bench/assist_bench.py`` (seeded; development stories
with shuffled paragraphs, swapped names, accents and emoji) are imported into a project with
the development actor registry (42 actors). Building it is not timed. Then, in the same run:

(A generated text that repeats an earlier one gets a "Ref." line, since a project holds a
text once.)

* **suggest + store** - ``desktop.suggesting.suggest_documents(project, "alice")`` on a fresh
  copy of that project: what ``claimdesk suggest PROJECT --annotator alice`` does. It streams
  every document with alice's layer a page at a time, runs the assistant (rules, registry,
  and the string recommender learned from alice's layer, empty here), and writes the pending
  spans, frames and their evidence through ``project.suggestions.write_many``, one
  transaction per 200 documents, with the change log.
* **re-suggest** - the same call again on that copy: every document's pending suggestions
  are read back and compared with the new ones; those proposed again stay as they are (the
  cost of running it a second time).
* **engine only** (baseline) - ``Suggester.suggest`` on the same documents in memory, nothing
  read or written: the floor the store adds to.

Each side runs ``--runs`` times (default 5); copying the project file is not timed. Min,
median and max seconds, documents per second and the ratio of the medians to the engine are
reported. Target: at least 200 documents per second for suggest + store (median).

Run from the repository root::

    .venv/bin/python bench/assist_store_bench.py [--docs 10000] [--runs 5] [--json F]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from assist_bench import ACTORS, SEED, generate  # noqa: E402

from desktop.assist.goldmarkup import load_actors  # noqa: E402
from desktop.core.model import Document  # noqa: E402
from desktop.core.offsets import sha256_text  # noqa: E402
from desktop.store import open_project  # noqa: E402
from desktop.suggesting import suggest_documents, suggester_for  # noqa: E402

TARGET_DOCS_PER_S = 200


def unique(docs: list[Document]) -> list[Document]:
    """A project holds a text once: a generated repeat gets a line of its own at the end."""
    seen: set[str] = set()
    out = []
    for d in docs:
        if d.sha256 in seen:
            text = f"{d.text}Ref. {d.id}\n"
            d = replace(d, text=text, sha256=sha256_text(text))
        seen.add(d.sha256)
        out.append(d)
    return out


def build(path: Path, n: int) -> int:
    docs = unique(generate(n))
    with open_project(path, create=True) as project, project.transaction():
        for actor in load_actors(ACTORS):
            project.actors.add(actor, who="bench")
        project.documents.insert_many(docs)
        project.annotations.ensure_annotator("alice")
    return sum(len(d.text) for d in docs) // len(docs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents (default 10000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per side (default 5)")
    parser.add_argument("--json", type=Path, help="also write the result as JSON here")
    args = parser.parse_args(argv)
    if args.docs < 1 or args.runs < 1:
        parser.error("--docs and --runs must be positive")
    with tempfile.TemporaryDirectory(prefix="claimdesk-assist-bench-") as tmp:
        base = Path(tmp) / "base.claimdesk"
        t0 = time.perf_counter()
        chars = build(base, args.docs)
        print(f"project with {args.docs} generated documents ({chars:,} characters each on "
              f"average, seed {SEED}) built in {time.perf_counter() - t0:.1f} s")
        times: dict[str, list[float]] = {"suggest + store": [], "re-suggest": [],
                                         "engine only": []}
        counts = (0, 0)
        for rep in range(args.runs):
            work = Path(tmp) / f"run{rep}.claimdesk"
            shutil.copyfile(base, work)
            with open_project(work) as project:
                docs = [ad.document for ad in project.iter_layers("alice")]
                suggester = suggester_for(project, "alice")
                t0 = time.perf_counter()
                for d in docs:
                    suggester.suggest(d)
                times["engine only"].append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                run = suggest_documents(project, "alice").value
                times["suggest + store"].append(time.perf_counter() - t0)
                counts = (run.spans, run.frames)
                t0 = time.perf_counter()
                again = suggest_documents(project, "alice").value
                times["re-suggest"].append(time.perf_counter() - t0)
                assert (again.new, again.withdrawn) == (0, 0)
            work.unlink()
            print(f"  run {rep + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s"
                                                   for k, v in times.items()))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"\nwritten per run: {counts[0]:,} pending spans, {counts[1]:,} pending frames")
    print(f"{'':<17}{'min s':>8}{'median s':>10}{'max s':>8}{'docs/s':>9}{'vs engine':>11}")
    for name, t in times.items():
        print(f"{name:<17}{min(t):>8.2f}{med[name]:>10.2f}{max(t):>8.2f}"
              f"{args.docs / med[name]:>9,.0f}{med[name] / med['engine only']:>11.2f}")
    rate = args.docs / med["suggest + store"]
    verdict = "OK" if rate >= TARGET_DOCS_PER_S else "BELOW TARGET"
    print(f"suggest + store {rate:,.0f} documents/s, target >= {TARGET_DOCS_PER_S}: {verdict}")
    if args.json is not None:
        args.json.write_text(json.dumps({
            "docs": args.docs, "runs": args.runs,
            **{k.replace(" ", "_").replace("+", "plus") + "_s": [round(x, 3) for x in v]
               for k, v in times.items()},
            "docs_per_s": round(rate, 1), "target_docs_per_s": TARGET_DOCS_PER_S},
            indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
