"""Every layer of every document, streamed a page of documents at a time (agreement, merge).

``iter_layer_sets`` yields one ``LayerSet`` per document: its id, hash, length in code points
and the layers of all annotators who have anything on it (spans, frames or a status row), with
the time each layer last changed. A page costs a fixed handful of range queries over the
``(doc, annotator, id)`` indexes, whatever the number of annotators. Spans, frames and
relations come out exactly as ``AnnotationReader.layer`` reads them (same objects, same order);
``tests/store/test_store_layer_sets.py`` checks this.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from sqlite_utils import Database

from desktop.core.codebook import Codebook
from desktop.core.model import DocStatus, Frame, Layer, Relation, Span
from desktop.store import rows

PAGE_SIZE = 500

_Key = tuple[int, str]


@dataclass(frozen=True, slots=True)
class LayerSet:
    """One document with the layers of everyone who worked on it."""

    doc_id: str
    sha256: str
    length: int
    """Code points of the text."""
    layers: Mapping[str, Layer]
    """Annotator -> layer, by annotator name."""
    stamps: Mapping[str, str] = field(default_factory=dict)
    """Annotator -> when the layer last changed (ISO 8601, UTC)."""
    status_times: Mapping[str, str] = field(default_factory=dict)
    """Annotator -> when the layer's status was last set (only layers with a status row)."""
    text: str | None = None
    """The text, when asked for (``with_text``)."""


def _has_table(db: Database, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                      [name]).fetchone() is not None


def _annotator_filter(alias: str, annotators: Sequence[str] | None) -> tuple[str, list[object]]:
    if annotators is None:
        return "", []
    return (f"AND {alias}.annotator IN ({', '.join('?' for _ in annotators)})",
            list(annotators))


def iter_layer_sets(db: Database, codebook: Codebook, *,
                    annotators: Sequence[str] | None = None, with_text: bool = False,
                    page_size: int = PAGE_SIZE) -> Iterator[LayerSet]:
    """Every document in corpus order with the layers of ``annotators`` (default: all).

    Documents nobody has a layer on are yielded too (with no layers), so callers can count
    them. Layers made before layer stamps existed (an older file read as it is) get their
    status time, or none.
    """
    stamped = _has_table(db, "layer_stamps")
    last = 0
    order = rows.RoleOrder(codebook)
    text_col = "d.text" if with_text else "NULL"
    while True:
        docs = db.execute(
            f"SELECT d.pk, d.id, d.sha256, length(d.text), {text_col} FROM documents d "
            f"WHERE d.pk > ? ORDER BY d.pk LIMIT ?", [last, page_size]).fetchall()
        if not docs:
            return
        lo, hi = int(docs[0][0]), int(docs[-1][0])
        last = hi
        yield from _page(db, docs, lo, hi, annotators, order, stamped)


def _page(db: Database, docs: list[tuple[int, str, str, int, str | None]], lo: int, hi: int,
          annotators: Sequence[str] | None, order: rows.RoleOrder,
          stamped: bool) -> Iterator[LayerSet]:
    spans: dict[_Key, list[Span]] = {}
    where, params = _annotator_filter("s", annotators)
    for row in db.execute(
            f"SELECT s.doc, s.annotator, {rows.SPAN_COLUMNS} FROM {rows.SPAN_JOIN} "
            f"WHERE s.doc BETWEEN ? AND ? {where} "
            f"ORDER BY s.doc, s.annotator, s.start, s.\"end\", {rows.order_by_id('s')}",
            [lo, hi, *params]):
        spans.setdefault((row[0], row[1]), []).append(rows.span(row, 2))
    where, params = _annotator_filter("f", annotators)
    frame_rows = db.execute(
        f"SELECT f.pk, f.doc, f.annotator, {rows.frame_columns(db, 'f')} FROM frames f "
        f"WHERE f.doc BETWEEN ? AND ? {where} ORDER BY f.doc, f.annotator, "
        f"{rows.order_by_id('f')}", [lo, hi, *params]).fetchall()
    fillers: dict[int, dict[str, list[str]]] = {f[0]: {} for f in frame_rows}
    if frame_rows:
        for fpk, role, sid in db.execute(
                f"SELECT r.frame, r.role, s.id FROM frame_roles r JOIN frames f "
                f"ON f.pk = r.frame JOIN spans s ON s.pk = r.span "
                f"WHERE f.doc BETWEEN ? AND ? {where} ORDER BY r.frame, r.role, r.position",
                [lo, hi, *params]):
            fillers[fpk].setdefault(role, []).append(sid)
    frames: dict[_Key, list[Frame]] = {}
    for fpk, doc, annotator, fid, ftype, attrs, origin, state in frame_rows:
        frames.setdefault((doc, annotator), []).append(
            order.frame(fid, ftype, attrs, fillers[fpk], origin, state))
    relations: dict[_Key, list[Relation]] = {}
    where, params = _annotator_filter("r", annotators)
    for row in db.execute(
            f"SELECT r.doc, r.annotator, {rows.RELATION_COLUMNS} FROM {rows.RELATION_JOIN} "
            f"WHERE r.doc BETWEEN ? AND ? {where} ORDER BY r.doc, r.annotator, "
            f"{rows.order_by_id('r')}", [lo, hi, *params]):
        relations.setdefault((row[0], row[1]), []).append(rows.relation(row, 2))
    where, params = _annotator_filter("st", annotators)
    statuses: dict[_Key, tuple[DocStatus, str]] = {
        (r[0], r[1]): (DocStatus(r[2]), r[3]) for r in db.execute(
            f"SELECT st.doc, st.annotator, st.status, st.updated_at FROM doc_status st "
            f"WHERE st.doc BETWEEN ? AND ? {where}", [lo, hi, *params])}
    stamps: dict[_Key, str] = {}
    if stamped:
        where, params = _annotator_filter("ls", annotators)
        stamps = {(r[0], r[1]): r[2] for r in db.execute(
            f"SELECT ls.doc, ls.annotator, ls.updated_at FROM layer_stamps ls "
            f"WHERE ls.doc BETWEEN ? AND ? {where}", [lo, hi, *params])}
    keys: dict[int, set[str]] = {}
    for doc, annotator in (*spans, *frames, *statuses):
        keys.setdefault(doc, set()).add(annotator)
    for pk, doc_id, sha, length, text in docs:
        layers: dict[str, Layer] = {}
        times: dict[str, str] = {}
        status_times: dict[str, str] = {}
        for name in sorted(keys.get(pk, ())):
            key = (pk, name)
            status, when = statuses.get(key, (DocStatus.NEW, ""))
            layers[name] = Layer(annotator=name, status=status,
                                 spans=tuple(spans.get(key, ())),
                                 frames=tuple(frames.get(key, ())),
                                 relations=tuple(relations.get(key, ())))
            if when:
                status_times[name] = when
            stamp = stamps.get(key) or when
            if stamp:
                times[name] = stamp
        yield LayerSet(doc_id, sha, int(length), layers, times, status_times, text)
