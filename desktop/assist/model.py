"""A statistical span tagger trained on the project's own accepted spans (pure Python, CPU).

One averaged-perceptron BIO tagger per label (so an ACTOR may sit inside a CLAIM), over word
tokens, with features of the word, its shape and neighbours, whether it is inside a
quotation, and the cue lexicon. ``train`` runs in a worker thread: it reports progress and
checks for cancellation between documents, and it holds out a quarter of the annotated
documents to compare three things there: the rules alone, the model alone, and the rules with
the model's spans added where the rules have none. The model is used for a label only when
that combination beats the rules alone on the held-out documents; the scores stay in
``SpanModel.report`` for the GUI to show.

No optional dependency: a blank spaCy span categoriser would need the ``formats`` extra and
would learn its word vectors from the same few dozen documents; the perceptron trains in
seconds and its features say what it looks at.
"""

from __future__ import annotations

import hashlib
import math
import random
import time
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop.assist.engine import Cancel, Learned, ProgressFn, Proposal, Suggester
from desktop.assist.evaluate import Counts, Report, evaluate_document
from desktop.assist.lexicon import Lexicon, default_lexicon
from desktop.assist.quotes import find_quotes
from desktop.assist.textunits import Token, tokenize
from desktop.core.codebook import Codebook
from desktop.core.model import Actor, Document, Layer, Origin, Span, SpanState

TAGS = ("O", "B", "I")
FORMAT_VERSION = 1


class _Perceptron:
    """Averaged perceptron (weights averaged over every update step)."""

    def __init__(self) -> None:
        self.weights: dict[str, dict[str, float]] = {}
        self.scale = 1.0
        """The median margin of its non-O tags on the training data (see ``_spans``)."""
        self._totals: dict[tuple[str, str], float] = defaultdict(float)
        self._stamps: dict[tuple[str, str], int] = defaultdict(int)
        self.steps = 0

    def scores(self, features: Iterable[str]) -> dict[str, float]:
        out = dict.fromkeys(TAGS, 0.0)
        weights = self.weights
        for f in features:
            w = weights.get(f)
            if w:
                for tag, value in w.items():
                    out[tag] += value
        return out

    def update(self, truth: str, guess: str, features: Sequence[str]) -> None:
        self.steps += 1
        if truth == guess:
            return
        for f in features:
            w = self.weights.setdefault(f, {})
            for tag, delta in ((truth, 1.0), (guess, -1.0)):
                key = (f, tag)
                old = w.get(tag, 0.0)
                self._totals[key] += (self.steps - self._stamps[key]) * old
                self._stamps[key] = self.steps
                w[tag] = old + delta

    def average(self) -> None:
        for f, w in self.weights.items():
            for tag, value in list(w.items()):
                key = (f, tag)
                total = self._totals[key] + (self.steps - self._stamps[key]) * value
                avg = total / max(self.steps, 1)
                if abs(avg) < 1e-4:
                    del w[tag]
                else:
                    w[tag] = round(avg, 4)
        self.weights = {f: w for f, w in self.weights.items() if w}
        self._totals.clear()
        self._stamps.clear()


@dataclass(slots=True)
class _Doc:
    tokens: list[Token]
    features: list[list[str]]


def _shape(word: str) -> str:
    out: list[str] = []
    for ch in word[:6]:
        kind = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out)


