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

from collections.abc import Iterator

from sqlite_utils import Database

from desktop.core.codebook import Codebook
from desktop.core.model import (
    Actor,
    AnnotatedDocument,
    DocStatus,
    Document,
    Frame,
    Layer,
    Relation,
    Span,
)
from desktop.store import rows

PAGE_SIZE = 500
_STATUS = {s.value: s for s in DocStatus}


def _marks(n: int) -> str:
    return ", ".join("?" for _ in range(n))


class _Page:
    """All rows of one page of documents, grouped by document pk."""

    def __init__(self, db: Database, pks: list[int], annotator: str,
                 codebook: Codebook) -> None:
        marks = _marks(len(pks))
        self.spans: dict[int, list[Span]] = {}
        last, group = None, []
        make = rows.span
        for row in db.execute(
                f"SELECT s.doc, {rows.SPAN_COLUMNS} FROM {rows.SPAN_JOIN} "
                f"WHERE s.doc IN ({marks}) AND s.annotator = ? "
                f"ORDER BY s.doc, s.start, s.\"end\", {rows.order_by_id('s')}",
                [*pks, annotator]):
            if row[0] != last:  # rows come grouped by document
                last = row[0]
                group = self.spans[last] = []
            group.append(make(row, 1))
        frame_rows = db.execute(
            f"SELECT pk, doc, {rows.frame_columns(db)} FROM frames WHERE doc IN ({marks}) "
            f"AND annotator = ? ORDER BY {rows.order_by_id('frames')}",
            [*pks, annotator]).fetchall()
        roles: dict[int, dict[str, list[str]]] = {f[0]: {} for f in frame_rows}
        if frame_rows:
            for fpk, role, sid in db.execute(
                    f"SELECT r.frame, r.role, s.id FROM frame_roles r "
                    f"JOIN frames f ON f.pk = r.frame JOIN spans s ON s.pk = r.span "
                    f"WHERE f.doc IN ({marks}) AND f.annotator = ? "
                    f"ORDER BY r.frame, r.role, r.position", [*pks, annotator]):
                roles[fpk].setdefault(role, []).append(sid)
        self.frames: dict[int, list[Frame]] = {}
        order = rows.RoleOrder(codebook)
        for fpk, doc, fid, ftype, attrs, origin, state in frame_rows:
            self.frames.setdefault(doc, []).append(order.frame(fid, ftype, attrs, roles[fpk],
                                                               origin, state))
        self.relations: dict[int, list[Relation]] = {}
        for row in db.execute(
                f"SELECT r.doc, {rows.RELATION_COLUMNS} FROM {rows.RELATION_JOIN} "
                f"WHERE r.doc IN ({marks}) AND r.annotator = ? "
                f"ORDER BY {rows.order_by_id('r')}", [*pks, annotator]):
            self.relations.setdefault(row[0], []).append(rows.relation(row, 1))
        actor_ids = sorted({s.actor for ss in self.spans.values() for s in ss if s.actor})
        self.actors: dict[str, Actor] = {}
        if actor_ids:
            found = db.execute(f"SELECT pk, id, name, kind, attrs FROM actors "
                               f"WHERE id IN ({_marks(len(actor_ids))})", actor_ids).fetchall()
            aliases: dict[int, list[str]] = {r[0]: [] for r in found}
            for apk, alias in db.execute(
                    f"SELECT actor, alias FROM actor_aliases WHERE actor IN "
                    f"({_marks(len(found))}) ORDER BY actor, position", [r[0] for r in found]):
                aliases[apk].append(alias)
            for r in found:
                self.actors[r[1]] = rows.actor(r, aliases[r[0]])


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
                                  meta=rows.obj(meta), imported_at=imported),
                layer=Layer(annotator=annotator, status=_STATUS[status], spans=tuple(spans),
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


def layer_overview(db: Database, *, annotator: str,
                   statuses: frozenset[DocStatus] = frozenset()
                   ) -> Iterator[tuple[str, DocStatus, bool]]:
    """(document id, status, annotated) for every document ``iter_layers`` would yield.

    ``annotated`` is True when ``annotator``'s layer of the document has any span or frame.
    One query over indexes (no article text is read), for the checks before an export;
    streamed, so a million documents are never one list.
    """
    where, params = "", []
    if statuses:
        where = f"WHERE coalesce(st.status, 'new') IN ({_marks(len(statuses))})"
        params = sorted(s.value for s in statuses)
    rows_ = db.execute(
        f"""SELECT d.id, coalesce(st.status, 'new'),
                   EXISTS (SELECT 1 FROM spans s WHERE s.doc = d.pk AND s.annotator = ?)
                   OR EXISTS (SELECT 1 FROM frames f WHERE f.doc = d.pk AND f.annotator = ?)
            FROM documents d LEFT JOIN doc_status st ON st.doc = d.pk AND st.annotator = ?
            {where} ORDER BY d.pk""", [annotator, annotator, annotator, *params])
    status_of = _STATUS
    for r in rows_:
        yield str(r[0]), status_of[r[1]], bool(r[2])
