"""What the assistant learns from one annotator's layer of a project, and where it is kept.

* The string recommender learns from the accepted and rejected continuous spans of the
  annotator's own layer, across every document of the project (one aggregate query, so it is
  rebuilt at every run and always current). Other annotators' layers are left out on purpose:
  suggestions built from a colleague's choices would make independent layers agree and
  inflate the agreement measured between them. The lead adjudicating in the gold layer learns
  from gold.
* The statistical model is trained on the annotator's documents marked done (a document in
  progress has unmarked text that is not really negative), at least ``MIN_DOCUMENTS`` of
  them. ``desktop.assist.train`` holds a quarter out, uses the model only for the labels where
  rules plus model beat the rules there, then refits on all. It is stored in the project's
  ``project`` table (key ``assist.model:<annotator>``) as JSON, so it is trained once, not at
  every start.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from desktop.assist.engine import Cancel, Learned
from desktop.assist.model import ModelReport, SpanModel, train
from desktop.assist.recommender import StringRecommender
from desktop.core.errors import InputError
from desktop.core.model import DocStatus
from desktop.store import Project

MIN_DOCUMENTS = 4
"""Fewest documents marked done to train on (one of four is held out)."""

MODEL_KEY = "assist.model:"
"""Prefix of the ``project`` table key holding an annotator's trained model."""

ProgressFn = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class StoredModel:
    """A trained model as stored in the project, with when and on how much it was trained."""

    model: SpanModel
    trained_at: str
    documents: int

    @property
    def report(self) -> ModelReport | None:
        return self.model.report


def string_recommender(project: Project, annotator: str) -> StringRecommender:
    """The phrases ``annotator`` accepted (and rejected) anywhere in the project."""
    return StringRecommender.from_counts(project.suggestions.learned_phrases(annotator),
                                         labels={lab.name for lab in project.codebook.labels})


def stored_model(project: Project, annotator: str) -> StoredModel | None:
    """``annotator``'s trained model, or None (never trained, or stored by another version)."""
    raw = project.meta(MODEL_KEY + annotator)
    if not raw:
        return None
    try:
        data: dict[str, Any] = json.loads(raw)
        return StoredModel(SpanModel.from_json(data["model"]), str(data.get("trained_at", "")),
                           int(data.get("documents", 0)))
    except (ValueError, KeyError, TypeError):
        return None  # a format this version does not read: train again


def learned_for(project: Project, annotator: str, *, model: bool = True) -> Learned:
    """The learned recommenders for suggesting in ``annotator``'s layer."""
    stored = stored_model(project, annotator) if model else None
    usable = stored.model if stored is not None and stored.model.used else None
    return Learned(strings=string_recommender(project, annotator), model=usable)


def training_documents(project: Project, annotator: str) -> int:
    """How many documents ``train_model`` would train on."""
    return project.count_documents(annotator, statuses=frozenset({DocStatus.DONE}))


def train_model(project: Project, annotator: str, *, epochs: int = 6,
                progress: ProgressFn | None = None,
                cancel: Cancel | None = None) -> StoredModel:
    """Train on ``annotator``'s documents marked done and store the model in the project.

    Raises InputError with fewer than ``MIN_DOCUMENTS`` done documents, and
    ``desktop.core.errors.Cancelled`` when cancelled (nothing is stored then).
    """
    done = frozenset({DocStatus.DONE})
    n = project.count_documents(annotator, statuses=done)
    if n < MIN_DOCUMENTS:
        raise InputError(f"training needs at least {MIN_DOCUMENTS} documents marked done in "
                         f"{annotator}'s layer (it has {n})", field="annotator")
    items = []
    for k, ad in enumerate(project.iter_layers(annotator, statuses=done), 1):
        if cancel is not None:
            cancel.check()
        items.append((ad.document, ad.layer))
        if progress is not None and k % 50 == 0:
            progress(0, 0, f"read {k} of {n} documents")
    model = train(items, project.codebook, actors=project.actors.all(), epochs=epochs,
                  progress=progress, cancel=cancel)
    stamp = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    project.set_meta(MODEL_KEY + annotator, json.dumps(
        {"model": model.to_json(), "trained_at": stamp, "documents": len(items)},
        separators=(",", ":")))
    return StoredModel(model, stamp, len(items))


def forget_model(project: Project, annotator: str) -> None:
    """Drop ``annotator``'s trained model (suggestions go back to rules and strings)."""
    project.set_meta(MODEL_KEY + annotator, "")
