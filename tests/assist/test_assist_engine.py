"""The suggest API: pending spans, frames over existing spans, rejected keys, fresh ids."""

from __future__ import annotations

import pytest
from helpers.assist import codebook, doc, readable

from desktop.assist.engine import Learned, Proposal, Suggester, span_key, suggest
from desktop.core.codebook import parse_codebook
from desktop.core.errors import Cancelled
from desktop.core.model import Document, Frame, Layer, Origin, Span, SpanState
from desktop.core.validate import (
    frame_limit_problems,
    frame_problems,
    span_codebook_problems,
    span_problems,
)

TEXT = '"We are ready," Varga said. Officials said the talks would resume.'


def span_at(text: str, sid: str, label: str, piece: str, *,
            state: SpanState = SpanState.ACCEPTED) -> Span:
    start = text.index(piece)
    return Span.from_text(text, id=sid, label=label, fragments=((start, start + len(piece)),),
                          state=state)


def test_suggested_spans_are_pending_and_fit_the_text() -> None:
    s = suggest(doc(TEXT), codebook())
    assert s.document_id == "d1"
    assert {sp.label for sp in s.spans} == {"CLAIM", "SOURCE", "CUE"}
    for sp in s.spans:
        assert sp.origin == Origin.SUGGESTED
        assert sp.state == SpanState.PENDING
        assert span_problems(sp, TEXT) == []
        assert span_codebook_problems(sp, codebook()) == []
    labels = {sp.id: sp.label for sp in s.spans}
    for f in s.frames:
        assert frame_problems(f, labels=labels, codebook=codebook()) == []
        assert frame_limit_problems(f, codebook()) == []
    assert set(s.evidence) == {sp.id for sp in s.spans} | {f.id for f in s.frames}
    assert all(0 < e.score <= 1 for e in s.evidence.values())


def test_nothing_the_annotator_has_is_proposed_again() -> None:
    source = span_at(TEXT, "s1", "SOURCE", "Varga")
    claim = span_at(TEXT, "s7", "CLAIM", '"We are ready,"')
    existing = Layer("alice", spans=(source, claim))
    s = Suggester(codebook()).suggest(doc(TEXT), existing=existing)
    assert not {span_key(sp) for sp in s.spans} & {span_key(source), span_key(claim)}
    first = s.frames[0]
    assert first.roles["content"] == ("s7",)
    assert first.roles["source"] == ("s1",)
    assert {sp.id for sp in s.spans}.isdisjoint({"s1", "s7"})


def test_a_span_the_annotator_reshaped_is_used_not_duplicated() -> None:
    mine = span_at(TEXT, "x1", "CLAIM", "the talks would resume.")  # with the full stop
    s = Suggester(codebook()).suggest(doc(TEXT), existing=Layer("alice", spans=(mine,)))
    assert [sp.text for sp in s.spans if sp.label == "CLAIM"] == ['"We are ready,"']
    assert s.frames[1].roles["content"] == ("x1",)


def test_a_claim_already_in_a_frame_gets_no_second_frame() -> None:
    claim = span_at(TEXT, "c1", "CLAIM", '"We are ready,"')
    frame = Frame("f1", "attribution", {"content": ("c1",)})
    s = Suggester(codebook()).suggest(doc(TEXT), existing=Layer("a", spans=(claim,),
                                                                 frames=(frame,)))
    assert all(f.roles["content"] != ("c1",) for f in s.frames)
    assert all(f.id != "f1" for f in s.frames)
    assert len(s.frames) == 1


def test_rejected_spans_are_never_proposed() -> None:
    first = Suggester(codebook()).suggest(doc(TEXT))
    source = next(sp for sp in first.spans if sp.text == "Varga")
    claim = next(sp for sp in first.spans if sp.text == "the talks would resume")
    s = Suggester(codebook()).suggest(doc(TEXT), rejected={span_key(source)})
    assert "Varga" not in [sp.text for sp in s.spans]
    assert readable(s)[0] == ('"We are ready,"', (), "said")  # the frame loses that role
    rejected = Layer("a", spans=(span_at(TEXT, "r1", "CLAIM", claim.text,
                                         state=SpanState.REJECTED),))
    s = Suggester(codebook()).suggest(doc(TEXT), existing=rejected)
    assert claim.text not in [sp.text for sp in s.spans]
    assert len(s.frames) == 1  # no frame without its content


def test_ids_continue_after_the_layer_and_never_clash() -> None:
    existing = Layer("a", spans=(span_at(TEXT, "s12", "ACTOR", "Officials"),),
                     frames=(Frame("f3", "attribution", {"content": ("s12",)}),))
    s = Suggester(codebook()).suggest(doc(TEXT), existing=existing)
    assert [sp.id for sp in s.spans][:2] == ["s13", "s14"]
    assert s.frames[0].id == "f4"


def test_the_codebook_decides_labels_roles_and_attributes() -> None:
    small = parse_codebook("""
[[labels]]
name = "CLAIM"
[[labels]]
name = "CUE"
""")
    s = Suggester(small).suggest(doc(TEXT))
    assert {sp.label for sp in s.spans} == {"CLAIM", "CUE"}
    assert all(sp.attrs == {} for sp in s.spans)  # no "form" attribute in this codebook
    assert s.frames == ()  # no attribution frame type


class _Fixed:
    name = "test"

    def __init__(self, proposals: list[Proposal]) -> None:
        self.proposals = proposals

    def propose(self, doc: Document) -> list[Proposal]:
        return self.proposals


def test_learned_spans_fill_gaps_only() -> None:
    start = TEXT.index("Officials")
    props = [Proposal("ACTOR", start, start + 9, 0.7, "x"),
             Proposal("CLAIM", 0, 5, 0.9, "overlaps a rule claim"),
             Proposal("ACTOR", 5, 500, 0.9, "out of range")]
    s = Suggester(codebook(), learned=Learned(model=_Fixed(props))).suggest(doc(TEXT))
    learned = [sp for sp in s.spans if s.evidence[sp.id].engine == "test"]
    assert [(sp.label, sp.text) for sp in learned] == [("ACTOR", "Officials")]
    assert s.evidence[learned[0].id].score == 0.7


class _Token:
    def __init__(self, after: int) -> None:
        self.after = after
        self.calls = 0

    def check(self) -> None:
        self.calls += 1
        if self.calls > self.after:
            raise Cancelled()


def test_suggest_many_reports_progress_and_can_be_cancelled() -> None:
    docs = [doc(TEXT, f"d{i}") for i in range(5)]
    seen: list[tuple[int, int, str]] = []
    out = list(Suggester(codebook()).suggest_many(
        docs, total=5, progress=lambda d, t, m: seen.append((d, t, m))))
    assert [x.document_id for x in out] == [f"d{i}" for i in range(5)]
    assert [x[:2] for x in seen] == [(i, 5) for i in range(1, 6)]
    got = []
    with pytest.raises(Cancelled):
        got.extend(Suggester(codebook()).suggest_many(docs, cancel=_Token(after=2)))
    assert len(got) == 2


def test_the_suggestions_as_a_layer() -> None:
    s = suggest(doc(TEXT), codebook())
    layer = s.layer("bot")
    assert layer.annotator == "bot"
    assert layer.spans == s.spans
    assert layer.frames == s.frames
