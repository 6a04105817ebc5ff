"""The Workspace: the open project, the annotator, the current document and the undo stack.

Widgets never write to the store themselves: they call the edit methods here, which push an
``Op`` (``ui/commands.py``) as one ``StoreCommand``; the command commits before the call
returns. Every store write reports its ``Change``, and all of them arrive at one sink,
``apply``: it patches the cached layer at once and tells the views once per operation - a
push, an undo, a redo, or a ``group`` of edits - with the changes of that operation merged per
document layer (an operation that writes fifty spans refreshes each view once). Changes applied
outside an operation (another connection's import) are told at the end of the event-loop turn.
Views are therefore up to date whenever an edit call returns.

Signals:
    document_opened(str): a document became current.
    changed(Change): something was written (one emission per document layer per operation;
        a change with ``reload`` set means: read everything again). Views test its fields.
    saved(str): an edit was committed to disk (message for the status bar).
    span_selected(str): the selected span of the current document ("" for none); the article
        view and the annotation panel both follow it.
    error(str): an edit was refused (message to show; nothing was written).
    view_layer_changed(str): the layer shown read-only by the views changed (the annotator
        name; ``Workspace.annotator`` again means "my own layer, editable").
    file_lost(str): the project file was deleted, moved or replaced while open ("missing" or
        "replaced"); edits are off from then on (``lost``), the work so far is still readable
        through this connection and can be saved elsewhere (``save_rescue_copy``).

A project that cannot be written opens for reading (``read_only``): nothing is offered for
editing (``can_edit``), and an edit that still arrives is refused with a plain message.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from desktop.core.changes import Change
from desktop.core.codebook import Codebook
from desktop.core.errors import ClaimdeskError
from desktop.core.limits import from_environment
from desktop.core.model import (
    Actor,
    DocStatus,
    Document,
    Fragment,
    Frame,
    Layer,
    Relation,
    Span,
)
from desktop.core.offsets import sha256_text
from desktop.core.validate import span_problems
from desktop.store import Project, open_project, undo_steps_kept
from desktop.ui import commands as ops
from desktop.ui import undo_journal
from desktop.ui.layer_cache import LayerCache

_groups = itertools.count(1)

BUSY_TIMEOUT = 5.0
"""Seconds an edit waits for another process's write lock before saying the project is busy
(the window does not respond meanwhile, so this is shorter than the command line's wait)."""


class Workspace(QObject):
    document_opened = Signal(str)
    changed = Signal(object)  # Change
    saved = Signal(str)
    span_selected = Signal(str)
    error = Signal(str)
    view_layer_changed = Signal(str)
    file_lost = Signal(str)

    def __init__(self, project: Project, *, annotator: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.annotator = annotator
        self.undo_stack = QUndoStack(self)
        self.current: Document | None = None
        self.selected_span: str = ""
        self.writes_paused = ""
        """Non-empty while a background job writes to the project (the reason)."""
        self._view_layer = ""
        self._cache = LayerCache(project, annotator)
        self._pending: list[Change] = []
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self.flush)
        self._depth = 0
        """Operations in progress (nested); the views are told when the outermost ends."""
        self._groups: dict[int, str] = {}
        """Open undo groups (id -> the step's name), e.g. one per active gesture."""
        self._joining = -1
        self.lost = ""
        """Non-empty once the project file was deleted or replaced ("missing"/"replaced")."""
        self.limits = from_environment(os.environ)
        self.undo_stack.setUndoLimit(undo_steps_kept())
        if not project.read_only:
            with project.transaction():
                project.annotations.ensure_annotator(annotator)
                project.set_meta("last_annotator", annotator)
            # Undo and redo as they were when the project was last closed (or killed).
            undo_journal.restore(self, lambda o, t, pk, undone: ops.StoreCommand.restored(
                self, o, t, pk, undone))

    @classmethod
    def open(cls, path: Path, *, annotator: str,
             busy_timeout: float = BUSY_TIMEOUT) -> Workspace:
        """Open for writing, or for reading when the file cannot be written."""
        return cls(open_project(path, busy_timeout=busy_timeout, readonly=None),
                   annotator=annotator)

    # -- can this window write? ----------------------------------------------------------

    @property
    def read_only(self) -> str:
        """Why the project is open for reading only ("" when it can be written)."""
        return self.project.read_only_reason

    @property
    def can_edit(self) -> bool:
        """Edits are offered: our own layer, a writable project, its file still in place."""
        return self.viewing_own_layer and not self.read_only and not self.lost

    def check_file(self) -> str:
        """Look whether the project file is still the one opened; tell once when it is not."""
        if self.lost:
            return self.lost
        problem = self.project.file_problem()
        if problem:
            self.lost = problem
            self.file_lost.emit(problem)
        return problem

    def save_rescue_copy(self, dest: Path) -> None:
        """Write everything this window's connection still sees into a new file ``dest``."""
        self.project.save_copy(dest)

    @property
    def path(self) -> Path | None:
        return self.project.path

    @property
    def codebook(self) -> Codebook:
        return self.project.codebook

    def close(self) -> None:
        self._flush_timer.stop()
        self.undo_stack.clear()
        self.project.close()

    # -- documents and selection ---------------------------------------------------------

    def damaged(self, doc: Document, layer: Layer) -> str:
        """Why ``doc`` and our ``layer`` on it cannot be shown safely ("" when they can): its
        text or spans were changed outside Claimdesk (a tampered or damaged file)."""
        if sha256_text(doc.text) != doc.sha256:
            why = "its text no longer matches its checksum"
        else:
            bad = next((s for s in layer.spans if span_problems(s, doc.text)), None)
            if bad is None:
                return ""
            why = f"span {bad.id} no longer matches the text"
        return (f"The document {doc.id} was changed outside Claimdesk ({why}), so it is not "
                "opened: editing it could damage the annotations. Run `claimdesk check` on "
                "the project, and restore it from a backup (`claimdesk restore --list`).")

    def too_large(self, doc_id: str) -> str:
        """Why ``doc_id`` is not opened in the article view ("" when it is)."""
        size = self.project.documents.length(doc_id)
        limit = self.limits.view_chars
        if size <= limit:
            return ""
        return (f"The document {doc_id} has {size:,} characters, more than the {limit:,} the "
                f"article view opens (showing it would take about {size / 1e6:.0f} s and "
                f"{size * 60 / 1e6:.0f} MB of memory). Export it to read it elsewhere, or "
                "raise CLAIMDESK_MAX_VIEW_CHARS.")

    def open_document(self, doc_id: str) -> Document | None:
        """Make ``doc_id`` the current document; a document too large for the article view
        is refused with a message (``error``) and the current one stays."""
        self.flush()
        refused = self.too_large(doc_id)
        doc = layer = None
        if not refused:
            doc = self.project.documents.get(doc_id)
            layer = self.project.annotations.layer(doc_id, self.annotator)
            refused = self.damaged(doc, layer)
        if refused or doc is None:
            self.error.emit(refused)
            return None
        self.current = doc
        self._cache.open(doc_id, layer)  # read once: for the check and for the views
        self.selected_span = ""
        self.document_opened.emit(doc_id)
        return self.current

    def show_document_of(self, doc_id: str | None) -> None:
        """Open ``doc_id`` unless it is current (undo and redo show what they change)."""
        if doc_id is not None and (self.current is None or self.current.id != doc_id):
            self.open_document(doc_id)

    def select_span(self, span_id: str) -> None:
        """Make ``span_id`` (or "" for none) the selected span, telling every view.

        Pending changes are delivered first, so views know a span just made before they are
        asked to select it.
        """
        self.flush()
        if span_id != self.selected_span:
            self.selected_span = span_id
            self.span_selected.emit(span_id)

    def layer(self, annotator: str | None = None) -> Layer:
        """The current document's layer for ``annotator`` (default: ours, cached)."""
        if annotator is not None and annotator != self.annotator:
            if self.current is None:
                return Layer(annotator=annotator)
            return self.project.annotations.layer(self.current.id, annotator)
        return self._cache.get()

    def span(self, span_id: str) -> Span | None:
        return next((s for s in self.layer().spans if s.id == span_id), None)

    # -- the one sink for changes --------------------------------------------------------

    @contextmanager
    def operation(self) -> Iterator[None]:
        """Changes applied inside are told to the views once, when the outermost block ends."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if not self._depth:
                self.flush()

    def apply(self, change: Change) -> None:
        """Take a committed ``Change``: patch the cache now, tell the views when the current
        operation ends (or at the end of the event-loop turn)."""
        if not change:
            return
        if change.codebook or change.reload:
            self.project.forget_cached()
        self._cache.patch(change)
        for i, pending in enumerate(self._pending):
            if (pending.doc, pending.layer) == (change.doc, change.layer):
                self._pending[i] = pending.merged(change)
                break
        else:
            self._pending.append(change)
        if not self._depth:
            self._flush_timer.start()

    @property
    def has_pending(self) -> bool:
        """True between an applied change and the views being told (one event-loop turn)."""
        return bool(self._pending)

    def flush(self) -> None:
        """Emit the changes applied since the last flush (normally at the end of the turn)."""
        self._flush_timer.stop()
        pending, self._pending = self._pending, []
        for change in pending:
            self.changed.emit(change)

    def external_change(self, change: Change, message: str = "") -> None:
        """Another connection (a background import) wrote ``change`` to the project.

        Its codebook may have grown too (``--extend-codebook``), so that is read again.
        """
        with self.operation():
            self.apply(replace(change, codebook=True))
        if message:
            self.saved.emit(message)

    def report_error(self, message: str) -> None:
        self.error.emit(message)

    # -- pushing edits -------------------------------------------------------------------

    def push(self, op: ops.Op) -> bool:
        """Run ``op`` once (committing it) and put it on the undo stack.

        An op that fails is reported (``error``) and not kept; nothing was written. Inside an
        undo group joined by the caller (``joining``), the op becomes part of the group's step.
        """
        if self.writes_paused:
            # A background import holds the write lock; waiting for it would freeze the
            # window for up to the busy timeout, so refuse at once and say why.
            self.error.emit(f"{self.writes_paused}: edits are paused until it finishes")
            return False
        if self.read_only:
            self.error.emit(f"The project is open for reading only ({self.read_only}): "
                            "nothing can be changed.")
            return False
        if self.check_file():
            self.error.emit("The project file was moved, deleted or replaced while it was "
                            "open, so nothing more can be saved to it. Keep your work with "
                            "\"Save a rescue copy…\" above the article.")
            return False
        if isinstance(op, ops.LayerOp) and (op.who != self.annotator
                                            or not self.viewing_own_layer):
            # The window edits only the annotator's own layer, whatever asked for the edit.
            owner = op.who if op.who != self.annotator else self.view_layer
            self.error.emit(f"Not saved: the layer shown belongs to {owner}; you annotate as "
                            f"{self.annotator} and edit only your own layer (File → Switch "
                            "annotator to work as someone else)")
            return False
        group = self._joining if self._joining in self._groups else -1
        command = ops.StoreCommand(self, op, group, self._groups.get(group, ""))
        with self.operation():
            self.undo_stack.push(command)
        return command.error is None

    def begin_group(self, text: str) -> int:
        """Open an undo group: edits made while ``joining`` it become one undo step."""
        gid = next(_groups)
        self._groups[gid] = text
        return gid

    def end_group(self, gid: int) -> None:
        self._groups.pop(gid, None)

    @contextmanager
    def joining(self, gid: int) -> Iterator[None]:
        """Edits pushed inside this block join group ``gid`` (any other edit never does)."""
        previous, self._joining = self._joining, gid
        try:
            yield
        finally:
            self._joining = previous

    @contextmanager
    def group(self, text: str) -> Iterator[None]:
        """All edits pushed inside this block are one undo step (inside another group's
        block, they belong to that one)."""
        if self._joining in self._groups:
            yield
            return
        gid = self.begin_group(text)
        try:
            with self.operation(), self.joining(gid):
                yield
        finally:
            self.end_group(gid)

    # -- edits (each one undoable) -------------------------------------------------------

    def _doc(self) -> str:
        if self.current is None:
            raise ClaimdeskError("no document is open")
        return self.current.id

    def add_span(self, label: str, fragments: tuple[Fragment, ...], *,
                 attrs: dict[str, object] | None = None) -> Span | None:
        assert self.current is not None
        label_def = self.codebook.label(label)
        # Only defaults the codebook accepts unconfirmed (``default_ok``) are stored; the
        # others are shown as defaults until the annotator confirms or sets them.
        defaults = label_def.stored_defaults() if label_def is not None else {}
        span = Span.from_text(self.current.text, id="", label=label, fragments=fragments,
                              attrs={**defaults, **(attrs or {})})
        op = ops.AddSpan(self.project, self.annotator, self._doc(), span)
        return op.result if self.push(op) else None

    def update_span(self, span: Span, text: str = "Edit span") -> bool:
        before = self.span(span.id)
        if before is None or before == span:
            return False
        return self.push(ops.UpdateSpan(self.project, self.annotator, self._doc(), before,
                                        span, text))

    def delete_span(self, span_id: str) -> bool:
        """Delete a span; frames it alone fills a required role of go with it, in the same
        undo step (a frame never loses its CLAIM silently, and Ctrl+Z brings both back)."""
        span = self.span(span_id)
        doomed = self.frames_needing(span_id)
        if span is None or not doomed:
            return self.push(ops.DeleteSpan(self.project, self.annotator, self._doc(), span_id))
        what = " and ".join(f"{f.type} frame {f.id}" for f in doomed)
        with self.group(f"Delete {span.label} {span_id} and its {what}"):
            for frame in doomed:
                if not self.delete_frame(frame.id):
                    return False
            return self.push(ops.DeleteSpan(self.project, self.annotator, self._doc(),
                                            span_id))

    def frames_needing(self, span_id: str) -> list[Frame]:
        """Frames that would fall below a role's minimum without ``span_id`` (its CLAIM)."""
        out = []
        for frame in self.layer().frames:
            ftype = self.codebook.frame_type(frame.type)
            for role, ids in frame.roles.items():
                rdef = ftype.role(role) if ftype is not None else None
                if span_id in ids and rdef is not None and len(ids) - 1 < rdef.min:
                    out.append(frame)
                    break
        return out

    def add_frame(self, frame: Frame) -> Frame | None:
        op = ops.AddFrame(self.project, self.annotator, self._doc(), frame)
        return op.result if self.push(op) else None

    def update_frame(self, frame: Frame) -> bool:
        before = next((f for f in self.layer().frames if f.id == frame.id), None)
        if before is None or before == frame:
            return False
        return self.push(ops.UpdateFrame(self.project, self.annotator, self._doc(), before,
                                         frame))

    def delete_frame(self, frame_id: str) -> bool:
        return self.push(ops.DeleteFrame(self.project, self.annotator, self._doc(), frame_id))

    def add_relation(self, rel: Relation) -> Relation | None:
        op = ops.AddRelation(self.project, self.annotator, self._doc(), rel)
        return op.result if self.push(op) else None

    def delete_relation(self, rel_id: str) -> bool:
        return self.push(ops.DeleteRelation(self.project, self.annotator, self._doc(),
                                            rel_id))

    def set_status(self, status: DocStatus, doc_id: str | None = None) -> bool:
        return self.push(ops.SetStatus(self.project, self.annotator, doc_id or self._doc(),
                                       status))

    def add_actor(self, actor: Actor) -> Actor | None:
        op = ops.AddActor(self.project, self.annotator, actor)
        return op.result if self.push(op) else None

    def update_actor(self, actor: Actor) -> bool:
        before = self.project.actors.get(actor.id)
        if before == actor:
            return False
        return self.push(ops.UpdateActor(self.project, self.annotator, before, actor))

    def merge_actors(self, keep_id: str, drop_id: str) -> bool:
        return self.push(ops.MergeActors(self.project, self.annotator, keep_id, drop_id))

    def delete_actor(self, actor_id: str) -> bool:
        return self.push(ops.DeleteActor(self.project, self.annotator, actor_id))

    # -- viewing other layers ------------------------------------------------------------

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
