"""The Workspace: the open project, the annotator, the current document and the undo stack.

Widgets never write to the store themselves: they call Workspace methods, which push
QUndoCommands (ui/commands.py). Each command writes in one committed transaction before the
method returns, then the Workspace emits the matching signal so every view refreshes.

Signals:
    document_opened(str): a document became current.
    annotations_changed(str): spans, frames or relations of that document changed.
    status_changed(str): a document's status for this annotator changed.
    actors_changed(): the registry changed (names, aliases, links, merges).
    corpus_changed(): documents were added or removed.
    saved(str): an edit was committed to disk (message for the status bar).
    span_selected(str): the selected span of the current document ("" for none); the article
        view and the annotation panel both follow it.
    error(str): an edit was refused (message to show; nothing was written).
    view_layer_changed(str): the layer shown read-only by the views changed (the annotator
        name; ``Workspace.annotator`` again means "my own layer, editable").
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.core.codebook import Codebook
from desktop.core.errors import ClaimdeskError, NotFoundError
from desktop.core.model import (
    Actor,
    DocStatus,
    Document,
    Fragment,
    Frame,
    Layer,
    Relation,
    Span,
    span_order,
)
from desktop.store import Project, open_project

log = logging.getLogger(__name__)


class Workspace(QObject):
    document_opened = Signal(str)
    annotations_changed = Signal(str)
    status_changed = Signal(str)
    actors_changed = Signal()
    corpus_changed = Signal()
    saved = Signal(str)
    span_selected = Signal(str)
    error = Signal(str)
    view_layer_changed = Signal(str)

    _view_layer: str = ""
    """Set through ``set_view_layer``; empty means our own layer."""

    def __init__(self, project: Project, *, annotator: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.annotator = annotator
        self.undo_stack = QUndoStack(self)
        self.current: Document | None = None
        self.selected_span: str = ""
        self.writes_paused = ""
        """Non-empty while a background job writes to the project (the reason)."""
        self._layer_cache: Layer | None = None
        project.annotations.ensure_annotator(annotator)
        project.set_meta("last_annotator", annotator)

    @classmethod
    def open(cls, path: Path, *, annotator: str) -> Workspace:
        return cls(open_project(path), annotator=annotator)

    @property
    def path(self) -> Path | None:
        return self.project.path

    @property
    def codebook(self) -> Codebook:
        return self.project.codebook

    def close(self) -> None:
        self.undo_stack.clear()
        self.project.close()

    # -- documents -----------------------------------------------------------------------

    def open_document(self, doc_id: str) -> Document:
        self.current = self.project.documents.get(doc_id)
        self._layer_cache = None
        self.selected_span = ""
        self.document_opened.emit(doc_id)
        return self.current

    def select_span(self, span_id: str) -> None:
        """Make ``span_id`` (or "" for none) the selected span, telling every view."""
        if span_id != self.selected_span:
            self.selected_span = span_id
            self.span_selected.emit(span_id)

    def layer(self, annotator: str | None = None) -> Layer:
        """The current document's layer for ``annotator`` (default: ours), cached."""
        if self.current is None:
            return Layer(annotator=annotator or self.annotator)
        if annotator is not None and annotator != self.annotator:
            return self.project.annotations.layer(self.current.id, annotator)
        if self._layer_cache is None:
            self._layer_cache = self.project.annotations.layer(self.current.id, self.annotator)
        return self._layer_cache

    def span(self, span_id: str) -> Span | None:
        return next((s for s in self.layer().spans if s.id == span_id), None)

    def _refresh_cache(self, doc_id: str, span_ids: Sequence[str] | None, *,
                       structure: bool = True) -> None:
        """Bring the cached layer up to date after a write to ``doc_id``.

        With the ids of the spans the write touched, only those spans (and the layer's
        frames, relations and status, which are few) are read back, instead of every span of
        a long article on each key press; ``None`` means: read everything again next time.
        """
        cache = self._layer_cache
        if self.current is None or self.current.id != doc_id or cache is None:
            return
        if span_ids is None:
            self._layer_cache = None
            return
        repo = self.project.annotations
        spans = cache.spans
        if span_ids:
            by_id = {s.id: s for s in spans}
            for sid in span_ids:
                try:
                    by_id[sid] = repo.span(doc_id, self.annotator, sid)
                except NotFoundError:
                    by_id.pop(sid, None)
            spans = tuple(sorted(by_id.values(), key=span_order))
        if not structure:  # the write touched no frame or relation (see ``notify``)
            self._layer_cache = replace(cache, status=repo.status(doc_id, self.annotator),
                                        spans=spans)
            return
        self._layer_cache = replace(
            cache, status=repo.status(doc_id, self.annotator), spans=spans,
            frames=tuple(repo.frames(doc_id, self.annotator)),
            relations=tuple(repo.relations(doc_id, self.annotator)))

    # -- the single write path -----------------------------------------------------------

    def push(self, command: QUndoCommand) -> bool:
        """Run ``command`` once (committing it) and put it on the undo stack.

        A command that fails on its first run is not pushed; the error is shown and
        nothing was written (each store write is one transaction).
        """
        from desktop.ui.commands import StoreCommand

        assert isinstance(command, StoreCommand)
        if self.writes_paused:
            # A background import holds the write lock; waiting for it would freeze the
            # window for up to the busy timeout, so refuse at once and say why.
            self.error.emit(f"{self.writes_paused}: edits are paused until it finishes")
            return False
        try:
            command.run()
        except ClaimdeskError as exc:
            self.error.emit(str(exc))
            return False
        command.done_once = True
        self.undo_stack.push(command)
        return True

    def notify(self, *, doc_id: str | None = None, spans: Sequence[str] | None = None,
               structure: bool = True, status: bool = False, actors: bool = False,
               message: str = "") -> None:
        """Called by commands after each committed write.

        ``spans`` lists the span ids the write touched (empty: only frames, relations or
        status changed; None: unknown, so the whole layer is read again). ``structure=False``
        says no frame or relation changed (adding a span, or undoing that), so they are not
        read again on the key press.
        """
        if actors:
            self._layer_cache = None  # actor names and links may change in any layer
        if doc_id is not None:
            self._refresh_cache(doc_id, spans, structure=structure)
            self.annotations_changed.emit(doc_id)
            if status:
                self.status_changed.emit(doc_id)
        if actors:
            self.actors_changed.emit()
        self.saved.emit(message or "saved")

    def external_change(self, message: str = "") -> None:
        """Another connection (a background import) wrote to the project: refresh every view.

        Documents may have been added, the registry and the codebook may have grown, and
        the current document's layers may have gained annotations.
        """
        self.project.forget_cached()
        self._layer_cache = None
        self.corpus_changed.emit()
        self.actors_changed.emit()
        if self.current is not None:
            self.annotations_changed.emit(self.current.id)
            self.status_changed.emit(self.current.id)
        if message:
            self.saved.emit(message)

    # -- edits (each one undoable) -------------------------------------------------------

    def _doc(self) -> str:
        if self.current is None:
            raise ClaimdeskError("no document is open")
        return self.current.id

    def add_span(self, label: str, fragments: tuple[Fragment, ...], *,
                 attrs: dict[str, object] | None = None) -> Span | None:
        from desktop.ui.commands import AddSpanCommand

        assert self.current is not None
        label_def = self.codebook.label(label)
        defaults = {a.name: a.default for a in (label_def.attributes if label_def else ())
                    if a.default is not None}
        span = Span.from_text(self.current.text, id="", label=label, fragments=fragments,
                              attrs={**defaults, **(attrs or {})})
        cmd = AddSpanCommand(self, self._doc(), span)
        return cmd.result if self.push(cmd) else None

    def update_span(self, span: Span, text: str = "Edit span") -> bool:
        from desktop.ui.commands import UpdateSpanCommand

        before = self.span(span.id)
        if before is None or before == span:
            return False
        return self.push(UpdateSpanCommand(self, self._doc(), before, span, text))

    def delete_span(self, span_id: str) -> bool:
        from desktop.ui.commands import DeleteSpanCommand

        return self.push(DeleteSpanCommand(self, self._doc(), span_id))

    def add_frame(self, frame: Frame) -> Frame | None:
        from desktop.ui.commands import AddFrameCommand

        cmd = AddFrameCommand(self, self._doc(), frame)
        return cmd.result if self.push(cmd) else None

    def update_frame(self, frame: Frame) -> bool:
        from desktop.ui.commands import UpdateFrameCommand

        before = next((f for f in self.layer().frames if f.id == frame.id), None)
        if before is None or before == frame:
            return False
        return self.push(UpdateFrameCommand(self, self._doc(), before, frame))

    def delete_frame(self, frame_id: str) -> bool:
        from desktop.ui.commands import DeleteFrameCommand

        return self.push(DeleteFrameCommand(self, self._doc(), frame_id))

    def add_relation(self, rel: Relation) -> Relation | None:
        from desktop.ui.commands import AddRelationCommand

        cmd = AddRelationCommand(self, self._doc(), rel)
        return cmd.result if self.push(cmd) else None

    def delete_relation(self, rel_id: str) -> bool:
        from desktop.ui.commands import DeleteRelationCommand

        return self.push(DeleteRelationCommand(self, self._doc(), rel_id))

    def set_status(self, status: DocStatus, doc_id: str | None = None) -> bool:
        from desktop.ui.commands import SetStatusCommand

        return self.push(SetStatusCommand(self, doc_id or self._doc(), status))

    def add_actor(self, actor: Actor) -> Actor | None:
        from desktop.ui.commands import AddActorCommand

        cmd = AddActorCommand(self, actor)
        return cmd.result if self.push(cmd) else None

    def update_actor(self, actor: Actor) -> bool:
        from desktop.ui.commands import UpdateActorCommand

        before = self.project.actors.get(actor.id)
        if before == actor:
            return False
        return self.push(UpdateActorCommand(self, before, actor))

    def merge_actors(self, keep_id: str, drop_id: str) -> bool:
        from desktop.ui.commands import MergeActorsCommand

        return self.push(MergeActorsCommand(self, keep_id, drop_id))

    def begin_macro(self, text: str) -> None:
        self.undo_stack.beginMacro(text)

    def end_macro(self) -> None:
        self.undo_stack.endMacro()

    # -- viewing other layers and deleting actors (added for the panels) ------------------

    @property
    def view_layer(self) -> str:
        """The layer the views show: ours (editable) or another annotator's (read-only)."""
        return self._view_layer or self.annotator

    @property
    def viewing_own_layer(self) -> bool:
        return self.view_layer == self.annotator

    def set_view_layer(self, annotator: str) -> None:
        """Show ``annotator``'s layer (read-only unless it is ours) in every view."""
        name = "" if annotator in ("", self.annotator) else annotator
        if name != self._view_layer:
            self._view_layer = name
            self.selected_span = ""
            self.view_layer_changed.emit(self.view_layer)

    def shown_layer(self) -> Layer:
        """The current document's layer that the views show (see ``view_layer``)."""
        return self.layer(self.view_layer)

    def delete_actor(self, actor_id: str) -> bool:
        from desktop.ui.commands import DeleteActorCommand

        return self.push(DeleteActorCommand(self, actor_id))
