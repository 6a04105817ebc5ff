"""Properties over open-ended text: offsets always fit, nothing crashes, nothing repeats."""

from __future__ import annotations

from dataclasses import replace

from helpers.assist import codebook, dev_actors, doc
from helpers.foundation import HARD_PIECES, any_text, deterministic
from hypothesis import given
from hypothesis import strategies as st

from desktop.assist.engine import Suggester, Suggestions, span_key
from desktop.core.model import Layer, SpanState
from desktop.core.offsets import normalize_newlines
from desktop.core.snapping import is_boundary
from desktop.core.validate import frame_problems, span_codebook_problems

SUGGESTER = Suggester(codebook(), actors=dev_actors())

# Pieces that make the rules fire: quotation marks of every kind, cues, names, titles,
# punctuation, paragraph breaks, and the hard Unicode of the rest of the suite.
PIECES = ('"', "“", "”", "«", "»", "„", "‘", "’", "'", " said", " told reporters", " added",
          " according to", " denied that", " Varga", " Anton Varga", " Prime Minister",
          " the ministry", " he", " she", " two people familiar with the talks", ",", ".",
          ":", ";", "?", " that", " who", " and", " (AIB)", " 29,", "\n", "\n\n", " ",
          "LOMIRA, May 3 - ", " Daltmark", " called", " It was announced", "Mr.", *HARD_PIECES)
wordy_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=40).map("".join)


def check(text: str, s: Suggestions) -> None:
    ids = {sp.id: sp for sp in s.spans}
    assert len(ids) == len(s.spans)
    for sp in s.spans:
        assert sp.fragments
        assert all(0 <= a < b <= len(text) for a, b in sp.fragments)
        assert all(b1 <= a2 for (_, b1), (a2, _) in zip(sp.fragments, sp.fragments[1:],
                                                          strict=False))
        assert sp.text == " ".join(text[a:b] for a, b in sp.fragments)
        assert all(is_boundary(text, a) and is_boundary(text, b) for a, b in sp.fragments)
        assert sp.state == SpanState.PENDING
        assert span_codebook_problems(sp, codebook()) == []
    labels = {sid: sp.label for sid, sp in ids.items()}
    for f in s.frames:
        assert set(f.roles["content"]) <= set(ids)
        assert frame_problems(f, labels=labels, codebook=codebook()) == []
    assert set(s.evidence) == set(ids) | {f.id for f in s.frames}


@deterministic(300)
@given(any_text)
def test_arbitrary_text(raw: str) -> None:
    text, _ = normalize_newlines(raw)
    check(text, SUGGESTER.suggest(doc(text)))


@deterministic(400)
@given(wordy_text)
def test_text_that_makes_the_rules_fire(raw: str) -> None:
    text, _ = normalize_newlines(raw)
    s = SUGGESTER.suggest(doc(text))
    check(text, s)
    # accepted as they are, the suggestions are never proposed again
    accepted = tuple(replace(sp, state=SpanState.ACCEPTED) for sp in s.spans)
    again = SUGGESTER.suggest(doc(text), existing=Layer("a", spans=accepted, frames=s.frames))
    assert not {span_key(sp) for sp in again.spans} & {span_key(sp) for sp in s.spans}
    assert again.frames == ()
    # rejected, they are never proposed again either
    rejected = SUGGESTER.suggest(doc(text), rejected={span_key(sp) for sp in s.spans})
    assert not {span_key(sp) for sp in rejected.spans} & {span_key(sp) for sp in s.spans}


@deterministic(100)
@given(wordy_text)
def test_raw_carriage_returns_do_not_crash(raw: str) -> None:
    check(raw, SUGGESTER.suggest(doc(raw)))
