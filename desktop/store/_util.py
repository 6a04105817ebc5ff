"""Small helpers shared by the repositories."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def loads_obj(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    value = json.loads(raw)
    return value if isinstance(value, dict) else {}


def as_dict(m: Mapping[str, Any]) -> dict[str, Any]:
    return dict(m)


def next_id(existing: list[str], prefix: str) -> str:
    """Next ``prefix<n>`` id after the largest numeric suffix among ``existing``."""
    best = 0
    for x in existing:
        if x.startswith(prefix) and x[len(prefix):].isdigit():
            best = max(best, int(x[len(prefix):]))
    return f"{prefix}{best + 1}"
