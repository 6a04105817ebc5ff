"""Undo: each edit is an ``Op`` (a store call and its inverse store call, by ids and values),
run by one ``StoreCommand`` on the Workspace's QUndoStack.

An op's ``do``/``undo`` return the ``Change`` the store reported; the command hands it to the
single sink, ``Workspace.apply``. Ops never touch widgets (orange-canvas-core's commands act on
the model the same way).

Grouping: a command carries the id of the undo group it was pushed in (-1: none). QUndoStack
merges a pushed command into the one on top when their ids match, so the edits of a gesture
(or of "link all mentions") become one undo step, while an edit from anywhere else - which
has another id - is a step of its own and breaks the run: nothing foreign ever joins a group.

Failures: each run of a command is one store transaction (all its ops, or none). A run that
fails is reported through ``Workspace.error`` and marks the command obsolete, so QUndoStack
drops it and the stack never disagrees with the file.

Persistence: each run also records the step in the project's undo journal, in the same
transaction (``ui/undo_journal.py``), so the stack survives closing the project or a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from desktop.core.changes import Change
from desktop.core.errors import ClaimdeskError
from desktop.core.model import Actor, DocStatus, Frame, Relation, Span
from desktop.store import Project, SpanSnapshot

if TYPE_CHECKING:
    from desktop.ui.workspace import Workspace


class Op:
    """One undoable store edit of annotator ``who``'s layer (or of the registry)."""

    doc_id: str | None = None
    """The document the edit changes (undo and redo open it first); None for the registry."""

    def __init__(self, project: Project, who: str) -> None:
        self.project = project
        self.who = who

    @property
    def text(self) -> str:
        """The undo stack's name for the edit."""
        raise NotImplementedError

    def do(self) -> Change:
        raise NotImplementedError

    def undo(self) -> Change:
        raise NotImplementedError


class LayerOp(Op):
    """An edit of one document's layer: ``layer`` (default: ``who``'s own).

    ``who`` is the person, for the change log; ``layer`` is the layer written. They differ when
    the lead adjudicates: the decisions go to the gold layer, the log says who made them.
    """

    def __init__(self, project: Project, who: str, doc_id: str, *,
                 layer: str | None = None) -> None:
        super().__init__(project, who)
        self.doc = doc_id
        self.doc_id = doc_id
        self.layer = layer or who


