"""Keyboard-first labelling: what each labelling key does to the article view's selection.

The controller reads selections from the ArticleView (code points, via the TextBridge),
snaps them with ``desktop.core.snapping`` and writes through Workspace methods only, so every
edit is an undoable command committed before the key press returns.

Boundary keys (also listed in the Edit menu):
    Alt+Shift+Left / Alt+Shift+Right   move the selected span's START left / right
    Alt+Left / Alt+Right               move the selected span's END left / right
They step by a word with snapping on and by one character (grapheme cluster) with it off.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from PySide6.QtCore import QObject, Signal

from desktop.core.codebook import LabelDef
from desktop.core.model import Span, SpanState
from desktop.core.names import propose_actor_name
from desktop.core.snapping import merge_fragments, move_edge, snap
from desktop.ui.frame_gesture import FrameGesture
from desktop.ui.relation_gesture import RelationGesture
from desktop.ui.review import SuggestionReview
from desktop.ui.views.article_view import ArticleView
from desktop.ui.workspace import Workspace


class LabellingController(QObject):
    """Signals:
    message(str): a sentence for the status bar.
    """

    message = Signal(str)

    def __init__(self, workspace: Workspace, view: ArticleView,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.view = view
        self.snapping = True
        self.autosuggest = True
        """After labelling a span that links to actors, name the registry actor it matches."""
        self.gesture = FrameGesture(workspace, self)
        self.gesture.message.connect(self.message)
        self.gesture.changed.connect(lambda: view.set_gesture(self.gesture.members()))
        self.relating = RelationGesture(workspace, self)
        self.relating.message.connect(self.message)
        self.relating.changed.connect(lambda: view.set_gesture(self.relating.members()))
        self.review = SuggestionReview(workspace, view, self)
        self.review.message.connect(self.message)
        view.span_clicked.connect(self.on_span_clicked)

    # -- helpers -------------------------------------------------------------------------

    def _editable(self) -> bool:
        if self.view.doc_id is None:
            self.message.emit("No document is open: choose one in the corpus list")
            return False
        if not self.view.editable:
            self.message.emit(f"You are viewing {self.ws.view_layer}'s layer, which is "
                              f"read-only: choose your own layer ({self.ws.annotator}) in the "
                              "Annotations panel to edit")
            return False
        return True

    def selected(self) -> Span | None:
        return self.view.span(self.ws.selected_span) if self.ws.selected_span else None

    def _snapped(self, label: LabelDef | None) -> tuple[int, int] | None:
        sel = self.view.selection_range()
        if sel is None:
            return None
        return snap(self.view.bridge.text, *sel, keep_quotes=bool(label and label.keep_quotes),
                    words=self.snapping)

    # -- labelling -----------------------------------------------------------------------

    def label(self, name: str) -> Span | None:
        """Label the text selection ``name``; with no selection, relabel the selected span."""
        if not self._editable():
            return None
        label = self.ws.codebook.label(name)
        if self.view.selection_range() is not None:
            rng = self._snapped(label)
            if rng is None:
                self.message.emit("Nothing to label: the selection is only spaces or "
                                  "punctuation")
                return None
            if self.gesture.active:
                span = self.gesture.add_span(name, (rng,))
            elif self.relating.active:
                span = self.relating.add_span(name, (rng,))
            else:
                span = self.ws.add_span(name, (rng,))
            if span is not None:
                self.view.set_caret(rng[1])
                if not (self.gesture.active or self.relating.active):
                    self.ws.select_span(span.id)
                    self._suggest_actor(span)
            return span
        if self.relating.active:
            self.message.emit("Relate: click the tail span, or select its text first and "
                              "then press its label key")
            return None
        if self.gesture.active:
            # Relabelling the CLAIM being attributed by accident would break the frame.
            self.message.emit("Attribute: select the text first, then press its label key")
            return None
        current = self.selected()
        if current is None:
            self.message.emit(f"Select some text (or click a span) before pressing "
                              f"{label.key if label else name}")
            return None
        return self.relabel(current, name)

    def relabel(self, span: Span, name: str) -> Span | None:
        """Give ``span`` another label; the same label on a pending suggestion accepts it."""
        if span.label == name:
            if span.state is SpanState.PENDING:
                return replace(span, state=SpanState.ACCEPTED) if self.review.accept_span(
                    span) else None
            self.message.emit(f"{span.id} is already {name}")
            return span
        new_def = self.ws.codebook.label(name)
        if new_def is None:
            return None
        # Keep attributes the new label also has (with allowed values); add the defaults it
        # accepts unconfirmed.
        attrs: dict[str, object] = dict(new_def.stored_defaults())
        for key, value in span.attrs.items():
            adef = new_def.attribute(key)
            if adef is not None and adef.accepts(value):
                attrs[key] = value
        new = replace(span, label=name, attrs=attrs,
                      actor=span.actor if new_def.links_actor else None)
        if self.ws.update_span(new, f"Relabel {span.label} as {name}"):
            return new
        return None

    def _suggest_actor(self, span: Span) -> None:
        """Name the registry actor a new SOURCE/ACTOR span matches (autosuggest)."""
        label = self.ws.codebook.label(span.label)
        if not (self.autosuggest and label is not None and label.links_actor):
            return
        actor = (self.ws.project.actors.by_name(" ".join(span.text.split()))
                 or self.ws.project.actors.by_name(propose_actor_name(span.text)))
        if actor is not None:
            self.message.emit(f"{span.label} {span.id} “{span.text[:40]}” looks like "
                              f"{actor.name} ({actor.kind}): Ctrl+K links it")

    def confirm_defaults(self) -> Span | None:
        """D: store the codebook defaults shown on the selected span as the annotator's choice."""
        if not self._editable():
            return None
        span = self.selected()
        if span is None:
            self.message.emit("Confirm defaults: nothing selected. Click a span (or press "
                              "] or [) first")
            return None
        label = self.ws.codebook.label(span.label)
        pending = label.unconfirmed(span.attrs) if label is not None else []
        if not pending:
            self.message.emit(f"{span.label} {span.id} has no unconfirmed default to confirm")
            return None
        attrs = {**span.attrs, **{a.name: a.default for a in pending
                                  if a.default is not None}}
        new = replace(span, attrs=attrs)
        if not self.ws.update_span(new, f"Confirm {span.label} defaults"):
            return None
        self.message.emit(f"Confirmed {', '.join(f'{a.name}: {a.default}' for a in pending)} "
                          f"on {span.label} {span.id}")
        return new

    def delete(self) -> bool:
        if not self._editable():
            return False
        span = self.selected()
        if span is None:
            self.message.emit("Delete: nothing selected. Click a span (or press ] / [) first")
            return False
        doomed = {f.id for f in self.ws.frames_needing(span.id)}
        kept = [f.id for f in self.ws.layer().frames
                if span.id in f.span_ids() and f.id not in doomed]
        if not self.ws.delete_span(span.id):
            return False
        self.ws.select_span("")
        if doomed:
            self.message.emit(f"Deleted {span.label} {span.id} and its frame "
                              f"{', '.join(sorted(doomed))}, which cannot stand without it "
                              "(Ctrl+Z brings both back)")
        elif kept:
            self.message.emit(f"Deleted {span.label} {span.id}; it was taken out of frame "
                              f"{', '.join(kept)} (Ctrl+Z puts it back)")
        return True

    def move_boundary(self, edge: Literal["start", "end"], direction: Literal[-1, 1]) -> bool:
        span = self.selected()
        if span is None or not self._editable():
            self.message.emit("Select a span to adjust its boundaries")
            return False
        frags = move_edge(self.view.bridge.text, span.fragments, direction, edge=edge,
                          by_word=self.snapping)
        if frags is None:
            self.message.emit(f"The span's {edge} cannot move further that way")
            return False
        new = Span.from_text(self.view.bridge.text, id=span.id, label=span.label,
                             fragments=frags, attrs=span.attrs, actor=span.actor,
                             origin=span.origin, state=span.state, note=span.note)
        return self.ws.update_span(new, f"Move {span.label} {edge}")

    def add_fragment(self) -> bool:
        """Add the text selection to the selected span as another fragment."""
        span = self.selected()
        if span is None or not self._editable():
            self.message.emit("Add fragment: click the span first, then select the other "
                              "part of the text and press F")
            return False
        rng = self._snapped(self.ws.codebook.label(span.label))
        if rng is None:
            self.message.emit("Add fragment: select the text to add")
            return False
        frags = merge_fragments([*span.fragments, rng])
        if frags == span.fragments:
            self.message.emit("That text is already part of the span")
            return False
        new = Span.from_text(self.view.bridge.text, id=span.id, label=span.label,
                             fragments=frags, attrs=span.attrs, actor=span.actor,
                             origin=span.origin, state=span.state, note=span.note)
        ok = self.ws.update_span(new, f"Add fragment to {span.label}")
        if ok:
            self.view.set_caret(rng[1])
        return ok

    # -- selection -----------------------------------------------------------------------

    def on_span_clicked(self, span_id: str) -> None:
        if self.gesture.active or self.relating.active:
            span = self.view.span(span_id) if span_id else None
            if span is None:
                what = ("Attribute: that click is not on a span. Click a SOURCE or CUE span, "
                        "or select text and press its key (Enter saves, Esc cancels)"
                        if self.gesture.active else
                        "Relate: that click is not on a span. Click the tail span, or select "
                        "its text and press its key (Esc cancels)")
                self.message.emit(what)
            elif self.gesture.active:
                self.gesture.pick(span)
            else:
                self.relating.pick(span)
            return
        self.ws.select_span(span_id if self.view.editable else "")
        span = self.selected()
        problems = self.view.frame_problems(span_id) if span is not None else []
        if span is not None:
            self.message.emit(f"{span.label} {span.id}: “{span.text[:60]}”"
                              + (f"  ⚠ {problems[0]}" if problems else ""))

    def escape(self) -> None:
        """Cancel the gesture; otherwise clear the text selection, then the span selection."""
        if self.gesture.active:
            self.gesture.cancel()
        elif self.relating.active:
            self.relating.cancel()
        elif self.view.textCursor().hasSelection():
            self.view.clear_text_selection()
        elif self.ws.selected_span:
            self.ws.select_span("")
        else:
            self.message.emit("Esc: nothing to cancel or clear")

    def step_span(self, direction: int) -> None:
        """Select the next (+1) or previous (-1) span in reading order."""
        if self.relating.active:
            # Stepping would save a relation with whatever span comes next.
            self.message.emit("Relate: click the tail span, or select its text and press its "
                              "label key (Esc cancels)")
            return
        spans = self.view.index.sorted_spans()
        if not spans:
            self.message.emit("No spans in this document yet: select text and press a label "
                              "key (1-4)")
            return
        current = self.selected()
        if current is not None:
            i = next(i for i, s in enumerate(spans) if s.id == current.id) + direction
        else:
            caret = self.view.caret()
            after = [i for i, s in enumerate(spans) if s.start >= caret]
            i = after[0] if direction > 0 and after else (
                (after[0] - 1) if after else len(spans) - 1)
        target = spans[i % len(spans)]
        self.on_span_clicked(target.id)

    # -- attribution ---------------------------------------------------------------------

    def attribute(self) -> bool:
        if not self._editable() or self._relating_refuses():
            return False
        return self.gesture.start(self.selected())

    # -- relations -----------------------------------------------------------------------

    def relate(self) -> bool:
        """R: start the relation gesture on the selected span (again: next relation type)."""
        if not self._editable():
            return False
        if self.gesture.active:
            self.message.emit("Finish the attribution frame (Enter) or cancel it (Esc) "
                              "before relating spans")
            return False
        return self.relating.start(self.selected())

    def _relating_refuses(self) -> bool:
        if self.relating.active:
            self.message.emit("Pick the relation's tail first, or press Esc to cancel")
            return True
        return False

    def enter(self) -> None:
        """Enter: finish the frame; outside the gesture, accept the suggestion under the
        caret (``review``)."""
        if self._relating_refuses():
            return
        if self.gesture.active:
            frame = self.gesture.finish()
            content = frame.roles.get("content", ()) if frame is not None else ()
            if content:
                self.ws.select_span(content[0])
            return
        if self.review.current() is None:
            self.message.emit("Enter: nothing to save. It saves the frame being built (A on a "
                              "CLAIM starts one) or accepts the suggestion under the caret. "
                              + self.review.nothing_here())
            return
        self.review.accept_current()

    def backspace(self) -> None:
        """Backspace: reject the suggestion under the caret (not during a gesture)."""
        if self.gesture.active or self.relating.active:
            self.message.emit("Finish (Enter) or cancel (Esc) what you are building first")
            return
        self.review.reject_current()
