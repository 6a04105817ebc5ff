"""Team statistics (``claimdesk stats --json`` ``team`` field, the Statistics view)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.core.model import GOLD
from desktop.quality import AgreementReport, done_over_time
from desktop.store import Project
from desktop.teams.agree import agreement_report

ProgressFn = Callable[[int, int, str], None]


def agreement_summary(report: AgreementReport) -> dict[str, Any]:
    """The figures a lead looks at first, from a full report (definitions: agreement.md)."""
    return {
        "annotators": list(report.annotators),
        "documents": report.documents.to_json(),
        "alpha": report.alpha,
        "alpha_coded": report.alpha_coded,
        "pairs": [{"a": p.a, "b": p.b, "documents": p.documents,
                   "exact_f1": p.exact.f1, "overlap_f1": p.overlap.f1,
                   "kappa": p.chars.kappa, "frames_f1": p.frames.frames.f1,
                   "full_frames_f1": p.frames.full.f1, "actors": p.actors.agreement}
                  for p in report.pairs],
        "per_label": {label: {"exact_f1": s.exact.f1, "overlap_f1": s.overlap.f1,
                              "alpha": s.alpha} for label, s in report.per_label.items()},
        "confusion": ({"a": report.pairs[0].a, "b": report.pairs[0].b,
                       **report.pairs[0].confusion.to_json()} if report.pairs else None),
    }


def team_stats(project: Project, *, agreement: AgreementReport | None = None,
               progress: ProgressFn | None = None,
               cancel: Callable[[], None] | None = None) -> dict[str, Any]:
    """Per-annotator label and status counts, documents done over time and an agreement
    summary over finished layers (computed unless ``agreement`` is given)."""
    if agreement is None:
        agreement = agreement_report(project, per_document=False, progress=progress,
                                     cancel=cancel)
    names = [a for a in project.annotations.annotators()]
    labels = project.label_counts()
    statuses = project.status_by_annotator()
    done = done_over_time(project.done_events())
    return {
        "annotators": {name: {"labels": labels.get(name, {}),
                              "status": statuses.get(name, {}),
                              "gold": name == GOLD} for name in names
                       if name in labels or name in statuses},
        "done_over_time": {name: [{"day": p.day, "done": p.done, "cumulative": p.cumulative}
                                  for p in points] for name, points in done.items()},
        "agreement": agreement_summary(agreement),
    }
