"""The fast span parser accepts exactly what the careful one accepts, and builds the same span."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.codebook import load_codebook
from desktop.core.errors import InputError
from desktop.core.offsets import normalize_newlines
from desktop.formats.jsonl.reader import (
    _actor,
    _actor_fast,
    _Fields,
    _frame,
    _frame_fast,
    _relation,
    _relation_fast,
    _span,
    _span_fast,
)
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


_ids = st.one_of(st.sampled_from(["s1", "s2", "s9", "f1", "r1"]), _values)
LABELS = {"s1": "CLAIM", "s2": "SOURCE", "s3": "CUE", "s4": "ACTOR"}


def _assert_agree(fast: object | None, obj: Any, careful: Callable[[_Fields], object],
                  where: str) -> None:
    """The fast parser gave up (None) or agrees with the careful one, and never accepts what
    the careful one refuses."""
    try:
        if not isinstance(obj, dict):
            raise InputError("not an object")
        expected = careful(_Fields(obj, where))
    except InputError:
        assert fast is None
        return
    if fast is not None:
        assert fast == expected


@st.composite
def frame_dicts(draw: Any) -> Any:
    if draw(st.integers(0, 20)) == 0:
        return draw(_values)
    obj: dict[str, Any] = {"id": _maybe_junk(draw, "f1"),
                           "type": _maybe_junk(draw, draw(st.sampled_from(
                               ["attribution", "Attribution", "x"])))}
    if draw(st.booleans()):
        roles = draw(st.dictionaries(
            st.sampled_from(["content", "source", "cue", "other"]),
            st.lists(st.sampled_from(["s1", "s2", "s3", "s4", "s9"]), max_size=3),
            max_size=3))
        obj["roles"] = _maybe_junk(draw, roles)
    if draw(st.booleans()):
        obj["attrs"] = _maybe_junk(draw, draw(st.sampled_from(
            [{}, {"channel": "statement"}, {"channel": "bogus"}, {"x": "y"}])))
    if draw(st.integers(0, 4)) == 0:  # suggestions and events: the careful parser's
        key = draw(st.sampled_from(["trigger", "origin", "state"]))
        obj[key] = _maybe_junk(draw, draw(st.sampled_from(
            ["s1", "suggested", "pending", "bogus"])))
    return obj


@settings(max_examples=600, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(frame_dicts(), st.booleans())
def test_fast_and_careful_frame_parsers_agree(obj: Any, extend: bool) -> None:
    _assert_agree(_frame_fast(obj, LABELS, CODEBOOK, extend), obj,
                  lambda f: _frame(f, LABELS, CODEBOOK, extend), "frames[0]")


@st.composite
def relation_dicts(draw: Any) -> Any:
    if draw(st.integers(0, 20)) == 0:
        return draw(_values)
    obj: dict[str, Any] = {
        "id": _maybe_junk(draw, "r1"),
        "label": _maybe_junk(draw, draw(st.sampled_from(["about", "x"]))),
        "head": _maybe_junk(draw, draw(st.sampled_from(["s1", "s2", "s4", "s9"]))),
        "tail": _maybe_junk(draw, draw(st.sampled_from(["s1", "s2", "s4", "s9"])))}
    if draw(st.booleans()):
        obj["attrs"] = _maybe_junk(draw, draw(st.sampled_from([{}, {"x": "y"}])))
    return obj


@settings(max_examples=400, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(relation_dicts(), st.booleans())
def test_fast_and_careful_relation_parsers_agree(obj: Any, extend: bool) -> None:
    _assert_agree(_relation_fast(obj, LABELS, CODEBOOK, extend), obj,
                  lambda f: _relation(f, LABELS, CODEBOOK, extend), "relations[0]")


@st.composite
def actor_dicts(draw: Any) -> Any:
    if draw(st.integers(0, 20)) == 0:
        return draw(_values)
    obj: dict[str, Any] = {"id": _maybe_junk(draw, "a1"),
                           "name": _maybe_junk(draw, draw(st.sampled_from(
                               ["Ana Díaz", " ", ""])))}
    for key, choices in {"kind": ["person", "state"],
                         "aliases": [[], ["Díaz"], ["x", 1]],
                         "attrs": [{}, {"x": "y"}]}.items():
        if draw(st.booleans()):
            obj[key] = _maybe_junk(draw, draw(st.sampled_from(choices)))
    return obj


@settings(max_examples=400, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(actor_dicts())
def test_fast_and_careful_actor_parsers_agree(obj: Any) -> None:
    _assert_agree(_actor_fast(obj), obj, lambda f: _actor(f), "actors[0]")


def test_fast_paths_take_the_common_objects() -> None:
    frame = {"id": "f1", "type": "attribution",
             "roles": {"content": ["s1"], "source": ["s2"], "cue": ["s3"]}, "attrs": {}}
    assert _frame_fast(frame, LABELS, CODEBOOK, False) is not None
    rel = {"id": "r1", "label": "about", "head": "s1", "tail": "s4", "attrs": {}}
    assert _relation_fast(rel, LABELS, CODEBOOK, False) is not None
    actor = {"id": "a1", "name": "Ana Díaz", "kind": "person", "aliases": [], "attrs": {}}
    assert _actor_fast(actor) is not None
