"""Batched streaming of one annotator layer over the whole corpus (for exports).

``iter_layers`` yields each document with one layer and the actors that layer links to, in
corpus order, reading a *page* of documents at a time with a fixed number of queries per page
(documents, statuses, spans, frames, frame roles, relations, actors, aliases) instead of six
queries per document. Memory is bounded by the page size, not by the corpus.

The values it yields are exactly those of ``DocumentRepo.get`` + ``AnnotationRepo.layer`` +
``ActorRepo.many`` for the same document (same ordering of spans, frames, roles, relations and
actors); tests/store/test_store_layer_stream.py checks this.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from sqlite_utils import Database

from desktop.core.codebook import Codebook
from desktop.core.model import (
    Actor,
    AnnotatedDocument,
    DocStatus,
    Document,
    Frame,
    Layer,
    Origin,
    Relation,
    Span,
    SpanState,
)
from desktop.store._util import loads_obj, order_by_id

PAGE_SIZE = 500


def _marks(n: int) -> str:
    return ", ".join("?" for _ in range(n))


_ORIGIN = {o.value: o for o in Origin}
_STATE = {s.value: s for s in SpanState}


def _obj(raw: str | None) -> dict[str, Any]:
    return {} if raw == "{}" or not raw else loads_obj(raw)


def _span(row: Sequence[Any]) -> Span:
    # row: doc, id, label, start, end, fragments, text, attrs, actor id, origin, state, note
    frags = (tuple((int(a), int(b)) for a, b in json.loads(row[5])) if row[5]
             else ((row[3], row[4]),))
    return Span(id=row[1], label=row[2], fragments=frags, text=row[6], attrs=_obj(row[7]),
                actor=row[8], origin=_ORIGIN[row[9]], state=_STATE[row[10]], note=row[11])


class _Page:
    """All rows of one page of documents, grouped by document pk."""

    def __init__(self, db: Database, pks: list[int], annotator: str,
                 codebook: Codebook) -> None:
        marks = _marks(len(pks))
        self.spans: dict[int, list[Span]] = {}
        for row in db.execute(
                f"SELECT s.doc, s.id, s.label, s.start, s.\"end\", s.fragments, s.text, "
                f"s.attrs, a.id, s.origin, s.state, s.note FROM spans s "
                f"LEFT JOIN actors a ON a.pk = s.actor "
                f"WHERE s.doc IN ({marks}) AND s.annotator = ? "
                f"ORDER BY s.doc, s.start, s.\"end\", {order_by_id('s')}", [*pks, annotator]):
            self.spans.setdefault(row[0], []).append(_span(row))
        frame_rows = db.execute(
            f"SELECT pk, doc, id, type, attrs FROM frames WHERE doc IN ({marks}) "
            f"AND annotator = ? ORDER BY {order_by_id('frames')}", [*pks, annotator]).fetchall()
        roles: dict[int, dict[str, list[str]]] = {f[0]: {} for f in frame_rows}
        if frame_rows:
            for fpk, role, sid in db.execute(
                    f"SELECT r.frame, r.role, s.id FROM frame_roles r "
                    f"JOIN frames f ON f.pk = r.frame JOIN spans s ON s.pk = r.span "
                    f"WHERE f.doc IN ({marks}) AND f.annotator = ? "
                    f"ORDER BY r.frame, r.role, r.position", [*pks, annotator]):
                roles[fpk].setdefault(role, []).append(sid)
        self.frames: dict[int, list[Frame]] = {}
        orders: dict[str, list[str]] = {}
        for fpk, doc, fid, ftype, attrs in frame_rows:
            order = orders.get(ftype)
            if order is None:
                ft = codebook.frame_type(ftype)
                order = orders[ftype] = [r.name for r in ft.roles] if ft else []
            got = roles[fpk]
            keys = sorted(got, key=lambda k, o=order: (  # type: ignore[misc]
                o.index(k) if k in o else len(o), k))
            self.frames.setdefault(doc, []).append(
                Frame(id=fid, type=ftype, roles={k: tuple(got[k]) for k in keys},
                      attrs=_obj(attrs)))
        self.relations: dict[int, list[Relation]] = {}
        for doc, rid, label, head, tail, attrs in db.execute(
                f"SELECT r.doc, r.id, r.label, h.id, t.id, r.attrs FROM relations r "
                f"JOIN spans h ON h.pk = r.head JOIN spans t ON t.pk = r.tail "
                f"WHERE r.doc IN ({marks}) AND r.annotator = ? ORDER BY {order_by_id('r')}",
                [*pks, annotator]):
            self.relations.setdefault(doc, []).append(
                Relation(id=rid, label=label, head=head, tail=tail, attrs=_obj(attrs)))
        actor_ids = sorted({s.actor for ss in self.spans.values() for s in ss if s.actor})
        self.actors: dict[str, Actor] = {}
        if actor_ids:
            rows = db.execute(f"SELECT pk, id, name, kind, attrs FROM actors "
                              f"WHERE id IN ({_marks(len(actor_ids))})", actor_ids).fetchall()
            aliases: dict[int, list[str]] = {r[0]: [] for r in rows}
            for apk, alias in db.execute(
                    f"SELECT actor, alias FROM actor_aliases WHERE actor IN "
                    f"({_marks(len(rows))}) ORDER BY actor, position", [r[0] for r in rows]):
                aliases[apk].append(alias)
            for apk, aid, name, kind, attrs in rows:
                self.actors[aid] = Actor(id=aid, name=name, kind=kind,
                                         aliases=tuple(aliases[apk]), attrs=_obj(attrs))


def iter_layers(db: Database, codebook: Codebook, *, annotator: str,
                statuses: frozenset[DocStatus] = frozenset(),
                page_size: int = PAGE_SIZE) -> Iterator[AnnotatedDocument]:
    """Every document (optionally only those whose status is in ``statuses``) with the layer
    of ``annotator``, in corpus order, a page of documents per handful of queries."""
    last = 0
    where = ""
    params: list[object] = []
    if statuses:
        where = f"AND coalesce(st.status, 'new') IN ({_marks(len(statuses))})"
        params = [s.value for s in sorted(statuses)]
    while True:
        docs = db.execute(
            f"SELECT d.pk, d.id, d.title, d.text, d.sha256, d.meta, d.imported_at, "
            f"coalesce(st.status, 'new') FROM documents d "
            f"LEFT JOIN doc_status st ON st.doc = d.pk AND st.annotator = ? "
            f"WHERE d.pk > ? {where} ORDER BY d.pk LIMIT ?",
            [annotator, last, *params, page_size]).fetchall()
        if not docs:
            return
        last = int(docs[-1][0])
        page = _Page(db, [int(d[0]) for d in docs], annotator, codebook)
        for pk, did, title, text, sha, meta, imported, status in docs:
            spans = page.spans.get(pk, [])
            linked = sorted({s.actor for s in spans if s.actor})
            yield AnnotatedDocument(
                document=Document(id=did, title=title, text=text, sha256=sha,
                                  meta=_obj(meta), imported_at=imported),
                layer=Layer(annotator=annotator, status=DocStatus(status), spans=tuple(spans),
                            frames=tuple(page.frames.get(pk, ())),
                            relations=tuple(page.relations.get(pk, ()))),
                actors=tuple(page.actors[a] for a in linked if a in page.actors))
        del page


def count_documents(db: Database, *, annotator: str,
                    statuses: frozenset[DocStatus] = frozenset()) -> int:
    """How many documents ``iter_layers`` would yield (for progress totals)."""
    if not statuses:
        return int(db.execute("SELECT count(*) FROM documents").fetchone()[0])
    return int(db.execute(
        f"SELECT count(*) FROM documents d LEFT JOIN doc_status st ON st.doc = d.pk "
        f"AND st.annotator = ? WHERE coalesce(st.status, 'new') IN ({_marks(len(statuses))})",
        [annotator, *sorted(s.value for s in statuses)]).fetchone()[0])
