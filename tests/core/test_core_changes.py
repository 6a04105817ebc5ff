"""``Change.merged``: two writes in a row report what the pair changed, as one write would."""

from __future__ import annotations

from typing import Any

import pytest
from helpers.foundation import deterministic
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.changes import Change

IDS = ["s1", "s2", "s3", "s4", "s5"]


@st.composite
def step(draw: Any, present: frozenset[str]) -> tuple[Change, frozenset[str], frozenset[str]]:
    """One write on a layer holding ``present``: (its Change, what it touched, after)."""
    def some(of: frozenset[str] | list[str]) -> frozenset[str]:
        return frozenset(draw(st.sets(st.sampled_from(sorted(of))))) if of else frozenset()

    added = some([i for i in IDS if i not in present])
    removed = some(present)
    updated = some(present - removed)
    change = Change(doc="d1", layer="alice", spans_added=added, spans_updated=updated,
                    spans_removed=removed, status=draw(st.booleans()))
    return change, added | removed | updated, (present - removed) | added


@deterministic(300)
@given(st.data(), st.sets(st.sampled_from(IDS)))
def test_two_changes_merged_are_what_the_pair_did(data: st.DataObject,
                                                  start: set[str]) -> None:
    first, touched1, middle = data.draw(step(frozenset(start)))
    second, touched2, end = data.draw(step(middle))
    merged = first.merged(second)
    before, after = frozenset(start), end
    touched = touched1 | touched2
    assert merged.spans_added == after - before
    assert merged.spans_removed == before - after
    # A span there before and after that either write touched (incl. removed, then added).
    assert merged.spans_updated == touched & before & after
    assert merged.status == (first.status or second.status)
    assert (merged.doc, merged.layer) == ("d1", "alice")


def test_a_span_added_then_removed_leaves_no_trace() -> None:
    a = Change(doc="d1", layer="alice", spans_added=frozenset({"s9"}))
    b = Change(doc="d1", layer="alice", spans_removed=frozenset({"s9"}))
    assert not a.merged(b)


def test_changes_of_other_layers_do_not_merge_but_a_corpus_change_does() -> None:
    a = Change(doc="d1", layer="alice", spans_added=frozenset({"s1"}))
    with pytest.raises(ValueError, match="different documents or layers"):
        a.merged(Change(doc="d1", layer="bob", spans_added=frozenset({"s1"})))
    both = a.merged(Change(corpus=True))
    assert both.corpus
    assert both.spans_added == {"s1"}
    assert (both.doc, both.layer) == ("d1", "alice")
    assert Change(corpus=True).merged(a).layer == "alice"
