"""Small helpers shared by the repositories."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dumps(value: Any) -> str:
    """Compact JSON as stored in the project (one shared encoder: ``json.dumps`` with
    options builds a new one per call, which showed up in bulk imports)."""
    return _ENCODER.encode(value)


def loads_obj(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    value = json.loads(raw)
    return value if isinstance(value, dict) else {}


def next_id(existing: list[str], prefix: str) -> str:
    """Next ``prefix<n>`` id after the largest numeric suffix among ``existing``."""
    best = 0
    for x in existing:
        if x.startswith(prefix) and x[len(prefix):].isdigit():
            best = max(best, int(x[len(prefix):]))
    return f"{prefix}{best + 1}"


def order_by_id(alias: str) -> str:
    """ORDER BY terms for annotations of one layer: by id (s2 before s10), not by row.

    Undo re-inserts a deleted span, frame or relation under a new row; ordering by id keeps it
    where it was, so a layer reads the same after delete + restore.
    """
    return f"length({alias}.id), {alias}.id, {alias}.pk"
