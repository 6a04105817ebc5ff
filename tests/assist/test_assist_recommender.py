"""The string-matching recommender: a phrase labelled once is proposed in other documents."""

from __future__ import annotations

from helpers.assist import codebook, doc

from desktop.assist.engine import Learned, Suggester
from desktop.assist.recommender import StringRecommender
from desktop.core.model import Layer, Span, SpanState


def labelled_layer(text: str, *items: tuple[str, str, SpanState]) -> Layer:
    spans = []
    for k, (label, piece, state) in enumerate(items):
        start = text.index(piece)
        spans.append(Span.from_text(text, id=f"s{k + 1}", label=label,
                                    fragments=((start, start + len(piece)),), state=state))
    return Layer("alice", spans=tuple(spans))


FIRST = "Analysts at Havstad Securities expect a slowdown."
SECOND = "Shares of Havstad Securities fell, and Havstad Securities cut jobs."
THIRD = "The central bank made clear that rates would stay high."


def test_labelling_a_phrase_once_proposes_it_in_other_documents() -> None:
    rec = StringRecommender.from_layers([(doc(FIRST), labelled_layer(
        FIRST, ("ACTOR", "Havstad Securities", SpanState.ACCEPTED)))])
    suggester = Suggester(codebook(), learned=Learned(strings=rec))
    s = suggester.suggest(doc(SECOND, "d2"))
    found = [(sp.label, sp.text, s.evidence[sp.id].engine) for sp in s.spans]
    assert found == [("ACTOR", "Havstad Securities", "strings")] * 2
    assert s.evidence[s.spans[0].id].score == round(2 / 3, 2)


def test_a_learned_cue_is_proposed_too() -> None:
    rec = StringRecommender.from_layers([(doc(FIRST), labelled_layer(
        FIRST, ("CUE", "expect", SpanState.ACCEPTED)))])
    s = Suggester(codebook(), learned=Learned(strings=rec)).suggest(
        doc("Economists expect a slowdown too.", "d3"))
    assert [(sp.label, sp.text) for sp in s.spans] == [("CUE", "expect")]


def test_rejections_count_against_a_phrase() -> None:
    layers = [(doc(FIRST, f"d{i}"), labelled_layer(
        FIRST, ("ACTOR", "Havstad Securities", SpanState.REJECTED))) for i in range(2)]
    layers.append((doc(FIRST, "d9"), labelled_layer(
        FIRST, ("ACTOR", "Havstad Securities", SpanState.ACCEPTED))))
    rec = StringRecommender.from_layers(layers)
    (phrase,) = rec.phrases()
    assert (phrase.accepted, phrase.rejected, phrase.score) == (1, 2, 0.4)
    assert rec.propose(doc(SECOND)) == []


def test_pending_spans_teach_nothing_and_matching_is_exact() -> None:
    rec = StringRecommender()
    rec.learn(doc(FIRST), labelled_layer(FIRST, ("ACTOR", "Havstad Securities",
                                                 SpanState.PENDING)))
    assert rec.phrases() == []
    rec.learn(doc(FIRST), labelled_layer(FIRST, ("ACTOR", "Havstad Securities",
                                                 SpanState.ACCEPTED)))
    assert rec.propose(doc("havstad securities and Havstad Securitiesx")) == []


def test_the_best_label_wins_and_rules_keep_their_frames() -> None:
    layers = [(doc(THIRD), labelled_layer(THIRD, ("CUE", "made clear", SpanState.ACCEPTED))),
              (doc(THIRD, "d2"), labelled_layer(THIRD, ("CUE", "made clear",
                                                        SpanState.ACCEPTED))),
              (doc(THIRD, "d3"), labelled_layer(THIRD, ("ACTOR", "made clear",
                                                        SpanState.ACCEPTED)))]
    rec = StringRecommender.from_layers(layers)
    assert [p.label for p in rec.propose(doc(THIRD))] == ["CUE"]
    s = Suggester(codebook(), learned=Learned(strings=rec)).suggest(doc(THIRD))
    # the rules already propose this cue in a frame: no second CUE span
    assert [sp.text for sp in s.spans if sp.label == "CUE"] == ["made clear"]
    assert len(s.frames) == 1


def test_counts_from_a_store_teach_the_same_as_the_layers() -> None:
    layers = [(doc(FIRST, f"d{i}"), labelled_layer(
        FIRST, ("ACTOR", "Havstad Securities", state))) for i, state in
        enumerate((SpanState.ACCEPTED, SpanState.ACCEPTED, SpanState.REJECTED))]
    walked = StringRecommender.from_layers(layers)
    counted = StringRecommender.from_counts([("ACTOR", "Havstad Securities", 2, 1),
                                             ("CUE", " x ", 5, 0)])
    assert counted.phrases() == walked.phrases()
    assert counted.propose(doc(SECOND)) == walked.propose(doc(SECOND))