def _prepare(text: str, lexicon: Lexicon) -> _Doc:
    tokens = tokenize(text)
    quotes = find_quotes(text)
    inq = [False] * len(tokens)
    qi = 0
    for i, t in enumerate(tokens):
        while qi < len(quotes) and quotes[qi].end <= t.start:
            qi += 1
        inq[i] = qi < len(quotes) and quotes[qi].start <= t.start < quotes[qi].end
    cue = [t.lower in lexicon.cue_words for t in tokens]
    lowers = [t.lower for t in tokens]
    n = len(tokens)
    last_cue = -99
    dist_before: list[int] = []
    for i in range(n):
        if cue[i] and not inq[i]:
            last_cue = i
        dist_before.append(i - last_cue)
    next_cue = 10 ** 6
    dist_after = [0] * n
    for i in range(n - 1, -1, -1):
        if cue[i] and not inq[i]:
            next_cue = i
        dist_after[i] = next_cue - i
    feats: list[list[str]] = []
    for i, t in enumerate(tokens):
        p1 = lowers[i - 1] if i else "<s>"
        p2 = lowers[i - 2] if i > 1 else "<s>"
        n1 = lowers[i + 1] if i + 1 < n else "</s>"
        n2 = lowers[i + 2] if i + 2 < n else "</s>"
        feats.append([
            "bias", f"w={t.lower}", f"s3={t.lower[-3:]}", f"sh={_shape(t.text)}",
            f"p1={p1}", f"p2={p2}", f"n1={n1}", f"n2={n2}", f"p1w={p1}|{t.lower}",
            f"q={inq[i]}", f"qp={inq[i - 1] if i else False}|{inq[i]}",
            f"qn={inq[i]}|{inq[i + 1] if i + 1 < n else False}",
            f"cue={cue[i]}", f"cp1={cue[i - 1] if i else False}",
            f"cn1={cue[i + 1] if i + 1 < n else False}",
            f"cap={t.capitalised}|{tokens[i - 1].capitalised if i else False}",
            f"db={min(dist_before[i], 8)}", f"da={min(dist_after[i], 8)}",
        ])
    return _Doc(tokens, feats)


def _gold_tags(doc: _Doc, layer: Layer, label: str) -> list[str]:
    tags = ["O"] * len(doc.tokens)
    ends = [t.end for t in doc.tokens]
    for span in layer.spans:
        if span.label != label or span.state == SpanState.REJECTED:
            continue
        for s, e in span.fragments:
            i = bisect_right(ends, s)  # the first token that ends after the fragment starts
            tag = "B"
            while i < len(doc.tokens) and doc.tokens[i].start < e:
                tags[i] = tag
                tag = "I"
                i += 1
    return tags


def _decode(model: _Perceptron, doc: _Doc) -> tuple[list[str], list[float]]:
    tags: list[str] = []
    margins: list[float] = []
    prev = "<s>"
    for feats in doc.features:
        context = [*feats, f"t-1={prev}", f"t-1w={prev}|{feats[1]}"]
        scores = model.scores(context)
        if prev == "O" or prev == "<s>":
            scores["I"] = -math.inf
        guess = max(TAGS, key=lambda t: scores[t])
        tags.append(guess)
        margins.append(scores[guess] - scores["O"] if guess != "O" else 0.0)
        prev = guess
    return tags, margins


def _spans(doc: _Doc, tags: Sequence[str], margins: Sequence[float], scale: float) -> list[
        tuple[int, int, float]]:
    """Spans with a score: the mean margin over the median training margin, squashed
    (a span at the median margin scores 0.73; comparable within one model only)."""
    out: list[tuple[int, int, float]] = []
    i = 0
    n = len(tags)
    while i < n:
        if tags[i] == "O":
            i += 1
            continue
        j = i + 1
        while j < n and tags[j] == "I":
            j += 1
        mean = sum(margins[i:j]) / (j - i)
        z = max(-30.0, min(30.0, mean / scale))
        out.append((doc.tokens[i].start, doc.tokens[j - 1].end, 1 / (1 + math.exp(-z))))
        i = j
    return out


