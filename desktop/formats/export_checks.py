"""What to say before an export writes data that would mislead whoever trains on it.

``preflight`` looks at the selection (layer, statuses, split) without reading any article and
sorts what it finds into three kinds:

- ``blocking``: the export would be wrong as asked (``--gold`` with an empty gold layer, a
  split that leaves a part without documents). The command line refuses without ``--force``;
  the Export dialog asks.
- ``caution``: the export is possible but may be misread (documents nobody annotated written
  as documents without any attribution; documents still in progress in a training set). The
  command line prints them before writing; the dialog asks.
- ``info``: what the export will do differently from "everything" (untouched documents left
  out of a training format by default).

*Untouched* documents are those still "new" with no span and no frame in the layer: nobody
has looked at them. Training formats (spaCy, CoNLL, Hugging Face) have no way to say "not
annotated", so a reader takes such a document as "no attribution here"; they are left out
unless ``include_untouched`` is given. Other formats keep them by default (the native JSONL
carries each document's status, so it is not warned about).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from desktop.core.model import GOLD, DocStatus
from desktop.formats import store_calls as store
from desktop.formats.writing import assign_split, parse_split
from desktop.store import Project

TRAINING_FORMATS = ("spacy", "conll", "hf")
"""Formats read as supervision: a document in them says "these are all the spans"."""


def includes_untouched_by_default(fmt: str) -> bool:
    return fmt not in TRAINING_FORMATS


@dataclass(slots=True)
class Preflight:
    blocking: list[str] = field(default_factory=list)
    caution: list[str] = field(default_factory=list)
    info: list[str] = field(default_factory=list)
    documents: int = 0
    """Documents the export will write."""

    @property
    def warnings(self) -> list[str]:
        return [*self.blocking, *self.caution, *self.info]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def preflight(project: Project, *, fmt: str, layer: str,
              statuses: frozenset[DocStatus] = frozenset(), split: str | None = None,
              seed: int = 0, include_untouched: bool | None = None,
              gold_asked: bool | None = None) -> Preflight:
    """Check an export of ``layer`` as ``fmt`` before it writes anything (see module doc).

    ``gold_asked``: the gold layer was asked for (default: ``layer`` is gold); a project
    without any annotator exports its documents under the gold layer's name without asking.
    """
    out = Preflight()
    include = includes_untouched_by_default(fmt) if include_untouched is None \
        else include_untouched
    parts = parse_split(split)
    # One pass over the documents, counting (a million documents: no list of their ids).
    untouched = selected = in_progress = 0
    per_part: Counter[str] = Counter()
    for doc, status, annotated in store.layer_overview(project, layer, statuses=statuses):
        bare = status is DocStatus.NEW and not annotated
        untouched += bare
        if include or not bare:
            selected += 1
            in_progress += status is DocStatus.IN_PROGRESS
            if len(parts) > 1:
                per_part[assign_split(doc, parts, seed)] += 1
    out.documents = selected

    asked = layer == GOLD if gold_asked is None else gold_asked
    if asked and not store.has_work(project, GOLD):
        out.blocking.append("the gold layer is empty: no document has adjudicated "
                            "annotations, so every document would be exported as having none "
                            "(adjudicate first, or export an annotator's layer)")
    if untouched and include and fmt != "jsonl":
        out.caution.append(
            f"{_plural(untouched, 'untouched document is', 'untouched documents are')} "
            f"exported without annotations (status new, nothing in layer {layer}); a reader "
            "cannot tell them from documents with no attribution")
    elif untouched and not include:
        out.info.append(
            f"{_plural(untouched, 'untouched document', 'untouched documents')} (status "
            f"new, nothing in layer {layer}) left out; include them deliberately "
            "(--include-untouched) to export them as documents without attribution")
    if fmt in TRAINING_FORMATS and in_progress:
        out.caution.append(
            f"{_plural(in_progress, 'document is', 'documents are')} still in progress "
            "in this layer: their annotations may be incomplete (--status done exports "
            "finished documents only)")
    if len(parts) > 1:
        empty = [name for name, _ in parts if not per_part.get(name)]
        if empty:
            shown = ", ".join(f"{name} {per_part.get(name, 0)}" for name, _ in parts)
            out.blocking.append(
                f"the split {split} leaves {' and '.join(empty)} without documents "
                f"({shown} of {selected}); choose fewer parts or export more documents")
    if not selected:
        out.caution.append("no document matches this selection: the export will be empty")
    return out
