"""Which spans take part, and how the spans of two layers are paired.

Only *accepted* spans count: pending suggestions and rejected ones are not annotations yet.
A discontinuous span covers the union of its fragments.

* **Exact** match: same label and the same fragments. Duplicates count as a multiset.
* **Overlap** match: same label and at least one shared character, one-to-one
  (``matching.max_matching``).
* **Cross-label** pairs (for the confusion matrix and "label differs" in adjudication): among
  the spans left unmatched by the overlap matching, spans with different labels whose shared
  characters make up at least half of the longer one. The half rule keeps a name nested in a
  quote (an ACTOR inside a CLAIM) from being read as a label confusion.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from desktop.core.model import Layer, Span, SpanState, span_order
from desktop.quality.matching import max_matching, overlap_length, size


def counted_spans(layer: Layer, labels: Collection[str] | None = None) -> list[Span]:
    """The accepted spans of ``layer`` (restricted to ``labels``), in ``span_order``."""
    return sorted((s for s in layer.spans if s.state is SpanState.ACCEPTED
                   and (labels is None or s.label in labels)), key=span_order)


def substantial(a: Span, b: Span, shared: int) -> bool:
    """Whether ``shared`` characters are at least half of the longer of ``a`` and ``b``."""
    return 2 * shared >= max(size(a.fragments), size(b.fragments))


@dataclass(frozen=True, slots=True)
class SpanMatching:
    """How the spans of layer A pair with those of layer B (see the module docstring)."""

    exact: Counter[str]
    """Exact matches per label."""
    same: tuple[tuple[Span, Span], ...]
    """Overlap matches (same label), in A's span order."""
    cross: tuple[tuple[Span, Span], ...]
    """Cross-label pairs among the spans the overlap matching left over."""
    only_a: tuple[Span, ...]
    only_b: tuple[Span, ...]
    """Spans in neither ``same`` nor ``cross``."""


def exact_matches(a: Iterable[Span], b: Iterable[Span]) -> Counter[str]:
    """Exact matches per label (same label and fragments), counted as a multiset."""
    ka = Counter((s.label, s.fragments) for s in a)
    kb = Counter((s.label, s.fragments) for s in b)
    out: Counter[str] = Counter()
    for key, n in ka.items():
        m = kb.get(key)
        if m:
            out[key[0]] += min(n, m)
    return out


def _overlap_edges(a: Sequence[Span], b: Sequence[Span], *, same_label: bool,
                   skip_a: Collection[int] = (), skip_b: Collection[int] = ()
                   ) -> list[tuple[int, int, int]]:
    edges = []
    for i, sa in enumerate(a):
        if i in skip_a:
            continue
        a_start, a_end = sa.start, sa.end
        for j, sb in enumerate(b):
            if sb.start >= a_end:
                break  # b is in span order: nothing further right can overlap
            if j in skip_b or sb.end <= a_start or (sa.label == sb.label) != same_label:
                continue
            shared = overlap_length(sa.fragments, sb.fragments)
            if shared and (same_label or substantial(sa, sb, shared)):
                edges.append((i, j, shared))
    return edges


def match_spans(a: Sequence[Span], b: Sequence[Span]) -> SpanMatching:
    """Pair the spans of two layers; ``a`` and ``b`` must be in ``span_order``."""
    same = max_matching(_overlap_edges(a, b, same_label=True))
    used_a = {i for i, _ in same}
    used_b = {j for _, j in same}
    cross = max_matching(_overlap_edges(a, b, same_label=False, skip_a=used_a, skip_b=used_b))
    used_a.update(i for i, _ in cross)
    used_b.update(j for _, j in cross)
    return SpanMatching(
        exact=exact_matches(a, b),
        same=tuple((a[i], b[j]) for i, j in same),
        cross=tuple((a[i], b[j]) for i, j in cross),
        only_a=tuple(s for i, s in enumerate(a) if i not in used_a),
        only_b=tuple(s for j, s in enumerate(b) if j not in used_b),
    )
