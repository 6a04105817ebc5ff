"""Precision, recall and F1 of suggestions against an annotated layer.

Match definitions (docs/assist.md):

* span, exact: same label and same fragments. Fragments separated only by whitespace are
  joined first, so a quotation over two paragraphs marked as one stretch or as one stretch
  per paragraph is the same span.
* span, overlap: same label and at least one shared character (one-to-one, greedy).
* frame, content+source: the content spans match exactly and the sets of source spans are
  equal (exact span match); a frame with no source matches only a frame with no source.
  The cue is not compared; "content+source+cue" also requires equal cue sets.
* frame, overlap: content spans overlap, and the sources pair off one-to-one by overlap.
* direct-quote CLAIM recall: gold CLAIMs with form=direct that a suggested CLAIM matches
  exactly.

Run over a folder of gold-markup stories::

    python -m desktop.assist.evaluate DIR [--actors FILE] [--json] [--errors] [--skip-bad]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.model import Document, Fragment, Frame, Layer, Span

Key = tuple[str, tuple[Fragment, ...]]
LABELS = ("CLAIM", "SOURCE", "CUE", "ACTOR")


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass(slots=True)
class Ratio:
    hit: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.hit / self.total if self.total else 0.0


@dataclass(slots=True)
class Report:
    """Scores summed over documents (micro-averaged)."""

    documents: int = 0
    exact: dict[str, Counts] = field(default_factory=dict)
    overlap: dict[str, Counts] = field(default_factory=dict)
    frames: Counts = field(default_factory=Counts)
    frames_overlap: Counts = field(default_factory=Counts)
    frames_full: Counts = field(default_factory=Counts)
    direct_recall: Ratio = field(default_factory=Ratio)
    form_accuracy: Ratio = field(default_factory=Ratio)
    anonymity_accuracy: Ratio = field(default_factory=Ratio)
    errors: list[str] = field(default_factory=list)

    def label(self, name: str) -> Counts:
        return self.exact.setdefault(name, Counts())

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "labels": {k: v.as_dict() for k, v in sorted(self.exact.items())},
            "labels_overlap": {k: v.as_dict() for k, v in sorted(self.overlap.items())},
            "frames_content_source": self.frames.as_dict(),
            "frames_content_source_overlap": self.frames_overlap.as_dict(),
            "frames_content_source_cue": self.frames_full.as_dict(),
            "cue_f1": round(self.label("CUE").f1, 4),
            "direct_claim_recall": {"matched": self.direct_recall.hit,
                                    "total": self.direct_recall.total,
                                    "recall": round(self.direct_recall.value, 4)},
            "form_accuracy": round(self.form_accuracy.value, 4),
            "anonymity_accuracy": round(self.anonymity_accuracy.value, 4),
        }

    def format(self) -> str:
        rows = ["label      exact P    R     F1   | overlap P    R     F1   |  gold  pred"]
        for name in sorted(self.exact):
            e, o = self.exact[name], self.overlap.get(name, Counts())
            rows.append(f"{name:<10} {e.precision:6.3f} {e.recall:5.3f} {e.f1:5.3f} |"
                        f"         {o.precision:5.3f} {o.recall:5.3f} {o.f1:5.3f} |"
                        f" {e.tp + e.fn:5d} {e.tp + e.fp:5d}")
        for name, c in (("frames c+s", self.frames), ("frames ovl", self.frames_overlap),
                        ("frames c+s+cue", self.frames_full)):
            rows.append(f"{name:<14} P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}"
                        f"   (gold {c.tp + c.fn}, suggested {c.tp + c.fp})")
        d = self.direct_recall
        rows.append(f"direct-quote CLAIM recall {d.value:.3f} ({d.hit}/{d.total})")
        rows.append(f"cue F1 {self.label('CUE').f1:.3f}")
        rows.append(f"form accuracy on matched CLAIMs {self.form_accuracy.value:.3f}, "
                    f"anonymity accuracy on matched SOURCEs {self.anonymity_accuracy.value:.3f}")
        rows.append(f"documents {self.documents}")
        return "\n".join(rows)


def normal_fragments(text: str, fragments: Sequence[Fragment]) -> tuple[Fragment, ...]:
    """Fragments with whitespace-only gaps joined."""
    out: list[Fragment] = []
    for s, e in fragments:
        if out and not text[out[-1][1]:s].strip():
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return tuple(out)


def _key(text: str, span: Span) -> Key:
    return (span.label, normal_fragments(text, span.fragments))


def _overlap(a: Sequence[Fragment], b: Sequence[Fragment]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def evaluate_document(report: Report, doc: Document, gold: Layer, pred: Layer) -> None:
    """Add one document's scores to ``report``."""
    text = doc.text
    report.documents += 1
    gold_keys = {s.id: _key(text, s) for s in gold.spans}
    pred_keys = {s.id: _key(text, s) for s in pred.spans}
    gold_by_key = {gold_keys[s.id]: s for s in gold.spans}
    pred_by_key = {pred_keys[s.id]: s for s in pred.spans}
    labels = {s.label for s in gold.spans} | {s.label for s in pred.spans} | set(LABELS)
    for label in labels:
        g = {k for k in gold_by_key if k[0] == label}
        p = {k for k in pred_by_key if k[0] == label}
        c = report.label(label)
        c.tp += len(g & p)
        c.fp += len(p - g)
        c.fn += len(g - p)
        for k in sorted(g - p):
            report.errors.append(f"{doc.id}: missed {label} {text_of(text, k)!r}")
        for k in sorted(p - g):
            report.errors.append(f"{doc.id}: extra  {label} {text_of(text, k)!r}")
        report.overlap.setdefault(label, Counts()).add(_overlap_counts(list(g), list(p)))
    for k, gs in gold_by_key.items():
        ps = pred_by_key.get(k)
        if gs.label == "CLAIM" and gs.attrs.get("form") == "direct":
            report.direct_recall.total += 1
            report.direct_recall.hit += ps is not None
        for attr, ratio in (("form", report.form_accuracy),
                            ("anonymity", report.anonymity_accuracy)):
            if ps is not None and attr in gs.attrs:
                ratio.total += 1
                ratio.hit += ps.attrs.get(attr) == gs.attrs[attr]
    gf = _frames(gold, gold_keys)
    pf = _frames(pred, pred_keys)
    report.frames.add(_frame_counts(gf, pf, with_cue=False))
    report.frames_full.add(_frame_counts(gf, pf, with_cue=True))
    report.frames_overlap.add(_frame_overlap_counts(gf, pf))
    gold_frames = {f[0]: f for f in gf}
    for f in pf:
        gfr = gold_frames.get(f[0])
        if gfr is not None and gfr[1] != f[1]:
            report.errors.append(
                f"{doc.id}: frame {text_of(text, f[0])[:40]!r} sources "
                f"{sorted(text_of(text, k) for k in f[1])} (gold "
                f"{sorted(text_of(text, k) for k in gfr[1])})")