class StoreCommand(QUndoCommand):
    """Runs ops (one, or a merged group) in one store transaction per redo/undo."""

    def __init__(self, ws: Workspace, op: Op, group: int = -1, text: str = "") -> None:
        super().__init__(text or op.text)
        self.ws = ws
        self.ops = [op]
        self.group = group
        self._named = bool(text)
        self._runs = 0
        self._skip = 0
        """Calls to ignore: a command restored from the journal already ran (redo), or was
        already undone, before the project was closed."""
        self.journal_pk: int | None = None
        self.error: ClaimdeskError | None = None

    @classmethod
    def restored(cls, ws: Workspace, ops: list[Op], text: str, journal_pk: int,
                 undone: bool) -> StoreCommand:
        """A step read back from the undo journal (``undo_journal.restore``)."""
        cmd = cls(ws, ops[0], -1, text)
        cmd.ops = list(ops)
        cmd._named = True
        cmd._runs = 1
        cmd._skip = 2 if undone else 1  # QUndoStack.push redoes it; setIndex undoes it
        cmd.journal_pk = journal_pk
        return cmd

    def id(self) -> int:
        return self.group

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, StoreCommand) or other.error is not None or \
                other.group != self.group:
            return False
        self.ops.extend(other.ops)
        return True

    def redo(self) -> None:
        self._run("redo", [op.do for op in self.ops])

    def undo(self) -> None:
        self._run("undo", [op.undo for op in reversed(self.ops)])

    def _run(self, step: str, calls: list[Callable[[], Change]]) -> None:
        if self._skip:
            self._skip -= 1
            return
        with self.ws.operation():
            self._run_ops(step, calls)

    def _merge_target(self) -> StoreCommand | None:
        """The command QUndoStack.push will merge this one into (its own rule), if any."""
        stack = self.ws.undo_stack
        index = stack.index()
        cur = stack.command(index - 1) if index > 0 else None
        if (isinstance(cur, StoreCommand) and self.group != -1 and cur.group == self.group
                and index != stack.cleanIndex()):
            return cur
        return None

    def _journal(self, step: str) -> None:
        """Record this run in the undo journal (inside the run's transaction)."""
        from desktop.ui.undo_journal import encode

        journal = self.ws.project.undo
        if self._runs == 0:
            into = self._merge_target()
            if into is not None:
                self.journal_pk = journal.push(
                    self.ws.annotator, into.text(),
                    [encode(op) for op in [*into.ops, *self.ops]], into=into.journal_pk)
                return
            name = self.text() if self._named or len(self.ops) > 1 else self.ops[0].text
            self.journal_pk = journal.push(self.ws.annotator, name,
                                           [encode(op) for op in self.ops])
        elif self.journal_pk is not None:
            journal.mark(self.journal_pk, undone=step == "undo",
                         ops=[encode(op) for op in self.ops])

    def _forget(self) -> None:
        """After a failed run: the journal follows QUndoStack, which drops this command (and,
        for a failed new edit, the redo part of the stack)."""
        journal = self.ws.project.undo
        try:
            if self._runs == 0:
                journal.drop_undone(self.ws.annotator)
            elif self.journal_pk is not None:
                journal.drop(self.journal_pk)
        except ClaimdeskError:
            pass  # a busy or read-only file: the next open drops a step that cannot run

    def _run_ops(self, step: str, calls: list[Callable[[], Change]]) -> None:
        changes: list[Change] = []
        try:
            if self._runs:
                # Undo and redo show the document they change, so no edit happens out of
                # sight (the first run is the edit the user just made, wherever it was made).
                self.ws.show_document_of(self.ops[0].doc_id)
            with self.ws.project.transaction():
                changes = [call() for call in calls]
                self._journal(step)
        except ClaimdeskError as exc:
            # The transaction rolled back: the file is as it was before this run. Tell the
            # user, and let QUndoStack drop the command so the stack matches the file.
            self.error = exc
            self.setObsolete(True)
            self._forget()
            verb = "save" if self._runs == 0 else step
            self.ws.report_error(f"Could not {verb} {self.text().lower()}: {exc}")
            return
        self._runs += 1
        if not self._named and len(self.ops) == 1:
            self.setText(self.ops[0].text)  # some names are known only once the edit ran
        for change in changes:
            self.ws.apply(change)
        self.ws.saved.emit(self.text().lower() if step == "redo"
                           else f"undid {self.text().lower()}")


# -- spans ------------------------------------------------------------------------------


class AddSpan(LayerOp):
    def __init__(self, project: Project, who: str, doc_id: str, span: Span, *,
                 layer: str | None = None) -> None:
        super().__init__(project, who, doc_id, layer=layer)
        self.span = span
        self.result: Span | None = None

    @property
    def text(self) -> str:
        return f"Add {self.span.label}"

    def do(self) -> Change:
        written = self.project.spans.add(self.doc, self.layer, self.span, who=self.who)
        # Redo after undo re-creates the span with the same id.
        self.result = self.span = written.value
        return written.change

    def undo(self) -> Change:
        return self.project.spans.delete(self.doc, self.layer, self.span.id,
                                         who=self.who).change


