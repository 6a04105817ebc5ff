"""The results of an agreement run, as frozen values with a JSON form.

Every ratio is derived from integer counts kept alongside it, so a consumer can re-aggregate
(e.g. sum two pairs) without rounding. A ratio whose denominator is zero is ``None``
(``null`` in JSON), never 0 and never a crash. See docs/agreement.md for the definitions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

JsonDict = dict[str, Any]


def ratio(num: int, den: int) -> float | None:
    """``num / den`` as a correctly rounded float, ``None`` when ``den`` is 0."""
    return num / den if den else None


def as_float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True, slots=True)
class Counts:
    """Matched items and the items on each side; B is the reference for recall."""

    matched: int = 0
    a: int = 0
    b: int = 0

    @property
    def precision(self) -> float | None:
        return ratio(self.matched, self.a)

    @property
    def recall(self) -> float | None:
        return ratio(self.matched, self.b)

    @property
    def f1(self) -> float | None:
        return ratio(2 * self.matched, self.a + self.b)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.matched + other.matched, self.a + other.a, self.b + other.b)

    def to_json(self) -> JsonDict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "matched": self.matched, "a": self.a, "b": self.b}


@dataclass(frozen=True, slots=True)
class CharAgreement:
    """Per-character agreement of one pair (category = set of labels, see ``chance``)."""

    units: int = 0
    """Characters of the documents both annotators did."""
    agreed: int = 0
    """Characters with the same category for both."""
    coded_units: int = 0
    """Characters at least one of the two coded."""
    coded_agreed: int = 0
    kappa: float | None = None
    """Cohen's kappa over all ``units``."""
    kappa_coded: float | None = None
    """Cohen's kappa over ``coded_units`` only (uncoded text left out)."""

    @property
    def observed(self) -> float | None:
        return ratio(self.agreed, self.units)

    @property
    def observed_coded(self) -> float | None:
        return ratio(self.coded_agreed, self.coded_units)

    def to_json(self) -> JsonDict:
        return {"units": self.units, "agreed": self.agreed, "observed": self.observed,
                "kappa": self.kappa, "coded_units": self.coded_units,
                "coded_agreed": self.coded_agreed, "observed_coded": self.observed_coded,
                "kappa_coded": self.kappa_coded}


@dataclass(frozen=True, slots=True)
class LabelAgreement:
    """One label within one pair."""

    exact: Counts = Counts()
    overlap: Counts = Counts()
    chars: Counts = Counts()
    """Characters covered by the label: by both (matched), by A, by B; its F1 is the
    positive specific agreement, which uncoded text cannot inflate."""
    kappa: float | None = None
    """Binary kappa (label covers the character or not) over all characters."""

    def to_json(self) -> JsonDict:
        return {"exact": self.exact.to_json(), "overlap": self.overlap.to_json(),
                "chars": self.chars.to_json(), "kappa": self.kappa}


@dataclass(frozen=True, slots=True)
class RoleAgreement:
    """One frame role over the matched frames of a pair."""

    fillers: Counts = Counts()
    """Role fillers paired by overlap / fillers in A / fillers in B."""
    agreed: int = 0
    """Matched frames on which the role agrees (all fillers paired, or both empty)."""
    frames: int = 0
    """Matched frames compared."""

    def to_json(self) -> JsonDict:
        return {**self.fillers.to_json(), "agreed_frames": self.agreed,
                "matched_frames": self.frames, "frame_agreement": ratio(self.agreed,
                                                                        self.frames)}


@dataclass(frozen=True, slots=True)
class FrameAgreement:
    frames: Counts = Counts()
    """Frames matched by overlapping content / frames in A / frames in B."""
    full: Counts = Counts()
    """As ``frames``, counting only matched frames on which every role agrees."""
    roles: Mapping[str, RoleAgreement] = field(default_factory=dict)

    def to_json(self) -> JsonDict:
        return {**self.frames.to_json(), "full": self.full.to_json(),
                "roles": {r: v.to_json() for r, v in self.roles.items()}}


@dataclass(frozen=True, slots=True)
class ActorLinks:
    """Registry links on paired spans of the actor-linking labels (``AgreementAccumulator``)."""

    same: int = 0
    different: int = 0
    only_a: int = 0
    only_b: int = 0
    neither: int = 0

    @property
    def agreement(self) -> float | None:
        """Same actor / pairs where at least one side links (``neither`` left out)."""
        return ratio(self.same, self.same + self.different + self.only_a + self.only_b)

    def to_json(self) -> JsonDict:
        return {"same": self.same, "different": self.different, "only_a": self.only_a,
                "only_b": self.only_b, "neither": self.neither, "agreement": self.agreement}


@dataclass(frozen=True, slots=True)
class Confusion:
    """Span pairs by (label in A, label in B); ``None`` stands for "no span"."""

    counts: Mapping[tuple[str | None, str | None], int] = field(default_factory=dict)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(sorted({x for key in self.counts for x in key if x is not None}))

    def matrix(self) -> list[list[int]]:
        """Rows A, columns B, over ``labels`` followed by "no span"."""
        axis: list[str | None] = [*self.labels, None]
        return [[self.counts.get((x, y), 0) for y in axis] for x in axis]

    def to_json(self) -> JsonDict:
        return {"labels": [*self.labels, None], "counts": self.matrix()}


