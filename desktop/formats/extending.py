"""``--extend-codebook``: add the labels, roles, attributes and relation types a record uses.

Readers run with ``extend=True`` reject every problem but those ``Problem.codebook_extensible``
names. ``extend_project`` wraps the record stream and, before a record reaches the store,
stores a new codebook version that adds exactly what the validator finds missing, so the
record then fits the codebook without being checked again. It runs inside the import
transaction, so a failed import leaves the codebook as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from desktop.core.codebook import Codebook
from desktop.core.codebook_toml import extend
from desktop.core.errors import InputError
from desktop.core.model import Layer
from desktop.core.validate import (
    ProblemKind,
    frame_problems,
    relation_problems,
    span_codebook_problems,
)
from desktop.formats import store_calls as store
from desktop.formats.records import ImportRecord
from desktop.formats.sources import OnError
from desktop.store import Project

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


def extend_project(project: Project, records: Iterable[ImportRecord], *, who: str,
                   on_error: OnError | None = None) -> Iterator[ImportRecord]:
    """Pass records through, first storing a codebook version with anything they lack.

    A record whose names no codebook can hold raises, or with ``on_error`` is reported there
    and left out (the stream goes on).
    """
    for rec in records:
        if rec.layer is not None:
            current = store.codebook(project)
            wanted = missing(current, rec.layer)
            if wanted:
                try:
                    cb = extend(current, **wanted)
                except InputError as exc:
                    bad = InputError(f"cannot extend the codebook: {exc.reason}",
                                     file=rec.file or None, line=rec.line, field=exc.field)
                    if on_error is None:
                        raise bad from exc
                    on_error(bad)
                    continue
                store.set_codebook(project, cb, who=who)
        yield rec
