"""One-to-one matching of overlapping items (spans, frames) between two layers.

Overlap matching pairs each item of layer A with at most one item of layer B. We take a
*maximum-cardinality* matching, so the number of matches (and hence the overlap F1) does not
depend on the order in which spans were drawn or stored. Among the maximum matchings we take
the one reached by starting from the greedy largest-overlap matching and then augmenting it:
deterministic, and it keeps the intuitive pairs (largest shared stretch first) wherever they do
not cost a match. Ties are broken by position (the callers sort items by ``span_order``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Interval = tuple[int, int]


def size(intervals: Sequence[Interval]) -> int:
    """Number of characters covered by sorted, non-overlapping half-open intervals."""
    return sum(e - s for s, e in intervals)


def overlap_length(a: Sequence[Interval], b: Sequence[Interval]) -> int:
    """Characters shared by two sorted lists of non-overlapping half-open intervals."""
    if len(a) == 1 and len(b) == 1:  # the common case: two continuous spans
        shared = min(a[0][1], b[0][1]) - max(a[0][0], b[0][0])
        return shared if shared > 0 else 0
    i = j = total = 0
    while i < len(a) and j < len(b):
        s1, e1 = a[i]
        s2, e2 = b[j]
        lo = s1 if s1 > s2 else s2
        hi = e1 if e1 < e2 else e2
        if lo < hi:
            total += hi - lo
        if e1 <= e2:
            i += 1
        else:
            j += 1
    return total


def merge_intervals(intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    """The union of ``intervals`` as sorted, non-overlapping, non-touching intervals."""
    out: list[list[int]] = []
    for s, e in sorted(intervals):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out)


def max_matching(edges: Iterable[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """A maximum-cardinality matching of the bipartite graph given by ``edges``.

    ``edges`` are ``(i, j, weight)`` with ``i`` an index into side A, ``j`` into side B and a
    positive weight (the overlap). Returns ``(i, j)`` pairs sorted by ``i``. The matching starts
    greedy (largest weight first, then lowest ``i``, then lowest ``j``) and is then grown along
    augmenting paths (Kuhn's algorithm), which reaches maximum cardinality from any start.
    """
    ordered = sorted(edges, key=lambda e: (-e[2], e[0], e[1]))
    if not ordered:
        return []
    match_a: dict[int, int] = {}
    match_b: dict[int, int] = {}
    adj: dict[int, list[int]] = {}
    for i, j, _w in ordered:
        adj.setdefault(i, []).append(j)  # each list ends up sorted by (-weight, j)
        if i not in match_a and j not in match_b:
            match_a[i] = j
            match_b[j] = i
    for root in sorted(adj):
        if root not in match_a:
            _augment(root, adj, match_a, match_b)
    return sorted(match_a.items())


def _augment(root: int, adj: dict[int, list[int]], match_a: dict[int, int],
             match_b: dict[int, int]) -> bool:
    """Find an augmenting path from the free vertex ``root`` and flip it (iterative DFS)."""
    seen: set[int] = set()
    reached_from: dict[int, int] = {}
    stack = [(root, iter(adj[root]))]
    while stack:
        a, candidates = stack[-1]
        for b in candidates:
            if b in seen:
                continue
            seen.add(b)
            reached_from[b] = a
            owner = match_b.get(b)
            if owner is None:
                # Flip the path root -> b1 -> a1 -> ... -> b back to front.
                while True:
                    a2 = reached_from[b]
                    previous = match_a.get(a2)
                    match_a[a2] = b
                    match_b[b] = a2
                    if a2 == root or previous is None:
                        return True
                    b = previous
            stack.append((owner, iter(adj.get(owner, ()))))
            break
        else:
            stack.pop()
    return False
