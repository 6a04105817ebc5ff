"""Undoable edits of the assistant's suggestions (see ``ui/commands.py`` for ``Op``).

``DecideSuggestions`` accepts or rejects spans and frames (and undo puts back the states they
had); ``ReplaceSuggestions`` writes a document's new pending suggestions in place of the
previous ones (and undo puts the previous ones back, evidence included).
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop.core.changes import Change
from desktop.core.model import SpanState
from desktop.store import PendingSet, Project
from desktop.ui.commands import LayerOp


class DecideSuggestions(LayerOp):
    """Set the state of spans and frames of one layer in one store call."""

    def __init__(self, project: Project, who: str, doc_id: str, text: str, *,
                 spans: Mapping[str, SpanState] | None = None,
                 frames: Mapping[str, SpanState] | None = None,
                 layer: str | None = None) -> None:
        super().__init__(project, who, doc_id, layer=layer)
        self._text = text
        self.spans = dict(spans or {})
        self.frames = dict(frames or {})
        self.before_spans: dict[str, SpanState] = {}
        self.before_frames: dict[str, SpanState] = {}

    @property
    def text(self) -> str:
        return self._text

    def do(self) -> Change:
        written = self.project.suggestions.decide(self.doc, self.layer, spans=self.spans,
                                                  frames=self.frames, who=self.who)
        self.before_spans = dict(written.value.spans)
        self.before_frames = dict(written.value.frames)
        return written.change

    def undo(self) -> Change:
        return self.project.suggestions.decide(self.doc, self.layer, spans=self.before_spans,
                                               frames=self.before_frames,
                                               who=self.who).change


class ReplaceSuggestions(LayerOp):
    """Make ``suggestions`` the document's pending suggestions."""

    def __init__(self, project: Project, who: str, doc_id: str, suggestions: PendingSet, *,
                 layer: str | None = None) -> None:
        super().__init__(project, who, doc_id, layer=layer or suggestions.layer.annotator)
        self.suggestions = suggestions
        self.previous: PendingSet | None = None

    @property
    def text(self) -> str:
        return "Suggest for this document"

    def do(self) -> Change:
        written = self.project.suggestions.replace(self.doc, self.suggestions, who=self.who)
        # Redo writes exactly what was written (ids as stored), so later steps still fit.
        self.suggestions = written.value.written
        self.previous = written.value.previous
        return written.change

    def undo(self) -> Change:
        assert self.previous is not None
        return self.project.suggestions.replace(self.doc, self.previous, who=self.who).change
