"""Strict JSON decoding: how deep input nests is worked out without walking every value."""

from __future__ import annotations

import json
from typing import Any

import pytest
from helpers.foundation import deterministic
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.errors import InputError
from desktop.formats.json_lines import MAX_DEPTH, decode_line, nesting_depth

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet="[]{}\"\\ab"),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(alphabet="[]{}ab", max_size=3), inner, max_size=4),
    max_leaves=40)


def _reference(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_reference(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_reference(v) for v in value), default=0)
    return 0


@deterministic(300)
@given(_JSON)
def test_nesting_depth_is_the_recursive_depth(value: Any) -> None:
    assert nesting_depth(value) == _reference(value)


def test_too_deep_is_refused_and_brackets_in_strings_do_not_count() -> None:
    deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    with pytest.raises(InputError, match="nested more than"):
        decode_line(json.dumps({"meta": {"a": json.loads(deep)}}))
    at_limit = json.loads("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    assert nesting_depth(decode_line(json.dumps(at_limit))) == MAX_DEPTH
    shallow = {"text": "[" * 500 + "{" * 500, "spans": [{"attrs": {}} for _ in range(100)]}
    assert decode_line(json.dumps(shallow)) == shallow
