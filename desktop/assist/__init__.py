"""The attribution assistant: suggestions of spans and frames, Qt-free (imports only core).

Entry points::

    from desktop.assist import Suggester, suggest, Learned, StringRecommender, train

    suggester = Suggester(codebook, actors=registry, learned=Learned(strings=..., model=...))
    s = suggester.suggest(doc, existing=annotator_layer, rejected=rejected_keys)
    s.spans      # core Spans, origin SUGGESTED, state PENDING, ids fresh for the layer
    s.frames     # core Frames; roles name those spans or the annotator's existing ones
    s.evidence   # id -> Evidence(engine, rule, score)

See docs/assist.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.assist.engine import (
        Cancel,
        Learned,
        ProgressFn,
        Proposal,
        Proposer,
        SpanKey,
        Suggester,
        Suggestions,
        span_key,
        suggest,
    )
    from desktop.assist.evaluate import Counts, Report, evaluate_pairs
    from desktop.assist.lexicon import Lexicon, default_lexicon, load_lexicon, parse_lexicon
    from desktop.assist.model import ModelReport, SpanModel, train
    from desktop.assist.recommender import StringRecommender
    from desktop.core.model import Evidence

# Imported on first use, so that `python -m desktop.assist.evaluate` does not find its own
# module already imported by the package.
_HOME = {
    **dict.fromkeys(("Cancel", "Learned", "ProgressFn", "Proposal", "Proposer",
                     "SpanKey", "Suggester", "Suggestions", "span_key", "suggest"),
                    "desktop.assist.engine"),
    **dict.fromkeys(("Counts", "Report", "evaluate_pairs"), "desktop.assist.evaluate"),
    **dict.fromkeys(("Lexicon", "default_lexicon", "load_lexicon", "parse_lexicon"),
                    "desktop.assist.lexicon"),
    **dict.fromkeys(("ModelReport", "SpanModel", "train"), "desktop.assist.model"),
    "StringRecommender": "desktop.assist.recommender",
    "Evidence": "desktop.core.model",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'desktop.assist' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)


__all__ = [
    "Cancel",
    "Counts",
    "Evidence",
    "Learned",
    "Lexicon",
    "ModelReport",
    "ProgressFn",
    "Proposal",
    "Proposer",
    "Report",
    "SpanKey",
    "SpanModel",
    "StringRecommender",
    "Suggester",
    "Suggestions",
    "default_lexicon",
    "evaluate_pairs",
    "load_lexicon",
    "parse_lexicon",
    "span_key",
    "suggest",
    "train",
]
