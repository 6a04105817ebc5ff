"""What a layer uses that a codebook lacks: the input of ``codebook_toml.extend``.

Shared by ``--extend-codebook`` on import (``desktop.formats.extending``) and on merge
(``desktop.store.merging``). It adds exactly what the validator (``desktop.core.validate``)
reports as extensible, so a layer fits the extended codebook without being checked again.
"""

from __future__ import annotations

from typing import Any

from desktop.core.codebook import Codebook
from desktop.core.model import Layer
from desktop.core.validate import (
    ProblemKind,
    frame_problems,
    relation_problems,
    span_codebook_problems,
)

_ATTRIBUTE = (ProblemKind.UNKNOWN_ATTRIBUTE, ProblemKind.BAD_ATTRIBUTE_VALUE)


def _add(d: dict[str, dict[str, list[str]]], a: str, b: str, value: str | None) -> None:
    values = d.setdefault(a, {}).setdefault(b, [])
    if value is not None and value not in values:
        values.append(value)


def missing(codebook: Codebook, layer: Layer) -> dict[str, Any]:
    """Keyword arguments for ``codebook_toml.extend`` that cover every extensible problem of
    ``layer``; {} when there is none.

    A name the codebook cannot hold (a role no label fills, a frame type without roles, a
    name with spaces) makes ``extend`` raise rather than be left out.
    """
    labels: list[str] = []
    label_attrs: dict[str, dict[str, list[str]]] = {}
    by_id = {s.id: s.label for s in layer.spans}
    for s in layer.spans:
        for p in span_codebook_problems(s, codebook):
            if p.kind is ProblemKind.UNKNOWN_LABEL and s.label not in labels:
                labels.append(s.label)
            elif p.kind in _ATTRIBUTE and isinstance(s.attrs[p.name], str):
                _add(label_attrs, s.label, p.name, s.attrs[p.name])
    frame_roles: dict[str, dict[str, list[str]]] = {}
    frame_attrs: dict[str, dict[str, list[str]]] = {}
    for f in layer.frames:
        for p in frame_problems(f, labels=by_id, codebook=codebook):
            if p.kind is ProblemKind.UNKNOWN_FRAME_TYPE:
                frame_roles.setdefault(f.type, {})
            elif p.kind in (ProblemKind.UNKNOWN_ROLE, ProblemKind.ROLE_LABEL):
                _add(frame_roles, f.type, p.name, None)
                for sid in f.roles[p.name]:
                    _add(frame_roles, f.type, p.name, by_id.get(sid))
            elif p.kind in _ATTRIBUTE and isinstance(f.attrs[p.name], str):
                _add(frame_attrs, f.type, p.name, f.attrs[p.name])
    relations: dict[str, tuple[list[str], list[str]]] = {}
    for r in layer.relations:
        head, tail = by_id.get(r.head), by_id.get(r.tail)
        if head is None or tail is None:
            continue  # not extensible: the reader rejected it
        for p in relation_problems(r, labels=by_id, codebook=codebook):
            if p.kind in (ProblemKind.UNKNOWN_RELATION_TYPE, ProblemKind.RELATION_LABEL):
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
