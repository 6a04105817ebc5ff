"""The native JSONL shapes: a span in an exported record, built directly, is exactly
``span_dict`` with the export's rule for ``origin`` (same keys, same order)."""

from __future__ import annotations

from typing import Any

from helpers.foundation import deterministic
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.model import Origin, Span, SpanState
from desktop.core.native import record_span_dict, span_dict


def _reference(s: Span) -> dict[str, Any]:
    """How record_dict built each span before it had its own builder."""
    sd = span_dict(s)
    if s.origin is Origin.IMPORTED:
        sd.pop("origin", None)
    else:
        sd["origin"] = s.origin.value
    return sd


@deterministic(300)
@given(st.sampled_from([((0, 4),), ((0, 4), (6, 9)), ((6, 9), (0, 4))]),
       st.sampled_from(list(Origin)),
       st.sampled_from(list(SpanState)), st.sampled_from(["", "check this"]),
       st.sampled_from([None, "a1"]), st.sampled_from([{}, {"form": "direct"}]))
def test_record_span_dict_is_span_dict_with_the_origin_rule(
        frags: tuple[tuple[int, int], ...], origin: Origin, state: SpanState, note: str,
        actor: str | None, attrs: dict[str, str]) -> None:
    s = Span(id="s1", label="CLAIM", fragments=frags, text="x", attrs=attrs, actor=actor,
             origin=origin, state=state, note=note)
    assert list(record_span_dict(s).items()) == list(_reference(s).items())
