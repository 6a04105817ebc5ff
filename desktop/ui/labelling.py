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
        if not self.view.editable:
            self.message.emit("This layer is read-only: switch back to your own layer to edit")
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
        # Keep attributes the new label also has (with allowed values); add its defaults.
        attrs: dict[str, object] = {a.name: a.default for a in new_def.attributes
                                    if a.default is not None}
        for key, value in span.attrs.items():
            adef = new_def.attribute(key)
            if adef is not None and adef.accepts(value):
                attrs[key] = value
        new = replace(span, label=name, attrs=attrs,
                      actor=span.actor if new_def.links_actor else None)
        if self.ws.update_span(new, f"Relabel {span.label} as {name}"):
            return new
        return None

    def delete(self) -> bool:
        span = self.selected()
        if span is None or not self._editable():
            self.message.emit("Click a span to select it, then press Delete")
            return False
        if self.ws.delete_span(span.id):
            self.ws.select_span("")
            return True
        return False

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
        if self.gesture.active:
            span = self.view.span(span_id) if span_id else None
            if span is not None:
                self.gesture.pick(span)
            return
        if self.relating.active:
            span = self.view.span(span_id) if span_id else None
            if span is not None:
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
        else:
            self.ws.select_span("")

    def step_span(self, direction: int) -> None:
        """Select the next (+1) or previous (-1) span in reading order."""
        if self.relating.active:
            # Stepping would save a relation with whatever span comes next.
            self.message.emit("Relate: click the tail span, or select its text and press its "
                              "label key (Esc cancels)")
            return
        spans = self.view.index.sorted_spans()
        if not spans:
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
        self.review.accept_current()

    def backspace(self) -> None:
        """Backspace: reject the suggestion under the caret (not during a gesture)."""
        if self.gesture.active or self.relating.active:
            self.message.emit("Finish (Enter) or cancel (Esc) what you are building first")
            return
        self.review.reject_current()
