"""Adjudication without the window (``claimdesk adjudicate``): what needs no judgement.

The Adjudication window decides one difference per key press. A lead with thousands of
double-annotated documents first wants everything the annotators agree on in gold, and
perhaps one trusted annotator's version wherever the others have nothing different to
offer; the window is then for what is left. This module does exactly that, with the same
rules as the window (``desktop.quality.diff`` and ``decision``), in one transaction:

* an item agreed in every respect (same label, extent, attributes and actor link; for frames
  the same roles) goes into gold, as the window's "accept all agreed" does;
* with ``prefer``, an undecided item that annotator has goes into gold in their version;
* anything gold already decides is left alone, so a run after manual decisions keeps them;
* with ``finish``, a document left with nothing undecided gets the gold status "done".
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from desktop.core.errors import InputError
from desktop.core.model import (
    GOLD,
    DocStatus,
    Fragment,
    Frame,
    Layer,
    Origin,
    Span,
    SpanState,
)
from desktop.quality import DiffItem, decision, diff_layers
from desktop.store import Project

ProgressFn = Callable[[int, int, str], None]

DEFAULT_STATUSES = frozenset({DocStatus.DONE})
"""Only finished layers are compared by default (as ``claimdesk agree``)."""


@dataclass(slots=True)
class AdjudicationRun:
    """What one run put into gold."""

    documents: int = 0
    """Documents with two or more layers compared."""
    agreed: int = 0
    """Items agreed in every respect, now in gold."""
    preferred: int = 0
    """Items taken in the preferred annotator's version."""
    undecided: int = 0
    """Items left for the Adjudication window."""
    finished: int = 0
    """Documents whose gold layer was marked done."""
    open_documents: list[str] = field(default_factory=list)
    """Documents with undecided items, in corpus order."""

    def lines(self) -> list[str]:
        out = [f"{self.documents} documents compared; into gold: {self.agreed} agreed items"
               + (f", {self.preferred} in the preferred version" if self.preferred else ""),
               f"{self.undecided} differences left for the Adjudication window in "
               f"{len(self.open_documents)} documents"]
        if self.finished:
            out.append(f"{self.finished} documents marked done in gold")
        return out

    def to_json(self) -> dict[str, Any]:
        return {"documents": self.documents, "agreed": self.agreed,
                "preferred": self.preferred, "undecided": self.undecided,
                "finished": self.finished, "open_documents": list(self.open_documents)}


class _Gold:
    """The gold layer of one document as it is written: copies spans and frames into it."""

    def __init__(self, project: Project, doc_id: str, who: str) -> None:
        self.project = project
        self.doc_id = doc_id
        self.who = who
        self.layer = project.annotations.layer(doc_id, GOLD)
        self.by_shape: dict[tuple[str, tuple[Fragment, ...]], str] = {
            (s.label, s.fragments): s.id for s in self.layer.spans
            if s.state is SpanState.ACCEPTED}
        self.rejected = {(s.label, s.fragments) for s in self.layer.spans
                         if s.state is SpanState.REJECTED}

    def span(self, span: Span) -> str:
        """The id of ``span``'s copy in gold (made when gold has none)."""
        key = (span.label, span.fragments)
        have = self.by_shape.get(key)
        if have is None:
            copy = replace(span, id="", state=SpanState.ACCEPTED, origin=Origin.MANUAL,
                           note="")
            have = self.by_shape[key] = self.project.spans.add(
                self.doc_id, GOLD, copy, who=self.who).value.id
        return have

    def frame(self, frame: Frame, spans: dict[str, Span]) -> bool:
        """Copy ``frame`` (its fillers from ``spans``, the annotator's layer) into gold;
        False when gold rejected one of its spans (a human decided: the window resolves)."""
        fillers = [spans[sid] for sid in frame.span_ids() if sid in spans]
        if any((f.label, f.fragments) in self.rejected for f in fillers):
            return False
        roles = {role: tuple(self.span(spans[sid]) for sid in ids if sid in spans)
                 for role, ids in frame.roles.items()}
        trigger = self.span(spans[frame.trigger]) if frame.trigger in spans else None
        self.project.frames.add(self.doc_id, GOLD, Frame(
            id="", type=frame.type, roles={k: v for k, v in roles.items() if v},
            attrs=dict(frame.attrs), trigger=trigger), who=self.who)
        return True

    def reread(self) -> Layer:
        self.layer = self.project.annotations.layer(self.doc_id, GOLD)
        return self.layer


