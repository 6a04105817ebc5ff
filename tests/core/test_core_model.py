"""Data classes and the error messages every layer shows to users."""

from __future__ import annotations

import dataclasses

import pytest
from helpers.foundation import EMOJI, deterministic
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.errors import Cancelled, ClaimdeskError, CodebookError, InputError
from desktop.core.model import _SPAN_SLOTS, Frame, Origin, Span, SpanState, new_span


def test_span_bounds_and_text() -> None:
    text = f'"{EMOJI} The decision," he said, "is final."'
    first = (1, text.index(","))
    second = (text.index("is final"), text.index("is final") + 8)
    s = Span.from_text(text, id="s1", label="CLAIM", fragments=(first, second))
    assert (s.start, s.end) == (first[0], second[1])
    assert s.discontinuous
    assert s.text == f"{EMOJI} The decision is final"
    assert not Span.from_text(text, id="s2", label="CUE", fragments=((0, 1),)).discontinuous


@pytest.mark.parametrize("fragments", [(), ((2, 6), (5, 8)), ((5, 8), (2, 6))])
def test_span_rejects_bad_fragments(fragments: tuple[tuple[int, int], ...]) -> None:
    with pytest.raises(ValueError, match="fragment"):
        Span(id="s1", label="CLAIM", fragments=fragments, text="")


def test_frame_span_ids() -> None:
    f = Frame(id="f1", type="attribution", roles={"content": ("s1",), "cue": ("s2", "s3")})
    assert f.span_ids() == {"s1", "s2", "s3"}


@pytest.mark.parametrize(("kwargs", "message"), [
    ({}, "bad thing"),
    ({"file": "a.jsonl"}, "a.jsonl: bad thing"),
    ({"file": "a.jsonl", "line": 3}, "a.jsonl:3: bad thing"),
    ({"file": "a.jsonl", "line": 3, "field": "spans[0].label"},
     "a.jsonl:3, field 'spans[0].label': bad thing"),
    ({"line": 7}, "line 7: bad thing"),
    ({"field": "x"}, "field 'x': bad thing"),
])
def test_input_error_message(kwargs: dict[str, object], message: str) -> None:
    exc = InputError("bad thing", **kwargs)  # type: ignore[arg-type]
    assert str(exc) == message
    assert isinstance(exc, ClaimdeskError)


def test_located_fills_only_what_is_missing() -> None:
    exc = InputError("bad", field="spans[0].end").located(file="b.jsonl", line=2)
    assert str(exc) == "b.jsonl:2, field 'spans[0].end': bad"
    kept = InputError("bad", file="a.jsonl", line=1).located(file="b.jsonl", line=2)
    assert str(kept) == "a.jsonl:1: bad"


def test_located_keeps_the_error_class() -> None:
    exc = CodebookError("bad", field="labels[0].color").located(file="cb.toml")
    assert isinstance(exc, CodebookError)


def test_cancelled_message() -> None:
    assert "nothing was written" in str(Cancelled())


def test_new_span_lists_every_field_in_order() -> None:
    assert tuple(f.name for f in dataclasses.fields(Span)) == _SPAN_SLOTS


@deterministic(200)
@given(st.lists(st.tuples(st.integers(-3, 40), st.integers(-3, 40)), min_size=0, max_size=3),
       st.sampled_from(list(Origin)), st.sampled_from(list(SpanState)),
       st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2))
def test_new_span_is_span(frags: list[tuple[int, int]], origin: Origin, state: SpanState,
                          attrs: dict[str, str]) -> None:
    args = ("s1", "CLAIM", tuple(frags), "some text", attrs, None, origin, state, "n")
    try:
        expected = Span(*args)
    except ValueError:
        with pytest.raises(ValueError, match="fragment"):
            new_span(*args)
        return
    made = new_span(*args)
    assert made == expected
    assert type(made) is Span
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.label = "CUE"  # type: ignore[misc]
