"""Small builders for the agreement tests: spans, layers, frames and documents by hand."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from desktop.core.model import DocStatus, Frame, Layer, Span, SpanState
from desktop.quality import DocLayers

LABELS = ("ACTOR", "CLAIM", "CUE", "SOURCE")


def sp(sid: str, label: str, *fragments: tuple[int, int], actor: str | None = None,
       state: SpanState = SpanState.ACCEPTED, **attrs: str) -> Span:
    """A span by offsets alone (the agreement code never reads ``text``)."""
    return Span(id=sid, label=label, fragments=tuple(fragments), text="", actor=actor,
                state=state, attrs=attrs)


def fr(fid: str, content: Sequence[str] = (), source: Sequence[str] = (),
       cue: Sequence[str] = (), **attrs: str) -> Frame:
    roles = {"content": tuple(content), "source": tuple(source), "cue": tuple(cue)}
    return Frame(id=fid, type="attribution", roles={k: v for k, v in roles.items() if v},
                 attrs=attrs)


def ly(name: str, *spans: Span, frames: Sequence[Frame] = (),
       status: DocStatus = DocStatus.DONE) -> Layer:
    return Layer(annotator=name, status=status, spans=spans, frames=tuple(frames))


def doc(doc_id: str, length: int, *layers: Layer) -> DocLayers:
    return DocLayers(doc_id, length, {layer.annotator: layer for layer in layers})


def categories(layer: Layer, length: int) -> list[tuple[str, ...]]:
    """The category of every character, computed the slow, obvious way."""
    sets: list[set[str]] = [set() for _ in range(length)]
    for span in layer.spans:
        if span.state is SpanState.ACCEPTED:
            for s, e in span.fragments:
                for i in range(s, e):
                    sets[i].add(span.label)
    return [tuple(sorted(x)) for x in sets]


@st.composite
def layers_strategy(draw: st.DrawFn, name: str, length: int, max_spans: int = 6,
                    labels: Sequence[str] = LABELS[:3]) -> Layer:
    """A random layer on a text of ``length``: overlapping, nested, discontinuous spans."""
    spans = []
    for k in range(draw(st.integers(0, max_spans))):
        cuts = sorted(draw(st.sets(st.integers(0, length), min_size=2, max_size=4)))
        pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
        spans.append(sp(f"s{k + 1}", draw(st.sampled_from(labels)), *pairs,
                        actor=draw(st.sampled_from([None, "a1", "a2"]))))
    return ly(name, *spans)
