"""The tooltip of spans under the mouse in the article view (rich text, escaped)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape

from PySide6.QtGui import QColor

from desktop.core.model import Layer, Span, SpanState
from desktop.ui.views.frame_marks import FrameMarks


def tooltip_html(spans: Sequence[Span], *, layer: Layer, by_id: Mapping[str, Span],
                 marks: FrameMarks, colours: Mapping[str, QColor],
                 actor_name: Callable[[str], str]) -> str:
    """Label, attributes, linked actor, frame roles, relations and problems of each span."""
    parts = []
    for span in spans[:4]:
        colour = colours.get(span.label, QColor("#888888")).name()
        text = span.text if len(span.text) <= 80 else span.text[:77] + "…"
        lines = [f"<b style='color:{colour}'>{escape(span.label)}</b> "
                 f"<span style='color:#555'>{escape(span.id)}</span>"
                 + (" <i>(suggestion, pending)</i>"
                    if span.state is SpanState.PENDING else ""),
                 f"“{escape(text)}”"]
        if span.discontinuous:
            lines.append(f"{len(span.fragments)} fragments")
        for key, value in span.attrs.items():
            lines.append(f"{escape(str(key))}: <b>{escape(str(value))}</b>")
        if span.actor:
            lines.append(f"actor: <b>{escape(actor_name(span.actor))}</b>")
        for frame, role in marks.roles_of.get(span.id, []):
            lines.append(f"{escape(role)} of {escape(frame.type)} frame {escape(frame.id)}")
        for rel in layer.relations:  # e.g. "about → Emmanuel Macron"
            if span.id in (rel.head, rel.tail):
                arrow, other_id = ("→", rel.tail) if rel.head == span.id else ("←", rel.head)
                other = by_id.get(other_id)
                shown = other.text if other is not None else other_id
                shown = shown if len(shown) <= 40 else shown[:39] + "…"
                lines.append(f"{escape(rel.label)} {arrow} {escape(shown)}")
        for problem in marks.problems(span.id):
            lines.append(f"<span style='color:#d9480f'>⚠ {escape(problem)}</span>")
        parts.append("<br>".join(lines))
    return "<hr>".join(parts)
