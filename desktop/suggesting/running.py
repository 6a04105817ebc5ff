"""Running the assistant over a project: suggestions computed by ``desktop.assist`` and written
as pending spans and frames through ``project.suggestions``, and evaluation against a layer.

Shared by ``claimdesk suggest`` and the GUI (whose jobs call these from a worker thread with
their own ``Project``). Qt-free.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from desktop.assist.engine import Cancel, Learned, Suggester, Suggestions
from desktop.assist.evaluate import Report, evaluate_pairs
from desktop.core.changes import Change, Written
from desktop.core.errors import Cancelled, InputError
from desktop.core.model import AnnotatedDocument, DocStatus, Document, Layer, SpanState
from desktop.core.pending import accepted, kept_work
from desktop.store import PendingSet, Project, Replaced
from desktop.suggesting.learning import learned_for

ProgressFn = Callable[[int, int, str], None]

ASSISTANT = "assistant"
"""``who`` in the change log for suggestions written by a run (not by a person)."""

PAGE_SIZE = 200
"""Documents whose suggestions are written in one transaction by a run over many."""


def suggester_for(project: Project, annotator: str, *, learned: bool = True) -> Suggester:
    """The assistant for ``annotator``'s layer: the project's codebook and actor registry,
    and (with ``learned``) what it learned from that layer (``learning.learned_for``)."""
    return Suggester(project.codebook, actors=project.actors.all(),
                     learned=learned_for(project, annotator) if learned else Learned())


def as_pending(suggestions: Suggestions, annotator: str) -> PendingSet:
    """The engine's suggestions as the store writes them."""
    ev = suggestions.evidence
    return PendingSet(suggestions.layer(annotator),
                      {s.id: ev[s.id] for s in suggestions.spans if s.id in ev},
                      {f.id: ev[f.id] for f in suggestions.frames if f.id in ev})


def compute(suggester: Suggester, doc: Document, layer: Layer) -> PendingSet:
    """Suggestions for ``doc`` given ``layer`` as stored (its replaceable pending
    suggestions left out, so they may be proposed again; rejected ones never are)."""
    return as_pending(suggester.suggest(doc, existing=kept_work(layer)), layer.annotator)


def compute_for(project: Project, annotator: str, doc_id: str, *,
                suggester: Suggester | None = None) -> PendingSet:
    """``compute`` for one stored document (nothing is written)."""
    s = suggester or suggester_for(project, annotator)
    return compute(s, project.documents.get(doc_id), project.annotations.layer(doc_id,
                                                                               annotator))


def suggest_document(project: Project, annotator: str, doc_id: str, *, who: str = ASSISTANT,
                     suggester: Suggester | None = None,
                     only_new: bool = False) -> Written[Replaced] | None:
    """Compute and write one document's suggestions (one transaction).

    ``only_new`` (suggesting when a document is opened): only when the layer has no pending
    suggestions and the document is neither done nor skipped; None when it did nothing.
    """
    if only_new:
        status = project.annotations.status(doc_id, annotator)
        if status in (DocStatus.DONE, DocStatus.SKIPPED) or not project.suggestions.pending(
                doc_id, annotator).empty:
            return None
    pending = compute_for(project, annotator, doc_id, suggester=suggester)
    return project.suggestions.replace(doc_id, pending, who=who)


@dataclass(slots=True)
class SuggestRun:
    """What a run over many documents wrote."""

    annotator: str
    documents: int = 0
    spans: int = 0
    """Pending spans in those documents afterwards."""
    frames: int = 0
    """Pending frames afterwards."""
    new: int = 0
    """Spans and frames added (the rest were pending already and proposed again)."""
    withdrawn: int = 0
    """Earlier pending spans and frames not proposed again, removed."""
    seconds: float = 0.0
    cancelled: bool = False

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        head = "cancelled after " if self.cancelled else ""
        return (f"{head}{self.documents} documents: {self.spans} pending spans and "
                f"{self.frames} pending frames in {self.annotator}'s layer ({self.new} new, "
                f"{self.withdrawn} earlier ones withdrawn; {self.per_second:.0f} "
                "documents/s)")


