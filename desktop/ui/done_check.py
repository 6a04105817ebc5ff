"""Marking a document done asks for a second look when its layer has findings.

The first Ctrl+Enter on a document whose layer has review findings (``core/review.py``:
incomplete frames, CLAIMs without a frame, unlinked named SOURCEs) does not mark it: the
status bar names what was found and the first such span is selected and scrolled to. Pressing
Ctrl+Enter again on the same, unchanged layer marks it done anyway. No modal dialog: the
annotator's hands stay on the keyboard, and a deliberate second press is a clear "yes".
"""

from __future__ import annotations

from desktop.core.model import Layer
from desktop.core.review import Finding, FindingKind, review_layer, summarise
from desktop.ui.workspace import Workspace


class DoneCheck:
    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        self._warned: tuple[str, Layer] | None = None

    def findings(self) -> list[Finding]:
        return review_layer(self.ws.layer(), self.ws.codebook) if self.ws.current else []

    def confirm(self) -> tuple[bool, str]:
        """(go ahead, message). Findings stop the first attempt; the same layer again passes."""
        if self.ws.current is None:
            return True, ""
        layer = self.ws.layer()
        key = (self.ws.current.id, layer)
        found = review_layer(layer, self.ws.codebook)
        if not found or self._warned == key:
            self._warned = None
            return True, ""
        self._warned = key
        first = found[0]
        target = first.target
        if first.kind is FindingKind.INCOMPLETE_FRAME:
            frame = next((f for f in layer.frames if f.id == target), None)
            ids = sorted(frame.span_ids()) if frame is not None else []
            target = ids[0] if ids else ""
        if target:
            self.ws.select_span(target)
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        return False, (f"⚠ Not marked done: {summarise(found)}. {first.message}{more}. "
                       "Press Ctrl+Enter again to mark it done anyway.")
