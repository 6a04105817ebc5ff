"""What a layer uses that a codebook lacks: the input of ``codebook_toml.extend``.

Shared by ``--extend-codebook`` on import (``desktop.formats.extending``) and on merge
(``desktop.store.merging``).
"""

from __future__ import annotations

from typing import Any

from desktop.core.codebook import Codebook
from desktop.core.model import Layer


def _add(d: dict[str, dict[str, list[str]]], a: str, b: str, value: str) -> None:
    values = d.setdefault(a, {}).setdefault(b, [])
    if value not in values:
        values.append(value)


def missing(codebook: Codebook, layer: Layer) -> dict[str, Any]:
    """Keyword arguments for ``codebook.extend`` covering what ``layer`` uses; {} if nothing."""
    labels: list[str] = []
    label_attrs: dict[str, dict[str, list[str]]] = {}
    by_id = {s.id: s.label for s in layer.spans}
    for s in layer.spans:
        lab = codebook.label(s.label)
        if lab is None and s.label not in labels:
            labels.append(s.label)
        for name, value in s.attrs.items():
            adef = lab.attribute(name) if lab is not None else None
            if not isinstance(value, str):
                continue
            if adef is None or (adef.closed and value not in adef.values):
                _add(label_attrs, s.label, name, value)
    frame_roles: dict[str, dict[str, list[str]]] = {}
    frame_attrs: dict[str, dict[str, list[str]]] = {}
    for f in layer.frames:
        ft = codebook.frame_type(f.type)
        for role, ids in f.roles.items():
            rdef = ft.role(role) if ft is not None else None
            for sid in ids:
                lab_name = by_id.get(sid)
                if lab_name is not None and (rdef is None or lab_name not in rdef.labels):
                    _add(frame_roles, f.type, role, lab_name)
        for name, value in f.attrs.items():
            adef = next((a for a in ft.attributes if a.name == name), None) if ft else None
            if isinstance(value, str) and (adef is None or (adef.closed
                                                            and value not in adef.values)):
                _add(frame_attrs, f.type, name, value)
    relations: dict[str, tuple[list[str], list[str]]] = {}
    for r in layer.relations:
        rt = codebook.relation_type(r.label)
        head, tail = by_id.get(r.head), by_id.get(r.tail)
        if head is None or tail is None:
            continue
        if rt is None or (rt.head and head not in rt.head) or (rt.tail and tail not in rt.tail):
            h, t = relations.setdefault(r.label, ([], []))
            if head not in h:
                h.append(head)
            if tail not in t:
                t.append(tail)
    out: dict[str, Any] = {}
    for key, value in (("labels", labels), ("label_attrs", label_attrs),
                       ("frame_roles", frame_roles), ("frame_attrs", frame_attrs),
                       ("relations", relations)):
        if value:
            out[key] = value
    return out
