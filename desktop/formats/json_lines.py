"""Decoding one line of JSON input strictly (native JSONL and doccano)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from desktop.core.errors import InputError

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


MAX_DEPTH = 64
"""Deepest nesting of lists and objects accepted (real records need five or six levels)."""


def decode_json(text: str) -> Any:
    """A JSON document, strictly (see ``decode_line``); InputError without file and line."""
    return _strict(text, with_line=True)


def decode_line(line: str) -> Any:
    """One JSON value from one line of input, or an InputError (without file and line).

    Also rejects what a project cannot store although ``json`` reads it: NaN and Infinity,
    numbers too large for a float, unpaired surrogate escapes such as ``"\\ud800"``, and
    nesting deeper than ``MAX_DEPTH`` (which later steps could not walk).
    """
    return _strict(line, with_line=False)


def _strict(text: str, *, with_line: bool) -> Any:
    try:
        obj = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}" if with_line else f"column {exc.colno}"
        raise InputError(f"not valid JSON: {exc.msg} ({where})") from exc
    except RecursionError:
        raise InputError("not valid JSON: nested too deeply") from None
    except ValueError as exc:  # NaN, 1e999, huge ints
        raise InputError(f"not valid JSON: {exc}") from exc
    _check_depth(text, obj)
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):
        _check_surrogates(obj, "")
    return obj


def nesting_depth(value: Any) -> int:
    """How deeply the lists and objects of a decoded JSON value nest (0: a scalar).

    Level by level, keeping only containers (the values are skipped in C, in the list
    comprehension): walking every value one by one was a fifth of an annotated import.
    """
    level = [value] if type(value) is dict or type(value) is list else []
    depth = 0
    while level:
        depth += 1
        below: list[Any] = []
        for item in level:
            below += [v for v in (item.values() if type(item) is dict else item)
                      if type(v) is dict or type(v) is list]
        level = below
    return depth


def _check_depth(text: str, value: Any) -> None:
    """Reject nesting deeper than ``MAX_DEPTH`` (``value``: ``text`` decoded)."""
    # No more opening brackets than levels allowed, in strings or not: nothing to work out.
    if text.count("[") + text.count("{") > MAX_DEPTH and nesting_depth(value) > MAX_DEPTH:
        raise InputError(f"not valid JSON: nested more than {MAX_DEPTH} levels deep")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(raw: str) -> float:
    value = float(raw)
    if not math.isfinite(value):
        raise ValueError(f"{raw} is too large for a JSON number")
    return value


_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite_float)
"""One decoder for every line (``json.loads`` with options builds a new one per call)."""


def _check_surrogates(value: Any, path: str) -> None:
    """Reject lone surrogate escapes (``"\\ud800"``): such text cannot be stored as UTF-8."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            raise InputError("contains an unpaired UTF-16 surrogate escape (\\ud800-\\udfff)",
                             field=path or None)
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_surrogates(k, path)
            _check_surrogates(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_surrogates(v, f"{path}[{i}]")
