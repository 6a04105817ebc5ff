"""Team quality, Qt-free: agreement, adjudication differences, batches, team statistics.

Imports only ``desktop.core``; the command line and the GUI wire it to the store.
Definitions of every number: docs/agreement.md.
"""

from desktop.quality.adjudication import Decision, decision
from desktop.quality.agreement import (
    ACTOR_LABELS,
    AgreementAccumulator,
    DocLayers,
    compute_agreement,
)
from desktop.quality.batches import AnnotatorBatch, BatchPlan, plan_batches
from desktop.quality.chance import cohen_kappa, krippendorff_alpha
from desktop.quality.diff import DiffItem, DiffKind, diff_layers
from desktop.quality.report import AgreementReport, Counts, PairAgreement
from desktop.quality.spans import SpanMatching, match_spans
from desktop.quality.stats import ProgressPoint, done_over_time

__all__ = [
    "ACTOR_LABELS",
    "AgreementAccumulator",
    "AgreementReport",
    "AnnotatorBatch",
    "BatchPlan",
    "Counts",
    "Decision",
    "DiffItem",
    "DiffKind",
    "DocLayers",
    "PairAgreement",
    "ProgressPoint",
    "SpanMatching",
    "cohen_kappa",
    "compute_agreement",
    "decision",
    "diff_layers",
    "done_over_time",
    "krippendorff_alpha",
    "match_spans",
    "plan_batches",
]
