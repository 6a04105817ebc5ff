"""Writing attribution frames and relations of one document layer
(``project.frames``, ``project.relations``)."""

from __future__ import annotations

from dataclasses import replace

from desktop.core.changes import Change, Written
from desktop.core.errors import NotFoundError
from desktop.core.model import Frame, Relation
from desktop.core.native import frame_dict, relation_dict
from desktop.core.validate import frame_problems, relation_problems
from desktop.store._base import Context, Repo
from desktop.store._util import dumps
from desktop.store.ids import next_layer_id
from desktop.store.reading import AnnotationReader
from desktop.store.rows import role_rows
from desktop.store.status import touch_status


class FrameRepo(Repo):
    def __init__(self, ctx: Context, reader: AnnotationReader) -> None:
        super().__init__(ctx)
        self._read = reader

    def _check(self, doc_pk: int, annotator: str, frame: Frame) -> None:
        for problem in frame_problems(frame, labels=self._labels(doc_pk, annotator),
                                      codebook=self._ctx.codebook()):
            raise problem.error()

    def _write_roles(self, fpk: int, doc_pk: int, annotator: str, frame: Frame) -> None:
        self._db.execute("DELETE FROM frame_roles WHERE frame = ?", [fpk])
        for role, sid, pos in role_rows(frame):
            self._db.execute(
                "INSERT INTO frame_roles (frame, role, span, position) VALUES (?, ?, ?, ?)",
                [fpk, role, self._span_pk(doc_pk, annotator, sid), pos])

    def _current(self, doc_pk: int, annotator: str, frame_id: str) -> Frame:
        found = next((f for f in self._read.frames_of(doc_pk, annotator) if f.id == frame_id),
                     None)
        if found is None:
            raise NotFoundError(f"no frame {frame_id!r} in this layer")
        return found

    def add(self, doc_id: str, annotator: str, frame: Frame, *, who: str) -> Written[Frame]:
        """Add a frame; an empty ``frame.id`` takes the next free ``f<n>``."""
        with self._ctx.write():
            doc_pk, _ = self._doc(doc_id)
            self.ensure_annotator(annotator)
            if not frame.id:
                frame = replace(frame, id=next_layer_id(self._db, "frames", doc_pk, annotator,
                                                        "f"))
            self._check(doc_pk, annotator, frame)
            cur = self._db.execute(
                "INSERT INTO frames (doc, annotator, id, type, attrs, origin, state) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [doc_pk, annotator, frame.id, frame.type, dumps(dict(frame.attrs)),
                 frame.origin.value, frame.state.value])
            self._write_roles(int(cur.lastrowid or 0), doc_pk, annotator, frame)
            status = touch_status(self._db, doc_pk, annotator)
            self._log.record(who=who, action="add", entity="frame", doc=doc_id,
                             entity_id=frame.id, after=frame_dict(frame) | {"layer": annotator})
        return Written(frame, Change(doc=doc_id, layer=annotator, frames=frozenset({frame.id}),
                                     status=status))

    def update(self, doc_id: str, annotator: str, frame: Frame, *, who: str) -> Written[Frame]:
        """Replace the type, roles, attributes, origin and state of an existing frame."""
        with self._ctx.write():
            doc_pk, _ = self._doc(doc_id)
            fpk = self._frame_pk(doc_pk, annotator, frame.id)
            before = self._current(doc_pk, annotator, frame.id)
            self._check(doc_pk, annotator, frame)
            self._db.execute("UPDATE frames SET type = ?, attrs = ?, origin = ?, state = ? "
                             "WHERE pk = ?", [frame.type, dumps(dict(frame.attrs)),
                                              frame.origin.value, frame.state.value, fpk])
            self._write_roles(fpk, doc_pk, annotator, frame)
            status = touch_status(self._db, doc_pk, annotator)
            self._log.record(who=who, action="update", entity="frame", doc=doc_id,
                             entity_id=frame.id, before=frame_dict(before),
                             after=frame_dict(frame) | {"layer": annotator})
        return Written(frame, Change(doc=doc_id, layer=annotator, frames=frozenset({frame.id}),
                                     status=status))

    def delete(self, doc_id: str, annotator: str, frame_id: str, *,
               who: str) -> Written[Frame]:
        """Delete a frame (its spans stay); the value is the frame as it was (for undo)."""
        with self._ctx.write():
            doc_pk, _ = self._doc(doc_id)
            fpk = self._frame_pk(doc_pk, annotator, frame_id)
            before = self._current(doc_pk, annotator, frame_id)
            self._db.execute("DELETE FROM frames WHERE pk = ?", [fpk])
            self._log.record(who=who, action="delete", entity="frame", doc=doc_id,
                             entity_id=frame_id, before=frame_dict(before) | {"layer": annotator})
        return Written(before, Change(doc=doc_id, layer=annotator,
                                      frames=frozenset({frame_id})))


class RelationRepo(Repo):
    def __init__(self, ctx: Context, reader: AnnotationReader) -> None:
        super().__init__(ctx)
        self._read = reader

    def add(self, doc_id: str, annotator: str, rel: Relation, *, who: str) -> Written[Relation]:
        """Add a relation; an empty ``rel.id`` takes the next free ``r<n>``."""
        with self._ctx.write():
            doc_pk, _ = self._doc(doc_id)
            self.ensure_annotator(annotator)
            if not rel.id:
                rel = replace(rel, id=next_layer_id(self._db, "relations", doc_pk, annotator,
                                                    "r"))
            for problem in relation_problems(rel, labels=self._labels(doc_pk, annotator),
                                             codebook=self._ctx.codebook()):
                raise problem.error()
            self._db.execute(
                "INSERT INTO relations (doc, annotator, id, label, head, tail, attrs) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [doc_pk, annotator, rel.id, rel.label, self._span_pk(doc_pk, annotator, rel.head),
                 self._span_pk(doc_pk, annotator, rel.tail), dumps(dict(rel.attrs))])
            status = touch_status(self._db, doc_pk, annotator)
            self._log.record(who=who, action="add", entity="relation", doc=doc_id,
                             entity_id=rel.id, after=relation_dict(rel) | {"layer": annotator})
        return Written(rel, Change(doc=doc_id, layer=annotator, relations=frozenset({rel.id}),
                                   status=status))

    def delete(self, doc_id: str, annotator: str, rel_id: str, *,
               who: str) -> Written[Relation]:
        """Delete a relation; the value is the relation as it was (for undo)."""
        with self._ctx.write():
            doc_pk, _ = self._doc(doc_id)
            found = self._read.relations_of(doc_pk, annotator, "AND r.id = ?", [rel_id])
            if not found:
                raise NotFoundError(f"no relation {rel_id!r} in this layer")
            self._db.execute("DELETE FROM relations WHERE doc = ? AND annotator = ? AND id = ?",
                             [doc_pk, annotator, rel_id])
            self._log.record(who=who, action="delete", entity="relation", doc=doc_id,
                             entity_id=rel_id,
                             before=relation_dict(found[0]) | {"layer": annotator})
        return Written(found[0], Change(doc=doc_id, layer=annotator,
                                        relations=frozenset({rel_id})))