def text_of(text: str, key: Key) -> str:
    return " ".join(text[s:e] for s, e in key[1])


_FrameKey = tuple[Key, frozenset[Key], frozenset[Key]]


def _frames(layer: Layer, keys: dict[str, Key]) -> list[_FrameKey]:
    out = []
    for f in layer.frames:
        content = f.roles.get("content", ())
        if len(content) != 1 or content[0] not in keys:
            continue
        out.append((keys[content[0]], _role(f, "source", keys), _role(f, "cue", keys)))
    return out


def _role(f: Frame, role: str, keys: dict[str, Key]) -> frozenset[Key]:
    return frozenset(keys[sid] for sid in f.roles.get(role, ()) if sid in keys)


def _frame_counts(gold: list[_FrameKey], pred: list[_FrameKey], *, with_cue: bool) -> Counts:
    def sig(f: _FrameKey) -> tuple[Key, frozenset[Key], frozenset[Key] | None]:
        return (f[0], f[1], f[2] if with_cue else None)

    g = [sig(f) for f in gold]
    p = [sig(f) for f in pred]
    tp = 0
    remaining = list(p)
    for f in g:
        if f in remaining:
            remaining.remove(f)
            tp += 1
    return Counts(tp, len(p) - tp, len(g) - tp)


def _overlap_counts(gold: list[Key], pred: list[Key]) -> Counts:
    free = list(pred)
    tp = 0
    for g in gold:
        best = max(free, key=lambda p: _overlap(g[1], p[1]), default=None)
        if best is not None and _overlap(g[1], best[1]) > 0:
            free.remove(best)
            tp += 1
    return Counts(tp, len(pred) - tp, len(gold) - tp)