@dataclass(frozen=True)
class ModelReport:
    """Held-out scores (exact span match) and what the model is used for."""

    train_documents: int
    held_out_documents: int
    rules: Mapping[str, Counts]
    model: Mapping[str, Counts]
    combined: Mapping[str, Counts]
    used: tuple[str, ...]
    seconds: float = 0.0
    epochs: int = 0

    def to_json(self) -> dict[str, Any]:
        def table(d: Mapping[str, Counts]) -> dict[str, Any]:
            return {k: v.as_dict() for k, v in sorted(d.items())}
        return {"train_documents": self.train_documents,
                "held_out_documents": self.held_out_documents, "epochs": self.epochs,
                "seconds": round(self.seconds, 2), "rules": table(self.rules),
                "model": table(self.model), "rules_plus_model": table(self.combined),
                "used_for": list(self.used)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ModelReport:
        def table(key: str) -> dict[str, Counts]:
            return {label: Counts(int(c["tp"]), int(c["fp"]), int(c["fn"]))
                    for label, c in dict(data.get(key, {})).items()}
        return cls(int(data["train_documents"]), int(data["held_out_documents"]),
                   table("rules"), table("model"), table("rules_plus_model"),
                   tuple(data.get("used_for", ())), float(data.get("seconds", 0.0)),
                   int(data.get("epochs", 0)))

    def format(self) -> str:
        rows = [f"held-out documents: {self.held_out_documents} "
                f"(trained on {self.train_documents})",
                "label    rules F1  model F1  rules+model F1  used"]
        for label in sorted(self.rules):
            rows.append(f"{label:<8} {self.rules[label].f1:8.3f} "
                        f"{self.model.get(label, Counts()).f1:9.3f} "
                        f"{self.combined.get(label, Counts()).f1:15.3f}  "
                        f"{'yes' if label in self.used else 'no'}")
        return "\n".join(rows)


@dataclass
class SpanModel:
    """A trained tagger; a ``Proposer`` for the labels in ``used``."""

    taggers: dict[str, _Perceptron]
    lexicon: Lexicon
    used: frozenset[str] = frozenset()
    report: ModelReport | None = None
    name: str = field(default="model", init=False)

    def predict(self, text: str) -> list[Proposal]:
        """Spans of every label the model knows (used or not)."""
        doc = _prepare(text, self.lexicon)
        out = []
        for label, tagger in sorted(self.taggers.items()):
            tags, margins = _decode(tagger, doc)
            out += [Proposal(label, s, e, round(score, 3), "perceptron tagger")
                    for s, e, score in _spans(doc, tags, margins, tagger.scale)]
        return out

    def propose(self, doc: Document) -> Sequence[Proposal]:
        return [p for p in self.predict(doc.text) if p.label in self.used]

    def to_json(self) -> dict[str, Any]:
        """Weights and report, for storing the model in the project."""
        return {"version": FORMAT_VERSION, "language": self.lexicon.language,
                "used": sorted(self.used),
                "weights": {label: t.weights for label, t in sorted(self.taggers.items())},
                "scales": {label: t.scale for label, t in sorted(self.taggers.items())},
                "report": self.report.to_json() if self.report else None}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], lexicon: Lexicon | None = None) -> SpanModel:
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"unknown model format {data.get('version')!r}")
        taggers = {}
        for label, weights in data["weights"].items():
            t = _Perceptron()
            t.weights = {f: dict(w) for f, w in weights.items()}
            t.scale = float(data.get("scales", {}).get(label, 1.0))
            taggers[label] = t
        report = data.get("report")
        return cls(taggers, lexicon or default_lexicon(str(data.get("language", "en"))),
                   frozenset(data.get("used", ())),
                   ModelReport.from_json(report) if report else None)


