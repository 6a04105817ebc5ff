"""Which documents each annotator gets in a batch: an agreement sample for everyone, the rest
split evenly.

Deterministic and order-free: every document gets a rank key, the SHA-256 of the seed and its
id, so the plan depends only on the *set* of document ids, the *set* of annotators, the overlap
share and the seed, and is the same on every machine and Python version.

* The agreement sample is the ``round(overlap * n)`` documents (halves round up) with the
  smallest keys. It does not depend on the annotators: adding one changes no one's sample.
* The remaining documents, in key order, are dealt round-robin to the annotators sorted by
  name, so shares differ by at most one document (the first names get the extra ones) and
  listing the annotators in another order gives the same plan.
* Each annotator's list is reported in corpus order (the order the ids were given).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from desktop.core.errors import InputError
from desktop.core.model import GOLD


@dataclass(frozen=True, slots=True)
class AnnotatorBatch:
    annotator: str
    documents: tuple[str, ...]
    """Every document this annotator gets, in corpus order (shared and own)."""
    shared: int
    own: int


@dataclass(frozen=True, slots=True)
class BatchPlan:
    annotators: tuple[str, ...]
    """Sorted by name."""
    overlap: float
    seed: int
    total: int
    """Documents given to the plan."""
    shared: tuple[str, ...]
    """The agreement sample (every annotator gets these), in corpus order."""
    batches: Mapping[str, AnnotatorBatch]

    def documents_for(self, annotator: str) -> tuple[str, ...]:
        return self.batches[annotator].documents

    def report_lines(self) -> list[str]:
        """A short plain-text report of who got what."""
        lines = [f"{self.total} documents, {len(self.shared)} shared by all "
                 f"{len(self.annotators)} annotators (overlap {self.overlap:g}, seed {self.seed})"]
        width = max((len(a) for a in self.annotators), default=0)
        for a in self.annotators:
            b = self.batches[a]
            lines.append(f"  {a:<{width}}  {len(b.documents):>6} documents "
                         f"({b.shared} shared + {b.own} own)")
        return lines

    def to_json(self) -> dict[str, Any]:
        return {"annotators": list(self.annotators), "overlap": self.overlap, "seed": self.seed,
                "total": self.total, "shared": list(self.shared),
                "batches": {a: {"documents": list(b.documents), "shared": b.shared,
                                "own": b.own} for a, b in self.batches.items()}}


def _rank(seed: int, doc_id: str) -> bytes:
    return hashlib.sha256(f"{seed}\x00{doc_id}".encode()).digest()


def shared_count(total: int, overlap: float) -> int:
    """Size of the agreement sample: ``overlap * total`` rounded, halves up."""
    exact = Decimal(str(overlap)) * total  # str(): 0.1 means one tenth, not its binary value
    return min(total, math.floor(exact + Decimal("0.5")))


def plan_batches(doc_ids: Sequence[str], annotators: Sequence[str], *, overlap: float = 0.0,
                 seed: int = 0) -> BatchPlan:
    """Assign ``doc_ids`` (corpus order) to ``annotators``; see the module docstring."""
    if not annotators:
        raise InputError("at least one annotator is needed", field="annotators")
    for name in annotators:
        if not name.strip():
            raise InputError("an annotator name is empty", field="annotators")
        if name == GOLD:
            raise InputError(f"{GOLD!r} is the adjudicated layer, not an annotator",
                             field="annotators")
    if len(set(annotators)) != len(annotators):
        raise InputError("an annotator is listed twice", field="annotators")
    if len(set(doc_ids)) != len(doc_ids):
        raise InputError("a document id is listed twice", field="documents")
    if not 0.0 <= overlap <= 1.0 or math.isnan(overlap):
        raise InputError(f"overlap must be between 0 and 1, not {overlap}", field="overlap")
    names = tuple(sorted(annotators))
    ranked = sorted(doc_ids, key=lambda d: (_rank(seed, d), d))
    k = shared_count(len(doc_ids), overlap)
    shared = set(ranked[:k])
    owner = {d: names[i % len(names)] for i, d in enumerate(ranked[k:])}
    batches = {}
    for name in names:
        docs = tuple(d for d in doc_ids if d in shared or owner.get(d) == name)
        batches[name] = AnnotatorBatch(name, docs, k, len(docs) - k)
    return BatchPlan(names, overlap, seed, len(doc_ids),
                     tuple(d for d in doc_ids if d in shared), batches)
