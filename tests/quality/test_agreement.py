"""Agreement on hand-computed cases: every number is worked out in the comments."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from helpers.foundation import EMOJI, FLAG, ZWJ_FAMILY
from helpers.quality import doc, fr, ly, sp

from desktop.core.model import GOLD, DocStatus, Document, Layer, SpanState
from desktop.core.offsets import normalize_newlines, sha256_text
from desktop.quality import AgreementAccumulator, DocLayers, compute_agreement, diff_layers


def f(n: int, d: int) -> float:
    return float(Fraction(n, d))


def test_the_worked_example_of_the_docs() -> None:
    """docs/agreement.md, "A worked example", number by number."""
    text = '"It\'s off," Ida said.'
    assert len(text) == 21
    assert (text[0:11], text[1:9], text[12:15], text[16:20]) == (
        '"It\'s off,"', "It's off", "Ida", "said")
    alice = ly("alice", sp("s1", "CLAIM", (0, 11)), sp("s2", "SOURCE", (12, 15), actor="a3"),
               sp("s3", "CUE", (16, 20)), frames=[fr("f1", ["s1"], ["s2"], ["s3"])])
    bob = ly("bob", sp("s1", "CLAIM", (1, 9)), sp("s2", "ACTOR", (12, 15), actor="a3"),
             sp("s3", "CUE", (16, 20)), frames=[fr("f1", ["s1"], [], ["s3"])])
    r = compute_agreement([doc("d1", len(text), alice, bob), doc("d2", 40, alice)])
    assert r.documents.to_json() == {"total": 2, "compared": 1, "single": 1, "none": 0,
                                     "single_by_annotator": {"alice": 1}}
    p = r.pair("alice", "bob")
    assert (p.exact.matched, p.exact.a, p.exact.b, p.exact.f1) == (1, 3, 3, f(1, 3))
    assert (p.overlap.matched, p.overlap.f1) == (2, f(2, 3))
    assert (p.chars.units, p.chars.agreed, p.chars.observed) == (21, 15, f(15, 21))
    assert p.chars.kappa == f(193, 319)
    assert (p.chars.coded_units, p.chars.kappa_coded) == (18, f(28, 55))
    assert r.alpha == p.alpha == f(187, 310)
    claim = p.per_label["CLAIM"]
    assert (claim.exact.f1, claim.overlap.f1) == (0, 1)
    assert (claim.chars.matched, claim.chars.a, claim.chars.b) == (8, 11, 8)
    assert claim.chars.f1 == f(16, 19)
    assert claim.kappa == f(160, 223)
    assert p.confusion.counts == {("CLAIM", "CLAIM"): 1, ("CUE", "CUE"): 1,
                                  ("SOURCE", "ACTOR"): 1}
    assert (p.actors.same, p.actors.agreement) == (1, 1)
    assert (p.frames.frames.f1, p.frames.full.f1) == (1, 0)
    assert (p.frames.roles["cue"].agreed, p.frames.roles["source"].agreed) == (1, 0)
    assert p.frames.roles["source"].fillers.to_json()["recall"] is None
    assert [(d.kind.value, d.roles) for d in diff_layers({"alice": alice, "bob": bob})] == [
        ("boundary differs", ()), ("roles differ", ("content", "source")),
        ("label differs", ()), ("agreed", ())]


def test_a_short_case_by_hand() -> None:
    """20 characters, A: CLAIM 0-10; B: CLAIM 0-8 and SOURCE 15-20."""
    a = ly("alice", sp("s1", "CLAIM", (0, 10)))
    b = ly("bob", sp("s1", "CLAIM", (0, 8)), sp("s2", "SOURCE", (15, 20)))
    r = compute_agreement([doc("d1", 20, a, b)])
    p = r.pair("alice", "bob")
    # Spans: no exact match; CLAIM overlaps CLAIM. P = 1/1, R = 1/2, F1 = 2*1/(1+2).
    assert (p.exact.precision, p.exact.recall, p.exact.f1) == (0, 0, 0)
    assert (p.overlap.precision, p.overlap.recall, p.overlap.f1) == (1, f(1, 2), f(2, 3))
    # Characters: (CLAIM, CLAIM) 8, (CLAIM, none) 2, (none, none) 5, (none, SOURCE) 5.
    # n = 20, agreed 13; rows CLAIM 10 none 10, columns CLAIM 8 none 7 SOURCE 5:
    # kappa = (20*13 - (10*8 + 10*7)) / (400 - 150) = 110/250.
    assert (p.chars.units, p.chars.agreed) == (20, 13)
    assert p.chars.kappa == f(11, 25)
    # Coded characters only (drop the 5 none/none): n = 15, agreed 8, rows 10/5,
    # columns 8/2/5: (15*8 - (80 + 10)) / (225 - 90) = 30/135.
    assert p.chars.kappa_coded == f(2, 9)
    # Alpha: coincidences CLAIM/CLAIM 16, CLAIM/none 2+2, none/none 10, none/SOURCE 5+5;
    # n_CLAIM 18, n_none 17, n_SOURCE 5, n = 40; alpha = 1 - 39*14/(1600 - 638) = 208/481.
    assert r.alpha == f(208, 481)
    assert p.alpha == f(208, 481)
    # Coded only: the 5 none/none characters (10 pairs) leave; n = 30, n_none = 7:
    # 1 - 29*14/(900 - (324 + 49 + 25)) = 1 - 406/502 = 48/251.
    assert r.alpha_coded == f(48, 251)
    # CLAIM as a binary question: both 8, A only 2, neither 10:
    # (20*18 - (10*8 + 10*12)) / (400 - 200) = 4/5; characters F1 = 2*8/(10+8).
    claim = p.per_label["CLAIM"]
    assert claim.kappa == f(4, 5)
    assert claim.chars.f1 == f(8, 9)
    assert (claim.overlap.matched, claim.overlap.a, claim.overlap.b) == (1, 1, 1)
    assert p.per_label["SOURCE"].overlap.f1 == 0
    # Binary alpha for CLAIM: coincidences yes/yes 16, yes/no 2+2, no/no 20; n_yes 18,
    # n_no 22: 1 - 39*4/(1600 - 324 - 484) = 1 - 156/792 = 53/66.
    assert r.per_label["CLAIM"].alpha == f(53, 66)
    assert p.confusion.counts == {("CLAIM", "CLAIM"): 1, (None, "SOURCE"): 1}
    assert p.confusion.matrix() == [[1, 0, 0], [0, 0, 0], [0, 1, 0]]


def test_perfect_agreement() -> None:
    a = ly("a", sp("s1", "CLAIM", (0, 10)), sp("s2", "SOURCE", (12, 15), actor="x"),
           sp("s3", "CUE", (16, 20)),
           frames=[fr("f1", ["s1"], ["s2"], ["s3"])])
    b = Layer("b", DocStatus.DONE, a.spans, a.frames)
    p = compute_agreement([doc("d", 30, a, b)]).pair("a", "b")
    assert p.exact.f1 == p.overlap.f1 == p.frames.frames.f1 == p.frames.full.f1 == 1
    assert p.chars.kappa == p.chars.kappa_coded == p.alpha == 1
    assert p.actors.same == 1
    assert p.actors.agreement == 1
    assert all(role.agreed == role.frames == 1 for role in p.frames.roles.values())


def test_total_disagreement() -> None:
    # A: CLAIM 0-5; B: SOURCE 5-10. Table (CLAIM, none) 5, (none, SOURCE) 5: agreed 0,
    # chance = rows none 5 x columns none 5 = 25: kappa = (0 - 25)/(100 - 25) = -1/3.
    # Alpha: n_CLAIM 5, n_none 10, n_SOURCE 5, all 20 coincidences disagree:
    # 1 - 19*20/(400 - 150) = -13/25.
    r = compute_agreement([doc("d", 10, ly("a", sp("s1", "CLAIM", (0, 5))),
                               ly("b", sp("s1", "SOURCE", (5, 10))))])
    p = r.pair("a", "b")
    assert p.exact.f1 == p.overlap.f1 == 0
    assert p.chars.kappa == f(-1, 3)
    assert r.alpha == f(-13, 25)
    assert p.confusion.counts == {("CLAIM", None): 1, (None, "SOURCE"): 1}


def test_same_stretch_with_another_label() -> None:
    # Every character CLAIM for A and SOURCE for B: p_o = 0 = p_e, kappa = 0;
    # alpha = 1 - 19*20/(400 - 200) = -9/10. The spans pair up as a label confusion.
    r = compute_agreement([doc("d", 10, ly("a", sp("s1", "CLAIM", (0, 10))),
                               ly("b", sp("s1", "SOURCE", (0, 10))))])
    p = r.pair("a", "b")
    assert p.overlap.f1 == 0
    assert p.chars.kappa == 0
    assert r.alpha == f(-9, 10)
    assert p.confusion.counts == {("CLAIM", "SOURCE"): 1}


def test_no_annotations_at_all_is_undefined_not_a_crash() -> None:
    r = compute_agreement([doc("d1", 50, ly("a"), ly("b")), doc("d2", 0, ly("a"), ly("b"))])
    p = r.pair("a", "b")
    assert (p.exact.precision, p.exact.recall, p.exact.f1) == (None, None, None)
    assert p.overlap.f1 is None
    assert p.frames.frames.f1 is None
    assert p.chars.units == 50
    assert p.chars.observed == 1
    assert p.chars.kappa is None
    assert p.chars.kappa_coded is None
    assert r.alpha is None
    assert r.alpha_coded is None
    assert p.actors.agreement is None
    assert r.documents.compared == 2
    assert [d.pairs[0].kappa for d in r.per_document] == [None, None]
    json.dumps(r.to_json(), allow_nan=False)


def test_no_documents_at_all() -> None:
    r = compute_agreement([])
    assert r.pairs == ()
    assert r.alpha is None
    assert r.documents.total == 0
    json.dumps(r.to_json(), allow_nan=False)


def test_one_annotator_is_counted_and_left_out() -> None:
    only = [doc("d1", 10, ly("a", sp("s1", "CLAIM", (0, 5)))), doc("d2", 10, ly("a"))]
    r = compute_agreement(only)
    assert r.annotators == ("a",)
    assert r.pairs == ()
    assert r.alpha is None
    assert (r.documents.total, r.documents.compared, r.documents.single) == (2, 0, 2)
    assert r.annotator_stats["a"].spans == {"CLAIM": 1}
    named = compute_agreement(only, annotators=["a", "b"])
    [p] = named.pairs
    assert (p.a, p.b, p.documents) == ("a", "b", 0)
    assert p.overlap.f1 is None
    assert p.chars.kappa is None


def test_documents_one_annotator_did_are_left_out_and_counted() -> None:
    a1, b1 = ly("a", sp("s1", "CLAIM", (0, 5))), ly("b", sp("s1", "CLAIM", (0, 5)))
    docs = [doc("d1", 10, a1, b1), doc("d2", 10, ly("a", sp("s1", "CUE", (0, 5)))),
            doc("d3", 10, ly("b")), DocLayers("d4", 10, {})]
    r = compute_agreement(docs)
    assert r.documents.to_json() == {"total": 4, "compared": 1, "single": 2, "none": 1,
                                     "single_by_annotator": {"a": 1, "b": 1}}
    assert r.pair("a", "b").documents == 1
    assert r.pair("a", "b").overlap.f1 == 1  # d2's CUE does not count against b
    assert [d.doc_id for d in r.per_document] == ["d1"]
    assert r.annotator_stats["a"].spans == {"CLAIM": 1, "CUE": 1}  # stats see every document
    assert r.annotator_stats["a"].documents == 2


def test_nested_spans_in_one_layer() -> None:
    # A: CLAIM 0-20 with an ACTOR 5-10 nested in it; B: CLAIM 0-20; 25 characters.
    # Categories: (CLAIM)/(CLAIM) 15, (ACTOR+CLAIM)/(CLAIM) 5, none/none 5. agreed 20;
    # chance = 15*20 + 5*0 + 5*5 = 325: kappa = (25*20 - 325)/(625 - 325) = 7/12.
    a = ly("a", sp("s1", "CLAIM", (0, 20)), sp("s2", "ACTOR", (5, 10)))
    b = ly("b", sp("s1", "CLAIM", (0, 20)))
    p = compute_agreement([doc("d", 25, a, b)]).pair("a", "b")
    assert p.chars.kappa == f(7, 12)
    assert p.per_label["CLAIM"].kappa == 1  # as a yes/no question CLAIM agrees fully
    # ACTOR yes/no: (yes, no) 5, (no, no) 20: p_o = 20/25 = p_e: kappa = 0.
    assert p.per_label["ACTOR"].kappa == 0
    assert (p.overlap.matched, p.overlap.a, p.overlap.b) == (1, 2, 1)
    # The nested ACTOR is not a label confusion with anything: it stays unmatched.
    assert p.confusion.counts == {("CLAIM", "CLAIM"): 1, ("ACTOR", None): 1}


def test_overlapping_spans_of_one_label_match_one_to_one() -> None:
    # A splits what B marks as one CLAIM into two overlapping CLAIMs: one match only.
    # Characters do not see the split: A covers 0-15 either way.
    a = ly("a", sp("s1", "CLAIM", (0, 10)), sp("s2", "CLAIM", (5, 15)))
    b = ly("b", sp("s1", "CLAIM", (0, 15)))
    p = compute_agreement([doc("d", 20, a, b)]).pair("a", "b")
    assert (p.overlap.precision, p.overlap.recall, p.overlap.f1) == (f(1, 2), 1, f(2, 3))
    assert p.chars.kappa == 1


def test_overlap_matching_takes_the_maximum_not_the_greedy_pairs() -> None:
    # A0 = 0-20 shares 15 with B0 = 5-25 and 3 with B1 = 0-3; A1 = 22-24 shares 2 with B0
    # only. Greedy by largest overlap would match 1 pair; the maximum matches 2.
    a = ly("a", sp("s1", "CLAIM", (0, 20)), sp("s2", "CLAIM", (22, 24)))
    b = ly("b", sp("s1", "CLAIM", (0, 3)), sp("s2", "CLAIM", (5, 25)))
    p = compute_agreement([doc("d", 30, a, b)]).pair("a", "b")
    assert p.overlap.f1 == 1


def test_discontinuous_spans() -> None:
    # A: CLAIM in two fragments 0-5 and 10-15; B1 the same fragments (exact match);
    # B2 one continuous CLAIM 0-15 (overlap only); B3 CLAIM 6-9, inside A's outer bounds
    # but sharing no character (no match at all).
    a = ly("a", sp("s1", "CLAIM", (0, 5), (10, 15)))
    same = ly("b", sp("s9", "CLAIM", (0, 5), (10, 15)))
    joined = ly("b", sp("s9", "CLAIM", (0, 15)))
    inside = ly("b", sp("s9", "CLAIM", (6, 9)))
    p = compute_agreement([doc("d", 20, a, same)]).pair("a", "b")
    assert p.exact.f1 == p.chars.kappa == 1
    p = compute_agreement([doc("d", 20, a, joined)]).pair("a", "b")
    assert (p.exact.f1, p.overlap.f1) == (0, 1)
    # (CLAIM, CLAIM) 10, (none, CLAIM) 5, (none, none) 5; agreed 15, rows 10/10,
    # columns 15/5: (20*15 - (150 + 50)) / (400 - 200) = 1/2.
    assert p.chars.kappa == f(1, 2)
    p = compute_agreement([doc("d", 20, a, inside)]).pair("a", "b")
    assert p.overlap.f1 == 0
    assert p.per_label["CLAIM"].chars.matched == 0


def test_astral_text_counts_code_points() -> None:
    text = f"{FLAG} {ZWJ_FAMILY} said: “{EMOJI} is here.” {EMOJI}"
    start = text.index("“")
    end = text.index("”") + 1
    quote = (start, end)
    src = (0, len(FLAG))  # a flag is two code points, and two units
    d = Document(id="d", title="", text=text, sha256=sha256_text(text))
    a = ly("a", sp("s1", "CLAIM", quote), sp("s2", "SOURCE", src))
    b = ly("b", sp("s1", "CLAIM", (start, end - 1)))
    r = compute_agreement([DocLayers.of(d, [a, b])])
    p = r.pair("a", "b")
    assert p.chars.units == len(text)
    claim = p.per_label["CLAIM"].chars
    assert (claim.matched, claim.a, claim.b) == (end - 1 - start, end - start, end - 1 - start)
    assert p.per_label["SOURCE"].chars.a == 2
    assert p.overlap.matched == 1


def test_crlf_input_agrees_once_offsets_are_remapped() -> None:
    # One annotator worked on the CRLF original (offsets remapped by import), one on the LF
    # text: after import both point at the same code points and agree fully.
    original = "Line one.\r\n\"It is final,\" she said.\r\nEnd."
    text, remap = normalize_newlines(original)
    s, e = original.index('"'), original.index("final,\"") + 7
    a = ly("a", sp("s1", "CLAIM", (remap(s), remap(e))))
    ls, le = text.index('"'), text.index("final,\"") + 7
    b = ly("b", sp("s1", "CLAIM", (ls, le)))
    p = compute_agreement([doc("d", len(text), a, b)]).pair("a", "b")
    assert p.exact.f1 == 1
    assert p.chars.kappa == 1


def test_frames_match_on_content_and_compare_roles() -> None:
    # A: f1 {content 0-10, source 12-15, cue 16-20}, f2 {content 30-40, cue 41-45}.
    # B: f1 {content 0-9, cue 16-20} (no source), f2 {content 50-60}.
    # Frames: A's f1 and B's f1 share content; f2s do not: P = R = 1/2, F1 = 1/2.
    # Given the matched pair: cue 1 of 1/1 agrees; source 0 matched of A 1 / B 0: no full
    # agreement.
    a = ly("a", sp("c1", "CLAIM", (0, 10)), sp("s1", "SOURCE", (12, 15)),
           sp("q1", "CUE", (16, 20)), sp("c2", "CLAIM", (30, 40)), sp("q2", "CUE", (41, 45)),
           frames=[fr("f1", ["c1"], ["s1"], ["q1"]), fr("f2", ["c2"], [], ["q2"])])
    b = ly("b", sp("c1", "CLAIM", (0, 9)), sp("q1", "CUE", (16, 20)),
           sp("c2", "CLAIM", (50, 60)),
           frames=[fr("f1", ["c1"], [], ["q1"]), fr("f2", ["c2"])])
    p = compute_agreement([doc("d", 70, a, b)]).pair("a", "b")
    fa = p.frames
    assert (fa.frames.matched, fa.frames.a, fa.frames.b) == (1, 2, 2)
    assert fa.frames.f1 == f(1, 2)
    assert fa.full.matched == 0
    assert fa.full.f1 == 0
    cue, source = fa.roles["cue"], fa.roles["source"]
    assert (cue.fillers.f1, cue.agreed, cue.frames) == (1, 1, 1)
    assert (source.fillers.matched, source.fillers.a, source.fillers.b) == (0, 1, 0)
    assert (source.agreed, source.frames) == (0, 1)
    # With the source added to B's frame the structure agrees fully.
    b2 = ly("b", *b.spans, sp("s1", "SOURCE", (11, 15)),
            frames=[fr("f1", ["c1"], ["s1"], ["q1"]), fr("f2", ["c2"])])
    p2 = compute_agreement([doc("d", 70, a, b2)]).pair("a", "b")
    assert p2.frames.full.f1 == f(1, 2)
    assert p2.frames.roles["source"].fillers.f1 == 1


def test_frames_over_discontinuous_content_and_frames_without_content() -> None:
    a = ly("a", sp("c1", "CLAIM", (0, 5), (10, 15)), frames=[fr("f1", ["c1"]), fr("f2")])
    b = ly("b", sp("c1", "CLAIM", (6, 9)), sp("c2", "CLAIM", (12, 20)),
           frames=[fr("f1", ["c1"]), fr("f2", ["c2"])])
    fa = compute_agreement([doc("d", 20, a, b)]).pair("a", "b").frames
    # B's f1 lies in A's gap; B's f2 shares 12-15. A's empty f2 can never match.
    assert (fa.frames.matched, fa.frames.a, fa.frames.b) == (1, 2, 2)


def test_actor_links_on_matched_spans() -> None:
    a = ly("a", sp("s1", "SOURCE", (0, 5), actor="x"), sp("s2", "ACTOR", (10, 15), actor="x"),
           sp("s3", "ACTOR", (20, 25), actor="y"), sp("s4", "SOURCE", (30, 35)),
           sp("s5", "SOURCE", (40, 45)), sp("s6", "CLAIM", (50, 55), actor="x"))
    b = ly("b", sp("s1", "SOURCE", (0, 4), actor="x"), sp("s2", "ACTOR", (10, 15), actor="z"),
           sp("s3", "ACTOR", (20, 25)), sp("s4", "SOURCE", (30, 35), actor="x"),
           sp("s5", "SOURCE", (40, 45)), sp("s6", "CLAIM", (50, 55), actor="y"))
    act = compute_agreement([doc("d", 60, a, b)]).pair("a", "b").actors
    assert act.to_json() == {"same": 1, "different": 1, "only_a": 1, "only_b": 1, "neither": 1,
                             "agreement": 0.25}


def test_label_filter_restricts_spans_but_not_frames() -> None:
    a = ly("a", sp("c1", "CLAIM", (0, 10)), sp("s1", "SOURCE", (12, 15)),
           frames=[fr("f1", ["c1"], ["s1"])])
    b = ly("b", sp("c1", "CLAIM", (0, 10)), frames=[fr("f1", ["c1"])])
    r = compute_agreement([doc("d", 20, a, b)], labels=["CLAIM"])
    p = r.pair("a", "b")
    assert r.labels == ("CLAIM",)
    assert r.label_filter == ("CLAIM",)
    assert p.overlap.f1 == p.chars.kappa == 1  # SOURCE is not there for spans or characters
    assert p.frames.full.matched == 0  # the frame still sees its source
    assert list(p.per_label) == ["CLAIM"]


def test_only_accepted_spans_count() -> None:
    a = ly("a", sp("s1", "CLAIM", (0, 10)), sp("s2", "CUE", (12, 15), state=SpanState.PENDING),
           sp("s3", "ACTOR", (16, 18), state=SpanState.REJECTED))
    b = ly("b", sp("s1", "CLAIM", (0, 10)))
    p = compute_agreement([doc("d", 20, a, b)]).pair("a", "b")
    assert p.exact.f1 == p.chars.kappa == 1


def test_status_filter_and_the_gold_layer() -> None:
    a = ly("a", sp("s1", "CLAIM", (0, 10)))
    b = ly("b", sp("s1", "CUE", (0, 10)), status=DocStatus.IN_PROGRESS)
    g = ly(GOLD, sp("s1", "CLAIM", (0, 10)))
    r = compute_agreement([doc("d", 10, a, b, g)])
    assert r.annotators == ("a", "b")  # gold is not an annotator unless asked for
    r = compute_agreement([doc("d", 10, a, b, g)], statuses={DocStatus.DONE})
    assert r.pairs == ()
    assert r.documents.single == 1
    r = compute_agreement([doc("d", 10, a, b, g)], annotators=["a", GOLD])
    assert r.pair("a", GOLD).exact.f1 == 1


def test_pairs_follow_the_annotator_order_given() -> None:
    a = ly("a", sp("s1", "CLAIM", (0, 10)))
    b = ly("b", sp("s1", "CLAIM", (0, 10)), sp("s2", "CUE", (12, 14)))
    c = ly("c")
    r = compute_agreement([doc("d", 20, a, b, c)], annotators=["c", "b", "a"])
    assert [(p.a, p.b) for p in r.pairs] == [("c", "b"), ("c", "a"), ("b", "a")]
    ba = r.pair("b", "a")
    assert (ba.a, ba.overlap.precision, ba.overlap.recall) == ("b", f(1, 2), 1)
    with pytest.raises(KeyError):
        r.pair("a", "z")
    with pytest.raises(ValueError, match="twice"):
        compute_agreement([], annotators=["a", "a"])
    with pytest.raises(TypeError, match="not one string"):
        compute_agreement([], labels="CLAIM")


def test_alpha_with_three_annotators_and_missing_layers() -> None:
    # d1: a, b, c on 4 characters; d2: a and b only (c missing); d3: c only (left out).
    # d1: a CLAIM 0-2, b CLAIM 0-2, c none -> units (C,C,n) x2, (n,n,n) x2.
    # d2 (2 chars): a CLAIM, b none -> (C,n) x2.
    # Coincidences: (C,C,n) gives C/C 2/2, C/n 4/2 (2 each way) -> per unit C/C 1, C/n 1,
    # n/C 1; x2 units. (n,n,n): n/n 6/2 = 3 per unit, x2. (C,n) per unit: C/n 1, n/C 1, x2.
    # o: C/C 2, C/n 4, n/C 4, n/n 6. n_C 6, n_n 10, n = 16.
    # alpha = 1 - 15*8/(256 - 36 - 100) = 1 - 120/120 = 0.
    d1 = doc("d1", 4, ly("a", sp("s", "CLAIM", (0, 2))), ly("b", sp("s", "CLAIM", (0, 2))),
             ly("c"))
    d2 = doc("d2", 2, ly("a", sp("s", "CLAIM", (0, 2))), ly("b"))
    d3 = doc("d3", 9, ly("c", sp("s", "CLAIM", (0, 9))))
    r = compute_agreement([d1, d2, d3])
    assert r.alpha == 0
    assert r.alpha_units == 6
    assert r.pair("a", "c").documents == 1
    assert r.documents.single_by_annotator == {"c": 1}


def test_streaming_equals_one_call_and_report_can_be_repeated() -> None:
    docs = [doc(f"d{i}", 20, ly("a", sp("s", "CLAIM", (i, i + 5))),
                ly("b", sp("s", "CLAIM", (0, 5)))) for i in range(5)]
    acc = AgreementAccumulator()
    for d in docs:
        acc.add(d)
    first = acc.report()
    assert first == acc.report()
    assert first.to_json() == compute_agreement(iter(docs)).to_json()
    assert len(first.per_document) == 5
    lean = compute_agreement(docs, per_document=False)
    assert lean.per_document == ()
    assert lean.pairs == first.pairs


def test_span_outside_the_text_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"document 'd', layer 'a', span 's1' \(5\.\.12\): "
                       "offset 12 is past the end of the text"):
        compute_agreement([doc("d", 10, ly("a", sp("s1", "CLAIM", (5, 12))), ly("b"))])
    with pytest.raises(ValueError, match="end 3 is not after start 3"):
        compute_agreement([doc("d", 10, ly("a", sp("s1", "CLAIM", (0, 2), (3, 3))), ly("b"))])


def test_json_has_the_documented_shape() -> None:
    a = ly("a", sp("s1", "CLAIM", (0, 10)), frames=[fr("f1", ["s1"])])
    b = ly("b", sp("s1", "CLAIM", (0, 8)), frames=[fr("f1", ["s1"])])
    out = json.loads(json.dumps(compute_agreement([doc("d", 20, a, b)]).to_json(),
                                allow_nan=False))
    [pair] = out["pairs"]
    assert (pair["a"], pair["b"]) == ("a", "b")
    for kind in ("exact", "overlap"):
        assert set(pair["spans"][kind]) >= {"precision", "recall", "f1"}
    assert pair["frames"]["f1"] == 1
    assert isinstance(out["alpha"], float)
    assert set(pair["per_label"]["CLAIM"]) == {"exact", "overlap", "chars", "kappa"}
    assert out["per_label"]["CLAIM"]["alpha"] == out["alpha"]
    assert out["per_document"][0]["id"] == "d"
    assert out["per_document"][0]["pairs"][0]["overlap"]["f1"] == 1
    assert out["documents"]["compared"] == 1
    assert pair["confusion"] == {"labels": ["CLAIM", None], "counts": [[1, 0], [0, 0]]}
