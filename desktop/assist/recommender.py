"""String-matching recommender: a phrase labelled once is proposed wherever it recurs.

Like INCEpTION's string matcher: every accepted span teaches (label, exact text); a rejected
span counts against it. A phrase is proposed, on word boundaries and case-sensitively, in any
document where it occurs, with score ``(accepted + 1) / (accepted + rejected + 2)`` (one
acceptance gives 0.67; proposals below ``min_score`` are dropped). When annotators gave one
phrase several labels, the label with the best score wins.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from desktop.assist.engine import Proposal
from desktop.assist.gazetteer import PhraseMatcher
from desktop.core.model import Document, Layer, SpanState


@dataclass(frozen=True, slots=True)
class LearnedPhrase:
    label: str
    text: str
    accepted: int
    rejected: int

    @property
    def score(self) -> float:
        return (self.accepted + 1) / (self.accepted + self.rejected + 2)


class StringRecommender:
    """Learns (label, phrase) pairs from annotated layers; proposes them elsewhere."""

    name = "strings"

    def __init__(self, *, labels: Collection[str] | None = None, min_chars: int = 2,
                 max_chars: int = 80, min_score: float = 0.5) -> None:
        self.labels = frozenset(labels) if labels is not None else None
        self.min_chars = min_chars
        self.max_chars = max_chars
        self.min_score = min_score
        self._accepted: Counter[tuple[str, str]] = Counter()
        self._rejected: Counter[tuple[str, str]] = Counter()
        self._matcher: PhraseMatcher[LearnedPhrase] | None = None

    @classmethod
    def from_layers(cls, items: Iterable[tuple[Document, Layer]], *,
                    labels: Collection[str] | None = None, min_chars: int = 2,
                    max_chars: int = 80, min_score: float = 0.5) -> StringRecommender:
        """A recommender that learned from every (document, layer) pair."""
        rec = cls(labels=labels, min_chars=min_chars, max_chars=max_chars,
                  min_score=min_score)
        for doc, layer in items:
            rec.learn(doc, layer)
        return rec

    @classmethod
    def from_counts(cls, counts: Iterable[tuple[str, str, int, int]], *,
                    labels: Collection[str] | None = None, min_chars: int = 2,
                    max_chars: int = 80, min_score: float = 0.5) -> StringRecommender:
        """A recommender from ``(label, span text, accepted, rejected)`` counts (what a
        project's store reports of a layer) instead of walking every document."""
        rec = cls(labels=labels, min_chars=min_chars, max_chars=max_chars,
                  min_score=min_score)
        for label, text, accepted, rejected in counts:
            phrase = text.strip()
            if (rec.labels is not None and label not in rec.labels) or not (
                    min_chars <= len(phrase) <= max_chars):
                continue
            if accepted:
                rec._accepted[(label, phrase)] += accepted
            if rejected:
                rec._rejected[(label, phrase)] += rejected
        return rec

    def learn(self, doc: Document, layer: Layer) -> None:
        """Count the accepted and rejected continuous spans of one document's layer."""
        for span in layer.spans:
            if span.discontinuous or (self.labels is not None and span.label not in
                                      self.labels):
                continue
            phrase = doc.text[span.start:span.end].strip()
            if not self.min_chars <= len(phrase) <= self.max_chars:
                continue
            if span.state == SpanState.ACCEPTED:
                self._accepted[(span.label, phrase)] += 1
            elif span.state == SpanState.REJECTED:
                self._rejected[(span.label, phrase)] += 1
        self._matcher = None

    def phrases(self) -> list[LearnedPhrase]:
        """Every learned phrase with its counts, best first."""
        keys = set(self._accepted) | set(self._rejected)
        out = [LearnedPhrase(label, text, self._accepted[(label, text)],
                             self._rejected[(label, text)]) for label, text in keys]
        return sorted(out, key=lambda p: (-p.score, -p.accepted, p.label, p.text))

    def _best(self) -> list[LearnedPhrase]:
        best: dict[str, LearnedPhrase] = {}
        for p in self.phrases():
            if p.accepted and p.score >= self.min_score and p.text not in best:
                best[p.text] = p
        return list(best.values())

    def propose(self, doc: Document) -> Sequence[Proposal]:
        if self._matcher is None:
            self._matcher = PhraseMatcher((p.text, p) for p in self._best())
        return [Proposal(m.payload.label, m.start, m.end, m.payload.score,
                         f"labelled {m.payload.accepted}x elsewhere")
                for m in self._matcher.find(doc.text)]
