"""The deterministic assignment of documents to annotators."""

from __future__ import annotations

import pytest
from helpers.foundation import deterministic
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.errors import InputError
from desktop.quality import plan_batches
from desktop.quality.batches import shared_count

DOCS = [f"doc-{i}" for i in range(10)]


def test_a_small_plan() -> None:
    plan = plan_batches(DOCS, ["carol", "alice", "bob"], overlap=0.2, seed=7)
    assert plan.annotators == ("alice", "bob", "carol")
    assert len(plan.shared) == 2
    own = {a: [d for d in plan.documents_for(a) if d not in plan.shared]
           for a in plan.annotators}
    assert sorted(len(v) for v in own.values()) == [2, 3, 3]
    assert len(own["alice"]) == 3  # the extra document goes to the first names
    assert sorted(d for v in own.values() for d in v) == sorted(set(DOCS) - set(plan.shared))
    for a in plan.annotators:
        docs = plan.documents_for(a)
        assert list(docs) == [d for d in DOCS if d in docs]  # corpus order
        assert set(plan.shared) <= set(docs)
        assert (plan.batches[a].shared, plan.batches[a].own) == (2, len(own[a]))
    lines = plan.report_lines()
    assert lines[0] == "10 documents, 2 shared by all 3 annotators (overlap 0.2, seed 7)"
    assert lines[1] == "  alice       5 documents (2 shared + 3 own)"
    assert plan.to_json()["batches"]["bob"]["shared"] == 2


def test_the_plan_is_fixed_for_a_seed() -> None:
    # Pinned: the rank key is SHA-256, the same on every machine and Python version. By hand:
    # sorting by sha256(b"1\0doc-i") gives 3 2 5 | 0 4 9 8 6 7 1; the first three are shared,
    # the rest dealt a, b, a, b, ...
    plan = plan_batches(DOCS, ["a", "b"], overlap=0.3, seed=1)
    assert plan == plan_batches(DOCS, ["b", "a"], overlap=0.3, seed=1)
    assert plan.shared == ("doc-2", "doc-3", "doc-5")
    assert plan.documents_for("a") == ("doc-0", "doc-1", "doc-2", "doc-3", "doc-5", "doc-6",
                                       "doc-9")
    assert plan.documents_for("b") == ("doc-2", "doc-3", "doc-4", "doc-5", "doc-7", "doc-8")
    assert plan_batches(DOCS, ["a", "b"], overlap=0.3, seed=2).shared != plan.shared


@pytest.mark.parametrize(("total", "overlap", "expected"), [
    (10, 0.2, 2), (10, 0.0, 0), (10, 1.0, 10), (5, 0.5, 3), (5, 0.1, 1), (3, 0.1, 0),
    (1000, 0.1, 100), (0, 0.5, 0), (7, 0.07, 0), (50, 0.01, 1),
])
def test_shared_count_rounds_half_up(total: int, overlap: float, expected: int) -> None:
    assert shared_count(total, overlap) == expected


def test_edge_cases() -> None:
    assert plan_batches([], ["a"], overlap=0.5).batches["a"].documents == ()
    one = plan_batches(DOCS, ["a"], overlap=0.0)
    assert one.documents_for("a") == tuple(DOCS)
    everyone = plan_batches(DOCS, ["a", "b"], overlap=1.0)
    assert everyone.documents_for("a") == everyone.documents_for("b") == tuple(DOCS)


@pytest.mark.parametrize(("docs", "names", "overlap", "message"), [
    (DOCS, [], 0.0, "at least one annotator"),
    (DOCS, ["a", "a"], 0.0, "listed twice"),
    (DOCS, ["a", " "], 0.0, "empty"),
    (DOCS, ["a", "gold"], 0.0, "adjudicated"),
    (["d", "d"], ["a"], 0.0, "document id is listed twice"),
    (DOCS, ["a"], 1.5, "between 0 and 1"),
    (DOCS, ["a"], -0.1, "between 0 and 1"),
    (DOCS, ["a"], float("nan"), "between 0 and 1"),
])
def test_bad_input(docs: list[str], names: list[str], overlap: float, message: str) -> None:
    with pytest.raises(InputError, match=message):
        plan_batches(docs, names, overlap=overlap)


@deterministic(150)
@given(st.lists(st.text(min_size=1, max_size=6), unique=True, max_size=40),
       st.lists(st.sampled_from("abcdefg"), min_size=1, max_size=5, unique=True),
       st.floats(0, 1), st.integers(0, 2**40), st.randoms(use_true_random=False))
def test_plan_properties(docs: list[str], names: list[str], overlap: float, seed: int,
                         rnd: object) -> None:
    plan = plan_batches(docs, names, overlap=overlap, seed=seed)
    shared = set(plan.shared)
    assert len(shared) == shared_count(len(docs), overlap)
    owners: dict[str, int] = {}
    for a in plan.annotators:
        for d in plan.documents_for(a):
            if d not in shared:
                owners[d] = owners.get(d, 0) + 1
    assert set(owners) == set(docs) - shared
    assert set(owners.values()) <= {1}
    sizes = [plan.batches[a].own for a in plan.annotators]
    assert max(sizes) - min(sizes) <= 1
    assert sizes == sorted(sizes, reverse=True)
    # Order-free: the corpus order and the annotator order change nothing but listing order.
    mixed_docs, mixed_names = list(docs), list(names)
    rnd.shuffle(mixed_docs)  # type: ignore[attr-defined]
    rnd.shuffle(mixed_names)  # type: ignore[attr-defined]
    other = plan_batches(mixed_docs, mixed_names, overlap=overlap, seed=seed)
    assert set(other.shared) == shared
    assert {a: set(b.documents) for a, b in other.batches.items()} == {
        a: set(b.documents) for a, b in plan.batches.items()}
    # The agreement sample does not depend on who the annotators are.
    assert plan_batches(docs, ["zed"], overlap=overlap, seed=seed).shared == plan.shared
