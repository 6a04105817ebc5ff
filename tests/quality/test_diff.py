"""Differences between layers for the adjudication view."""

from __future__ import annotations

from helpers.foundation import deterministic
from helpers.quality import fr, layers_strategy, ly, sp
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.model import SpanState
from desktop.quality import DiffItem, DiffKind, diff_layers


def kinds(items: list[DiffItem]) -> list[tuple[str, int, int, tuple[str, ...]]]:
    return [(d.kind.value, d.start, d.end, d.present) for d in items]


def test_two_layers_every_kind() -> None:
    a = ly("a", sp("s1", "CLAIM", (0, 10)), sp("s2", "SOURCE", (12, 20)),
           sp("s3", "CUE", (21, 25)), sp("s4", "ACTOR", (30, 35)), sp("s5", "CLAIM", (40, 50)))
    b = ly("b", sp("s1", "CLAIM", (0, 10)), sp("s2", "SOURCE", (13, 20)),
           sp("s3", "ACTOR", (21, 25)), sp("s4", "SOURCE", (30, 36)), sp("s5", "CUE", (60, 62)))
    assert kinds(diff_layers({"a": a, "b": b})) == [
        ("agreed", 0, 10, ("a", "b")),
        ("boundary differs", 12, 20, ("a", "b")),
        ("label differs", 21, 25, ("a", "b")),
        ("label and boundary differ", 30, 36, ("a", "b")),
        ("only in some", 40, 50, ("a",)),
        ("only in some", 60, 62, ("b",)),
    ]
    only = diff_layers({"a": a, "b": b})[-1]
    assert only.missing == ("a",)
    assert only.spans["b"].id == "s5"


def test_a_name_nested_in_a_quote_is_not_a_label_difference() -> None:
    # An ACTOR inside B's CLAIM, no CLAIM in A: two "only in some" items, not one confusion.
    a = ly("a", sp("s1", "ACTOR", (20, 25)))
    b = ly("b", sp("s1", "CLAIM", (0, 100)))
    assert kinds(diff_layers({"a": a, "b": b})) == [
        ("only in some", 0, 100, ("b",)), ("only in some", 20, 25, ("a",))]


def test_three_layers_group_partial_agreement_with_its_alternative() -> None:
    a = ly("a", sp("s1", "CLAIM", (0, 10)))
    b = ly("b", sp("s1", "CLAIM", (0, 10)))
    c = ly("c", sp("s1", "CLAIM", (0, 12)), sp("s2", "CUE", (20, 24)))
    items = diff_layers({"a": a, "b": b, "c": c})
    assert kinds(items) == [("boundary differs", 0, 12, ("a", "b", "c")),
                            ("only in some", 20, 24, ("c",))]
    assert items[1].missing == ("a", "b")


def test_agreed_items_flag_attribute_and_actor_differences() -> None:
    a = ly("a", sp("s1", "CLAIM", (0, 10), form="direct"), sp("s2", "SOURCE", (12, 15),
                                                              actor="x"))
    b = ly("b", sp("s1", "CLAIM", (0, 10), form="indirect"), sp("s2", "SOURCE", (12, 15),
                                                                actor="y"))
    claim, source = diff_layers({"a": a, "b": b})
    assert claim.kind is source.kind is DiffKind.AGREED
    assert claim.attrs_differ
    assert not claim.actor_differs
    assert not claim.settled
    assert source.actor_differs
    assert not source.settled
    same = diff_layers({"a": a, "b": ly("b", *a.spans)})
    assert all(d.settled for d in same)


def test_discontinuous_spans_and_duplicates() -> None:
    a = ly("a", sp("s1", "CLAIM", (0, 5), (10, 15)), sp("s2", "CUE", (20, 22)),
           sp("s3", "CUE", (20, 22)))
    b = ly("b", sp("s1", "CLAIM", (0, 15)), sp("s2", "CUE", (20, 22)))
    items = diff_layers({"a": a, "b": b})
    assert kinds(items) == [("boundary differs", 0, 15, ("a", "b")),
                            ("agreed", 20, 22, ("a", "b")), ("only in some", 20, 22, ("a",))]
    assert items[2].spans["a"].id == "s3"


