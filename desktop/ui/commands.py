"""Undo commands: each acts on the store by ids and values, never on widgets.

A command's first run happens in ``Workspace.push`` (so a failure is reported and the
command is not pushed); QUndoStack's initial ``redo()`` call is then skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from desktop.core.errors import ClaimdeskError
from desktop.core.model import Actor, DocStatus, Frame, Relation, Span
from desktop.store.annotations import SpanSnapshot

if TYPE_CHECKING:
    from desktop.ui.workspace import Workspace


class StoreCommand(QUndoCommand):
    def __init__(self, ws: Workspace, text: str) -> None:
        super().__init__(text)
        self.ws = ws
        self.done_once = False

    @property
    def who(self) -> str:
        return self.ws.annotator

    def run(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def _focus(self) -> None:
        """Undo and redo show the document they change, so no edit happens out of sight."""
        doc_id = getattr(self, "doc_id", None)
        current = self.ws.current
        if isinstance(doc_id, str) and (current is None or current.id != doc_id):
            self.ws.open_document(doc_id)

    def _guarded(self, step: str, action: Callable[[], None]) -> None:
        try:
            action()
        except ClaimdeskError as exc:
            # The transaction rolled back, so the file is unchanged; say so instead of
            # letting the exception escape a Qt slot.
            self.ws.error.emit(f"Could not {step} {self.text().lower()}: {exc}")

    def redo(self) -> None:
        if self.done_once:
            self.done_once = False  # the first run already happened in Workspace.push
            return
        self._focus()
        self._guarded("redo", self.run)

    def undo(self) -> None:
        self._focus()
        self._guarded("undo", self.revert)


class AddSpanCommand(StoreCommand):
    def __init__(self, ws: Workspace, doc_id: str, span: Span) -> None:
        super().__init__(ws, f"Add {span.label}")
        self.doc_id = doc_id
        self.span = span
        self.result: Span | None = None

    def run(self) -> None:
        self.result = self.ws.project.annotations.add_span(self.doc_id, self.ws.annotator,
                                                           self.span, who=self.who)
        self.span = self.result  # redo after undo re-creates the same id
        self.ws.notify(doc_id=self.doc_id, spans=[self.span.id], structure=False, status=True,
                       message=f"added {self.span.label}")

    def revert(self) -> None:
        assert self.result is not None
        gone = self.ws.project.annotations.delete_span(self.doc_id, self.ws.annotator,
                                                       self.result.id, who=self.who)
        # Frames and relations using the span were normally made later and are undone by
        # now; only if one still held it (say, an import matched it) must they be re-read.
        self.ws.notify(doc_id=self.doc_id, spans=[self.result.id],
                       structure=bool(gone.roles or gone.relations),
                       message=f"undid add {self.span.label}")


class DeleteSpanCommand(StoreCommand):
    def __init__(self, ws: Workspace, doc_id: str, span_id: str) -> None:
        super().__init__(ws, "Delete span")
        self.doc_id = doc_id
        self.span_id = span_id
        self.snapshot: SpanSnapshot | None = None

    def run(self) -> None:
        self.snapshot = self.ws.project.annotations.delete_span(
            self.doc_id, self.ws.annotator, self.span_id, who=self.who)
        self.setText(f"Delete {self.snapshot.span.label}")
        self.ws.notify(doc_id=self.doc_id, spans=[self.span_id],
                       message=f"deleted {self.snapshot.span.label}")

    def revert(self) -> None:
        assert self.snapshot is not None
        self.ws.project.annotations.restore_span(self.doc_id, self.ws.annotator,
                                                 self.snapshot, who=self.who)
        self.ws.notify(doc_id=self.doc_id, spans=[self.span_id], message="restored span")


class UpdateSpanCommand(StoreCommand):
    def __init__(self, ws: Workspace, doc_id: str, before: Span, after: Span,
                 text: str) -> None:
        super().__init__(ws, text)
        self.doc_id = doc_id
        self.before = before
        self.after = after

    def run(self) -> None:
        self.after = self.ws.project.annotations.update_span(self.doc_id, self.ws.annotator,
                                                             self.after, who=self.who)
        self.ws.notify(doc_id=self.doc_id, spans=[self.after.id],
                       actors=self.before.actor != self.after.actor,
                       message=self.text().lower())

    def revert(self) -> None:
        self.ws.project.annotations.update_span(self.doc_id, self.ws.annotator, self.before,
                                                who=self.who)
        self.ws.notify(doc_id=self.doc_id, spans=[self.after.id],
                       actors=self.before.actor != self.after.actor,
                       message=f"undid {self.text().lower()}")


class AddFrameCommand(StoreCommand):
    def __init__(self, ws: Workspace, doc_id: str, frame: Frame) -> None:
        super().__init__(ws, f"Add {frame.type} frame")
        self.doc_id = doc_id
        self.frame = frame
        self.result: Frame | None = None

    def run(self) -> None:
        self.result = self.ws.project.annotations.add_frame(self.doc_id, self.ws.annotator,
                                                            self.frame, who=self.who)
        self.frame = self.result
        self.ws.notify(doc_id=self.doc_id, spans=(),
                       status=True, message=f"added frame {self.frame.id}")

    def revert(self) -> None:
        assert self.result is not None
        self.ws.project.annotations.delete_frame(self.doc_id, self.ws.annotator,
                                                 self.result.id, who=self.who)
        self.ws.notify(doc_id=self.doc_id, spans=(), message="undid add frame")


class UpdateFrameCommand(StoreCommand):
    def __init__(self, ws: Workspace, doc_id: str, before: Frame, after: Frame) -> None:
        super().__init__(ws, f"Edit frame {after.id}")
        self.doc_id = doc_id
        self.before = before
        self.after = after

    def run(self) -> None:
        self.ws.project.annotations.update_frame(self.doc_id, self.ws.annotator, self.after,
                                                 who=self.who)
        self.ws.notify(doc_id=self.doc_id, spans=(), message=f"edited frame {self.after.id}")

    def revert(self) -> None:
        self.ws.project.annotations.update_frame(self.doc_id, self.ws.annotator, self.before,
                                                 who=self.who)
        self.ws.notify(doc_id=self.doc_id, spans=(), message=f"undid edit of frame {self.after.id}")


class DeleteFrameCommand(StoreCommand):
    def __init__(self, ws: Workspace, doc_id: str, frame_id: str) -> None:
        super().__init__(ws, f"Delete frame {frame_id}")
        self.doc_id = doc_id
        self.frame_id = frame_id
        self.before: Frame | None = None

    def run(self) -> None:
        self.before = self.ws.project.annotations.delete_frame(
            self.doc_id, self.ws.annotator, self.frame_id, who=self.who)
        self.ws.notify(doc_id=self.doc_id, spans=(), message=f"deleted frame {self.frame_id}")

    def revert(self) -> None:
        assert self.before is not None
        self.ws.project.annotations.add_frame(self.doc_id, self.ws.annotator, self.before,
                                              who=self.who)
        self.ws.notify(doc_id=self.doc_id, spans=(), message=f"restored frame {self.frame_id}")


class AddRelationCommand(StoreCommand):
    def __init__(self, ws: Workspace, doc_id: str, rel: Relation) -> None:
        super().__init__(ws, f"Add relation {rel.label}")
        self.doc_id = doc_id
        self.rel = rel
        self.result: Relation | None = None

    def run(self) -> None:
        self.result = self.ws.project.annotations.add_relation(
            self.doc_id, self.ws.annotator, self.rel, who=self.who)
        self.rel = self.result
        self.ws.notify(doc_id=self.doc_id, spans=(), status=True, message=f"added {self.rel.label}")

    def revert(self) -> None:
        assert self.result is not None
        self.ws.project.annotations.delete_relation(self.doc_id, self.ws.annotator,
                                                    self.result.id, who=self.who)
        self.ws.notify(doc_id=self.doc_id, spans=(), message="undid add relation")


class DeleteRelationCommand(StoreCommand):
    def __init__(self, ws: Workspace, doc_id: str, rel_id: str) -> None:
        super().__init__(ws, f"Delete relation {rel_id}")
        self.doc_id = doc_id
        self.rel_id = rel_id
        self.before: Relation | None = None

    def run(self) -> None:
        self.before = self.ws.project.annotations.delete_relation(
            self.doc_id, self.ws.annotator, self.rel_id, who=self.who)
        self.ws.notify(doc_id=self.doc_id, spans=(), message=f"deleted relation {self.rel_id}")

    def revert(self) -> None:
        assert self.before is not None
        self.ws.project.annotations.add_relation(self.doc_id, self.ws.annotator, self.before,
                                                 who=self.who)
        self.ws.notify(doc_id=self.doc_id, spans=(), message=f"restored relation {self.rel_id}")


class SetStatusCommand(StoreCommand):
    def __init__(self, ws: Workspace, doc_id: str, status: DocStatus) -> None:
        super().__init__(ws, f"Mark {status.value}")
        self.doc_id = doc_id
        self.status = status
        self.before = DocStatus.NEW

    def run(self) -> None:
        self.before = self.ws.project.annotations.set_status(
            self.doc_id, self.ws.annotator, self.status, who=self.who)
        self.ws.notify(doc_id=self.doc_id, spans=(),
                       status=True, message=f"marked {self.status.value}")

    def revert(self) -> None:
        self.ws.project.annotations.set_status(self.doc_id, self.ws.annotator, self.before,
                                               who=self.who)
        self.ws.notify(doc_id=self.doc_id, spans=(),
                       status=True, message=f"status {self.before.value}")


class AddActorCommand(StoreCommand):
    def __init__(self, ws: Workspace, actor: Actor) -> None:
        super().__init__(ws, f"Add actor {actor.name}")
        self.actor = actor
        self.result: Actor | None = None

    def run(self) -> None:
        self.result = self.ws.project.actors.add(self.actor, who=self.who)
        self.actor = self.result
        self.ws.notify(actors=True, message=f"added actor {self.actor.name}")

    def revert(self) -> None:
        assert self.result is not None
        self.ws.project.actors.delete(self.result.id, who=self.who)
        self.ws.notify(actors=True, message=f"removed actor {self.actor.name}")


class UpdateActorCommand(StoreCommand):
    def __init__(self, ws: Workspace, before: Actor, after: Actor) -> None:
        super().__init__(ws, f"Edit actor {after.name}")
        self.before = before
        self.after = after

    def run(self) -> None:
        self.ws.project.actors.update(self.after, who=self.who)
        self.ws.notify(actors=True, message=f"edited actor {self.after.name}")

    def revert(self) -> None:
        self.ws.project.actors.update(self.before, who=self.who)
        self.ws.notify(actors=True, message=f"undid edit of actor {self.after.name}")


class MergeActorsCommand(StoreCommand):
    def __init__(self, ws: Workspace, keep_id: str, drop_id: str) -> None:
        super().__init__(ws, "Merge actors")
        self.keep_id = keep_id
        self.drop_id = drop_id
        self.keep: Actor | None = None
        self.drop: Actor | None = None
        self.moved: list[int] = []

    def run(self) -> None:
        actors = self.ws.project.actors
        self.keep, self.drop = actors.get(self.keep_id), actors.get(self.drop_id)
        self.moved = actors.merge(self.keep_id, self.drop_id, who=self.who)
        self.setText(f"Merge {self.drop.name} into {self.keep.name}")
        self.ws.notify(actors=True, message=self.text().lower())

    def revert(self) -> None:
        assert self.keep is not None
        assert self.drop is not None
        self.ws.project.actors.unmerge(self.keep, self.drop, self.moved, who=self.who)
        self.ws.notify(actors=True, message=f"undid {self.text().lower()}")


class DeleteActorCommand(StoreCommand):
    """Delete a registry actor; undo re-creates it with its id and re-links its mentions."""

    def __init__(self, ws: Workspace, actor_id: str) -> None:
        super().__init__(ws, "Delete actor")
        self.actor_id = actor_id
        self.before: Actor | None = None
        self.linked: list[int] = []

    def run(self) -> None:
        self.before, self.linked = self.ws.project.actors.delete(self.actor_id, who=self.who)
        self.setText(f"Delete actor {self.before.name}")
        self.ws.notify(actors=True, message=self.text().lower())

    def revert(self) -> None:
        assert self.before is not None
        self.ws.project.actors.restore(self.before, self.linked, who=self.who)
        self.ws.notify(actors=True, message=f"undid {self.text().lower()}")
