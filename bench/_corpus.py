"""The annotated benchmark corpus: seeded fictional articles with spans, frames and actors.

Each article (about 1.5 KB, some accented and Greek words and an occasional emoji) has 10 spans
(CLAIM, SOURCE, CUE and ACTOR), one attribution frame, one ``about`` relation and actor links,
status "done" for annotator ``alice``. ``write_annotated`` writes N of them as native JSONL
(streamed, any size); ``annotated_project`` imports that file once into a cached project
(through Claimdesk's own import) for the export benchmarks.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import _harness as h  # noqa: E402

SEED = 20240611
VERSION = 1
"""Bump when the generated corpus changes, so stale cached files are not reused."""
ANNOTATOR = "alice"
WORDS = ("the", "minister", "government", "said", "officials", "talks", "report", "week", "city",
         "council", "plan", "budget", "vote", "election", "party", "leader", "press", "agency",
         "statement", "économie", "Ελλάδα", "market", "crisis", "police", "court", "decision",
         "north", "south", "water", "energy")
NAMES = ["Anna Berg", "Carl Dorn", "Eva Fink", "Gus Hahn", "Ida Jung", "Kai Lenz"]
ACTORS = [{"id": f"a{i}", "name": name, "kind": "person", "aliases": [], "attrs": {}}
          for i, name in enumerate(NAMES, 1)]


def article(rng: random.Random, k: int) -> dict[str, Any]:
    """One native JSONL record: an article with 10 spans, a frame, a relation and actors."""
    parts: list[str] = []
    spans: list[dict[str, Any]] = []
    pos = 0

    def add(piece: str, label: str | None = None, actor: str | None = None) -> None:
        nonlocal pos
        if label:
            spans.append({"id": f"s{len(spans) + 1}", "label": label, "start": pos,
                          "end": pos + len(piece), "text": piece, "attrs": {},
                          "actor": actor})
        parts.append(piece)
        pos += len(piece)

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
    linked = sorted({s["actor"] for s in spans if s["actor"]})
    return {
        "id": f"doc-{k:07d}", "title": f"Report {k}", "text": "".join(parts),
        "meta": {"outlet": "Bench", "url": f"https://example.org/{k}"},
        "annotator": ANNOTATOR, "status": "done", "spans": spans,
        "frames": [{"id": "f1", "type": "attribution",
                    "roles": {"content": ["s1"], "source": ["s2"], "cue": ["s3"]},
                    "attrs": {}}],
        "relations": [{"id": "r1", "label": "about", "head": "s1", "tail": "s4",
                       "attrs": {}}],
        "actors": [ACTORS[int(a[1:]) - 1] for a in linked],
    }


def write_annotated(path: Path, n: int) -> None:
    rng = random.Random(SEED)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for k in range(n):
            fh.write(json.dumps(article(rng, k), ensure_ascii=False))
            fh.write("\n")


def annotated_jsonl(n: int, cache: Path) -> Path:
    """The cached native JSONL of ``n`` annotated articles."""
    path = cache / f"annotated-{n}-{SEED}-v{VERSION}.jsonl"
    return h.cached(path, lambda tmp: write_annotated(tmp, n))


def annotated_project(n: int, cache: Path) -> Path:
    """A cached project holding ``n`` annotated articles (imported by Claimdesk)."""
    jsonl = annotated_jsonl(n, cache)
    path = cache / f"annotated-{n}-{SEED}-v{VERSION}.claimdesk"

    def make(tmp: Path) -> None:
        from desktop.formats.importing import import_paths
        from desktop.store import open_project

        with open_project(tmp, create=True) as project:
            import_paths(project, [jsonl], fmt="jsonl", who="bench")
        for suffix in ("-wal", "-shm"):  # closed cleanly: the WAL is checkpointed
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)

    return h.cached(path, make)
