"""Inter-annotator agreement over a stream of documents.

Feed ``DocLayers`` (one document with the layers of the annotators who did it) to
``compute_agreement`` or, to stream from a store, to an ``AgreementAccumulator`` one at a time;
only per-pair and per-label tallies (and, unless switched off, one small record per document)
are kept. Definitions of every number are in docs/agreement.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from desktop.core.model import GOLD, DocStatus, Document, Layer, Span, SpanState
from desktop.core.validate import bounds_problems
from desktop.quality.chance import AlphaAccumulator, Category, category_runs, kappa_from_table
from desktop.quality.chance import segments as char_segments
from desktop.quality.frames import CONTENT_ROLE, compare_roles, counted_frames, match_frames
from desktop.quality.report import (
    ActorLinks,
    AgreementReport,
    AnnotatorStats,
    CharAgreement,
    Confusion,
    Counts,
    DocumentAgreement,
    DocumentPair,
    DocumentTally,
    FrameAgreement,
    LabelAgreement,
    LabelSummary,
    PairAgreement,
    RoleAgreement,
    as_float,
)
from desktop.quality.spans import counted_spans, match_spans

ACTOR_LABELS = ("ACTOR", "SOURCE")
"""Labels whose spans link to the actor registry in the default codebook."""


@dataclass(frozen=True, slots=True)
class DocLayers:
    """One document's length (in code points) and the layers to compare, by annotator."""

    doc_id: str
    length: int
    layers: Mapping[str, Layer]

    @classmethod
    def of(cls, document: Document, layers: Iterable[Layer]) -> DocLayers:
        return cls(document.id, len(document.text), {layer.annotator: layer for layer in layers})


class _Prepared:
    """One layer of one document, as the comparisons need it."""

    __slots__ = ("by_label", "frames", "runs", "spans")

    def __init__(self, doc: DocLayers, name: str, layer: Layer, labels: Collection[str] | None,
                 content_role: str) -> None:
        for span in layer.spans:
            for problem in bounds_problems(span.fragments, doc.length, listed=True):
                raise ValueError(f"document {doc.doc_id!r}, layer {name!r}, span "
                                 f"{span.id!r} ({span.start}..{span.end}): {problem.message}")
        self.spans = counted_spans(layer, labels)
        self.by_label = Counter(s.label for s in self.spans)
        self.runs = category_runs(self.spans)
        accepted = {s.id: s for s in layer.spans if s.state is SpanState.ACCEPTED}
        self.frames = counted_frames(layer.frames, accepted, content_role)


class _PairTally:
    """Running counts for one ordered pair of annotators."""

    def __init__(self) -> None:
        self.documents = 0
        self.exact: dict[str, list[int]] = {}  # label -> [matched, a, b]
        self.overlap: dict[str, list[int]] = {}
        self.table: Counter[tuple[Category, Category]] = Counter()
        self.label_chars: dict[str, list[int]] = {}  # label -> [both, a, b]
        self.frames = [0, 0, 0]
        self.full = 0
        self.roles: dict[str, list[int]] = {}  # role -> [matched, a, b, agreed, frames]
        self.actors: Counter[str] = Counter()
        self.confusion: Counter[tuple[str | None, str | None]] = Counter()


def _add(tally: dict[str, list[int]], key: str, *values: int) -> None:
    row = tally.get(key)
    if row is None:
        tally[key] = list(values)
    else:
        for i, v in enumerate(values):
            row[i] += v


def _link(a: Span, b: Span) -> str:
    if a.actor is None and b.actor is None:
        return "neither"
    if a.actor is None:
        return "only_b"
    if b.actor is None:
        return "only_a"
    return "same" if a.actor == b.actor else "different"


