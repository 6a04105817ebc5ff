"""Adjudication: decide the gold layer of a document from two or more annotators' layers.

The controller holds one document, the layers compared and their differences
(``quality.diff_layers``); every decision is an ordinary undoable edit of the gold layer pushed
through ``Workspace.push`` (``who`` stays the lead, the layer written is gold): accepting a span
is one undo step, accepting a frame (its fillers and the frame) is one, "accept all agreed" is
one. The controller re-reads when a ``Change`` touches the gold layer or the compared layers, so
undo, redo and edits made anywhere else show at once.

Signals:
    refreshed(): the items or the gold layer changed (views repaint).
    message(str): a line for the status bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from PySide6.QtCore import QObject, Signal

from desktop.core.changes import Change
from desktop.core.model import GOLD, DocStatus, Document, Frame, Layer, Origin, Span, SpanState
from desktop.core.snapping import move_edge
from desktop.quality import Decision, DiffItem, DiffKind, decision, diff_layers
from desktop.ui import commands as ops
from desktop.ui.workspace import Workspace


def candidate_documents(ws: Workspace) -> list[tuple[str, str, list[str], DocStatus]]:
    """``(doc id, title, annotators, gold status)`` of documents two or more people did."""
    out = []
    for ls in ws.project.layer_sets():
        names = [n for n, layer in ls.layers.items() if n != GOLD
                 and (layer.spans or layer.frames or layer.status is DocStatus.DONE)]
        if len(names) >= 2:
            gold = ls.layers.get(GOLD)
            out.append((ls.doc_id, "", names, gold.status if gold else DocStatus.NEW))
    titles = {s.id: s.title for s in ws.project.documents.summaries(
        [d for d, _, _, _ in out], GOLD)}
    return [(d, titles.get(d, d), names, st) for d, _, names, st in out]


class AdjudicationController(QObject):
    refreshed = Signal()
    message = Signal(str)

    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.document: Document | None = None
        self.annotators: list[str] = []
        self.layers: dict[str, Layer] = {}
        self.gold = Layer(annotator=GOLD)
        self.items: list[DiffItem] = []
        self.decisions: list[Decision] = []
        ws.changed.connect(self._on_changed)

    # -- loading -------------------------------------------------------------------------

    def load(self, doc_id: str, annotators: Sequence[str] | None = None) -> None:
        """Compare ``annotators``' layers of ``doc_id`` (default: everyone with work on it)."""
        project = self.ws.project
        self.document = project.documents.get(doc_id)
        if annotators is None:
            annotators = [n for n in project.annotations.layers_of(doc_id) if n != GOLD]
        self.annotators = list(annotators)
        self.reload()

    def reload(self) -> None:
        if self.document is None:
            return
        read = self.ws.project.annotations
        doc = self.document.id
        self.layers = {n: read.layer(doc, n) for n in self.annotators}
        self.gold = read.layer(doc, GOLD)
        self.items = diff_layers(self.layers) if len(self.layers) >= 2 else []
        self.decisions = [decision(i, self.gold, self.layers) for i in self.items]
        self.refreshed.emit()

    def _on_changed(self, change: Change) -> None:
        if self.document is None:
            return
        doc = self.document.id
        if change.reload or change.links or change.codebook or (
                change.doc == doc and (change.layer == GOLD or change.layer in self.layers)):
            self.reload()

    # -- what is shown -------------------------------------------------------------------

    @property
    def status(self) -> DocStatus:
        """The document's adjudication status: the gold layer's status."""
        return self.gold.status

    def undecided(self) -> list[int]:
        return [i for i, d in enumerate(self.decisions) if not d.decided]

    def next_undecided(self, after: int = -1) -> int | None:
        """The first undecided item after ``after`` (wrapping round), or None."""
        todo = self.undecided()
        if not todo:
            return None
        return next((i for i in todo if i > after), todo[0])

    # -- decisions (each one undo step) --------------------------------------------------

    def _doc(self) -> str:
        assert self.document is not None
        return self.document.id

    def _push(self, op: ops.LayerOp) -> bool:
        return self.ws.push(op)

    def _gold_span_like(self, span: Span) -> Span | None:
        return next((g for g in self.gold.spans if g.label == span.label
                     and g.fragments == span.fragments and g.state is SpanState.ACCEPTED), None)

    def _clear(self, index: int) -> None:
        """Remove what gold holds for item ``index`` (before taking another version)."""
        d = self.decisions[index]
        doc = self._doc()
        for fid in d.gold_frames:
            self._push(ops.DeleteFrame(self.ws.project, self.ws.annotator, doc, fid,
                                       layer=GOLD))
        for sid in d.gold_spans:
            self._push(ops.DeleteSpan(self.ws.project, self.ws.annotator, doc, sid,
                                      layer=GOLD))

    def _add_span(self, span: Span, state: SpanState = SpanState.ACCEPTED) -> Span | None:
        """Put a copy of ``span`` into gold (or find the identical one there); its gold id."""
        if state is SpanState.ACCEPTED:
            have = self._gold_span_like(span)
            if have is not None:
                return have
        op = ops.AddSpan(self.ws.project, self.ws.annotator, self._doc(),
                         replace(span, id="", state=state, origin=Origin.MANUAL, note=""),
                         layer=GOLD)
        if not self._push(op) or op.result is None:
            return None
        self.gold = self.ws.project.annotations.layer(self._doc(), GOLD)
        return op.result

    def accept(self, index: int, annotator: str) -> bool:
        """Take ``annotator``'s version of item ``index`` into the gold layer."""
        item = self.items[index]
        if annotator not in item.present:
            self.message.emit(f"{annotator} has nothing here; pick a layer that has it")
            return False
        with self.ws.group(f"Accept {self._what(item)} from {annotator}"):
            if self.decisions[index].decided and annotator not in \
                    self.decisions[index].taken_from:
                self._clear(index)
                self.gold = self.ws.project.annotations.layer(self._doc(), GOLD)
            ok = (self._accept_frame(item.frames[annotator], annotator) if item.is_frame
                  else self._add_span(item.spans[annotator]) is not None)
        self.reload()
        return ok

    def _accept_frame(self, frame: Frame, annotator: str) -> bool:
        spans = {s.id: s for s in self.layers[annotator].spans}
        roles: dict[str, tuple[str, ...]] = {}
        for role, ids in frame.roles.items():
            mapped = []
            for sid in ids:
                if sid not in spans:
                    continue
                got = self._add_span(spans[sid])
                if got is None:
                    return False
                mapped.append(got.id)
            roles[role] = tuple(mapped)
        return self._push(ops.AddFrame(self.ws.project, self.ws.annotator, self._doc(),
                                       Frame(id="", type=frame.type, roles=roles,
                                             attrs=dict(frame.attrs)), layer=GOLD))

    def accept_all_agreed(self) -> int:
        """Accept every agreed, undecided item (one undo step); how many were accepted."""
        todo = [i for i in self.undecided() if self.items[i].kind is DiffKind.AGREED]
        if not todo:
            self.message.emit("No agreed item is left undecided")
            return 0
        first = self.annotators[0]
        with self.ws.group(f"Accept {len(todo)} agreed items"):
            # Spans before frames: a frame then finds its fillers already in gold.
            for i in sorted(todo, key=lambda i: self.items[i].is_frame):
                item = self.items[i]
                if item.is_frame:
                    self._accept_frame(item.frames[first], first)
                else:
                    self._add_span(item.spans[first])
        self.reload()
        self.message.emit(f"Accepted {len(todo)} agreed items into gold")
        return len(todo)

    def reject(self, index: int) -> bool:
        """Decide that span item ``index`` is not an annotation (a rejected gold span)."""
        item = self.items[index]
        if item.is_frame:
            self.message.emit("A frame is left out of gold by not accepting it; "
                              "go on with the next difference")
            return False
        with self.ws.group(f"Reject {self._what(item)}"):
            if self.decisions[index].decided:
                self._clear(index)
                self.gold = self.ws.project.annotations.layer(self._doc(), GOLD)
            ok = self._add_span(next(iter(item.spans.values())), SpanState.REJECTED) is not None
        self.reload()
        return ok

    def undecide(self, index: int) -> bool:
        """Remove what the gold layer holds for item ``index`` (one undo step)."""
        if not self.decisions[index].decided:
            return False
        with self.ws.group(f"Clear decision on {self._what(self.items[index])}"):
            self._clear(index)
        self.reload()
        return True

    def relabel(self, index: int, label: str) -> bool:
        """Edit: give the gold span deciding item ``index`` another label."""
        d = self.decisions[index]
        spans = [s for s in self.gold.spans if s.id in d.gold_spans]
        if not spans:
            self.message.emit("Accept a version first, then relabel it")
            return False
        before = spans[0]
        ok = self._push(ops.UpdateSpan(self.ws.project, self.ws.annotator, self._doc(),
                                       before, replace(before, label=label),
                                       f"Relabel gold {before.label} as {label}", layer=GOLD))
        self.reload()
        return ok

    def move_edge(self, index: int, edge: Literal["start", "end"],
                  direction: Literal[-1, 1]) -> bool:
        """Edit: move the gold span's start or end by a word (one undo step each)."""
        d = self.decisions[index]
        spans = [s for s in self.gold.spans if s.id in d.gold_spans]
        if not spans or self.document is None:
            self.message.emit("Accept a version first, then adjust its boundaries")
            return False
        before = spans[0]
        text = self.document.text
        frags = move_edge(text, before.fragments, direction, edge=edge, by_word=True)
        if frags is None:
            self.message.emit(f"The gold span's {edge} cannot move further that way")
            return False
        after = Span.from_text(text, id=before.id, label=before.label, fragments=frags,
                               attrs=before.attrs, actor=before.actor, origin=before.origin,
                               state=before.state, note=before.note)
        ok = self._push(ops.UpdateSpan(self.ws.project, self.ws.annotator, self._doc(),
                                       before, after, f"Move gold {before.label} {edge}",
                                       layer=GOLD))
        self.reload()
        return ok

    def set_adjudicated(self, done: bool = True) -> bool:
        status = DocStatus.DONE if done else DocStatus.IN_PROGRESS
        ok = self._push(ops.SetStatus(self.ws.project, self.ws.annotator, self._doc(), status,
                                      layer=GOLD))
        self.reload()
        return ok

    @staticmethod
    def _what(item: DiffItem) -> str:
        if item.is_frame:
            return f"{next(iter(item.frames.values())).type} frame"
        return next(iter(item.spans.values())).label