def _frame_overlap_counts(gold: list[_FrameKey], pred: list[_FrameKey]) -> Counts:
    free = list(pred)
    tp = 0
    for g in gold:
        best = max(free, key=lambda p: _overlap(g[0][1], p[0][1]), default=None)
        if best is None or _overlap(g[0][1], best[0][1]) == 0:
            continue
        if len(g[1]) == len(best[1]) and _overlap_counts(list(g[1]), list(best[1])).fn == 0:
            free.remove(best)
            tp += 1
    return Counts(tp, len(pred) - tp, len(gold) - tp)


def evaluate_pairs(items: Iterable[tuple[Document, Layer, Layer]]) -> Report:
    """Scores of (document, gold layer, suggested layer) triples."""
    report = Report()
    for doc, gold, pred in items:
        evaluate_document(report, doc, gold, pred)
    return report


def evaluate_folder(folder: str | Path, *, actors_file: str | Path | None = None,
                    learned: Any = None, skip_bad: bool = False,
                    warn: Callable[[str], None] | None = None) -> Report:
    """Suggest on every story of a gold-markup folder and score the suggestions.

    A story that does not parse raises ``InputError``; with ``skip_bad`` it is left out and
    ``warn`` gets the message.
    """
    from desktop.assist.engine import Suggester
    from desktop.assist.goldmarkup import find_actors_file, load_actors, load_story
    from desktop.core.codebook import load_codebook
    from desktop.core.errors import InputError
    from desktop.resources import default_codebook_path

    path = actors_file or find_actors_file(folder)
    actors = load_actors(path) if path else []
    suggester = Suggester(load_codebook(default_codebook_path()), actors=actors,
                          learned=learned)
    stories = []
    for p in sorted(Path(folder).glob("*.txt")):
        if p.name.startswith("."):
            continue
        try:
            stories.append(load_story(p))
        except InputError as exc:
            if not skip_bad:
                raise
            if warn is not None:
                warn(str(exc))
    return evaluate_pairs((s.document, s.layer, suggester.suggest(s.document).layer())
                          for s in stories)


def main(argv: Sequence[str] | None = None) -> int:
    from desktop.core.errors import ClaimdeskError

    parser = argparse.ArgumentParser(
        prog="python -m desktop.assist.evaluate",
        description="Score the assistant's rule suggestions against a folder of gold-markup "
                    "stories (NN-name.txt; actors.toml/.json in the folder or its parent).")
    parser.add_argument("folder")
    parser.add_argument("--actors", help="actor registry file (TOML, JSON or JSON lines)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--errors", action="store_true",
                        help="also list every missed and extra span and wrong frame")
    parser.add_argument("--skip-bad", action="store_true",
                        help="leave out stories whose markup does not parse (with a warning)")
    args = parser.parse_args(argv)
    if not Path(args.folder).is_dir():
        print(f"evaluate: {args.folder}: not a folder", file=sys.stderr)
        return 2
    try:
        report = evaluate_folder(args.folder, actors_file=args.actors, skip_bad=args.skip_bad,
                                 warn=lambda m: print(f"warning: {m}", file=sys.stderr))
    except ClaimdeskError as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return 2
    if report.documents == 0:
        print(f"evaluate: {args.folder}: no *.txt stories", file=sys.stderr)
        return 2
    try:
        if args.json:
            out = report.to_json()
            if args.errors:
                out["errors"] = report.errors
            print(json.dumps(out, indent=2))
        else:
            print(report.format())
            if args.errors:
                print("\n".join(report.errors))
        sys.stdout.flush()
    except BrokenPipeError:  # piped into `head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
