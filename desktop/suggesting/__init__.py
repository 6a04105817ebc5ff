"""The assistant over a project: suggest and write pending suggestions, learn from an
annotator's layer (strings, a stored model), evaluate against a layer.

The glue between the store and ``desktop.assist``, shared by the command line and the GUI so
neither holds logic of its own (as ``desktop.teams`` is for team work). Qt-free.
"""

from desktop.suggesting.learning import (
    MIN_DOCUMENTS,
    StoredModel,
    forget_model,
    learned_for,
    stored_model,
    string_recommender,
    train_model,
    training_documents,
)
from desktop.suggesting.running import (
    ASSISTANT,
    SuggestRun,
    as_pending,
    compute,
    compute_for,
    evaluate_against,
    suggest_document,
    suggest_documents,
    suggester_for,
)

__all__ = [
    "ASSISTANT",
    "MIN_DOCUMENTS",
    "StoredModel",
    "SuggestRun",
    "as_pending",
    "compute",
    "compute_for",
    "evaluate_against",
    "forget_model",
    "learned_for",
    "stored_model",
    "string_recommender",
    "suggest_document",
    "suggest_documents",
    "suggester_for",
    "train_model",
    "training_documents",
]
