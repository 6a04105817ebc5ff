"""The current document's own layer, kept in memory and patched from each ``Change``.

A key press on a long article must not read thousands of spans back: a change that names
the spans it touched re-reads only those (and frames, relations or status only when the change
says they changed). Anything broader (``reload``, actor links moved, another connection's
import) drops the cache; the next ``get`` reads the layer again.
"""

from __future__ import annotations

from dataclasses import replace

from desktop.core.changes import Change
from desktop.core.model import Layer, span_order
from desktop.store import Project


class LayerCache:
    def __init__(self, project: Project, annotator: str) -> None:
        self.project = project
        self.annotator = annotator
        self.doc_id: str | None = None
        self._layer: Layer | None = None

    def open(self, doc_id: str | None, layer: Layer | None = None) -> None:
        """Follow the current document (the layer is read when first asked for, unless the
        caller already read it)."""
        self.doc_id = doc_id
        self._layer = layer

    def get(self) -> Layer:
        if self.doc_id is None:
            return Layer(annotator=self.annotator)
        if self._layer is None:
            self._layer = self.project.annotations.layer(self.doc_id, self.annotator)
        return self._layer

    def forget(self) -> None:
        self._layer = None

    def patch(self, change: Change) -> None:
        """Bring the cached layer up to date with ``change`` (committed to the store)."""
        cache, doc = self._layer, self.doc_id
        if cache is None or doc is None:
            return
        if change.reload or change.links or change.codebook:
            self._layer = None
            return
        if change.doc != doc or change.layer != self.annotator:
            return
        reader = self.project.annotations
        spans = cache.spans
        touched = change.spans
        if touched:
            by_id = {s.id: s for s in spans}
            for sid in touched:
                by_id.pop(sid, None)
            wanted = sorted(change.spans_added | change.spans_updated)
            for span in reader.spans(doc, self.annotator, ids=wanted):
                by_id[span.id] = span
            spans = tuple(sorted(by_id.values(), key=span_order))
        frames, relations = cache.frames, cache.relations
        # A deleted span lists the frames and relations it was in, so these two are re-read
        # only when the change names some.
        if change.frames:
            frames = tuple(reader.frames(doc, self.annotator))
        if change.relations:
            relations = tuple(reader.relations(doc, self.annotator))
        status = reader.status(doc, self.annotator) if change.status else cache.status
        self._layer = replace(cache, status=status, spans=spans, frames=frames,
                              relations=relations)
