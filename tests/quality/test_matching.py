"""Shared characters and the one-to-one overlap matching."""

from __future__ import annotations

from itertools import permutations

from helpers.foundation import deterministic
from hypothesis import given
from hypothesis import strategies as st

from desktop.quality.matching import max_matching, merge_intervals, overlap_length, size


def test_overlap_of_continuous_and_discontinuous_intervals() -> None:
    assert overlap_length([(0, 10)], [(5, 20)]) == 5
    assert overlap_length([(0, 10)], [(10, 20)]) == 0  # end is exclusive: touching shares none
    assert overlap_length([(0, 5), (10, 15)], [(3, 12)]) == 4  # 3,4 and 10,11
    # The outer bounds overlap, the characters do not.
    assert overlap_length([(0, 5), (10, 15)], [(6, 9)]) == 0
    assert overlap_length([(0, 5), (10, 15)], [(0, 5), (10, 15)]) == 10
    assert size([(0, 5), (10, 15)]) == 10


def test_merge_intervals_takes_the_union() -> None:
    assert merge_intervals([(10, 15), (0, 5), (3, 8), (8, 9), (20, 20)]) == ((0, 9), (10, 15))
    assert merge_intervals([]) == ()


def test_a_maximum_matching_beats_greedy_largest_overlap() -> None:
    # A0 shares 15 with B0 and 3 with B1; A1 shares 2 with B0 only. Greedy by largest overlap
    # pairs A0-B0 and leaves A1 alone; the maximum pairs both.
    assert max_matching([(0, 0, 15), (0, 1, 3), (1, 0, 2)]) == [(0, 1), (1, 0)]


def test_ties_keep_the_largest_overlap_then_position() -> None:
    # Without a cardinality gain, the largest overlap wins; equal overlaps go to the leftmost.
    assert max_matching([(0, 0, 5), (0, 1, 9)]) == [(0, 1)]
    assert max_matching([(0, 0, 7), (0, 1, 7)]) == [(0, 0)]
    assert max_matching([(0, 0, 7), (1, 0, 7)]) == [(0, 0)]
    assert max_matching([]) == []


def _brute_force(edges: set[tuple[int, int]], n: int) -> int:
    best = 0
    for perm in permutations(range(n)):
        best = max(best, sum(1 for i in range(n) if (i, perm[i]) in edges))
    return best


@deterministic(200)
@given(st.sets(st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(1, 9))
               , max_size=14))
def test_max_matching_is_maximum_and_one_to_one(raw: set[tuple[int, int, int]]) -> None:
    edges: dict[tuple[int, int], int] = {}
    for i, j, w in raw:
        edges[(i, j)] = w  # one weight per pair
    got = max_matching([(i, j, w) for (i, j), w in edges.items()])
    assert len({i for i, _ in got}) == len({j for _, j in got}) == len(got)
    assert all(pair in edges for pair in got)
    assert len(got) == _brute_force(set(edges), 5)
    # The result does not depend on the order the edges come in.
    assert got == max_matching([(i, j, w) for (i, j), w in reversed(list(edges.items()))])
