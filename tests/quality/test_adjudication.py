"""Which differences the gold layer has decided."""

from __future__ import annotations

from helpers.quality import fr, ly, sp

from desktop.core.model import GOLD, SpanState
from desktop.quality import DiffKind, decision, diff_layers


def _items(alice, bob):  # type: ignore[no-untyped-def]
    layers = {"alice": alice, "bob": bob}
    return layers, diff_layers(layers)


def test_span_items_are_decided_by_a_gold_span_of_their_label_that_overlaps() -> None:
    layers, items = _items(ly("alice", sp("s1", "CLAIM", (0, 10)), sp("s2", "CUE", (20, 24))),
                           ly("bob", sp("s1", "CLAIM", (1, 9)), sp("s2", "CUE", (20, 24))))
    claim, cue = items
    assert claim.kind is DiffKind.BOUNDARY
    assert cue.kind is DiffKind.AGREED
    empty = ly(GOLD)
    assert not decision(claim, empty, layers).decided
    took_bob = ly(GOLD, sp("g1", "CLAIM", (1, 9)))
    d = decision(claim, took_bob, layers)
    assert (d.decided, d.taken_from, d.rejected, d.gold_spans) == (True, ("bob",), False,
                                                                   ("g1",))
    assert not decision(cue, took_bob, layers).decided
    edited = ly(GOLD, sp("g1", "CLAIM", (0, 9)))
    assert decision(claim, edited, layers).taken_from == ()
    assert decision(claim, edited, layers).decided
    other_label = ly(GOLD, sp("g1", "SOURCE", (0, 10)))
    assert not decision(claim, other_label, layers).decided
    rejected = ly(GOLD, sp("g1", "CLAIM", (0, 10), state=SpanState.REJECTED))
    d = decision(claim, rejected, layers)
    assert (d.decided, d.rejected, d.taken_from) == (True, True, ())


def test_frame_items_are_decided_by_a_gold_frame_over_their_content() -> None:
    a = ly("alice", sp("c", "CLAIM", (0, 10)), sp("s", "SOURCE", (12, 15)),
           sp("q", "CUE", (16, 20)), frames=[fr("f1", ["c"], ["s"], ["q"])])
    b = ly("bob", sp("c", "CLAIM", (0, 10)), sp("q", "CUE", (16, 20)),
           frames=[fr("f1", ["c"], [], ["q"])])
    layers, items = _items(a, b)
    (frame,) = [i for i in items if i.is_frame]
    assert frame.kind is DiffKind.ROLES
    assert not decision(frame, ly(GOLD, *a.spans), layers).decided
    gold = ly(GOLD, sp("g1", "CLAIM", (0, 10)), sp("g2", "CUE", (16, 20)),
              frames=[fr("gf", ["g1"], [], ["g2"])])
    d = decision(frame, gold, layers)
    assert (d.decided, d.taken_from, d.gold_frames) == (True, ("bob",), ("gf",))