@dataclass(frozen=True, slots=True)
class PairAgreement:
    a: str
    b: str
    documents: int
    """Documents both did."""
    exact: Counts
    overlap: Counts
    chars: CharAgreement
    per_label: Mapping[str, LabelAgreement]
    frames: FrameAgreement
    actors: ActorLinks
    confusion: Confusion
    alpha: float | None
    """Alpha for this pair alone (all characters)."""

    def to_json(self) -> JsonDict:
        return {"a": self.a, "b": self.b, "documents": self.documents,
                "spans": {"exact": self.exact.to_json(), "overlap": self.overlap.to_json()},
                "chars": self.chars.to_json(), "alpha": self.alpha,
                "per_label": {k: v.to_json() for k, v in self.per_label.items()},
                "frames": self.frames.to_json(), "actors": self.actors.to_json(),
                "confusion": self.confusion.to_json()}


@dataclass(frozen=True, slots=True)
class DocumentPair:
    a: str
    b: str
    exact: Counts
    overlap: Counts
    frames: Counts
    kappa: float | None

    def to_json(self) -> JsonDict:
        return {"a": self.a, "b": self.b, "exact": self.exact.to_json(),
                "overlap": self.overlap.to_json(), "frames": self.frames.to_json(),
                "kappa": self.kappa}


@dataclass(frozen=True, slots=True)
class DocumentAgreement:
    doc_id: str
    annotators: tuple[str, ...]
    pairs: tuple[DocumentPair, ...]

    def to_json(self) -> JsonDict:
        return {"id": self.doc_id, "annotators": list(self.annotators),
                "pairs": [p.to_json() for p in self.pairs]}


@dataclass(frozen=True, slots=True)
class DocumentTally:
    total: int = 0
    """Documents seen."""
    compared: int = 0
    """Documents at least two of the annotators did (the only ones measured)."""
    single: int = 0
    """Documents exactly one annotator did: left out."""
    none: int = 0
    """Documents no selected annotator did: left out."""
    single_by_annotator: Mapping[str, int] = field(default_factory=dict)

    def to_json(self) -> JsonDict:
        return {"total": self.total, "compared": self.compared, "single": self.single,
                "none": self.none, "single_by_annotator": dict(self.single_by_annotator)}


@dataclass(frozen=True, slots=True)
class AnnotatorStats:
    """What one annotator did over all documents seen (compared or not)."""

    documents: int = 0
    spans: Mapping[str, int] = field(default_factory=dict)
    frames: int = 0

    def to_json(self) -> JsonDict:
        return {"documents": self.documents, "spans": dict(self.spans), "frames": self.frames}


@dataclass(frozen=True, slots=True)
class LabelSummary:
    """One label over every pair (counts summed) and alpha over all annotators."""

    exact: Counts
    overlap: Counts
    alpha: float | None
    """Binary alpha (label covers the character or not) over all characters."""

    def to_json(self) -> JsonDict:
        return {"exact": self.exact.to_json(), "overlap": self.overlap.to_json(),
                "alpha": self.alpha}


@dataclass(frozen=True, slots=True)
class AgreementReport:
    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    """The labels measured: the filter if one was given, else every label seen."""
    label_filter: tuple[str, ...] | None
    documents: DocumentTally
    alpha: float | None
    """Krippendorff's alpha, nominal, over all characters of the compared documents."""
    alpha_coded: float | None
    """The same over characters at least one annotator coded."""
    alpha_units: int
    """Characters with at least two annotators (the pairable units)."""
    pairs: tuple[PairAgreement, ...]
    per_label: Mapping[str, LabelSummary]
    per_document: tuple[DocumentAgreement, ...]
    annotator_stats: Mapping[str, AnnotatorStats]

    def pair(self, a: str, b: str) -> PairAgreement:
        """The pair of ``a`` and ``b`` in either order (as stored: ``a`` first in order)."""
        for p in self.pairs:
            if (p.a, p.b) in ((a, b), (b, a)):
                return p
        raise KeyError(f"no pair {a!r}, {b!r}")

    def to_json(self) -> JsonDict:
        return {
            "annotators": list(self.annotators),
            "labels": list(self.labels),
            "label_filter": None if self.label_filter is None else list(self.label_filter),
            "documents": self.documents.to_json(),
            "alpha": self.alpha,
            "alpha_coded": self.alpha_coded,
            "alpha_units": self.alpha_units,
            "pairs": [p.to_json() for p in self.pairs],
            "per_label": {k: v.to_json() for k, v in self.per_label.items()},
            "per_document": [d.to_json() for d in self.per_document],
            "annotator_stats": {k: v.to_json() for k, v in self.annotator_stats.items()},
        }
