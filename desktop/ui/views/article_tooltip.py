"""The tooltip of spans under the mouse in the article view (rich text, escaped)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape

from PySide6.QtGui import QColor

from desktop.core.model import Evidence, Layer, Origin, Span, SpanState
from desktop.ui.views.frame_marks import FrameMarks


def _why(ev: Evidence | None) -> str:
    return (f"{escape(ev.engine)}: {escape(ev.rule)}, score {ev.score:.2f}"
            if ev is not None else "")


def tooltip_html(spans: Sequence[Span], *, layer: Layer, by_id: Mapping[str, Span],
                 marks: FrameMarks, colours: Mapping[str, QColor],
                 actor_name: Callable[[str], str],
                 evidence: tuple[Mapping[str, Evidence], Mapping[str, Evidence]] = ({}, {})
                 ) -> str:
    """Label, attributes, linked actor, frame roles, relations and problems of each span,
    and why the assistant suggested it (``evidence``: span id / frame id -> Evidence)."""
    span_ev, frame_ev = evidence
    parts = []
    for span in spans[:4]:
        colour = colours.get(span.label, QColor("#888888")).name()
        text = span.text if len(span.text) <= 80 else span.text[:77] + "…"
        lines = [f"<b style='color:{colour}'>{escape(span.label)}</b> "
                 f"<span style='color:#555'>{escape(span.id)}</span>"
                 + (" <i>(suggestion, pending)</i>"
                    if span.state is SpanState.PENDING else ""),
                 f"“{escape(text)}”"]
        if span.origin is Origin.SUGGESTED:
            why = _why(span_ev.get(span.id))
            lines.append(f"<i>suggested{' by ' + why if why else ''}"
                         + (": Enter accepts, Backspace rejects</i>"
                            if span.state is SpanState.PENDING else f"; {span.state.value}</i>"))
        if span.discontinuous:
            lines.append(f"{len(span.fragments)} fragments")
        for key, value in span.attrs.items():
            lines.append(f"{escape(str(key))}: <b>{escape(str(value))}</b>")
        if span.actor:
            lines.append(f"actor: <b>{escape(actor_name(span.actor))}</b>")
        for frame, role in marks.roles_of.get(span.id, []):
            line = f"{escape(role)} of {escape(frame.type)} frame {escape(frame.id)}"
            if frame.state is SpanState.PENDING:
                why = _why(frame_ev.get(frame.id))
                line += f" <i>(suggested{', ' + why if why else ''}; pending)</i>"
            lines.append(line)
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