def _compared(layers: dict[str, Layer], names: Sequence[str] | None,
              statuses: Collection[DocStatus] | None) -> dict[str, Layer]:
    return {n: layer for n, layer in layers.items()
            if n != GOLD and (names is None or n in names)
            and (statuses is None or layer.status in statuses)
            and (layer.spans or layer.frames or layer.status is DocStatus.DONE)}


def adjudicate(project: Project, *, who: str, annotators: Sequence[str] | None = None,
               prefer: str | None = None,
               statuses: Collection[DocStatus] | None = DEFAULT_STATUSES,
               finish: bool = False, progress: ProgressFn | None = None) -> AdjudicationRun:
    """Put what needs no judgement into the gold layer (see the module docstring).

    Raises:
        InputError: an unknown annotator, ``prefer`` not among those compared, or no
            document with two layers to compare.
    """
    known = set(project.annotations.annotators()) - {GOLD}
    for name in [*(annotators or ()), *([prefer] if prefer else [])]:
        if name not in known:
            raise InputError(f"no annotator {name!r} in this project (there are: "
                             f"{', '.join(sorted(known)) or 'none'})", field="annotators")
    if annotators is not None and len(annotators) < 2:
        raise InputError("name at least two annotators", field="annotators")
    if prefer and annotators is not None and prefer not in annotators:
        raise InputError(f"--prefer {prefer} is not among the annotators compared",
                         field="prefer")
    # Which documents, first: the writes below must not run under an open read of them.
    todo = [(ls.doc_id, sorted(_compared(dict(ls.layers), annotators, statuses)))
            for ls in project.layer_sets()]
    todo = [(doc, names) for doc, names in todo if len(names) >= 2]
    if not todo:
        raise InputError("no document has two annotators' layers to compare"
                         + (" with that status" if statuses else ""), field="status")
    run = AdjudicationRun(documents=len(todo))
    read = project.annotations
    with project.transaction():
        for i, (doc, names) in enumerate(todo, 1):
            layers = {n: read.layer(doc, n) for n in names}
            gold = _Gold(project, doc, who)
            items = diff_layers(layers)
            # Decided before this run: left alone (decided once, not after every write: the
            # copies below dedupe, so an item decided by an earlier copy adds nothing).
            open_items = [item for item in items
                          if not decision(item, gold.layer, layers).decided]
            # Spans before frames: a frame then finds its fillers in gold already.
            for item in sorted(open_items, key=lambda it: it.is_frame):
                source = _source(item, prefer)
                if source is None:
                    continue
                if item.is_frame:
                    if not gold.frame(item.frames[source],
                                      {s.id: s for s in layers[source].spans}):
                        continue
                else:
                    gold.span(item.spans[source])
                if item.settled:
                    run.agreed += 1
                else:
                    run.preferred += 1
            after = gold.reread()
            left = sum(1 for item in open_items if not decision(item, after, layers).decided)
            run.undecided += left
            if left:
                run.open_documents.append(doc)
            elif finish and gold.layer.status is not DocStatus.DONE:
                project.status.set(doc, GOLD, DocStatus.DONE, who=who)
                run.finished += 1
            if progress is not None and (i % 200 == 0 or i == len(todo)):
                progress(i, len(todo), f"{i:,} of {len(todo):,} documents")
    return run


def _source(item: DiffItem, prefer: str | None) -> str | None:
    """Whose version of ``item`` goes into gold without a human decision, if anyone's."""
    if item.settled:
        return item.present[0]
    if prefer is not None and prefer in item.present:
        return prefer
    return None
