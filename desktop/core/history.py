"""One line per change-log entry: who changed what, when (``claimdesk history``).

The change log keeps the native shapes (``desktop.core.native``) before and after each edit;
this turns one entry into a short sentence such as
``add CLAIM s3 "We are moving towards a truce…" (layer alice)``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

MAX_QUOTE = 48


def _quote(text: object) -> str:
    s = " ".join(str(text).split())
    return json.dumps(s if len(s) <= MAX_QUOTE else s[:MAX_QUOTE - 1] + "…",
                      ensure_ascii=False)


def _load(raw: str | None) -> Mapping[str, Any]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _span(d: Mapping[str, Any]) -> str:
    return f"{d.get('label', '?')} {d.get('id', '?')} {_quote(d.get('text', ''))}"


def _frame(d: Mapping[str, Any]) -> str:
    roles = d.get("roles") or {}
    filled = ", ".join(f"{k}: {' '.join(v)}" for k, v in roles.items()
                       if isinstance(v, list)) if isinstance(roles, dict) else ""
    return f"{d.get('type', '?')} frame {d.get('id', '?')}" + (f" ({filled})" if filled
                                                                  else "")


def _relation(d: Mapping[str, Any]) -> str:
    return f"relation {d.get('id', '?')} {d.get('label', '?')} {d.get('head', '?')} → " \
           f"{d.get('tail', '?')}"


def _span_change(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    what = []
    for key, name in (("label", "label"), ("text", "extent"), ("attrs", "attributes"),
                      ("actor", "actor"), ("state", "state"), ("note", "note")):
        if before.get(key) != after.get(key):
            if key == "label":
                what.append(f"label {before.get('label')} → {after.get('label')}")
            elif key == "actor":
                what.append(f"actor {before.get('actor') or '-'} → {after.get('actor') or '-'}")
            else:
                what.append(name)
    return ", ".join(what) or "no visible change"


def describe(action: str, entity: str, entity_id: str | None, before_raw: str | None,
             after_raw: str | None) -> str:
    """A short sentence for one change-log entry."""
    before, after = _load(before_raw), _load(after_raw)
    layer = after.get("layer") or before.get("layer")
    where = f" (layer {layer})" if layer else ""
    if entity == "span":
        if action == "add":
            return f"add {_span(after)}{where}"
        if action == "delete":
            return f"delete {_span(before)}{where}"
        if action == "update":
            return f"edit {_span(after)}: {_span_change(before, after)}{where}"
    if entity == "frame":
        if action in ("add", "delete"):
            return f"{action} {_frame(after if action == 'add' else before)}{where}"
        if action == "update":
            return f"edit {_frame(after)}{where}"
    if entity == "relation" and action in ("add", "delete"):
        return f"{action} {_relation(after if action == 'add' else before)}{where}"
    if entity == "document" and action == "status":
        return f"status {before.get('status', '?')} → {after.get('status', '?')}{where}"
    if entity == "actor":
        if action == "merge":
            keep, drop = before.get("keep") or {}, before.get("drop") or {}
            return (f"merge actor {drop.get('name', '?')} ({drop.get('id', '?')}) into "
                    f"{keep.get('name', '?')} ({keep.get('id', '?')})")
        d = after if action == "add" else before if action == "delete" else after
        return f"{action} actor {entity_id} {_quote(d.get('name', ''))}"
    if entity == "layer" and action == "import":
        counts = ", ".join(f"{v} {k}" for k, v in after.items())
        return f"import into layer {entity_id}" + (f": {counts}" if counts else "")
    if entity == "documents" and action == "import":
        return (f"import documents: {after.get('added', '?')} added, "
                f"{after.get('known', '?')} already there")
    if entity == "codebook":
        return f"codebook version {entity_id} ({after.get('name', '?')} " \
               f"{after.get('version', '?')})"
    return f"{action} {entity} {entity_id or ''}".rstrip()