def _selected(project: Project, annotator: str, doc_ids: Sequence[str] | None,
              statuses: frozenset[DocStatus]) -> tuple[int, Iterator[tuple[Document, Layer]]]:
    if doc_ids is None:
        total = project.count_documents(annotator, statuses=statuses)
        return total, ((ad.document, ad.layer) for ad in
                       project.iter_layers(annotator, statuses=statuses))
    missing = [d for d in doc_ids if not project.documents.exists(d)]
    if missing:
        raise InputError(f"no document with id {missing[0]!r}", field="--docs")
    ids = list(dict.fromkeys(doc_ids))
    return len(ids), ((project.documents.get(d), project.annotations.layer(d, annotator))
                      for d in ids)


def suggest_documents(project: Project, annotator: str, *,
                      doc_ids: Sequence[str] | None = None,
                      statuses: frozenset[DocStatus] = frozenset(), who: str = ASSISTANT,
                      suggester: Suggester | None = None, progress: ProgressFn | None = None,
                      cancel: Cancel | None = None,
                      page_size: int = PAGE_SIZE) -> Written[SuggestRun]:
    """Suggest in ``annotator``'s layer of ``doc_ids`` (default: every document, or those
    whose status is in ``statuses``), writing a page of documents per transaction.

    Cancelling stops between documents; the pages already written stay (they are pending
    suggestions, which touch no accepted work) and ``value.cancelled`` says so.
    """
    started = time.monotonic()
    run = SuggestRun(annotator)
    s = suggester or suggester_for(project, annotator)
    total, items = _selected(project, annotator, doc_ids, statuses)
    page: list[tuple[str, PendingSet]] = []
    change = Change()

    def flush() -> None:
        nonlocal change
        if not page:
            return
        written = project.suggestions.write_many(page, who=who)
        run.documents += written.value.documents
        counts = written.value
        run.spans += counts.spans
        run.frames += counts.frames
        run.new += counts.new_spans + counts.new_frames
        run.withdrawn += counts.withdrawn_spans + counts.withdrawn_frames
        change = written.change if not change else Change(reload=True)
        page.clear()

    try:
        for n, (doc, layer) in enumerate(items, 1):
            if cancel is not None:
                cancel.check()
            page.append((doc.id, compute(s, doc, layer)))
            if len(page) >= page_size:
                flush()
            if progress is not None:
                progress(n, total, doc.title or doc.id)
        flush()
    except Cancelled:
        flush()  # what was computed is complete per document: keep it
        run.cancelled = True
    run.seconds = time.monotonic() - started
    return Written(run, change)


def _gold_items(project: Project, against: str, doc_ids: Sequence[str] | None
                ) -> Iterator[AnnotatedDocument]:
    if doc_ids is not None:
        for d in doc_ids:
            if not project.documents.exists(d):
                raise InputError(f"no document with id {d!r}", field="--docs")
            yield AnnotatedDocument(project.documents.get(d),
                                    project.annotations.layer(d, against))
        return
    done = frozenset({DocStatus.DONE})
    if project.count_documents(against, statuses=done):
        yield from project.iter_layers(against, statuses=done)
        return
    for ad in project.iter_layers(against):
        if any(s.state is SpanState.ACCEPTED for s in ad.layer.spans):
            yield ad


def evaluate_against(project: Project, against: str, *, learned_from: str | None = None,
                     doc_ids: Sequence[str] | None = None, progress: ProgressFn | None = None,
                     cancel: Cancel | None = None) -> Report:
    """Score suggestions computed afresh (nothing is written) against ``against``'s accepted
    annotations, on the documents that layer marked done (or, when none is, every document
    where it has an accepted span).

    The rules and the registry always take part; ``learned_from`` adds what the assistant
    learned from that annotator's layer (not the evaluated one: it would score what it
    learned from).
    """
    if against not in project.annotations.annotators():
        names = ", ".join(project.annotations.annotators()) or "none"
        raise InputError(f"no layer {against!r} in this project (has: {names})",
                         field="--against")
    if learned_from is not None and learned_from == against:
        raise InputError(f"cannot evaluate against {against!r} what was learned from "
                         f"{against!r} itself; pass another --annotator or none",
                         field="--annotator")
    learned = learned_for(project, learned_from) if learned_from is not None else Learned()
    suggester = Suggester(project.codebook, actors=project.actors.all(), learned=learned)
    triples = []
    for n, ad in enumerate(_gold_items(project, against, doc_ids), 1):
        if cancel is not None:
            cancel.check()
        triples.append((ad.document, accepted(ad.layer),
                        suggester.suggest(ad.document).layer()))
        if progress is not None:
            progress(n, 0, ad.document.title or ad.document.id)
    return evaluate_pairs(triples)
