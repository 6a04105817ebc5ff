"""Reading one document layer: spans, frames, relations and status (``project.annotations``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop.core.errors import NotFoundError
from desktop.core.model import DocStatus, Frame, Layer, Relation, Span
from desktop.store import rows
from desktop.store._base import Context, Repo

_MEMO_LIMIT = 200_000
"""Rows kept in a reader's row -> object memo before it is emptied and starts again."""


class AnnotationReader(Repo):
    """Reads layers; objects are memoised by the complete row they were built from.

    Reading a layer builds thousands of frozen Span/Frame objects; most rows are the same as
    at the last read (an edit changes one or two), so a changed row is a different key and a
    memoised object is never stale. Unchanged spans come back as the very same objects, which
    also lets views tell what changed by identity.
    """

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._span_memo: dict[tuple[Any, ...], Span] = {}
        self._frame_memo: dict[tuple[Any, ...], Frame] = {}
        self._frame_columns = ""

    def annotators(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT name FROM annotators ORDER BY name")]

    def layers_of(self, doc_id: str) -> list[str]:
        """Annotators that have any annotation or a status on this document."""
        doc_pk, _ = self._doc(doc_id)
        return [r[0] for r in self._db.execute(
            "SELECT annotator FROM spans WHERE doc = ? UNION SELECT annotator FROM frames "
            "WHERE doc = ? UNION SELECT annotator FROM doc_status WHERE doc = ? ORDER BY 1",
            [doc_pk, doc_pk, doc_pk])]

    # -- spans ---------------------------------------------------------------------------

    def spans(self, doc_id: str, annotator: str, *,
              ids: Sequence[str] | None = None) -> list[Span]:
        """The layer's spans in reading order (only ``ids``, when given)."""
        return self.spans_of(self._doc(doc_id)[0], annotator, ids)

    def spans_of(self, doc_pk: int, annotator: str,
                 ids: Sequence[str] | None = None) -> list[Span]:
        where, params = "", []
        if ids is not None:
            if not ids:
                return []
            where = f"AND s.id IN ({', '.join('?' for _ in ids)})"
            params = list(ids)
        found = self._db.execute(
            f"SELECT {rows.SPAN_COLUMNS} FROM {rows.SPAN_JOIN} "
            f"WHERE s.doc = ? AND s.annotator = ? {where} "
            f"ORDER BY s.start, s.\"end\", {rows.order_by_id('s')}",
            [doc_pk, annotator, *params]).fetchall()
        memo = self._span_memo
        if len(memo) + len(found) > _MEMO_LIMIT:
            memo.clear()
        out = []
        for r in found:
            key = tuple(r)
            span = memo.get(key)
            if span is None:
                span = memo[key] = rows.span(r)
            out.append(span)
        return out

    def span(self, doc_id: str, annotator: str, span_id: str) -> Span:
        found = self.spans_of(self._doc(doc_id)[0], annotator, [span_id])
        if not found:
            raise NotFoundError(f"no span {span_id!r} in this layer")
        return found[0]

    # -- frames and relations ------------------------------------------------------------

    def frames_of(self, doc_pk: int, annotator: str) -> list[Frame]:
        if not self._frame_columns:
            self._frame_columns = rows.frame_columns(self._db)
        frames = self._db.execute(
            f"SELECT pk, {self._frame_columns} FROM frames WHERE doc = ? AND annotator = ? "
            f"ORDER BY {rows.order_by_id('frames')}", [doc_pk, annotator]).fetchall()
        fillers: dict[int, dict[str, list[str]]] = {f[0]: {} for f in frames}
        for fpk, role, sid in self._db.execute(
                "SELECT r.frame, r.role, s.id FROM frame_roles r JOIN frames f ON f.pk = r.frame "
                "JOIN spans s ON s.pk = r.span WHERE f.doc = ? AND f.annotator = ? "
                "ORDER BY r.frame, r.role, r.position", [doc_pk, annotator]):
            fillers[fpk].setdefault(role, []).append(sid)
        order = rows.RoleOrder(self._ctx.codebook())
        memo = self._frame_memo
        if len(memo) + len(frames) > _MEMO_LIMIT:
            memo.clear()
        out = []
        for f in frames:
            got = fillers[f[0]]
            key = (*f, order.of(f[2]), *((k, *v) for k, v in sorted(got.items())))
            frame = memo.get(key)
            if frame is None:
                frame = memo[key] = order.frame(f[1], f[2], f[3], got, f[4], f[5])
            out.append(frame)
        return out

    def frames(self, doc_id: str, annotator: str) -> list[Frame]:
        return self.frames_of(self._doc(doc_id)[0], annotator)

    def frame(self, doc_id: str, annotator: str, frame_id: str) -> Frame:
        found = next((f for f in self.frames(doc_id, annotator) if f.id == frame_id), None)
        if found is None:
            raise NotFoundError(f"no frame {frame_id!r} in this layer")
        return found

    def relations_of(self, doc_pk: int, annotator: str, where: str = "",
                     params: Sequence[object] = ()) -> list[Relation]:
        return [rows.relation(r) for r in self._db.execute(
            f"SELECT {rows.RELATION_COLUMNS} FROM {rows.RELATION_JOIN} "
            f"WHERE r.doc = ? AND r.annotator = ? {where} ORDER BY {rows.order_by_id('r')}",
            [doc_pk, annotator, *params])]

    def relations(self, doc_id: str, annotator: str) -> list[Relation]:
        return self.relations_of(self._doc(doc_id)[0], annotator)

    # -- status and whole layers ---------------------------------------------------------

    def status_of(self, doc_pk: int, annotator: str) -> DocStatus:
        row = self._db.execute("SELECT status FROM doc_status WHERE doc = ? AND annotator = ?",
                               [doc_pk, annotator]).fetchone()
        return DocStatus(row[0]) if row else DocStatus.NEW

    def status(self, doc_id: str, annotator: str) -> DocStatus:
        return self.status_of(self._doc(doc_id)[0], annotator)

    def layer(self, doc_id: str, annotator: str) -> Layer:
        return self.layer_of(self._doc(doc_id)[0], annotator)

    def layer_of(self, doc_pk: int, annotator: str) -> Layer:
        return Layer(annotator=annotator, status=self.status_of(doc_pk, annotator),
                     spans=tuple(self.spans_of(doc_pk, annotator)),
                     frames=tuple(self.frames_of(doc_pk, annotator)),
                     relations=tuple(self.relations_of(doc_pk, annotator)))

    def counts(self) -> dict[str, int]:
        return {t: int(self._db.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
                for t in ("spans", "frames", "relations")}