class AgreementAccumulator:
    """Streaming agreement: ``add`` documents one at a time, then ``report()``.

    ``annotators``: whose layers count, in the order pairs are formed (``a`` before ``b``);
    default: every annotator seen except the gold layer, sorted by name. ``labels``: only spans
    with these labels count (frames are always compared whole). ``statuses``: a layer counts
    only when its document status is one of these (default: every layer given counts).
    ``actor_labels``: labels whose paired spans (overlap-matched, or a cross-label pair of two
    such labels) are compared on their actor links.
    """

    def __init__(self, *, annotators: Sequence[str] | None = None,
                 labels: Sequence[str] | None = None,
                 statuses: Collection[DocStatus] | None = None,
                 actor_labels: Collection[str] = ACTOR_LABELS,
                 content_role: str = CONTENT_ROLE, per_document: bool = True) -> None:
        if isinstance(annotators, str) or isinstance(labels, str):
            raise TypeError("annotators and labels are sequences of names, not one string")
        if annotators is not None and len(set(annotators)) != len(annotators):
            raise ValueError("an annotator is listed twice")
        self._order = None if annotators is None else {n: i for i, n in enumerate(annotators)}
        self._label_filter = None if labels is None else tuple(dict.fromkeys(labels))
        self._labels = None if labels is None else frozenset(labels)
        self._statuses = None if statuses is None else frozenset(statuses)
        self._actor_labels = frozenset(actor_labels)
        self._content_role = content_role
        self._per_document = per_document
        self._seen: set[str] = set()
        self._labels_seen: set[str] = set()
        self._pairs: dict[tuple[str, str], _PairTally] = {}
        self._alpha = AlphaAccumulator()
        self._docs: list[DocumentAgreement] = []
        self._total = self._compared = self._single = self._none = 0
        self._single_by: Counter[str] = Counter()
        self._stats_docs: Counter[str] = Counter()
        self._stats_frames: Counter[str] = Counter()
        self._stats_spans: dict[str, Counter[str]] = {}

    def _selected(self, doc: DocLayers) -> list[str]:
        names = [n for n, layer in doc.layers.items()
                 if (n in self._order if self._order is not None else n != GOLD)
                 and (self._statuses is None or layer.status in self._statuses)]
        order = self._order
        return sorted(names) if order is None else sorted(names, key=order.__getitem__)

    def add(self, doc: DocLayers) -> None:
        """Take one document into account."""
        self._total += 1
        names = self._selected(doc)
        prepared = {n: _Prepared(doc, n, doc.layers[n], self._labels, self._content_role)
                    for n in names}
        for n, p in prepared.items():
            self._seen.add(n)
            self._stats_docs[n] += 1
            self._stats_frames[n] += len(p.frames)
            self._stats_spans.setdefault(n, Counter()).update(p.by_label)
            self._labels_seen.update(p.by_label)
        if len(names) < 2:
            if names:
                self._single += 1
                self._single_by[names[0]] += 1
            else:
                self._none += 1
            return
        self._compared += 1
        segs = list(char_segments([prepared[n].runs for n in names], doc.length))
        for width, cats in segs:
            self._alpha.add(width, cats)
        pairs = []
        for (i, a), (j, b) in combinations(enumerate(names), 2):
            tally = self._pairs.get((a, b))
            if tally is None:
                tally = self._pairs[(a, b)] = _PairTally()
            pairs.append(self._add_pair(tally, a, b, prepared[a], prepared[b], segs, i, j))
        if self._per_document:
            self._docs.append(DocumentAgreement(doc.doc_id, tuple(names), tuple(pairs)))

    def _add_pair(self, t: _PairTally, a: str, b: str, pa: _Prepared, pb: _Prepared,
                  segs: Sequence[tuple[int, tuple[Category, ...]]], i: int, j: int
                  ) -> DocumentPair:
        t.documents += 1
        m = match_spans(pa.spans, pb.spans)
        ov: Counter[str] = Counter(x.label for x, _ in m.same)
        exact = overlap = Counts()
        for label in pa.by_label.keys() | pb.by_label.keys():
            na, nb = pa.by_label.get(label, 0), pb.by_label.get(label, 0)
            _add(t.exact, label, m.exact[label], na, nb)
            _add(t.overlap, label, ov[label], na, nb)
            exact += Counts(m.exact[label], na, nb)
            overlap += Counts(ov[label], na, nb)
        for x, y in m.same:
            t.confusion[(x.label, x.label)] += 1
            if x.label in self._actor_labels:
                t.actors[_link(x, y)] += 1
        for x, y in m.cross:
            t.confusion[(x.label, y.label)] += 1
            if x.label in self._actor_labels and y.label in self._actor_labels:
                t.actors[_link(x, y)] += 1  # "Ida" as SOURCE vs ACTOR: the link still compares
        for x in m.only_a:
            t.confusion[(x.label, None)] += 1
        for y in m.only_b:
            t.confusion[(None, y.label)] += 1

        table: Counter[tuple[Category, Category]] = Counter()
        for width, cats in segs:
            ca, cb = cats[i], cats[j]
            table[(ca, cb)] += width
            if ca or cb:
                for label in set(ca) | set(cb):
                    in_a, in_b = label in ca, label in cb
                    _add(t.label_chars, label, width if in_a and in_b else 0,
                         width if in_a else 0, width if in_b else 0)
        t.table.update(table)

        fpairs = match_frames(pa.frames, pb.frames)
        frames = Counts(len(fpairs), len(pa.frames), len(pb.frames))
        t.frames[0] += frames.matched
        t.frames[1] += frames.a
        t.frames[2] += frames.b
        for fi, fj in fpairs:
            roles = compare_roles(pa.frames[fi], pb.frames[fj], self._content_role)
            if all(r.agrees for r in roles.values()):
                t.full += 1
            for role, r in roles.items():
                _add(t.roles, role, r.matched, r.a, r.b, int(r.agrees), 1)
        return DocumentPair(a, b, exact, overlap, frames, as_float(kappa_from_table(table)))

    def report(self) -> AgreementReport:
        """The results so far (the accumulator can keep taking documents afterwards)."""
        names = tuple(self._order) if self._order is not None else tuple(sorted(self._seen))
        labels = (self._label_filter if self._label_filter is not None
                  else tuple(sorted(self._labels_seen)))
        pairs = tuple(self._pair_report(a, b, self._pairs.get((a, b)) or _PairTally(), labels)
                      for a, b in combinations(names, 2))
        per_label = {}
        for label in labels:
            exact = overlap = Counts()
            for p in pairs:
                exact += p.per_label[label].exact
                overlap += p.per_label[label].overlap
            per_label[label] = LabelSummary(exact, overlap,
                                            as_float(self._alpha.alpha_label(label)))
        return AgreementReport(
            annotators=names,
            labels=labels,
            label_filter=self._label_filter,
            documents=DocumentTally(self._total, self._compared, self._single, self._none,
                                    dict(sorted(self._single_by.items()))),
            alpha=as_float(self._alpha.alpha()),
            alpha_coded=as_float(self._alpha.alpha_coded()),
            alpha_units=self._alpha.units,
            pairs=pairs,
            per_label=per_label,
            per_document=tuple(self._docs),
            annotator_stats={n: AnnotatorStats(
                self._stats_docs[n],
                dict(sorted(self._stats_spans.get(n, Counter()).items())),
                self._stats_frames[n]) for n in names},
        )

    def _pair_report(self, a: str, b: str, t: _PairTally, labels: Sequence[str]
                     ) -> PairAgreement:
        units = sum(t.table.values())
        agreed = sum(w for (x, y), w in t.table.items() if x == y)
        uncoded = t.table.get(((), ()), 0)
        coded_table = {k: w for k, w in t.table.items() if k != ((), ())}
        chars = CharAgreement(units, agreed, units - uncoded, agreed - uncoded,
                              as_float(kappa_from_table(t.table)),
                              as_float(kappa_from_table(coded_table)))
        per_label = {}
        for label in labels:
            both, na, nb = t.label_chars.get(label, [0, 0, 0])
            binary = {(True, True): both, (True, False): na - both, (False, True): nb - both,
                      (False, False): units - na - nb + both}
            per_label[label] = LabelAgreement(
                Counts(*t.exact.get(label, [0, 0, 0])), Counts(*t.overlap.get(label, [0, 0, 0])),
                Counts(both, na, nb), as_float(kappa_from_table(binary)))
        exact = sum((Counts(*v) for v in t.exact.values()), Counts())
        overlap = sum((Counts(*v) for v in t.overlap.values()), Counts())
        frames = FrameAgreement(
            Counts(*t.frames), Counts(t.full, t.frames[1], t.frames[2]),
            {role: RoleAgreement(Counts(m, x, y), agreed_, n)
             for role, (m, x, y, agreed_, n) in sorted(t.roles.items())})
        pair_alpha = AlphaAccumulator()
        for (x, y), w in t.table.items():
            pair_alpha.add(w, (x, y))
        return PairAgreement(
            a=a, b=b, documents=t.documents, exact=exact, overlap=overlap, chars=chars,
            per_label=per_label, frames=frames,
            actors=ActorLinks(**{k: t.actors[k] for k in
                                 ("same", "different", "only_a", "only_b", "neither")}),
            confusion=Confusion(dict(sorted(t.confusion.items(), key=_confusion_key))),
            alpha=as_float(pair_alpha.alpha()))


def _confusion_key(item: tuple[tuple[str | None, str | None], int]) -> tuple[str, str]:
    (x, y), _ = item
    return (x or "\U0010ffff", y or "\U0010ffff")


def compute_agreement(docs: Iterable[DocLayers], *, annotators: Sequence[str] | None = None,
                      labels: Sequence[str] | None = None,
                      statuses: Collection[DocStatus] | None = None,
                      actor_labels: Collection[str] = ACTOR_LABELS,
                      content_role: str = CONTENT_ROLE,
                      per_document: bool = True) -> AgreementReport:
    """Agreement over ``docs``; see ``AgreementAccumulator`` for the options."""
    acc = AgreementAccumulator(annotators=annotators, labels=labels, statuses=statuses,
                               actor_labels=actor_labels, content_role=content_role,
                               per_document=per_document)
    for doc in docs:
        acc.add(doc)
    return acc.report()
