"""The fast span parser accepts exactly what the careful one accepts, and builds the same span."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.codebook import load_codebook
from desktop.core.errors import InputError
from desktop.core.offsets import normalize_newlines
from desktop.formats.jsonl.reader import _Fields, _span, _span_fast
from desktop.resources import default_codebook_path

CODEBOOK = load_codebook(default_codebook_path())
TEXT = 'Officials said "the truce holds" 😀 in Երևան and قال on Friday.'

_values = st.one_of(st.none(), st.booleans(), st.integers(-3, len(TEXT) + 3),
                    st.text(max_size=6), st.lists(st.integers(0, 9), max_size=2),
                    st.dictionaries(st.sampled_from(["form", "kind", "x"]),
                                    st.sampled_from(["direct", "person", "bogus", 1]),
                                    max_size=2))


def _maybe_junk(draw: Any, valid: Any) -> Any:
    """Mostly the valid value, sometimes junk of any JSON type."""
    return draw(_values) if draw(st.integers(0, 5)) == 0 else valid


@st.composite
def span_dicts(draw: Any) -> dict[str, Any]:
    start = draw(st.integers(-1, len(TEXT)))
    end = draw(st.integers(start - 1, len(TEXT) + 1))
    obj: dict[str, Any] = {
        "id": _maybe_junk(draw, "s1"),
        "label": _maybe_junk(draw, draw(st.sampled_from(["ACTOR", "CLAIM", "SOURCE", "CUE",
                                                         "X"]))),
        "start": _maybe_junk(draw, start),
        "end": _maybe_junk(draw, end),
    }
    if draw(st.booleans()):
        right = TEXT[start:end] if 0 <= start < end else ""
        obj["text"] = _maybe_junk(draw, draw(st.sampled_from([right, right, right + "x",
                                                              right[1:]])))
    options = {"origin": ["manual", "suggested", "imported", "other"],
               "state": ["accepted", "pending", "rejected", "other"],
               "attrs": [{}, {"form": "direct"}, {"kind": "person"}, {"form": "bogus"}],
               "actor": ["a1", None], "note": ["ok", None]}
    for key, choices in options.items():
        if draw(st.booleans()):
            obj[key] = _maybe_junk(draw, draw(st.sampled_from(choices)))
    return obj


@settings(max_examples=600, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(span_dicts(), st.booleans())
def test_fast_and_careful_parsers_agree(obj: dict[str, Any], extend: bool) -> None:
    text, remap = normalize_newlines(TEXT)
    fast = _span_fast(obj, text, remap, CODEBOOK, extend)
    try:
        careful = _span(_Fields(obj, "spans[0]"), text, remap, CODEBOOK, extend)
    except InputError:
        assert fast is None
        return
    if fast is not None:
        assert fast == careful


def test_fast_path_takes_the_common_span() -> None:
    text, remap = normalize_newlines(TEXT)
    obj = {"id": "s1", "label": "SOURCE", "start": 0, "end": 9, "text": "Officials",
           "attrs": {"anonymity": "named"}, "actor": None}
    span = _span_fast(obj, text, remap, CODEBOOK, False)
    assert span is not None
    assert span.text == "Officials"


def test_crlf_input_goes_the_careful_way() -> None:
    text, remap = normalize_newlines("a\r\nb c")
    assert _span_fast({"id": "s1", "label": "CUE", "start": 3, "end": 4}, text, remap,
                      CODEBOOK, False) is None