class UpdateSpan(LayerOp):
    def __init__(self, project: Project, who: str, doc_id: str, before: Span, after: Span,
                 text: str, *,
                 layer: str | None = None) -> None:
        super().__init__(project, who, doc_id, layer=layer)
        self.before = before
        self.after = after
        self._text = text

    @property
    def text(self) -> str:
        return self._text

    def do(self) -> Change:
        written = self.project.spans.update(self.doc, self.layer, self.after, who=self.who)
        self.after = written.value
        return written.change

    def undo(self) -> Change:
        return self.project.spans.update(self.doc, self.layer, self.before,
                                         who=self.who).change


class DeleteSpan(LayerOp):
    def __init__(self, project: Project, who: str, doc_id: str, span_id: str, *,
                 layer: str | None = None) -> None:
        super().__init__(project, who, doc_id, layer=layer)
        self.span_id = span_id
        self.snapshot: SpanSnapshot | None = None

    @property
    def text(self) -> str:
        return f"Delete {self.snapshot.span.label}" if self.snapshot else "Delete span"

    def do(self) -> Change:
        written = self.project.spans.delete(self.doc, self.layer, self.span_id, who=self.who)
        self.snapshot = written.value
        return written.change

    def undo(self) -> Change:
        assert self.snapshot is not None
        return self.project.spans.restore(self.doc, self.layer, self.snapshot,
                                          who=self.who).change


# -- frames and relations ---------------------------------------------------------------


class AddFrame(LayerOp):
    def __init__(self, project: Project, who: str, doc_id: str, frame: Frame, *,
                 layer: str | None = None) -> None:
        super().__init__(project, who, doc_id, layer=layer)
        self.frame = frame
        self.result: Frame | None = None

    @property
    def text(self) -> str:
        return f"Add {self.frame.type} frame"

    def do(self) -> Change:
        written = self.project.frames.add(self.doc, self.layer, self.frame, who=self.who)
        self.result = self.frame = written.value
        return written.change

    def undo(self) -> Change:
        return self.project.frames.delete(self.doc, self.layer, self.frame.id,
                                          who=self.who).change


class UpdateFrame(LayerOp):
    def __init__(self, project: Project, who: str, doc_id: str, before: Frame,
                 after: Frame, *,
                 layer: str | None = None) -> None:
        super().__init__(project, who, doc_id, layer=layer)
        self.before = before
        self.after = after

    @property
    def text(self) -> str:
        return f"Edit frame {self.after.id}"

    def do(self) -> Change:
        return self.project.frames.update(self.doc, self.layer, self.after,
                                          who=self.who).change

    def undo(self) -> Change:
        return self.project.frames.update(self.doc, self.layer, self.before,
                                          who=self.who).change


class DeleteFrame(LayerOp):
    def __init__(self, project: Project, who: str, doc_id: str, frame_id: str, *,
                 layer: str | None = None) -> None:
        super().__init__(project, who, doc_id, layer=layer)
        self.frame_id = frame_id
        self.before: Frame | None = None

    @property
    def text(self) -> str:
        return f"Delete frame {self.frame_id}"

    def do(self) -> Change:
        written = self.project.frames.delete(self.doc, self.layer, self.frame_id,
                                             who=self.who)
        self.before = written.value
        return written.change

    def undo(self) -> Change:
        assert self.before is not None
        return self.project.frames.add(self.doc, self.layer, self.before,
                                       who=self.who).change


class AddRelation(LayerOp):
    def __init__(self, project: Project, who: str, doc_id: str, rel: Relation, *,
                 layer: str | None = None) -> None:
        super().__init__(project, who, doc_id, layer=layer)
        self.rel = rel
        self.result: Relation | None = None

    @property
    def text(self) -> str:
        return f"Add relation {self.rel.label}"

    def do(self) -> Change:
        written = self.project.relations.add(self.doc, self.layer, self.rel, who=self.who)
        self.result = self.rel = written.value
        return written.change

    def undo(self) -> Change:
        return self.project.relations.delete(self.doc, self.layer, self.rel.id,
                                             who=self.who).change