def _fit(docs: Sequence[tuple[_Doc, Layer]], labels: Sequence[str], epochs: int, seed: int,
         tick: Callable[[str], None]) -> dict[str, _Perceptron]:
    taggers = {label: _Perceptron() for label in labels}
    gold = [{label: _gold_tags(d, layer, label) for label in labels} for d, layer in docs]
    order = list(range(len(docs)))
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(order)
        for k in order:
            doc = docs[k][0]
            for label, tagger in taggers.items():
                truth = gold[k][label]
                prev = "<s>"
                for i, feats in enumerate(doc.features):
                    context = [*feats, f"t-1={prev}", f"t-1w={prev}|{feats[1]}"]
                    scores = tagger.scores(context)
                    if prev in ("O", "<s>"):
                        scores["I"] = -math.inf
                    guess = max(TAGS, key=lambda t: scores[t])
                    tagger.update(truth[i], guess, context)
                    prev = guess
            tick(f"epoch {epoch + 1}/{epochs}")
    for tagger in taggers.values():
        tagger.average()
        margins = sorted(m for d, _ in docs for tag, m in zip(*_decode(tagger, d), strict=True)
                         if tag != "O" and m > 0)
        tagger.scale = margins[len(margins) // 2] if margins else 1.0
    return taggers


def split_held_out(items: Sequence[tuple[Document, Layer]], fraction: float = 0.25) -> tuple[
        list[tuple[Document, Layer]], list[tuple[Document, Layer]]]:
    """A stable split by document id: the same documents are held out on every run."""
    def rank(item: tuple[Document, Layer]) -> str:
        return hashlib.sha256(item[0].id.encode("utf-8")).hexdigest()
    ordered = sorted(items, key=rank)
    n_out = max(1, round(len(ordered) * fraction)) if len(ordered) > 1 else 0
    return ordered[n_out:], ordered[:n_out]


def train(items: Sequence[tuple[Document, Layer]], codebook: Codebook, *,
          actors: Sequence[Actor] = (), lexicon: Lexicon | None = None, epochs: int = 6,
          held_out: float = 0.25, seed: int = 0, refit: bool = True,
          progress: ProgressFn | None = None, cancel: Cancel | None = None) -> SpanModel:
    """Train on (document, accepted layer) pairs and decide where the model is used.

    Raises ``desktop.core.errors.Cancelled`` (from ``cancel.check()``) when cancelled.
    """
    started = time.monotonic()
    lex = lexicon or default_lexicon()
    accepted = [(doc, _accepted(layer)) for doc, layer in items]
    labels = sorted({s.label for _, layer in accepted for s in layer.spans
                     if codebook.label(s.label) is not None})
    train_items, test_items = split_held_out(accepted, held_out)
    total = epochs * (len(train_items) + (len(accepted) if refit else 0))
    done = 0

    def tick(message: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, message)
        if cancel is not None:
            cancel.check()

    prepared = {doc.id: _prepare(doc.text, lex) for doc, _ in accepted}
    if cancel is not None:
        cancel.check()
    taggers = _fit([(prepared[d.id], layer) for d, layer in train_items], labels, epochs,
                   seed, tick)
    trial = SpanModel(taggers, lex, frozenset(labels))
    report = _compare(trial, test_items, codebook, actors, lex, labels, len(train_items))
    if refit and test_items:
        taggers = _fit([(prepared[d.id], layer) for d, layer in accepted], labels, epochs,
                       seed, tick)
    report = ModelReport(report.train_documents, report.held_out_documents, report.rules,
                         report.model, report.combined, report.used,
                         time.monotonic() - started, epochs)
    return SpanModel(taggers, lex, frozenset(report.used), report)


def _accepted(layer: Layer) -> Layer:
    return Layer(annotator=layer.annotator, status=layer.status,
                 spans=tuple(s for s in layer.spans if s.state == SpanState.ACCEPTED),
                 frames=layer.frames, relations=layer.relations)


def _compare(model: SpanModel, items: Sequence[tuple[Document, Layer]], codebook: Codebook,
             actors: Sequence[Actor], lexicon: Lexicon, labels: Sequence[str],
             n_train: int) -> ModelReport:
    rules_only = Suggester(codebook, actors=actors, lexicon=lexicon)
    with_model = Suggester(codebook, actors=actors, lexicon=lexicon,
                           learned=Learned(model=model))
    reports = {"rules": Report(), "model": Report(), "combined": Report()}
    for doc, gold in items:
        evaluate_document(reports["rules"], doc, gold, rules_only.suggest(doc).layer())
        evaluate_document(reports["combined"], doc, gold, with_model.suggest(doc).layer())
        alone = tuple(Span.from_text(doc.text, id=f"m{i}", label=p.label,
                                     fragments=((p.start, p.end),), origin=Origin.SUGGESTED)
                      for i, p in enumerate(model.predict(doc.text)))
        evaluate_document(reports["model"], doc, gold, Layer("model", spans=alone))

    def table(r: Report) -> dict[str, Counts]:
        return {label: r.exact.get(label, Counts()) for label in labels}

    rules, combined = table(reports["rules"]), table(reports["combined"])
    used = tuple(label for label in labels if items and combined[label].f1 > rules[label].f1)
    return ModelReport(n_train, len(items), rules, table(reports["model"]), combined, used)