def test_pending_and_rejected_spans_are_not_compared() -> None:
    a = ly("a", sp("s1", "CLAIM", (0, 10)), sp("s2", "CUE", (12, 14), state=SpanState.PENDING))
    b = ly("b", sp("s1", "CLAIM", (0, 10)), sp("s2", "CUE", (12, 14), state=SpanState.REJECTED))
    assert kinds(diff_layers({"a": a, "b": b})) == [("agreed", 0, 10, ("a", "b"))]


def test_frames() -> None:
    spans_a = (sp("c1", "CLAIM", (0, 10)), sp("s1", "SOURCE", (12, 15)),
               sp("q1", "CUE", (16, 20)), sp("c2", "CLAIM", (30, 40)),
               sp("c3", "CLAIM", (50, 60)))
    a = ly("a", *spans_a, frames=[fr("f1", ["c1"], ["s1"], ["q1"], channel="statement"),
                                  fr("f2", ["c2"]), fr("f3", ["c3"])])
    b = ly("b", sp("c1", "CLAIM", (0, 10)), sp("s1", "SOURCE", (12, 15)),
           sp("q1", "CUE", (16, 20)), sp("c2", "CLAIM", (30, 38)), sp("q2", "CUE", (41, 44)),
           frames=[fr("g1", ["c1"], ["s1"], ["q1"], channel="interview"),
                   fr("g2", ["c2"], [], ["q2"])])
    frames = [d for d in diff_layers({"a": a, "b": b}) if d.is_frame]
    assert [(d.kind, d.start, d.roles, d.present) for d in frames] == [
        (DiffKind.AGREED, 0, (), ("a", "b")),
        (DiffKind.ROLES, 30, ("content", "cue"), ("a", "b")),
        (DiffKind.ONLY_SOME, 50, (), ("a",)),
    ]
    assert frames[0].attrs_differ
    assert frames[1].frames["b"].id == "g2"


def test_one_layer_and_no_layers() -> None:
    a = ly("a", sp("s1", "CLAIM", (0, 10)))
    assert [d.kind for d in diff_layers({"a": a})] == [DiffKind.AGREED]
    assert diff_layers({}) == []
    assert diff_layers({"a": ly("a"), "b": ly("b")}) == []


@deterministic(150)
@given(st.data())
def test_every_span_appears_once_in_position_order(data: st.DataObject) -> None:
    names = ["a", "b", "c"][:data.draw(st.integers(2, 3))]
    layers = {n: data.draw(layers_strategy(n, 40, max_spans=8)) for n in names}
    items = diff_layers(layers)
    seen = sorted((n, s.id) for d in items for n, s in d.spans.items())
    assert seen == sorted((n, s.id) for n, layer in layers.items() for s in layer.spans)
    assert [d.start for d in items] == sorted(d.start for d in items)
    for d in items:
        assert set(d.present) | set(d.missing) == set(names)
        assert not set(d.present) & set(d.missing)
        labels = {s.label for s in d.spans.values()}
        bounds = {s.fragments for s in d.spans.values()}
        if d.kind is DiffKind.AGREED:
            assert len(labels) == len(bounds) == 1
            assert not d.missing
        elif d.kind is DiffKind.BOUNDARY:
            assert len(labels) == 1 < len(bounds)
        elif d.kind is DiffKind.LABEL:
            assert len(labels) > 1
            assert len(bounds) == 1
    # The result does not depend on the order the layers list their spans.
    reversed_layers = {n: ly(n, *reversed(layer.spans)) for n, layer in layers.items()}
    assert kinds(diff_layers(reversed_layers)) == kinds(items)
