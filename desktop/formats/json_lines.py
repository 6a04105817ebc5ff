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
    try:
        obj = json.loads(text, parse_constant=_no_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (line {exc.lineno}, column "
                         f"{exc.colno})") from exc
    except RecursionError:
        raise InputError("not valid JSON: nested too deeply") from None
    except ValueError as exc:  # NaN, 1e999, huge ints
        raise InputError(f"not valid JSON: {exc}") from exc
    _check_depth(obj)
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):
        _check_surrogates(obj, "")
    return obj


def decode_line(line: str) -> Any:
    """One JSON value from one line of input, or an InputError (without file and line).

    Also rejects what a project cannot store although ``json`` reads it: NaN and Infinity,
    numbers too large for a float, unpaired surrogate escapes such as ``"\\ud800"``, and
    nesting deeper than ``MAX_DEPTH`` (which later steps could not walk).
    """
    try:
        obj = _DECODER.decode(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (column {exc.colno})") from exc
    except RecursionError:
        raise InputError("not valid JSON: nested too deeply") from None
    except ValueError as exc:  # NaN, 1e999, huge ints
        raise InputError(f"not valid JSON: {exc}") from exc
    _check_depth(obj)
    if "\\u" in line and _SURROGATE_ESCAPE.search(line):
        _check_surrogates(obj, "")
    return obj


def _check_depth(value: Any) -> None:
    """Reject nesting deeper than ``MAX_DEPTH`` (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise InputError(f"not valid JSON: nested more than {MAX_DEPTH} "
                                 "levels deep")
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


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
