"""Findings in one annotator's layer that should be looked at before it becomes training data.

The window asks about them when a document is marked done; ``claimdesk check`` lists them per
document. They are not errors: the codebook's role limits flag a frame as incomplete, they do
not reject it, and a finding may be intended (a CLAIM left without a frame on purpose).

- an incomplete frame: a role below its minimum or above its maximum;
- a span that fills no frame although its label fills a required role of a frame type (in the
  default codebook: a CLAIM outside any attribution frame);
- a span that should be linked to a registry actor and is not (the label's
  ``link_required``, e.g. a named SOURCE).

Only accepted spans count: a pending suggestion is not yet the annotator's.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.core.codebook import Codebook
from desktop.core.model import Layer, Span, SpanState
from desktop.core.validate import frame_limit_problems


class FindingKind(StrEnum):
    INCOMPLETE_FRAME = "incomplete frame"
    NO_FRAME = "no frame"
    NO_ACTOR = "no actor link"


@dataclass(frozen=True, slots=True)
class Finding:
    kind: FindingKind
    target: str
    """The frame id (incomplete frames) or span id (the other kinds)."""
    message: str


def _quote(span: Span, limit: int = 50) -> str:
    text = " ".join(span.text.split())
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def framed_labels(codebook: Codebook) -> dict[str, str]:
    """Label -> frame type, for labels that fill a required role (min >= 1) of a frame type."""
    out: dict[str, str] = {}
    for ftype in codebook.frames:
        for role in ftype.roles:
            if role.min >= 1:
                for label in role.labels:
                    out.setdefault(label, ftype.name)
    return out


def review_layer(layer: Layer, codebook: Codebook) -> list[Finding]:
    """The findings of ``layer`` in reading order of their spans (frames first)."""
    out: list[Finding] = []
    for frame in layer.frames:
        problems = [p.message for p in frame_limit_problems(frame, codebook)]
        if problems:
            out.append(Finding(FindingKind.INCOMPLETE_FRAME, frame.id,
                               f"{frame.type} frame {frame.id} is incomplete: "
                               f"{'; '.join(problems)}"))
    in_frames = {sid for frame in layer.frames for sid in frame.span_ids()}
    needs_frame = framed_labels(codebook)
    for span in layer.spans:
        if span.state is not SpanState.ACCEPTED:
            continue
        ftype = needs_frame.get(span.label)
        if ftype is not None and span.id not in in_frames:
            out.append(Finding(FindingKind.NO_FRAME, span.id,
                               f"{span.label} {span.id} {_quote(span)} is in no {ftype} frame"))
        label = codebook.label(span.label)
        if label is not None and span.actor is None and label.needs_link(span.attrs):
            out.append(Finding(FindingKind.NO_ACTOR, span.id,
                               f"{span.label} {span.id} {_quote(span)} is not linked to an "
                               "actor"))
    return out


def summarise(findings: list[Finding]) -> str:
    """One line: how many of each kind (for a status bar or a dialog's first line)."""
    counts: dict[FindingKind, int] = {}
    for f in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    words = {FindingKind.INCOMPLETE_FRAME: ("incomplete frame", "incomplete frames"),
             FindingKind.NO_FRAME: ("span without its frame", "spans without their frame"),
             FindingKind.NO_ACTOR: ("span without an actor link", "spans without actor links")}
    return ", ".join(f"{n} {words[k][0] if n == 1 else words[k][1]}"
                     for k, n in counts.items())
