"""Decoding one line of JSON input strictly (native JSONL and doccano)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from desktop.core.errors import InputError

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def decode_line(line: str) -> Any:
    """One JSON value from one line of input, or an InputError (without file and line).

    Also rejects what a project cannot store although ``json`` reads it: NaN and Infinity,
    numbers too large for a float, and unpaired surrogate escapes such as ``"\\ud800"``.
    """
    try:
        obj = _DECODER.decode(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (column {exc.colno})") from exc
    except (ValueError, RecursionError) as exc:  # NaN, 1e999, huge ints, deep nesting
        raise InputError(f"not valid JSON: {exc}") from exc
    if "\\u" in line and _SURROGATE_ESCAPE.search(line):
        _check_surrogates(obj, "")
    return obj


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