class DeleteRelation(LayerOp):
    def __init__(self, project: Project, who: str, doc_id: str, rel_id: str, *,
                 layer: str | None = None) -> None:
        super().__init__(project, who, doc_id, layer=layer)
        self.rel_id = rel_id
        self.before: Relation | None = None

    @property
    def text(self) -> str:
        return f"Delete relation {self.rel_id}"

    def do(self) -> Change:
        written = self.project.relations.delete(self.doc, self.layer, self.rel_id,
                                                who=self.who)
        self.before = written.value
        return written.change

    def undo(self) -> Change:
        assert self.before is not None
        return self.project.relations.add(self.doc, self.layer, self.before,
                                          who=self.who).change


class SetStatus(LayerOp):
    def __init__(self, project: Project, who: str, doc_id: str, status: DocStatus, *,
                 layer: str | None = None) -> None:
        super().__init__(project, who, doc_id, layer=layer)
        self.status = status
        self.before = DocStatus.NEW

    @property
    def text(self) -> str:
        return f"Mark {self.status.value}"

    def do(self) -> Change:
        written = self.project.status.set(self.doc, self.layer, self.status, who=self.who)
        self.before = written.value
        return written.change

    def undo(self) -> Change:
        return self.project.status.set(self.doc, self.layer, self.before,
                                       who=self.who).change


# -- the actor registry -----------------------------------------------------------------


class AddActor(Op):
    def __init__(self, project: Project, who: str, actor: Actor) -> None:
        super().__init__(project, who)
        self.actor = actor
        self.result: Actor | None = None

    @property
    def text(self) -> str:
        return f"Add actor {self.actor.name}"

    def do(self) -> Change:
        written = self.project.actors.add(self.actor, who=self.who)
        self.result = self.actor = written.value
        return written.change

    def undo(self) -> Change:
        return self.project.actors.delete(self.actor.id, who=self.who).change


class UpdateActor(Op):
    def __init__(self, project: Project, who: str, before: Actor, after: Actor) -> None:
        super().__init__(project, who)
        self.before = before
        self.after = after

    @property
    def text(self) -> str:
        return f"Edit actor {self.after.name}"

    def do(self) -> Change:
        return self.project.actors.update(self.after, who=self.who).change

    def undo(self) -> Change:
        return self.project.actors.update(self.before, who=self.who).change


@dataclass
class Merged:
    keep: Actor
    drop: Actor
    moved: list[int] = field(default_factory=list)


class MergeActors(Op):
    def __init__(self, project: Project, who: str, keep_id: str, drop_id: str) -> None:
        super().__init__(project, who)
        self.keep_id = keep_id
        self.drop_id = drop_id
        self.merged: Merged | None = None

    @property
    def text(self) -> str:
        if self.merged is None:
            return "Merge actors"
        return f"Merge {self.merged.drop.name} into {self.merged.keep.name}"

    def do(self) -> Change:
        actors = self.project.actors
        keep, drop = actors.get(self.keep_id), actors.get(self.drop_id)
        written = actors.merge(self.keep_id, self.drop_id, who=self.who)
        self.merged = Merged(keep, drop, written.value)
        return written.change

    def undo(self) -> Change:
        assert self.merged is not None
        m = self.merged
        return self.project.actors.unmerge(m.keep, m.drop, m.moved, who=self.who)


class DeleteActor(Op):
    """Delete a registry actor; undo re-creates it with its id and re-links its mentions."""

    def __init__(self, project: Project, who: str, actor_id: str) -> None:
        super().__init__(project, who)
        self.actor_id = actor_id
        self.before: Actor | None = None
        self.linked: list[int] = []

    @property
    def text(self) -> str:
        return f"Delete actor {self.before.name}" if self.before else "Delete actor"

    def do(self) -> Change:
        written = self.project.actors.delete(self.actor_id, who=self.who)
        self.before, self.linked = written.value
        return written.change

    def undo(self) -> Change:
        assert self.before is not None
        return self.project.actors.restore(self.before, self.linked, who=self.who).change
